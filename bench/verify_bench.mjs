// Verify throughput in node through the npm package, beside the peers a JS developer would pick for the
// signature alone (libsodium-wrappers, @noble/ed25519) on the same bytes; our wasm's own raw check comes from
// greenlight_bench built for wasm. Usage: node bench/verify_bench.mjs FIXTURE.json [seconds]
import { readFile } from 'node:fs/promises';
import sodium from 'libsodium-wrappers';
import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha512';

import { createVerifier } from '../js/index.js';
import { best as bestOf } from './rate.mjs';

ed.etc.sha512Sync = (...m) => sha512(ed.etc.concatBytes(...m));

const fixture = JSON.parse(await readFile(process.argv[2], 'utf8'));
const seconds = Number(process.argv[3] ?? 1);
const best = (fn) => bestOf(fn, seconds);
const b64 = (s) => new Uint8Array(Buffer.from(s, 'base64url'));
const pk = b64(fixture.publicKey);
const msg = b64(fixture.message);
const sig = b64(fixture.signature);

await sodium.ready;
const v = await createVerifier({ roots: fixture.roots, trustList: fixture.trustList });
const context = { now: fixture.now };
if (!v.verify(fixture.text, context).valid) throw new Error('fixture does not verify');
if (!sodium.crypto_sign_verify_detached(sig, msg, pk) || !ed.verify(sig, msg, pk)) throw new Error('peers disagree');

const results = {
  greenlight_verify_js_api: best(() => v.verify(fixture.text, context)),
  libsodium_wrappers_verify: best(() => sodium.crypto_sign_verify_detached(sig, msg, pk)),
  noble_ed25519_verify: best(() => ed.verify(sig, msg, pk)),
};
console.log(JSON.stringify(results));
