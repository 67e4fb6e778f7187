// Check-in records (docs/api.md, "From a checkpoint (inspector)"): one for every decision and manual registration, kept in IndexedDB
// until the server acknowledges them. Today's counters are computed from the same records, so they
// survive a reload.
import { deleteRecords, getRecords, putRecords } from './store';
import type { Decision } from './types';

export type Method = 'inspector-scan' | 'manual';
export type TemperatureClass = 'normal' | 'fever' | null;

export interface CheckinRecord {
  clientId: string;
  placeId: string;
  checkpoint?: string;
  time: number;
  decision: Decision | null;
  status: string | null;
  reasons: string[];
  temperatureClass: TemperatureClass;
  temperature?: number;
  method: Method;
  /** The scanned code text (inspector-scan only): the server re-verifies it and stores its subject. */
  code?: string;
  manual?: { name: string; idNumber: string; phone: string };
  /** Records queued by earlier versions carry the code's subject instead of its text (not sent). */
  subject?: string | null;
  /** 0 until the server acknowledged the record, then the epoch second it did. */
  synced: number;
}

export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const DECISIONS = new Set([null, 'admit', 'deny', 'refer']);
const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** A record this page (or an earlier version of it) queued: the fields the counters, the log and the sync read. */
export function isRecord(v: unknown): v is CheckinRecord {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  if (!text(r.clientId) || !text(r.placeId)) return false;
  if (typeof r.time !== 'number' || !Number.isFinite(r.time) || r.time < 0) return false;
  if (typeof r.synced !== 'number' || !Number.isFinite(r.synced)) return false;
  if (!Array.isArray(r.reasons) || !r.reasons.every((x) => typeof x === 'string')) return false;
  if (!DECISIONS.has(r.decision as string | null)) return false;
  if (r.checkpoint !== undefined && typeof r.checkpoint !== 'string') return false;
  if (r.method === 'manual') {
    const m = r.manual as Record<string, unknown> | undefined;
    return !!m && typeof m === 'object' && text(m.name) && text(m.idNumber) && typeof m.phone === 'string';
  }
  if (r.method !== 'inspector-scan') return false;
  // Earlier versions queued the code's subject instead of its text.
  return text(r.code) || (r.code === undefined && 'subject' in r);
}

export interface Counters {
  admit: number;
  deny: number;
  refer: number;
  manual: number;
}

const localMidnight = (nowS: number): number => {
  const d = new Date(nowS * 1000);
  d.setHours(0, 0, 0, 0);
  return Math.floor(d.getTime() / 1000);
};

export class Queue {
  #records: CheckinRecord[] = [];
  #listeners: (() => void)[] = [];

  /**
   * Reads the queue from IndexedDB. Records that are not check-in records (damaged storage, a bad write)
   * are skipped, not deleted and never sent; their keys are returned so the page can report them.
   */
  async load(): Promise<{ skipped: unknown[] }> {
    const skipped: unknown[] = [];
    const records: CheckinRecord[] = [];
    for (const r of await getRecords<unknown>()) {
      if (isRecord(r)) records.push(r);
      else skipped.push((r as { clientId?: unknown } | null)?.clientId);
    }
    this.#records = records.sort((a, b) => a.time - b.time);
    return { skipped };
  }

  onChange(fn: () => void): void {
    this.#listeners.push(fn);
  }

  #changed(): void {
    for (const fn of this.#listeners) fn();
  }

  async add(record: Omit<CheckinRecord, 'clientId' | 'synced'>): Promise<CheckinRecord> {
    const full: CheckinRecord = { clientId: uuid(), ...record, synced: 0 };
    await putRecords([full]);
    this.#records.push(full);
    this.#changed();
    return full;
  }

  pending(): CheckinRecord[] {
    return this.#records.filter((r) => !r.synced);
  }

  all(): readonly CheckinRecord[] {
    return this.#records;
  }

  async markSynced(ids: string[], atS: number): Promise<void> {
    const set = new Set(ids);
    const changed = this.#records.filter((r) => set.has(r.clientId) && !r.synced);
    for (const r of changed) r.synced = atS;
    await putRecords(changed);
    this.#changed();
  }

  /** Drops acknowledged records older than `keepDays` (unsynced records are never dropped). */
  async prune(nowS: number, keepDays = 7): Promise<void> {
    const cutoff = nowS - keepDays * 86400;
    const old = this.#records.filter((r) => r.synced && r.time < cutoff).map((r) => r.clientId);
    if (old.length === 0) return;
    await deleteRecords(old);
    this.#records = this.#records.filter((r) => !old.includes(r.clientId));
  }

  counters(nowS: number): Counters {
    const since = localMidnight(nowS);
    const c: Counters = { admit: 0, deny: 0, refer: 0, manual: 0 };
    for (const r of this.#records) {
      if (r.time < since) continue;
      if (r.method === 'manual') c.manual++;
      else if (r.decision) c[r.decision]++;
    }
    return c;
  }
}
