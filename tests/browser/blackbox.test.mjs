// Scanning quality: the ZXing blackbox QR corpus through scanImageData in Chromium (tests/blackbox/run.mjs).
// Prints pass counts per folder and rotation; at rotation 0 every folder meets the upstream minimum (zxing:
// mustPass and tryHarderMustPass; zxing-cpp: fastMinPass and slowMinPass) with no more misreads than upstream allows. Skips: tests/blackbox/skips.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { formatRows, runBlackbox } from '../blackbox/run.mjs';
import { missingTestdata } from '../support/testdata.mjs';

test(
  'ZXing blackbox QR corpus: rotation 0 meets the upstream thresholds',
  { skip: missingTestdata('ZXing blackbox QR samples', 'zxing-blackbox/thresholds.json') },
  async () => {
    const rows = await runBlackbox();
    console.log(formatRows(rows));
    const zero = rows.filter((r) => r.rotation === 0);
    assert.equal(zero.length, 13);
    for (const r of zero) {
      assert.ok(
        r.pass >= r.minPass,
        `${r.suite} ${r.folder}: ${r.pass} < ${r.minPass} (not read: ${r.failed.join(' ')})`,
      );
      assert.ok(r.pass >= r.slowMinPass, `${r.suite} ${r.folder}: ${r.pass} < ${r.slowMinPass} (try-harder minimum)`);
      assert.ok(r.misreads <= r.maxMisreads, `${r.suite} ${r.folder}: misread ${r.misread.join(' ')}`);
    }
  },
);
