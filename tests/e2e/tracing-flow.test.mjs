// End to end, tracing to the door: a case is confirmed on the server, and
//   - a checkpoint that refreshes denies the close contact's proxy code (the contact's mother, no phone);
//   - a checkpoint that was offline meanwhile still admits it, and denies it once it is back online and syncs;
//   - the close contact's own page shows an orange code.
// The real greenlight-server (--demo, SQLite) serving web/dist; the checkpoints' fake camera shows the printed
// proxy code. Screenshots: test-results/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { fakeCamera, launchChromium } from '../support/browser.mjs';
import { checkpointAt, decision, documentState, ready, statusSeqReaches } from '../support/checkpoint-page.mjs';
import {
  api,
  authorityByApi,
  citizenByApi,
  newIdNumber,
  newPhone,
  signInByApi,
  startE2EServer,
  stopE2EServer,
} from '../support/demo-server.mjs';
import { resultsDir } from '../support/repo.mjs';
import { makeY4m } from '../web/fixtures.mjs';

const shots = resultsDir('e2e');
let server;

before(async () => {
  server = await startE2EServer();
});

after(stopE2EServer);

test(
  "a confirmed case reaches an online and an offline checkpoint, and the contact's own code",
  { timeout: 240000 },
  async () => {
    // The outbreak, through the API: the case, then (5 min later) the contact's mother with her printed proxy
    // code, then the contact, at a market (30 min of presence each).
    const admin = await signInByApi(newPhone());
    const place = await api('POST', '/api/v1/places', {
      token: admin.token,
      expect: 201,
      body: { region: '110105', address: '东风路 8 号', category: 'market', name: '东风菜市场' },
    });
    const recorder = await signInByApi(newPhone());
    await api('POST', '/api/v1/inspector/places', {
      token: recorder.token,
      body: { declarationCode: place.declarationCode },
    });
    const patient = await citizenByApi('病例甲');
    const contact = await citizenByApi('接触乙');
    const mother = await api('POST', '/api/v1/me/proxies', {
      token: contact.token,
      expect: 201,
      body: { name: '接触母', idNumber: newIdNumber() },
    });
    // Scanned as the codes are shown: a scan ties to its person only when its code verifies at the scan's time.
    const t0 = Math.floor(Date.now() / 1000);
    const record = (code, time) => ({
      clientId: randomBytes(8).toString('hex'),
      placeId: place.id,
      time,
      method: 'inspector-scan',
      code,
      decision: 'admit',
      status: 'green',
      reasons: [],
      temperatureClass: 'normal',
    });
    const ingested = await api('POST', '/api/v1/checkins', {
      token: recorder.token,
      body: { records: [record(patient.code, t0), record(mother.text, t0 + 10), record(contact.code, t0 + 20)] },
    });
    assert.equal(ingested.accepted.length, 3, JSON.stringify(ingested));

    // Two checkpoints whose camera shows the mother's printed code: both admit it (green).
    const y4m = makeY4m('e2e-proxy', [mother.text], { hold: 2, gap: 0.5 });
    const browser = await launchChromium(fakeCamera(y4m));
    try {
      const online = await browser.newContext({ viewport: { width: 1024, height: 768 }, permissions: ['camera'] });
      const offline = await browser.newContext({ viewport: { width: 1024, height: 768 }, permissions: ['camera'] });
      const a = await online.newPage();
      const b = await offline.newPage();
      const errors = [];
      for (const p of [a, b]) p.on('pageerror', (e) => errors.push(String(e)));
      for (const p of [a, b]) {
        await checkpointAt(p, place);
        await decision(p, 'admit').waitFor({ state: 'visible', timeout: 30000 });
      }
      const seqBefore = (await documentState(b)).statusSeq;
      await offline.setOffline(true);

      // The authority confirms the case (close contacts orange).
      const authority = await authorityByApi();
      const opened = await api('POST', '/api/v1/authority/cases', {
        token: authority.token,
        expect: 201,
        body: { personId: patient.personId, windowStart: t0 - 3600, windowEnd: t0 + 60, reason: 'positive PCR (e2e)' },
      });
      const confirmed = await api('POST', `/api/v1/authority/cases/${opened.case.id}/confirm`, {
        token: authority.token,
        body: { reason: 'confirmed (e2e)' },
      });
      const roles = Object.fromEntries(confirmed.changes.map((c) => [c.personId, c.status]));
      assert.equal(roles[patient.personId], 'red');
      assert.equal(roles[contact.personId], 'orange');
      assert.equal(Object.values(roles).filter((s) => s === 'orange').length, 2, 'the contact and the mother');
      assert.ok(confirmed.seq > seqBefore);

      // The online checkpoint refreshes (its sync button; it also does so on its own) and denies the proxy.
      await a.getByTestId('btn-sync').dispatchEvent('click');
      await statusSeqReaches(a, confirmed.seq, 20000);
      await a.reload();
      await ready(a);
      await decision(a, 'deny', 'R-ORANGE').waitFor({ state: 'visible', timeout: 30000 });
      await a.screenshot({ path: join(shots, 't-01-online-checkpoint-denies-proxy.png') });

      // The offline one has not heard: its documents are still those from before.
      assert.equal((await documentState(b)).statusSeq, seqBefore);
      await b.screenshot({ path: join(shots, 't-02-offline-checkpoint-stale.png') });
      // Back online it syncs by itself (the browser's online event), then denies the proxy too.
      await offline.setOffline(false);
      await statusSeqReaches(b, confirmed.seq, 30000);
      await b.reload();
      await ready(b);
      await decision(b, 'deny', 'R-ORANGE').waitFor({ state: 'visible', timeout: 30000 });
      await b.screenshot({ path: join(shots, 't-03-offline-checkpoint-synced-denies.png') });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }

    // The contact's own page: a new dynamic code, orange.
    const phoneBrowser = await launchChromium();
    try {
      const context = await phoneBrowser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
      const page = await context.newPage();
      // Signed in already (the session the API gave the contact), as after an earlier visit on this phone.
      await page.goto(server.url + '/citizen/');
      await page.evaluate((session) => localStorage.setItem('greenlight-citizen-session', JSON.stringify(session)), {
        token: contact.token,
      });
      await page.reload();
      const card = page.locator('[data-testid=my-code][data-status=orange]');
      await card.waitFor({ timeout: 20000 });
      assert.notEqual(await card.getAttribute('data-code'), contact.code, 'a new code');
      assert.equal(await page.getByTestId('status-banner').getAttribute('data-status'), 'orange');
      await page.screenshot({ path: join(shots, 't-04-contact-code-orange.png') });
    } finally {
      await phoneBrowser.close();
    }
  },
);
