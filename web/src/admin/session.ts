// The admin's session (../shared/session.ts under its own storage key): the API base
// from <meta name="greenlight-api">, the bearer token in sessionStorage, a JSON caller, a blob fetcher for
// the poster (it needs the bearer token, so it cannot be a plain <img src> or link), and small helpers.
// sessionStorage, not localStorage: a venue's console is often a shared front-desk computer, and the token
// must not outlive the tab (nor sit on disk for the next user); signing in again costs one SMS code, and
// nothing in the console needs the session while the tab is closed or offline.
import { ApiError, apiUrl } from '../shared/api';
import type { ConsoleApp } from '../shared/console-app';
import { busy } from '../shared/busy';
import { h } from '../shared/dom';
import { apiBase, tokenStore, type StoredToken } from '../shared/session';

export { apiBase, busy, h };

const KEY = 'greenlight-admin-session';

export type StoredSession = StoredToken;

export const {
  load: loadSession,
  save: saveSession,
  clear: clearSession,
  call,
} = tokenStore<StoredSession>('session', KEY);

/** GETs a binary (the poster) with the stored token; errors as ApiError like `call`. */
export async function fetchBlob(path: string): Promise<Blob> {
  const token = loadSession()?.token;
  let res: Response;
  try {
    res = await fetch(apiUrl(apiBase(), path), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError('network', (e as Error).message || 'network error');
  }
  if (!res.ok) {
    let err: { code?: unknown; message?: unknown } | undefined;
    try {
      err = ((await res.json()) as { error?: typeof err })?.error;
    } catch {
      /* not JSON */
    }
    throw new ApiError(
      typeof err?.code === 'string' ? err.code : `http.${res.status}`,
      typeof err?.message === 'string' ? err.message : res.statusText || `HTTP ${res.status}`,
      res.status,
    );
  }
  return res.blob();
}

export const placePath = (placeId: string, rest = ''): string => `api/v1/places/${encodeURIComponent(placeId)}${rest}`;

export type ViewName = 'signin' | 'create' | 'place' | 'stats';

/** What every view gets: the console's App (../shared/console-app.ts) and a success message line. */
export interface App extends ConsoleApp<ViewName> {
  /** A success message (polite live region). */
  notice(text: string): void;
}

/** A view draws itself into app.root and returns a function that releases what it holds. */
export type View = (app: App) => (() => void) | void;

/** Saves a Blob as a file (an <a download> clicked, then the object URL released). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** "2026-12-02 09:00" for an epoch time at a UTC offset in minutes (the statistics' own offset). */
export function formatAt(time: number, offsetMinutes: number, withTime = true): string {
  const d = new Date((time + offsetMinutes * 60) * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  return withTime ? `${day} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}` : day;
}

/** "UTC+8" / "UTC-5:30". */
export function offsetName(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const m = Math.abs(offsetMinutes);
  return `UTC${sign}${Math.floor(m / 60)}${m % 60 ? `:${String(m % 60).padStart(2, '0')}` : ''}`;
}
