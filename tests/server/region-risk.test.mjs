// Region-risk lists and the travel facts in personal codes (docs/api.md "Region risk") on SQLite and
// PostgreSQL: the signed list (an empty one before any is published, ETag and 304), publishing and listing
// (authorities only, every bad entry regions.invalid, an audit row), the itinerary (claim "tr") and the
// declaration summary ("dc") in the codes the server issues, GET /me/itinerary, and the end-to-end case: a
// citizen checked in at a place in 440902 is denied by the CLI verifier once 440902 is published high risk,
// referred when it is medium; the regions key rotates, and an existing database gets one on upgrade.
// Run by CTest (test `server-region-risk`) with GREENLIGHT_SERVER and GREENLIGHT_CLI pointing at the built
// binaries; the PostgreSQL half skips itself without GREENLIGHT_TEST_POSTGRES_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { assertError, call, show } from '../support/http.mjs';
import { authority, citizen, createPlace, newIdNumber, noSymptoms } from '../support/people.mjs';
import { binary, describeOnEachBackend, sqlQuery, startServer } from '../support/server.mjs';

const cli = process.env.GREENLIGHT_CLI ?? (binary ? join(dirname(binary), 'greenlight') : undefined);

const DAY = 86400;
const now = () => Math.floor(Date.now() / 1000);
const today = () => Math.floor(now() / DAY);
const payloadOf = (jws) => JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
const headerOf = (jws) => JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString('utf8'));

const get = (server, token, path, headers) => call(server, 'GET', path, { token, headers });
const post = (server, token, path, body) => call(server, 'POST', path, { token, body });

// The CLI verifier with what the server serves now (roots, trust list, rules, region-risk list) on `code`.
async function verifyWithCli(server, code, { regionRisk = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gl-rr-'));
  try {
    const { roots } = (await get(server, null, '/api/v1/documents/roots')).json;
    const files = {
      trust: (await get(server, null, '/api/v1/documents/trust-list')).text,
      rules: (await get(server, null, '/api/v1/documents/rules')).text,
      regions: (await get(server, null, '/api/v1/documents/region-risk')).text,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `${name}.jws`), text);
    const args = ['verify', '--root', roots[0], '--trust-list', join(dir, 'trust.jws')];
    args.push('--rules', join(dir, 'rules.jws'));
    if (regionRisk) args.push('--region-risk', join(dir, 'regions.jws'));
    return JSON.parse(execFileSync(cli, [...args, code], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const publish = (server, auth, regions, reason = 'test: risk areas') =>
  post(server, auth.token, '/api/v1/authority/region-risk', { regions, reason });

describeOnEachBackend('region risk', (backend) => {
  const ctx = {};
  before(async () => {
    ctx.server = await startServer(backend, { demo: true });
    ctx.auth = await authority(ctx.server);
    ctx.citizen = await citizen(ctx.server, { name: '陈静' });
  });
  after(async () => {
    await ctx.server?.stop();
  });

  test('before any publication: a signed empty list, seq 0, ETag and 304; the regions key in the trust list', async () => {
    const res = await get(ctx.server, null, '/api/v1/documents/region-risk');
    assert.equal(res.status, 200, show(res));
    assert.equal(res.headers.get('content-type'), 'application/jose');
    const etag = res.headers.get('etag');
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const payload = payloadOf(res.text);
    assert.deepEqual(Object.keys(payload).sort(), ['exp', 'iat', 'iss', 'regions', 'seq']);
    assert.deepEqual(payload.regions, []);
    assert.equal(payload.seq, 0);
    assert.equal(payload.exp - payload.iat, 30 * DAY, 'a lifetime like the rules');
    assert.equal(headerOf(res.text).typ, 'gl-region-risk');
    const trust = payloadOf((await get(ctx.server, null, '/api/v1/documents/trust-list')).text);
    const signer = trust.keys.find((k) => k.kid === headerOf(res.text).kid);
    assert.ok(signer, 'signed by a key of the trust list');
    assert.deepEqual(signer.use, ['regions']);
    assert.equal(signer.iss, payload.iss, 'the iss of its key');
    assert.equal(trust.keys.filter((k) => k.use.includes('regions')).length, 2, 'an active and a next regions key');
    const again = await get(ctx.server, null, '/api/v1/documents/region-risk', { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    const listed = await get(ctx.server, ctx.auth.token, '/api/v1/authority/region-risk');
    assert.equal(listed.status, 200, show(listed));
    assert.deepEqual(listed.json, { lists: [] });
    // It loads in the engine: the CLI verifies a code with it (nothing matches an empty list).
    const code = (await get(ctx.server, ctx.citizen.token, '/api/v1/me/code')).json.text;
    const result = await verifyWithCli(ctx.server, code);
    assert.equal(result.valid, true, JSON.stringify(result));
    assert.equal(result.decision, 'admit', JSON.stringify(result.reasons));
    assert.deepEqual(result.credential.itinerary, [], 'no check-ins: an empty itinerary, not none');
    assert.deepEqual(result.travel, { regions: [], risk: null, matched: [] });
  });

  test('publishing: authorities only, every bad entry regions.invalid, the reason required', async () => {
    const good = [{ r: '440902', level: 'high', from: now() - DAY, to: null }];
    assertError(await publish(ctx.server, { token: null }, good), 401, 'auth.required');
    assertError(await publish(ctx.server, ctx.citizen, good), 403, 'auth.forbidden');
    assertError(await get(ctx.server, ctx.citizen.token, '/api/v1/authority/region-risk'), 403, 'auth.forbidden');
    assertError(await get(ctx.server, null, '/api/v1/authority/region-risk'), 401, 'auth.required');
    const from = good[0].from; // the same second: a `to` one tick later would be a good entry
    const bad = [
      [{ regions: 'all' }, 'regions'],
      [{ regions: [good[0], 42] }, 'regions[1]'],
      [{ regions: [{ ...good[0], r: '44090' }] }, 'regions[0].r'],
      [{ regions: [{ ...good[0], r: 440902 }] }, 'regions[0].r'],
      [{ regions: [{ ...good[0], r: '44090a' }] }, 'regions[0].r'],
      [{ regions: [{ ...good[0], level: 'low' }] }, 'regions[0].level'],
      [{ regions: [{ r: '440902', from }] }, 'regions[0].level'],
      [{ regions: [{ ...good[0], from: -1 }] }, 'regions[0].from'],
      [{ regions: [{ ...good[0], from: 1.5 }] }, 'regions[0].from'],
      [{ regions: [{ ...good[0], from: '1767225600' }] }, 'regions[0].from'],
      [{ regions: [{ r: '440902', level: 'high' }] }, 'regions[0].from'],
      [{ regions: [{ ...good[0], to: from }] }, 'regions[0].to'],
      [{ regions: [{ ...good[0], to: from - 10 }] }, 'regions[0].to'],
      [{ regions: [{ ...good[0], to: 'never' }] }, 'regions[0].to'],
      [{ regions: [{ ...good[0], city: '惠州' }] }, 'regions[0].city'],
      [{ regions: Array.from({ length: 10001 }, () => good[0]) }, 'at most 10000'],
    ];
    for (const [body, names] of bad) {
      const res = await post(ctx.server, ctx.auth.token, '/api/v1/authority/region-risk', { ...body, reason: 'bad' });
      assertError(res, 400, 'regions.invalid', names);
    }
    assertError(
      await post(ctx.server, ctx.auth.token, '/api/v1/authority/region-risk', { regions: good }),
      400,
      'audit.reason',
    );
    assertError(
      await post(ctx.server, ctx.auth.token, '/api/v1/authority/region-risk', { regions: good, reason: 'x', z: 1 }),
      400,
      'request.invalid',
    );
    const listed = await get(ctx.server, ctx.auth.token, '/api/v1/authority/region-risk');
    assert.deepEqual(listed.json, { lists: [] }, 'nothing refused was stored');
  });

  test('publish, list, serve: the new list replaces the old, seqs grow, an audit row each', async () => {
    const before = await get(ctx.server, null, '/api/v1/documents/region-risk');
    const from = (today() - 2) * DAY;
    const regions = [
      { r: '440902', level: 'high', from, to: null },
      { r: '110100', level: 'medium', from, to: from + 3 * DAY },
      { r: '310000', level: 'medium', from },
    ];
    const t0 = now();
    const res = await publish(ctx.server, ctx.auth, regions, '惠州 茂南区 outbreak');
    assert.equal(res.status, 201, show(res));
    assert.deepEqual(Object.keys(res.json).sort(), ['publishedAt', 'reason', 'regions', 'seq']);
    assert.ok(res.json.seq >= t0, 'seq: at least the time');
    assert.ok(Math.abs(res.json.publishedAt - t0) <= 5);
    assert.equal(res.json.reason, '惠州 茂南区 outbreak');
    const stored = regions.map((e) => ({ to: null, ...e }));
    assert.deepEqual(res.json.regions, stored, '"to" null when open-ended');

    const doc = await get(ctx.server, null, '/api/v1/documents/region-risk', {
      'If-None-Match': before.headers.get('etag'),
    });
    assert.equal(doc.status, 200, 'a new list, a new ETag');
    const payload = payloadOf(doc.text);
    assert.equal(payload.seq, res.json.seq);
    assert.deepEqual(payload.regions, stored);
    assert.ok(payload.iat >= res.json.seq && payload.exp === payload.iat + 30 * DAY);
    const cached = await get(ctx.server, null, '/api/v1/documents/region-risk', {
      'If-None-Match': doc.headers.get('etag'),
    });
    assert.equal(cached.status, 304);

    // A second list at once: past the first; an empty one lifts every risk area.
    const second = await publish(ctx.server, ctx.auth, [], 'all clear');
    assert.equal(second.status, 201, show(second));
    assert.ok(second.json.seq > res.json.seq);
    assert.deepEqual(second.json.regions, []);
    assert.deepEqual(payloadOf((await get(ctx.server, null, '/api/v1/documents/region-risk')).text).regions, []);

    const listed = await get(ctx.server, ctx.auth.token, '/api/v1/authority/region-risk');
    assert.equal(listed.status, 200, show(listed));
    assert.deepEqual(
      listed.json.lists.map((l) => [l.seq, l.reason, l.regions]),
      [
        [second.json.seq, 'all clear', []],
        [res.json.seq, '惠州 茂南区 outbreak', stored],
      ],
      'newest first',
    );
    for (const l of listed.json.lists) {
      assert.deepEqual(Object.keys(l).sort(), ['publishedAt', 'publishedBy', 'reason', 'regions', 'seq']);
      assert.deepEqual(l.publishedBy, { id: ctx.auth.account.id, name: ctx.auth.account.displayName });
    }

    const audit = await get(ctx.server, ctx.auth.token, '/api/v1/authority/audit?action=regions.publish');
    assert.equal(audit.status, 200, show(audit));
    const rows = audit.json.entries.map((e) => [e.target, e.reason, e.detail, e.actor?.id]);
    assert.deepEqual(rows, [
      [`regions:${second.json.seq}`, 'all clear', { regions: 0 }, ctx.auth.account.id],
      [`regions:${res.json.seq}`, '惠州 茂南区 outbreak', { regions: 3 }, ctx.auth.account.id],
    ]);
  });

  test('end to end: a check-in in 440902 rides in the code; high risk denies, medium refers; dc from the declaration', async () => {
    const admin = await citizen(ctx.server, { name: '林店长' });
    const place = await createPlace(ctx.server, admin, { region: '440902' });
    const visitor = await citizen(ctx.server, { name: '黄伟' });
    const checkin = await post(ctx.server, visitor.token, '/api/v1/me/checkins', { placeCode: place.code });
    assert.equal(checkin.status, 201, show(checkin));

    const first = await get(ctx.server, visitor.token, '/api/v1/me/code');
    assert.equal(first.status, 200, show(first));
    const plain = await verifyWithCli(ctx.server, first.json.text);
    assert.deepEqual(plain.credential.itinerary, [{ region: '440902', day: today() }]);
    assert.equal(plain.credential.declaration.fever, false);
    assert.equal(plain.credential.declaration.symptoms, false);
    assert.equal(plain.credential.declaration.contact, false);
    assert.equal(plain.decision, 'admit', 'the list in force is empty');

    const high = await publish(ctx.server, ctx.auth, [{ r: '440902', level: 'high', from: (today() - 1) * DAY }]);
    assert.equal(high.status, 201, show(high));
    const denied = await verifyWithCli(ctx.server, first.json.text);
    assert.equal(denied.valid, true);
    assert.equal(denied.decision, 'deny', JSON.stringify(denied.reasons));
    assert.ok(
      denied.reasons.some((r) => r.id === 'R-TRAVEL-HIGH'),
      JSON.stringify(denied.reasons.map((r) => r.id)),
    );
    assert.equal(denied.travel.risk, 'high');

    const itinerary = await get(ctx.server, visitor.token, '/api/v1/me/itinerary');
    assert.equal(itinerary.status, 200, show(itinerary));
    const served = payloadOf((await get(ctx.server, null, '/api/v1/documents/region-risk')).text);
    assert.deepEqual(itinerary.json, {
      days: 14,
      itinerary: [{ region: '440902', day: today(), level: 'high' }],
      regionRisk: { seq: served.seq, iat: served.iat },
    });

    // A whole city's entry covers its districts (440900 holds 440902).
    const medium = await publish(ctx.server, ctx.auth, [{ r: '440900', level: 'medium', from: (today() - 1) * DAY }]);
    assert.equal(medium.status, 201, show(medium));
    const referred = await verifyWithCli(ctx.server, first.json.text);
    assert.equal(referred.decision, 'refer', JSON.stringify(referred.reasons));
    assert.ok(
      referred.reasons.some((r) => r.id === 'R-TRAVEL-MEDIUM'),
      JSON.stringify(referred.reasons.map((r) => r.id)),
    );
    assert.equal(
      (await get(ctx.server, visitor.token, '/api/v1/me/itinerary')).json.itinerary[0].level,
      'medium',
      '/me/itinerary matches as verifiers do',
    );

    // A risk that ended before the visit's day matches nothing.
    const ended = await publish(ctx.server, ctx.auth, [
      { r: '440902', level: 'high', from: (today() - 5) * DAY, to: (today() - 2) * DAY },
    ]);
    assert.equal(ended.status, 201, show(ended));
    assert.equal((await verifyWithCli(ctx.server, first.json.text)).decision, 'admit');
    assert.equal((await get(ctx.server, visitor.token, '/api/v1/me/itinerary')).json.itinerary[0].level, null);

    // A declaration with fever and travel: dc from the latest declaration, its regions in the itinerary.
    const declared = await post(ctx.server, visitor.token, '/api/v1/me/declarations', {
      ...noSymptoms,
      symptoms: ['cough'],
      fever: true,
      travel: { highRiskArea: false, regions: ['310104'] },
    });
    assert.equal(declared.status, 201, show(declared));
    const second = await get(ctx.server, visitor.token, '/api/v1/me/code');
    const result = await verifyWithCli(ctx.server, second.json.text);
    assert.equal(result.credential.declaration.fever, true);
    assert.equal(result.credential.declaration.symptoms, true);
    assert.equal(result.credential.declaration.contact, false);
    assert.equal(result.credential.declaration.declaredAt, declared.json.declaredAt);
    assert.deepEqual(
      result.credential.itinerary.map((v) => v.region).sort(),
      ['310104', '440902'],
      'check-ins and declared travel, one visit per region',
    );
    for (const v of result.credential.itinerary) assert.equal(v.day, today());
  });

  test('proxy codes carry an itinerary too; /me/itinerary of a citizen without visits', async () => {
    const creator = await citizen(ctx.server, { name: '赵敏' });
    const proxy = await post(ctx.server, creator.token, '/api/v1/me/proxies', {
      name: '赵奶奶',
      idNumber: newIdNumber(),
    });
    assert.equal(proxy.status, 201, show(proxy));
    const result = await verifyWithCli(ctx.server, proxy.json.text);
    assert.equal(result.credential.type, 'proxy');
    assert.deepEqual(result.credential.itinerary, []);
    assert.equal(result.credential.declaration, null, 'a proxy code carries no declaration');
    const mine = await get(ctx.server, creator.token, '/api/v1/me/itinerary');
    assert.equal(mine.status, 200, show(mine));
    assert.equal(mine.json.days, 14);
    assert.deepEqual(mine.json.itinerary, []);
    assert.deepEqual(Object.keys(mine.json.regionRisk).sort(), ['iat', 'seq']);
    assertError(await get(ctx.server, null, '/api/v1/me/itinerary'), 401, 'auth.required');
  });

  test('rotating the regions key signs the list again with the new active key', async () => {
    const before = await get(ctx.server, null, '/api/v1/documents/region-risk');
    for (const compromised of [false, true]) {
      const res = await post(ctx.server, ctx.auth.token, '/api/v1/authority/keys/rotate', {
        use: 'regions',
        compromised,
        reason: `regions key rotation (compromised: ${compromised})`,
      });
      assert.equal(res.status, 200, show(res));
      const doc = await get(ctx.server, null, '/api/v1/documents/region-risk', {
        'If-None-Match': before.headers.get('etag'),
      });
      assert.equal(doc.status, 200, 'signed again');
      assert.equal(headerOf(doc.text).kid, res.json.active);
      assert.deepEqual(payloadOf(doc.text).regions, payloadOf(before.text).regions);
      const trust = payloadOf((await get(ctx.server, null, '/api/v1/documents/trust-list')).text);
      assert.deepEqual(trust.keys.find((k) => k.kid === res.json.active)?.use, ['regions']);
    }
  });

  test('/me/itinerary says regionRisk null before anything is published', async () => {
    const fresh = await startServer(backend);
    try {
      const user = await citizen(fresh, { name: '孙丽' });
      const res = await get(fresh, user.token, '/api/v1/me/itinerary');
      assert.equal(res.status, 200, show(res));
      assert.deepEqual(res.json, { days: 14, itinerary: [], regionRisk: null });
    } finally {
      await fresh.stop();
    }
  });

  test('an existing database without a regions key gets one on upgrade, published in the trust list', async () => {
    const old = await startServer(backend);
    let restarted;
    try {
      await old.stop({ keep: true });
      // As a database of the previous version was: no regions keys.
      sqlQuery(old, "DELETE FROM issuer_keys WHERE key_use = 'regions'");
      restarted = await startServer(backend, { reuse: old });
      const keys = sqlQuery(restarted, "SELECT state FROM issuer_keys WHERE key_use = 'regions' ORDER BY state")
        .split('\n')
        .filter(Boolean);
      assert.deepEqual(keys, ['active', 'next']);
      assert.equal(sqlQuery(restarted, "SELECT value FROM counters WHERE name = 'key_generation'"), '2');
      const doc = await get(restarted, null, '/api/v1/documents/region-risk');
      assert.equal(doc.status, 200, show(doc));
      const trust = payloadOf((await get(restarted, null, '/api/v1/documents/trust-list')).text);
      const signer = trust.keys.find((k) => k.kid === headerOf(doc.text).kid);
      assert.deepEqual(signer?.use, ['regions']);
      // Once only: a second start changes nothing.
      await restarted.stop({ keep: true });
      restarted = await startServer(backend, { reuse: old });
      assert.equal(sqlQuery(restarted, "SELECT value FROM counters WHERE name = 'key_generation'"), '2');
    } finally {
      await (restarted ?? old).stop();
    }
  });
});
