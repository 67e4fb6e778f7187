// The venue-admin console (web/admin/, served at /admin/) against the real greenlight-server (SQLite in a
// temp dir, --demo, serving the pages built into a directory of this file's own):
//   a new phone signs in with the keyboard (Tab order, Enter submits), registers a place, sees the poster
//   (SVG loaded) and the declaration code, adds a checkpoint; an inspector binds through the API with the
//   declaration code and uploads a scan and a hand registration, a citizen checks in with the place code;
//   the statistics view shows them (cross-checked with the API), the chart and tables agree, CSV export
//   downloads the shown rows (UTF-8 with BOM); errors show their stable codes; the declaration code is
//   rotated; an inspector is unbound; English. Then the demo admin 13800000001 sees the market's statistics.
// One-time codes come from the demo SMS outbox (GET /api/v1/demo/sms). Screenshots: test-results/admin/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { launchChromium } from '../browser/harness.mjs';
import { api, idNumber, newPhone, signInByApi, smsCode, startE2EServer, stopE2EServer } from '../e2e/harness.mjs';
import { repo } from './fixtures.mjs';

const shots = join(repo, 'test-results/admin');
mkdirSync(shots, { recursive: true });
let server; // { url, proc, output, dataDir }

// A build of our own (in the server's temp dir): other test files build web/dist in parallel.
before(async () => (server = await startE2EServer({ ownBuild: true, prefix: 'gl-admin-' })));
after(stopE2EServer);

const mask = (p) => `${p.slice(0, 3)}****${p.slice(7)}`;

/** Signs in on the console's form with the keyboard: the phone, Tab, Enter (send), Tab, the code, Enter. */
async function keyboardSignIn(page, phone) {
  await page.waitForSelector('body[data-ready="1"][data-view=signin]', { timeout: 20000 });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'phone', 'the phone field has focus');
  await page.keyboard.type(phone);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'send-otp');
  await page.keyboard.press('Enter');
  await page.getByTestId('info').and(page.locator(':text-matches("验证码已发送|Code sent")')).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'otp', 'focus moves to the code');
  await page.keyboard.type(await smsCode(phone));
  await page.keyboard.press('Enter'); // Enter submits the form
}

/** [selector, WCAG contrast ratio] of the first element each selector matches (run in the page). */
function contrastsOnPage(selectors) {
  const rgb = (c) => c.match(/[\d.]+/g).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c)
      .slice(0, 3)
      .map((v) => {
        const x = v / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (rgb(c)[3] !== 0) return c;
    }
    return 'rgb(255, 255, 255)';
  };
  return selectors.map((sel) => {
    const el = document.querySelector(sel);
    if (!el) return [sel, null];
    const [a, b] = [lum(getComputedStyle(el).color), lum(background(el))].sort((x, y) => y - x);
    return [sel, (a + 0.05) / (b + 0.05)];
  });
}

/** Every selector matches on the page and its text meets WCAG AA (4.5:1). */
async function checkContrast(page, selectors) {
  for (const [selector, ratio] of await page.evaluate(contrastsOnPage, selectors)) {
    assert.ok(ratio !== null, `${selector} is on the page`);
    assert.ok(ratio >= 4.5, `${selector}: contrast ${ratio.toFixed(2)}`);
  }
}

const sessionToken = (page) =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem('greenlight-admin-session')).token);
const testid = (page, id) => page.getByTestId(id);
const COUNT_KEYS = ['visits', 'admitted', 'denied', 'referred', 'fever', 'manual', 'selfScan'];
const countsOf = (o) => COUNT_KEYS.map((k) => o[k]);

/** The statistics the page shows, read from its DOM. */
const pageStats = (page) =>
  page.evaluate((keys) => {
    const rows = (id) =>
      [...document.querySelectorAll(`[data-testid=${id}-row]`)].map((tr) => ({
        name: tr.querySelector('th').textContent,
        attrs: { ...tr.dataset },
        counts: keys.map((k) => Number(tr.querySelector(`td[data-key=${k}]`).textContent)),
      }));
    return {
      totals: keys.map((k) => Number(document.querySelector(`[data-testid=total-${k}]`).textContent)),
      buckets: rows('buckets'),
      inspectors: rows('inspector-stats'),
      checkpoints: rows('checkpoint-stats'),
      bars: [...document.querySelectorAll('[data-testid=chart] svg rect')].map((r) => Number(r.dataset.value)),
      loaded: document.querySelector('[data-testid=view]').dataset.statsLoaded,
    };
  }, COUNT_KEYS);

/** The API's statistics for the window the page asked for (from its data-stats-loaded "by:from:to"). */
async function apiStatsFor(page, placeId, token) {
  const [by, from, to] = (await page.getByTestId('view').getAttribute('data-stats-loaded')).split(':');
  return api('GET', `/api/v1/places/${placeId}/statistics?from=${from}&to=${to}&by=${by}&utcOffset=480`, { token });
}

test(
  'venue admin: sign in, register, poster, declaration code, checkpoints, statistics, CSV, rotate, English; demo admin',
  { timeout: 90000 },
  async () => {
    const started = Date.now();
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
        locale: 'zh-CN',
      });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));

      // ---- sign in with the keyboard; the trailing-slash URL the other pages link to
      const adminPhone = newPhone();
      await page.goto(server.url + '/admin/');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN', 'Chinese by default');
      await page.waitForSelector('body[data-ready="1"][data-view=signin]', { timeout: 20000 });
      await page.screenshot({ path: join(shots, '01-sign-in.png') });
      // Tab order from the header: the language button, then the phone field; focus is visible.
      await page.locator('h1').click();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'btn-lang');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'phone');
      assert.deepEqual(
        await page.evaluate(() => {
          const c = getComputedStyle(document.activeElement);
          return [c.outlineStyle, c.outlineWidth];
        }),
        ['solid', '3px'],
      );
      await keyboardSignIn(page, adminPhone);
      await page.waitForSelector('body[data-view=create]');
      const token = await sessionToken(page);
      assert.deepEqual(
        await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('session'))),
        [],
        'the token is kept for the tab only (sessionStorage), not in localStorage',
      );
      assert.equal((await api('GET', '/api/v1/me', { token })).adminOf, null);

      // ---- register the place: a bad region is refused on the page with the server's code for it
      await testid(page, 'place-name').fill('测试菜市场');
      await testid(page, 'place-category').selectOption('market');
      await testid(page, 'place-region').fill('1101');
      await testid(page, 'place-address').fill('朝阳路 8 号');
      await testid(page, 'create-place').click();
      await page.locator('[data-testid=error][data-code="place.invalid"]').waitFor();
      assert.match(
        await testid(page, 'error').textContent(),
        /场所信息无效 \(place\.invalid: 行政区划代码应为 6 位数字\)/,
      );
      await testid(page, 'place-region').fill('110105');
      await page.screenshot({ path: join(shots, '02-create-place.png') });
      await testid(page, 'create-place').click();
      await page.waitForSelector('body[data-view=place]');
      const me = await api('GET', '/api/v1/me', { token });
      assert.match(me.adminOf, /^pl-/);
      const placeId = me.adminOf;
      const place = await api('GET', `/api/v1/places/${placeId}`, { token });
      assert.equal(place.name, '测试菜市场');
      assert.equal(place.category, 'market');
      assert.match(await testid(page, 'notice').textContent(), /已登记场所「测试菜市场」/);

      // ---- the place: details, the poster (SVG loaded), the declaration code
      await page.locator(`[data-testid=place-details][data-place-id="${placeId}"]`).waitFor();
      assert.match(await testid(page, 'place-details').textContent(), /农贸市场[\s\S]*110105[\s\S]*朝阳路 8 号/);
      await page.locator('[data-testid=poster][data-loaded="1"]').waitFor({ timeout: 10000 });
      const poster = await testid(page, 'poster').evaluate((img) => ({
        w: img.naturalWidth,
        h: img.naturalHeight,
        alt: img.alt,
        src: img.src,
      }));
      assert.ok(poster.w > 100 && poster.h > poster.w, `an A4 poster: ${JSON.stringify(poster)}`);
      assert.match(poster.alt, /测试菜市场/);
      const declaration = await page.locator('[data-testid=declaration-code][data-code]').getAttribute('data-code');
      assert.equal(declaration, place.declarationCode);
      assert.match(declaration, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      // The QR PNG downloads (fetched with the bearer token).
      const [png] = await Promise.all([page.waitForEvent('download'), testid(page, 'download-png').click()]);
      assert.equal(png.suggestedFilename(), `greenlight-poster-${placeId}.png`);
      assert.deepEqual([...readFileSync(await png.path()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

      // ---- checkpoints: add with Enter; a duplicate shows the server's 409 with its stable code
      await testid(page, 'checkpoint-name').fill('南门');
      await testid(page, 'checkpoint-name').press('Enter');
      await page.locator('[data-testid=checkpoint][data-name="南门"]').waitFor();
      await testid(page, 'checkpoint-name').fill('南门');
      await testid(page, 'add-checkpoint').click();
      await page.locator('[data-testid=error][data-code="checkpoint.exists"]').waitFor();
      assert.match(await testid(page, 'error').textContent(), /已有同名检查点 \(checkpoint\.exists: /);
      await testid(page, 'checkpoint-name').fill('临时入口');
      await testid(page, 'add-checkpoint').click();
      await page.locator('[data-testid=checkpoint][data-name="临时入口"]').waitFor();
      await page.locator('[data-testid=checkpoint][data-name="临时入口"] [data-testid=remove-checkpoint]').click();
      await testid(page, 'confirm-dialog').waitFor();
      await page.screenshot({ path: join(shots, '03-confirm-remove-checkpoint.png') });
      await testid(page, 'confirm-ok').click();
      await page.locator('[data-testid=checkpoint][data-name="临时入口"]').waitFor({ state: 'detached' });
      assert.deepEqual(
        (await api('GET', `/api/v1/places/${placeId}/checkpoints`, { token })).checkpoints.map((c) => c.name),
        ['南门'],
      );

      // ---- an inspector binds with the declaration code and uploads; a citizen checks in with the place code
      const inspectorPhone = newPhone();
      const inspector = await signInByApi(inspectorPhone);
      await api('POST', '/api/v1/inspector/places', {
        token: inspector.token,
        body: { declarationCode: declaration.replace(/-/g, '').toLowerCase() },
      });
      const citizen = await signInByApi(newPhone());
      await api('PUT', '/api/v1/me/identity', {
        token: citizen.token,
        body: { name: '李雷', idNumber: idNumber(Date.now() % 100000) },
      });
      await api('POST', '/api/v1/me/declarations', {
        token: citizen.token,
        expect: 201,
        body: { symptoms: [], fever: false, contactWithCase: false, travel: { highRiskArea: false, regions: [] } },
      });
      const personCode = (await api('GET', '/api/v1/me/code', { token: citizen.token })).text;
      const now = Math.floor(Date.now() / 1000);
      const ingested = await api('POST', '/api/v1/checkins', {
        token: inspector.token,
        body: {
          records: [
            {
              clientId: `adm-${now}-1`,
              placeId,
              checkpoint: '南门',
              time: now - 120,
              method: 'inspector-scan',
              code: personCode,
              decision: 'admit',
              status: 'green',
              reasons: [],
              temperatureClass: 'normal',
              temperature: 36.5,
            },
            {
              clientId: `adm-${now}-2`,
              placeId,
              checkpoint: '南门',
              time: now - 60,
              method: 'manual',
              decision: null,
              status: null,
              reasons: [],
              temperatureClass: 'fever',
              temperature: 37.9,
              manual: { name: '韩梅梅', idNumber: idNumber((now % 99991) + 7), phone: '13912345678' },
            },
          ],
        },
      });
      assert.equal(ingested.accepted.length, 2, JSON.stringify(ingested));
      await api('POST', '/api/v1/me/checkins', { token: citizen.token, body: { placeCode: place.code }, expect: 201 });

      // The inspector is listed (masked) after a reload of the view.
      await testid(page, 'nav-place').click();
      await page.locator(`[data-testid=inspector] >> text=${mask(inspectorPhone)}`).waitFor();

      // ---- statistics: the page's numbers are the API's
      await testid(page, 'nav-stats').click();
      await page.waitForFunction(() =>
        /^hour:/.test(document.querySelector('[data-testid=view]').dataset.statsLoaded ?? ''),
      );
      const byHour = await pageStats(page);
      const apiHour = await apiStatsFor(page, placeId, token);
      assert.deepEqual(byHour.totals, countsOf(apiHour.totals));
      assert.deepEqual(byHour.totals, [3, 1, 0, 0, 1, 1, 1], JSON.stringify(apiHour));
      assert.equal(byHour.bars.length, 24, 'one bar per hour of the last 24');
      assert.equal(
        byHour.bars.reduce((a, b) => a + b, 0),
        3,
      );
      assert.deepEqual(
        byHour.buckets.map((b) => [Number(b.attrs.start), b.counts]),
        apiHour.buckets.map((b) => [b.start, countsOf(b)]),
      );
      assert.deepEqual(
        byHour.inspectors.map((r) => [r.name, r.counts]),
        apiHour.byInspector.map((i) => [i.phone, countsOf(i)]),
      );
      assert.deepEqual(
        byHour.inspectors.map((r) => r.name),
        [mask(inspectorPhone)],
      );
      assert.deepEqual(
        byHour.checkpoints.map((r) => [r.attrs.checkpoint, r.counts]),
        apiHour.byCheckpoint.map((c) => [c.checkpoint ?? '', countsOf(c)]),
      );
      assert.deepEqual(
        byHour.checkpoints.map((r) => [r.name, r.counts[0]]).sort(),
        [
          ['南门', 2],
          ['（无检查点，如自助扫码）', 1],
        ].sort(),
      );
      assert.match(await page.locator('[data-testid=chart] svg').getAttribute('aria-labelledby'), /^chart-\d+-t$/);
      assert.match(await testid(page, 'chart-summary').textContent(), /共 3 人次/);
      await page.screenshot({ path: join(shots, '04-statistics-by-hour.png'), fullPage: true });
      await checkContrast(page, [
        'button.primary',
        '.top-nav button[aria-current=true]',
        'th',
        'td',
        'dt',
        'dd',
        '.hint',
        'legend',
        'summary',
        '[data-testid=notice]',
      ]);

      // CSV of what is shown: UTF-8 with a BOM, a header row, totals, buckets, inspector, checkpoints.
      const [download] = await Promise.all([page.waitForEvent('download'), testid(page, 'export-csv').click()]);
      assert.match(
        download.suggestedFilename(),
        new RegExp(`^greenlight-statistics-${placeId}-hour-\\d{4}-\\d{2}-\\d{2}\\.csv$`),
      );
      const bytes = readFileSync(await download.path());
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 BOM for Excel');
      const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
      assert.equal(lines[0], '类别,项目,到访,通过,禁止,复核,发热,手工登记,自助扫码');
      assert.match(lines[1], /^合计,\d{4}-\d\d-\d\d \d\d:\d\d – \d{4}-\d\d-\d\d \d\d:\d\d,3,1,0,0,1,1,1$/);
      const hourRows = lines.filter((l) => l.startsWith('小时,'));
      assert.equal(hourRows.length, apiHour.buckets.length);
      assert.equal(
        hourRows.reduce((a, l) => a + Number(l.split(',')[2]), 0),
        3,
      );
      assert.ok(lines.includes(`核验员,${mask(inspectorPhone)},2,1,0,0,1,1,0`), lines.join('\n'));
      assert.ok(lines.includes('检查点,南门,2,1,0,0,1,1,0'), lines.join('\n'));
      assert.ok(lines.includes('检查点,（无检查点，如自助扫码）,1,0,0,0,0,0,1'), lines.join('\n'));
      assert.equal(lines.length, 2 + hourRows.length + 1 + 2);

      // By day, with the keyboard: the radio buttons are a real group.
      await testid(page, 'by-day').check();
      await page.waitForFunction(() =>
        /^day:/.test(document.querySelector('[data-testid=view]').dataset.statsLoaded ?? ''),
      );
      const byDay = await pageStats(page);
      const apiDay = await apiStatsFor(page, placeId, token);
      assert.deepEqual(byDay.totals, countsOf(apiDay.totals));
      assert.equal(byDay.bars.length, 14);
      assert.equal(
        byDay.bars.reduce((a, b) => a + b, 0),
        3,
      );
      await page.screenshot({ path: join(shots, '05-statistics-by-day.png'), fullPage: true });

      // ---- rotate the declaration code (confirmed); the old one no longer binds, the new one does
      await testid(page, 'nav-place').click();
      await page.locator('[data-testid=declaration-code][data-code]').waitFor();
      await testid(page, 'rotate-declaration').click();
      await testid(page, 'confirm-cancel').click(); // cancelling changes nothing
      assert.equal(await testid(page, 'declaration-code').getAttribute('data-code'), declaration);
      await testid(page, 'rotate-declaration').click();
      await testid(page, 'confirm-ok').click();
      await page.waitForFunction((old) => {
        const c = document.querySelector('[data-testid=declaration-code]').dataset.code;
        return c && c !== old;
      }, declaration);
      const rotated = await testid(page, 'declaration-code').getAttribute('data-code');
      assert.equal((await api('GET', `/api/v1/places/${placeId}`, { token })).declarationCode, rotated);
      const other = await signInByApi(newPhone());
      await api('POST', '/api/v1/inspector/places', {
        token: other.token,
        body: { declarationCode: declaration },
        expect: 404,
      });
      await api('POST', '/api/v1/inspector/places', { token: other.token, body: { declarationCode: rotated } });

      // ---- unbind the first inspector (confirmed)
      await page.locator(`[data-testid=inspector] >> text=${mask(inspectorPhone)}`).waitFor();
      await page
        .locator(`[data-testid=inspector][data-id="${inspector.me.id}"] [data-testid=unbind-inspector]`)
        .click();
      await testid(page, 'confirm-ok').click();
      await page.locator(`[data-testid=inspector][data-id="${inspector.me.id}"]`).waitFor({ state: 'detached' });
      assert.deepEqual(
        (await api('GET', `/api/v1/places/${placeId}/inspectors`, { token })).inspectors.map((i) => i.id),
        [other.me.id],
      );

      // ---- transfer to a phone that never signed in: an offer like any other (it waits for acceptance), withdrawn
      const stranger = newPhone();
      await testid(page, 'transfer-phone').fill(stranger);
      await testid(page, 'transfer').click();
      await testid(page, 'confirm-dialog').waitFor();
      assert.match(await testid(page, 'confirm-dialog').textContent(), new RegExp(stranger));
      await testid(page, 'confirm-ok').click();
      await testid(page, 'transfer-pending').waitFor();
      assert.match(
        await testid(page, 'transfer-pending').textContent(),
        new RegExp(mask(stranger).replace(/\*/g, '\\*')),
      );
      assert.equal((await api('GET', '/api/v1/me', { token })).adminOf, placeId);
      assert.equal((await api('GET', `/api/v1/places/${placeId}/transfer`, { token })).offer.phone, mask(stranger));
      await testid(page, 'cancel-transfer').click();
      await testid(page, 'transfer-pending').waitFor({ state: 'hidden' });
      assert.equal((await api('GET', `/api/v1/places/${placeId}/transfer`, { token })).offer, null);
      await page.screenshot({ path: join(shots, '06-place.png'), fullPage: true });
      // Printing shows the poster alone (the print button sets the class; the print dialog is not driven here).
      assert.equal(await testid(page, 'print-poster').isEnabled(), true);
      await page.evaluate(() => document.body.classList.add('printing-poster'));
      await page.emulateMedia({ media: 'print' });
      assert.deepEqual(
        await page.evaluate(() =>
          ['poster', 'declaration-code', 'place-details'].map(
            (id) => getComputedStyle(document.querySelector(`[data-testid=${id}]`)).visibility,
          ),
        ),
        ['visible', 'hidden', 'hidden'],
      );
      await page.screenshot({ path: join(shots, '06b-print-poster.png') });
      await page.emulateMedia({ media: 'screen' });
      await page.evaluate(() => document.body.classList.remove('printing-poster'));
      // WCAG AA: text against its (first opaque) background, for each kind of text on the page.
      await checkContrast(page, [
        '.top h1',
        '.top-nav button',
        'button:not(.primary)',
        '.hint',
        'dt',
        'td',
        '[data-testid=error]',
        'label',
        'a',
      ]);

      // ---- English
      await testid(page, 'btn-lang').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      assert.equal(await testid(page, 'nav-stats').textContent(), 'Statistics');
      await page.locator('[data-testid=section-declaration] h3:text("Inspector declaration code")').waitFor();
      await page.locator('[data-testid=poster][data-loaded="1"]').waitFor({ timeout: 10000 });
      await page.screenshot({ path: join(shots, '07-place-en.png'), fullPage: true });
      await testid(page, 'nav-stats').click();
      // The title carries the time zone once the statistics are drawn (before that it is the bare heading).
      await page.waitForFunction(() =>
        /Visits per (hour|day) \(UTC/.test(document.getElementById('chart-title')?.textContent ?? ''),
      );
      assert.match(await testid(page, 'stats-period').textContent(), / to .*\(UTC\+8\)/);
      assert.deepEqual(errors, []);
      await context.close();

      // ---- the demo admin of 朝阳菜市场 sees the market's demo statistics (phone-sized)
      const demo = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        acceptDownloads: true,
      });
      const phonePage = await demo.newPage();
      phonePage.on('pageerror', (e) => errors.push(String(e)));
      await phonePage.goto(server.url + '/admin/');
      await keyboardSignIn(phonePage, '13800000001');
      await phonePage.waitForSelector('body[data-view=place]');
      await phonePage.locator('[data-testid=place-title]:text("朝阳菜市场")').waitFor();
      const demoToken = await sessionToken(phonePage);
      const demoPlace = (await api('GET', '/api/v1/me', { token: demoToken })).adminOf;
      await phonePage.locator('[data-testid=poster][data-loaded="1"]').waitFor({ timeout: 10000 });
      await phonePage.screenshot({ path: join(shots, '08-demo-place-phone.png'), fullPage: true });
      await testid(phonePage, 'nav-stats').click();
      await phonePage.waitForFunction(() =>
        /^(hour|day):/.test(document.querySelector('[data-testid=view]').dataset.statsLoaded ?? ''),
      );
      const demoStats = await pageStats(phonePage);
      const apiDemo = await apiStatsFor(phonePage, demoPlace, demoToken);
      assert.ok(apiDemo.totals.visits >= 4, JSON.stringify(apiDemo.totals));
      assert.deepEqual(demoStats.totals, countsOf(apiDemo.totals));
      assert.deepEqual(
        demoStats.checkpoints.map((r) => r.attrs.checkpoint).sort(),
        apiDemo.byCheckpoint.map((c) => c.checkpoint ?? '').sort(),
      );
      assert.ok(
        demoStats.checkpoints.some((r) => r.name === '南门') && demoStats.checkpoints.some((r) => r.name === '北门'),
      );
      await phonePage.screenshot({ path: join(shots, '09-demo-statistics-phone.png'), fullPage: true });
      assert.deepEqual(errors, []);
      await demo.close();
    } finally {
      await browser.close();
    }
    console.log(`admin console flow: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  },
);
