// The App of the consoles one signs in to by SMS code (the citizen page, the venue-admin console): where
// views draw, the error line (#error, with the error's code in data-code), the signed-in account (GET
// /api/v1/me) and moving to the view that account needs.
import { ApiError, getMe, type Me } from './api';
import type { Reports } from './busy';
import { apiBase, type StoredToken } from './session';

/** What every view gets: where to draw, how to report errors, how to move on. */
export interface ConsoleApp<V extends string> extends Reports {
  root: HTMLElement;
  me: Me | null;
  error(e: unknown): void;
  clearError(): void;
  /** Re-reads /me and shows the view the account needs next (or `view`, when the account may see it). */
  go(view?: V): Promise<void>;
}

export function createConsoleApp<V extends string>(page: {
  root: HTMLElement;
  errorLine: HTMLElement;
  session: { load(): StoredToken | null; clear(): void };
  describeError(e: unknown): string;
  /** The view to show for this account when `asked` was asked for (or nothing). */
  route(me: Me | null, asked?: V): V;
  show(view: V): void;
  /** The session ended (expired, signed out elsewhere); it is cleared already. */
  sessionEnded?(): void;
}): ConsoleApp<V> {
  const app: ConsoleApp<V> = {
    root: page.root,
    me: null,
    error(e) {
      page.errorLine.textContent = page.describeError(e);
      page.errorLine.dataset.code = e instanceof ApiError ? e.code : 'unknown';
      if (e instanceof ApiError && e.code === 'auth.required') {
        page.session.clear();
        app.me = null;
        page.sessionEnded?.();
      }
    },
    clearError() {
      page.errorLine.textContent = '';
      delete page.errorLine.dataset.code;
    },
    async go(view) {
      const session = page.session.load();
      if (session) {
        try {
          app.me = await getMe({ base: apiBase(), token: session.token });
        } catch (e) {
          app.error(e);
          if (e instanceof ApiError && e.status === 401) app.me = null;
        }
      }
      if (!page.session.load()) app.me = null;
      page.show(page.route(app.me, view));
    },
  };
  return app;
}
