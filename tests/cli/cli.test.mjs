// The greenlight CLI end to end: keygen -> sign-doc -> issue -> verify, output shape and exit codes.
// Run by CTest with GREENLIGHT_CLI pointing at the built binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = process.env.GREENLIGHT_CLI;
const dir = mkdtempSync(join(tmpdir(), 'gl-cli-'));
const run = (args, input) => spawnSync(cli, args, { encoding: 'utf8', input });
const json = (r) => JSON.parse(r.stdout);

function keygen(name) {
  const file = join(dir, `${name}.key.json`);
  const r = run(['keygen', '--out', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(json(r).secret, undefined, 'the secret is not printed when written to a file');
  return { file, ...JSON.parse(readFileSync(file, 'utf8')) };
}

const root = keygen('root');
const person = keygen('person');
const now = 1767225600;
const payload = {
  iss: 'root',
  iat: now - 10,
  exp: now + 86400,
  seq: 3,
  keys: [
    {
      kid: person.kid,
      x: person.public,
      iss: 'gl:test',
      use: ['person', 'status'],
      nbf: now - 86400,
      exp: now + 86400,
    },
  ],
};
writeFileSync(join(dir, 'tl.json'), JSON.stringify(payload));
const signed = run(['sign-doc', '--key', root.file, '--typ', 'gl-trust-list', join(dir, 'tl.json')]);
assert.equal(signed.status, 0, signed.stderr);
const trustList = join(dir, 'tl.jws');
writeFileSync(trustList, signed.stdout);

// A person code's arguments; issue() expects success, tests of refusals run these with their own extras.
const personArgs = () => [
  'issue',
  '--key',
  person.file,
  '--iss',
  'gl:test',
  '--type',
  'person',
  '--sub',
  'p-1',
  '--status',
  'green',
  '--name',
  '张*',
  '--phone',
  '138****1234',
  '--seq',
  '2',
  '--iat',
  String(now),
];

function issue(extra = []) {
  const r = run([...personArgs(), ...extra]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('keygen prints kid and public key; --seed is deterministic', () => {
  const a = json(run(['keygen', '--seed', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']));
  const b = json(run(['keygen', '--seed', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']));
  assert.deepEqual(a, b);
  assert.match(a.kid, /^[A-Za-z0-9_-]{11}$/);
  assert.match(a.public, /^[A-Za-z0-9_-]{43}$/);
});

test('issue then verify: valid, with the documented JSON shape', () => {
  const code = issue();
  assert.match(code, /^GL1:/);
  const r = run(['verify', '--root', root.public, '--trust-list', trustList, '--now', String(now + 5), code]);
  assert.equal(r.status, 0);
  assert.deepEqual(Object.keys(json(r)), [
    'valid',
    'error',
    'credential',
    'status',
    'decision',
    'reasons',
    'travel',
    'freshness',
  ]);
  assert.deepEqual(json(r), {
    valid: true,
    error: null,
    credential: {
      type: 'person',
      status: 'green',
      iss: 'gl:test',
      sub: 'p-1',
      iat: now,
      exp: now + 300,
      seq: 2,
      name: '张*',
      phone: '138****1234',
      contact: null,
      itinerary: null,
      declaration: null,
      place: null,
    },
    status: 'green',
    decision: 'admit',
    reasons: [],
    travel: { regions: [], risk: null, matched: [] },
    freshness: { trustListAge: 15, rulesAge: null, statusListAge: null, regionRiskAge: null },
  });
  const stdin = run(
    ['verify', '--root', root.public, '--trust-list', trustList, '--now', String(now), '-'],
    code + '\n',
  );
  assert.equal(json(stdin).valid, true);
});

test('an invalid code is a result (exit 0) with its error code', () => {
  const code = issue();
  const expired = run(['verify', '--root', root.public, '--trust-list', trustList, '--now', String(now + 1000), code]);
  assert.equal(expired.status, 0);
  assert.equal(json(expired).error.code, 'time.expired');
  const garbage = run(['verify', '--root', root.public, '--trust-list', trustList, '--now', String(now), 'hello']);
  assert.equal(garbage.status, 0);
  assert.deepEqual(json(garbage).error.code, 'format.prefix');
  const other = keygen('other');
  const wrongRoot = run(['verify', '--root', other.public, '--trust-list', trustList, '--now', String(now), code]);
  assert.equal(wrongRoot.status, 0);
  assert.equal(json(wrongRoot).error.code, 'trust.list_invalid');
  const twoRoots = run([
    'verify',
    '--root',
    other.public,
    '--root',
    root.public,
    '--trust-list',
    trustList,
    '--now',
    String(now),
    code,
  ]);
  assert.equal(json(twoRoots).valid, true);
});

test('URL form from issue --url verifies', () => {
  const url = issue(['--url', 'https://checkin.example.cn/c']);
  assert.match(url, /^https:\/\/checkin\.example\.cn\/c#GL1:/);
  assert.ok(!url.includes(' '));
  const r = run(['verify', '--root', root.public, '--trust-list', trustList, '--now', String(now), url]);
  assert.equal(json(r).valid, true);
});

test('usage errors exit 2', () => {
  for (const args of [
    [],
    ['frobnicate'],
    ['verify', '--trust-list', trustList, 'x'],
    ['verify', '--root', 'short', '--trust-list', trustList, 'x'],
    ['verify', '--root', root.public, '--trust-list', join(dir, 'missing'), 'x'],
    ['verify', '--root', root.public, '--trust-list', trustList],
    ['verify', '--root', root.public, '--trust-list', trustList, '--now', 'soon', 'x'],
    ['issue', '--key', person.file],
    ['issue', '--key', person.file, '--iss', 'i', '--type', 'robot', '--sub', 's'],
    ['keygen', '--seed', 'x'],
    ['sign-doc', '--key', join(dir, 'tl.json'), '--typ', 'gl-trust-list', join(dir, 'tl.json')],
  ]) {
    assert.equal(run(args).status, 2, `expected exit 2 for ${args.join(' ')}`);
  }
});

test('issue refuses claims that break the format, with a code', () => {
  const r = run([
    'issue',
    '--key',
    person.file,
    '--iss',
    'gl:test',
    '--type',
    'place',
    '--sub',
    'pl-1',
    '--place-name',
    'X',
    '--category',
    'casino',
    '--region',
    '310106',
  ]);
  assert.equal(r.status, 1);
  assert.equal(JSON.parse(r.stderr).error.code, 'format.claims');
});

function signDoc(typ, payload) {
  const file = join(dir, `${typ}-${Math.random()}.json`);
  writeFileSync(file, JSON.stringify(payload));
  const r = run(['sign-doc', '--key', typ === 'gl-rules' ? root.file : person.file, '--typ', typ, file]);
  assert.equal(r.status, 0, r.stderr);
  const out = file + '.jws';
  writeFileSync(out, r.stdout);
  return out;
}
const subjectHash = (sub) =>
  createHash('sha256')
    .update('gl-status:' + sub)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
const verifyAt = (code, extra = []) =>
  json(run(['verify', '--root', root.public, '--trust-list', trustList, '--now', String(now), ...extra, code]));

test('decisions: default rules with place, temperature and locale', () => {
  const yellow = run([
    'issue',
    '--key',
    person.file,
    '--iss',
    'gl:test',
    '--type',
    'person',
    '--sub',
    'p-2',
    '--status',
    'yellow',
    '--name',
    '李*',
    '--phone',
    '139****0000',
    '--iat',
    String(now),
  ]).stdout.trim();
  const mall = verifyAt(yellow, ['--place-id', 'pl-1', '--place-category', 'mall', '--place-region', '310106']);
  assert.equal(mall.decision, 'deny');
  assert.deepEqual(
    mall.reasons.map((r) => r.id),
    ['R-YELLOW'],
  );
  assert.equal(mall.reasons[0].message, mall.reasons[0].messages['zh-CN']);
  const hospital = verifyAt(yellow, ['--place-category', 'hospital', '--locale', 'en']);
  assert.equal(hospital.decision, 'refer');
  assert.equal(hospital.reasons[0].message, hospital.reasons[0].messages.en);
  const fever = verifyAt(issue(), ['--temperature', '38.2']);
  assert.equal(fever.decision, 'refer');
  assert.deepEqual(
    fever.reasons.map((r) => r.id),
    ['R-FEVER'],
  );
  assert.equal(run(['verify', '--root', root.public, '--trust-list', trustList, '--locale', 'fr', issue()]).status, 2);
  assert.equal(
    run(['verify', '--root', root.public, '--trust-list', trustList, '--temperature', 'hot', issue()]).status,
    2,
  );
});

test('decisions: --rules and --status-list (snapshot then delta, in order)', () => {
  const rules = signDoc('gl-rules', {
    iss: 'root',
    iat: now,
    exp: now + 86400,
    seq: 1,
    rules: [
      {
        id: 'R-CLOSED',
        types: ['person'],
        categories: ['*'],
        logic: false,
        outcome: 'deny',
        reason: { 'zh-CN': '暂停开放', en: 'Closed' },
      },
    ],
  });
  const closed = verifyAt(issue(), ['--rules', rules]);
  assert.equal(closed.decision, 'deny');
  assert.deepEqual(
    closed.reasons.map((r) => r.id),
    ['R-CLOSED'],
  );
  assert.equal(closed.freshness.rulesAge, 0);

  const snapshot = signDoc('gl-status-list', { iss: 'gl:test', iat: now, exp: now + 3600, seq: 1, entries: [] });
  const delta = signDoc('gl-status-list', {
    iss: 'gl:test',
    iat: now,
    exp: now + 3600,
    seq: 2,
    base: 1,
    entries: [{ h: subjectHash('p-1'), s: 'orange', q: 3 }],
  });
  const orange = verifyAt(issue(), ['--status-list', snapshot, '--status-list', delta]);
  assert.equal(orange.status, 'orange');
  assert.equal(orange.credential.status, 'green');
  assert.deepEqual(
    orange.reasons.map((r) => r.id),
    ['R-ORANGE'],
  );
  const gap = verifyAt(issue(), ['--status-list', delta]);
  assert.equal(gap.decision, 'deny');
  assert.equal(gap.error.code, 'status.gap');
  const badRules = join(dir, 'bad.jws');
  writeFileSync(badRules, 'a.b.c');
  assert.equal(verifyAt(issue(), ['--rules', badRules]).error.code, 'rules.list_invalid');
});

test('rules test: the default rules pass their examples; a wrong expectation fails with exit 1', () => {
  const rules = fileURLToPath(new URL('../../engine/core/rules/default.json', import.meta.url));
  const cases = JSON.parse(
    readFileSync(new URL('../../engine/core/rules/default.cases.json', import.meta.url), 'utf8'),
  );
  const good = join(dir, 'cases.json');
  writeFileSync(good, JSON.stringify(cases));
  const ok = run(['rules', 'test', rules, good]);
  assert.equal(ok.status, 0, ok.stdout);
  assert.match(ok.stdout, /rules test: 23 passed, 0 failed/);
  cases.cases[0].expect.decision = 'deny';
  writeFileSync(good, JSON.stringify(cases));
  const bad = run(['rules', 'test', rules, good]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /22 passed, 1 failed/);
  const broken = join(dir, 'broken.json');
  writeFileSync(
    broken,
    JSON.stringify({
      iss: 'x',
      iat: 0,
      exp: 1,
      seq: 1,
      rules: [
        {
          id: 'R-B',
          types: ['person'],
          categories: ['*'],
          logic: { nope: [] },
          outcome: 'deny',
          reason: { 'zh-CN': 'x', en: 'x' },
        },
      ],
    }),
  );
  const refused = run(['rules', 'test', broken, good]);
  assert.equal(refused.status, 1);
  assert.equal(JSON.parse(refused.stderr).error.code, 'rules.invalid');
});

test('travel: issue --itinerary/--declaration, verify --region-risk denies a high-risk visit and names it', () => {
  const regions = keygen('regions');
  const today = Math.floor(now / 86400);
  const withRegions = {
    ...payload,
    seq: 4,
    keys: [...payload.keys, { kid: regions.kid, x: regions.public, iss: 'gl:test', use: ['regions'] }],
  };
  writeFileSync(join(dir, 'tl-regions.json'), JSON.stringify(withRegions));
  const tl = run(['sign-doc', '--key', root.file, '--typ', 'gl-trust-list', join(dir, 'tl-regions.json')]);
  assert.equal(tl.status, 0, tl.stderr);
  writeFileSync(join(dir, 'tl-regions.jws'), tl.stdout);
  const list = (regionsList, seq = 1) => {
    const file = join(dir, `regions-${seq}.json`);
    writeFileSync(file, JSON.stringify({ iss: 'gl:test', iat: now - 60, exp: now + 86400, seq, regions: regionsList }));
    const r = run(['sign-doc', '--key', regions.file, '--typ', 'gl-region-risk', file]);
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(file + '.jws', r.stdout);
    return file + '.jws';
  };
  const high = list([{ r: '440902', level: 'high', from: (today - 2) * 86400, to: null }]);
  const medium = list([{ r: '440900', level: 'medium', from: (today - 2) * 86400 }], 2);
  // Any order in, newest first out; the same region twice keeps its latest day.
  const code = issue([
    '--itinerary',
    `110105:${today - 3},440902:${today - 1},110105:${today - 5}`,
    '--declaration',
    `${now - 3600}:fever`,
  ]);
  const verify = (...extra) =>
    json(
      run([
        'verify',
        '--root',
        root.public,
        '--trust-list',
        join(dir, 'tl-regions.jws'),
        '--now',
        String(now + 5),
        '--locale',
        'en',
        ...extra,
        code,
      ]),
    );
  const denied = verify('--region-risk', high);
  assert.equal(denied.valid, true);
  assert.equal(denied.decision, 'deny');
  assert.deepEqual(
    denied.reasons.map((r) => r.id),
    ['R-TRAVEL-HIGH'],
  );
  assert.equal(denied.reasons[0].messages['zh-CN'], '行程卡带星号：14 天内到访过高风险地区');
  assert.deepEqual(denied.credential.itinerary, [
    { region: '440902', day: today - 1 },
    { region: '110105', day: today - 3 },
  ]);
  assert.deepEqual(denied.credential.declaration, {
    declaredAt: now - 3600,
    symptoms: false,
    fever: true,
    contact: false,
  });
  assert.deepEqual(denied.travel.matched, [{ region: '440902', level: 'high', day: today - 1 }]);
  const referred = verify('--region-risk', medium);
  assert.equal(referred.decision, 'refer');
  assert.deepEqual(
    referred.reasons.map((r) => r.id),
    ['R-TRAVEL-MEDIUM'],
  );
  assert.equal(verify().decision, 'admit', 'without a region-risk list nothing matches');
  // A list the trust list does not allow is a refusal with its code (exit 0: a result).
  const wrongKey = run(['sign-doc', '--key', person.file, '--typ', 'gl-region-risk', join(dir, 'regions-1.json')]);
  writeFileSync(join(dir, 'wrong.jws'), wrongKey.stdout);
  const refused = verify('--region-risk', join(dir, 'wrong.jws'));
  assert.equal(refused.decision, 'deny');
  assert.equal(refused.error.code, 'regions.list_invalid');
  // Bad flags are usage errors (exit 2).
  for (const extra of [
    ['--itinerary', '44090:1'],
    ['--itinerary', '440902'],
    ['--itinerary', '440902:x'],
    ['--itinerary', Array.from({ length: 21 }, (_, i) => `${110101 + i}:${today}`).join(',')],
    ['--declaration', 'yesterday'],
    ['--declaration', `${now}:cough`],
  ]) {
    const r = run([...personArgs(), ...extra]);
    assert.equal(r.status, 2, extra.join(' '));
  }
  // An empty itinerary is a known, empty one.
  const empty = issue(['--itinerary', '']);
  const r = json(run(['verify', '--root', root.public, '--trust-list', trustList, '--now', String(now + 5), empty]));
  assert.deepEqual(r.credential.itinerary, []);
});
