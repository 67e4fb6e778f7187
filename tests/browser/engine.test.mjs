// The npm package's engine in Chromium: same results as native on the shared case file, and every
// byte loaded from our own origin (no CDN).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { launchChromium, watchedPage } from '../support/browser.mjs';
import { serveDirectory } from '../support/pages.mjs';
import { repo } from '../support/repo.mjs';

test('the engine verifies the shared cases in Chromium, loading only from our origin', async () => {
  const server = await serveDirectory(repo);
  const browser = await launchChromium();
  try {
    const { page, errors, requests } = await watchedPage(browser);
    await page.goto(`${server.url}/tests/browser/engine.html`);
    await page.waitForFunction(() => window.results || window.failure, null, { timeout: 30000 });
    assert.deepEqual(errors, []);
    assert.equal(await page.evaluate(() => window.failure), undefined);
    const results = await page.evaluate(() => window.results);
    assert.ok(results.length >= 20);
    for (const r of results) assert.deepStrictEqual(r.got, r.expected, r.name);
    assert.ok(
      requests.some((u) => u.endsWith('/dist/greenlight.wasm')),
      'the wasm came from our origin',
    );
    for (const u of requests) assert.ok(u.startsWith(server.url), `request outside our origin: ${u}`);
  } finally {
    await browser.close();
    await server.close();
  }
});
