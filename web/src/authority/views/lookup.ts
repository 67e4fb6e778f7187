// Audited look-up (POST /api/v1/authority/lookup): a mobile number or an ID number and a stated reason →
// the people found (masked); "open" reads a record with the same reason.
import { ApiError } from '../../shared/api';
import { isValidIdNumber, isValidPhone } from '../../shared/gb11643';
import { t, word } from '../i18n';
import { busy, call, field, h, reasonInput, type Route, type View } from '../session';
import { badge, empty, table } from '../ui';

export interface FoundPerson {
  id: string;
  name: string;
  idNumber: string;
  status: string;
  statusQ: number | null;
  kind: string;
}
interface LookupState {
  identifier: string;
  reason: string;
  people: FoundPerson[];
  manualCheckins: number;
}

/** {phone} or {idNumber} from what was typed (spaces ignored, x upper-cased), or null. */
export function identifierBody(input: string): { phone: string } | { idNumber: string } | null {
  const v = input.replace(/\s+/g, '').toUpperCase();
  if (isValidPhone(v)) return { phone: v };
  if (/^\d{17}[\dX]$/.test(v) && isValidIdNumber(v)) return { idNumber: v };
  return null;
}

export const lookupView: View<Extract<Route, { name: 'lookup' }>> = (app, route) => {
  const s = t();
  const state = route.state as LookupState | undefined;
  const ident = h('input', {
    type: 'text',
    'data-testid': 'lookup-identifier',
    autocomplete: 'off',
    maxlength: 24,
    spellcheck: 'false',
  });
  const reason = reasonInput('lookup-reason', state?.reason ?? '');
  ident.value = state?.identifier ?? '';
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'lookup-submit' }, s.search);
  const results = h('div', { 'data-testid': 'lookup-results', 'aria-live': 'polite' });

  const draw = (st: LookupState) => {
    const rows = st.people.map((p) => {
      const open = h(
        'button',
        {
          type: 'button',
          'data-testid': 'open-person',
          'data-person-id': p.id,
          'aria-label': `${s.open} ${p.name} ${p.idNumber}`,
        },
        s.open,
      );
      open.onclick = () => app.go({ name: 'person', personId: p.id, reason: st.reason, identifier: st.identifier });
      return [p.name, p.idNumber, badge(p.status), p.statusQ, word(s.kinds, p.kind), open];
    });
    results.replaceChildren(
      h('h3', {}, s.results),
      st.people.length
        ? table(
            'people',
            s.results,
            [s.name, s.idNumber, s.status, s.statusQ, s.kind, s.actions],
            rows,
            st.people.map((p) => ({ 'data-person-id': p.id })),
          )
        : empty(s.noPeople, 'no-people'),
      st.manualCheckins
        ? h('p', { class: 'note', 'data-testid': 'manual-checkins' }, s.manualCheckins(st.manualCheckins))
        : '',
    );
  };

  const form = h(
    'form',
    { class: 'grid-form', 'data-testid': 'lookup-form' },
    field(s.identifier, ident),
    field(s.reason, reason, s.reasonHint),
    h('div', { class: 'actions' }, submit),
  );
  form.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(
      app,
      submit,
      async () => {
        const body = identifierBody(ident.value);
        if (!body) {
          ident.setAttribute('aria-invalid', 'true');
          ident.focus();
          throw new ApiError(
            /^\d{11}$/.test(ident.value.trim()) || ident.value.trim().length <= 11
              ? 'person.phone'
              : 'person.id_number',
            s.identifierInvalid,
            400,
          );
        }
        ident.removeAttribute('aria-invalid');
        const r = await call<{ people: FoundPerson[]; manualCheckins: number }>('POST', 'api/v1/authority/lookup', {
          ...body,
          reason: reason.value,
        });
        const st: LookupState = {
          identifier: ident.value.replace(/\s+/g, '').toUpperCase(),
          reason: reason.value,
          people: r.people,
          manualCheckins: r.manualCheckins ?? 0,
        };
        route.state = st;
        draw(st);
      },
      reason,
    );
  };

  app.root.replaceChildren(h('h2', {}, s.lookupTitle), h('p', { class: 'hint' }, s.lookupHint), form, results);
  if (state) draw(state);
  ident.focus();
};
