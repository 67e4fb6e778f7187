// The list of cases (GET /api/v1/authority/cases: not audited, no personal data beyond masked names).
// Cases are created from a person's record (the API needs the person's id).
import { dateTime, t, word } from '../i18n';
import { call, h, type Route, type View } from '../session';
import { empty, table } from '../ui';

export interface CaseJson {
  id: string;
  person: { id: string; name?: string; idNumber?: string; status?: string };
  windowStart: number;
  windowEnd: number;
  state: string;
  note: string | null;
  createdBy: string | { id: string; name: string } | null;
  createdAt: number;
  confirmedAt: number | null;
  contacts?: { close: number; secondary: number };
}

/** Who made a case: a name when the API gives one, the signed-in account's name for its own id, else the id. */
export function actorName(a: CaseJson['createdBy'], self?: { id: string; displayName: string }): string {
  if (a === null || a === undefined) return t().none;
  if (typeof a !== 'string') return a.name || a.id;
  return self && self.id === a ? self.displayName : a;
}

export const casesView: View<Extract<Route, { name: 'cases' }>> = (app) => {
  const s = t();
  const list = h('div', { 'data-testid': 'cases-list', 'aria-live': 'polite' });
  const reload = h('button', { type: 'button', 'data-testid': 'cases-reload' }, s.reload);
  const toLookup = h('button', { type: 'button', 'data-testid': 'cases-to-lookup' }, s.toLookup);
  toLookup.onclick = () => app.go({ name: 'lookup' });
  const load = async () => {
    const r = await call<{ cases: CaseJson[] }>('GET', 'api/v1/authority/cases');
    list.replaceChildren(
      r.cases.length
        ? table(
            'cases-table',
            s.casesTitle,
            [s.caseId, s.person, s.window, s.state, s.contacts, s.createdAt, s.actions],
            r.cases.map((c) => {
              const open = h(
                'button',
                { type: 'button', 'data-testid': 'open-case', 'data-case-id': c.id, 'aria-label': `${s.open} ${c.id}` },
                s.open,
              );
              open.onclick = () => app.go({ name: 'case', caseId: c.id, state: { summary: c } });
              return [
                h('span', { class: 'mono' }, c.id),
                `${c.person.name ?? ''} ${c.person.idNumber ?? ''}`.trim() || c.person.id,
                `${dateTime(c.windowStart)} – ${dateTime(c.windowEnd)}`,
                word(s.states, c.state),
                c.contacts ? `${s.closeShort} ${c.contacts.close} · ${s.secondaryShort} ${c.contacts.secondary}` : null,
                dateTime(c.createdAt),
                open,
              ];
            }),
            r.cases.map((c) => ({ 'data-case-id': c.id, 'data-state': c.state })),
          )
        : empty(s.noCasesYet, 'no-cases'),
    );
  };
  reload.onclick = () => {
    app.clearMessages();
    void load().catch((e) => app.error(e));
  };
  app.root.replaceChildren(
    h('div', { class: 'title-row' }, h('h2', {}, s.casesTitle), reload),
    h('p', { class: 'hint' }, s.casesHint, ' ', toLookup),
    list,
  );
  void load().catch((e) => app.error(e));
};
