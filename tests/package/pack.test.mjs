// The npm package as a user gets it: `npm pack`, install the tarball into a fresh temporary project (its
// dependencies come from the npm registry or cache), use it from node, and from a page built by Vite (the
// repository's own Vite) loaded in Chromium: QR read on the main thread and in a Web Worker, code verified,
// every request on our origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium, serveDirectory } from '../browser/harness.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('npm pack -> install the tarball -> node and a Vite-built page in Chromium', { timeout: 240000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-pack-'));
  try {
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], repo))[0];
    const files = packed.files.map((f) => f.path).sort();
    for (const f of [
      'dist/greenlight.wasm',
      'dist/zxing_reader.wasm',
      'js/scanner.js',
      'js/scanner.d.ts',
      'js/index.js',
    ])
      assert.ok(files.includes(f), `${f} is in the tarball (${files.join(', ')})`);
    assert.ok(!files.some((f) => f.startsWith('tests/') || f.startsWith('engine/')), 'nothing but the package');

    const project = join(dir, 'app');
    cpSync(new URL('./app', import.meta.url), project, { recursive: true });
    cpSync(join(repo, 'tests/cases/verify.json'), join(project, 'verify.json'));
    cpSync(join(repo, 'tests/browser/scanner/person-green.pgm'), join(project, 'person-green.pgm'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'gl-pack-test', private: true, type: 'module' }),
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', join(dir, packed.filename)], project);

    // node
    assert.deepEqual(JSON.parse(run(process.execPath, ['use.mjs'], project)), { read: true, decision: 'admit' });

    // Vite build (the repository's Vite; the app's imports resolve in the temporary project)
    run(
      process.execPath,
      [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error', '--outDir', 'dist'],
      project,
    );
    const assets = readdirSync(join(project, 'dist/assets'));
    assert.ok(
      assets.some((f) => /^zxing_reader-.*\.wasm$/.test(f)),
      `zxing's wasm emitted as an asset: ${assets}`,
    );
    assert.ok(
      assets.some((f) => /^greenlight-.*\.wasm$/.test(f)),
      `the engine's wasm emitted as an asset: ${assets}`,
    );

    const server = await serveDirectory(join(project, 'dist'));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      page.context().on('request', (r) => requests.push(r.url())); // worker requests too
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${server.url}/index.html`);
      await page.waitForFunction(() => window.results || window.failure, null, { timeout: 60000 });
      assert.equal(await page.evaluate(() => window.failure), undefined);
      assert.deepEqual(errors, []);
      assert.deepEqual(await page.evaluate(() => window.results), {
        mainThread: true,
        worker: true,
        decision: 'admit',
      });
      assert.ok(
        requests.some((u) => /zxing_reader-.*\.wasm$/.test(u)),
        'zxing came from our origin',
      );
      for (const u of requests) assert.ok(u.startsWith(server.url), `request outside our origin: ${u}`);
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
