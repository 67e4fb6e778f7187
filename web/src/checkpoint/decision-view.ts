// The decision screen: full-screen colour with an icon and big text (never colour alone), the masked
// name and phone, the status and the reasons, in the page's language. It converts and displays the
// engine's result; it decides nothing.
import { getLocale, t } from './i18n';
import type { Decision, VerifyResult } from './types';

const ICONS: Record<Decision, string> = {
  admit:
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 12.5l5 5L20 6.5" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  deny: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18" fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round"/></svg>',
  refer:
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3L2 21h20L12 3z" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linejoin="round"/><path d="M12 10v5M12 18v.5" stroke="currentColor" stroke-width="2.5" stroke-linecap="round"/></svg>',
};

const statusLabel = (s: string | null): string => {
  const x = t();
  return (
    (
      {
        green: x.statusGreen,
        yellow: x.statusYellow,
        orange: x.statusOrange,
        red: x.statusRed,
        revoked: x.statusRevoked,
      } as Record<string, string>
    )[s ?? ''] ?? ''
  );
};

export interface Shown {
  decision: Decision;
  result?: VerifyResult;
  temperature?: number | null;
  temperatureClass?: 'normal' | 'fever' | null;
  title?: string;
  lines?: string[];
}

export class DecisionView {
  #timer: number | undefined;
  #el: HTMLElement;
  #onClose: () => void;

  constructor(el: HTMLElement, onClose: () => void) {
    this.#el = el;
    this.#onClose = onClose;
    el.addEventListener('click', () => this.hide());
  }

  get visible(): boolean {
    return !this.#el.hidden;
  }

  show(s: Shown, returnAfterMs: number): void {
    const x = t();
    const el = this.#el;
    const r = s.result;
    el.className = `decision decision-${s.decision}`;
    el.dataset.decision = s.decision;
    el.dataset.reasons = (r?.reasons ?? []).map((q) => q.id).join(' ');
    el.dataset.status = r?.status ?? '';
    el.querySelector('.decision-icon')!.innerHTML = ICONS[s.decision];
    el.querySelector('.decision-title')!.textContent = s.title ?? x[s.decision];
    const c = r?.credential;
    const details: string[] = [];
    if (c?.type === 'place' && c.place) details.push(`${x.place}: ${c.place.name}`);
    if (c?.name) details.push(`${x.name}: ${c.name}`);
    if (c?.phone) details.push(`${x.phone}: ${c.phone}`);
    if (r?.status) details.push(`${x.status}: ${statusLabel(r.status)}`);
    if (s.temperature != null) details.push(`${x.temperature}: ${s.temperature.toFixed(1)} ℃`);
    else if (s.temperatureClass)
      details.push(`${x.temperature}: ${s.temperatureClass === 'fever' ? x.tempFever : x.tempNormal}`);
    details.push(...(s.lines ?? []));
    const dl = el.querySelector('.decision-details')!;
    dl.replaceChildren(...details.map((d) => Object.assign(document.createElement('li'), { textContent: d })));
    const reasons = el.querySelector('.decision-reasons')!;
    const locale = getLocale();
    reasons.replaceChildren(
      ...(r?.reasons ?? []).map((q) => {
        const li = document.createElement('li');
        li.dataset.reason = q.id;
        li.textContent = q.messages?.[locale] ?? q.message;
        return li;
      }),
    );
    el.querySelector('.decision-hint')!.textContent = x.tapToContinue;
    el.hidden = false;
    clearTimeout(this.#timer);
    this.#timer = window.setTimeout(() => this.hide(), returnAfterMs);
  }

  hide(): void {
    clearTimeout(this.#timer);
    if (this.#el.hidden) return;
    this.#el.hidden = true;
    this.#onClose();
  }
}
