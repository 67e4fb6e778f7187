// Maintenance now (POST /api/v1/authority/maintenance): the retention purge and the return to green the
// server otherwise runs on its interval; shows what it purged and who went back to green.
import { dateTime, t } from '../i18n';
import { busy, call, field, h, reasonInput, type Route, type View } from '../session';

interface MaintenanceResult {
  purged: { checkins: number; riskNotices: number; before: number };
  green: string[];
  at: number;
}

export const maintenanceView: View<Extract<Route, { name: 'maintenance' }>> = (app, route) => {
  const s = t();
  const reason = reasonInput('maintenance-reason');
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'maintenance-submit' },
    s.runMaintenance,
  );
  const result = h('div', { 'data-testid': 'maintenance-result', 'aria-live': 'polite' });
  const draw = (r: MaintenanceResult) =>
    result.replaceChildren(
      h(
        'dl',
        { class: 'facts narrow' },
        h('dt', {}, s.ranAt),
        h('dd', {}, dateTime(r.at)),
        h('dt', {}, s.purgedCheckins),
        h('dd', { 'data-testid': 'purged-checkins' }, String(r.purged.checkins)),
        h('dt', {}, s.purgedNotices),
        h('dd', { 'data-testid': 'purged-notices' }, String(r.purged.riskNotices)),
        h('dt', {}, s.purgedBefore),
        h('dd', {}, dateTime(r.purged.before)),
        h('dt', {}, s.greened),
        h(
          'dd',
          { 'data-testid': 'greened' },
          String(r.green.length),
          r.green.length ? h('span', { class: 'mono' }, ` (${r.green.join(', ')})`) : '',
        ),
      ),
    );
  const form = h(
    'form',
    { class: 'panel narrow', 'data-testid': 'maintenance-form' },
    h('p', { class: 'hint' }, s.maintenanceHint),
    field(s.reason, reason, s.reasonHint),
    h('div', { class: 'actions' }, submit),
  );
  form.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(
      app,
      submit,
      async () => {
        const r = await call<MaintenanceResult>('POST', 'api/v1/authority/maintenance', { reason: reason.value });
        route.state = r;
        draw(r);
      },
      reason,
    );
  };
  app.root.replaceChildren(h('h2', {}, s.maintenanceTitle), form, result);
  if (route.state) draw(route.state as MaintenanceResult);
};
