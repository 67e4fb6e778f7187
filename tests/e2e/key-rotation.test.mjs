// End to end, issuer keys at the door: a checkpoint page syncs, goes offline, and then
//   - after a routine rotation of the person key it admits the citizen's new code at once (the key that signs
//     it was published as the next key before the rotation);
//   - after the new key is revoked as compromised, the code a fresh key signs is refused offline
//     (crypto.key_unknown: not published before) and admitted once the checkpoint is back online and has
//     synced, while the code the revoked key signed is refused from then on.
// The real greenlight-server (--demo, SQLite) serving web/dist; codes reach the page by keyboard wedge (a
// scanner types the code and Enter). Screenshots: test-results/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { launchChromium } from '../browser/harness.mjs';
import { repo } from '../web/fixtures.mjs';
import { api, authorityByApi, checkpointAt, citizenByApi, decision, newPhone, signInByApi, startE2EServer, stopE2EServer } from './harness.mjs';

const shots = join(repo, 'test-results/e2e');
mkdirSync(shots, { recursive: true });

before(async () => {
  await startE2EServer();
});
after(stopE2EServer);

/** The seq of the trust list the checkpoint page has stored (its settings' "config"). */
const storedTrustSeq = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const req = indexedDB.open('greenlight-checkpoint');
  req.onsuccess = () => {
    const get = req.result.transaction('settings').objectStore('settings').get('config');
    get.onsuccess = () => {
      const jws = get.result?.trustList;
      if (!jws) return resolve(null);
      const b64 = jws.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      resolve(JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))).seq);
    };
    get.onerror = () => reject(get.error);
  };
  req.onerror = () => reject(req.error);
}));

test('key rotation reaches an offline checkpoint: pre-published keys verify at once, a revoked key after a sync', { timeout: 180000 }, async () => {
  const admin = await signInByApi(newPhone());
  const place = await api('POST', '/api/v1/places', { token: admin.token, expect: 201,
    body: { region: '110105', address: '人民路 1 号', category: 'supermarket', name: '人民超市' } });
  const citizen = await citizenByApi('轮换丙');
  const authority = await authorityByApi();
  const rotate = (compromised, reason) => api('POST', '/api/v1/authority/keys/rotate', { token: authority.token,
    body: { use: 'person', compromised, reason } });
  const freshCode = async () => (await api('GET', '/api/v1/me/code', { token: citizen.token })).text;

  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // A scanner types the code and Enter; the last decision is dismissed first (a tap), so each wait below
    // sees the decision for this code.
    const scan = async (code) => {
      const shown = page.getByTestId('decision');
      if (await shown.isVisible()) {
        await shown.click();
        await shown.waitFor({ state: 'hidden' });
      }
      await page.keyboard.type(code + '\n');
    };
    await checkpointAt(page, place);
    await scan(citizen.code);
    await decision(page, 'admit').waitFor({ state: 'visible', timeout: 20000 });
    const seqBefore = await storedTrustSeq(page);
    await context.setOffline(true);

    // A routine rotation: the next key, published long before, signs the new code; offline, it passes.
    const routine = await rotate(false, 'e2e: annual rotation');
    const second = await freshCode();
    assert.notEqual(second, citizen.code);
    await scan(second);
    await decision(page, 'admit').waitFor({ state: 'visible', timeout: 20000 });
    await page.screenshot({ path: join(shots, 'k-01-offline-admits-code-of-pre-published-key.png') });

    // The new key leaks: it and its next key are revoked, a fresh key signs. Offline, the checkpoint has
    // never heard of the fresh key.
    const leak = await rotate(true, 'e2e: key leaked');
    assert.deepEqual(leak.revoked.sort(), [routine.active, routine.next].sort());
    const third = await freshCode();
    await scan(third);
    await decision(page, 'deny', 'crypto.key_unknown').waitFor({ state: 'visible', timeout: 20000 });
    await page.screenshot({ path: join(shots, 'k-02-offline-refuses-code-of-unpublished-key.png') });

    // Back online it syncs by itself and takes the new trust list: the fresh key's code passes, the revoked
    // key's code does not.
    await context.setOffline(false);
    const deadline = Date.now() + 30000;
    while ((await storedTrustSeq(page)) === seqBefore) {
      assert.ok(Date.now() < deadline, 'the checkpoint stores the new trust list after going back online');
      await new Promise((r) => setTimeout(r, 250));
    }
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
    await scan(third);
    await decision(page, 'admit').waitFor({ state: 'visible', timeout: 20000 });
    await scan(second);
    await decision(page, 'deny', 'crypto.key_unknown').waitFor({ state: 'visible', timeout: 20000 });
    await page.screenshot({ path: join(shots, 'k-03-synced-refuses-code-of-revoked-key.png') });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
