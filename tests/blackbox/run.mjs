// The ZXing blackbox QR corpus (zxing-blackbox/ in the third-party test data, docs/testing.md) through
// @greenlight/engine/scanner's scanImageData in Chromium: images are decoded by the browser (PNG, JPG,
// WebP), rotated pixel for pixel, and read with scanImageData's default options.
//   node tests/blackbox/run.mjs [--rotations 0,90,180,270]     prints the table
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../support/browser.mjs';
import { serveDirectory } from '../support/pages.mjs';
import { testdataPath } from '../support/testdata.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const corpus = testdataPath('zxing-blackbox');
const IMAGE = /\.(png|jpe?g|webp|gif)$/i;

export async function loadThresholds() {
  return JSON.parse(await readFile(join(corpus, 'thresholds.json'), 'utf8'));
}

// Upstream pairing: zxing (Java) cuts the name at the first '.', zxing-cpp replaces the last extension.
const expectedName = (suite, file) =>
  (suite === 'zxing' ? file.slice(0, file.indexOf('.')) : file.slice(0, file.lastIndexOf('.'))) + '.txt';

export async function runBlackbox({ rotations = [0, 90, 180, 270], options = {}, log = () => {} } = {}) {
  const thresholds = await loadThresholds();
  const skips = JSON.parse(await readFile(new URL('./skips.json', import.meta.url), 'utf8'));
  const top = dirname(repo.replace(/\/$/, ''));
  // The page and the package come from the folder holding this repository, the images from the corpus,
  // wherever GREENLIGHT_TESTDATA_DIR put it.
  const server = await serveDirectory(top, { 'zxing-blackbox': corpus });
  const browser = await launchChromium();
  const served = (path) =>
    path.startsWith(corpus + sep) ? join('zxing-blackbox', relative(corpus, path)) : relative(top, path);
  const url = (path) => `${server.url}/${served(path).split('/').map(encodeURIComponent).join('/')}`;
  const rows = [];
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url(join(repo, 'tests', 'blackbox', 'blackbox.html')));
    await page.waitForFunction(() => window.ready, null, { timeout: 30000 });
    for (const suite of ['zxing', 'zxing-cpp']) {
      for (const [folder, spec] of Object.entries(thresholds[suite].folders)) {
        const dir = join(corpus, spec.path);
        const files = (await readdir(dir)).filter((f) => IMAGE.test(f)).sort();
        const started = Date.now();
        let result;
        let skipped = [];
        if (spec.structuredAppend) {
          const tests = spec.tests.map((t) => t.rotation);
          result = await page.evaluate(
            ([images, expected, r, o]) => window.runSequence(images, expected, r, o),
            [
              files.map((f) => url(join(dir, f))),
              url(join(dir, '01.txt')),
              rotations.filter((r) => tests.includes(r)),
              options,
            ],
          );
        } else {
          skipped = files.filter((f) => skips[`${spec.path}/${f}`]);
          const items = files
            .filter((f) => !skipped.includes(f))
            .map((f) => ({ name: f, image: url(join(dir, f)), expected: url(join(dir, expectedName(suite, f))) }));
          result = await page.evaluate(([i, r, o]) => window.runFolder(i, r, o), [items, rotations, options]);
        }
        for (const [rotation, r] of Object.entries(result)) {
          const t = spec.tests.find((x) => x.rotation === Number(rotation));
          rows.push({
            suite,
            folder,
            path: spec.path,
            rotation: Number(rotation),
            images: spec.structuredAppend ? spec.groups : files.length,
            skipped,
            pass: r.pass.length,
            misreads: r.misread.length,
            failed: r.fail,
            misread: r.misread,
            minPass: suite === 'zxing' ? t?.mustPass : (t?.fastMinPass ?? t?.minPass),
            slowMinPass: suite === 'zxing' ? t?.tryHarderMustPass : (t?.slowMinPass ?? t?.minPass),
            maxMisreads: suite === 'zxing' ? t?.maxMisreads : (t?.fastMaxMisreads ?? t?.maxMisreads),
          });
        }
        log(`${spec.path}: ${Date.now() - started} ms`);
      }
    }
    if (errors.length) throw new Error(errors.join('\n'));
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

export function formatRows(rows) {
  const lines = [
    'suite      folder      rot  pass/images  upstream min (fast/normal, slow/tryHarder)  misreads  not read',
  ];
  for (const r of rows)
    lines.push(
      `${r.suite.padEnd(10)} ${r.folder.padEnd(10)} ${String(r.rotation).padStart(4)}  ${`${r.pass}/${r.images - r.skipped.length}`.padStart(11)}  ${`${r.minPass ?? '-'}, ${r.slowMinPass ?? '-'}`.padStart(10)}${r.pass >= (r.minPass ?? 0) ? ' ok  ' : ' LOW '}${r.pass >= (r.slowMinPass ?? 0) ? 'ok  ' : 'LOW '}                         ${String(r.misreads).padStart(8)}  ${r.failed.join(' ')}${r.skipped.length ? `  (skipped: ${r.skipped.join(' ')})` : ''}`,
    );
  return lines.join('\n');
}

if (process.argv[1] && basename(process.argv[1]) === 'run.mjs') {
  const i = process.argv.indexOf('--rotations');
  const rotations = i > 0 ? process.argv[i + 1].split(',').map(Number) : [0, 90, 180, 270];
  console.log(formatRows(await runBlackbox({ rotations, log: (m) => console.error(m) })));
}
