// Issuer key rotation (docs/api.md "Issuer keys") on SQLite and PostgreSQL: the next key is published
// before it signs, so a checkpoint that synced before a rotation verifies the codes signed after it; what a
// retired key signed stays valid; a compromised key's codes are refused and the server signs its stored
// posters and proxy cards again; rules, status lists and risk notices follow; keys survive a restart; an
// offline root refuses rotation.
// Run by CTest (test `server-keys`); the PostgreSQL half skips itself without GREENLIGHT_TEST_POSTGRES_URL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { fragmentOf, signedBy, statusList, verifierFor } from '../support/codes.mjs';
import { assertError, call, show } from '../support/http.mjs';
import { exportKey } from '../support/keys.mjs';
import { authority, citizen, createPlace, newIdNumber } from '../support/people.mjs';
import { backends, binary, sqlQuery, startServer } from '../support/server.mjs';

const KEY_USES = ['person', 'place', 'proxy', 'rules', 'status', 'regions'];

const get = (server, token, path) => call(server, 'GET', path, { token });
const post = (server, token, path, body) => call(server, 'POST', path, { token, body });
const payloadOf = (jws) => JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
const headerOf = (jws) => JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString('utf8'));

const byUse = (keys, use, state) => keys.filter((k) => k.use === use && (!state || k.state === state));

// What a database holds, through its own shell (psql / sqlite3).
const query = sqlQuery;

for (const backend of backends) {
  describe(`issuer keys (${backend.name})`, { skip: backend.skip }, () => {
    const ctx = {};
    before(async () => {
      ctx.server = await startServer(backend, { demo: true });
      ctx.auth = await authority(ctx.server);
      ctx.alice = await citizen(ctx.server, { name: '王小明' });
      ctx.admin = await citizen(ctx.server, { name: '李店长' });
      ctx.place = await createPlace(ctx.server, ctx.admin);
      const proxy = await post(ctx.server, ctx.alice.token, '/api/v1/me/proxies', {
        name: '王奶奶',
        idNumber: newIdNumber(),
      });
      assert.equal(proxy.status, 201, show(proxy));
      ctx.proxy = proxy.json;
    });
    after(async () => {
      await ctx.server?.stop();
    });
    const code = async (user) => (await get(ctx.server, user.token, '/api/v1/me/code')).json.text;
    const keys = async () => {
      const res = await get(ctx.server, ctx.auth.token, '/api/v1/authority/keys');
      assert.equal(res.status, 200, show(res));
      return res.json;
    };

    test('each use has an active key and a next key, both in the trust list; only authorities see them', async () => {
      const listed = await keys();
      assert.equal(listed.offlineRoot, false);
      assert.equal(listed.generation, 1);
      for (const use of KEY_USES) {
        assert.equal(byUse(listed.keys, use, 'active').length, 1, use);
        assert.equal(byUse(listed.keys, use, 'next').length, 1, use);
      }
      for (const k of listed.keys)
        assert.deepEqual(Object.keys(k).sort(), [
          'activatedAt',
          'createdAt',
          'kid',
          'retiredAt',
          'revokedAt',
          'state',
          'use',
        ]);
      const trust = payloadOf((await call(ctx.server, 'GET', '/api/v1/documents/trust-list')).text);
      assert.deepEqual(trust.keys.map((k) => k.kid).sort(), listed.keys.map((k) => k.kid).sort());
      // The data directory's key files became the active keys: what they signed before stays valid however old.
      for (const k of byUse(listed.keys, 'person', 'active'))
        assert.equal(trust.keys.find((t) => t.kid === k.kid).nbf, 0);
      assert.equal(
        signedBy(
          await code(ctx.alice),
          listed.keys.map((k) => k.kid),
        ),
        byUse(listed.keys, 'person', 'active')[0].kid,
      );

      assertError(await get(ctx.server, ctx.alice.token, '/api/v1/authority/keys'), 403, 'auth.forbidden');
      assertError(await call(ctx.server, 'GET', '/api/v1/authority/keys'), 401, 'auth.required');
      assertError(
        await post(ctx.server, ctx.alice.token, '/api/v1/authority/keys/rotate', { use: 'person', reason: 'x' }),
        403,
        'auth.forbidden',
      );
      assertError(
        await post(ctx.server, ctx.auth.token, '/api/v1/authority/keys/rotate', { use: 'person' }),
        400,
        'audit.reason',
      );
      assertError(
        await post(ctx.server, ctx.auth.token, '/api/v1/authority/keys/rotate', { use: 'root', reason: 'x' }),
        400,
        'request.invalid',
        'use',
      );
      assertError(
        await post(ctx.server, ctx.auth.token, '/api/v1/authority/keys/rotate', {
          use: 'person',
          compromised: 'yes',
          reason: 'x',
        }),
        400,
        'request.invalid',
        'compromised',
      );
      assert.equal((await keys()).generation, 1, 'refused rotations changed nothing');
    });

    test('a rotation: the next key signs, a checkpoint that synced before verifies it, old codes stay valid', async () => {
      const before = await keys();
      const oldActive = byUse(before.keys, 'person', 'active')[0].kid;
      const oldNext = byUse(before.keys, 'person', 'next')[0].kid;
      const checkpoint = await verifierFor(ctx.server); // synced before the rotation, then offline
      const oldCode = await code(ctx.alice);

      const res = await post(ctx.server, ctx.auth.token, '/api/v1/authority/keys/rotate', {
        use: 'person',
        reason: '年度轮换 annual rotation',
      });
      assert.equal(res.status, 200, show(res));
      const r = res.json;
      assert.deepEqual(
        [r.use, r.compromised, r.retired, r.active, r.generation],
        ['person', false, oldActive, oldNext, 2],
      );
      assert.ok(r.next && ![oldActive, oldNext].includes(r.next));
      assert.deepEqual(
        byUse(r.keys, 'person')
          .map((k) => k.state)
          .sort(),
        ['active', 'next', 'retired'],
      );
      const retired = r.keys.find((k) => k.kid === oldActive);
      assert.ok(retired.retiredAt > 0 && retired.revokedAt === null);

      const newCode = await code(ctx.alice);
      const allKids = r.keys.map((k) => k.kid);
      assert.equal(signedBy(newCode, allKids), oldNext, 'the former next key signs now');
      assert.equal(
        checkpoint.verifier.verify(newCode).decision,
        'admit',
        'pre-published: a checkpoint offline since before the rotation admits it',
      );
      assert.equal(checkpoint.verifier.verify(oldCode).decision, 'admit');

      const synced = await verifierFor(ctx.server);
      assert.equal(synced.verifier.verify(oldCode).decision, 'admit', 'what the retired key signed before stays valid');
      assert.equal(synced.verifier.verify(newCode).decision, 'admit');
      const trust = payloadOf((await call(ctx.server, 'GET', '/api/v1/documents/trust-list')).text);
      assert.equal(
        trust.keys.find((k) => k.kid === oldActive).exp,
        retired.retiredAt,
        'the retired key covers codes issued up to its retirement',
      );
      assert.ok(
        trust.keys.some((k) => k.kid === r.next),
        'the new next key is published at once',
      );
      // Posters and printed cards signed by other keys are untouched.
      assert.equal(synced.verifier.verify(fragmentOf(ctx.place.code)).valid, true);
      assert.equal(synced.verifier.verify(ctx.proxy.text).decision, 'admit');

      const audit = (await get(ctx.server, ctx.auth.token, '/api/v1/authority/audit?action=keys.rotate')).json.entries;
      assert.equal(audit.length, 1);
      assert.equal(audit[0].reason, '年度轮换 annual rotation');
      assert.equal(audit[0].target, `key:${oldNext}`);
      assert.equal(audit[0].actor.id, ctx.auth.account.id);
      assert.deepEqual(audit[0].detail, {
        use: 'person',
        compromised: false,
        retired: oldActive,
        active: oldNext,
        next: r.next,
        generation: 2,
      });
    });

    test('a compromised place key: its posters are refused, the server signs them again with a new key', async () => {
      const before = await keys();
      const [oldActive, oldNext] = ['active', 'next'].map((s) => byUse(before.keys, 'place', s)[0].kid);
      const checkpoint = await verifierFor(ctx.server);
      const oldPoster = fragmentOf(ctx.place.code);

      const res = await post(ctx.server, ctx.auth.token, '/api/v1/authority/keys/rotate', {
        use: 'place',
        compromised: true,
        reason: '密钥泄露 key leaked',
      });
      assert.equal(res.status, 200, show(res));
      const r = res.json;
      assert.deepEqual(r.revoked.sort(), [oldActive, oldNext].sort());
      assert.ok(r.resigned >= 1, `resigned ${r.resigned}`);
      assert.ok(![oldActive, oldNext, r.next].includes(r.active));
      for (const kid of [oldActive, oldNext]) assert.equal(r.keys.find((k) => k.kid === kid).state, 'revoked');

      const synced = await verifierFor(ctx.server);
      const trustKids = payloadOf((await call(ctx.server, 'GET', '/api/v1/documents/trust-list')).text).keys.map(
        (k) => k.kid,
      );
      assert.ok(!trustKids.includes(oldActive) && !trustKids.includes(oldNext), 'revoked keys leave the trust list');
      const refused = synced.verifier.verify(oldPoster);
      assert.equal(refused.valid, false);
      assert.equal(refused.error?.code, 'crypto.key_unknown', JSON.stringify(refused.error));

      const place = await get(ctx.server, ctx.admin.token, `/api/v1/places/${ctx.place.id}`);
      assert.equal(place.status, 200, show(place));
      assert.notEqual(place.json.code, ctx.place.code);
      const reprinted = fragmentOf(place.json.code);
      assert.equal(
        signedBy(
          reprinted,
          r.keys.map((k) => k.kid),
        ),
        r.active,
      );
      const v = synced.verifier.verify(reprinted);
      assert.equal(v.valid, true, JSON.stringify(v.error));
      assert.equal(v.credential.sub, ctx.place.id, 'the same place');
      // Not pre-published: a checkpoint must sync before it accepts what the new key signs.
      assert.equal(checkpoint.verifier.verify(reprinted).error?.code, 'crypto.key_unknown');

      // Self check-in with the reprinted poster works; with the old one it is refused.
      const ok = await post(ctx.server, ctx.alice.token, '/api/v1/me/checkins', { placeCode: place.json.code });
      assert.equal(ok.status, 201, show(ok));
      assertError(
        await post(ctx.server, ctx.alice.token, '/api/v1/me/checkins', { placeCode: ctx.place.code }),
        400,
        'crypto.key_unknown',
      );
      ctx.place.code = place.json.code;
    });

    test('a compromised proxy key: live proxy cards are signed again (same subject), revoked ones are not', async () => {
      const before = await keys();
      const oldActive = byUse(before.keys, 'proxy', 'active')[0].kid;
      const second = await post(ctx.server, ctx.alice.token, '/api/v1/me/proxies', {
        name: '王爷爷',
        idNumber: newIdNumber(),
      });
      assert.equal(second.status, 201, show(second));
      const revoked = await call(ctx.server, 'DELETE', `/api/v1/me/proxies/${second.json.id}`, {
        token: ctx.alice.token,
      });
      assert.equal(revoked.status, 200, show(revoked));
      const storedBefore = query(ctx.server, `SELECT code_text FROM proxies WHERE id = '${second.json.id}'`);

      const res = await post(ctx.server, ctx.auth.token, '/api/v1/authority/keys/rotate', {
        use: 'proxy',
        compromised: true,
        reason: 'leak',
      });
      assert.equal(res.status, 200, show(res));
      assert.ok(res.json.revoked.includes(oldActive));
      const synced = await verifierFor(ctx.server);
      assert.equal(synced.verifier.verify(ctx.proxy.text).error?.code, 'crypto.key_unknown');
      const stored = query(ctx.server, `SELECT code_text FROM proxies WHERE id = '${ctx.proxy.id}'`);
      assert.notEqual(stored, ctx.proxy.text);
      const v = synced.verifier.verify(stored);
      assert.equal(v.decision, 'admit', JSON.stringify(v.reasons));
      assert.equal(
        v.credential.sub,
        query(ctx.server, `SELECT subject FROM proxies WHERE id = '${ctx.proxy.id}'`),
        'the same subject: its status-list entries still apply',
      );
      assert.equal(
        query(ctx.server, `SELECT code_text FROM proxies WHERE id = '${second.json.id}'`),
        storedBefore,
        'revoked proxies stay as they were',
      );
      const card = await get(ctx.server, ctx.alice.token, `/api/v1/me/proxies/${ctx.proxy.id}/card`);
      assert.equal(card.status, 200, show(card));
    });

    test('rules, status lists and risk notices are signed again after their key is replaced', async () => {
      const oldRules = await call(ctx.server, 'GET', '/api/v1/documents/rules');
      const oldStatus = await statusList(ctx.server);
      const oldNotices = await call(ctx.server, 'GET', '/api/v1/documents/risk-notices');
      for (const use of ['rules', 'status']) {
        const res = await post(ctx.server, ctx.auth.token, '/api/v1/authority/keys/rotate', {
          use,
          compromised: true,
          reason: `${use} leak`,
        });
        assert.equal(res.status, 200, show(res));
      }
      const listed = await keys();
      const newRules = await call(ctx.server, 'GET', '/api/v1/documents/rules', {
        headers: { 'If-None-Match': oldRules.headers.get('etag') },
      });
      assert.equal(newRules.status, 200, 'a new ETag: re-signed');
      assert.equal(headerOf(newRules.text).kid, byUse(listed.keys, 'rules', 'active')[0].kid);
      const newStatus = await statusList(ctx.server);
      assert.notEqual(newStatus.headers.get('etag'), oldStatus.headers.get('etag'));
      assert.equal(headerOf(newStatus.json.lists[0]).kid, byUse(listed.keys, 'status', 'active')[0].kid);
      const newNotices = await call(ctx.server, 'GET', '/api/v1/documents/risk-notices', {
        headers: { 'If-None-Match': oldNotices.headers.get('etag') },
      });
      assert.equal(newNotices.status, 200);
      assert.equal(headerOf(newNotices.text).kid, byUse(listed.keys, 'status', 'active')[0].kid);
      // A checkpoint that syncs loads all of them; documents signed by the revoked keys are refused.
      const synced = await verifierFor(ctx.server);
      assert.equal(synced.verifier.verify(await code(ctx.alice)).decision, 'admit');
      assert.throws(
        () => synced.verifier.update({ rules: oldRules.text }),
        (e) => e.code?.startsWith('rules.'),
      );
    });

    test('keys and their states survive a restart', async () => {
      const before = await keys();
      const activePerson = byUse(before.keys, 'person', 'active')[0].kid;
      await ctx.server.stop({ keep: true });
      ctx.server = await startServer(backend, { reuse: ctx.server });
      ctx.auth = await authority(ctx.server);
      const after = await keys();
      assert.deepEqual(after, before);
      assert.equal(
        signedBy(
          await code(ctx.alice),
          after.keys.map((k) => k.kid),
        ),
        activePerson,
      );
    });

    test('`greenlight-server keys export` writes the active key (mode 0600), as `greenlight issue` reads it', async () => {
      const listed = await keys();
      const out = join(ctx.server.dataDir, 'exported-person.key.json');
      exportKey(ctx.server, 'person', out);
      assert.equal(statSync(out).mode & 0o777, 0o600);
      const file = JSON.parse(readFileSync(out, 'utf8'));
      assert.deepEqual(Object.keys(file).sort(), ['kid', 'public', 'secret']);
      assert.equal(file.kid, byUse(listed.keys, 'person', 'active')[0].kid, 'the key the server signs with now');
      const wrong = spawnSync(
        binary,
        ['keys', 'export', '--use', 'root', '--out', out, '--data-dir', ctx.server.dataDir, ...ctx.server.dbArgs],
        { encoding: 'utf8' },
      );
      assert.equal(wrong.status, 1);
      assert.match(wrong.stderr, /request\.invalid: use:/);
      const usage = spawnSync(binary, ['keys', 'export', '--use', 'person'], { encoding: 'utf8' });
      assert.equal(usage.status, 2);
      assert.match(usage.stderr, /keys export needs --use USE --out FILE/);
    });

    test('an offline root: rotation is refused with keys.offline_root and nothing changes', async () => {
      const { roots } = (await call(ctx.server, 'GET', '/api/v1/documents/roots')).json;
      const trust = (await call(ctx.server, 'GET', '/api/v1/documents/trust-list')).text;
      await ctx.server.stop({ keep: true });
      writeFileSync(join(ctx.server.dataDir, 'trust-list.jws'), trust);
      writeFileSync(join(ctx.server.dataDir, 'root.pub'), `${roots[0]}\n`);
      rmSync(join(ctx.server.dataDir, 'keys', 'root.key.json'));
      ctx.server = await startServer(backend, { reuse: ctx.server });
      ctx.auth = await authority(ctx.server);
      const before = await keys();
      assert.equal(before.offlineRoot, true);
      assertError(
        await post(ctx.server, ctx.auth.token, '/api/v1/authority/keys/rotate', { use: 'person', reason: 'x' }),
        409,
        'keys.offline_root',
      );
      assert.deepEqual(await keys(), before);
      const served = await call(ctx.server, 'GET', '/api/v1/documents/trust-list');
      assert.equal(served.text, trust, 'the provided trust list is served as is');
    });
  });
}
