// The decision screen: full-screen colour with an icon and big text (never colour alone), the masked
// name and phone, the status and the reasons, in the page's language; for a personal code, the travel
// matches (行程卡带星号) and a "health information" button that shows the code's own declaration summary
// (offline: it is inside the signed code). It converts and displays the engine's result; it decides nothing.
import { epochDayLabel, regionLabel } from '../shared/regions';
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
  /** The time (epoch seconds) this person was first recorded here, when this scan repeats that visit. */
  repeatOf?: number | null;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** 10:02, the device's local time. */
export function hhmm(epoch: number): string {
  const d = new Date(epoch * 1000);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** 2026-12-04 10:02, the device's local time. */
function dateTime(epoch: number): string {
  const d = new Date(epoch * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "行程卡带星号：广东省 440902 · 12月4日 到访（高风险）" for each visit the engine matched. */
export function travelLines(
  r: VerifyResult | undefined,
): { text: string; region: string; day: number; level: string }[] {
  const x = t();
  const locale = getLocale();
  return (r?.travel?.matched ?? []).map((m) => ({
    text: x.travelMatch(regionLabel(m.region, locale), epochDayLabel(m.day, locale), x.riskLevel[m.level] ?? m.level),
    region: m.region,
    day: m.day,
    level: m.level,
  }));
}

/** The declaration summary a personal code carries, in words; nothing more personal than that. */
export function healthText(r: VerifyResult | undefined): string {
  const x = t();
  const d = r?.credential?.declaration;
  if (!d) return x.healthNone;
  return x.healthDeclared(dateTime(d.declaredAt), [
    x.healthSymptoms(d.symptoms),
    x.healthFever(d.fever),
    x.healthContact(d.contact),
  ]);
}

export class DecisionView {
  #timer: number | undefined;
  #el: HTMLElement;
  #onClose: () => void;
  #shown: Shown | null = null;

  constructor(el: HTMLElement, onClose: () => void) {
    this.#el = el;
    this.#onClose = onClose;
    el.addEventListener('click', () => this.hide());
    const button = el.querySelector<HTMLButtonElement>('[data-testid=btn-health]')!;
    button.addEventListener('click', (e) => {
      // The button is on the screen that a tap dismisses: it opens the summary and keeps the screen up.
      e.stopPropagation();
      this.#toggleHealth();
    });
  }

  #toggleHealth(): void {
    const panel = this.#el.querySelector<HTMLElement>('[data-testid=health-info]')!;
    const button = this.#el.querySelector<HTMLButtonElement>('[data-testid=btn-health]')!;
    const open = panel.hidden;
    panel.textContent = healthText(this.#shown?.result);
    panel.dataset.declared = this.#shown?.result?.credential?.declaration ? '1' : '0';
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    // Reading it takes longer than the usual glance: the screen stays until a tap.
    if (open) clearTimeout(this.#timer);
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
    const travel = el.querySelector<HTMLElement>('.decision-travel')!;
    const lines = travelLines(r);
    travel.replaceChildren(
      ...lines.map((m) => {
        const li = document.createElement('li');
        li.textContent = `★ ${m.text}`;
        Object.assign(li.dataset, { testid: 'travel-match', region: m.region, day: String(m.day), level: m.level });
        return li;
      }),
    );
    travel.hidden = lines.length === 0;
    const personal = r?.credential?.type === 'person' || r?.credential?.type === 'proxy';
    const button = el.querySelector<HTMLButtonElement>('[data-testid=btn-health]')!;
    button.hidden = !personal;
    button.textContent = x.healthInfo;
    button.setAttribute('aria-expanded', 'false');
    const panel = el.querySelector<HTMLElement>('[data-testid=health-info]')!;
    panel.hidden = true;
    panel.textContent = '';
    const repeat = el.querySelector<HTMLElement>('[data-testid=repeat]')!;
    repeat.hidden = s.repeatOf == null;
    repeat.textContent = s.repeatOf == null ? '' : x.repeatSeen(hhmm(s.repeatOf));
    if (s.repeatOf == null) delete repeat.dataset.time;
    else repeat.dataset.time = hhmm(s.repeatOf);
    this.#shown = s;
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
