// Modal dialogs of the consoles: <dialog> with showModal(), so focus stays inside and Escape closes it.
import { h } from './dom';

/**
 * A modal <dialog> holding `content`. `full` makes it cover the screen. Resolves when it closes, with the
 * dialog's returnValue; the dialog is removed from the page then.
 */
export function openDialog(
  content: (Node | string)[],
  { full = false, label = '', testid = 'dialog', className = '' } = {},
): { dialog: HTMLDialogElement; closed: Promise<string> } {
  const dialog = h('dialog', {
    class: `${full ? 'full' : 'small'} ${className}`.trim(),
    'data-testid': testid,
    'aria-label': label || null,
  });
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

/**
 * Asks to confirm an action; resolves true for `confirm`. Focus goes to `cancel` first and back to what had
 * it afterwards. `danger`: the confirming button says the action cannot be undone (red).
 */
export async function confirmDialog(
  message: string,
  { confirm, cancel, danger = false }: { confirm: string; cancel: string; danger?: boolean },
): Promise<boolean> {
  const before = document.activeElement as HTMLElement | null;
  const no = h('button', { type: 'submit', value: 'cancel', 'data-testid': 'confirm-cancel' }, cancel);
  const yes = h(
    'button',
    { type: 'submit', value: 'ok', class: danger ? 'danger' : 'primary', 'data-testid': 'confirm-ok' },
    confirm,
  );
  const form = h(
    'form',
    { method: 'dialog' },
    h('p', { id: 'confirm-text', class: 'question' }, message),
    h('div', { class: 'actions' }, no, yes),
  );
  const { dialog, closed } = openDialog([form], { testid: 'confirm-dialog', className: 'confirm' });
  dialog.setAttribute('aria-labelledby', 'confirm-text');
  no.focus();
  const ok = (await closed) === 'ok';
  if (before?.isConnected) before.focus();
  return ok;
}
