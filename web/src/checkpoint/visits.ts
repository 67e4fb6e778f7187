// Repeat scans by person, not by text: dynamic codes change every few minutes, so the same person shown
// twice would be two check-ins. The page remembers the subject (`sub`) of every valid personal code
// (person, proxy) it recorded, with the place and the time of that record, for `repeatWindowSeconds`; a
// later code of the same subject at the same place within the window is the same visit: shown, not
// recorded or counted again. Kept in IndexedDB (settings/recentVisits), so it holds offline and across a
// reload; pruned by the window.
import { getSetting, putSetting } from './store';
import type { VerifyResult } from './types';

export interface Visit {
  sub: string;
  placeId: string;
  /** Epoch seconds of the first (recorded) scan. */
  time: number;
  decision: string;
}

const KEY = 'recentVisits';

export function isVisits(v: unknown): v is Visit[] {
  return (
    Array.isArray(v) &&
    v.every(
      (x) =>
        x &&
        typeof x === 'object' &&
        typeof x.sub === 'string' &&
        typeof x.placeId === 'string' &&
        typeof x.time === 'number' &&
        Number.isFinite(x.time) &&
        typeof x.decision === 'string',
    )
  );
}

/** The subject a result counts as a visit by: a valid (authentic, in-date) person or proxy code's `sub`, else null. */
export function visitSubject(r: VerifyResult): string | null {
  const c = r.credential;
  if (!r.valid || !c || (c.type !== 'person' && c.type !== 'proxy') || typeof c.sub !== 'string' || !c.sub) return null;
  return c.sub;
}

export class RecentVisits {
  #visits: Visit[] = [];
  #windowS = 600;

  /** Reads the stored visits (a damaged value is dropped) and keeps those still within `windowS` of `nowS`. */
  async load(windowS: number, nowS: number): Promise<void> {
    this.#windowS = windowS;
    const stored = await getSetting<unknown>(KEY);
    this.#visits = isVisits(stored) ? stored : [];
    if (this.#prune(nowS) || (stored !== undefined && !isVisits(stored))) await this.#save();
  }

  /** The earlier visit of `sub` at `placeId` within the window, or null (also when the window is 0: off). */
  find(sub: string, placeId: string, nowS: number): Visit | null {
    if (this.#windowS <= 0) return null;
    return this.#visits.find((v) => v.sub === sub && v.placeId === placeId && this.#within(v, nowS)) ?? null;
  }

  /**
   * Remembers a recorded visit (and forgets those past the window). The memory changes at once, before
   * the returned promise (the write to IndexedDB): a code decided meanwhile already finds it.
   */
  add(visit: Visit, nowS: number): Promise<void> {
    if (this.#windowS <= 0) return Promise.resolve();
    this.#visits = this.#visits.filter((v) => !(v.sub === visit.sub && v.placeId === visit.placeId));
    this.#visits.push(visit);
    this.#prune(nowS);
    return this.#save();
  }

  /** Within the window of the first record (either way: a clock corrected backwards does not make it new). */
  #within(v: Visit, nowS: number): boolean {
    return Math.abs(nowS - v.time) < this.#windowS;
  }

  #prune(nowS: number): boolean {
    const before = this.#visits.length;
    this.#visits = this.#visits.filter((v) => this.#within(v, nowS));
    return this.#visits.length !== before;
  }

  async #save(): Promise<void> {
    await putSetting(KEY, this.#visits);
  }
}
