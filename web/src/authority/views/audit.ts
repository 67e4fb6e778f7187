// The audit log (GET /api/v1/authority/audit): newest first, filtered by action and target id, "older"
// pages with before = the last entry's time.
import { dateTime, t, word } from '../i18n';
import { busy, call, field, h, query, select, type Route, type View } from '../session';
import { empty, table } from '../ui';

interface Entry {
  id: string | number;
  at: number;
  actor: { id: string; name: string } | null;
  action: string;
  target: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
}
interface AuditState {
  action: string;
  target: string;
  limit: number;
  entries: Entry[];
  more: boolean;
}

const ACTIONS = [
  'person.lookup',
  'person.view',
  'status.set',
  'status.auto_green',
  'case.create',
  'case.view',
  'case.preview',
  'case.confirm',
  'case.list',
  'maintenance.run',
  'retention.purge',
  'rules.publish',
  'regions.publish',
  'keys.rotate',
  'authority.sign_in',
  'authority.sign_in_failed',
  'authority.sign_out_everywhere',
  'authority.add',
  'authority.disable',
  'place.transfer_offer',
  'place.transfer_accept',
];
const SIZES = [20, 50, 100, 500];

export const auditView: View<Extract<Route, { name: 'audit' }>> = (app, route) => {
  const s = t();
  const st = route.state as AuditState | undefined;
  const action = select(
    { 'data-testid': 'audit-action' },
    [['', s.anyAction], ...ACTIONS.map((a): [string, string] => [a, `${word(s.actionNames, a)} (${a})`])],
    st?.action ?? '',
  );
  const target = h('input', {
    type: 'text',
    'data-testid': 'audit-target',
    autocomplete: 'off',
    maxlength: 64,
    spellcheck: 'false',
  });
  target.value = st?.target ?? '';
  const size = select(
    { 'data-testid': 'audit-limit' },
    SIZES.map((n): [string, string] => [String(n), String(n)]),
    String(st?.limit ?? 100),
  );
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'audit-filter' }, s.filter);
  const older = h('button', { type: 'button', 'data-testid': 'audit-older' }, s.older);
  const list = h('div', { 'data-testid': 'audit-list', 'aria-live': 'polite' });

  const fetchPage = (f: { action: string; target: string; limit: number }, before?: number) =>
    call<{ entries: Entry[] }>(
      'GET',
      `api/v1/authority/audit${query({ action: f.action, target: f.target, before, limit: f.limit })}`,
    );

  const draw = (state: AuditState) => {
    list.replaceChildren(
      state.entries.length
        ? table(
            'audit-table',
            s.auditTitle,
            [s.at, s.actor, s.action, s.target, s.reasonShort, s.detail],
            state.entries.map((e) => [
              dateTime(e.at),
              e.actor?.name ?? s.server,
              h('span', { title: e.action }, word(s.actionNames, e.action), h('br'), h('code', {}, e.action)),
              e.target ? h('span', { class: 'mono' }, e.target) : null,
              e.reason,
              e.detail && Object.keys(e.detail).length
                ? h('code', { class: 'detail' }, JSON.stringify(e.detail))
                : null,
            ]),
            state.entries.map((e) => ({
              'data-id': String(e.id),
              'data-action': e.action,
              'data-target': e.target ?? '',
            })),
          )
        : empty(s.noEntries, 'audit-empty'),
    );
    older.hidden = !state.more;
  };

  const form = h(
    'form',
    { class: 'grid-form inline', 'data-testid': 'audit-form' },
    field(s.action, action),
    field(s.target, target),
    field(s.pageSize, size),
    h('div', { class: 'actions' }, submit),
  );
  form.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(app, submit, async () => {
      const f = { action: action.value, target: target.value.trim(), limit: Number(size.value) };
      const r = await fetchPage(f);
      const state: AuditState = { ...f, entries: r.entries, more: r.entries.length === f.limit };
      route.state = state;
      draw(state);
    });
  };
  older.onclick = () =>
    void busy(app, older, async () => {
      const state = route.state as AuditState;
      const last = state.entries[state.entries.length - 1];
      if (!last) return;
      // `before` is exclusive and has one-second resolution: entries of the last entry's second that did not
      // fit on this page would be skipped by before = last.at, so ask from the end of that second and drop
      // the entries already shown.
      const seen = new Set(state.entries.map((e) => String(e.id)));
      let r = await fetchPage(state, last.at + 1);
      let fresh = r.entries.filter((e) => !seen.has(String(e.id)));
      // More entries in that one second than a page holds: the API cannot page inside a second; go on
      // from the second before.
      if (!fresh.length && r.entries.length === state.limit) {
        r = await fetchPage(state, last.at);
        fresh = r.entries.filter((e) => !seen.has(String(e.id)));
        app.info(s.auditSkipped(new Date(last.at * 1000).toLocaleTimeString(), state.limit));
      }
      state.entries.push(...fresh);
      state.more = r.entries.length === state.limit && fresh.length > 0;
      draw(state);
      const rows = list.querySelectorAll<HTMLElement>('tbody tr');
      rows[state.entries.length - fresh.length]?.scrollIntoView({ block: 'nearest' });
    });
  older.hidden = true;
  app.root.replaceChildren(
    h('h2', {}, s.auditTitle),
    h('p', { class: 'hint' }, s.auditHint),
    form,
    list,
    h('div', { class: 'actions' }, older),
  );
  if (st) draw(st);
  else form.requestSubmit();
};
