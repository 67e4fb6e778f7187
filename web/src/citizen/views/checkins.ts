// My check-ins: GET /api/v1/me/checkins, newest first, 50 at a time ("load more" pages with ?before=).
import { t } from '../i18n';
import type { MyCheckin } from '../risk';
import { busy, call, dateTime, h, type View } from '../session';

export const checkinsView: View = (app) => {
  const s = t();
  let stopped = false;
  const list = h('ul', { class: 'cards', 'data-testid': 'checkin-list' });
  const more = h('button', { type: 'button', 'data-testid': 'checkins-more', hidden: true }, s.loadMore);
  let before: number | null = null;

  const item = (c: MyCheckin) =>
    h(
      'li',
      {
        class: 'card',
        'data-testid': 'checkin-item',
        'data-place-id': c.place.id,
        'data-method': c.method,
        'data-time': String(c.time),
      },
      h(
        'div',
        { class: 'card-head' },
        h('strong', { class: 'card-name' }, c.place.name),
        h('time', { datetime: new Date(c.time * 1000).toISOString(), class: 'card-time' }, dateTime(c.time)),
      ),
      h('p', { class: 'card-meta' }, c.place.address),
      h(
        'p',
        { class: 'card-meta' },
        [
          s.method[c.method] ?? c.method,
          c.checkpoint ?? '',
          c.decision ? (s.decision[c.decision] ?? c.decision) : '',
          c.companion ? s.companionFlag : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    );

  const load = async () => {
    const q = before === null ? '?limit=50' : `?limit=50&before=${before}`;
    const { checkins } = await call<{ checkins: MyCheckin[] }>('GET', `api/v1/me/checkins${q}`);
    if (stopped) return;
    if (before === null) list.replaceChildren();
    list.append(...checkins.map(item));
    if (before === null && !checkins.length)
      list.append(h('li', { class: 'hint', 'data-testid': 'checkins-empty' }, s.checkinsEmpty));
    more.hidden = checkins.length < 50;
    if (checkins.length) before = checkins[checkins.length - 1].time;
  };
  more.onclick = () => void busy(app, more, load);

  app.root.replaceChildren(h('h2', {}, s.checkinsTitle), h('p', { class: 'hint' }, s.checkinsHint), list, more);
  load().catch((e) => app.error(e));
  return () => void (stopped = true);
};
