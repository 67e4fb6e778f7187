// Status lists of a million entries in both encodings (docs/format.md "Status list ... packed entries"), made
// independently: JSON signed here with node:crypto, packed by `greenlight sign-doc`, JSON by `sign-doc --encoding
// json`, and packed by this file's own packer (tests/support/status-list.mjs, written from docs/format.md). All
// four give the same decisions through the CLI and the npm package, and the ones docs/rules.md says; plus
// `status-list inspect` and the new commands' errors. Run by CTest with GREENLIGHT_CLI pointing at the binary;
// the npm package is this repository's js/ with dist/ (the wasm build), as in tests/node/.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createVerifier } from '../../js/index.js';
import {
  hashKey,
  packStatusEntries,
  snapshotPrefixBits,
  statusListPayload,
  unpackStatusEntries,
} from '../support/status-list.mjs';

const cli = process.env.GREENLIGHT_CLI;
assert.ok(cli, 'GREENLIGHT_CLI must name the greenlight binary');
const dir = mkdtempSync(join(tmpdir(), 'gl-status-lists-'));
after(() => rmSync(dir, { recursive: true, force: true })); // about 250 MB of documents
const run = (args, input) => spawnSync(cli, args, { encoding: 'utf8', input, maxBuffer: 1 << 30 });
const json = (r) => JSON.parse(r.stdout);
const timings = {};
const timed = (name, fn) => {
  const start = performance.now();
  const value = fn();
  timings[name] = Math.round(performance.now() - start);
  return value;
};

const STATUSES = ['green', 'yellow', 'orange', 'red', 'revoked'];
const N = 1_000_000;
// The npm verifier checks documents against the real clock when it loads them: "now" is the real time.
const now = Math.floor(Date.now() / 1000);

// Keys and the trust list, as tests/cli/cli.test.mjs makes them.
function keygen(name) {
  const file = join(dir, `${name}.key.json`);
  const r = run(['keygen', '--out', file]);
  assert.equal(r.status, 0, r.stderr);
  return { file, ...JSON.parse(readFileSync(file, 'utf8')) };
}
const root = keygen('root');
const issuer = keygen('issuer'); // person, proxy and status
const trustPayload = join(dir, 'tl.json');
writeFileSync(
  trustPayload,
  JSON.stringify({
    iss: 'root',
    iat: now - 3600,
    exp: now + 86400,
    seq: 1,
    keys: [
      {
        kid: issuer.kid,
        x: issuer.public,
        iss: 'gl:test',
        use: ['person', 'proxy', 'status'],
        nbf: now - 86400,
        exp: now + 86400,
      },
    ],
  }),
);
const signedTrust = run(['sign-doc', '--key', root.file, '--typ', 'gl-trust-list', trustPayload]);
assert.equal(signedTrust.status, 0, signedTrust.stderr);
const trustList = signedTrust.stdout.trim();
const trustListFile = join(dir, 'tl.jws');
writeFileSync(trustListFile, trustList);

// A JWS signed here, not by the engine: Ed25519 over base64url(header) "." base64url(payload).
const issuerKey = crypto.createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(issuer.secret, 'base64url')]),
  format: 'der',
  type: 'pkcs8',
});
function signJws(payload) {
  const header = Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: issuer.kid, typ: 'gl-status-list' })).toString(
    'base64url',
  );
  const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)).toString('base64url');
  const input = `${header}.${body}`;
  return `${input}.${crypto.sign(null, Buffer.from(input), issuerKey).toString('base64url')}`;
}

// A million entries from a seeded PRNG (mulberry32): subjects s-<i>, all five statuses, q mostly below 10^6 and
// one in a thousand above 2^33 (so q offsets are wider than 32 bits).
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
// crypto.hash (node 20.12) is one call a hash, three times faster than createHash for a million of them.
const hash16 = crypto.hash
  ? (sub) => crypto.hash('sha256', `gl-status:${sub}`, 'buffer').subarray(0, 16)
  : (sub) => crypto.createHash('sha256').update(`gl-status:${sub}`).digest().subarray(0, 16);
const entries = timed('generate 1M entries', () => {
  const random = mulberry32(17);
  const out = new Array(N);
  for (let i = 0; i < N; i++) {
    const s = STATUSES[random() % 5];
    const q = random() % 1000 === 0 ? 2 ** 33 + (random() % 1_000_000) : 1 + (random() % 1_000_000);
    const hash = hash16(`s-${i}`);
    const [hi, lo] = [hash.readUInt32BE(0), hash.readUInt32BE(4)];
    out[i] = { sub: `s-${i}`, hash, hi, lo, top: hash.readBigUInt64BE(0), h: hash.toString('base64url'), s, q };
  }
  return out;
});
const bySub = new Map(entries.map((e) => [e.sub, e]));

// The documented JSON payload (in generation order, not sorted).
const listFields = { iss: 'gl:test', iat: now - 600, exp: now + 86400, seq: 7 };
const jsonPayload = timed('JSON payload text', () =>
  JSON.stringify({ ...listFields, entries: entries.map(({ h, s, q }) => ({ h, s, q })) }),
);
const payloadFile = join(dir, 'status.json');
writeFileSync(payloadFile, jsonPayload);

// A CLI call in the background. With `out`, standard output goes to that file, so a process printing 70 to 100 MB
// never waits for this one to read a pipe while it is busy with its own share.
function runAsync(args, { input, out } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const fd = out ? openSync(out, 'w') : null;
    const child = spawn(cli, args, { stdio: ['pipe', fd ?? 'pipe', 'pipe'] });
    if (fd !== null) closeSync(fd);
    const stdout = [];
    const stderr = [];
    child.stdout?.on('data', (d) => stdout.push(d));
    child.stderr.on('data', (d) => stderr.push(d));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({
        status,
        ms: Math.round(performance.now() - started),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
    child.stdin.end(input);
  });
}
// sign-doc runs while this process packs and signs its own two documents.
const docFile = (letter) => join(dir, `${letter}.jws`);
const signDocCli = (extra, letter) =>
  runAsync(['sign-doc', '--key', issuer.file, '--typ', 'gl-status-list', ...extra, payloadFile], {
    out: docFile(letter),
  });
const cliSigned = [signDocCli([], 'b'), signDocCli(['--encoding', 'json'], 'c')];

// Sorted by hash, as a packed list holds them; prefix bits per docs/format.md (51 for a million), lengthened
// while two subjects share a prefix (the doc's rule).
const sorted = timed('sort by hash', () => [...entries].sort((x, y) => x.hi - y.hi || x.lo - y.lo));
const bits = (() => {
  let b = snapshotPrefixBits(N);
  assert.equal(b, 51);
  for (let i = 1; i < N; i++)
    while (b < 64 && sorted[i].top >> BigInt(64 - b) === sorted[i - 1].top >> BigInt(64 - b)) b++;
  return b;
})();

const packedBytes = (jws) => Buffer.from(JSON.parse(Buffer.from(jws.split('.')[1], 'base64url')).entries, 'base64url');
const withPacked = (bytes) => signJws({ ...listFields, entries: Buffer.from(bytes).toString('base64url') });
const shift = BigInt(64 - bits);
const jsPackedBytes = timed('(d) pack in JS', () =>
  packStatusEntries({ bits, entries: sorted.map((e) => ({ key: e.top >> shift, s: e.s, q: BigInt(e.q) })) }),
);
const signedA = timed('(a) sign JSON in JS', () => signJws(jsonPayload));
const signedD = timed('(d) sign in JS', () => withPacked(jsPackedBytes));
const [signedB, signedC] = await Promise.all(cliSigned);
for (const [name, r] of [
  ['(b) sign-doc packed', signedB],
  ['(c) sign-doc --encoding json', signedC],
]) {
  assert.equal(r.status, 0, r.stderr);
  timings[name] = r.ms;
}

const docs = {
  'a: JSON, signed in JS': signedA,
  'b: packed, greenlight sign-doc': readFileSync(docFile('b'), 'utf8').trim(),
  'c: JSON, greenlight sign-doc --encoding json': readFileSync(docFile('c'), 'utf8').trim(),
  'd: packed in JS, signed in JS': signedD,
};
writeFileSync(docFile('a'), signedA);
writeFileSync(docFile('d'), signedD);
const docFiles = Object.fromEntries(Object.keys(docs).map((name) => [name, docFile(name[0])]));

// Codes: listed subjects with the code's q below the entry's (the list applies) and equal or above (it does
// not), each listed status incl. revoked, person and proxy codes, a q above 2^33, and subjects not listed.
const firstWith = (pred) => entries.find((e) => e.q < 2 ** 32 && pred(e));
const pick = {};
for (const s of STATUSES) pick[s] = firstWith((e) => e.s === s && e.q > 10);
pick.big = entries.find((e) => e.q > 2 ** 33 && e.s === 'red');
pick.bigGreen = entries.find((e) => e.q > 2 ** 33 && e.s === 'green');
const codeStatuses = ['green', 'yellow', 'orange', 'red'];
const specs = [];
STATUSES.forEach((s, i) => {
  const e = pick[s];
  const type = i % 2 ? 'proxy' : 'person';
  specs.push({ name: `${s} listed, code q below`, sub: e.sub, type, status: codeStatuses[(i + 1) % 4], q: e.q - 1 });
  specs.push({ name: `${s} listed, code q equal`, sub: e.sub, type, status: codeStatuses[(i + 2) % 4], q: e.q });
  specs.push({
    name: `${s} listed, code q above`,
    sub: e.sub,
    type: 'person',
    status: codeStatuses[i % 4],
    q: e.q + 9,
  });
});
specs.push({ name: 'red listed over green, q 0', sub: pick.red.sub, type: 'person', status: 'green', q: 0 });
specs.push({ name: 'green listed over red', sub: pick.green.sub, type: 'proxy', status: 'red', q: 1 });
specs.push({ name: 'q above 2^33, below', sub: pick.big.sub, type: 'proxy', status: 'green', q: pick.big.q - 1 });
specs.push({ name: 'q above 2^33, above', sub: pick.big.sub, type: 'person', status: 'green', q: pick.big.q + 1 });
specs.push({ name: 'green above 2^33', sub: pick.bigGreen.sub, type: 'person', status: 'orange', q: 3 });
specs.push({ name: 'not listed, green', sub: 'u-1', type: 'person', status: 'green', q: 5 });
specs.push({ name: 'not listed, yellow', sub: 'u-2', type: 'proxy', status: 'yellow', q: 0 });
specs.push({ name: 'not listed, red', sub: `s-${N}`, type: 'person', status: 'red', q: 2 ** 34 });
assert.ok(specs.length >= 20);
for (const spec of specs) assert.equal(bySub.has(spec.sub), !spec.sub.startsWith('u-') && spec.sub !== `s-${N}`);

const codes = timed('issue codes', () =>
  specs.map((spec) => {
    const args = ['issue', '--key', issuer.file, '--iss', 'gl:test', '--type', spec.type, '--sub', spec.sub];
    args.push(
      '--status',
      spec.status,
      '--name',
      '张*',
      '--phone',
      '138****1234',
      '--seq',
      String(spec.q),
      '--iat',
      String(now - 10),
    );
    if (spec.type === 'proxy') args.push('--contact', '王*');
    const r = run(args);
    assert.equal(r.status, 0, r.stderr);
    return { ...spec, text: r.stdout.trim() };
  }),
);

// docs/rules.md: the list's status when its q is newer than the code's, else the code's; revoked -> invalid.
function expectedStatus(code) {
  const e = bySub.get(code.sub);
  return e && e.q > code.q ? e.s : code.status;
}

const verifyArgs = (doc, text) => [
  'verify',
  '--root',
  root.public,
  '--trust-list',
  trustListFile,
  '--status-list',
  doc,
  '--now',
  String(now),
  text,
];

// The CLI's share of the work (verify and inspect, each call loading a whole list) runs in the background, two
// processes at a time, while this process does the npm package's share.
const lanes = [Promise.resolve(), Promise.resolve()];
let lane = 0;
function inBackground(label, task) {
  const i = lane++ % lanes.length;
  const run = lanes[i].then(async () => {
    const started = performance.now();
    const value = await task();
    timings[label] = (timings[label] ?? 0) + Math.round(performance.now() - started);
    return value;
  });
  lanes[i] = run.catch(() => {});
  return run;
}

// Representative codes through the CLI (each call loads the whole list).
const cliCodes = [
  'red listed, code q below',
  'revoked listed, code q below',
  'orange listed, code q equal',
  'green listed over red',
  'q above 2^33, below',
  'not listed, red',
].map((name) => codes.findIndex((c) => c.name === name));
// All six on the packed lists; on the JSON ones (about 2 s a call) the three that cover a listed status
// applied, a revocation and a subject not listed.
const cliOnJson = new Set(['revoked listed, code q below', 'green listed over red', 'not listed, red']);
const cliRuns = Object.entries(docFiles).flatMap(([name, file]) =>
  cliCodes
    .filter((i) => docs[name].length < 20e6 || cliOnJson.has(codes[i].name))
    .map((i) => () => runAsync(verifyArgs(file, codes[i].text)).then((r) => ({ name, i, r }))),
);
const cliResults = Promise.all(cliRuns.map((task) => inBackground(`CLI verify, ${cliRuns.length} calls`, task)));

// `status-list inspect` of each list, in the background; a million entries print as about 100 MB of JSON.
const inspected = Object.fromEntries(
  Object.entries(docFiles).map(([name, file]) => [
    name,
    inBackground(`inspect ${name[0]}`, () =>
      runAsync(['status-list', 'inspect', file], { out: join(dir, `inspect-${name[0]}.json`) }),
    ),
  ]),
);
async function inspectBoth(names) {
  const runs = await Promise.all(names.map((name) => inspected[name]));
  return runs.map((r, i) => {
    assert.equal(r.status, 0, `${names[i]}: ${r.stderr}`);
    return JSON.parse(readFileSync(join(dir, `inspect-${names[i][0]}.json`), 'utf8'));
  });
}

// The decisions with a list of only the entries these codes are about (an oracle of a few entries).
const oracle = await (async () => {
  const few = [...new Set(codes.map((c) => c.sub))].filter((s) => bySub.has(s)).map((s) => bySub.get(s));
  const small = signJws({ ...listFields, entries: few.map(({ h, s, q }) => ({ h, s, q })) });
  const v = await createVerifier({ roots: [root.public], trustList, statusLists: [small] });
  return codes.map((c) => v.verify(c.text, { now }));
})();

test('the oracle follows docs/rules.md: list status iff its q is newer; revoked is status.revoked', () => {
  const seen = new Set();
  codes.forEach((c, i) => {
    const r = oracle[i];
    const status = expectedStatus(c);
    seen.add(status);
    if (status === 'revoked') {
      assert.equal(r.valid, false, c.name);
      assert.equal(r.error.code, 'status.revoked', c.name);
      assert.equal(r.decision, 'deny', c.name);
    } else {
      assert.equal(r.valid, true, c.name);
      assert.equal(r.error, null, c.name);
      assert.equal(r.status, status, c.name);
      assert.equal(r.credential.status, c.status, c.name);
      if (status === 'green') assert.equal(r.decision, 'admit', c.name);
      if (status === 'red') assert.equal(r.decision, 'deny', c.name);
    }
  });
  assert.deepEqual([...seen].sort(), [...STATUSES].sort());
});

test('npm package: the four million-entry lists give identical decisions, the documented ones', async () => {
  for (const [name, jws] of Object.entries(docs)) {
    const start = performance.now();
    const loaded = await createVerifier({ roots: [root.public], trustList, statusLists: [jws] });
    timings[`npm load ${name[0]}`] = Math.round(performance.now() - start);
    assert.equal(loaded.info().statusList.seq, 7, name);
    const results = codes.map((c) => loaded.verify(c.text, { now }));
    codes.forEach((c, i) => assert.deepEqual(results[i], oracle[i], `${name}: ${c.name}`));
  }
});

test('sign-doc and inspect: errors and usage', () => {
  const dup = join(dir, 'dup.json');
  writeFileSync(
    dup,
    JSON.stringify({
      ...listFields,
      entries: [
        { h: bySub.get('s-1').h, s: 'red', q: 3 },
        { h: bySub.get('s-2').h, s: 'green', q: 4 },
        { h: bySub.get('s-1').h, s: 'orange', q: 5 },
      ],
    }),
  );
  const refused = run(['sign-doc', '--key', issuer.file, '--typ', 'gl-status-list', dup]);
  assert.equal(refused.status, 1);
  assert.equal(refused.stdout, '');
  const error = JSON.parse(refused.stderr);
  assert.deepEqual(Object.keys(error), ['error']);
  assert.equal(error.error.code, 'status.list_invalid');
  assert.equal(typeof error.error.message, 'string');

  const small = join(dir, 'small.json');
  writeFileSync(small, JSON.stringify({ ...listFields, entries: [{ h: bySub.get('s-1').h, s: 'red', q: 3 }] }));
  assert.equal(
    run(['sign-doc', '--key', issuer.file, '--typ', 'gl-status-list', '--encoding', 'zip', small]).status,
    2,
  );
  assert.equal(
    run(['sign-doc', '--key', issuer.file, '--typ', 'gl-trust-list', '--encoding', 'json', trustPayload]).status,
    2,
  );
  assert.equal(
    run(['sign-doc', '--key', root.file, '--typ', 'gl-rules', '--encoding', 'packed', trustPayload]).status,
    2,
  );
  assert.equal(run(['status-list', 'inspect']).status, 2);
  assert.equal(run(['status-list', 'inspect', small, small]).status, 2);

  // Both encodings of a small list: explicit packed equals the default; JSON keeps the entries array.
  const packedSmall = run(['sign-doc', '--key', issuer.file, '--typ', 'gl-status-list', '--encoding', 'packed', small]);
  assert.equal(packedSmall.stdout, run(['sign-doc', '--key', issuer.file, '--typ', 'gl-status-list', small]).stdout);
  assert.equal(statusListPayload(packedSmall.stdout.trim()).encoding, 'packed');
  const jsonSmall = run(['sign-doc', '--key', issuer.file, '--typ', 'gl-status-list', '--encoding', 'json', small]);
  assert.deepEqual(statusListPayload(jsonSmall.stdout.trim()).entries, [{ h: bySub.get('s-1').h, s: 'red', q: 3 }]);
  // Inspect reads standard input too.
  const fromStdin = run(['status-list', 'inspect', '-'], packedSmall.stdout);
  assert.equal(fromStdin.status, 0, fromStdin.stderr);
  assert.equal(json(fromStdin).entries.length, 1);

  for (const garbage of ['hello', 'a.b.c', `${trustList}`, '']) {
    const file = join(dir, 'garbage.jws');
    writeFileSync(file, garbage);
    const r = run(['status-list', 'inspect', file]);
    assert.equal(r.status, 1, `inspect ${JSON.stringify(garbage.slice(0, 20))}`);
    assert.equal(JSON.parse(r.stderr).error.code, 'status.list_invalid');
  }
});

// docs/rules.md's semantics over the entries an independent reader found: the status a code should get.
function statusFrom(unpacked, code) {
  const key = hashKey(hash16(code.sub), unpacked.bits);
  const list = unpacked.entries;
  let [lo, hi] = [0, list.length]; // keys increase: binary search
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  const e = list[lo]?.key === key ? list[lo] : null;
  return e && e.q > BigInt(code.q) ? e.s : code.status;
}
const readStrict = (bytes) => {
  try {
    return unpackStatusEntries(bytes, { strict: true });
  } catch (e) {
    return { refused: e.message };
  }
};

async function assertRefusedEverywhere(bytes, name) {
  const jws = withPacked(bytes);
  const file = join(dir, 'corrupt.jws');
  writeFileSync(file, jws);
  // verify: a document that cannot be loaded is a result (exit 0), as for the other documents.
  const r = run(verifyArgs(file, codes[0].text));
  assert.equal(r.status, 0, `${name}: ${r.stderr}`);
  const result = json(r);
  assert.equal(result.valid, false, name);
  assert.equal(result.error.code, 'status.list_invalid', name);
  assert.equal(result.decision, 'deny', name);
  assert.deepEqual(
    result.reasons.map((reason) => reason.id),
    ['status.list_invalid'],
    name,
  );
  const inspected = run(['status-list', 'inspect', file]);
  assert.equal(inspected.status, 1, name);
  assert.equal(JSON.parse(inspected.stderr).error.code, 'status.list_invalid', name);
  await assert.rejects(createVerifier({ roots: [root.public], trustList, statusLists: [jws] }), (e) => {
    assert.equal(e.code, 'status.list_invalid', name);
    return true;
  });
}

test('a packed list with a corrupted header or end (signature valid) is status.list_invalid everywhere', async () => {
  // A small list (what is corrupted here does not depend on the size): the code subjects and 2000 others.
  const subjects = [...new Set(codes.map((c) => c.sub))].filter((s) => bySub.has(s)).map((s) => bySub.get(s));
  const few = [...entries.slice(0, 2000), ...subjects].map((e) => ({
    key: hashKey(e.hash, 44),
    s: e.s,
    q: BigInt(e.q),
  }));
  const good = packStatusEntries({ bits: 44, entries: [...new Map(few.map((e) => [e.key, e])).values()] });
  assert.ok(!readStrict(good).refused);
  const corruptions = {
    'version 2': (b) => (b[0] = 2),
    'status bit 7 set': (b) => (b[3] |= 0x80),
    'k equal to b': (b) => (b[2] = b[1]),
    'w = 65': (b) => (b[4] = 65),
    'a byte after the last entry': (b) => Buffer.concat([b, Buffer.from([0])]),
    'the last byte cut off': (b) => b.subarray(0, b.length - 1),
  };
  for (const [name, corrupt] of Object.entries(corruptions)) {
    const bad = Buffer.from(good);
    const out = corrupt(bad);
    const bytes = Buffer.isBuffer(out) ? out : bad;
    // The independent reader, strictly as docs/format.md says, refuses it too (so the case is a real one).
    assert.ok(readStrict(bytes).refused, name);
    await assertRefusedEverywhere(bytes, name);
  }
});

test('a byte flipped in the middle of the entries: the engine agrees with the independent reader', async () => {
  // Rice codes resynchronise, so a flipped byte may still spell a valid (different) list. Try bytes from the
  // middle on: the first flip the strict reader refuses must be refused everywhere; the first it accepts must
  // load, and give the statuses of what the reader read.
  const good = jsPackedBytes;
  let refused = null;
  let accepted = null;
  let tries = 0;
  for (let offset = good.length >> 1; (!refused || !accepted) && offset < (good.length >> 1) + 40; offset += 3) {
    const bad = Buffer.from(good);
    bad[offset] ^= 0xff;
    const read = readStrict(bad);
    tries += 1;
    if (read.refused && !refused) refused = { offset, bad, why: read.refused };
    if (!read.refused && !accepted) accepted = { offset, bad, read };
  }
  timings['flips read by the strict JS reader'] = tries;
  assert.ok(refused, 'no flip near the middle is refused by the reader');
  await assertRefusedEverywhere(refused.bad, `byte ${refused.offset} flipped (${refused.why})`);
  if (accepted) {
    const v = await createVerifier({ roots: [root.public], trustList, statusLists: [withPacked(accepted.bad)] });
    for (const c of codes) {
      const r = v.verify(c.text, { now });
      const status = statusFrom(accepted.read, c);
      if (status === 'revoked') assert.equal(r.error?.code, 'status.revoked', c.name);
      else assert.equal(r.status, status, `byte ${accepted.offset} flipped: ${c.name}`);
    }
  }
  // A refused update leaves the loaded list in place.
  const v = await createVerifier({
    roots: [root.public],
    trustList,
    statusLists: [docs['d: packed in JS, signed in JS']],
  });
  assert.throws(
    () => v.update({ statusList: withPacked(refused.bad) }),
    (e) => e.code === 'status.list_invalid',
  );
  codes.forEach((c, i) => assert.deepEqual(v.verify(c.text, { now }), oracle[i], c.name));
});

test('any Rice parameter below b reads the same; one status, one q, one entry and none', async () => {
  const few = entries.slice(0, 3000).map((e) => ({ key: hashKey(e.hash, 42), s: e.s, q: BigInt(e.q) }));
  const subjects = codes.filter((c) => bySub.has(c.sub)).map((c) => bySub.get(c.sub));
  const withCodes = [...few, ...subjects.map((e) => ({ key: hashKey(e.hash, 42), s: e.s, q: BigInt(e.q) }))];
  const unique = [...new Map(withCodes.map((e) => [e.key, e])).values()];
  const expect = async (jws, label, check) => {
    const v = await createVerifier({ roots: [root.public], trustList, statusLists: [jws] });
    codes.forEach((c, i) => check(v.verify(c.text, { now }), i, `${label}: ${c.name}`));
  };
  // The mean gap is 2^42 / ~3000: k = 30; others are valid too (k = 0 would spell gaps of 2^30 in unary).
  for (const k of [20, 29, 30, 31, 35, 41]) {
    const jws = withPacked(packStatusEntries({ bits: 42, entries: unique, k }));
    await expect(jws, `k=${k}`, (r, i, label) => assert.deepEqual(r, oracle[i], label));
  }
  // Every entry red at q 1000 (0 status bits, w = 0): codes of listed subjects below 1000 are red.
  const oneStatus = unique.map((e) => ({ ...e, s: 'red', q: 1000n }));
  const bytes = packStatusEntries({ bits: 42, entries: oneStatus });
  assert.equal(bytes[3], 0b1000);
  assert.equal(bytes[4], 0);
  await expect(withPacked(bytes), 'one status, one q', (r, i, label) => {
    const c = codes[i];
    assert.equal(r.status, bySub.has(c.sub) && c.q < 1000 ? 'red' : c.status, label);
  });
  // One entry; and none at all (a snapshot that clears everything).
  const one = codes.find((c) => c.name === 'red listed, code q below');
  const oneEntry = packStatusEntries({
    bits: 32,
    entries: [{ key: hashKey(bySub.get(one.sub).hash, 32), s: 'orange', q: BigInt(one.q + 1) }],
  });
  await expect(withPacked(oneEntry), 'one entry', (r, i, label) =>
    assert.equal(r.status, codes[i].sub === one.sub && codes[i].q <= one.q ? 'orange' : codes[i].status, label),
  );
  const none = packStatusEntries({ bits: 32, entries: [] });
  await expect(withPacked(none), 'no entries', (r, i, label) => assert.equal(r.status, codes[i].status, label));
  const inspected = run(['status-list', 'inspect', '-'], withPacked(none));
  assert.equal(inspected.status, 0, inspected.stderr);
  assert.deepEqual(json(inspected).entries, []);
});

test('CLI: the same decisions from all four lists as the npm package', async () => {
  assert.ok(cliCodes.every((i) => i >= 0));
  for (const { name, i, r } of await cliResults) {
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), oracle[i], `${name}: ${codes[i].name}`);
  }
});

test('status-list inspect: both packed lists hold the input, sorted by hash, 51-bit prefixes', async () => {
  const names = ['b: packed, greenlight sign-doc', 'd: packed in JS, signed in JS'];
  const prefixBytes = Math.ceil(bits / 8);
  const expectedH = sorted.map((e) => {
    const b = Buffer.from(e.hash.subarray(0, prefixBytes));
    if (bits % 8) b[prefixBytes - 1] &= (0xff << (8 - (bits % 8))) & 0xff;
    return b.toString('base64url');
  });
  const shown = await inspectBoth(names);
  names.forEach((name, n) => {
    const list = shown[n];
    assert.deepEqual(
      { iss: list.iss, iat: list.iat, exp: list.exp, seq: list.seq, base: list.base },
      { ...listFields, base: undefined },
    );
    assert.equal(list.encoding, 'packed');
    assert.equal(list.prefixBits, 51);
    assert.equal(list.packedBytes, packedBytes(docs[name]).length);
    assert.deepEqual(list.header, { alg: 'EdDSA', kid: issuer.kid, typ: 'gl-status-list' });
    assert.equal(list.entries.length, N);
    for (let i = 0; i < N; i++) {
      const got = list.entries[i];
      if (got.h !== expectedH[i] || got.s !== sorted[i].s || got.q !== sorted[i].q)
        assert.fail(
          `${name}: entry ${i} is ${JSON.stringify(got)}, expected ${expectedH[i]} ${sorted[i].s} ${sorted[i].q}`,
        );
    }
  });
  // What sign-doc packed reads back with the independent reader, strictly; its size is what docs/format.md
  // says: a key costs about b - log2 N + 1.5 bits, plus 3 status bits (five statuses) and w = 34 q-offset bits
  // (q runs from 1 to above 2^33 here); the JS packer's bytes are within 1% of it.
  const packed = packedBytes(docs[names[0]]);
  const back = unpackStatusEntries(packed, { strict: true });
  assert.equal(back.bits, 51);
  assert.equal(back.entries.length, N);
  assert.equal(packed[4], 34);
  const bitsPerEntry = (packed.length * 8) / N;
  assert.ok(bitsPerEntry < 51 - Math.log2(N) + 1.5 + 1 + 3 + 34, `${bitsPerEntry} bits an entry`);
  assert.ok(Math.abs(packed.length - jsPackedBytes.length) < packed.length / 100);
  const viaSupport = statusListPayload(docs[names[0]]);
  assert.equal(viaSupport.find(pick.red.h).s, 'red');
  assert.equal(viaSupport.find(pick.red.h).q, pick.red.q);
});

test('status-list inspect: the JSON lists say encoding json and keep every entry', async () => {
  const names = ['a: JSON, signed in JS', 'c: JSON, greenlight sign-doc --encoding json'];
  const shown = await inspectBoth(names);
  names.forEach((name, n) => {
    const list = shown[n];
    assert.equal(list.encoding, 'json', name);
    assert.equal(list.prefixBits, undefined, name);
    assert.deepEqual({ iss: list.iss, iat: list.iat, exp: list.exp, seq: list.seq }, listFields);
    assert.deepEqual(list.header, { alg: 'EdDSA', kid: issuer.kid, typ: 'gl-status-list' });
    assert.equal(list.entries.length, N, name);
    for (let i = 0; i < N; i++) {
      const [got, e] = [list.entries[i], entries[i]];
      if (got.h !== e.h || got.s !== e.s || got.q !== e.q) assert.fail(`${name}: ${e.sub} is ${JSON.stringify(got)}`);
    }
  });
});

test('timings (ms)', (t) => {
  t.diagnostic(JSON.stringify(timings));
});
