// The checkpoint page (web/) in Chromium with a fake camera: codes issued now with a test root, rendered
// as QR images, played as a looping y4m. Decisions come from the real pipeline: camera → worker
// (ZXing-C++ wasm) → engine (wasm) → decision screen, check-in queue (IndexedDB), service worker.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { launchChromium } from '../browser/harness.mjs';
import {
  NOW,
  artifacts,
  buildPage,
  forge,
  issuePerson,
  issuePlace,
  makeAuthority,
  makeY4m,
  startServer,
  work,
  writeConfig,
} from './fixtures.mjs';

const auth = makeAuthority();
const PLACE = { id: 'pl-0042', name: '静安寺商场', category: 'mall', region: '310106' };

before(() => buildPage());

const fakeCamera = (y4m) => [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${y4m}`,
];

async function openPage(y4m, server, { viewport = { width: 1280, height: 800 } } = {}) {
  const browser = await launchChromium(fakeCamera(y4m));
  const context = await browser.newContext({ viewport, permissions: ['camera'] });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  context.on('request', (r) => requests.push(r.url()));
  await page.goto(server.url + '/');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
  return { browser, context, page, errors, requests };
}

const decisionScreen = (page, decision, reason) =>
  page.locator(
    `[data-testid=decision][data-decision=${decision}]${reason ? `[data-reasons~="${reason}"]` : '[data-reasons=""]'}`,
  );

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

async function counters(page) {
  const read = async (id) => Number(await page.getByTestId(id).textContent());
  return {
    admit: await read('count-admit'),
    deny: await read('count-deny'),
    refer: await read('count-refer'),
    manual: await read('count-manual'),
    queue: await read('queue-count'),
  };
}

function contrast(fg, bg) {
  const lum = (c) => {
    const [r, g, b] = c
      .match(/\d+/g)
      .slice(0, 3)
      .map((v) => {
        const s = Number(v) / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

test('camera: green admits; yellow, orange, red, expired, forged and place codes are refused with their messages; fever refers', async () => {
  const green = issuePerson(auth, 'green');
  const scenario = [
    ['admit', null, green, '01-admit-green'],
    ['deny', 'R-YELLOW', issuePerson(auth, 'yellow', { name: '李*' }), '02-deny-yellow'],
    ['deny', 'R-ORANGE', issuePerson(auth, 'orange', { name: '王*' }), '03-deny-orange'],
    ['deny', 'R-RED', issuePerson(auth, 'red', { name: '赵*' }), '04-deny-red'],
    ['deny', 'time.expired', issuePerson(auth, 'green', { iat: NOW - 3600, ttl: 300 }), '05-deny-expired'],
    ['deny', 'crypto.signature', forge(issuePerson(auth, 'green')), '06-deny-forged'],
    ['deny', 'R-PLACE-CODE', issuePlace(auth), '07-deny-place-code'],
  ];
  const y4m = makeY4m(
    'decisions',
    scenario.map((s) => s[2]),
  );
  const documents = join(work, 'docs-decisions');
  writeConfig(documents, {
    version: 1,
    roots: [auth.root.public],
    trustList: auth.trustList,
    statusLists: [auth.statusList(NOW - 600)],
    place: PLACE,
    temperature: 'optional',
    returnAfterMs: 3000,
    dedupeMs: 5000,
    repeatWindowSeconds: 0, // the looping video shows the same people again: every pass is a new visit
    locale: 'zh-CN',
  });
  const server = await startServer(documents);
  const { browser, page, errors, requests } = await openPage(y4m, server);
  try {
    await page.getByTestId('prompt').and(page.locator('[data-state=scanning]')).waitFor();
    assert.equal(await page.getByTestId('place').textContent(), PLACE.name);
    await shot(page, 'A-00-scanning');
    const messages = {
      'R-YELLOW': '黄码：暂不能进入，请按要求进行核酸检测',
      'R-ORANGE': '橙码：居家医学观察期间，不能进入',
      'R-RED': '红码：严格管控人员，不能进入，请联系所在社区',
      'R-PLACE-CODE': '这是场所码，请出示个人健康码',
    };
    for (const [decision, reason, , name] of scenario) {
      const screen = decisionScreen(page, decision, reason);
      await screen.waitFor({ state: 'visible', timeout: 40000 });
      await shot(page, `A-${name}`);
      const text = await screen.textContent();
      assert.match(text, decision === 'admit' ? /通过/ : /禁止进入/);
      if (messages[reason]) assert.ok(text.includes(messages[reason]), `${reason} message shown: ${text}`);
      if (decision === 'admit') assert.match(text, /张\*.*138\*\*\*\*1234.*绿码/s);
      // WCAG AA: the decision colour against its text
      const { color, background } = await screen.evaluate((el) => ({
        color: getComputedStyle(el).color,
        background: getComputedStyle(el).backgroundColor,
      }));
      assert.ok(contrast(color, background) >= 4.5, `${decision} contrast ${contrast(color, background)}`);
      if (reason === 'time.expired' || reason === 'crypto.signature') {
        const li = screen.locator(`[data-reason="${reason}"]`);
        assert.ok((await li.textContent()).length > 0, `${reason} has a message`);
      }
    }
    // Fever: the inspector taps "fever" while the place code shows; the next code (green, the loop starts
    // again) is referred.
    await page.getByTestId('decision').click(); // tapping the decision screen returns to scanning at once
    await page.getByTestId('temp-fever').click();
    const fever = decisionScreen(page, 'refer', 'R-FEVER');
    await fever.waitFor({ state: 'visible', timeout: 30000 }).catch(async (e) => {
      console.log(await page.getByTestId('log').innerText());
      await shot(page, 'debug');
      throw e;
    });
    await shot(page, 'A-08-refer-fever');
    assert.match(await fever.textContent(), /人工复核[\s\S]*体温≥37\.3℃/);
    const { color, background } = await fever.evaluate((el) => ({
      color: getComputedStyle(el).color,
      background: getComputedStyle(el).backgroundColor,
    }));
    assert.ok(contrast(color, background) >= 4.5);
    // English decision screen
    await page.getByTestId('btn-lang').dispatchEvent('click'); // the decision screen covers the toolbar
    await decisionScreen(page, 'deny', 'R-RED').waitFor({ state: 'visible', timeout: 40000 });
    assert.match(await page.getByTestId('decision').textContent(), /Entry refused[\s\S]*Red code: strictly controlled/);
    await shot(page, 'A-09-deny-red-en');

    const c = await counters(page);
    assert.ok(c.admit >= 1 && c.deny >= 5 && c.refer === 1, JSON.stringify(c));
    assert.equal(c.queue, c.admit + c.deny + c.refer, 'a queued record per decision (place codes are not visits)');
    assert.deepEqual(errors, []);
    assert.ok(
      requests.some((u) => /\/assets\/zxing_reader-[\w-]+\.wasm$/.test(u)),
      'ZXing wasm from our origin',
    );
    assert.ok(
      requests.some((u) => /\/assets\/greenlight-[\w-]+\.wasm$/.test(u)),
      'engine wasm from our origin',
    );
    for (const u of requests)
      assert.ok(
        u.startsWith(server.url) || u.startsWith('data:') || u.startsWith('blob:'),
        `request outside our origin: ${u}`,
      );
  } finally {
    await browser.close();
    await server.close();
  }
});

test('setup by place code, keyboard wedge, dedupe, manual registration, offline queue across a reload, clock skew, stale data, sync', async () => {
  const placeCode = issuePlace(auth, { sub: 'pl-0077', name: '人民广场地铁站', category: 'station', region: '310101' });
  const y4m = makeY4m('setup', [placeCode]);
  const documents = join(work, 'docs-offline');
  writeConfig(documents, {
    version: 1,
    roots: [auth.root.public],
    trustList: auth.trustList,
    statusLists: [auth.statusList(NOW - 30 * 3600)],
    temperature: 'optional',
    returnAfterMs: 1500,
    dedupeMs: 5000,
    staleAfterHours: 24,
    locale: 'zh-CN',
    checkpoint: 'gate-1',
    server: './',
  });
  const server = await startServer(documents);
  server.state.dateOffsetS = 600; // the server is 10 minutes ahead of this device
  const green = issuePerson(auth, 'green', { ttl: 7200 });
  const red = issuePerson(auth, 'red', { name: '赵*', ttl: 7200 });
  const yellow = issuePerson(auth, 'yellow', { name: '李*', ttl: 7200 });
  // Another red person: the first one again within 10 minutes would be the same visit (recorded once).
  const red2 = issuePerson(auth, 'red', { name: '钱*', ttl: 7200 });
  const { browser, context, page, errors } = await openPage(y4m, server);
  try {
    // Setup: no place configured; the camera reads the venue's place code.
    await page
      .locator('[data-testid=prompt][data-state=setup]')
      .waitFor({ timeout: 5000 })
      .catch(() => {});
    await page.locator('[data-testid=decision][data-decision=place]').waitFor({ state: 'visible', timeout: 20000 });
    await shot(page, 'B-01-place-set');
    assert.equal(await page.getByTestId('place').textContent(), '人民广场地铁站');
    // Stale data and clock skew are shown.
    assert.match(await page.getByTestId('stale-warning').textContent(), /数据已过期/);
    assert.match(await page.getByTestId('freshness').textContent(), /数据更新于 30 小时前/);
    assert.match(await page.getByTestId('skew-warning').textContent(), /设备时间偏差 -10 min/);
    await page.getByTestId('decision').click();
    await shot(page, 'B-02-stale-skew');

    // Keyboard wedge: the scanner types the code and Enter.
    await page.keyboard.type(green + '\n');
    await decisionScreen(page, 'admit').waitFor({ state: 'visible' });
    await shot(page, 'B-03-wedge-admit');
    await page.getByTestId('decision').click();
    await page.keyboard.type(green + '\n'); // the same code again within seconds: not decided twice
    await page.getByTestId('toast').and(page.locator(':text("重复扫码")')).waitFor();
    await page.keyboard.type(red + '\n');
    await decisionScreen(page, 'deny', 'R-RED').waitFor({ state: 'visible' });
    await page.getByTestId('decision').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=queue-count]').textContent === '0', null, {
      timeout: 10000,
    });
    assert.deepEqual(await counters(page), { admit: 1, deny: 1, refer: 0, manual: 0, queue: 0 });
    const firstSync = server.state.checkins.flat();
    assert.equal(firstSync.length, 2, 'both decisions synced while online');

    // Network down: decisions are still made and queued.
    server.state.down = true;
    await context.setOffline(true);
    await page.keyboard.type(yellow + '\n');
    await decisionScreen(page, 'deny', 'R-YELLOW').waitFor({ state: 'visible' });
    await shot(page, 'B-04-offline-deny-yellow');
    await page.getByTestId('decision').click();
    // Manual registration: a wrong check digit is refused, a right one queued and shown masked.
    await page.getByTestId('btn-manual').click();
    await page.getByTestId('manual-name').fill('张三');
    await page.getByTestId('manual-id').fill('11010519491231002Y');
    await page.getByTestId('manual-phone').fill('13812345678');
    await page.getByTestId('manual-save').click();
    assert.match(await page.getByTestId('manual-error').textContent(), /GB 11643/);
    await page.getByTestId('manual-id').fill('110105194912310021');
    await page.getByTestId('manual-id').fill('11010519491231002X');
    await shot(page, 'B-05-manual-form');
    await page.getByTestId('manual-save').click();
    await page.getByTestId('toast').and(page.locator(':text("已登记")')).waitFor();
    assert.match(await page.getByTestId('toast').textContent(), /张\* 110105\*\*\*\*\*\*\*\*002X 138\*\*\*\*5678/);
    await shot(page, 'B-06-manual-saved');
    const offline = { admit: 1, deny: 2, refer: 0, manual: 1, queue: 2 };
    assert.deepEqual(await counters(page), offline);

    // Reload with the network down: the service worker serves the page, IndexedDB the rest.
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    assert.deepEqual(await counters(page), offline);
    assert.equal(await page.getByTestId('place').textContent(), '人民广场地铁站');
    assert.match(await page.getByTestId('skew-warning').textContent(), /-10 min/);
    await page.keyboard.type(red2 + '\n'); // still decides offline after the reload
    await decisionScreen(page, 'deny', 'R-RED').waitFor({ state: 'visible' });
    await shot(page, 'B-07-offline-after-reload');
    assert.deepEqual(await counters(page), { ...offline, deny: 3, queue: 3 });

    // Back online: the queue syncs.
    server.state.down = false;
    await context.setOffline(false);
    await page.getByTestId('btn-sync').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=queue-count]').textContent === '0', null, {
      timeout: 10000,
    });
    const all = server.state.checkins.flat();
    assert.equal(new Set(all.map((r) => r.clientId)).size, 5);
    assert.deepEqual(server.state.rejected, [], 'every record has the shape docs/api.md asks for');
    for (const r of all) {
      assert.match(r.clientId, /^[0-9a-f-]{36}$/);
      assert.equal(r.subject, undefined, 'no subject field any more: the server re-verifies the code');
      if (r.method === 'inspector-scan') assert.match(r.code, /^GL1:/);
      else assert.equal(r.code, undefined);
      assert.equal(r.placeId, 'pl-0077');
      assert.equal(r.checkpoint, 'gate-1');
      assert.equal(r.synced, undefined);
      assert.ok(Math.abs(r.time - (Math.floor(Date.now() / 1000) + 600)) < 120, 'time corrected for the clock skew');
    }
    assert.deepEqual(
      all
        .filter((r) => r.method === 'inspector-scan')
        .map((r) => r.code)
        .sort(),
      [green, red, red2, yellow].sort(),
      'the scanned code text',
    );
    const manual = all.find((r) => r.method === 'manual');
    assert.deepEqual(manual.manual, { name: '张三', idNumber: '11010519491231002X', phone: '13812345678' });
    assert.equal(manual.decision, null);
    assert.deepEqual(
      all
        .filter((r) => r.method === 'inspector-scan')
        .map((r) => [r.decision, r.reasons.join()])
        .sort(),
      [
        ['admit', ''],
        ['deny', 'R-RED'],
        ['deny', 'R-RED'],
        ['deny', 'R-YELLOW'],
      ],
    );
    await shot(page, 'B-08-synced');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('temperature required: a code waits for the reading; a number at 37.8 refers; portrait layout; English', async () => {
  const green = issuePerson(auth, 'green', { ttl: 7200 });
  const y4m = makeY4m('required', [green]);
  const documents = join(work, 'docs-required');
  writeConfig(documents, {
    roots: [auth.root.public],
    trustList: auth.trustList,
    place: { ...PLACE, category: 'hospital' },
    temperature: 'required',
    returnAfterMs: 2000,
    locale: 'en',
  });
  const server = await startServer(documents);
  const { browser, page, errors } = await openPage(y4m, server, { viewport: { width: 800, height: 1280 } });
  try {
    // The camera reads the code; with no temperature yet the page waits for one.
    await page.locator('[data-testid=prompt][data-state=temperature]').waitFor({ timeout: 20000 });
    assert.match(await page.getByTestId('prompt').textContent(), /Take the temperature first/);
    assert.equal(await counters(page).then((c) => c.queue), 0);
    await shot(page, 'C-01-portrait-temperature-required');
    await page.getByTestId('temp-value').fill('37.8');
    await page.getByTestId('temp-value').press('Enter');
    const refer = decisionScreen(page, 'refer', 'R-FEVER');
    await refer.waitFor({ state: 'visible' });
    assert.match(await refer.textContent(), /Refer to staff[\s\S]*37\.8 ℃[\s\S]*Temperature at or above 37\.3 °C/);
    await shot(page, 'C-02-portrait-refer-fever-en');
    await page.getByTestId('decision').click();
    // Quick button, then a yellow code by wedge at a hospital: the default rules refer it.
    await page.getByTestId('temp-normal').click();
    await page.keyboard.type(issuePerson(auth, 'yellow', { name: '李*', ttl: 7200 }) + '\n');
    await decisionScreen(page, 'refer', 'R-YELLOW-CARE').waitFor({ state: 'visible' });
    await shot(page, 'C-03-portrait-refer-yellow-hospital');
    assert.deepEqual(await counters(page), { admit: 0, deny: 0, refer: 2, manual: 0, queue: 2 });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('travel: a starred itinerary is denied (high) or referred (medium) naming the region and day; health information shows the declaration summary; offline after sync', async () => {
  const travel = makeAuthority({ regions: true });
  const today = Math.floor(NOW / 86400);
  const traveller = issuePerson(travel, 'green', {
    ttl: 7200,
    itinerary: `440902:${today},110105:${today - 2}`,
    declaration: String(NOW - 3600),
  });
  const unwell = issuePerson(travel, 'green', {
    name: '李*',
    ttl: 7200,
    itinerary: `110105:${today}`,
    declaration: `${NOW - 600}:symptoms:fever:contact`,
  });
  const undeclared = issuePerson(travel, 'green', { name: '王*', ttl: 7200 });
  const documents = join(work, 'docs-travel');
  writeConfig(documents, {
    version: 1,
    roots: [travel.root.public],
    trustList: travel.trustList,
    statusLists: [travel.statusList(NOW - 600)],
    place: PLACE,
    temperature: 'optional',
    returnAfterMs: 30000,
    dedupeMs: 0,
    locale: 'zh-CN',
    server: './',
  });
  const server = await startServer(documents);
  const high = travel.regionRisk({
    seq: 1,
    regions: [{ r: '440902', level: 'high', from: NOW - 3 * 86400, to: null }],
  });
  server.state.regionRisk = high;
  const browser = await launchChromium(); // no camera: codes come by keyboard wedge
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    // The first sync pass fetches the region-risk list with the other documents and keeps it.
    await page.waitForFunction(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open('greenlight-checkpoint');
          open.onsuccess = () => {
            const req = open.result.transaction('settings').objectStore('settings').get('config');
            req.onsuccess = () => (open.result.close(), resolve(Boolean(req.result?.regionRisk)));
          };
        }),
      null,
      { timeout: 15000, polling: 250 },
    );
    // (The first sync pass may still be under way: wait for its request and its end.)
    for (let i = 0; !server.state.requests.includes('GET /api/v1/documents/region-risk'); i++) {
      assert.ok(i < 150, 'the page asked for the region-risk list');
      await page.waitForTimeout(100);
    }
    await page.locator('[data-testid=btn-sync][data-state=ok]').waitFor({ timeout: 15000 });
    const dismiss = async () => {
      await page.getByTestId('decision').click();
      await page.getByTestId('decision').waitFor({ state: 'hidden' });
    };
    const show = async (code, decision, reason) => {
      await page.keyboard.type(code + '\n');
      const screen = decision
        ? decisionScreen(page, decision, reason)
        : page.locator('[data-testid=decision]:not([hidden])');
      await screen.waitFor({ state: 'visible', timeout: 10000 });
      return screen;
    };
    const dayZh = `${new Date(today * 86400000).getUTCMonth() + 1}月${new Date(today * 86400000).getUTCDate()}日`;
    const dayEn = `${new Date(today * 86400000).getUTCDate()} ${new Date(today * 86400000).toLocaleString('en', { month: 'short', timeZone: 'UTC' })}`;

    // High risk: denied with R-TRAVEL-HIGH's words; the travel line names the region (with its province) and the day.
    let screen = await show(traveller, 'deny', 'R-TRAVEL-HIGH');
    assert.ok((await screen.textContent()).includes('行程卡带星号：14 天内到访过高风险地区'));
    const match = page.getByTestId('travel-match');
    assert.equal(await match.count(), 1, 'only the listed region is starred');
    assert.equal(await match.getAttribute('data-region'), '440902');
    assert.equal(await match.getAttribute('data-day'), String(today));
    assert.equal(await match.textContent(), `★ 行程卡带星号：广东省 440902 · ${dayZh} 到访（高风险）`);
    // Health information: keyboard-reachable and labelled; it opens the declaration summary, the screen stays.
    const button = page.getByTestId('btn-health');
    assert.equal(await button.textContent(), '健康信息');
    assert.equal(await page.getByTestId('health-info').isVisible(), false);
    await button.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('health-info').waitFor({ state: 'visible' });
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.match(
      await page.getByTestId('health-info').textContent(),
      /^最近申报 \d{4}-\d\d-\d\d \d\d:\d\d：无症状、无发热、无接触$/,
    );
    assert.equal(await screen.isVisible(), true, 'the button does not dismiss the decision');
    await shot(page, 'T-01-travel-high-health');
    const { color, background } = await button.evaluate((el) => ({
      color: getComputedStyle(el).color,
      background: getComputedStyle(el).backgroundColor,
    }));
    assert.ok(contrast(color, background) >= 4.5);
    await dismiss();

    // True values change the words; an itinerary with no listed region is not starred.
    screen = await show(unwell);
    assert.equal(await page.getByTestId('travel-match').count(), 0);
    assert.equal(await page.getByTestId('travel').isVisible(), false);
    await page.getByTestId('btn-health').click();
    assert.match(await page.getByTestId('health-info').textContent(), /：有症状、发热、有接触$/);
    await dismiss();
    // A code without a declaration says so.
    await show(undeclared, 'admit');
    await page.getByTestId('btn-health').click();
    assert.equal(await page.getByTestId('health-info').textContent(), '无健康申报信息');
    await dismiss();

    // English. (The focus leaves the button: a scanner's spaces would press it.)
    await page.getByTestId('btn-lang').click();
    await page.evaluate(() => document.activeElement?.blur());
    await show(traveller, 'deny', 'R-TRAVEL-HIGH');
    assert.equal(
      await page.getByTestId('travel-match').textContent(),
      `★ Travel: visited Guangdong 440902 on ${dayEn} (high risk)`,
    );
    assert.equal(await page.getByTestId('btn-health').textContent(), 'Health information');
    await page.getByTestId('btn-health').click();
    assert.match(
      await page.getByTestId('health-info').textContent(),
      /^Last declared \d{4}-\d\d-\d\d \d\d:\d\d: no symptoms, no fever, no contact$/,
    );
    await shot(page, 'T-02-travel-high-health-en');
    await dismiss();
    await page.getByTestId('btn-lang').click();
    await page.evaluate(() => document.activeElement?.blur());

    // Offline after the sync: a reload with the network down still has the list.
    server.state.down = true;
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    await show(traveller, 'deny', 'R-TRAVEL-HIGH');
    assert.match(await page.getByTestId('travel-match').textContent(), /440902/);
    await shot(page, 'T-03-travel-offline');
    await dismiss();

    // Back online, the authority lowers 440902 to medium: the next sync takes it and the code is referred.
    server.state.down = false;
    await context.setOffline(false);
    server.state.regionRisk = travel.regionRisk({
      seq: 2,
      regions: [{ r: '440902', level: 'medium', from: NOW - 3 * 86400, to: null }],
    });
    const before = server.state.requests.length;
    await page.getByTestId('btn-sync').evaluate((b) => delete b.dataset.state);
    await page.getByTestId('btn-sync').click();
    for (let i = 0; !server.state.requests.slice(before).includes('GET /api/v1/documents/region-risk'); i++) {
      assert.ok(i < 100, 'the page asked for the region-risk list');
      await page.waitForTimeout(100);
    }
    await page.locator('[data-testid=btn-sync][data-state=ok]:not([data-refused])').waitFor({ timeout: 10000 });
    screen = await show(traveller, 'refer', 'R-TRAVEL-MEDIUM');
    assert.equal(
      await page.getByTestId('travel-match').textContent(),
      `★ 行程卡带星号：广东省 440902 · ${dayZh} 到访（中风险）`,
    );
    assert.equal(await page.getByTestId('travel-match').getAttribute('data-level'), 'medium');
    await shot(page, 'T-04-travel-medium');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

/**
 * Before the page loads: speechSynthesis and SpeechSynthesisUtterance replaced by a recorder (the voices it
 * lists are window.__voices, changeable later), and every Web Audio tone's frequency recorded (__tones).
 */
function recordSpeechAndTones() {
  window.__spoken = [];
  window.__cancels = 0;
  window.__tones = [];
  window.__voices = [
    { name: 'Test zh', lang: 'zh-CN', voiceURI: 'test-zh', localService: true, default: true },
    { name: 'Test en', lang: 'en-US', voiceURI: 'test-en', localService: true, default: false },
  ];
  class Utterance {
    constructor(text) {
      this.text = text;
      this.lang = '';
      this.voice = null;
    }
  }
  const synth = {
    speaking: false,
    pending: false,
    paused: false,
    onvoiceschanged: null,
    getVoices: () => window.__voices,
    speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice?.lang ?? null }),
    cancel: () => window.__cancels++,
    pause() {},
    resume() {},
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true, writable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true, writable: true });
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    window.__tones.push(this.frequency.value);
    return start.apply(this, args);
  };
}

test('voice: the decision is spoken in the page language (admit, red, yellow, fever, invalid); off by a setting kept across a reload; tones without a voice', async () => {
  const green = issuePerson(auth, 'green', { ttl: 7200 });
  const red = issuePerson(auth, 'red', { name: '赵*', ttl: 7200 });
  const yellow = issuePerson(auth, 'yellow', { name: '李*', ttl: 7200 });
  const forged = forge(issuePerson(auth, 'green', { ttl: 7200 }));
  const documents = join(work, 'docs-voice');
  writeConfig(documents, {
    version: 1,
    roots: [auth.root.public],
    trustList: auth.trustList,
    statusLists: [auth.statusList(NOW - 600)],
    place: PLACE,
    temperature: 'optional',
    returnAfterMs: 30000,
    dedupeMs: 0,
    repeatWindowSeconds: 0, // the same people are shown in both languages: every scan is decided alone
    locale: 'zh-CN',
  });
  const server = await startServer(documents);
  const browser = await launchChromium(); // no camera: codes come by keyboard wedge
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(recordSpeechAndTones);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    const recorded = () =>
      page.evaluate(() => ({ spoken: window.__spoken, tones: window.__tones, cancels: window.__cancels }));
    const clear = () => page.evaluate(() => ((window.__spoken = []), (window.__tones = []), (window.__cancels = 0)));
    /** Scans `code` (after `before`, e.g. a temperature button) and returns what was spoken and played for it. */
    const scan = async (code, decision, reason, before) => {
      const shown = page.getByTestId('decision');
      if (await shown.isVisible()) {
        await shown.click();
        await shown.waitFor({ state: 'hidden' });
      }
      await clear();
      if (before) await before();
      await page.keyboard.type(code + '\n');
      await decisionScreen(page, decision, reason).waitFor({ state: 'visible', timeout: 10000 });
      return recorded();
    };
    const fever = async () => {
      await page.getByTestId('temp-fever').click();
      await page.evaluate(() => document.activeElement?.blur()); // a scanner's spaces would press the button
    };
    const cases = [
      [green, 'admit', null, null, '绿码，请通行', 'Green code, go ahead'],
      [red, 'deny', 'R-RED', null, '红码，禁止通行', 'Red code, no entry'],
      [yellow, 'deny', 'R-YELLOW', null, '黄码，禁止通行', 'Yellow code, no entry'],
      [green, 'refer', 'R-FEVER', fever, '请到发热门诊', 'Go to the fever clinic'],
      [forged, 'deny', 'crypto.signature', null, '禁止通行', 'No entry'],
    ];
    // The speech control is a real, labelled toggle in the tool bar.
    const toggle = page.getByTestId('btn-speech');
    assert.equal(await toggle.textContent(), '语音播报');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    for (const [lang, voice, column] of [
      ['zh-CN', 'zh-CN', 4],
      ['en', 'en-US', 5],
    ]) {
      if (lang === 'en') {
        await page.getByTestId('decision').click();
        await page.getByTestId('btn-lang').click();
        await page.evaluate(() => document.activeElement?.blur());
        assert.equal(await toggle.textContent(), 'Voice');
      }
      for (const c of cases) {
        const r = await scan(c[0], c[1], c[2], c[3]);
        assert.deepEqual(r.spoken, [{ text: c[column], lang, voice }], `${lang} ${c[1]} ${c[2]}`);
        assert.ok(r.cancels >= 1, 'the previous utterance is cancelled first');
        assert.deepEqual(r.tones, [], 'no tones while the decision is spoken');
      }
    }
    await shot(page, 'V-01-voice-en');

    // Speech off: nothing is said, the tones play; the setting is kept across a reload.
    await page.getByTestId('decision').click();
    await toggle.click();
    await page.evaluate(() => document.activeElement?.blur());
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    let r = await scan(green, 'admit');
    assert.deepEqual(r.spoken, []);
    assert.deepEqual(r.tones, [1320], 'one high beep');
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    r = await scan(red, 'deny', 'R-RED');
    assert.deepEqual(r.spoken, []);
    assert.deepEqual(r.tones, [220, 220], 'two low buzzes');
    await page.getByTestId('decision').click();
    await toggle.click();
    await page.evaluate(() => document.activeElement?.blur());
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');

    // No voice for the page's language (English only on this device, the page in Chinese): the tones.
    await page.evaluate(() => (window.__voices = window.__voices.filter((v) => v.lang === 'en-US')));
    await page.getByTestId('btn-lang').click(); // back to Chinese (English was kept)
    await page.evaluate(() => document.activeElement?.blur());
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    r = await scan(green, 'refer', 'R-FEVER', fever);
    assert.deepEqual(r.spoken, []);
    assert.deepEqual(r.tones, [660, 520], 'two mid tones');
    // English has its voice: spoken again.
    await page.getByTestId('decision').click();
    await page.getByTestId('btn-lang').click();
    await page.evaluate(() => document.activeElement?.blur());
    r = await scan(red, 'deny', 'R-RED');
    assert.deepEqual(r.spoken, [{ text: 'Red code, no entry', lang: 'en', voice: 'en-US' }]);
    assert.deepEqual(r.tones, []);
    // No speechSynthesis at all: the tones.
    await page.evaluate(() => delete window.speechSynthesis);
    r = await scan(green, 'admit');
    assert.deepEqual(r.spoken, []);
    assert.deepEqual(r.tones, [1320]);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('repeat scans: another code of the same person within the window shows "已登记 HH:MM" and is recorded and counted once, also offline after a reload; another place or a scan after the window records again', async () => {
  // Two codes of one person (later iat: another text), and two of a red one.
  const first = issuePerson(auth, 'green', { sub: 'p-repeat', iat: NOW - 120, ttl: 7200 });
  const second = issuePerson(auth, 'green', { sub: 'p-repeat', iat: NOW - 60, ttl: 7200 });
  const third = issuePerson(auth, 'green', { sub: 'p-repeat', iat: NOW, ttl: 7200 });
  const red1 = issuePerson(auth, 'red', { sub: 'p-repeat-red', name: '赵*', iat: NOW - 60, ttl: 7200 });
  const red2 = issuePerson(auth, 'red', { sub: 'p-repeat-red', name: '赵*', iat: NOW, ttl: 7200 });
  const other = issuePerson(auth, 'green', { name: '王*', ttl: 7200 });
  const mine = new Set([first, second, third]);
  const otherPlace = issuePlace(auth, { sub: 'pl-0099', name: '南京路步行街', category: 'mall', region: '310101' });
  const documents = join(work, 'docs-repeat');
  writeConfig(documents, {
    version: 1,
    roots: [auth.root.public],
    trustList: auth.trustList,
    statusLists: [auth.statusList(NOW - 600)],
    place: PLACE,
    temperature: 'optional',
    returnAfterMs: 30000,
    dedupeMs: 5000,
    // repeatWindowSeconds: the default, 600
    locale: 'zh-CN',
    server: './',
  });
  const server = await startServer(documents);
  const browser = await launchChromium(); // no camera: codes come by keyboard wedge
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const ready = () => page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    await page.goto(server.url + '/');
    await ready();
    const repeat = page.getByTestId('repeat');
    const scan = async (code, decision, reason) => {
      const shown = page.getByTestId('decision');
      if (await shown.isVisible()) {
        await shown.click();
        await shown.waitFor({ state: 'hidden' });
      }
      await page.keyboard.type(code + '\n');
      await decisionScreen(page, decision, reason).waitFor({ state: 'visible', timeout: 10000 });
    };
    const synced = () =>
      page.waitForFunction(() => document.querySelector('[data-testid=queue-count]').textContent === '0', null, {
        timeout: 15000,
      });
    const received = () =>
      server.state.checkins.flat().filter((r, i, all) => all.findIndex((x) => x.clientId === r.clientId) === i);
    const hhmm = (time) =>
      page.evaluate((t) => {
        const d = new Date(t * 1000);
        return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
      }, time);

    // The first scan is a visit: recorded, counted, nothing about an earlier one.
    await scan(first, 'admit');
    assert.equal(await repeat.isVisible(), false);
    await synced();
    const firstRecord = received().find((r) => r.code === first);
    assert.ok(firstRecord, 'the first scan reached the server');
    const at = await hhmm(firstRecord.time);
    // Another code of the same person: shown as usual, with the time of the first record; not recorded again.
    await scan(second, 'admit');
    await repeat.waitFor({ state: 'visible' });
    assert.equal(await repeat.textContent(), `已登记 ${at}`);
    assert.equal(await repeat.getAttribute('data-time'), at);
    await shot(page, 'R-01-repeat-admit');
    // A red person twice: denied both times, counted once.
    await scan(red1, 'deny', 'R-RED');
    assert.equal(await repeat.isVisible(), false);
    await scan(red2, 'deny', 'R-RED');
    await repeat.waitFor({ state: 'visible' });
    assert.match(await repeat.textContent(), /^已登记 \d\d:\d\d$/);
    // Someone else is a visit of their own.
    await scan(other, 'admit');
    assert.equal(await repeat.isVisible(), false);
    await page.getByTestId('decision').click();
    await synced();
    assert.deepEqual(await counters(page), { admit: 2, deny: 1, refer: 0, manual: 0, queue: 0 });
    assert.equal(received().filter((r) => mine.has(r.code)).length, 1, 'one check-in for the person');
    assert.equal(received().filter((r) => r.code === red1 || r.code === red2).length, 1, 'one for the red person');
    assert.equal(received().length, 3);
    assert.equal(
      await page.locator('[data-testid=log] [data-repeat="1"]').count(),
      2,
      'the log says which were repeats',
    );

    // Offline, after a reload: the page still knows the person (IndexedDB), in English too.
    server.state.down = true;
    await context.setOffline(true);
    await page.reload();
    await ready();
    await scan(third, 'admit');
    await repeat.waitFor({ state: 'visible' });
    assert.equal(await repeat.textContent(), `已登记 ${at}`);
    await page.getByTestId('decision').click();
    await page.getByTestId('btn-lang').click();
    await page.evaluate(() => document.activeElement?.blur());
    await scan(second, 'admit');
    assert.equal(await repeat.textContent(), `Already checked in at ${at}`);
    await shot(page, 'R-02-repeat-offline-en');
    await page.getByTestId('decision').click();
    await page.getByTestId('btn-lang').click();
    await page.evaluate(() => document.activeElement?.blur());
    assert.deepEqual(await counters(page), { admit: 2, deny: 1, refer: 0, manual: 0, queue: 0 });

    // Another place (its place code, offline): the same person is a new visit there.
    await page.getByTestId('btn-place').click();
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.type(otherPlace + '\n');
    await page.locator('[data-testid=decision][data-decision=place]').waitFor({ state: 'visible' });
    assert.equal(await page.getByTestId('place').textContent(), '南京路步行街');
    await scan(first, 'admit');
    assert.equal(await repeat.isVisible(), false);
    await page.getByTestId('decision').click();
    assert.deepEqual(await counters(page), { admit: 3, deny: 1, refer: 0, manual: 0, queue: 1 });
    await scan(third, 'admit'); // and the same person again there: a repeat
    await repeat.waitFor({ state: 'visible' });
    await page.getByTestId('decision').click();
    assert.deepEqual(await counters(page), { admit: 3, deny: 1, refer: 0, manual: 0, queue: 1 });

    // Back online; then 15 minutes later (the server's clock ahead: the page corrects to it), past the
    // window: the same person is recorded again.
    server.state.down = false;
    await context.setOffline(false);
    await page.getByTestId('btn-sync').click();
    await synced();
    assert.equal(received().filter((r) => mine.has(r.code)).length, 2);
    server.state.dateOffsetS = 15 * 60;
    await page.reload();
    await ready();
    await page.getByTestId('skew-warning').waitFor({ state: 'visible' });
    await scan(second, 'admit');
    assert.equal(await repeat.isVisible(), false, 'past the window: a new visit');
    await page.getByTestId('decision').click();
    await synced();
    const visits = received().filter((r) => mine.has(r.code));
    assert.deepEqual(
      visits.map((r) => [r.code === first ? 'first' : r.code === second ? 'second' : 'third', r.placeId]),
      [
        ['first', 'pl-0042'],
        ['first', 'pl-0099'],
        ['second', 'pl-0099'],
      ],
    );
    assert.deepEqual(server.state.rejected, []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
