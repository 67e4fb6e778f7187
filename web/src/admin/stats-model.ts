// Statistics without the DOM: the response of GET /api/v1/places/{id}/statistics (docs/api.md), the
// series a chart draws (empty buckets filled in: the server lists only non-empty ones) and the CSV of what
// is shown.
import { COUNT_KEYS, type CountKey } from './i18n';
import { formatAt } from './session';

export type Counts = Record<CountKey, number>;

export interface Statistics {
  placeId: string;
  from: number;
  to: number;
  by: 'hour' | 'day';
  utcOffset: number;
  totals: Counts;
  buckets: (Counts & { start: number })[];
  byInspector: (Counts & { inspectorId: string; phone: string })[];
  byCheckpoint: (Counts & { checkpoint: string | null })[];
}

/** Every bucket of [from, to) in order, with zero counts where the server listed none. */
export function fillBuckets(st: Statistics): { start: number; visits: number }[] {
  const size = st.by === 'hour' ? 3600 : 86400;
  const off = st.utcOffset * 60;
  const known = new Map(st.buckets.map((b) => [b.start, b.visits]));
  const out: { start: number; visits: number }[] = [];
  let start = Math.floor((st.from + off) / size) * size - off;
  for (; start < st.to && out.length < 10000; start += size) out.push({ start, visits: known.get(start) ?? 0 });
  return out;
}

/** Bucket label: "2026-12-02 09:00" by hour, "2026-12-02" by day (at the statistics' offset). */
export const bucketLabel = (st: Statistics, start: number): string => formatAt(start, st.utcOffset, st.by === 'hour');

export interface CsvWords {
  section: string;
  item: string;
  total: string;
  bucket: string;
  inspector: string;
  checkpoint: string;
  noCheckpoint: string;
  counts: Record<CountKey, string>;
}

/** One field: quoted when needed; a leading = + - @ (a formula to a spreadsheet) is neutralised with '. */
export function csvField(value: string | number): string {
  let v = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * The statistics shown, as CSV (RFC 4180, CRLF): one header row, then the totals, each non-empty bucket,
 * each inspector and each checkpoint, all with the same count columns. Starts with a UTF-8 BOM so that
 * Excel reads the Chinese correctly.
 */
export function statisticsCsv(st: Statistics, w: CsvWords): string {
  const row = (section: string, item: string, c: Counts) =>
    [section, item, ...COUNT_KEYS.map((k) => c[k] ?? 0)].map(csvField).join(',');
  const lines = [
    [w.section, w.item, ...COUNT_KEYS.map((k) => w.counts[k])].map(csvField).join(','),
    row(w.total, `${formatAt(st.from, st.utcOffset)} – ${formatAt(st.to, st.utcOffset)}`, st.totals),
    ...st.buckets.map((b) => row(w.bucket, bucketLabel(st, b.start), b)),
    ...st.byInspector.map((i) => row(w.inspector, i.phone || i.inspectorId, i)),
    ...st.byCheckpoint.map((c) => row(w.checkpoint, c.checkpoint ?? w.noCheckpoint, c)),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
