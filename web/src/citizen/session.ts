// The citizen's session: the API base (from <meta name="greenlight-api">, relative to the page) and the
// bearer token, kept in localStorage. Each view gets an App to call the API and to move between views.
import { api, type Me } from '../api';

const KEY = 'greenlight-citizen-session';

export interface StoredSession {
  token: string;
  expiresAt: number;
}

export const apiBase = (): string =>
  new URL(document.querySelector<HTMLMetaElement>('meta[name="greenlight-api"]')?.content || '../', location.href).toString();

export function loadSession(): StoredSession | null {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? 'null') as StoredSession | null;
    if (!s || typeof s.token !== 'string' || (s.expiresAt && s.expiresAt < Date.now() / 1000)) return null;
    return s;
  } catch {
    return null;
  }
}
export const saveSession = (s: StoredSession): void => localStorage.setItem(KEY, JSON.stringify(s));
export const clearSession = (): void => localStorage.removeItem(KEY);

/** Calls the API with the stored token. */
export const call = <T>(method: string, path: string, body?: unknown): Promise<T> =>
  api<T>({ base: apiBase(), token: loadSession()?.token ?? null }, method, path, body);

export type ViewName = 'signin' | 'identity' | 'declaration' | 'code';

/** What every view gets: where to draw, how to report errors, how to move on. */
export interface App {
  root: HTMLElement;
  me: Me | null;
  error(e: unknown): void;
  clearError(): void;
  /** Re-reads /me and shows the view the account needs next (or `view`). */
  go(view?: ViewName): Promise<void>;
}

/** A view draws itself into app.root and returns a function that stops its timers. */
export type View = (app: App) => (() => void) | void;

/** Small DOM helper: h('p', { class: 'x', 'data-testid': 'y' }, 'text', child). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...children);
  return el;
}

/** Disables the button while `fn` runs; errors go to app.error. */
export async function busy(app: App, button: HTMLButtonElement, fn: () => Promise<void>): Promise<void> {
  button.disabled = true;
  app.clearError();
  try {
    await fn();
  } catch (e) {
    app.error(e);
  } finally {
    button.disabled = false;
  }
}
