// Trusted time and data freshness. The device clock is compared with the server's Date header whenever
// the page fetches from it; a difference over two minutes is shown and the server's time is used.
export const SKEW_LIMIT_S = 120;

let offsetMs = 0; // server time - device time, applied when |skew| > SKEW_LIMIT_S
let measuredSkewS: number | null = null;

/** Epoch seconds, corrected for a known device clock error. */
export const nowSeconds = (): number => Math.floor((Date.now() + offsetMs) / 1000);
export const clockOffsetMs = (): number => offsetMs;
export const measuredSkew = (): number | null => measuredSkewS;

export function setClockOffset(ms: number): void {
  offsetMs = ms;
  measuredSkewS = Math.round(ms / 1000);
}

/**
 * Measures skew from a response's Date header (1 s resolution; the request's midpoint is the device's
 * reference). Returns the skew in seconds, or null when there is no usable header.
 */
export function measureSkew(response: Response, sentAtMs: number, receivedAtMs: number): number | null {
  const header = response.headers.get('date');
  if (!header) return null;
  const server = Date.parse(header);
  if (!Number.isFinite(server)) return null;
  const device = (sentAtMs + receivedAtMs) / 2;
  const skewMs = server + 500 - device; // the header truncates to the second
  measuredSkewS = Math.round(skewMs / 1000);
  offsetMs = Math.abs(measuredSkewS) > SKEW_LIMIT_S ? skewMs : 0;
  return measuredSkewS;
}

export interface DocumentAges {
  trustList: { iat: number };
  rules: { iat: number; builtIn: boolean };
  statusList: { iat: number } | null;
}

/** The age that matters for "data updated N ago": the status list, else signed rules, else the trust list. */
export function dataIssuedAt(info: DocumentAges): number {
  if (info.statusList) return info.statusList.iat;
  if (!info.rules.builtIn) return info.rules.iat;
  return info.trustList.iat;
}
