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
import { join } from 'node:path';

import { launchChromium } from '../support/browser.mjs';
import { checkpointPage, decision, ready, scan, storedTrustSeq } from '../support/checkpoint-page.mjs';
import {
  api,
  authorityByApi,
  citizenByApi,
  placeByApi,
  rotateKeyByApi,
  startE2EServer,
  stopE2EServer,
} from '../support/demo-server.mjs';
import { resultsDir } from '../support/repo.mjs';

const shots = resultsDir('e2e');

before(async () => {
  await startE2EServer();
});
after(stopE2EServer);

test(
  'key rotation reaches an offline checkpoint: pre-published keys verify at once, a revoked key after a sync',
  { timeout: 180000 },
  async () => {
    const place = await placeByApi();
    const citizen = await citizenByApi('轮换丙');
    const authority = await authorityByApi();
    const rotate = (compromised, reason) => rotateKeyByApi(authority.token, { use: 'person', compromised, reason });
    const freshCode = async () => (await api('GET', '/api/v1/me/code', { token: citizen.token })).text;

    const browser = await launchChromium();
    try {
      const { context, page, errors } = await checkpointPage(browser, place);
      await scan(page, citizen.code);
      await decision(page, 'admit').waitFor({ state: 'visible', timeout: 20000 });
      const seqBefore = await storedTrustSeq(page);
      await context.setOffline(true);

      // A routine rotation: the next key, published long before, signs the new code; offline, it passes.
      const routine = await rotate(false, 'e2e: annual rotation');
      const second = await freshCode();
      assert.notEqual(second, citizen.code);
      await scan(page, second);
      await decision(page, 'admit').waitFor({ state: 'visible', timeout: 20000 });
      await page.screenshot({ path: join(shots, 'k-01-offline-admits-code-of-pre-published-key.png') });

      // The new key leaks: it and its next key are revoked, a fresh key signs. Offline, the checkpoint has
      // never heard of the fresh key.
      const leak = await rotate(true, 'e2e: key leaked');
      assert.deepEqual(leak.revoked.sort(), [routine.active, routine.next].sort());
      const third = await freshCode();
      await scan(page, third);
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
      await ready(page);
      await scan(page, third);
      await decision(page, 'admit').waitFor({ state: 'visible', timeout: 20000 });
      await scan(page, second);
      await decision(page, 'deny', 'crypto.key_unknown').waitFor({ state: 'visible', timeout: 20000 });
      await page.screenshot({ path: join(shots, 'k-03-synced-refuses-code-of-revoked-key.png') });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  },
);
