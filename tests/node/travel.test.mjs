// The npm package and the travel check: region-risk lists through createVerifier / update / info, and what a
// result says about a code's itinerary (claim "tr") and declaration summary (claim "dc"). Inputs are built
// independently of the engine (tests/errors/build.mjs: node's Ed25519 and a hand-written CBOR encoder).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createVerifier } from '../../js/index.js';
import * as B from '../errors/build.mjs';

const NOW = Math.floor(Date.now() / 1000);
const TODAY = Math.floor(NOW / 86400);
const FAR = NOW + 30 * 86400;
const ISS = 'gl:cn-440000';
const root = B.seededKey(41);
const issuer = B.seededKey(42); // person, proxy
const regions = B.seededKey(43); // regions only
const trustList = B.jws(root, 'gl-trust-list', {
  iss: 'gl-root',
  iat: NOW - 3600,
  exp: FAR,
  seq: 1,
  keys: [
    { kid: issuer.kidText, x: issuer.public, iss: ISS, use: ['person', 'proxy'] },
    { kid: regions.kidText, x: regions.public, iss: ISS, use: ['regions'] },
  ],
});
const base = { roots: [root.public], trustList };
const regionList = (entries, o = {}) =>
  B.jws(regions, 'gl-region-risk', { iss: ISS, iat: NOW - 600, exp: FAR, seq: 1, regions: entries, ...o });
const dayStart = (day) => day * 86400;

function code({ tr, dc, type = 'person' } = {}) {
  const gl =
    type === 'person'
      ? { v: 1, t: 'person', s: 'green', n: '张*', m: '138****1234', q: 1 }
      : { v: 1, t: 'proxy', s: 'green', n: '李*', q: 1, e: '139****0000' };
  if (tr) gl.tr = B.array(tr.map(([r, day]) => B.array([B.text(r), B.uint(day)])));
  if (dc)
    gl.dc = B.map([
      [B.text('t'), B.uint(dc.t)],
      [B.text('sy'), B.raw(dc.sy ? 'f5' : 'f4')],
      [B.text('f'), B.raw(dc.f ? 'f5' : 'f4')],
      [B.text('c'), B.raw(dc.c ? 'f5' : 'f4')],
    ]);
  return B.gl1(B.coseSign1(issuer, B.claims({ iss: ISS, sub: 'p-1', iat: NOW - 60, exp: NOW + 240, gl })));
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

test('a visit to a high-risk district today is denied with R-TRAVEL-HIGH, naming the region and day', async () => {
  const v = await createVerifier({
    ...base,
    regionRisk: regionList([{ r: '440902', level: 'high', from: dayStart(TODAY - 3), to: null }]),
  });
  const r = v.verify(
    code({
      tr: [
        ['440902', TODAY],
        ['110105', TODAY - 2],
      ],
    }),
    { locale: 'en' },
  );
  assert.equal(r.valid, true);
  assert.equal(r.decision, 'deny');
  assert.deepEqual(
    r.reasons.map((x) => x.id),
    ['R-TRAVEL-HIGH'],
  );
  assert.equal(r.reasons[0].messages['zh-CN'], '行程卡带星号：14 天内到访过高风险地区');
  assert.deepEqual(r.credential.itinerary, [
    { region: '440902', day: TODAY },
    { region: '110105', day: TODAY - 2 },
  ]);
  assert.deepEqual(r.travel, {
    regions: ['440902', '110105'],
    risk: 'high',
    matched: [{ region: '440902', level: 'high', day: TODAY }],
  });
  assert.equal(typeof r.freshness.regionRiskAge, 'number');
  assert.deepEqual(Object.keys(v.info().regionRisk).sort(), ['entries', 'exp', 'iat', 'iss', 'seq']);
  assert.equal(v.info().regionRisk.entries, 1);
});

test('a whole city at medium risk refers a paper (proxy) code with R-TRAVEL-MEDIUM', async () => {
  const v = await createVerifier(base);
  assert.equal(v.info().regionRisk, null);
  const text = code({ type: 'proxy', tr: [['110105', TODAY - 1]] });
  // No list loaded: nothing matches (a paper code without a status list is referred as stale all the same).
  const ids = (r) => r.reasons.map((x) => x.id);
  assert.deepEqual(ids(v.verify(text)), ['R-PROXY-STALE']);
  assert.equal(v.verify(text).freshness.regionRiskAge, null);
  v.update({ regionRisk: regionList([{ r: '110100', level: 'medium', from: dayStart(TODAY - 5) }]) });
  const r = v.verify(text);
  assert.equal(r.decision, 'refer');
  assert.deepEqual(ids(r), ['R-TRAVEL-MEDIUM', 'R-PROXY-STALE']);
  assert.deepEqual(r.travel.matched, [{ region: '110105', level: 'medium', day: TODAY - 1 }]);
});

test('visits outside the listed period or region, and codes without an itinerary, are admitted', async () => {
  const v = await createVerifier({
    ...base,
    regionRisk: regionList([
      { r: '440902', level: 'high', from: dayStart(TODAY - 10), to: dayStart(TODAY - 5) },
      { r: '320000', level: 'high', from: dayStart(TODAY - 1) },
    ]),
  });
  for (const tr of [
    [['440902', TODAY - 4]],
    [['440902', TODAY - 11]],
    [['440903', TODAY - 7]],
    [['320583', TODAY - 2]],
  ]) {
    const r = v.verify(code({ tr }));
    assert.equal(r.decision, 'admit', JSON.stringify(tr));
    assert.equal(r.travel.risk, null);
  }
  const unknown = v.verify(code());
  assert.equal(unknown.decision, 'admit');
  assert.equal(unknown.credential.itinerary, null);
  assert.deepEqual(unknown.travel, { regions: [], risk: null, matched: [] });
  // The province-wide entry catches a district inside it on a listed day.
  assert.equal(v.verify(code({ tr: [['320583', TODAY]] })).decision, 'deny');
});

test('the declaration summary reads back as four facts', async () => {
  const v = await createVerifier(base);
  const r = v.verify(code({ dc: { t: NOW - 7200, sy: false, f: true, c: false } }));
  assert.equal(r.valid, true);
  assert.deepEqual(r.credential.declaration, { declaredAt: NOW - 7200, symptoms: false, fever: true, contact: false });
  assert.equal(v.verify(code()).credential.declaration, null);
});

test('region-risk lists are checked, all or nothing, and a refusal keeps the loaded list', async () => {
  const list = regionList([{ r: '440902', level: 'high', from: 0 }], { seq: 5 });
  const v = await createVerifier({ ...base, regionRisk: list });
  assert.equal(v.info().regionRisk.seq, 5);
  assert.equal(
    throwCode(() => v.update({ regionRisk: regionList([], { seq: 4 }) })),
    'regions.list_stale',
  );
  assert.equal(
    throwCode(() => v.update({ regionRisk: regionList([], { seq: 6, exp: 1000 }) })),
    'regions.list_expired',
  );
  assert.equal(
    throwCode(() =>
      v.update({ regionRisk: B.jws(issuer, 'gl-region-risk', { iss: ISS, iat: 1, exp: FAR, seq: 7, regions: [] }) }),
    ),
    'regions.list_invalid',
  );
  assert.equal(
    throwCode(() => v.update({ regionRisk: 42 })),
    'regions.list_invalid',
  );
  assert.equal(
    throwCode(() => v.update({ regionRisk: 'x.y.z' })),
    'regions.list_invalid',
  );
  // With a good trust list in the same update, a bad region list refuses both.
  assert.equal(
    throwCode(() => v.update({ trustList, regionRisk: 'x.y.z' })),
    'regions.list_invalid',
  );
  assert.equal(v.info().regionRisk.seq, 5);
  assert.equal(v.verify(code({ tr: [['440902', TODAY]] })).decision, 'deny');
  v.update({ regionRisk: regionList([], { seq: 6 }) }); // every area lifted
  assert.equal(v.verify(code({ tr: [['440902', TODAY]] })).decision, 'admit');
  let rejected;
  try {
    await createVerifier({ ...base, regionRisk: 'nope' });
  } catch (e) {
    rejected = e.code;
  }
  assert.equal(rejected, 'regions.list_invalid');
});
