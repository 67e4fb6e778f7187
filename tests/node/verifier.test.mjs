// The npm package's verifier in node: the shared case file, document handling, and robustness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { createVerifier, init, version } from '../../js/index.js';

const cases = JSON.parse(await readFile(new URL('../cases/verify.json', import.meta.url), 'utf8'));
const base = {
  roots: cases.roots,
  trustList: cases.trustList,
  skewSeconds: cases.skewSeconds,
  statusLists: cases.statusLists,
  regionRisk: cases.regionRisk,
};
const contextOf = ({ now, place, temperature, locale }) => ({ now, place, temperature, locale });

async function rejectionCode(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof Error);
    return e.code;
  }
  assert.fail('expected a rejection');
}

function throwCode(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error);
    return e.code;
  }
  assert.fail('expected a throw');
}

test('reproduces every case of tests/cases/verify.json (same results as the native build)', async () => {
  const v = await createVerifier(base);
  assert.ok(cases.cases.length >= 20);
  for (const c of cases.cases) {
    assert.deepStrictEqual(v.verify(c.text, contextOf(c)), c.expected, c.name);
  }
});

test('results are plain objects, nothing to delete', async () => {
  const v = await createVerifier(base);
  const r = v.verify(cases.cases[0].text, { now: cases.cases[0].now });
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.equal(Object.getPrototypeOf(r.credential), Object.prototype);
  assert.equal(typeof r.delete, 'undefined');
  assert.deepStrictEqual(JSON.parse(JSON.stringify(r)), r);
});

test('init is memoized and the version matches the engine', async () => {
  const a = init();
  const b = init();
  assert.equal(a, b);
  const engine = await a;
  assert.equal(engine.engineVersion(), version);
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.equal(version, pkg.version);
});

test('createVerifier rejects bad configuration with stable codes', async () => {
  assert.equal(await rejectionCode(createVerifier({ ...base, roots: [] })), 'config.roots');
  assert.equal(await rejectionCode(createVerifier({ ...base, roots: ['not-a-key'] })), 'config.roots');
  assert.equal(await rejectionCode(createVerifier({ trustList: base.trustList })), 'config.roots');
  assert.equal(await rejectionCode(createVerifier({ ...base, skewSeconds: -1 })), 'config.invalid');
  assert.equal(await rejectionCode(createVerifier({ ...base, trustList: 'x.y.z' })), 'trust.list_invalid');
  assert.equal(await rejectionCode(createVerifier({ ...base, trustList: 42 })), 'trust.list_invalid');
  assert.equal(
    await rejectionCode(createVerifier({ ...base, trustList: cases.documents.trustListForeign })),
    'trust.list_invalid',
  );
  assert.equal(
    await rejectionCode(createVerifier({ ...base, trustList: cases.documents.trustListExpired })),
    'trust.list_expired',
  );
  assert.equal(await rejectionCode(createVerifier(undefined)), 'config.roots');
});

test('update checks documents and keeps the loaded one on refusal', async () => {
  const v = await createVerifier(base);
  assert.equal(v.info().trustList.seq, 1);
  assert.equal(v.info().statusList.entries, 2);
  assert.equal(v.info().rules.builtIn, true);
  assert.equal(
    throwCode(() => v.update({ trustList: cases.documents.trustListSeq0 })),
    'trust.list_stale',
  );
  assert.equal(
    throwCode(() => v.update({ trustList: cases.documents.trustListForeign })),
    'trust.list_invalid',
  );
  assert.equal(
    throwCode(() => v.update({ trustList: cases.documents.trustListExpired })),
    'trust.list_expired',
  );
  assert.equal(
    throwCode(() => v.update({ trustList: 7 })),
    'trust.list_invalid',
  );
  assert.equal(v.info().trustList.seq, 1);
  const good = cases.cases[0];
  assert.equal(v.verify(good.text, { now: good.now }).valid, true);
  v.update({ trustList: cases.documents.trustListSeq2 });
  assert.equal(v.info().trustList.seq, 2);
  assert.equal(v.verify(good.text, { now: good.now }).valid, true);
});

test('bad input never throws and always carries a code', async () => {
  const v = await createVerifier(base);
  assert.equal(v.verify(undefined).error.code, 'format.prefix');
  assert.equal(v.verify(12).error.code, 'format.prefix');
  assert.equal(v.verify('GL1:', { now: -5 }).error.code, 'config.now');
  assert.equal(v.verify('').error.code, 'format.prefix');
  assert.equal(v.verify('GL1:' + '0'.repeat(9000)).error.code, 'format.too_large');
  for (const [context, code] of [
    [{ place: 'mall' }, 'config.place'],
    [{ place: { category: 7 } }, 'config.place'],
    [{ temperature: '37' }, 'config.temperature'],
    [{ temperature: 99 }, 'config.temperature'],
    [{ locale: 'fr' }, 'config.locale'],
    [{ place: { category: 'casino' } }, 'config.place'],
  ]) {
    const r = v.verify(cases.cases[0].text, { now: cases.cases[0].now, ...context });
    assert.equal(r.error.code, code, JSON.stringify(context));
    assert.equal(r.decision, 'deny');
    assert.deepEqual(Object.keys(r), [
      'valid',
      'error',
      'credential',
      'status',
      'decision',
      'reasons',
      'travel',
      'freshness',
    ]);
  }
  assert.equal(v.verify('GL1:\u{1F600}').error.code, 'format.base45');
  // Random Base45 after the prefix, and random bytes anywhere.
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  let seed = 12345;
  const rand = (n) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  for (let i = 0; i < 3000; i++) {
    const len = rand(300);
    let s = i % 2 ? 'GL1:' : '';
    for (let k = 0; k < len; k++) s += i % 2 ? alphabet[rand(45)] : String.fromCharCode(rand(0x3000));
    const r = v.verify(s);
    assert.equal(r.valid, false);
    assert.match(r.error.code, /^format\./);
  }
});

test('rules and status lists: createVerifier and update are all or nothing', async () => {
  assert.equal(await rejectionCode(createVerifier({ ...base, rules: 'x.y.z' })), 'rules.list_invalid');
  assert.equal(await rejectionCode(createVerifier({ ...base, statusLists: ['x.y.z'] })), 'status.list_invalid');
  assert.equal(await rejectionCode(createVerifier({ ...base, statusLists: 'x' })), 'status.list_invalid');
  const v = await createVerifier(base);
  const orange = cases.cases.find((c) => c.name === 'status list makes it orange');
  assert.equal(v.verify(orange.text, contextOf(orange)).status, 'orange');
  // A refused document in an update leaves the trust list and status list as they were.
  assert.equal(
    throwCode(() => v.update({ trustList: cases.documents.trustListSeq2, statusList: ['garbage'] })),
    'status.list_invalid',
  );
  assert.equal(v.info().trustList.seq, 1);
  assert.equal(v.verify(orange.text, contextOf(orange)).status, 'orange');
  assert.equal(
    throwCode(() => v.update({ rules: 42 })),
    'rules.list_invalid',
  );
  v.update({ trustList: cases.documents.trustListSeq2 });
  assert.equal(v.info().trustList.seq, 2);
});
