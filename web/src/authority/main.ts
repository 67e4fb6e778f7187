// The health-authority console (web/authority/, served at /authority/): password sign-in, audited
// look-ups and records, status changes, cases with contact tracing, entry rules, risk areas, issuer keys, the audit
// log and maintenance
// (docs/api.md "Authority" and "Tracing"). One module per view (views/*.ts); this file routes.
import { ApiError, api } from '../shared/api';
import { applyStrings, describeError, getLocale, setLocale, t } from './i18n';
import { apiBase, clearSession, loadSession, type App, type Route, type View } from './session';
import { auditView } from './views/audit';
import { caseView } from './views/case';
import { casesView } from './views/cases';
import { lookupView } from './views/lookup';
import { keysView } from './views/keys';
import { maintenanceView } from './views/maintenance';
import { personView } from './views/person';
import { regionsView } from './views/regions';
import { rulesView } from './views/rules';
import { signInView } from './views/signin';

const views: Record<Route['name'], View<never>> = {
  signin: signInView,
  lookup: lookupView,
  person: personView,
  cases: casesView,
  case: caseView,
  audit: auditView,
  maintenance: maintenanceView,
  rules: rulesView,
  regions: regionsView,
  keys: keysView,
};
// Which top-level section a view belongs to (for aria-current in the menu).
const sectionOf: Record<Route['name'], string> = {
  signin: '',
  lookup: 'lookup',
  person: 'lookup',
  cases: 'cases',
  case: 'cases',
  audit: 'audit',
  maintenance: 'maintenance',
  rules: 'rules',
  regions: 'regions',
  keys: 'keys',
};

const $ = (id: string) => document.getElementById(id) as HTMLElement;
let lastLookup: unknown;

const app: App = {
  root: $('view'),
  session: loadSession(),
  route: { name: 'signin' },
  error(e, field) {
    const el = $('error');
    el.textContent = describeError(e);
    el.dataset.code = e instanceof ApiError ? e.code : 'unknown';
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
    if (e instanceof ApiError && e.code === 'auth.required') {
      clearSession();
      app.session = null;
      show({ name: 'signin' }, false);
    }
  },
  info(text) {
    $('info').textContent = text;
  },
  clearMessages() {
    $('error').textContent = '';
    delete $('error').dataset.code;
    $('info').textContent = '';
  },
  go(route) {
    app.clearMessages();
    show(route, true);
  },
};

function show(route: Route, focus: boolean): void {
  if (!app.session && route.name !== 'signin') route = { name: 'signin' };
  if (app.route.name === 'lookup') lastLookup = app.route.state;
  if (route.name === 'lookup' && route.state === undefined) route.state = lastLookup;
  app.route = route;
  document.body.dataset.view = route.name;
  applyStrings();
  (views[route.name] as View)(app, route);
  const signedIn = !!app.session;
  $('nav').hidden = !signedIn;
  $('btn-signout').hidden = !signedIn;
  $('btn-signout-all').hidden = !signedIn;
  $('who').textContent = signedIn
    ? t().signedInAs(app.session!.account.displayName || app.session!.account.username)
    : '';
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-nav]')) {
    if (b.dataset.nav === sectionOf[route.name]) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  $('btn-lang').setAttribute('lang', getLocale() === 'zh-CN' ? 'en' : 'zh-CN');
  // Moving to another view puts the focus on its heading region (views that focus a field do so themselves).
  if (focus && !app.root.contains(document.activeElement)) app.root.focus({ preventScroll: false });
}

$('btn-lang').onclick = () => {
  setLocale(getLocale() === 'zh-CN' ? 'en' : 'zh-CN');
  app.clearMessages();
  show(app.route, false);
  $('btn-lang').focus();
};
for (const b of document.querySelectorAll<HTMLButtonElement>('[data-nav]'))
  b.onclick = () =>
    app.go({ name: b.dataset.nav as 'lookup' | 'cases' | 'audit' | 'maintenance' | 'rules' | 'regions' | 'keys' });
// "Everywhere" ends every session of this account (a lost laptop, a shared computer).
const signOutHere = (everywhere: boolean) => async () => {
  const token = app.session?.token;
  if (token)
    await api(
      { base: apiBase(), token },
      'DELETE',
      everywhere ? 'api/v1/auth/sessions' : 'api/v1/auth/sessions/current',
    ).catch(() => {});
  clearSession();
  app.session = null;
  lastLookup = undefined;
  app.go({ name: 'signin' });
  app.info(t().signedOut);
};
$('btn-signout').onclick = signOutHere(false);
$('btn-signout-all').onclick = signOutHere(true);

applyStrings();
show(app.session ? { name: 'lookup' } : { name: 'signin' }, false);
document.body.dataset.ready = '1';
