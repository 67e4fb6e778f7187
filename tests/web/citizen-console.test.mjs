// The citizen console (/citizen/) against the real greenlight-server (--demo, SQLite in a temp dir, serving
// its own build of web/ so it never races checkpoint.test.mjs over web/dist):
//   the demo citizen 13800000003 signs in; the phone's fake camera shows the market's place code (read through
//   the API as the market's demo admin); the self check-in succeeds and a full-screen confirmation shows the
//   place and a clock that advances; "my check-ins" lists it; a proxy is created, shown full-screen and revoked;
//   a second check-in (the pasted code) takes the demo proxy and a typed-in person along as companions; the venue risk check says
//   "no match" until the demo authority confirms a case for someone else at the market, then (after a reload)
//   shows the match with advice, but not the pharmacy the case also visited, where the citizen was turned away
//   at the door at the same minute. "My itinerary": a new citizen's self check-in at a place in 440902 is
//   listed (no star), then starred with its level once the demo authority publishes 440902 as high risk
//   (newest first, zh and en); a citizen with no visits sees the empty state. Screenshots: test-results/citizen/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { launchChromium } from '../browser/harness.mjs';
import {
  api,
  fakeCamera,
  idNumber as idNumberBorn,
  newPhone,
  signInByApi,
  smsCode,
  startE2EServer,
  stopE2EServer,
} from '../e2e/harness.mjs';
import { citizenByApi } from '../support/demo-server.mjs';
import { contrast, makeY4m, repo } from './fixtures.mjs';

const shots = join(repo, 'test-results/citizen');
mkdirSync(shots, { recursive: true });
let server; // { url, proc, output, dataDir }

// A build of our own (in the server's temp dir), so as not to race checkpoint.test.mjs over web/dist.
before(async () => (server = await startE2EServer({ ownBuild: true, prefix: 'gl-citizen-' })));
after(stopE2EServer);

/** A GB 11643 ID number with a valid check character (born 1960-01-01 + n days). */
const idNumber = (n) => idNumberBorn(n, 1960);

const CITIZEN = '13800000003';

test(
  'citizen console: camera check-in, confirmation, check-ins, proxies, companions, risk notices',
  { timeout: 150000 },
  async () => {
    const started = Date.now();
    // The market's place code, as its demo admin reads it.
    const admin = await signInByApi('13800000001');
    assert.match(admin.me.adminOf, /^pl-/);
    const place = await api('GET', `/api/v1/places/${admin.me.adminOf}`, { token: admin.token });
    assert.equal(place.name, '朝阳菜市场');
    assert.match(place.code, /#GL1:/);
    const y4m = makeY4m('citizen-place-code', [place.code], { hold: 2, gap: 0.5 });

    const browser = await launchChromium(fakeCamera(y4m));
    try {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        permissions: ['camera'],
      });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`) });

      // Sign in (the demo citizen already has real-name details and a declaration).
      await page.goto(server.url + '/citizen/');
      await page.waitForSelector('body[data-ready="1"][data-view=signin]', { timeout: 20000 });
      await page.getByTestId('phone').fill(CITIZEN);
      await page.getByTestId('send-otp').click();
      await page.getByTestId('info').and(page.locator(':text("验证码已发送")')).waitFor();
      await page.getByTestId('otp').fill(await smsCode(CITIZEN));
      await page.getByTestId('otp').press('Enter');
      await page.locator('[data-testid=my-code][data-status=green]').waitFor({ timeout: 20000 });
      assert.equal(await page.getByTestId('tabs').isVisible(), true);
      const c1 = await page.getByTestId('clock').textContent();
      assert.match(c1, /^\d\d:\d\d:\d\d$/, 'a clock with seconds');
      await page.waitForFunction((t) => document.querySelector('[data-testid=clock]').textContent !== t, c1, {
        timeout: 3000,
      });
      await shot('01-my-code');

      // The risk check before any case: no match.
      await page.getByTestId('tab-risk').click();
      await page.locator('[data-testid=risk-result][data-matches="0"]').waitFor({ timeout: 10000 });
      assert.match(await page.getByTestId('risk-result').textContent(), /未发现/);
      await shot('02-risk-no-match');

      // Self check-in with the camera: the fake camera shows the market's place code.
      await page.getByTestId('tab-scan').click();
      await page.locator('[data-testid=companion-proxy]').first().waitFor();
      await shot('02b-scan');
      await page.getByTestId('scan-start').click();
      const confirmation = page.getByTestId('checkin-confirmation');
      await confirmation.waitFor({ state: 'visible', timeout: 30000 });
      assert.equal(await page.getByTestId('confirm-place').textContent(), '朝阳菜市场');
      assert.equal(await confirmation.getAttribute('data-place-id'), place.id);
      assert.equal(await confirmation.getAttribute('data-status'), 'green');
      assert.match(await page.getByTestId('confirm-time').textContent(), /登记时间 \d\d:\d\d:\d\d/);
      assert.match(await page.getByTestId('confirm-status').textContent(), /张\*.*绿码/);
      const colours = await confirmation.evaluate((el) => ({
        color: getComputedStyle(el.querySelector('.place')).color,
        background: getComputedStyle(el).backgroundColor,
      }));
      assert.ok(contrast(colours.color, colours.background) >= 4.5, `confirmation contrast ${JSON.stringify(colours)}`);
      const t1 = await page.getByTestId('confirm-clock').textContent();
      await page.waitForFunction((t) => document.querySelector('[data-testid=confirm-clock]').textContent !== t, t1, {
        timeout: 3000,
      });
      await shot('03-checkin-confirmation');
      await page.keyboard.press('Enter'); // "Done" has the focus
      await confirmation.waitFor({ state: 'detached' });

      // My check-ins lists it first.
      await page.getByTestId('tab-checkins').click();
      const first = page.getByTestId('checkin-item').first();
      await first.waitFor();
      assert.equal(await first.getAttribute('data-place-id'), place.id);
      assert.equal(await first.getAttribute('data-method'), 'self-scan');
      assert.match(await first.textContent(), /朝阳菜市场[\s\S]*自助扫码登记/);
      await shot('04-my-checkins');

      // Proxies: the demo one is listed; create one, show it full-screen, revoke it.
      await page.getByTestId('tab-proxies').click();
      const demoItem = page.locator('[data-testid=proxy-item][data-revoked="0"]', { hasText: '李*' });
      await demoItem.waitFor();
      // Printing the card: the server's printable HTML goes to a hidden frame that prints (a no-op when headless).
      await demoItem.getByTestId('proxy-print').click();
      await page.waitForFunction(() => document.querySelector('iframe.print-frame')?.srcdoc.includes('<svg'), null, {
        timeout: 10000,
      });
      assert.equal(await page.getByTestId('error').textContent(), '');
      await page.locator('[data-testid=proxy-add] summary').click();
      await page.getByTestId('proxy-name-input').fill('王明');
      await page.getByTestId('proxy-id-input').fill(idNumber(Date.now() % 100000));
      await page.getByTestId('proxy-create').click();
      await page.getByTestId('proxy-info').and(page.locator(':text("已为 王* 生成代办码")')).waitFor();
      const mine = page.locator('[data-testid=proxy-item][data-revoked="0"]', { hasText: '王*' });
      await mine.waitFor();
      await shot('05-proxy-created');
      await mine.getByTestId('proxy-show').click();
      const theirs = page.getByTestId('proxy-fullscreen');
      await theirs.waitFor({ state: 'visible' });
      assert.match(await page.getByTestId('proxy-code-image').getAttribute('src'), /^data:image\/svg\+xml/);
      assert.match(await page.getByTestId('proxy-name').textContent(), /王\*/);
      await shot('06-proxy-shown');
      await page.keyboard.press('Escape');
      await theirs.waitFor({ state: 'detached' });
      const proxyId = await mine.getAttribute('data-proxy-id');
      await mine.getByTestId('proxy-revoke').click();
      await page.getByTestId('confirm-ok').click();
      await page.locator(`[data-testid=proxy-item][data-proxy-id="${proxyId}"][data-revoked="1"]`).waitFor();
      await shot('07-proxy-revoked');

      // A check-in with the demo proxy as a companion (the pasted code this time; the revoked proxy is not offered).
      await page.getByTestId('tab-scan').click();
      const demoProxy = page.locator('label', { hasText: '李*' }).locator('[data-testid=companion-proxy]');
      await demoProxy.check();
      assert.equal(await page.locator(`[data-testid=companion-proxy][data-proxy-id="${proxyId}"]`).count(), 0);
      // …and someone without a proxy code, by name and ID number.
      await page.locator('[data-testid=companions-other] summary').click();
      await page.getByTestId('companion-name').fill('赵六');
      await page.getByTestId('companion-id').fill(idNumber((Date.now() % 100000) + 7));
      await page.getByTestId('companion-add').click();
      await page.locator('[data-testid=companion-others] li', { hasText: '赵六' }).waitFor();
      await page.getByTestId('place-code-text').fill(place.code);
      await page.getByTestId('place-code-text').press('Enter'); // Enter submits
      await confirmation.waitFor({ state: 'visible', timeout: 10000 });
      assert.match(await page.getByTestId('confirm-companions').textContent(), /李\*.*赵\*/);
      await shot('08-checkin-with-companion');
      await page.getByTestId('confirm-done').click();

      // A case: someone else (the demo inspector, 赵强) checks in at the market now; the demo authority creates a
      // case for them and confirms it, which publishes a risk notice for the market.
      const other = await signInByApi('13800000002');
      await api('POST', '/api/v1/me/checkins', { token: other.token, body: { placeCode: place.code }, expect: 201 });
      // The case also visits a pharmacy where the citizen was turned away at the door at the same minute (the
      // pharmacy's admin scanned the citizen's code and denied entry): a refused entry is no presence, so the page
      // must not match the pharmacy's notice although the check-in list holds that entry.
      const pharmacyAdmin = await signInByApi('13900000777');
      const pharmacy = await api('POST', '/api/v1/places', {
        token: pharmacyAdmin.token,
        expect: 201,
        body: { region: '110105', address: '朝阳路 8 号', category: 'shop', name: '康宁药房' },
      });
      const citizenApi = await signInByApi(CITIZEN);
      const citizenCode = (await api('GET', '/api/v1/me/code', { token: citizenApi.token })).text;
      const deniedAt = Math.floor(Date.now() / 1000);
      const ingest = await api('POST', '/api/v1/checkins', {
        token: pharmacyAdmin.token,
        body: {
          records: [
            {
              clientId: `denied-${deniedAt}`,
              placeId: pharmacy.id,
              time: deniedAt,
              method: 'inspector-scan',
              code: citizenCode,
              decision: 'deny',
              status: 'yellow',
              reasons: ['R-YELLOW'],
              temperatureClass: 'normal',
            },
          ],
        },
      });
      assert.deepEqual(ingest.rejected, [], JSON.stringify(ingest));
      await api('POST', '/api/v1/me/checkins', { token: other.token, body: { placeCode: pharmacy.code }, expect: 201 });
      const myCheckins = (await api('GET', '/api/v1/me/checkins', { token: citizenApi.token })).checkins;
      assert.ok(
        myCheckins.some((c) => c.place.id === pharmacy.id && c.decision === 'deny'),
        `the denied entry is among my check-ins: ${JSON.stringify(myCheckins)}`,
      );
      await new Promise((r) => setTimeout(r, 1100));
      const authority = await api('POST', '/api/v1/auth/authority-sessions', {
        body: { username: 'demo-authority', password: 'greenlight-demo' },
        expect: 201,
      });
      const { people } = await api('POST', '/api/v1/authority/lookup', {
        token: authority.token,
        body: { phone: '13800000002', reason: 'citizen console test' },
      });
      const person = people.find((p) => p.kind === 'account') ?? people[0];
      const now = Math.floor(Date.now() / 1000);
      const { case: made } = await api('POST', '/api/v1/authority/cases', {
        token: authority.token,
        expect: 201,
        body: { personId: person.id, windowStart: now - 86400, windowEnd: now, reason: 'citizen console test' },
      });
      const confirmed = await api('POST', `/api/v1/authority/cases/${made.id}/confirm`, {
        token: authority.token,
        body: { reason: 'citizen console test' },
      });
      assert.ok(confirmed.riskNotices >= 1, JSON.stringify(confirmed));

      // After a reload the risk check shows the market.
      await page.getByTestId('tab-risk').click();
      await page.waitForSelector('body[data-view=risk]');
      assert.equal(new URL(page.url()).hash, '#risk', 'the tab is kept in the URL');
      await page.reload();
      await page.waitForSelector('body[data-ready="1"][data-view=risk]', { timeout: 20000 });
      await page
        .locator('[data-testid=risk-result]:not([data-matches="0"]):not([data-matches="unknown"])')
        .waitFor({ timeout: 10000 });
      const match = page.locator(`[data-testid=risk-match][data-place-id="${place.id}"]`).first();
      await match.waitFor();
      const notices = await (await fetch(`${server.url}/api/v1/documents/risk-notices`)).text();
      const noticePlaces = JSON.parse(Buffer.from(notices.split('.')[1], 'base64url').toString('utf8')).notices.map(
        (n) => n.place,
      );
      assert.ok(noticePlaces.includes(pharmacy.id), 'the pharmacy has a notice');
      assert.equal(
        await page.locator(`[data-testid=risk-match][data-place-id="${pharmacy.id}"]`).count(),
        0,
        'an entry refused at the door does not match',
      );
      assert.match(await match.textContent(), /朝阳菜市场/);
      assert.match(await page.getByTestId('risk-advice').textContent(), /社区/);
      const riskColours = await page
        .getByTestId('risk-result')
        .evaluate((el) => ({ color: getComputedStyle(el).color, background: getComputedStyle(el).backgroundColor }));
      assert.ok(
        contrast(riskColours.color, riskColours.background) >= 4.5,
        `risk contrast ${JSON.stringify(riskColours)}`,
      );
      await shot('09-risk-match');
      await page.getByTestId('btn-lang').click();
      await page.waitForFunction(() =>
        /overlap a risk notice/.test(document.querySelector('[data-testid=risk-result]')?.textContent ?? ''),
      );
      await shot('10-risk-match-en');
      // "My code" says so too.
      await page.getByTestId('tab-code').click();
      await page.getByTestId('risk-alert').waitFor({ state: 'visible', timeout: 10000 });
      await page.locator('[data-testid=my-code][data-status]').waitFor();
      await shot('11-my-code-risk-alert-en');
      // A place code link opened on the phone (/citizen/#<place code>) lands on the check-in, the code filled in.
      await page.goto(`${server.url}/citizen/#${place.code}`);
      await page.waitForSelector('body[data-view=scan]', { timeout: 10000 });
      assert.equal(await page.getByTestId('place-code-text').inputValue(), place.code);

      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser.close();
    }
    console.log(`citizen console flow: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  },
);

test(
  'citizen console: my itinerary stars a region once the authority lists it (14 days, newest first)',
  { timeout: 90000 },
  async () => {
    // A new citizen checks in at a place in 440902 (Zhanjiang, Guangdong) through the API; a place admin made it.
    const placeAdmin = await signInByApi(newPhone());
    const made = await api('POST', '/api/v1/places', {
      token: placeAdmin.token,
      expect: 201,
      body: { region: '440902', address: '人民大道 1 号', category: 'market', name: '湛江东风市场' },
    });
    const zhanjiang = await api('GET', `/api/v1/places/${made.id}`, { token: placeAdmin.token });
    const citizenApi = await citizenByApi('行程甲');
    const before = await api('GET', '/api/v1/me/itinerary', { token: citizenApi.token });
    assert.equal(before.days, 14);
    await api('POST', '/api/v1/me/checkins', {
      token: citizenApi.token,
      body: { placeCode: zhanjiang.code },
      expect: 201,
    });
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`) });
      const previous = (await api('GET', `/api/v1/demo/sms?phone=${citizenApi.phone}`)).messages
        .at(-1)
        ?.text.match(/\b(\d{6})\b/)?.[1];
      await page.goto(server.url + '/citizen/');
      await page.waitForSelector('body[data-ready="1"][data-view=signin]', { timeout: 20000 });
      await page.getByTestId('phone').fill(citizenApi.phone);
      await page.getByTestId('send-otp').click();
      await page.getByTestId('info').and(page.locator(':text("验证码已发送")')).waitFor();
      await page.getByTestId('otp').fill(await smsCode(citizenApi.phone, previous));
      await page.getByTestId('otp').press('Enter');
      await page.locator('[data-testid=my-code][data-status]').waitFor({ timeout: 20000 });

      // Before any list marks it: the region is there, not starred.
      await page.getByTestId('tab-itinerary').click();
      await page.waitForSelector('body[data-view=itinerary]');
      assert.equal(new URL(page.url()).hash, '#itinerary');
      const item = page.locator('[data-testid=itinerary-item][data-region="440902"]');
      await item.waitFor();
      assert.equal(await item.getAttribute('data-level'), '');
      assert.equal(await item.getAttribute('data-day'), String(Math.floor(Date.now() / 86400000)));
      assert.doesNotMatch(await item.textContent(), /★/);
      assert.match(await item.textContent(), /广东省 440902/);

      // The authority lists 440902 as high risk; after a refresh it is starred, with its level in words.
      const authority = await api('POST', '/api/v1/auth/authority-sessions', {
        body: { username: 'demo-authority', password: 'greenlight-demo' },
        expect: 201,
      });
      const now = Math.floor(Date.now() / 1000);
      await api('POST', '/api/v1/authority/region-risk', {
        token: authority.token,
        expect: 201,
        body: { regions: [{ r: '440902', level: 'high', from: now - 3 * 86400, to: null }], reason: 'citizen test' },
      });
      await page.getByTestId('itinerary-refresh').click();
      await page.locator('[data-testid=itinerary-item][data-region="440902"][data-level=high]').waitFor();
      assert.match(await item.textContent(), /★\s*广东省 440902[\s\S]*高风险地区/);
      assert.equal(await page.getByTestId('itinerary-list').getAttribute('data-starred'), '1');
      assert.match(await page.getByTestId('itinerary-updated').textContent(), /风险地区名单更新于/);
      const days = await page
        .locator('[data-testid=itinerary-item]')
        .evaluateAll((rs) => rs.map((r) => Number(r.dataset.day)));
      assert.deepEqual(
        days,
        [...days].sort((a, b) => b - a),
        'newest first',
      );
      const colours = await item.locator('[data-testid=itinerary-level]').evaluate((el) => ({
        color: getComputedStyle(el).color,
        background: getComputedStyle(el.closest('li')).backgroundColor,
      }));
      assert.ok(contrast(colours.color, colours.background) >= 4.5, JSON.stringify(colours));
      await shot('12-itinerary-starred');
      await page.getByTestId('btn-lang').click();
      await page.waitForFunction(() => /My itinerary/.test(document.querySelector('main h2')?.textContent ?? ''));
      await page.locator('[data-testid=itinerary-item][data-region="440902"][data-level=high]').waitFor();
      assert.match(
        await page.locator('[data-testid=itinerary-item][data-region="440902"]').textContent(),
        /Guangdong 440902[\s\S]*High risk area/,
      );
      await shot('13-itinerary-en');
      await page.getByTestId('btn-lang').click();
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser.close();
    }
  },
);

test('citizen console: an itinerary with no visits says so', { timeout: 60000 }, async () => {
  const citizenApi = await citizenByApi('行程乙');
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(server.url + '/citizen/');
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    await page.evaluate(
      ([token]) => localStorage.setItem('greenlight-citizen-session', JSON.stringify({ token, expiresAt: 4102444800 })),
      [citizenApi.token],
    );
    await page.goto(server.url + '/citizen/#itinerary');
    await page.waitForSelector('body[data-ready="1"][data-view=itinerary]', { timeout: 20000 });
    await page.getByTestId('itinerary-empty').waitFor();
    assert.equal(await page.getByTestId('itinerary-empty').textContent(), '最近 14 天没有到访地区的记录');
    await context.close();
  } finally {
    await browser.close();
  }
});
