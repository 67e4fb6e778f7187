// The venue-admin console (web/admin/, served at /admin/): sign in by SMS code, register the place if the
// account administers none, then the place (poster, declaration code, inspectors, checkpoints, transfer)
// and its statistics. One module per view (views/*.ts); this file routes between them from GET /api/v1/me.
import { signOut, type Me } from '../shared/api';
import { createConsoleApp } from '../shared/console-app';
import { applyStrings, describeError, getLocale, setLocale } from './i18n';
import { apiBase, call, clearSession, loadSession, placePath, type App, type View, type ViewName } from './session';
import { createView } from './views/create';
import { placeView } from './views/place';
import { signInView } from './views/signin';
import { statsView } from './views/stats';

const views: Record<ViewName, View> = { signin: signInView, create: createView, place: placeView, stats: statsView };
const $ = (id: string) => document.getElementById(id) as HTMLElement;
let stop: (() => void) | void;
let shown: ViewName | null = null;
let keepNotice = false; // a success message survives the next view change (e.g. "registered" -> the place)

/** The view an account needs next. */
const next = (me: Me | null): ViewName => (!me ? 'signin' : !me.adminOf ? 'create' : 'place');

const app: App = Object.assign(
  createConsoleApp<ViewName>({
    root: $('view'),
    errorLine: $('error'),
    session: { load: loadSession, clear: clearSession },
    describeError,
    route(me, view) {
      const needed = next(me);
      return view && needed === 'place' && (view === 'place' || view === 'stats') ? view : needed;
    },
    show: (view) => show(view),
    // Back to sign-in, the message kept.
    sessionEnded: () => void (shown && shown !== 'signin' && show('signin')),
  }),
  {
    notice(text: string) {
      $('notice').textContent = text;
      keepNotice = true;
    },
  },
);

let placeName: { id: string; name: string } | null = null;
async function showPlaceTitle(): Promise<void> {
  const id = app.me?.adminOf;
  const el = $('place-title');
  if (!id) return void (el.textContent = '');
  if (placeName?.id !== id) {
    try {
      placeName = { id, name: (await call<{ name: string }>('GET', placePath(id))).name };
    } catch {
      placeName = null; // the view reports errors
    }
  }
  el.textContent = placeName ? `· ${placeName.name}` : '';
}

function show(view: ViewName): void {
  if (typeof stop === 'function') stop();
  shown = view;
  document.body.dataset.view = view;
  if (!keepNotice) $('notice').textContent = '';
  keepNotice = false;
  history.replaceState(null, '', view === 'stats' ? '#stats' : location.pathname + location.search);
  applyStrings();
  stop = views[view](app);
  const admin = !!app.me?.adminOf;
  $('nav-place').hidden = !admin;
  $('nav-stats').hidden = !admin;
  $('nav-place').setAttribute('aria-current', String(view === 'place'));
  $('nav-stats').setAttribute('aria-current', String(view === 'stats'));
  $('btn-signout').hidden = !app.me;
  $('btn-signout-all').hidden = !app.me;
  $('btn-lang').setAttribute('lang', getLocale() === 'zh-CN' ? 'en' : 'zh-CN');
  void showPlaceTitle();
}

$('btn-lang').onclick = () => {
  setLocale(getLocale() === 'zh-CN' ? 'en' : 'zh-CN');
  app.clearError();
  keepNotice = false; // the message was in the other language
  show(shown ?? next(app.me));
  $('btn-lang').focus();
};
// Moving on by hand drops an earlier success message.
$('nav-place').onclick = () => void ((keepNotice = false), app.go('place'));
$('nav-stats').onclick = () => void ((keepNotice = false), app.go('stats'));
const signOutHere = (everywhere: boolean) => async () => {
  const token = loadSession()?.token;
  if (token && everywhere) await call('DELETE', 'api/v1/auth/sessions').catch(() => {});
  else if (token) await signOut({ base: apiBase(), token }).catch(() => {});
  clearSession();
  app.me = null;
  placeName = null;
  app.clearError();
  show('signin');
};
$('btn-signout').onclick = signOutHere(false);
// Every session of this account (a lost phone, a shared computer).
$('btn-signout-all').onclick = signOutHere(true);

applyStrings();
void app.go(location.hash === '#stats' ? 'stats' : undefined).then(() => (document.body.dataset.ready = '1'));
