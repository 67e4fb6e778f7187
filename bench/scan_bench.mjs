// Frame -> decision latency in headless Chromium (never run by the tests):
//   ours (@greenlight/engine/scanner: read + verify + decide), default and full-frame, beside zxing-wasm's
//   readBarcodes alone and jsQR, on the same frames, at 640x480 and 1280x720, with a code and without.
//   node bench/scan_bench.mjs [reps] [--json]
// Frames: the ZXing blackbox photos (zxing-blackbox/ in the third-party test data, docs/testing.md) and GL1
// codes placed on noisy backgrounds at random sizes, angles and blur; no-code frames are those photos filling
// the frame with their code painted out, and plain backgrounds, kept only when no reader finds a code in them.
import { readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../tests/support/browser.mjs';
import { serveDirectory } from '../tests/support/pages.mjs';
import { testdataPath } from '../tests/support/testdata.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const top = dirname(repo);
const corpus = testdataPath('zxing-blackbox');
const reps = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
const asJson = process.argv.includes('--json');

async function photos(server) {
  const out = [];
  for (const folder of [
    'qrcode-1',
    'qrcode-2',
    'qrcode-3',
    'qrcode-5',
    'qrcode-6',
    'zxing-cpp/qrcode-2',
    'zxing-cpp/qrcode-3',
    'zxing-cpp/qrcode-5',
  ]) {
    const dir = join(corpus, folder);
    const cpp = folder.startsWith('zxing-cpp');
    for (const f of (await readdir(dir)).filter((x) => /\.(png|jpe?g|webp)$/i.test(x)).sort()) {
      const base = cpp ? f.slice(0, f.lastIndexOf('.')) : f.slice(0, f.indexOf('.'));
      const url = (p) => `${server}/zxing-blackbox/${relative(corpus, p).split('/').map(encodeURIComponent).join('/')}`;
      out.push({ image: url(join(dir, f)), expected: url(join(dir, `${base}.txt`)) });
    }
  }
  return out;
}

const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length };
};

export async function scanBench() {
  const server = await serveDirectory(top, { 'zxing-blackbox': corpus });
  const browser = await launchChromium();
  const results = {};
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const at = (p) => `${server.url}/${relative(top, p)}`;
    await page.goto(at(join(repo, 'bench', 'scan_bench.html')));
    await page.waitForFunction(() => window.ready || document.title === 'x', null, { timeout: 30000 });
    const list = await photos(server.url);
    // every third photo (a spread across folders), and the GL1 fixtures
    const picked = list.filter((_, i) => i % 3 === 0);
    const cases = JSON.parse(
      await (await import('node:fs/promises')).readFile(join(repo, 'tests/cases/verify.json'), 'utf8'),
    );
    const gl1 = [
      ['person green', 'person-green.pgm'],
      ['place', 'place.pgm'],
    ].map(([name, file]) => ({
      text: cases.cases.find((c) => c.name === name).text,
      image: at(join(repo, 'tests/browser/scanner', file)),
    }));
    await page.evaluate((u) => window.setup(u), at(join(repo, 'tests/cases/verify.json')));
    for (const [w, h] of [
      [640, 480],
      [1280, 720],
    ]) {
      const made = await page.evaluate(
        ([w, h, p, g]) => window.makeFrames(w, h, p, g, { code: 40, none: 40 }),
        [w, h, picked, gl1],
      );
      results[`${w}x${h}`] = { frames: made };
      for (const set of ['withCode', 'without']) {
        const r = await page.evaluate(([s, n]) => window.measure(s, n), [set, reps]);
        results[`${w}x${h}`][set] = Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, { ...stats(v.ms), read: v.read, wrong: v.wrong }]),
        );
      }
      results[`${w}x${h}`].checksumMs = await page.evaluate(() => window.checksumCost());
    }
    if (errors.length) throw new Error(errors.join('\n'));
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}

export function formatScanBench(results) {
  const lines = [
    'Frame -> decision in headless Chromium (ms per frame: median / p95 / mean; read = frames whose code was read right)',
  ];
  const base = 'zxing-wasm readBarcodes (QR, 1 symbol)';
  for (const [size, r] of Object.entries(results)) {
    for (const set of ['withCode', 'without']) {
      lines.push(
        `  ${size}, ${set === 'withCode' ? `with a code (${r.frames.withCode} frames)` : `no code (${r.frames.without} frames)`}`,
      );
      for (const [name, s] of Object.entries(r[set])) {
        const ratio = s.mean / r[set][base].mean;
        lines.push(
          `    ${name.padEnd(40)} ${s.median.toFixed(2).padStart(7)} / ${s.p95.toFixed(2).padStart(7)} / ${s.mean.toFixed(2).padStart(7)}` +
            `   ${set === 'withCode' ? `read ${String(s.read).padStart(2)}/${r.frames.withCode}` : `false reads ${s.wrong}`}${s.wrong && set === 'withCode' ? ` (wrong ${s.wrong})` : ''}` +
            `   mean x zxing-wasm = ${ratio.toFixed(3)}`,
        );
      }
    }
    lines.push(`  ${size}: frameChecksum (skip an unchanged frame) ${(r.checksumMs * 1000).toFixed(0)} µs`);
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await scanBench();
  console.log(asJson ? JSON.stringify(r) : formatScanBench(r));
}
