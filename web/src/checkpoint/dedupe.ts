// The same code within a few seconds is not decided twice: a code held in front of the camera is seen
// many times a second. The window slides while the code keeps being seen. Setting the place clears it.
export class Dedupe {
  #seen = new Map<string, number>();
  constructor(private windowMs: number) {}

  /** True when `text` was seen less than windowMs ago (and refreshes its time). */
  isDuplicate(text: string, nowMs = Date.now()): boolean {
    for (const [k, t] of this.#seen) if (nowMs - t >= this.windowMs) this.#seen.delete(k);
    const dup = this.#seen.has(text);
    this.#seen.set(text, nowMs);
    return dup;
  }

  clear(): void {
    this.#seen.clear();
  }
}
