// The citizen page (web/citizen/): sign in, real-name details, health declaration, "my code". One module
// per view (views/*.ts); this file only routes between them from what GET /api/v1/me says is missing.
import { ApiError, getMe, signOut, type Me } from '../api';
import { applyStrings, describeError, getLocale, setLocale } from './i18n';
import { apiBase, clearSession, loadSession, type App, type View, type ViewName } from './session';
import { codeView } from './views/code';
import { declarationView } from './views/declaration';
import { identityView } from './views/identity';
import { signInView } from './views/signin';

const views: Record<ViewName, View> = { signin: signInView, identity: identityView, declaration: declarationView, code: codeView };
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

const app: App = {
  root: $('view'),
  me: null,
  error(e) {
    const el = $('error');
    el.textContent = describeError(e);
    el.dataset.code = e instanceof ApiError ? e.code : 'unknown';
    if (e instanceof ApiError && e.code === 'auth.required') {
      clearSession();
      app.me = null;
    }
  },
  clearError() {
    $('error').textContent = '';
    delete $('error').dataset.code;
  },
  async go(view) {
    if (loadSession()) {
      try {
        app.me = await getMe({ base: apiBase(), token: loadSession()!.token });
      } catch (e) {
        app.error(e);
        if (e instanceof ApiError && e.status === 401) app.me = null;
      }
    }
    if (!loadSession()) app.me = null;
    const needed = next(app.me);
    // A view asked for explicitly is shown only once its prerequisites are met (declaring again is fine).
    const target: ViewName = view && (needed === 'code' || (view === 'declaration' && needed === 'declaration')) ? view : needed;
    show(target);
  },
};

function show(view: ViewName): void {
  if (typeof stop === 'function') stop();
  shown = view;
  document.body.dataset.view = view;
  applyStrings();
  stop = views[view](app);
  $('nav-code').hidden = !(app.me?.person?.declaredAt != null) || view === 'code';
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
$('nav-declare').onclick = () => void app.go('declaration');
$('btn-signout').onclick = async () => {
  const token = loadSession()?.token;
  if (token) await signOut({ base: apiBase(), token }).catch(() => {});
  clearSession();
  app.me = null;
  app.clearError();
  show('signin');
};

applyStrings();
void app.go().then(() => (document.body.dataset.ready = '1'));
