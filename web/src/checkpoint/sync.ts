// Sync client for the server's API (docs/api.md): pushes the check-in queue in batches, idempotent by
// clientId, and refreshes the signed documents with ETags and `?since=`. Every response's Date header
// feeds the clock check. Nothing here decides anything; the engine checks every document it is given.
import { measureSkew } from '../shared/clock';
import type { CheckinRecord } from './queue';

export const BATCH_MAX = 1000;

export interface SyncOptions {
  /** API base, resolved against the page (e.g. "https://gl.example.cn/" or "./"). */
  base: string;
  token?: string | null;
  fetch?: typeof fetch;
}

export interface DocumentState {
  etags: Record<string, string>;
  statusSeq: number | null;
  /** When a status-list snapshot was last fetched or confirmed (304), epoch seconds. */
  snapshotAt?: number;
}

/** A stored DocumentState of the right shape (IndexedDB can hold anything: a damaged one is not used). */
export function isDocumentState(v: unknown): v is DocumentState {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const etags = o.etags as Record<string, unknown> | null;
  if (
    !etags ||
    typeof etags !== 'object' ||
    Array.isArray(etags) ||
    !Object.values(etags).every((x) => typeof x === 'string')
  )
    return false;
  if (o.statusSeq !== null && !(Number.isInteger(o.statusSeq) && (o.statusSeq as number) >= 0)) return false;
  return o.snapshotAt === undefined || (typeof o.snapshotAt === 'number' && Number.isFinite(o.snapshotAt));
}

/** The server re-signs the status-list snapshot every 6 hours: a copy older than that is refreshed. */
export const SNAPSHOT_MAX_AGE_S = 6 * 3600;

export interface FetchedDocuments {
  trustList?: string;
  rules?: string;
  /** A snapshot then deltas, or only deltas on top of statusSeq. */
  statusLists?: string[];
  snapshot?: boolean;
  /** The region-risk list (gl-region-risk), when it changed. */
  regionRisk?: string;
  state: DocumentState;
}

export class SyncError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const url = (o: SyncOptions, path: string) =>
  new URL(path.replace(/^\//, ''), new URL(o.base, location.href)).toString();

async function call(o: SyncOptions, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (o.token) headers.set('authorization', `Bearer ${o.token}`);
  const sent = Date.now();
  const res = await (o.fetch ?? fetch)(url(o, path), {
    ...init,
    headers,
    cache: 'no-store',
    credentials: 'same-origin',
  });
  measureSkew(res, sent, Date.now());
  return res;
}

async function errorCode(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    return body?.error?.code ? ` ${body.error.code}: ${body.error.message ?? ''}` : '';
  } catch {
    return '';
  }
}

/** A record as POST /api/v1/checkins wants it (docs/api.md), built field by field: the server rejects unknown fields. */
export interface WireRecord {
  clientId: string;
  placeId: string;
  checkpoint?: string;
  time: number;
  method: 'inspector-scan' | 'manual';
  code?: string;
  decision: 'admit' | 'deny' | 'refer' | null;
  status: string | null;
  reasons: string[];
  temperatureClass: 'normal' | 'fever' | null;
  temperature?: number;
  manual?: { name: string; idNumber: string; phone?: string };
}

const STATUSES = new Set(['green', 'yellow', 'orange', 'red', 'revoked']);

/**
 * What goes over the wire: the record without local bookkeeping, in the API's shape. Records queued by
 * earlier versions of the page (with `subject`, without `code`) are mapped: `subject` is dropped, `manual`
 * only travels with method manual, `code` only with inspector-scan, out-of-range optional values are left out.
 */
export function wireRecord(r: CheckinRecord): WireRecord {
  const manual = r.method === 'manual';
  const out: WireRecord = {
    clientId: r.clientId,
    placeId: r.placeId,
    time: Math.floor(r.time),
    method: manual ? 'manual' : 'inspector-scan',
    decision: manual ? null : (r.decision ?? null),
    status: !manual && r.status && STATUSES.has(r.status) ? r.status : null,
    reasons: manual ? [] : (r.reasons ?? []).filter((x) => typeof x === 'string').slice(0, 16),
    temperatureClass: r.temperatureClass === 'normal' || r.temperatureClass === 'fever' ? r.temperatureClass : null,
  };
  if (typeof r.checkpoint === 'string' && r.checkpoint) out.checkpoint = [...r.checkpoint].slice(0, 64).join('');
  if (!manual && typeof r.code === 'string' && r.code) out.code = r.code;
  if (typeof r.temperature === 'number' && r.temperature >= 30 && r.temperature <= 45) out.temperature = r.temperature;
  if (manual && r.manual) {
    out.manual = {
      name: r.manual.name,
      idNumber: r.manual.idNumber,
      ...(r.manual.phone ? { phone: r.manual.phone } : {}),
    };
  }
  return out;
}

/**
 * POST /api/v1/checkins in batches of at most BATCH_MAX. Returns the clientIds the server acknowledged
 * (accepted now or already stored). Stops at the first failing batch; the rest stay queued.
 */
export async function pushCheckins(
  o: SyncOptions,
  records: CheckinRecord[],
  onBatch?: (ids: string[]) => Promise<void>,
): Promise<string[]> {
  const acknowledged: string[] = [];
  for (let i = 0; i < records.length; i += BATCH_MAX) {
    const batch = records.slice(i, i + BATCH_MAX);
    const res = await call(o, 'api/v1/checkins', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ records: batch.map(wireRecord) }),
    });
    if (!res.ok) throw new SyncError(`checkins: HTTP ${res.status}${await errorCode(res)}`, res.status);
    const body = (await res.json()) as { accepted?: unknown; rejected?: { clientId: string }[] };
    const sent = new Set(batch.map((r) => r.clientId));
    const ids = [
      ...(Array.isArray(body.accepted) ? body.accepted : []),
      ...(Array.isArray(body.rejected) ? body.rejected.map((r) => r?.clientId) : []),
    ].filter((id): id is string => typeof id === 'string' && sent.has(id));
    acknowledged.push(...ids);
    await onBatch?.(ids);
  }
  return acknowledged;
}

async function getText(o: SyncOptions, path: string, state: DocumentState): Promise<string | undefined> {
  const etag = state.etags[path];
  const res = await call(o, path, { headers: etag ? { 'if-none-match': etag } : {} });
  // 404: no rule set published / a server without region-risk lists; the engine's defaults (or none) apply.
  if (res.status === 304 || (res.status === 404 && /\/(rules|region-risk)$/.test(path))) return undefined;
  if (!res.ok) throw new SyncError(`${path}: HTTP ${res.status}`, res.status);
  const tag = res.headers.get('etag');
  if (tag) state.etags[path] = tag;
  return res.text();
}

/** GET the trust list, rules, region-risk list and status lists; unchanged documents (304) are left out. */
export async function fetchDocuments(o: SyncOptions, previous: DocumentState): Promise<FetchedDocuments> {
  const state: DocumentState = {
    etags: { ...previous.etags },
    statusSeq: previous.statusSeq,
    ...(previous.snapshotAt ? { snapshotAt: previous.snapshotAt } : {}),
  };
  const out: FetchedDocuments = { state };
  const trustList = await getText(o, 'api/v1/documents/trust-list', state);
  if (trustList) out.trustList = trustList;
  const rules = await getText(o, 'api/v1/documents/rules', state);
  if (rules) out.rules = rules;
  const regionRisk = await getText(o, 'api/v1/documents/region-risk', state);
  if (regionRisk) out.regionRisk = regionRisk;
  const nowS = Math.floor(Date.now() / 1000);
  const wantSnapshot =
    previous.statusSeq == null || !previous.snapshotAt || nowS - previous.snapshotAt > SNAPSHOT_MAX_AGE_S;
  const path = 'api/v1/documents/status-list';
  const etag = state.etags[path];
  const res = wantSnapshot
    ? await call(o, path, { headers: etag && previous.statusSeq != null ? { 'if-none-match': etag } : {} })
    : await call(o, `${path}?since=${previous.statusSeq}`);
  if (res.status === 304) {
    state.snapshotAt = nowS; // our snapshot is still the current one
  } else if (res.ok && res.status !== 204) {
    const body = (await res.json()) as { lists?: unknown; snapshot?: unknown; seq?: unknown };
    if (Array.isArray(body.lists) && body.lists.length && body.lists.every((l) => typeof l === 'string')) {
      out.statusLists = body.lists as string[];
      out.snapshot = body.snapshot === true;
      if (typeof body.seq === 'number') state.statusSeq = body.seq;
      if (out.snapshot) {
        state.snapshotAt = nowS;
        const tag = res.headers.get('etag');
        if (tag) state.etags[path] = tag;
      }
    }
  } else if (!res.ok) {
    throw new SyncError(`status-list: HTTP ${res.status}`, res.status);
  }
  return out;
}
