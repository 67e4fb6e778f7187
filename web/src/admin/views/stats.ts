// Statistics (GET /api/v1/places/{id}/statistics?from&to&by&utcOffset): totals, visits per hour or per
// day as an SVG bar chart with a table of the same numbers, per inspector and per checkpoint tables, and
// a CSV export of exactly what is shown. Times are the venue's (UTC+8, the server's default offset).
import { nowSeconds } from '../../shared/clock';
import { barChart } from '../chart';
import { COUNT_KEYS, getLocale, t } from '../i18n';
import { busy, call, formatAt, h, offsetName, placePath, saveBlob, type View } from '../session';
import { bucketLabel, fillBuckets, statisticsCsv, type Counts, type Statistics } from '../stats-model';

const UTC_OFFSET = 480;
const RANGES: Record<'hour' | 'day', { key: string; count: number }[]> = {
  hour: [
    { key: 'h24', count: 24 },
    { key: 'h72', count: 72 },
    { key: 'd7', count: 168 },
  ],
  day: [
    { key: 'd7', count: 7 },
    { key: 'd14', count: 14 },
    { key: 'd30', count: 30 },
    { key: 'd90', count: 90 },
  ],
};
// The choice survives a language switch (the view is redrawn).
let choice: { by: 'hour' | 'day'; range: string } = { by: 'hour', range: 'h24' };

/** [from, to) covering `count` whole buckets, the last one holding now. */
export function windowFor(
  by: 'hour' | 'day',
  count: number,
  now: number,
  offsetMinutes: number,
): { from: number; to: number } {
  const size = by === 'hour' ? 3600 : 86400;
  const off = offsetMinutes * 60;
  const current = Math.floor((now + off) / size) * size - off;
  return { from: current - (count - 1) * size, to: now + 1 };
}

export const statsView: View = (app) => {
  const s = t();
  const placeId = app.me!.adminOf!;
  let alive = true;
  let shown: Statistics | null = null;

  const byHour = h('input', {
    type: 'radio',
    name: 'by',
    value: 'hour',
    id: 'by-hour',
    'data-testid': 'by-hour',
    checked: choice.by === 'hour',
  });
  const byDay = h('input', {
    type: 'radio',
    name: 'by',
    value: 'day',
    id: 'by-day',
    'data-testid': 'by-day',
    checked: choice.by === 'day',
  });
  const range = h('select', { id: 'range', 'data-testid': 'range' });
  const refresh = h('button', { type: 'submit', 'data-testid': 'stats-refresh' }, s.refresh);
  const exportCsv = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'export-csv', disabled: true },
    s.exportCsv,
  );
  const period = h('p', { class: 'hint', 'data-testid': 'stats-period', 'aria-live': 'polite' }, s.loading);
  const totals = h('dl', { class: 'totals', 'data-testid': 'totals' });
  const chartBox = h('div', { 'data-testid': 'chart' });
  const inspectors = h('div', { 'data-testid': 'by-inspector' });
  const checkpoints = h('div', { 'data-testid': 'by-checkpoint' });

  const fillRanges = () => {
    const list = RANGES[choice.by];
    if (!list.some((r) => r.key === choice.range)) choice.range = choice.by === 'hour' ? 'h24' : 'd14';
    range.replaceChildren(
      ...list.map((r) => h('option', { value: r.key, selected: r.key === choice.range }, s.ranges[r.key])),
    );
  };
  fillRanges();

  const controls = h(
    'form',
    { class: 'controls', 'data-testid': 'stats-controls' },
    h(
      'fieldset',
      { class: 'segmented' },
      h('legend', {}, s.groupBy),
      h('label', { for: 'by-hour', class: 'check' }, byHour, s.byHour),
      h('label', { for: 'by-day', class: 'check' }, byDay, s.byDay),
    ),
    h('label', { for: 'range' }, s.range, range),
    h('div', { class: 'actions' }, refresh, exportCsv),
  );

  app.root.replaceChildren(
    h('h2', {}, s.statsTitle),
    controls,
    period,
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'totals-title' },
      h('h3', { id: 'totals-title' }, s.totals),
      totals,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'chart-title', 'data-testid': 'section-chart' },
      h('h3', { id: 'chart-title' }, choice.by === 'hour' ? s.perHour : s.perDay),
      chartBox,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'by-inspector-title' },
      h('h3', { id: 'by-inspector-title' }, s.byInspector),
      inspectors,
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'by-checkpoint-title' },
      h('h3', { id: 'by-checkpoint-title' }, s.byCheckpoint),
      checkpoints,
    ),
  );

  const countCells = (c: Counts, max?: number) =>
    COUNT_KEYS.map((k) => {
      const td = h('td', { class: 'num', 'data-key': k }, String(c[k] ?? 0));
      if (k === 'visits' && max)
        td.append(
          h('span', {
            class: 'meter',
            'aria-hidden': 'true',
            style: `width:${Math.round(((c.visits ?? 0) / max) * 100)}%`,
          }),
        );
      return td;
    });
  const countHead = (first: string) =>
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, first),
        ...COUNT_KEYS.map((k) => h('th', { scope: 'col', class: 'num' }, s.counts[k])),
      ),
    );
  const table = (
    caption: string,
    first: string,
    rows: { name: string; counts: Counts; attrs?: Record<string, string> }[],
    testid: string,
  ) => {
    if (!rows.length) return h('p', { class: 'empty' }, s.noData);
    const max = Math.max(1, ...rows.map((r) => r.counts.visits ?? 0));
    return h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { 'data-testid': testid },
        h('caption', { class: 'visually-hidden' }, caption),
        countHead(first),
        h(
          'tbody',
          {},
          ...rows.map((r) =>
            h(
              'tr',
              { 'data-testid': `${testid}-row`, ...(r.attrs ?? {}) },
              h('th', { scope: 'row' }, r.name),
              ...countCells(r.counts, max),
            ),
          ),
        ),
      ),
    );
  };

  const render = (st: Statistics) => {
    shown = st;
    const tz = offsetName(st.utcOffset);
    period.textContent = s.period(formatAt(st.from, st.utcOffset), formatAt(st.to, st.utcOffset), tz);
    totals.replaceChildren(
      ...COUNT_KEYS.map((k) =>
        h('div', {}, h('dt', {}, s.counts[k]), h('dd', { 'data-testid': `total-${k}` }, String(st.totals[k] ?? 0))),
      ),
    );
    const what = st.by === 'hour' ? s.perHour : s.perDay;
    document.getElementById('chart-title')!.textContent = getLocale() === 'en' ? `${what} (${tz})` : `${what}（${tz}）`;
    const series = fillBuckets(st);
    const top = st.buckets.reduce<Statistics['buckets'][number] | null>(
      (a, b) => (!a || b.visits > a.visits ? b : a),
      null,
    );
    const summary = s.chartSummary(
      st.buckets.length,
      st.totals.visits,
      top?.visits ?? 0,
      top ? bucketLabel(st, top.start) : '',
    );
    const bars = series.map((b) => {
      const label = bucketLabel(st, b.start);
      return { label, value: b.visits, short: st.by === 'hour' ? label.slice(11, 13) : label.slice(5) };
    });
    chartBox.replaceChildren(
      barChart(bars, what, summary, chartBox.clientWidth || 720),
      h('p', { class: 'hint', 'data-testid': 'chart-summary' }, summary),
      h(
        'details',
        { class: 'chart-table' },
        h('summary', {}, s.tableOf(what)),
        table(
          what,
          s.time,
          st.buckets.map((b) => ({
            name: bucketLabel(st, b.start),
            counts: b,
            attrs: { 'data-start': String(b.start) },
          })),
          'buckets',
        ),
      ),
    );
    inspectors.replaceChildren(
      table(
        s.byInspector,
        s.inspector,
        st.byInspector.map((i) => ({
          name: i.phone || i.inspectorId,
          counts: i,
          attrs: { 'data-inspector-id': i.inspectorId },
        })),
        'inspector-stats',
      ),
    );
    checkpoints.replaceChildren(
      table(
        s.byCheckpoint,
        s.checkpoint,
        st.byCheckpoint.map((c) => ({
          name: c.checkpoint ?? s.noCheckpoint,
          counts: c,
          attrs: { 'data-checkpoint': c.checkpoint ?? '' },
        })),
        'checkpoint-stats',
      ),
    );
    exportCsv.disabled = false;
    app.root.dataset.statsLoaded = `${st.by}:${st.from}:${st.to}`;
  };

  const load = async () => {
    const count = RANGES[choice.by].find((r) => r.key === choice.range)!.count;
    const { from, to } = windowFor(choice.by, count, nowSeconds(), UTC_OFFSET);
    const st = await call<Statistics>(
      'GET',
      placePath(placeId, `/statistics?from=${from}&to=${to}&by=${choice.by}&utcOffset=${UTC_OFFSET}`),
    );
    if (alive) render(st);
  };

  const onChange = () => {
    choice = { by: byDay.checked ? 'day' : 'hour', range: range.value };
    fillRanges();
    app.notice(''); // "exported …" was about the previous selection
    void busy(app, refresh, load);
  };
  byHour.onchange = onChange;
  byDay.onchange = onChange;
  range.onchange = onChange;
  controls.onsubmit = (ev) => {
    ev.preventDefault();
    void busy(app, refresh, load);
  };
  exportCsv.onclick = () => {
    if (!shown) return;
    const st = shown;
    const csv = statisticsCsv(st, {
      section: s.csvSection,
      item: s.csvItem,
      total: s.csvTotal,
      bucket: st.by === 'hour' ? s.csvHour : s.csvDay,
      inspector: s.inspector,
      checkpoint: s.checkpoint,
      noCheckpoint: s.noCheckpoint,
      counts: s.counts,
    });
    const file = `greenlight-statistics-${st.placeId}-${st.by}-${formatAt(st.from, st.utcOffset, false)}.csv`;
    saveBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), file);
    app.notice(s.exported(file));
  };

  void busy(app, refresh, load);
  return () => {
    alive = false;
  };
};
