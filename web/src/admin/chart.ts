// A bar chart as inline SVG (no library): one bar per bucket, a y axis with its maximum, x labels spaced
// out to fit, a <title> per bar (hover) and an accessible name and description; the page puts a table of
// the same numbers beside it as the text alternative.
const NS = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...children);
  return e;
}

export interface Bar {
  label: string; // full label (title, table)
  short: string; // axis label
  value: number;
}

let charts = 0;

/**
 * An SVG bar chart; `title` and `summary` become its accessible name and description. `width` is the
 * drawing's width in CSS pixels (the container's), so that its 12 px labels stay 12 px on a phone.
 */
export function barChart(bars: Bar[], title: string, summary: string, width = 720): SVGSVGElement {
  const id = `chart-${++charts}`;
  const W = Math.round(Math.min(1100, Math.max(300, width))),
    H = 240,
    left = 36,
    right = 8,
    top = 12,
    bottom = 36;
  const plotW = W - left - right,
    plotH = H - top - bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  // A round axis maximum (1, 2, 5 × 10^n) at or above the largest value.
  const step = 10 ** Math.floor(Math.log10(max));
  const axisMax = [1, 2, 5, 10].map((m) => m * step).find((v) => v >= max) ?? max;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(1, slot * 0.8);
  const every = Math.max(1, Math.ceil(bars.length / Math.max(2, Math.floor(plotW / 44)))); // labels ~44 px apart
  const y = (v: number) => top + plotH - (v / axisMax) * plotH;

  const svg = el(
    'svg',
    {
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-labelledby': `${id}-t`,
      'aria-describedby': `${id}-d`,
      class: 'chart',
      preserveAspectRatio: 'xMidYMid meet',
    },
    el('title', { id: `${id}-t` }, title),
    el('desc', { id: `${id}-d` }, summary),
  );
  const grid = el('g', { class: 'gridlines', 'aria-hidden': 'true' });
  for (const v of Number.isInteger(axisMax / 2) ? [0, axisMax / 2, axisMax] : [0, axisMax]) {
    grid.append(
      el('line', { x1: left, x2: W - right, y1: y(v), y2: y(v) }),
      el('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)),
    );
  }
  svg.append(grid);
  const group = el('g', { class: 'bars' });
  bars.forEach((b, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    const h = (b.value / axisMax) * plotH;
    group.append(
      el(
        'rect',
        {
          x: x.toFixed(2),
          y: (top + plotH - h).toFixed(2),
          width: barW.toFixed(2),
          height: h.toFixed(2),
          'data-value': b.value,
          'data-label': b.label,
        },
        el('title', {}, `${b.label}: ${b.value}`),
      ),
    );
    if (i % every === 0) {
      group.append(
        el(
          'text',
          {
            x: (left + i * slot + slot / 2).toFixed(2),
            y: H - bottom + 16,
            'text-anchor': 'middle',
            class: 'x-label',
            'aria-hidden': 'true',
          },
          b.short,
        ),
      );
    }
  });
  svg.append(
    group,
    el('line', { class: 'axis', x1: left, x2: W - right, y1: top + plotH, y2: top + plotH, 'aria-hidden': 'true' }),
  );
  return svg;
}
