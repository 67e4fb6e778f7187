// My itinerary (行程卡): GET /api/v1/me/itinerary, the regions of the last 14 days, newest first, each with its
// day; a region the published region-risk list marks is starred with its level (words and ★, not colour alone).
// The same itinerary rides in my personal code, where a checkpoint checks it offline.
import { epochDayIso, regionLabel } from '../../shared/regions';
import { getLocale, t } from '../i18n';
import { busy, call, dateTime, h, type View } from '../session';

export interface ItineraryDay {
  region: string;
  /** UTC epoch day. */
  day: number;
  level: 'high' | 'medium' | null;
}
export interface Itinerary {
  days: number;
  itinerary: ItineraryDay[];
  regionRisk: { seq: number; iat: number } | null;
}

export const itineraryView: View = (app) => {
  const s = t();
  let stopped = false;
  const list = h('ul', { class: 'cards', 'data-testid': 'itinerary-list', 'aria-busy': 'true' });
  const updated = h('p', { class: 'hint', 'data-testid': 'itinerary-updated' });
  const again = h('button', { type: 'button', 'data-testid': 'itinerary-refresh' }, s.refresh);

  const item = (v: ItineraryDay) =>
    h(
      'li',
      {
        class: `card itinerary-item${v.level ? ' starred' : ''}`,
        'data-testid': 'itinerary-item',
        'data-region': v.region,
        'data-day': String(v.day),
        'data-level': v.level ?? '',
      },
      h(
        'div',
        { class: 'card-head' },
        h(
          'strong',
          { class: 'card-name' },
          v.level ? h('span', { class: 'star', 'aria-hidden': 'true' }, '★ ') : '',
          regionLabel(v.region, getLocale()),
        ),
        h('time', { datetime: epochDayIso(v.day), class: 'card-time' }, epochDayIso(v.day)),
      ),
      v.level
        ? h(
            'p',
            { class: `card-meta risk-level risk-${v.level}`, 'data-testid': 'itinerary-level' },
            s.itineraryLevel[v.level],
          )
        : null,
    );

  const load = async () => {
    list.setAttribute('aria-busy', 'true');
    const data = await call<Itinerary>('GET', 'api/v1/me/itinerary');
    if (stopped) return;
    const days = [...data.itinerary].sort((a, b) => b.day - a.day || a.region.localeCompare(b.region));
    list.replaceChildren(...days.map(item));
    if (!days.length) list.append(h('li', { class: 'hint', 'data-testid': 'itinerary-empty' }, s.itineraryEmpty));
    list.dataset.starred = String(days.filter((d) => d.level).length);
    list.setAttribute('aria-busy', 'false');
    updated.textContent = data.regionRisk ? s.itineraryRiskAt(dateTime(data.regionRisk.iat)) : s.itineraryNoRisk;
  };
  again.onclick = () => void busy(app, again, load);

  app.root.replaceChildren(
    h('h2', {}, s.itineraryTitle),
    h('p', { class: 'hint' }, s.itineraryHint),
    list,
    updated,
    again,
  );
  load().catch((e) => app.error(e));
  return () => void (stopped = true);
};
