// Venue risk check: the published risk notices matched on this phone against my check-ins (../risk.ts).
// A match is shown prominently with advice; otherwise "no match".
import { t } from '../i18n';
import { checkRisk, type RiskCheck } from '../risk';
import { busy, dateTime, h, hms, type View } from '../session';

export const riskView: View = (app) => {
  const s = t();
  let stopped = false;
  const result = h('section', {
    class: 'risk-result',
    'data-testid': 'risk-result',
    'aria-live': 'polite',
    'aria-busy': 'true',
  });
  const updated = h('p', { class: 'hint', 'data-testid': 'risk-updated' });
  const again = h('button', { type: 'button', 'data-testid': 'risk-check' }, s.riskCheckNow);

  const draw = (r: RiskCheck) => {
    result.setAttribute('aria-busy', 'false');
    result.dataset.matches = String(r.matches.length);
    updated.textContent = s.riskUpdated(dateTime(r.notices.iat), r.notices.notices.length);
    if (!r.matches.length) {
      result.className = 'risk-result risk-none';
      result.replaceChildren(
        h(
          'p',
          { class: 'risk-head', 'data-testid': 'risk-none' },
          h('span', { 'aria-hidden': 'true' }, '✓ '),
          s.riskNone,
        ),
      );
      return;
    }
    result.className = 'risk-result risk-match';
    result.replaceChildren(
      h(
        'p',
        { class: 'risk-head', 'data-testid': 'risk-match-count' },
        h('span', { 'aria-hidden': 'true' }, '⚠ '),
        s.riskMatch(r.matches.length),
      ),
      h('p', { class: 'risk-advice', 'data-testid': 'risk-advice' }, s.riskAdvice),
      h(
        'ul',
        { class: 'plain risk-list' },
        ...r.matches.map((m) =>
          h(
            'li',
            { 'data-testid': 'risk-match', 'data-place-id': m.notice.place },
            h('strong', {}, m.notice.name || m.checkin.place.name),
            h('span', {}, `${s.yourVisit}${dateTime(m.checkin.time)}`),
            h(
              'span',
              {},
              `${s.riskWindow}${dateTime(m.notice.from)} – ${sameDay(m.notice.from, m.notice.to) ? hms(new Date(m.notice.to * 1000)).slice(0, 5) : dateTime(m.notice.to)}`,
            ),
          ),
        ),
      ),
    );
  };

  const load = async () => {
    result.setAttribute('aria-busy', 'true');
    try {
      const r = await checkRisk();
      if (!stopped) draw(r);
    } catch (e) {
      if (stopped) return;
      result.className = 'risk-result';
      result.setAttribute('aria-busy', 'false');
      result.dataset.matches = 'unknown';
      result.replaceChildren(h('p', { class: 'risk-head', 'data-testid': 'risk-unavailable' }, s.riskUnavailable));
      throw e;
    }
  };
  again.onclick = () => void busy(app, again, load);

  app.root.replaceChildren(h('h2', {}, s.riskTitle), h('p', { class: 'hint' }, s.riskHint), result, updated, again);
  load().catch((e) => app.error(e));
  return () => void (stopped = true);
};

const sameDay = (a: number, b: number) => dateTime(a).slice(0, 10) === dateTime(b).slice(0, 10);
