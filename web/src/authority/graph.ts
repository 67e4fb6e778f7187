// The contact graph as inline SVG (no libraries): the case on the left, close contacts in the middle
// column, secondary contacts on the right; an edge for each distinct `via` link (case → close contact,
// close contact → secondary contact through `through`). Nodes carry the status as a word, not only colour.
import { statusWord, t } from './i18n';

export interface Via {
  placeId: string;
  placeName: string;
  checkinId: string;
  sourceCheckinId: string;
  through: string | null;
  start: number;
  end: number;
}
export interface Contact {
  personId: string | null;
  registered: boolean;
  name: string;
  idNumber?: string;
  phone?: string | null;
  status: string | null;
  proposed: string | null;
  depth: number;
  exposureMinutes: number;
  exposureSeconds: number;
  firstExposure: number;
  lastExposure: number;
  via: Via[];
}

const NS = 'http://www.w3.org/2000/svg';
function el<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The node key of a contact: its person id, or its position for people registered by hand only. */
export const contactKey = (c: Contact, i: number): string => c.personId ?? `unregistered-${i}`;

/** Edges [from, to, place] as keys ('case' is the case). */
export function edges(contacts: Contact[]): [string, string, string][] {
  const keys = contacts.map(contactKey);
  // A close contact registered by hand has no person id; a secondary contact's `through` then is not a
  // person id, so it is matched by the check-in the exposure came from.
  const byCheckin = new Map<string, string>();
  contacts.forEach((c, i) => {
    if (c.depth === 1) for (const v of c.via) byCheckin.set(v.checkinId, keys[i]);
  });
  const byPerson = new Set(keys);
  const unregisteredClose = contacts.flatMap((c, i) => (c.depth === 1 && !c.personId ? [keys[i]] : []));
  const seen = new Set<string>();
  const out: [string, string, string][] = [];
  contacts.forEach((c, i) => {
    for (const v of c.via) {
      const from =
        c.depth <= 1
          ? 'case'
          : v.through && byPerson.has(v.through)
            ? v.through
            : (byCheckin.get(v.sourceCheckinId) ?? (unregisteredClose.length === 1 ? unregisteredClose[0] : 'unknown'));
      const id = `${from}>${keys[i]}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push([from, keys[i], v.placeName]);
    }
  });
  return out;
}

const FILL: Record<string, string> = {
  green: '#0a6b2f',
  yellow: '#ffbf00',
  orange: '#a63c00',
  red: '#b3141c',
  revoked: '#b3141c',
};

export function contactGraph(
  subject: { name: string; status: string | null; proposed?: string | null },
  contacts: Contact[],
): SVGSVGElement {
  const s = t();
  const close = contacts.map((c, i) => ({ c, k: contactKey(c, i) })).filter((x) => x.c.depth <= 1);
  const secondary = contacts.map((c, i) => ({ c, k: contactKey(c, i) })).filter((x) => x.c.depth >= 2);
  const links = edges(contacts);
  const hasUnknown = links.some(([from]) => from === 'unknown');
  const rowH = 56;
  const rows = Math.max(1, close.length + (hasUnknown ? 1 : 0), secondary.length);
  const height = rows * rowH + 40;
  const width = 900;
  const col = [120, 450, 780];
  const pos = new Map<string, [number, number]>();
  pos.set('case', [col[0], height / 2]);
  const closeRows = close.length + (hasUnknown ? 1 : 0);
  close.forEach((x, i) => pos.set(x.k, [col[1], 20 + rowH * i + rowH / 2 + ((rows - closeRows) * rowH) / 2]));
  secondary.forEach((x, i) =>
    pos.set(x.k, [col[2], 20 + rowH * i + rowH / 2 + ((rows - secondary.length) * rowH) / 2]),
  );
  if (hasUnknown) pos.set('unknown', [col[1], 20 + rowH * close.length + rowH / 2 + ((rows - closeRows) * rowH) / 2]);

  const svg = el('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    role: 'img',
    'aria-labelledby': 'graph-title graph-desc',
    'data-testid': 'contact-graph',
    class: 'graph',
  });
  svg.append(
    el('title', { id: 'graph-title' }, s.graphTitle),
    el('desc', { id: 'graph-desc' }, s.graphDesc(close.length, secondary.length)),
  );
  const edgeLayer = el('g', { class: 'edges' });
  const nodeLayer = el('g', { class: 'nodes' });
  svg.append(edgeLayer, nodeLayer);
  for (const [from, to, place] of links) {
    const a = pos.get(from);
    const b = pos.get(to);
    if (!a || !b) continue;
    const line = el('line', {
      x1: a[0] + 90,
      y1: a[1],
      x2: b[0] - 90,
      y2: b[1],
      stroke: '#4a5563',
      'stroke-width': 2,
      'data-from': from,
      'data-to': to,
      class: 'edge',
    });
    line.append(el('title', {}, place));
    edgeLayer.append(line);
  }
  const node = (key: string, label: string, sub: string, status: string | null, testKind: string) => {
    const [x, y] = pos.get(key)!;
    const g = el('g', { class: `node node-${testKind}`, 'data-node': key });
    g.append(
      el('rect', {
        x: x - 90,
        y: y - 22,
        width: 180,
        height: 44,
        rx: 8,
        fill: '#fff',
        stroke: status ? (FILL[status] ?? '#4a5563') : '#4a5563',
        'stroke-width': 3,
      }),
    );
    if (status)
      g.append(el('rect', { x: x - 90, y: y - 22, width: 10, height: 44, rx: 3, fill: FILL[status] ?? '#4a5563' }));
    g.append(el('text', { x: x - 72, y: y - 4, 'font-size': 15, 'font-weight': 700, fill: '#1a1a1a' }, label));
    g.append(el('text', { x: x - 72, y: y + 14, 'font-size': 12, fill: '#3b3b3b' }, sub));
    nodeLayer.append(g);
  };
  node(
    'case',
    subject.name,
    `${s.graphCase} · ${subject.proposed && subject.proposed !== subject.status ? `${statusWord(subject.status)} → ${statusWord(subject.proposed)}` : statusWord(subject.status)}`,
    subject.proposed ?? subject.status,
    'case',
  );
  const change = (c: Contact) =>
    !c.registered
      ? s.unregisteredShort
      : c.proposed && c.proposed !== c.status
        ? `${statusWord(c.status)} → ${statusWord(c.proposed)}`
        : statusWord(c.status);
  for (const x of close)
    node(x.k, x.c.name || s.none, `${s.closeShort} · ${change(x.c)}`, x.c.proposed ?? x.c.status, 'close');
  for (const x of secondary)
    node(x.k, x.c.name || s.none, `${s.secondaryShort} · ${change(x.c)}`, x.c.proposed ?? x.c.status, 'secondary');
  if (hasUnknown) node('unknown', '?', s.unregisteredShort, null, 'unknown');
  // Column headings
  for (const [i, text] of [s.graphCase, s.roles.close, s.roles.secondary].entries())
    svg.insertBefore(
      el('text', { x: col[i], y: 14, 'text-anchor': 'middle', 'font-size': 12, fill: '#3b3b3b' }, text),
      edgeLayer,
    );
  return svg;
}
