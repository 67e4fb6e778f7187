// What the venue-admin, authority and citizen consoles share: the API base (from <meta name="greenlight-api">,
// relative to the page), a bearer token kept under the console's own key in localStorage or sessionStorage,
// and a JSON caller that sends it.
import { api } from './api';

export const apiBase = (): string =>
  new URL(
    document.querySelector<HTMLMetaElement>('meta[name="greenlight-api"]')?.content || '../',
    location.href,
  ).toString();

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
