// Manual registration for people without a phone or code: name, ID number (GB 11643 check digit),
// phone, entry time. The record is queued for sync and only ever shown masked.
import { isValidIdNumber, isValidPhone, maskIdNumber, maskName, maskPhone } from '../shared/gb11643';
import { t } from './i18n';

export interface ManualEntry {
  name: string;
  idNumber: string;
  phone: string;
  time: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const localInput = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;

export function openManualForm(
  dialog: HTMLDialogElement,
  nowMs: number,
  onSave: (e: ManualEntry) => Promise<void>,
): void {
  const form = dialog.querySelector('form')!;
  const field = (n: string) => form.elements.namedItem(n) as HTMLInputElement;
  const error = dialog.querySelector<HTMLElement>('.form-error')!;
  form.reset();
  error.textContent = '';
  field('time').value = localInput(new Date(nowMs));
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    if ((ev.submitter as HTMLButtonElement | null)?.value === 'cancel') return dialog.close();
    const s = t();
    const name = field('name').value.trim();
    const idNumber = field('idNumber').value.trim().toUpperCase();
    const phone = field('phone').value.trim();
    const time = Math.floor(new Date(field('time').value).getTime() / 1000);
    const problem = !name
      ? s.nameMissing
      : !isValidIdNumber(idNumber)
        ? s.idInvalid
        : !isValidPhone(phone)
          ? s.phoneInvalid
          : '';
    if (problem) {
      error.textContent = problem;
      return;
    }
    await onSave({ name, idNumber, phone, time: Number.isFinite(time) ? time : Math.floor(nowMs / 1000) });
    dialog.close();
  };
  dialog.showModal();
  field('name').focus();
}

export const maskedSummary = (e: { name: string; idNumber: string; phone: string }): string =>
  `${maskName(e.name)} ${maskIdNumber(e.idNumber)} ${maskPhone(e.phone)}`;
