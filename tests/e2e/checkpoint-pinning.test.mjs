// End to end, the checkpoint page's pinned roots and rollback floor (docs/checkpoint.md, "Pinned roots"):
//   - configured once from the real server's checkpoint.json, the page pins its root; a man in the middle
//     (Playwright routes on checkpoint.json and the document endpoints) serving an attacker's root, trust
//     list and status list cannot re-root it: the attacker's green code is denied, a banner says the roots
//     changed, and so after an offline restart too;
//   - an older valid configuration and trust list (captured before a key rotation) are refused, the newer
//     ones stay, and a code of the revoked key stays denied;
//   - re-provisioning is explicit: the installer's typed root must match the configuration, else nothing is
//     stored.
// The attacker's documents and code come from the native `greenlight` CLI (keygen, sign-doc, issue).
// Screenshots: test-results/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { launchChromium, watchedPage } from '../support/browser.mjs';
import { checkpointPage, decision, jwsSeq, ready, scan, setting, storedTrustSeq } from '../support/checkpoint-page.mjs';
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
import { NOW, issuePerson, makeAuthority } from '../web/fixtures.mjs';

const shots = resultsDir('e2e');

let server;
// GREENLIGHT_WEB_DIST: serve an already built page instead (e.g. an older build, to see these tests fail on it).
before(
  async () =>
    (server = await startE2EServer({ webDir: process.env.GREENLIGHT_WEB_DIST, ownBuild: true, prefix: 'gl-pinning-' })),
);
after(stopE2EServer);

const banner = (page, code) => page.locator(`[data-testid=trust-warning][data-codes~="${code}"]`);

/** A man in the middle answering checkpoint.json and the API's documents; `null` leaves an endpoint alone. */
async function intercept(page, { config = null, trustList = null, statusLists = null }) {
  const served = [];
  await page.route('**/documents/checkpoint.json', (route) =>
    config
      ? (served.push('config'),
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(config) }))
      : route.continue(),
  );
  await page.route('**/api/v1/documents/trust-list', (route) =>
    trustList
      ? (served.push('trust-list'), route.fulfill({ status: 200, contentType: 'application/jose', body: trustList }))
      : route.continue(),
  );
  await page.route('**/api/v1/documents/status-list*', (route) =>
    statusLists
      ? (served.push('status-list'),
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ snapshot: true, seq: 1, lists: statusLists }),
        }))
      : route.continue(),
  );
  return served;
}

test(
  'a man in the middle cannot re-root the checkpoint: the forged green code is denied, a banner says so, also after an offline restart',
  { timeout: 180000 },
  async () => {
    const place = await placeByApi();
    const citizen = await citizenByApi('根钉甲');
    const {
      roots: [serverRoot],
    } = await api('GET', '/api/v1/documents/roots');
    // The attacker's own root, issuer and trust list, and a green code its issuer signs.
    const attacker = makeAuthority();
    const forged = issuePerson(attacker, 'green', { name: '假*' });
    const attackerStatus = attacker.statusList(NOW - 60);
    const attackerConfig = {
      version: 1,
      roots: [attacker.root.public],
      trustList: attacker.trustList,
      statusLists: [attackerStatus],
      temperature: 'optional',
      locale: 'zh-CN',
    };

    const browser = await launchChromium();
    try {
      // The first configuration, from the server's checkpoint.json: its root is pinned.
      const { context, page, errors } = await checkpointPage(browser, place);
      assert.deepEqual(await setting(page, 'roots'), [serverRoot]);
      await scan(page, citizen.code);
      await decision(page, 'admit').waitFor({ state: 'visible', timeout: 20000 });
      assert.ok(await page.getByTestId('trust-warning').isHidden(), 'no banner for the real configuration');

      // The man in the middle answers checkpoint.json and the document endpoints with the attacker's.
      const served = await intercept(page, {
        config: attackerConfig,
        trustList: attacker.trustList,
        statusLists: [attackerStatus],
      });
      await page.reload();
      await ready(page);
      assert.ok(served.includes('config'), "the page asked for checkpoint.json and got the attacker's");
      await banner(page, 'config.roots_changed').waitFor({ timeout: 10000 });
      assert.match(await page.getByTestId('trust-warning-text').textContent(), /根密钥/, 'words, not only a code');
      assert.doesNotMatch(
        await page.getByTestId('trust-warning-text').textContent(),
        /config\.roots_changed/,
        'the code is behind details',
      );
      assert.match(await page.getByTestId('trust-warning-details').textContent(), /config\.roots_changed/);
      await scan(page, forged);
      await decision(page, 'deny').waitFor({ state: 'visible', timeout: 20000 });
      await page.screenshot({ path: join(shots, 'p-01-mitm-root-refused.png') });
      await scan(page, citizen.code); // the pinned documents still decide
      await decision(page, 'admit').waitFor({ state: 'visible', timeout: 20000 });
      // The sync pass (an inspector is signed in) meets the attacker's trust list at the API too: refused.
      await page.getByTestId('btn-sync').click();
      await page.locator('[data-testid=btn-sync][data-refused]').waitFor({ timeout: 20000 });
      assert.deepEqual(await setting(page, 'roots'), [serverRoot], 'the pinned root was not replaced');
      assert.deepEqual((await setting(page, 'config')).roots, [serverRoot]);
      // English too.
      await page.getByTestId('btn-lang').click();
      await page.getByTestId('trust-warning-text').and(page.locator(':text("root keys")')).waitFor();
      await page.screenshot({ path: join(shots, 'p-02-mitm-root-refused-en.png') });
      await page.getByTestId('btn-lang').click();

      // Restart offline: the page comes from the service worker, the documents from IndexedDB, the roots pinned.
      await page.unrouteAll();
      await context.setOffline(true);
      await page.reload();
      await ready(page);
      await banner(page, 'config.roots_changed').waitFor({ timeout: 10000 });
      await scan(page, forged);
      await decision(page, 'deny').waitFor({ state: 'visible', timeout: 20000 });
      await scan(page, citizen.code);
      await decision(page, 'admit').waitFor({ state: 'visible', timeout: 20000 });
      await page.screenshot({ path: join(shots, 'p-03-offline-restart-still-pinned.png') });

      // Back online with the real configuration: accepted, and the banner goes.
      await context.setOffline(false);
      await page.reload();
      await ready(page);
      await page.getByTestId('trust-warning').waitFor({ state: 'hidden', timeout: 10000 });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  },
);

test(
  'rollback: an older configuration and trust list (before a key rotation) are refused, the newer stay',
  { timeout: 180000 },
  async () => {
    const place = await placeByApi();
    const citizen = await citizenByApi('回滚乙');
    // What a man in the middle captured before the rotation: valid, signed by the real root, older.
    const oldConfig = await (await fetch(server.url + '/documents/checkpoint.json')).json();
    const oldTrustList = await (await fetch(server.url + '/api/v1/documents/trust-list')).text();
    const authority = await authorityByApi();

    const browser = await launchChromium();
    try {
      const { context, page, errors } = await checkpointPage(browser, place);
      await scan(page, citizen.code);
      await decision(page, 'admit').waitFor({ state: 'visible', timeout: 20000 });

      // The person key leaks: revoked, a fresh one signs. The page takes the new trust list at its next start.
      await rotateKeyByApi(authority.token, { use: 'person', compromised: true, reason: 'e2e: key leaked' });
      await page.reload();
      await ready(page);
      const newSeq = await storedTrustSeq(page);
      assert.ok(newSeq > jwsSeq(oldConfig.trustList), `the rotation's trust list is stored (seq ${newSeq})`);
      await scan(page, citizen.code);
      await decision(page, 'deny', 'crypto.key_unknown').waitFor({ state: 'visible', timeout: 20000 });

      // The man in the middle replays the old, valid configuration and trust list.
      const served = await intercept(page, { config: oldConfig, trustList: oldTrustList });
      await page.reload();
      await ready(page);
      assert.ok(served.includes('config'));
      await banner(page, 'trust.list_stale').waitFor({ timeout: 10000 });
      assert.match(await page.getByTestId('trust-warning-text').textContent(), /序号更低/);
      assert.equal(await storedTrustSeq(page), newSeq, 'the newer trust list stays stored');
      await scan(page, citizen.code); // the revoked key's code: still refused
      await decision(page, 'deny', 'crypto.key_unknown').waitFor({ state: 'visible', timeout: 20000 });
      await page.screenshot({ path: join(shots, 'p-04-rollback-refused.png') });
      // And at the API: the sync pass gets the old trust list, the engine refuses it as stale.
      await page.getByTestId('btn-sync').click();
      await page.locator('[data-testid=btn-sync][data-refused="trust.list_stale"]').waitFor({ timeout: 20000 });
      assert.equal(await storedTrustSeq(page), newSeq);
      // Restart offline: still the newer documents.
      await page.unrouteAll();
      await context.setOffline(true);
      await page.reload();
      await ready(page);
      await scan(page, citizen.code);
      await decision(page, 'deny', 'crypto.key_unknown').waitFor({ state: 'visible', timeout: 20000 });
      assert.equal(await storedTrustSeq(page), newSeq);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  },
);

test(
  "re-provisioning is explicit: it names what is lost, and the installer's root must match the configuration",
  { timeout: 120000 },
  async () => {
    const {
      roots: [serverRoot],
    } = await api('GET', '/api/v1/documents/roots');
    const attacker = makeAuthority();
    const browser = await launchChromium();
    try {
      const { page, errors } = await watchedPage(browser, { viewport: { width: 1024, height: 768 } });
      await page.goto(server.url + '/');
      await ready(page);
      const reprovision = async (key) => {
        await page.getByTestId('btn-device').click();
        await page.getByTestId('device').waitFor();
        await page.getByTestId('device-root').fill(key);
        await page.getByTestId('device-reprovision').click();
      };

      // The device settings show the pinned root; a malformed key is refused before anything is deleted.
      await page.getByTestId('btn-device').click();
      assert.equal(await page.getByTestId('device-roots').getAttribute('data-roots'), serverRoot);
      await page.getByTestId('device-close').click();
      await reprovision('not-a-key');
      assert.equal(await page.getByTestId('device-error').getAttribute('data-code'), 'config.roots');
      assert.ok(await page.getByTestId('device-confirm-box').isHidden());
      await page.getByTestId('device-close').click();

      // The installer types a root the configuration does not name: the warning names what is deleted; after
      // the confirmation the configuration is refused and nothing is stored.
      await reprovision(attacker.root.public);
      assert.match(await page.getByTestId('device-warning').textContent(), /根公钥[\s\S]*信任列表[\s\S]*保留/);
      await page.screenshot({ path: join(shots, 'p-05-reprovision-confirm.png') });
      await page.getByTestId('device-confirm').click();
      await page.waitForLoadState('load');
      await banner(page, 'config.roots_mismatch').waitFor({ timeout: 20000 });
      await page.getByTestId('fatal').waitFor();
      assert.equal(await setting(page, 'roots'), null);
      assert.equal(await setting(page, 'config'), null);

      // With the right root typed, the configuration is taken and pinned.
      await reprovision(serverRoot);
      await page.getByTestId('device-confirm').click();
      await page.waitForLoadState('load');
      await ready(page);
      assert.deepEqual(await setting(page, 'roots'), [serverRoot]);
      assert.equal(await setting(page, 'expectedRoots'), null);
      assert.ok(await page.getByTestId('trust-warning').isHidden());
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  },
);

test('a configuration with a lower seq than the stored one is refused whole', { timeout: 60000 }, async () => {
  const real = await (await fetch(server.url + '/documents/checkpoint.json')).json();
  const browser = await launchChromium();
  try {
    const { page } = await watchedPage(browser, { viewport: { width: 1024, height: 768 } });
    let served = { ...real, seq: 5, returnAfterMs: 4000 };
    await page.route('**/documents/checkpoint.json', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(served) }),
    );
    await page.goto(server.url + '/');
    await ready(page);
    assert.equal((await setting(page, 'config')).seq, 5);
    for (const older of [
      { ...real, seq: 4, returnAfterMs: 9000 },
      { ...real, returnAfterMs: 9000 },
    ]) {
      served = older;
      await page.reload();
      await ready(page);
      await banner(page, 'config.stale').waitFor({ timeout: 10000 });
      const kept = await setting(page, 'config');
      assert.deepEqual([kept.seq, kept.returnAfterMs], [5, 4000], 'the stored configuration stays');
    }
    served = { ...real, seq: 6 };
    await page.reload();
    await ready(page);
    await page.getByTestId('trust-warning').waitFor({ state: 'hidden', timeout: 10000 });
    assert.equal((await setting(page, 'config')).seq, 6);
  } finally {
    await browser.close();
  }
});
