// The authority console's session and plumbing: the API base (from <meta name="greenlight-api">, relative
// to the page), the bearer token kept in sessionStorage (a staff session ends with the browser tab), the
// routes between views, and small DOM helpers shared by the views.
import { ApiError } from '../shared/api';
import { busy as sharedBusy } from '../shared/busy';
import { h, type Attr } from '../shared/dom';
import { apiBase, tokenStore, type StoredToken } from '../shared/session';

export { apiBase, h };

const KEY = 'greenlight-authority-session';

export interface Account {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
}

export interface StoredSession extends StoredToken {
  account: Account;
}

export const {
  load: loadSession,
  save: saveSession,
  clear: clearSession,
  call,
} = tokenStore<StoredSession>('session', KEY);

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Each route carries the data its view last loaded, so switching the language redraws without asking the
// server again (every read of a person or a case is an audited act).
export type Route =
  | { name: 'signin' }
  | { name: 'lookup'; state?: unknown }
  | { name: 'person'; personId: string; reason: string; identifier: string; state?: unknown }
  | { name: 'cases'; state?: unknown }
  | { name: 'case'; caseId: string; state?: unknown }
  | { name: 'audit'; state?: unknown }
  | { name: 'maintenance'; state?: unknown }
  | { name: 'rules'; state?: unknown }
  | { name: 'regions'; state?: unknown }
  | { name: 'keys'; state?: unknown };

/** What every view gets: where to draw, how to report, how to move on. */
export interface App {
  root: HTMLElement;
  session: StoredSession | null;
  error(e: unknown, field?: HTMLElement | null): void;
  info(text: string): void;
  clearMessages(): void;
  go(route: Route): void;
  /** The route being shown (views keep their loaded data in route.state). */
  route: Route;
}

/** A view draws itself into app.root for its route. */
export type View<R extends Route = Route> = (app: App, route: R) => void;

let uid = 0;
/** A labelled control: <label for=id>text</label> + the control (ids are unique per page). */
export function field<T extends HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
  label: string,
  control: T,
  hint?: string,
): HTMLElement {
  if (!control.id) control.id = `f${++uid}`;
  const wrap = h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  if (hint) {
    const hintEl = h('p', { class: 'hint', id: `${control.id}-hint` }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
    wrap.append(hintEl);
  }
  return wrap;
}

/** A <select> with [value, text] options. */
export function select(attrs: Record<string, Attr>, options: [string, string][], value?: string): HTMLSelectElement {
  const el = h('select', attrs, ...options.map(([v, text]) => h('option', { value: v }, text)));
  if (value !== undefined) el.value = value;
  return el;
}

/** The reason input every audited call needs (checked by the server: 1–200 characters, audit.reason). */
export function reasonInput(testid: string, value = ''): HTMLInputElement {
  const el = h('input', {
    type: 'text',
    'data-testid': testid,
    maxlength: 200,
    autocomplete: 'off',
    'aria-required': 'true',
    class: 'reason',
  });
  el.value = value;
  return el;
}

/** busy() for the authority's actions: an audit.reason refusal marks the `reason` input. */
export function busy(
  app: App,
  button: HTMLButtonElement,
  fn: () => Promise<void>,
  reason?: HTMLInputElement | null,
): Promise<void | undefined> {
  return sharedBusy(
    {
      clearError: () => {
        app.clearMessages();
        reason?.removeAttribute('aria-invalid');
      },
      error: (e) => app.error(e, e instanceof ApiError && e.code === 'audit.reason' ? reason : null),
    },
    button,
    fn,
  );
}
