// One way for a button to run an action: disabled (and aria-busy) while it runs, the page's previous error
// cleared first, a failure handed to the page, focus kept on the button.

/** Where an action's failure goes (a console's App, the checkpoint's account panel). */
export interface Reports {
  /** Called when the action starts (the previous error no longer applies). */
  clearError?(): void;
  error(e: unknown): void | Promise<void>;
}

/**
 * Runs `fn` with `button` disabled; resolves to its value, or undefined when it failed (reported).
 * Focus comes back to the button afterwards if it had it (disabling a button drops its focus).
 */
export async function busy<T>(reports: Reports, button: HTMLElement, fn: () => Promise<T>): Promise<T | undefined> {
  const control = button as HTMLButtonElement;
  const focused = document.activeElement === button;
  control.disabled = true;
  button.setAttribute('aria-busy', 'true');
  reports.clearError?.();
  try {
    return await fn();
  } catch (e) {
    await reports.error(e);
    return undefined;
  } finally {
    control.disabled = false;
    button.removeAttribute('aria-busy');
    if (
      focused &&
      button.isConnected &&
      (document.activeElement === document.body || document.activeElement === button)
    )
      button.focus();
  }
}
