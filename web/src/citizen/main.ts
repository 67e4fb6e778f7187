// The citizen page (web/citizen/): sign in, real-name details, health declaration, then the console: "my
// code", self check-in with the camera, my check-ins, my itinerary (行程卡), family proxy codes and the venue risk check. One
// module per view (views/*.ts); this file only routes between them from what GET /api/v1/me says is missing
// (the console's views are tabs, kept in the URL's fragment: #scan, #checkins, #itinerary, #proxies, #risk; a place code
// link /citizen/#GL1:… or …#https://…#GL1:… opens the check-in with that code).
import { signOut, type Me } from '../shared/api';
import { createConsoleApp } from '../shared/console-app';
import { applyStrings, describeError, getLocale, setLocale } from './i18n';
import { apiBase, clearSession, CONSOLE_VIEWS, loadSession, type App, type View, type ViewName } from './session';
import { checkinsView } from './views/checkins';
import { codeView } from './views/code';
import { declarationView } from './views/declaration';
import { identityView } from './views/identity';
import { itineraryView } from './views/itinerary';
import { proxiesView } from './views/proxies';
import { riskView } from './views/risk';
import { hasPendingPlaceCode, placeCodeText, scanView, setPendingPlaceCode } from './views/scan';
import { signInView } from './views/signin';

const views: Record<ViewName, View> = {
  signin: signInView,
  identity: identityView,
  declaration: declarationView,
  code: codeView,
  scan: scanView,
  checkins: checkinsView,
  itinerary: itineraryView,
  proxies: proxiesView,
  risk: riskView,
};
const $ = (id: string) => document.getElementById(id) as HTMLElement;
let stop: (() => void) | void;
let shown: ViewName | null = null;

/** The view an account needs next. */
function next(me: Me | null): ViewName {
  if (!me) return 'signin';
  if (!me.person) return 'identity';
  if (me.person.declaredAt == null) return 'declaration';
  return 'code';
}

const app: App = createConsoleApp<ViewName>({
  root: $('view'),
  errorLine: $('error'),
  session: { load: loadSession, clear: clearSession },
  describeError,
  route(me, view) {
    const needed = next(me);
    // A view asked for explicitly is shown only once its prerequisites are met (declaring again is fine).
    const target: ViewName =
      view && (needed === 'code' || (view === 'declaration' && needed === 'declaration')) ? view : needed;
    // A place code link opened before signing in: the check-in once the account is ready.
    return !view && target === 'code' && hasPendingPlaceCode() ? 'scan' : target;
  },
  show: (view) => show(view),
});

function show(view: ViewName): void {
  if (typeof stop === 'function') stop();
  shown = view;
  document.body.dataset.view = view;
  applyStrings();
  stop = views[view](app);
  const inConsole = app.me?.person?.declaredAt != null;
  const tabs = $('tabs');
  tabs.hidden = !inConsole;
  document.body.classList.toggle('has-tabs', inConsole);
  for (const b of tabs.querySelectorAll<HTMLButtonElement>('button[data-view]')) {
    if (b.dataset.view === view) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  // The tab in the URL's fragment, so a reload stays on it.
  const hash = CONSOLE_VIEWS.includes(view) && view !== 'code' ? `#${view}` : '';
  if (location.hash !== hash) history.replaceState(null, '', location.pathname + location.search + hash);
  $('nav-code').hidden = true; // the tab bar has "my code"; the button stays for older links and tests
  $('nav-declare').hidden = !app.me?.person || view === 'declaration';
  $('btn-signout').hidden = !app.me;
  $('btn-lang').setAttribute('lang', getLocale() === 'zh-CN' ? 'en' : 'zh-CN');
}

$('btn-lang').onclick = () => {
  setLocale(getLocale() === 'zh-CN' ? 'en' : 'zh-CN');
  app.clearError();
  show(shown ?? next(app.me));
};
$('nav-code').onclick = () => void app.go('code');
for (const b of $('tabs').querySelectorAll<HTMLButtonElement>('button[data-view]')) {
  b.onclick = () => {
    app.clearError();
    void app.go(b.dataset.view as ViewName);
  };
}
$('nav-declare').onclick = () => void app.go('declaration');
$('btn-signout').onclick = async () => {
  const token = loadSession()?.token;
  if (token) await signOut({ base: apiBase(), token }).catch(() => {});
  clearSession();
  app.me = null;
  app.clearError();
  show('signin');
};

/**
 * The view the URL's fragment asks for: a tab, or a place code to check in with. A place code URL
 * (#https://host/#GL1:…) is kept as it is (the engine undoes its percent escapes); a bare #GL1:… fragment is
 * unescaped to the code's own text.
 */
function fromHash(): ViewName | undefined {
  const raw = location.hash.slice(1);
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    /* keep it as it is */
  }
  const code = /^https?:/i.test(raw) ? placeCodeText(raw) : placeCodeText(decoded);
  if (code) {
    setPendingPlaceCode(code);
    return 'scan';
  }
  return (CONSOLE_VIEWS as readonly string[]).includes(decoded) ? (decoded as ViewName) : undefined;
}
window.addEventListener('hashchange', () => {
  const view = fromHash();
  if (view && view !== shown) void app.go(view);
});

applyStrings();
void app.go(fromHash()).then(() => (document.body.dataset.ready = '1'));
