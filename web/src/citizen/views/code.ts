// "My code": GET /api/v1/me/code shown large (the server's SVG, as an image), the status as a coloured
// banner with words, the masked name, a live clock and a refresh before the code expires.
import { nowSeconds } from '../../shared/clock';
import { t } from '../i18n';
import { checkRisk } from '../risk';
import { busy, call, h, type View } from '../session';

export interface MyCode {
  text: string;
  svg: string;
  status: string;
  issuedAt: number;
  expiresAt: number;
  seq: number;
}

/** Refresh 60 s before expiry, and at least every 240 s. */
export const refreshDelayS = (c: MyCode, now: number): number =>
  Math.max(5, Math.min(c.expiresAt - 60, c.issuedAt + 240) - now);

const pad = (n: number) => String(n).padStart(2, '0');
const hms = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

export const codeView: View = (app) => {
  const s = t();
  const banner = h('section', { class: 'banner', 'data-testid': 'status-banner', 'aria-live': 'polite' });
  const img = h('img', { 'data-testid': 'code-image', alt: '' });
  const card = h('section', { class: 'code-card', 'data-testid': 'my-code' });
  const who = h('p', { class: 'who', 'data-testid': 'masked-name' }, app.me?.person?.name ?? '');
  const clock = h('p', { class: 'clock', 'data-testid': 'clock', 'aria-live': 'off' });
  const date = h('p', { class: 'date' });
  const expires = h('p', { class: 'expires', 'data-testid': 'expires' });
  const refresh = h('button', { type: 'button', 'data-testid': 'refresh-code' }, s.refresh);
  const again = h('button', { type: 'button', 'data-testid': 'declare-again' }, s.declareAgain);
  card.append(img, who, clock, date, expires);
  // A risk notice matching one of my visits (matched on this phone, ../risk.ts) is shown above the code.
  const riskAlert = h('button', { type: 'button', class: 'risk-alert', 'data-testid': 'risk-alert', hidden: true });
  riskAlert.onclick = () => void app.go('risk');
  app.root.replaceChildren(
    h('h2', { class: 'visually-hidden' }, s.codeTitle),
    riskAlert,
    banner,
    card,
    h('div', { class: 'actions' }, refresh, again),
  );

  let refreshTimer: number | undefined;
  let current: MyCode | null = null;
  let loading = false;
  let lastTry = 0;

  const tick = () => {
    const now = new Date(nowSeconds() * 1000 + (Date.now() % 1000));
    clock.textContent = hms(now);
    date.textContent = now.toLocaleDateString(document.documentElement.lang, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      weekday: 'long',
    });
    if (!current) return;
    // An expired code is greyed out and says so (a phone that slept past the refresh), and is fetched again.
    const expired = nowSeconds() >= current.expiresAt;
    card.classList.toggle('expired', expired);
    card.dataset.expired = expired ? '1' : '0';
    expires.textContent = expired ? s.codeExpired : `${s.validUntil} ${hms(new Date(current.expiresAt * 1000))}`;
    if (expired && !loading && nowSeconds() - lastTry >= 10) void load();
  };

  const show = (c: MyCode) => {
    current = c;
    const word = s.statusWord[c.status] ?? c.status;
    banner.className = `banner status-${c.status}`;
    banner.dataset.status = c.status;
    banner.replaceChildren(
      h('p', { class: 'status-word' }, word),
      h('p', { class: 'status-hint' }, s.statusHint[c.status] ?? ''),
    );
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(c.svg)}`;
    img.alt = s.codeAlt(word);
    card.dataset.code = c.text;
    card.dataset.status = c.status;
    card.dataset.expiresAt = String(c.expiresAt);
    card.dataset.seq = String(c.seq);
    tick();
  };

  const load = async () => {
    clearTimeout(refreshTimer);
    loading = true;
    lastTry = nowSeconds();
    try {
      const c = await call<MyCode>('GET', 'api/v1/me/code');
      show(c);
      app.clearError();
      refreshTimer = window.setTimeout(() => void load(), refreshDelayS(c, nowSeconds()) * 1000);
    } catch (e) {
      app.error(e);
      const code = (e as { code?: string }).code;
      if (code === 'person.identity_required' || code === 'person.declaration_required' || code === 'auth.required')
        return void app.go();
      refreshTimer = window.setTimeout(() => void load(), 30000); // offline or busy: try again soon
    } finally {
      loading = false;
    }
  };

  refresh.onclick = () => void busy(app, refresh, load);
  again.onclick = () => void app.go('declaration');
  tick();
  const clockTimer = window.setInterval(tick, 250);
  const onVisible = () => {
    if (document.visibilityState === 'visible' && current && current.expiresAt - 60 <= nowSeconds()) void load();
  };
  document.addEventListener('visibilitychange', onVisible);
  void load();
  let stopped = false;
  checkRisk().then(
    (r) => {
      if (stopped || !r.matches.length) return;
      riskAlert.replaceChildren(h('strong', {}, `⚠ ${s.riskMatch(r.matches.length)}`), h('span', {}, s.riskAlertOpen));
      riskAlert.hidden = false;
    },
    () => {},
  ); // no notices (offline, or an older server): nothing to show here
  return () => {
    stopped = true;
    clearInterval(clockTimer);
    clearTimeout(refreshTimer);
    document.removeEventListener('visibilitychange', onVisible);
  };
};
