// The citizen's session: the API base (from <meta name="greenlight-api">, relative to the page) and the
// bearer token, kept in localStorage. Each view gets an App to call the API and to move between views.
// localStorage on purpose (unlike the admin and authority consoles' sessionStorage): this page runs on the
// citizen's own phone, whose browser discards background tabs freely, and its code has to come up at a gate
// at once; a tab-scoped token would mean a new SMS code (rate-limited) at every gate. The token is bounded
// by its expiry on the server and "sign out" deletes it there.
import type { ConsoleApp } from '../shared/console-app';
import { busy } from '../shared/busy';
import { confirmDialog, openDialog } from '../shared/dialogs';
import { h } from '../shared/dom';
import { apiBase, tokenStore, type StoredToken } from '../shared/session';

export { apiBase, busy, confirmDialog, h, openDialog };

const KEY = 'greenlight-citizen-session';

export type StoredSession = StoredToken;

export const {
  load: loadSession,
  save: saveSession,
  clear: clearSession,
  call,
} = tokenStore<StoredSession>('local', KEY);

export type ViewName =
  'signin' | 'identity' | 'declaration' | 'code' | 'scan' | 'checkins' | 'itinerary' | 'proxies' | 'risk';
/** The views of a citizen with real-name details and a declaration (the tab bar), in tab order. */
export const CONSOLE_VIEWS: readonly ViewName[] = ['code', 'scan', 'checkins', 'itinerary', 'proxies', 'risk'];

/** What every view gets (../shared/console-app.ts). */
export type App = ConsoleApp<ViewName>;

/** A view draws itself into app.root and returns a function that stops its timers. */
export type View = (app: App) => (() => void) | void;

/** A client id for the self check-in's idempotency (crypto.randomUUID needs a secure context). */
export function newClientId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return 'c-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const pad = (n: number) => String(n).padStart(2, '0');
/** 09:05:07, local time. */
export const hms = (d: Date): string => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
/** 2026-12-02 09:05, local time. */
export const dateTime = (epoch: number): string => {
  const d = new Date(epoch * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
export const dateOnly = (epoch: number): string => dateTime(epoch).slice(0, 10);

/**
 * A live clock with seconds and the date under it (a screenshot of a screen showing it looks stale within a
 * second). Returns the two elements and a function that stops it.
 */
export function liveClock(
  now: () => Date,
  testid = 'clock',
): { clock: HTMLElement; date: HTMLElement; stop: () => void } {
  const clock = h('p', { class: 'clock', 'data-testid': testid, 'aria-live': 'off' });
  const date = h('p', { class: 'date' });
  const tick = () => {
    const d = now();
    clock.textContent = hms(d);
    date.textContent = d.toLocaleDateString(document.documentElement.lang, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      weekday: 'long',
    });
  };
  tick();
  const timer = window.setInterval(tick, 250);
  return { clock, date, stop: () => clearInterval(timer) };
}
