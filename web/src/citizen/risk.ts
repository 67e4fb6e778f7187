// Venue risk notices (docs/api.md "Venue risk notices"): GET /api/v1/documents/risk-notices is a JWS whose
// payload lists places and time windows visited by confirmed cases. The page fetches it without the
// session token and matches it here against the citizen's own check-ins (read from GET /api/v1/me/checkins);
// nothing about the citizen goes to the server for this. The last copy and its ETag are kept in
// localStorage so a 304 (or no network) still gives an answer.
import { apiUrl } from '../shared/api';
import { jwsPayload } from '../shared/jws';
import { nowSeconds } from '../shared/clock';
import { apiBase, call } from './session';

export interface RiskNotice {
  place: string;
  name: string;
  from: number;
  to: number;
  dwell: number;
}

export interface RiskNotices {
  iss: string;
  iat: number;
  exp: number;
  notices: RiskNotice[];
}

export interface MyCheckin {
  clientId: string;
  time: number;
  method: string;
  decision: string | null;
  place: { id: string; name: string; address: string };
  checkpoint: string | null;
  companion: boolean;
}

export interface RiskMatch {
  checkin: MyCheckin;
  notice: RiskNotice;
}

/** A check-in at place P at time t matches a notice {P, from, to, dwell} when [t, t + dwell) overlaps [from, to).
 *  An entry the checkpoint refused is no presence (the server's tracing skips it too: docs/tracing.md). */
export const matches = (c: MyCheckin, n: RiskNotice): boolean =>
  c.decision !== 'deny' && c.place.id === n.place && c.time < n.to && c.time + n.dwell > n.from;

/** Every (check-in, notice) pair that matches, newest check-in first. */
export function matchNotices(checkins: MyCheckin[], notices: RiskNotice[]): RiskMatch[] {
  const out: RiskMatch[] = [];
  for (const checkin of checkins)
    for (const notice of notices) if (matches(checkin, notice)) out.push({ checkin, notice });
  return out.sort((a, b) => b.checkin.time - a.checkin.time || a.notice.from - b.notice.from);
}

const KEY = 'greenlight-citizen-risk-notices';

/** The current notices: fetched (If-None-Match with the kept ETag), else the kept copy; null when neither. */
export async function fetchNotices(): Promise<RiskNotices | null> {
  let kept: { etag: string | null; jws: string } | null = null;
  try {
    kept = JSON.parse(localStorage.getItem(KEY) ?? 'null');
  } catch {
    kept = null;
  }
  try {
    // No Authorization header and no cookies: the request says nothing about who asks.
    const res = await fetch(apiUrl(apiBase(), 'api/v1/documents/risk-notices'), {
      headers: kept?.etag ? { 'if-none-match': kept.etag } : {},
      cache: 'no-store',
      credentials: 'omit',
    });
    if (res.status === 304 && kept) return jwsPayload<RiskNotices>(kept.jws);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const jws = await res.text();
    const payload = jwsPayload<RiskNotices>(jws);
    if (!Array.isArray(payload.notices)) throw new Error('risk notices: no notices array');
    localStorage.setItem(KEY, JSON.stringify({ etag: res.headers.get('etag'), jws }));
    return payload;
  } catch (e) {
    if (kept) return jwsPayload<RiskNotices>(kept.jws);
    throw e;
  }
}

/** My check-ins of the last `days` days (the server keeps 28), newest first. */
export async function fetchMyCheckins(days = 28): Promise<MyCheckin[]> {
  const since = nowSeconds() - days * 86400;
  const all: MyCheckin[] = [];
  let before: number | null = null;
  for (let page = 0; page < 10; page++) {
    const q: string = before === null ? '?limit=200' : `?limit=200&before=${before}`;
    const { checkins } = await call<{ checkins: MyCheckin[] }>('GET', `api/v1/me/checkins${q}`);
    all.push(...checkins.filter((c) => c.time >= since));
    if (checkins.length < 200 || checkins[checkins.length - 1].time < since) break;
    before = checkins[checkins.length - 1].time;
  }
  return all;
}

export interface RiskCheck {
  notices: RiskNotices;
  checkins: MyCheckin[];
  matches: RiskMatch[];
}

/** Fetches both and matches them locally. */
export async function checkRisk(): Promise<RiskCheck> {
  const [notices, checkins] = await Promise.all([fetchNotices(), fetchMyCheckins()]);
  if (!notices) throw new Error('risk notices unavailable');
  return { notices, checkins, matches: matchNotices(checkins, notices.notices) };
}
