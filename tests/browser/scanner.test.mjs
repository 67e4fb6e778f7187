// @greenlight/engine/scanner in Chromium without a bundler: scanImageData on a canvas frame, and
// createScanner on a <video> fed by a canvas stream (deciding each code once per dedupeMs), with every
// request (zxing's .wasm included) staying on our own origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { launchChromium, watchedPage } from '../support/browser.mjs';
import { serveDirectory } from '../support/pages.mjs';
import { repo } from '../support/repo.mjs';

test('scanner in Chromium: reads, verifies, de-duplicates, loads only from our origin', async () => {
  const server = await serveDirectory(repo);
  const browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  try {
    const { page, errors, requests } = await watchedPage(browser, {}, { consoleErrors: true });
    await page.goto(`${server.url}/tests/browser/scanner/scanner.html`);
    await page.waitForFunction(() => window.ready, null, { timeout: 30000 });
    const r = await page.evaluate(() => window.run());
    assert.deepEqual(errors, []);
    assert.deepEqual(r.still, { text: r.expected.green, pass: 'downscaled' });
    assert.deepEqual(
      r.decisions.map((d) => [d.text, d.decision, d.valid]),
      [
        [r.expected.green, 'admit', true],
        [r.expected.place, 'deny', true], // a place code at a checkpoint is refused by the default rules
      ],
      JSON.stringify(r.decisions),
    );
    assert.ok(r.stats.deduped > 0, JSON.stringify(r.stats));
    assert.ok(r.stats.scanned > 10, JSON.stringify(r.stats));
    assert.equal(r.decidedAfterStop, 0);
    assert.ok(
      requests.some((u) => u.endsWith('/dist/zxing_reader.wasm')),
      'zxing came from our origin',
    );
    for (const u of requests) assert.ok(u.startsWith(server.url), `request outside our origin: ${u}`);
  } finally {
    await browser.close();
    await server.close();
  }
});
