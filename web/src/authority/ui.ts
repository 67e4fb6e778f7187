// Shared pieces of the console's views: status badges (word + colour, never colour alone), tables with a
// caption and header cells, sections with a heading.
import { statusWord, t } from './i18n';
import { h } from './session';

export const STATUSES = ['green', 'yellow', 'orange', 'red'] as const;

export function badge(status: string | null | undefined): HTMLElement {
  if (!status) return h('span', { class: 'badge badge-none' }, t().none);
  return h('span', { class: `badge status-${status}`, 'data-status': status }, statusWord(status));
}

type Cell = Node | string | number | null | undefined;

/** A table: caption (visually shown as the section heading's neighbour), header row, body rows. */
export function table(
  testid: string,
  caption: string,
  headers: string[],
  rows: Cell[][],
  attrs: Record<string, string>[] = [],
): HTMLElement {
  const cell = (c: Cell) => (c === null || c === undefined ? t().none : typeof c === 'number' ? String(c) : c);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { 'data-testid': testid },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, ...rows.map((r, i) => h('tr', attrs[i] ?? {}, ...r.map((c) => h('td', {}, cell(c)))))),
    ),
  );
}

/** A titled section; `level` is the heading level (2 or 3). */
export function section(
  title: string,
  testid: string,
  ...children: (Node | string | null | false | undefined)[]
): HTMLElement {
  return h('section', { class: 'panel', 'data-testid': testid, 'aria-label': title }, h('h3', {}, title), ...children);
}

export const empty = (text: string, testid?: string) => h('p', { class: 'empty', 'data-testid': testid }, text);
