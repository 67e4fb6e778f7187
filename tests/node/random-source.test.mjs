// Node 18 has no globalThis.crypto; libsodium inside the wasm needs a random source all the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('the engine initialises without globalThis.crypto (as on Node 18)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-nocrypto-'));
  const hide = join(dir, 'hide-crypto.mjs');
  writeFileSync(hide, "Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });\n");
  const index = fileURLToPath(new URL('../../js/index.js', import.meta.url));
  const cases = fileURLToPath(new URL('../cases/verify.json', import.meta.url));
  const script = `
    const { createVerifier } = await import(${JSON.stringify('file://' + index)});
    const fs = await import('node:fs');
    const doc = JSON.parse(fs.readFileSync(${JSON.stringify(cases)}, 'utf8'));
    const v = await createVerifier({ roots: doc.roots, trustList: doc.trustList });
    const c = doc.cases[0];
    console.log(typeof globalThis.crypto, v.verify(c.text, { now: c.now }).valid);`;
  const out = execFileSync(process.execPath, ['--import', hide, '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(out.trim(), 'undefined true');
});
