// @greenlight/engine/scanner in node: zxing-wasm's reader loaded from this package's dist/, reading a
// GL1 code from RGBA frames and feeding it to the verifier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ZXING_WASM_SHA256 } from 'zxing-wasm/reader';

import { createVerifier } from '../../js/index.js';
import { finderPatternsLikely, frameChecksum, initScanner, scanImageData } from '../../js/scanner.js';

const cases = JSON.parse(await readFile(new URL('../cases/verify.json', import.meta.url), 'utf8'));
const green = cases.cases.find((c) => c.name === 'person green');

// tests/browser/scanner/person-green.pgm: `greenlight qr --format pgm --scale 3 --margin 4` of that code
async function readPgm(url) {
  const bytes = await readFile(url);
  const [, w, h] = bytes.toString('latin1', 0, 20).split(/\s+/).map(Number);
  return { width: w, height: h, pixels: bytes.subarray(bytes.length - w * h) };
}
const code = await readPgm(new URL('../browser/scanner/person-green.pgm', import.meta.url));

// A frame of width x height: a grey gradient with mild noise, the code pasted at (x, y) scaled by k.
function frame(width, height, { k = 1, x = null, y = null, withCode = true, seed = 7 } = {}) {
  const data = new Uint8ClampedArray(width * height * 4);
  let r = seed;
  for (let i = 0; i < width * height; i++) {
    r = (r * 1103515245 + 12345) & 0x7fffffff;
    const v = 90 + ((i % width) * 80) / width + (r % 16);
    data.set([v, v, v, 255], i * 4);
  }
  if (withCode) {
    const size = Math.floor(code.width * k);
    const ox = x ?? (width - size) >> 1;
    const oy = y ?? (height - size) >> 1;
    for (let yy = 0; yy < size; yy++)
      for (let xx = 0; xx < size; xx++) {
        const v = code.pixels[Math.floor(yy / k) * code.width + Math.floor(xx / k)] * 0.75 + 20;
        data.set([v, v, v, 255], ((oy + yy) * width + ox + xx) * 4);
      }
  }
  return { data, width, height };
}

test('the reader .wasm in dist/ is the one this zxing-wasm expects', async () => {
  const bytes = await readFile(new URL('../../dist/zxing_reader.wasm', import.meta.url));
  assert.equal(createHash('sha256').update(bytes).digest('hex'), ZXING_WASM_SHA256);
});

test('initScanner is memoized', async () => {
  const a = initScanner();
  assert.equal(a, initScanner());
  assert.equal(typeof (await a).readBarcodesFromPixmap, 'function');
});

test('scanImageData reads a GL1 code and the verifier admits it', async () => {
  for (const [w, h, k] of [
    [code.width, code.height, 1],
    [640, 480, 1.5],
    [1280, 720, 2],
  ]) {
    const scan = await scanImageData(frame(w, h, { k }));
    assert.ok(scan, `${w}x${h}`);
    assert.equal(scan.text, green.text);
    assert.equal(scan.format, 'QRCode');
    assert.equal(Object.getPrototypeOf(scan), Object.prototype);
    assert.deepEqual(Object.keys(scan), [
      'text',
      'bytes',
      'format',
      'position',
      'orientation',
      'inverted',
      'mirrored',
      'sequence',
      'pass',
    ]);
    assert.equal(new TextDecoder().decode(scan.bytes), green.text);
    assert.equal(scan.sequence, null);
    assert.equal(scan.pass, w >= 400 && h >= 400 ? 'downscaled' : 'full');
    // the position is in the input's coordinates, whatever pass read it
    const size = Math.floor(code.width * k);
    const ox = (w - size) >> 1;
    const quiet = 4 * 3 * k; // margin 4 modules of 3 px, scaled
    assert.ok(Math.abs(scan.position.topLeft.x - (ox + quiet)) <= 2 * k + 1, JSON.stringify(scan.position));
  }
  const v = await createVerifier({
    roots: cases.roots,
    trustList: cases.trustList,
    skewSeconds: cases.skewSeconds,
    statusLists: cases.statusLists,
    regionRisk: cases.regionRisk,
  });
  const scan = await scanImageData(frame(640, 480));
  assert.deepEqual(v.verify(scan.text, { now: green.now }), green.expected);
});

test('no code: null, on every path', async () => {
  const blank = frame(640, 480, { withCode: false });
  for (const fullResolution of ['likely', 'always', 'never'])
    assert.equal(await scanImageData(blank, { fullResolution }), null);
  assert.equal(await scanImageData(frame(200, 100, { withCode: false })), null);
});

test('a code too small for the half-resolution pass is read at full resolution', async () => {
  // 2.4 px per module: 1.2 at half resolution, which ZXing's fast pass misses; the finder patterns still
  // show, so the full-resolution pass runs and reads it
  const img = frame(1280, 720, { k: 0.8 });
  assert.equal(await scanImageData(img, { fullResolution: 'never' }), null);
  const scan = await scanImageData(img);
  assert.equal(scan?.text, green.text);
  assert.equal(scan.pass, 'full');
});

test('region of interest: only that rectangle is read, positions stay in image coordinates', async () => {
  const img = frame(1280, 720, { k: 1, x: 900, y: 400 });
  assert.equal(await scanImageData(img, { region: { x: 0, y: 0, width: 640, height: 720 } }), null);
  const scan = await scanImageData(img, { region: { x: 640, y: 360, width: 640, height: 360 } });
  assert.equal(scan?.text, green.text);
  assert.ok(scan.position.topLeft.x > 900 && scan.position.topLeft.y > 400);
});

test('finder-pattern look: the code has them, noise does not', async () => {
  const gray = (img) => {
    const g = new Uint8Array(img.width * img.height);
    for (let i = 0; i < g.length; i++) g[i] = img.data[i * 4 + 1];
    return g;
  };
  const withCode = frame(320, 240, { k: 0.67 });
  assert.equal(finderPatternsLikely(gray(withCode), 320, 240), true);
  assert.equal(finderPatternsLikely(gray(frame(320, 240, { withCode: false })), 320, 240), false);
});

test('frameChecksum tells repeated frames from changed ones', () => {
  const a = frame(640, 480);
  const b = frame(640, 480);
  assert.equal(frameChecksum(a), frameChecksum(b));
  assert.notEqual(frameChecksum(a), frameChecksum(frame(640, 480, { seed: 8 })));
  assert.notEqual(frameChecksum(a), frameChecksum(frame(640, 480, { x: 10 })));
});

test('bad input is a TypeError', async () => {
  await assert.rejects(scanImageData(null), TypeError);
  await assert.rejects(scanImageData({ data: new Uint8Array(4), width: 2, height: 2 }), TypeError);
});
