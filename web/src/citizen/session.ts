// The citizen's session: the API base (from <meta name="greenlight-api">, relative to the page) and the
// bearer token, kept in localStorage. Each view gets an App to call the API and to move between views.
// localStorage on purpose (unlike the admin and authority consoles' sessionStorage): this page runs on the
// citizen's own phone, whose browser discards background tabs freely, and its code has to come up at a gate
// at once; a tab-scoped token would mean a new SMS code (rate-limited) at every gate. The token is bounded
// by its expiry on the server and "sign out" deletes it there.
import { type Me } from '../shared/api';
import { apiBase, h, tokenStore, type StoredToken } from '../shared/session';

export { apiBase, h };

const KEY = 'greenlight-citizen-session';

export type StoredSession = StoredToken;

export const { load: loadSession, save: saveSession, clear: clearSession, call } = tokenStore<StoredSession>('local', KEY);

export type ViewName = 'signin' | 'identity' | 'declaration' | 'code' | 'scan' | 'checkins' | 'proxies' | 'risk';
/** The views of a citizen with real-name details and a declaration (the tab bar), in tab order. */
export const CONSOLE_VIEWS: readonly ViewName[] = ['code', 'scan', 'checkins', 'proxies', 'risk'];

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
export function liveClock(now: () => Date, testid = 'clock'): { clock: HTMLElement; date: HTMLElement; stop: () => void } {
  const clock = h('p', { class: 'clock', 'data-testid': testid, 'aria-live': 'off' });
  const date = h('p', { class: 'date' });
  const tick = () => {
    const d = now();
    clock.textContent = hms(d);
    date.textContent = d.toLocaleDateString(document.documentElement.lang, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
  };
  tick();
  const timer = window.setInterval(tick, 250);
  return { clock, date, stop: () => clearInterval(timer) };
}

/**
 * A modal <dialog> (focus stays inside; Escape closes it). `full` makes it cover the screen. Resolves when it
 * closes, with the dialog's returnValue; the dialog is removed from the page then.
 */
export function openDialog(content: (Node | string)[], { full = false, label = '', testid = 'dialog', className = '' } = {}): { dialog: HTMLDialogElement; closed: Promise<string> } {
  const dialog = h('dialog', { class: `${full ? 'full' : 'small'} ${className}`.trim(), 'data-testid': testid, 'aria-label': label });
  dialog.append(...content);
  document.body.append(dialog);
  const closed = new Promise<string>((resolve) => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue);
    });
  });
  dialog.showModal();
  return { dialog, closed };
}

/** Asks a yes/no question in a modal dialog; resolves true for yes. */
export async function confirmDialog(question: string, yes: string, no: string): Promise<boolean> {
  const form = h('form', { method: 'dialog', class: 'confirm' },
    h('p', { class: 'question' }, question),
    h('div', { class: 'actions' },
      h('button', { value: 'no', 'data-testid': 'confirm-no' }, no),
      h('button', { value: 'yes', class: 'danger', 'data-testid': 'confirm-yes' }, yes)));
  const { dialog, closed } = openDialog([form], { label: question, testid: 'confirm' });
  dialog.querySelector<HTMLButtonElement>('[value=no]')!.focus();
  return (await closed) === 'yes';
}
