// End to end, against the real greenlight-server (SQLite in a temp dir, --demo, serving web/dist):
//   (a) a new citizen signs in on the citizen page (/citizen/), enters real-name details and a declaration
//       with no symptoms and is shown a green dynamic code;
//   (b) a new place admin (through the API) creates a place and a checkpoint;
//   (c) an inspector signs in on the checkpoint page, whose fake camera shows the citizen's code, binds with
//       the place's declaration code and picks the checkpoint; the page admits the citizen and syncs;
//   (d) the place's statistics show the visit, by inspector and by checkpoint.
// One-time codes come from the demo SMS outbox (GET /api/v1/demo/sms). Screenshots: test-results/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { fakeCamera, launchChromium, watchedPage } from '../support/browser.mjs';
import { contrast } from '../support/contrast.mjs';
import {
  api,
  authorityByApi,
  idNumber,
  newPhone,
  signInByApi,
  smsCode,
  startE2EServer,
  stopE2EServer,
} from '../support/demo-server.mjs';
import { resultsDir } from '../support/repo.mjs';
import { makeY4m } from '../web/fixtures.mjs';

const shots = resultsDir('e2e');
let server; // { url, … }

before(async () => {
  server = await startE2EServer();
});

after(stopE2EServer);

test('citizen code -> inspector scan at a checkpoint -> sync -> place statistics', { timeout: 240000 }, async () => {
  const health = await api('GET', '/api/v1/health');
  assert.equal(health.status, 'ok');

  // (a) The citizen, on the citizen page (phone-sized).
  const citizenPhone = newPhone();
  const browser = await launchChromium();
  let citizenCode;
  let citizenToken;
  try {
    const { context, page, errors } = await watchedPage(browser, {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
    });
    await page.goto(server.url + '/citizen/');
    await page.waitForSelector('body[data-ready="1"][data-view=signin]', { timeout: 20000 });
    await page.getByTestId('phone').fill(citizenPhone);
    await page.getByTestId('send-otp').click();
    await page.getByTestId('info').and(page.locator(':text("验证码已发送")')).waitFor();
    await page.screenshot({ path: join(shots, 'a-01-citizen-sign-in.png') });
    await page.getByTestId('otp').fill(await smsCode(citizenPhone));
    await page.getByTestId('otp').press('Enter'); // keyboard: Enter submits the form
    await page.waitForSelector('body[data-view=identity]');
    // A wrong check character is refused on the page before anything is sent.
    const id = idNumber(Date.now() % 100000);
    await page.getByTestId('name').fill('张三');
    await page.getByTestId('id-number').fill(id.slice(0, 17) + (id[17] === '0' ? '1' : '0'));
    await page.getByTestId('save-identity').click();
    assert.match(await page.getByTestId('error').textContent(), /GB 11643/);
    await page.getByTestId('id-number').fill(id);
    await page.screenshot({ path: join(shots, 'a-02-citizen-identity.png') });
    await page.getByTestId('save-identity').click();
    await page.waitForSelector('body[data-view=declaration]');
    await page.screenshot({ path: join(shots, 'a-03-citizen-declaration.png'), fullPage: true });
    await page.getByTestId('submit-declaration').click();
    const card = page.locator('[data-testid=my-code][data-status=green]');
    await card.waitFor({ timeout: 20000 });
    const banner = page.getByTestId('status-banner');
    assert.equal(await banner.getAttribute('data-status'), 'green');
    assert.match(await banner.textContent(), /绿码/, 'the status in words, not colour only');
    const colours = await banner.evaluate((el) => ({
      color: getComputedStyle(el).color,
      background: getComputedStyle(el).backgroundColor,
    }));
    assert.ok(contrast(colours.color, colours.background) >= 4.5, `banner contrast ${JSON.stringify(colours)}`);
    assert.equal(await page.getByTestId('masked-name').textContent(), '张*');
    citizenCode = await card.getAttribute('data-code');
    assert.match(citizenCode, /^GL1:/);
    // The clock ticks.
    const t1 = await page.getByTestId('clock').textContent();
    await page.waitForFunction((t) => document.querySelector('[data-testid=clock]').textContent !== t, t1, {
      timeout: 3000,
    });
    await page.screenshot({ path: join(shots, 'a-04-citizen-green-code.png') });
    citizenToken = await page.evaluate(() => JSON.parse(localStorage.getItem('greenlight-citizen-session')).token);
    const me = await api('GET', '/api/v1/me', { token: citizenToken });
    assert.equal(me.person.status, 'green');
    // English
    await page.getByTestId('btn-lang').click();
    await page.waitForFunction(() =>
      /Green[\s\S]*You may enter/.test(document.querySelector('[data-testid=status-banner]')?.textContent ?? ''),
    );
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.screenshot({ path: join(shots, 'a-05-citizen-green-code-en.png') });
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await browser.close();
  }

  // (b) The place admin, through the API.
  const admin = await signInByApi(newPhone());
  const place = await api('POST', '/api/v1/places', {
    token: admin.token,
    expect: 201,
    body: { region: '110105', address: '朝阳路 1 号', category: 'market', name: '朝阳菜市场' },
  });
  assert.match(place.id, /^pl-/);
  assert.match(place.declarationCode, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
  const checkpoint = await api('POST', `/api/v1/places/${place.id}/checkpoints`, {
    token: admin.token,
    body: { name: 'south gate' },
    expect: 201,
  });
  assert.equal(checkpoint.name, 'south gate');

  // (c) The inspector, on the checkpoint page; the fake camera shows the citizen's code.
  const inspectorPhone = newPhone();
  const y4m = makeY4m('e2e-citizen', [citizenCode], { hold: 2, gap: 0.5 });
  const camBrowser = await launchChromium(fakeCamera(y4m));
  try {
    const { page, errors } = await watchedPage(camBrowser, {
      viewport: { width: 1280, height: 800 },
      permissions: ['camera'],
    });
    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    assert.equal(await page.getByTestId('fatal').isHidden(), true, 'the page has its configuration');
    await page.getByTestId('btn-account').dispatchEvent('click'); // a "not a place code" screen may cover the toolbar
    const dialog = page.getByTestId('account');
    await dialog.waitFor();
    await page.getByTestId('account-phone').fill(inspectorPhone);
    // A wrong code first: the server's 401 is shown with its code.
    await page.getByTestId('account-otp').click();
    await page.getByTestId('account-info').and(page.locator(':text("验证码已发送")')).waitFor();
    const otp = await smsCode(inspectorPhone);
    // Asking again within a minute: the server's 429 with Retry-After is shown with its code.
    await page.getByTestId('account-otp').click();
    await page.locator('[data-testid=account-error][data-code="auth.rate_limited"]').waitFor();
    assert.match(
      await page.getByTestId('account-error').textContent(),
      /尝试过于频繁，请 \d+ 秒后再试 \(auth\.rate_limited: /,
    );
    await page.getByTestId('account-code').fill(otp === '000000' ? '111111' : '000000');
    await page.getByTestId('account-submit').click();
    await page.locator('[data-testid=account-error][data-code="auth.otp"]').waitFor();
    assert.match(await page.getByTestId('account-error').textContent(), /验证码错误或已过期 \(auth\.otp: /);
    await page.screenshot({ path: join(shots, 'c-01-inspector-wrong-code.png') });
    await page.getByTestId('account-code').fill(otp);
    await page.getByTestId('account-submit').click();
    await page.getByTestId('account-signed').waitFor();
    assert.match(await page.getByTestId('account-me').textContent(), /\d{3}\*{4}\d{4}/);
    // Bind with the declaration code as a person would type it (lower case, no dashes), pick the checkpoint.
    await page.getByTestId('account-decl').fill(place.declarationCode.replace(/-/g, '').toLowerCase());
    await page.getByTestId('account-bind').click();
    await page.locator(`[data-testid=place-option][data-place-id="${place.id}"]`).waitFor();
    await page.getByTestId('account-checkpoint-select').selectOption('south gate');
    await page.screenshot({ path: join(shots, 'c-02-inspector-bound.png') });
    await page.getByTestId('account-use').click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.getByTestId('place').textContent(), '朝阳菜市场');
    const admit = page.locator('[data-testid=decision][data-decision=admit]');
    await admit.waitFor({ state: 'visible', timeout: 30000 });
    assert.match(await admit.textContent(), /通过[\s\S]*张\*[\s\S]*绿码/);
    await page.screenshot({ path: join(shots, 'c-03-inspector-admit.png') });
    await page.waitForFunction(() => document.querySelector('[data-testid=count-admit]').textContent === '1');
    await page.waitForFunction(() => document.querySelector('[data-testid=queue-count]').textContent === '0', null, {
      timeout: 20000,
    });
    await page.screenshot({ path: join(shots, 'c-04-inspector-synced.png') });
    const setting = (key) =>
      page.evaluate(
        (k) =>
          new Promise((resolve, reject) => {
            const req = indexedDB.open('greenlight-checkpoint');
            req.onsuccess = () => {
              const get = req.result.transaction('settings').objectStore('settings').get(k);
              get.onsuccess = () => resolve(get.result);
              get.onerror = () => reject(get.error);
            };
            req.onerror = () => reject(req.error);
          }),
        key,
      );
    const account = await setting('account');
    // The same pass refreshed the documents from the server; the engine accepted them.
    await page.waitForFunction(() => document.querySelector('[data-testid=log] [data-kind=sync]'), null, {
      timeout: 20000,
    });
    assert.equal(
      await page.locator('[data-testid=log] [data-kind=sync-failed]').count(),
      0,
      await page.getByTestId('log').innerText(),
    );
    const documentState = await setting('documentState');
    assert.equal(typeof documentState.statusSeq, 'number', JSON.stringify(documentState));
    assert.ok(documentState.snapshotAt > 0 && documentState.etags['api/v1/documents/trust-list']);
    assert.match(account.id, /^a-/);
    assert.deepEqual(errors, []);

    // (d) The admin's statistics.
    const stats = await api('GET', `/api/v1/places/${place.id}/statistics`, { token: admin.token });
    assert.equal(stats.placeId, place.id);
    assert.equal(stats.totals.visits, 1, JSON.stringify(stats));
    assert.equal(stats.totals.admitted, 1);
    assert.equal(stats.totals.denied, 0);
    assert.equal(stats.byInspector.length, 1);
    assert.equal(stats.byInspector[0].inspectorId, account.id);
    assert.equal(stats.byInspector[0].phone, `${inspectorPhone.slice(0, 3)}****${inspectorPhone.slice(7)}`);
    assert.equal(stats.byInspector[0].visits, 1);
    assert.deepEqual(
      stats.byCheckpoint.map((c) => [c.checkpoint, c.visits, c.admitted]),
      [['south gate', 1, 1]],
    );
    // The citizen sees the visit.
    const { checkins } = await api('GET', '/api/v1/me/checkins', { token: citizenToken });
    assert.equal(checkins.length, 1);
    assert.equal(checkins[0].place.id, place.id);
    assert.equal(checkins[0].decision, 'admit');
    assert.equal(checkins[0].checkpoint, 'south gate');

    // A status change (the demo health authority marks the citizen red) reaches the checkpoint as a status
    // list delta (?since=), which the engine accepts.
    // (The demo authority signs in with a password: docs/api.md "Authority".)
    const authority = await authorityByApi();
    const changed = await api('POST', '/api/v1/authority/status', {
      token: authority.token,
      body: { phone: citizenPhone, status: 'red', reason: 'e2e' },
    });
    assert.equal(changed.person.status, 'red');
    assert.ok(changed.person.seq > documentState.statusSeq);
    await page
      .getByTestId('decision')
      .click()
      .catch(() => {});
    await page.getByTestId('btn-sync').dispatchEvent('click');
    await page.waitForFunction(
      async (seq) => {
        const state = await new Promise((resolve) => {
          const req = indexedDB.open('greenlight-checkpoint');
          req.onsuccess = () => {
            const get = req.result.transaction('settings').objectStore('settings').get('documentState');
            get.onsuccess = () => resolve(get.result);
          };
        });
        return state && state.statusSeq >= seq;
      },
      changed.person.seq,
      { timeout: 20000 },
    );
    assert.equal(
      await page.locator('[data-testid=log] [data-kind=sync-failed]').count(),
      0,
      await page.getByTestId('log').innerText(),
    );
    // After a reload (the stored documents now include the delta) the citizen's code, still green inside, is
    // denied: the status list is newer than the code.
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    const deny = page.locator('[data-testid=decision][data-decision=deny][data-reasons~="R-RED"]');
    await deny.waitFor({ state: 'visible', timeout: 30000 });
    await page.screenshot({ path: join(shots, 'c-05-inspector-deny-after-status-change.png') });

    // Signing out on the checkpoint page ends the session on the server.
    const token = await setting('token');
    await page.getByTestId('btn-account').dispatchEvent('click');
    await page.getByTestId('account-signout').click();
    await page.getByTestId('account-signin').waitFor();
    await api('GET', '/api/v1/me', { token, expect: 401 });
    await page.screenshot({ path: join(shots, 'c-06-inspector-signed-out.png') });
  } finally {
    await camBrowser.close();
  }
});
