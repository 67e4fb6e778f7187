// What the venue-admin, authority and citizen consoles share: the API base (from <meta name="greenlight-api">,
// relative to the page), a bearer token kept under the console's own key in localStorage or sessionStorage,
// a JSON caller that sends it, and the small DOM helper h().
import { api } from './api';

export const apiBase = (): string =>
  new URL(document.querySelector<HTMLMetaElement>('meta[name="greenlight-api"]')?.content || '../', location.href).toString();

export interface StoredToken {
  token: string;
  expiresAt: number;
}

export interface TokenStore<S extends StoredToken> {
  /** The stored session, or null when there is none, it is unreadable or it has expired. */
  load(): S | null;
  save(s: S): void;
  clear(): void;
  /** Calls the API with the stored token. */
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** A session kept as JSON under `key` in localStorage ('local') or sessionStorage ('session'). */
export function tokenStore<S extends StoredToken>(kind: 'local' | 'session', key: string): TokenStore<S> {
  // Looked up on each use, as the storage getter itself may throw (storage blocked).
  const storage = (): Storage => (kind === 'local' ? localStorage : sessionStorage);
  const load = (): S | null => {
    try {
      const s = JSON.parse(storage().getItem(key) ?? 'null') as S | null;
      if (!s || typeof s.token !== 'string' || (s.expiresAt && s.expiresAt < Date.now() / 1000)) return null;
      return s;
    } catch {
      return null;
    }
  };
  return {
    load,
    save: (s) => storage().setItem(key, JSON.stringify(s)),
    clear: () => storage().removeItem(key),
    call: <T>(method: string, path: string, body?: unknown): Promise<T> =>
      api<T>({ base: apiBase(), token: load()?.token ?? null }, method, path, body),
  };
}

export type Attr = string | boolean | number | null | undefined;
/** Small DOM helper: h('p', { class: 'x', 'data-testid': 'y' }, 'text', child); false/null/undefined are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}
