// The HTTP API of docs/api.md against the real greenlight-server: status codes, error codes and JSON shapes,
// the role of every caller on every endpoint, and the signed codes and status lists checked with the npm
// verifier. The same suite runs on SQLite and, when GREENLIGHT_TEST_POSTGRES_URL is set, on PostgreSQL (each
// server in a database of its own, dropped afterwards).
// Run by CTest (test `server-api`) with GREENLIGHT_SERVER pointing at the built binary.
import { describe, test, before } from 'node:test';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';

import { fragmentOf, statusList, verifierFor } from '../support/codes.mjs';
import { assertError, assertRetryAfter, call, show } from '../support/http.mjs';
import {
  authority,
  bind,
  citizen,
  createPlace,
  maskId,
  maskPhone,
  newIdNumber,
  newPhone,
  noSymptoms,
  otpFromOutbox,
  placeBody,
  requestOtp,
  signIn,
  withBadCheck,
} from '../support/people.mjs';
import { describeOnEachBackend, startServer, useServer } from '../support/server.mjs';
import { createVerifier } from '../../js/index.js';

// ---------------------------------------------------------------------------------------------------------
// The suite, once per backend

describeOnEachBackend('API', (backend) => {
  // -------------------------------------------------------------------------------------------------------
  describe('sign-in', () => {
    const s = useServer(backend, { args: ['--rate-limit-address', '100000'] });

    test('one-time code by SMS, session token, GET /me', async () => {
      const phone = newPhone();
      const otp = await call(s.server, 'POST', '/api/v1/auth/otp', { body: { phone } });
      assert.equal(otp.status, 202, show(otp));
      assert.deepEqual(otp.json, { expiresIn: 300, resendAfter: 60 });
      const code = otpFromOutbox(s.server, phone);
      const before = Math.floor(Date.now() / 1000);
      const res = await call(s.server, 'POST', '/api/v1/auth/sessions', { body: { phone, code } });
      assert.equal(res.status, 201, show(res));
      assert.deepEqual(Object.keys(res.json).sort(), ['expiresAt', 'me', 'token']);
      assert.match(res.json.token, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(
        Math.abs(res.json.expiresAt - (before + 7 * 86400)) <= 5,
        `expiresAt ${res.json.expiresAt} is 7 days ahead`,
      );
      const me = res.json.me;
      assert.match(me.id, /^a-/);
      assert.deepEqual(me, {
        id: me.id,
        phone: maskPhone(phone),
        roles: ['citizen'],
        person: null,
        adminOf: null,
        inspectorOf: [],
      });
      const again = await call(s.server, 'GET', '/api/v1/me', { token: res.json.token });
      assert.equal(again.status, 200);
      assert.deepEqual(again.json, me);
      // The code is used up.
      assertError(await call(s.server, 'POST', '/api/v1/auth/sessions', { body: { phone, code } }), 401, 'auth.otp');
    });

    test('wrong code is 401 auth.otp; after 5 wrong codes the pending code is void', async () => {
      const phone = newPhone();
      assertError(
        await call(s.server, 'POST', '/api/v1/auth/sessions', { body: { phone, code: '123456' } }),
        401,
        'auth.otp',
      );
      const code = await requestOtp(s.server, phone);
      const wrong = code === '000000' ? '000001' : '000000';
      for (let i = 0; i < 5; i++)
        assertError(
          await call(s.server, 'POST', '/api/v1/auth/sessions', { body: { phone, code: wrong } }),
          401,
          'auth.otp',
        );
      assertError(await call(s.server, 'POST', '/api/v1/auth/sessions', { body: { phone, code } }), 401, 'auth.otp');
    });

    test('4 wrong codes leave the pending code usable', async () => {
      const phone = newPhone();
      const code = await requestOtp(s.server, phone);
      const wrong = code === '000000' ? '000001' : '000000';
      for (let i = 0; i < 4; i++)
        assertError(
          await call(s.server, 'POST', '/api/v1/auth/sessions', { body: { phone, code: wrong } }),
          401,
          'auth.otp',
        );
      const res = await call(s.server, 'POST', '/api/v1/auth/sessions', { body: { phone, code } });
      assert.equal(res.status, 201, show(res));
    });

    test('a second code for the same phone within 60 s is 429 auth.rate_limited with Retry-After', async () => {
      // Stay clear of a minute boundary, so "within 60 s" cannot straddle two rate-limit windows.
      while (new Date().getSeconds() >= 50) await new Promise((r) => setTimeout(r, 500));
      const phone = newPhone();
      await requestOtp(s.server, phone);
      const again = await call(s.server, 'POST', '/api/v1/auth/otp', { body: { phone } });
      assertError(again, 429, 'auth.rate_limited');
      assertRetryAfter(again, 60);
      // Another phone is not affected.
      await requestOtp(s.server, newPhone());
    });

    test('wrong codes back off per phone and address: 429 auth.rate_limited with a growing Retry-After', async () => {
      const phone = newPhone();
      const first = await requestOtp(s.server, phone);
      for (let i = 0; i < 5; i++)
        assertError(
          await call(s.server, 'POST', '/api/v1/auth/sessions', {
            body: { phone, code: first === '000000' ? '000001' : '000000' },
          }),
          401,
          'auth.otp',
        );
      // The code is void for this address; a new one is a minute away. Then each wrong code waits longer.
      assertError(
        await call(s.server, 'POST', '/api/v1/auth/sessions', { body: { phone, code: first } }),
        401,
        'auth.otp',
      );
    });

    test('binding attempts: 20 per account per hour', async () => {
      const user = await signIn(s.server);
      for (let i = 0; i < 20; i++)
        assertError(
          await call(s.server, 'POST', '/api/v1/inspector/places', {
            token: user.token,
            body: { declarationCode: 'AAAA-AAAA-AAAA' },
          }),
          404,
          'place.declaration_code',
        );
      const over = await call(s.server, 'POST', '/api/v1/inspector/places', {
        token: user.token,
        body: { declarationCode: 'AAAA-AAAA-AAAA' },
      });
      assertError(over, 429, 'auth.rate_limited');
      assertRetryAfter(over, 3600);
    });

    test('bad phone numbers are 400 person.phone', async () => {
      for (const phone of ['1380013800', '23800138000', '1380013800x'])
        assertError(await call(s.server, 'POST', '/api/v1/auth/otp', { body: { phone } }), 400, 'person.phone');
    });

    test('signing out ends the session; garbage or absent tokens are 401 auth.required', async () => {
      const user = await signIn(s.server);
      const other = await signIn(s.server);
      const out = await call(s.server, 'DELETE', '/api/v1/auth/sessions/current', { token: user.token });
      assert.equal(out.status, 204, show(out));
      assert.equal(out.text, '');
      assertError(await call(s.server, 'GET', '/api/v1/me', { token: user.token }), 401, 'auth.required');
      assertError(
        await call(s.server, 'DELETE', '/api/v1/auth/sessions/current', { token: user.token }),
        401,
        'auth.required',
      );
      // Another session of another account stays.
      assert.equal((await call(s.server, 'GET', '/api/v1/me', { token: other.token })).status, 200);
      assertError(await call(s.server, 'GET', '/api/v1/me'), 401, 'auth.required');
      assertError(await call(s.server, 'GET', '/api/v1/me', { token: 'garbage' }), 401, 'auth.required');
      assertError(await call(s.server, 'GET', '/api/v1/me', { token: 'A'.repeat(43) }), 401, 'auth.required');
      assertError(
        await call(s.server, 'GET', '/api/v1/me', { headers: { authorization: `Basic ${other.token}` } }),
        401,
        'auth.required',
      );
    });

    test('per-address limit (--rate-limit-address 3): the 4th code request is 429', async () => {
      const limited = await startServer(backend, { args: ['--rate-limit-address', '3'] });
      try {
        for (let i = 0; i < 3; i++) await requestOtp(limited, newPhone());
        const fourth = await call(limited, 'POST', '/api/v1/auth/otp', { body: { phone: newPhone() } });
        assertError(fourth, 429, 'auth.rate_limited');
        assertRetryAfter(fourth, 3600);
        // Without --demo there is no SMS peek endpoint.
        assertError(await call(limited, 'GET', `/api/v1/demo/sms?phone=${newPhone()}`), 404, 'http.not_found');
      } finally {
        await limited.stop();
      }
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('strict input', () => {
    const s = useServer(backend, { args: ['--rate-limit-address', '100000'] });

    test('bodies: JSON only, known fields only, size and depth limits', async () => {
      const otp = '/api/v1/auth/otp';
      assertError(await call(s.server, 'POST', otp, { body: '{"phone": ' }), 400, 'request.json');
      assertError(await call(s.server, 'POST', otp, { body: 'phone=13900000000' }), 400, 'request.json');
      assertError(
        await call(s.server, 'POST', otp, {
          body: '{"phone":"13900000000"}',
          headers: { 'content-type': 'text/plain' },
        }),
        415,
        'http.content_type',
      );
      assertError(
        await call(s.server, 'POST', otp, { body: { phone: newPhone(), extra: 1 } }),
        400,
        'request.invalid',
        'extra',
      );
      assertError(await call(s.server, 'POST', otp, { body: {} }), 400, 'request.invalid', 'phone');
      assertError(await call(s.server, 'POST', otp, { body: { phone: 13900000000 } }), 400, 'request.invalid', 'phone');
      assertError(await call(s.server, 'POST', otp, { body: [] }), 400, 'request.invalid');
      assertError(
        await call(s.server, 'POST', otp, { body: { phone: 'x'.repeat(65 * 1024) } }),
        413,
        'http.body_too_large',
      );
      // Invalid UTF-8 inside a string.
      const bad = Buffer.concat([Buffer.from('{"phone":"139'), Buffer.from([0xff, 0xfe]), Buffer.from('0000000"}')]);
      assertError(await call(s.server, 'POST', otp, { body: bad }), 400, 'request.json');
      const overlong = Buffer.concat([Buffer.from('{"phone":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
      assertError(await call(s.server, 'POST', otp, { body: overlong }), 400, 'request.json');
      // Depth 8 parses (then fails as a field), depth 9 does not parse.
      const nest = (depth) => `{"phone":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;
      assertError(await call(s.server, 'POST', otp, { body: nest(8) }), 400, 'request.invalid', 'phone');
      assertError(await call(s.server, 'POST', otp, { body: nest(9) }), 400, 'request.json');
      assertError(await call(s.server, 'POST', otp, { body: nest(40) }), 400, 'request.json');
    });

    test('unknown paths are 404 http.not_found; every answer has a Date header', async () => {
      for (const path of ['/api/v1/nothing', '/api/v1/me/nothing', '/api/v2/me', '/api/v1/places/pl-x/nothing']) {
        const res = await call(s.server, 'GET', path);
        assertError(res, 404, 'http.not_found');
        assert.ok(res.headers.get('date'), 'Date header');
      }
      const health = await call(s.server, 'GET', '/api/v1/health');
      assert.equal(health.status, 200);
      assert.deepEqual(health.json, { status: 'ok', db: backend.name, schema: 11 });
      assert.ok(!Number.isNaN(Date.parse(health.headers.get('date'))), 'an HTTP date');
    });

    test('an existing endpoint with another method is 405 http.method', async () => {
      assertError(await call(s.server, 'PUT', '/api/v1/health', { body: {} }), 405, 'http.method');
      assertError(await call(s.server, 'DELETE', '/api/v1/me'), 405, 'http.method');
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('citizens', () => {
    const s = useServer(backend, { args: ['--rate-limit-address', '100000'] });

    test('real-name details: validation, same details again, another ID', async () => {
      const user = await signIn(s.server);
      const idNumber = newIdNumber();
      assertError(
        await call(s.server, 'PUT', '/api/v1/me/identity', {
          token: user.token,
          body: { name: '张三', idNumber: withBadCheck(idNumber) },
        }),
        400,
        'person.id_number',
      );
      assertError(
        await call(s.server, 'PUT', '/api/v1/me/identity', {
          token: user.token,
          body: { name: '张三', idNumber: '110105199013011234' },
        }),
        400,
        'person.id_number',
      );
      assertError(
        await call(s.server, 'PUT', '/api/v1/me/identity', {
          token: user.token,
          body: { name: '张\u0001三', idNumber },
        }),
        400,
        'person.name',
      );
      assertError(
        await call(s.server, 'PUT', '/api/v1/me/identity', { token: user.token, body: { name: '', idNumber } }),
        400,
        'person.name',
      );
      assertError(
        await call(s.server, 'PUT', '/api/v1/me/identity', {
          token: user.token,
          body: { name: '张'.repeat(65), idNumber },
        }),
        400,
        'person.name',
      );
      assertError(
        await call(s.server, 'PUT', '/api/v1/me/identity', {
          token: user.token,
          body: { name: '张三', idNumber, x: 1 },
        }),
        400,
        'request.invalid',
        'x',
      );
      assertError(
        await call(s.server, 'GET', '/api/v1/me/code', { token: user.token }),
        409,
        'person.identity_required',
      );
      assertError(
        await call(s.server, 'POST', '/api/v1/me/declarations', { token: user.token, body: noSymptoms }),
        409,
        'person.identity_required',
      );

      const set = await call(s.server, 'PUT', '/api/v1/me/identity', {
        token: user.token,
        body: { name: '张三', idNumber },
      });
      assert.equal(set.status, 200, show(set));
      const person = set.json.person;
      assert.match(person.id, /^h-/);
      assert.deepEqual(person, {
        id: person.id,
        name: '张*',
        idNumber: maskId(idNumber),
        status: 'green',
        declaredAt: null,
      });
      assert.deepEqual(set.json.roles, ['citizen']);
      assert.equal(set.json.phone, maskPhone(user.phone));
      const same = await call(s.server, 'PUT', '/api/v1/me/identity', {
        token: user.token,
        body: { name: '张三', idNumber },
      });
      assert.equal(same.status, 200, show(same));
      assert.deepEqual(same.json, set.json);
      assertError(
        await call(s.server, 'PUT', '/api/v1/me/identity', {
          token: user.token,
          body: { name: '张三', idNumber: newIdNumber() },
        }),
        409,
        'person.identity_exists',
      );
      // Another account cannot claim the same ID number.
      const other = await signIn(s.server);
      assertError(
        await call(s.server, 'PUT', '/api/v1/me/identity', { token: other.token, body: { name: '张三', idNumber } }),
        409,
        'person.identity_exists',
      );

      assertError(
        await call(s.server, 'GET', '/api/v1/me/code', { token: user.token }),
        409,
        'person.declaration_required',
      );
      const me = await call(s.server, 'GET', '/api/v1/me', { token: user.token });
      assert.deepEqual(me.json, set.json);
    });

    test('declarations: statuses from engine/server/rules/declaration.json; later ones only raise', async () => {
      const cases = [
        [noSymptoms, 'green', []],
        [{ ...noSymptoms, symptoms: ['cough'] }, 'yellow', ['D-SYMPTOMS']],
        [{ ...noSymptoms, fever: true }, 'yellow', ['D-FEVER']],
        [{ ...noSymptoms, travel: { highRiskArea: true, regions: ['110105'] } }, 'yellow', ['D-HIGH-RISK-TRAVEL']],
        [{ ...noSymptoms, contactWithCase: true }, 'orange', ['D-CONTACT']],
        [{ ...noSymptoms, contactWithCase: true, fever: true }, 'red', ['D-CONTACT', 'D-CONTACT-SYMPTOMS', 'D-FEVER']],
      ];
      for (const [declaration, status, matched] of cases) {
        const user = await citizen(s.server, { declaration: null });
        const t0 = Math.floor(Date.now() / 1000);
        const res = await call(s.server, 'POST', '/api/v1/me/declarations', { token: user.token, body: declaration });
        assert.equal(res.status, 201, show(res));
        assert.deepEqual(Object.keys(res.json).sort(), ['declaredAt', 'matched', 'status']);
        assert.equal(res.json.status, status, JSON.stringify(declaration));
        assert.deepEqual([...res.json.matched].sort(), matched);
        assert.ok(Math.abs(res.json.declaredAt - t0) <= 5);
        const me = await call(s.server, 'GET', '/api/v1/me', { token: user.token });
        assert.equal(me.json.person.status, status);
        assert.equal(me.json.person.declaredAt, res.json.declaredAt);
      }

      const user = await citizen(s.server, { declaration: { ...noSymptoms, symptoms: ['cough'] } });
      const { seq } = (await statusList(s.server)).json;
      const lower = await call(s.server, 'POST', '/api/v1/me/declarations', { token: user.token, body: noSymptoms });
      assert.equal(lower.status, 201);
      assert.equal(lower.json.status, 'yellow', 'a later declaration does not lower');
      assert.deepEqual(lower.json.matched, []);
      assert.equal((await statusList(s.server, seq)).status, 204, 'nothing published');
      const raise = await call(s.server, 'POST', '/api/v1/me/declarations', {
        token: user.token,
        body: { ...noSymptoms, contactWithCase: true },
      });
      assert.equal(raise.json.status, 'orange');
      const delta = await statusList(s.server, seq);
      assert.equal(delta.status, 200, 'a raised status is published');
      assert.equal(delta.json.snapshot, false);
      assert.equal(delta.json.seq, seq + 1);

      for (const body of [
        { ...noSymptoms, symptoms: ['sneezing'] },
        { ...noSymptoms, travel: { highRiskArea: false, regions: ['1101'] } },
        { ...noSymptoms, fever: 'no' },
        { symptoms: [], fever: false, travel: { highRiskArea: false } },
        { ...noSymptoms, travel: { highRiskArea: false, regions: Array(21).fill('110105') } },
      ])
        assertError(
          await call(s.server, 'POST', '/api/v1/me/declarations', { token: user.token, body }),
          400,
          'request.invalid',
        );
    });

    test('GET /me/code: a GL1 person code the npm verifier accepts', async () => {
      const user = await citizen(s.server, { name: '王小明', declaration: { ...noSymptoms, symptoms: ['cough'] } });
      const res = await call(s.server, 'GET', '/api/v1/me/code', { token: user.token });
      assert.equal(res.status, 200, show(res));
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.deepEqual(Object.keys(res.json).sort(), ['expiresAt', 'issuedAt', 'seq', 'status', 'svg', 'text']);
      assert.match(res.json.text, /^GL1:/);
      assert.match(res.json.svg, /^<svg/);
      assert.equal(res.json.status, 'yellow');
      assert.equal(res.json.expiresAt - res.json.issuedAt, 300);
      const { verifier, seq } = await verifierFor(s.server);
      assert.equal(res.json.seq, seq);
      const v = verifier.verify(res.json.text);
      assert.equal(v.valid, true, JSON.stringify(v.error));
      assert.equal(v.credential.type, 'person');
      assert.equal(v.credential.status, 'yellow');
      assert.equal(v.status, 'yellow');
      assert.equal(v.credential.exp - v.credential.iat, 300);
      assert.equal(v.credential.iat, res.json.issuedAt);
      assert.equal(v.credential.name, '王*明');
      assert.equal(v.credential.phone, maskPhone(user.phone));
      assert.equal(v.credential.seq, res.json.seq);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('proxies', () => {
    const s = useServer(backend, { args: ['--rate-limit-address', '100000'] });
    const proxyKeys = ['expiresAt', 'id', 'idNumber', 'issuedAt', 'name', 'phone', 'revokedAt', 'status'];

    test('create, list, card, regenerate (old code revoked through the status list), delete', async () => {
      const user = await citizen(s.server, { name: '张三' });
      const idNumber = newIdNumber();
      const relativePhone = newPhone();
      const created = await call(s.server, 'POST', '/api/v1/me/proxies', {
        token: user.token,
        body: { name: '李四', idNumber, phone: relativePhone },
      });
      assert.equal(created.status, 201, show(created));
      const p = created.json;
      assert.deepEqual(Object.keys(p).sort(), [...proxyKeys, 'svg', 'text'].sort());
      assert.match(p.id, /^px-/);
      assert.equal(p.name, '李*');
      assert.equal(p.idNumber, maskId(idNumber));
      assert.equal(p.phone, maskPhone(relativePhone));
      assert.equal(p.status, 'green');
      assert.equal(p.revokedAt, null);
      assert.equal(p.expiresAt - p.issuedAt, 180 * 86400);
      assert.match(p.svg, /^<svg/);
      let { verifier } = await verifierFor(s.server);
      let v = verifier.verify(p.text);
      assert.equal(v.valid, true, JSON.stringify(v.error));
      assert.equal(v.credential.type, 'proxy');
      assert.equal(v.credential.name, '李*');
      assert.equal(v.credential.contact, maskPhone(user.phone));
      assert.equal(v.credential.status, 'green');

      const noPhone = await call(s.server, 'POST', '/api/v1/me/proxies', {
        token: user.token,
        body: { name: '李五', idNumber: newIdNumber() },
      });
      assert.equal(noPhone.status, 201, show(noPhone));
      assert.equal(noPhone.json.phone, null);

      const list = await call(s.server, 'GET', '/api/v1/me/proxies', { token: user.token });
      assert.equal(list.status, 200);
      assert.deepEqual(Object.keys(list.json), ['proxies']);
      assert.equal(list.json.proxies.length, 2);
      for (const item of list.json.proxies) assert.deepEqual(Object.keys(item).sort(), proxyKeys);
      assert.deepEqual(
        list.json.proxies.find((x) => x.id === p.id),
        Object.fromEntries(proxyKeys.map((k) => [k, p[k]])),
      );

      const card = await call(s.server, 'GET', `/api/v1/me/proxies/${p.id}/card`, { token: user.token });
      assert.equal(card.status, 200);
      assert.match(card.headers.get('content-type'), /^text\/html/);
      assert.ok(card.text.includes('李*'), 'the card names the relative (masked)');
      const cardEn = await call(s.server, 'GET', `/api/v1/me/proxies/${p.id}/card?locale=en`, { token: user.token });
      assert.equal(cardEn.status, 200);
      assert.match(cardEn.headers.get('content-type'), /^text\/html/);

      // Regenerate: the old code is revoked in the next status sequence number.
      const before = await statusList(s.server);
      const oldSnapshot = before.json.lists;
      const regenerated = await call(s.server, 'POST', `/api/v1/me/proxies/${p.id}/regenerate`, { token: user.token });
      assert.equal(regenerated.status, 201, show(regenerated));
      const fresh = regenerated.json;
      assert.deepEqual(Object.keys(fresh).sort(), [...proxyKeys, 'svg', 'text'].sort());
      assert.notEqual(fresh.id, p.id);
      assert.notEqual(fresh.text, p.text);
      assert.equal(fresh.revokedAt, null);
      const listed = (await call(s.server, 'GET', '/api/v1/me/proxies', { token: user.token })).json.proxies;
      assert.equal(typeof listed.find((x) => x.id === p.id).revokedAt, 'number');
      assert.equal(listed.find((x) => x.id === fresh.id).revokedAt, null);

      const expectRevoked = (ver) => {
        const old = ver.verify(p.text);
        assert.equal(old.status, 'revoked', JSON.stringify(old));
        assert.equal(old.decision, 'deny');
        assert.ok(
          old.error?.code === 'status.revoked' || old.reasons.some((r) => r.id === 'status.revoked'),
          JSON.stringify(old),
        );
        const now = ver.verify(fresh.text);
        assert.equal(now.valid, true, JSON.stringify(now.error));
        assert.equal(now.status, 'green');
        assert.equal(now.decision, 'admit');
      };
      // A verifier that refreshes with the snapshot...
      ({ verifier } = await verifierFor(s.server));
      expectRevoked(verifier);
      // ...or with a delta on top of the snapshot it had.
      const delta = await statusList(s.server, before.json.seq);
      assert.equal(delta.status, 200, show(delta));
      assert.equal(delta.json.snapshot, false);
      assert.equal(delta.json.seq, before.json.seq + 1);
      const { roots } = (await call(s.server, 'GET', '/api/v1/documents/roots')).json;
      const older = await createVerifier({
        roots,
        trustList: (await call(s.server, 'GET', '/api/v1/documents/trust-list')).text,
        rules: (await call(s.server, 'GET', '/api/v1/documents/rules')).text,
        statusLists: oldSnapshot,
      });
      assert.equal(older.verify(p.text).decision, 'admit', 'before the delta the old code still passes');
      older.update({ statusList: delta.json.lists });
      expectRevoked(older);

      assertError(
        await call(s.server, 'POST', `/api/v1/me/proxies/${p.id}/regenerate`, { token: user.token }),
        409,
        'proxy.revoked',
      );
      assertError(
        await call(s.server, 'DELETE', `/api/v1/me/proxies/${p.id}`, { token: user.token }),
        409,
        'proxy.revoked',
      );

      // Delete the new one.
      const deleted = await call(s.server, 'DELETE', `/api/v1/me/proxies/${fresh.id}`, { token: user.token });
      assert.equal(deleted.status, 200, show(deleted));
      assert.deepEqual(Object.keys(deleted.json).sort(), proxyKeys);
      assert.equal(deleted.json.id, fresh.id);
      assert.equal(typeof deleted.json.revokedAt, 'number');
      assertError(
        await call(s.server, 'DELETE', `/api/v1/me/proxies/${fresh.id}`, { token: user.token }),
        409,
        'proxy.revoked',
      );
      const revokedCard = await call(s.server, 'GET', `/api/v1/me/proxies/${fresh.id}/card`, { token: user.token });
      assert.ok(revokedCard.status >= 400, `no card for a revoked proxy: ${show(revokedCard)}`);
      ({ verifier } = await verifierFor(s.server));
      assert.equal(verifier.verify(fresh.text).status, 'revoked');

      // Someone else's proxy is not found.
      const other = await citizen(s.server, { name: '赵六' });
      const live = noPhone.json.id;
      assertError(
        await call(s.server, 'GET', `/api/v1/me/proxies/${live}/card`, { token: other.token }),
        404,
        'proxy.not_found',
      );
      assertError(
        await call(s.server, 'POST', `/api/v1/me/proxies/${live}/regenerate`, { token: other.token }),
        404,
        'proxy.not_found',
      );
      assertError(
        await call(s.server, 'DELETE', `/api/v1/me/proxies/${live}`, { token: other.token }),
        404,
        'proxy.not_found',
      );
      assertError(
        await call(s.server, 'DELETE', '/api/v1/me/proxies/px-unknown', { token: user.token }),
        404,
        'proxy.not_found',
      );
      assert.deepEqual((await call(s.server, 'GET', '/api/v1/me/proxies', { token: other.token })).json, {
        proxies: [],
      });
    });

    test('errors: details, identity first, a person already registered, at most 10 live', async () => {
      const anonymous = await signIn(s.server);
      assertError(
        await call(s.server, 'POST', '/api/v1/me/proxies', {
          token: anonymous.token,
          body: { name: '李四', idNumber: newIdNumber() },
        }),
        409,
        'person.identity_required',
      );
      const user = await citizen(s.server);
      const post = (body) => call(s.server, 'POST', '/api/v1/me/proxies', { token: user.token, body });
      assertError(await post({ name: '李\u0007四', idNumber: newIdNumber() }), 400, 'person.name');
      assertError(await post({ name: '李四', idNumber: withBadCheck(newIdNumber()) }), 400, 'person.id_number');
      assertError(await post({ name: '李四', idNumber: newIdNumber(), phone: '12345' }), 400, 'person.phone');
      assertError(
        await post({ name: '李四', idNumber: newIdNumber(), relation: 'mother' }),
        400,
        'request.invalid',
        'relation',
      );

      const shared = newIdNumber();
      assert.equal((await post({ name: '李四', idNumber: shared })).status, 201);
      // Another name for a person I vouched for, or anyone with an account (myself included), is one answer
      // that confirms no name (docs/security.md).
      assertError(await post({ name: '李五', idNumber: shared }), 409, 'proxy.person_exists');
      assertError(await post({ name: '李五', idNumber: user.idNumber }), 409, 'proxy.person_exists');
      assertError(await post({ name: user.name, idNumber: user.idNumber }), 409, 'proxy.person_exists');
      // The same person again (same name) is fine: one person, two codes.
      assert.equal((await post({ name: '李四', idNumber: shared })).status, 201);

      for (let i = 2; i < 10; i++) assert.equal((await post({ name: '李四', idNumber: newIdNumber() })).status, 201);
      assertError(await post({ name: '李四', idNumber: newIdNumber() }), 409, 'proxy.limit');
      // Revoking one frees a slot.
      const first = (await call(s.server, 'GET', '/api/v1/me/proxies', { token: user.token })).json.proxies[0];
      assert.equal(
        (await call(s.server, 'DELETE', `/api/v1/me/proxies/${first.id}`, { token: user.token })).status,
        200,
      );
      assert.equal((await post({ name: '李四', idNumber: newIdNumber() })).status, 201);
      assertError(await post({ name: '李四', idNumber: newIdNumber() }), 409, 'proxy.limit');
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('places', () => {
    const s = useServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });
    const placeKeys = ['address', 'category', 'checkpoints', 'code', 'createdAt', 'id', 'name', 'region'];

    test('create, validation, poster, declaration code, inspectors, checkpoints, transfer', async () => {
      const admin = await citizen(s.server, { name: '王芳' });
      const body = { region: '110105', address: '朝阳路 1 号', category: 'market', name: '朝阳菜市场' };
      const t0 = Math.floor(Date.now() / 1000);
      const res = await call(s.server, 'POST', '/api/v1/places', { token: admin.token, body });
      assert.equal(res.status, 201, show(res));
      const place = res.json;
      assert.deepEqual(Object.keys(place).sort(), [...placeKeys, 'declarationCode'].sort());
      assert.match(place.id, /^pl-/);
      assert.deepEqual(
        { region: place.region, address: place.address, category: place.category, name: place.name },
        body,
      );
      assert.ok(Math.abs(place.createdAt - t0) <= 5);
      assert.match(place.declarationCode, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      assert.deepEqual(place.checkpoints, []);
      assert.match(place.code, /^http:\/\/127\.0\.0\.1:\d+\/.*#GL1:/);
      const { verifier } = await verifierFor(s.server);
      const v = verifier.verify(fragmentOf(place.code));
      assert.equal(v.valid, true, JSON.stringify(v.error));
      assert.equal(v.credential.type, 'place');
      assert.equal(v.credential.sub, place.id);
      assert.deepEqual(v.credential.place, {
        name: body.name,
        category: body.category,
        region: body.region,
        address: body.address,
      });
      assert.ok(v.credential.exp - v.credential.iat >= 5 * 365 * 86400, 'valid 5 years');

      const me = (await call(s.server, 'GET', '/api/v1/me', { token: admin.token })).json;
      assert.deepEqual(me.roles, ['citizen', 'place-admin']);
      assert.equal(me.adminOf, place.id);
      assertError(
        await call(s.server, 'POST', '/api/v1/places', { token: admin.token, body: placeBody() }),
        409,
        'place.admin_exists',
      );

      const got = await call(s.server, 'GET', `/api/v1/places/${place.id}`, { token: admin.token });
      assert.equal(got.status, 200);
      assert.deepEqual(got.json, place);

      // Validation (a fresh account, so admin_exists does not get in the way).
      const other = await signIn(s.server);
      for (const [extra, field] of [
        [{ category: 'castle' }, 'category'],
        [{ region: '11010' }, 'region'],
        [{ region: '11010x' }, 'region'],
        [{ name: '' }, 'name'],
        [{ name: 'n'.repeat(101) }, 'name'],
        [{ address: 'a'.repeat(201) }, 'address'],
      ])
        assertError(
          await call(s.server, 'POST', '/api/v1/places', { token: other.token, body: placeBody(extra) }),
          400,
          'place.invalid',
          field,
        );
      assertError(
        await call(s.server, 'POST', '/api/v1/places', { token: other.token, body: { ...placeBody(), open: true } }),
        400,
        'request.invalid',
        'open',
      );

      // Posters.
      const svg = await call(s.server, 'GET', `/api/v1/places/${place.id}/poster.svg`, { token: admin.token });
      assert.equal(svg.status, 200);
      assert.match(svg.headers.get('content-type'), /^image\/svg\+xml/);
      assert.ok(svg.text.includes('width="210mm"'), 'A4 width');
      assert.ok(svg.text.includes('朝阳菜市场'));
      const svgEn = await call(s.server, 'GET', `/api/v1/places/${place.id}/poster.svg?locale=en`, {
        token: admin.token,
      });
      assert.equal(svgEn.status, 200);
      const png = await call(s.server, 'GET', `/api/v1/places/${place.id}/poster.png`, { token: admin.token });
      assert.equal(png.status, 200);
      assert.match(png.headers.get('content-type'), /^image\/png/);
      assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

      // Inspectors bind with the declaration code (case, spaces and dashes ignored).
      const first = await citizen(s.server, { name: '赵强' });
      const bound = await bind(s.server, first, place.declarationCode.toLowerCase().replace(/-/g, ' '));
      for (const k of ['id', 'name', 'address', 'category', 'region', 'checkpoints'])
        assert.ok(k in bound, `${k} in ${JSON.stringify(bound)}`);
      assert.equal(bound.id, place.id);
      assert.equal('declarationCode' in bound, false);
      assert.deepEqual(await bind(s.server, first, place.declarationCode), bound, 'binding again is idempotent');
      const firstMe = (await call(s.server, 'GET', '/api/v1/me', { token: first.token })).json;
      assert.deepEqual(firstMe.roles, ['citizen', 'inspector']);
      assert.deepEqual(firstMe.inspectorOf, [place.id]);
      const asInspector = await call(s.server, 'GET', `/api/v1/places/${place.id}`, { token: first.token });
      assert.equal(asInspector.status, 200);
      assert.equal('declarationCode' in asInspector.json, false);
      const mine = await call(s.server, 'GET', '/api/v1/inspector/places', { token: first.token });
      assert.equal(mine.status, 200);
      assert.deepEqual(mine.json, { places: [bound] });

      // Rotating the declaration code: the old one no longer binds, bound inspectors stay.
      const rotated = await call(s.server, 'POST', `/api/v1/places/${place.id}/declaration-code`, {
        token: admin.token,
      });
      assert.equal(rotated.status, 200, show(rotated));
      assert.deepEqual(Object.keys(rotated.json), ['declarationCode']);
      assert.match(rotated.json.declarationCode, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      assert.notEqual(rotated.json.declarationCode, place.declarationCode);
      const second = await signIn(s.server);
      assertError(
        await call(s.server, 'POST', '/api/v1/inspector/places', {
          token: second.token,
          body: { declarationCode: place.declarationCode },
        }),
        404,
        'place.declaration_code',
      );
      await bind(s.server, second, rotated.json.declarationCode);
      assert.equal(
        (await call(s.server, 'GET', `/api/v1/places/${place.id}`, { token: admin.token })).json.declarationCode,
        rotated.json.declarationCode,
      );

      const inspectors = await call(s.server, 'GET', `/api/v1/places/${place.id}/inspectors`, { token: admin.token });
      assert.equal(inspectors.status, 200, show(inspectors));
      assert.deepEqual(Object.keys(inspectors.json), ['inspectors']);
      const byId = Object.fromEntries(inspectors.json.inspectors.map((i) => [i.id, i]));
      assert.equal(inspectors.json.inspectors.length, 2);
      assert.deepEqual(Object.keys(byId[first.me.id]).sort(), ['boundAt', 'id', 'name', 'phone']);
      assert.equal(byId[first.me.id].phone, maskPhone(first.phone));
      assert.equal(byId[first.me.id].name, '赵*');
      assert.equal(typeof byId[first.me.id].boundAt, 'number');
      assert.equal(byId[second.me.id].phone, maskPhone(second.phone));

      // Unbinding and leaving.
      assert.equal(
        (
          await call(s.server, 'DELETE', `/api/v1/places/${place.id}/inspectors/${second.me.id}`, {
            token: admin.token,
          })
        ).status,
        204,
      );
      assertError(
        await call(s.server, 'DELETE', `/api/v1/places/${place.id}/inspectors/${second.me.id}`, { token: admin.token }),
        404,
        'inspector.not_found',
      );
      assertError(
        await call(s.server, 'GET', `/api/v1/places/${place.id}`, { token: second.token }),
        403,
        'auth.forbidden',
      );
      assert.equal(
        (await call(s.server, 'DELETE', `/api/v1/inspector/places/${place.id}`, { token: first.token })).status,
        204,
      );
      assertError(
        await call(s.server, 'DELETE', `/api/v1/inspector/places/${place.id}`, { token: first.token }),
        404,
        'place.not_found',
      );
      assert.deepEqual((await call(s.server, 'GET', '/api/v1/inspector/places', { token: first.token })).json, {
        places: [],
      });
      assert.deepEqual(
        (await call(s.server, 'GET', `/api/v1/places/${place.id}/inspectors`, { token: admin.token })).json,
        { inspectors: [] },
      );

      // Checkpoints.
      const cpPath = `/api/v1/places/${place.id}/checkpoints`;
      const south = await call(s.server, 'POST', cpPath, { token: admin.token, body: { name: 'south gate' } });
      assert.equal(south.status, 201, show(south));
      assert.deepEqual(Object.keys(south.json).sort(), ['id', 'name']);
      assert.match(south.json.id, /^cp-/);
      assert.equal(south.json.name, 'south gate');
      assertError(
        await call(s.server, 'POST', cpPath, { token: admin.token, body: { name: 'south gate' } }),
        409,
        'checkpoint.exists',
      );
      assertError(
        await call(s.server, 'POST', cpPath, { token: admin.token, body: { name: '' } }),
        400,
        'checkpoint.invalid',
      );
      assertError(
        await call(s.server, 'POST', cpPath, { token: admin.token, body: { name: 'g'.repeat(65) } }),
        400,
        'checkpoint.invalid',
      );
      const north = await call(s.server, 'POST', cpPath, { token: admin.token, body: { name: '北门' } });
      assert.equal(north.status, 201);
      const cps = await call(s.server, 'GET', cpPath, { token: admin.token });
      assert.deepEqual(cps.json, { checkpoints: [south.json, north.json] });
      assert.deepEqual(
        (await call(s.server, 'GET', `/api/v1/places/${place.id}`, { token: admin.token })).json.checkpoints,
        [south.json, north.json],
      );
      assert.equal((await call(s.server, 'DELETE', `${cpPath}/${south.json.id}`, { token: admin.token })).status, 204);
      assertError(
        await call(s.server, 'DELETE', `${cpPath}/${south.json.id}`, { token: admin.token }),
        404,
        'checkpoint.not_found',
      );
      assertError(
        await call(s.server, 'DELETE', `${cpPath}/cp-unknown`, { token: admin.token }),
        404,
        'checkpoint.not_found',
      );
      assert.deepEqual((await call(s.server, 'GET', cpPath, { token: admin.token })).json, {
        checkpoints: [north.json],
      });

      // Unknown places: 404 for an authority only.
      const auth = await authority(s.server);
      assertError(
        await call(s.server, 'GET', '/api/v1/places/pl-unknown', { token: auth.token }),
        404,
        'place.not_found',
      );
      assertError(
        await call(s.server, 'GET', '/api/v1/places/pl-unknown/statistics', { token: auth.token }),
        404,
        'place.not_found',
      );
      assertError(
        await call(s.server, 'GET', '/api/v1/places/pl-unknown', { token: admin.token }),
        403,
        'auth.forbidden',
      );
      assertError(
        await call(s.server, 'GET', '/api/v1/places/pl-unknown/statistics', { token: admin.token }),
        403,
        'auth.forbidden',
      );
      const byAuthority = await call(s.server, 'GET', `/api/v1/places/${place.id}`, { token: auth.token });
      assert.equal(byAuthority.status, 200);
      assert.equal('declarationCode' in byAuthority.json, false);

      // Transfer.
      // Transfer: an offer (202 whoever the phone is: tests/server/hardening.test.mjs), accepted by the heir.
      const transfer = (token, phone) =>
        call(s.server, 'POST', `/api/v1/places/${place.id}/transfer`, { token, body: { phone } });
      assert.equal((await transfer(admin.token, newPhone())).status, 202);
      assertError(await transfer(admin.token, '123'), 400, 'person.phone');
      const heir = await signIn(s.server);
      const offer = await transfer(admin.token, heir.phone);
      assert.equal(offer.status, 202, show(offer));
      const moved = await call(s.server, 'POST', `/api/v1/me/place-offers/${offer.json.id}/accept`, {
        token: heir.token,
      });
      assert.equal(moved.status, 200, show(moved));
      assert.deepEqual(Object.keys(moved.json).sort(), [...placeKeys, 'declarationCode'].sort());
      assert.equal(moved.json.id, place.id);
      assertError(
        await call(s.server, 'GET', `/api/v1/places/${place.id}`, { token: admin.token }),
        403,
        'auth.forbidden',
      );
      assertError(
        await call(s.server, 'GET', `/api/v1/places/${place.id}/poster.svg`, { token: admin.token }),
        403,
        'auth.forbidden',
      );
      assertError(await transfer(admin.token, heir.phone), 403, 'auth.forbidden');
      const heirView = await call(s.server, 'GET', `/api/v1/places/${place.id}`, { token: heir.token });
      assert.equal(heirView.status, 200);
      assert.equal(heirView.json.declarationCode, rotated.json.declarationCode);
      const adminMe = (await call(s.server, 'GET', '/api/v1/me', { token: admin.token })).json;
      assert.equal(adminMe.adminOf, null);
      assert.deepEqual(adminMe.roles, ['citizen']);
      assert.equal((await call(s.server, 'GET', '/api/v1/me', { token: heir.token })).json.adminOf, place.id);
      // The old admin may now create a place again.
      await createPlace(s.server, admin);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('role matrix', () => {
    const s = useServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });
    const roles = ['anonymous', 'citizen', 'admin', 'inspector', 'otherAdmin', 'otherInspector', 'authority'];
    const signedIn = roles.filter((r) => r !== 'anonymous');
    // Placeholders name the tests; the before hook fills in the real ids.
    const who = { anonymous: {} };
    const ctx = {
      place: { id: '{id}' },
      spareInspector: { me: { id: '{accountId}' } },
      checkpointId: '{checkpointId}',
      thirdPlace: { id: '{id}' },
    };

    before(async () => {
      const srv = s.server;
      who.anonymous = { token: undefined };
      who.citizen = await citizen(srv, { name: '张三' });
      who.admin = await citizen(srv, { name: '王芳' });
      who.inspector = await citizen(srv, { name: '赵强' });
      who.otherAdmin = await citizen(srv, { name: '陈静' });
      who.otherInspector = await citizen(srv, { name: '刘洋' });
      who.authority = await authority(srv);
      ctx.place = await createPlace(srv, who.admin);
      ctx.otherPlace = await createPlace(srv, who.otherAdmin);
      await bind(srv, who.inspector, ctx.place.declarationCode);
      await bind(srv, who.otherInspector, ctx.otherPlace.declarationCode);
      // Helpers the admin's successful calls use up.
      ctx.spare = await signIn(srv);
      ctx.spareInspector = await signIn(srv);
      await bind(srv, ctx.spareInspector, ctx.place.declarationCode);
      ctx.third = await signIn(srv);
      ctx.thirdPlace = await createPlace(srv, ctx.third);
      const cp = await call(srv, 'POST', `/api/v1/places/${ctx.place.id}/checkpoints`, {
        token: who.admin.token,
        body: { name: 'to remove' },
      });
      assert.equal(cp.status, 201);
      ctx.checkpointId = cp.json.id;
      // Everyone signed in has a proxy of their own.
      for (const role of signedIn) {
        const p = await call(srv, 'POST', '/api/v1/me/proxies', {
          token: who[role].token,
          body: { name: '李四', idNumber: newIdNumber() },
        });
        assert.equal(p.status, 201, show(p));
        who[role].proxyId = p.json.id;
      }
    });

    const P = () => ctx.place.id;
    // Expected answers: a status, or [status, error code].
    const forAll = (ok) => Object.fromEntries(roles.map((r) => [r, ok]));
    const signedInOnly = (ok) => ({ ...forAll(ok), anonymous: [401, 'auth.required'] });
    const only = (allowed, ok) =>
      Object.fromEntries(
        roles.map((r) => [
          r,
          r === 'anonymous' ? [401, 'auth.required'] : allowed.includes(r) ? ok : [403, 'auth.forbidden'],
        ]),
      );
    const manualRecord = () => ({
      clientId: `m-${randomBytes(8).toString('hex')}`,
      placeId: P(),
      time: Math.floor(Date.now() / 1000) - 60,
      method: 'manual',
      decision: null,
      status: null,
      reasons: [],
      temperatureClass: null,
      manual: { name: '吴刚', idNumber: newIdNumber() },
    });

    // [method, path (a function of the role), body (a function of the role), expected, check of a success]
    const rows = [
      ['GET', () => '/api/v1/health', null, forAll(200)],
      ['GET', () => '/api/v1/documents/trust-list', null, forAll(200)],
      ['GET', () => '/api/v1/documents/rules', null, forAll(200)],
      ['GET', () => '/api/v1/documents/status-list', null, forAll(200)],
      ['GET', () => '/api/v1/documents/roots', null, forAll(200)],
      [
        'GET',
        () => `/api/v1/demo/sms?phone=${who.citizen?.phone ?? '{phone}'}`,
        null,
        forAll(200),
        (r, res) => {
          assert.deepEqual(Object.keys(res.json), ['messages']);
          assert.ok(res.json.messages.length >= 1, "the citizen's sign-in code");
          for (const m of res.json.messages) assert.deepEqual(Object.keys(m).sort(), ['at', 'text']);
        },
      ],
      ['POST', () => '/api/v1/auth/otp', () => ({ phone: newPhone() }), forAll(202)],
      [
        'POST',
        () => '/api/v1/auth/sessions',
        async () => {
          const phone = newPhone();
          return { phone, code: await requestOtp(s.server, phone) };
        },
        forAll(201),
      ],
      ['GET', () => '/api/v1/me', null, signedInOnly(200)],
      [
        'PUT',
        () => '/api/v1/me/identity',
        (r) => ({ name: who[r].name ?? '张三', idNumber: who[r].idNumber ?? newIdNumber() }),
        signedInOnly(200),
      ],
      ['POST', () => '/api/v1/me/declarations', () => noSymptoms, signedInOnly(201)],
      ['GET', () => '/api/v1/me/code', null, signedInOnly(200)],
      ['GET', () => '/api/v1/me/checkins', null, signedInOnly(200)],
      ['POST', () => '/api/v1/me/checkins', () => ({ placeCode: ctx.place.code }), signedInOnly(201)],
      ['POST', () => '/api/v1/me/proxies', () => ({ name: '李五', idNumber: newIdNumber() }), signedInOnly(201)],
      ['GET', () => '/api/v1/me/proxies', null, signedInOnly(200)],
      ['GET', (r) => `/api/v1/me/proxies/${who[r].proxyId ?? '{id}'}/card`, null, signedInOnly(200)],
      [
        'POST',
        (r) => `/api/v1/me/proxies/${who[r].proxyId ?? '{id}'}/regenerate`,
        null,
        signedInOnly(201),
        (r, res) => (who[r].proxyId = res.json.id),
      ],
      ['DELETE', (r) => `/api/v1/me/proxies/${who[r].proxyId ?? '{id}'}`, null, signedInOnly(200)],
      ['GET', () => `/api/v1/places/${P()}`, null, only(['admin', 'inspector', 'authority'], 200)],
      ['GET', () => '/api/v1/places/pl-unknown', null, { ...only([], 0), authority: [404, 'place.not_found'] }],
      ['GET', () => `/api/v1/places/${P()}/poster.svg`, null, only(['admin'], 200)],
      ['GET', () => `/api/v1/places/${P()}/poster.png`, null, only(['admin'], 200)],
      ['POST', () => `/api/v1/places/${P()}/declaration-code`, null, only(['admin'], 200)],
      // An offer only (the place stays); cancelled so the next role's offer starts afresh.
      ['POST', () => `/api/v1/places/${P()}/transfer`, () => ({ phone: ctx.spare.phone }), only(['admin'], 202)],
      ['GET', () => `/api/v1/places/${P()}/transfer`, null, only(['admin'], 200)],
      ['DELETE', () => `/api/v1/places/${P()}/transfer`, null, only(['admin'], 204)],
      ['GET', () => '/api/v1/me/place-offers', null, signedInOnly(200)],
      ['GET', () => `/api/v1/places/${P()}/inspectors`, null, only(['admin'], 200)],
      ['DELETE', () => `/api/v1/places/${P()}/inspectors/${ctx.spareInspector.me.id}`, null, only(['admin'], 204)],
      ['GET', () => `/api/v1/places/${P()}/checkpoints`, null, only(['admin', 'inspector'], 200)],
      ['POST', () => `/api/v1/places/${P()}/checkpoints`, (r) => ({ name: `gate of ${r}` }), only(['admin'], 201)],
      ['DELETE', () => `/api/v1/places/${P()}/checkpoints/${ctx.checkpointId}`, null, only(['admin'], 204)],
      ['GET', () => `/api/v1/places/${P()}/statistics`, null, only(['admin', 'inspector', 'authority'], 200)],
      [
        'GET',
        () => '/api/v1/places/pl-unknown/statistics',
        null,
        { ...only([], 0), authority: [404, 'place.not_found'] },
      ],
      [
        'POST',
        () => '/api/v1/checkins',
        () => ({ records: [manualRecord()] }),
        signedInOnly(200),
        (r, res, body) => {
          const id = body.records[0].clientId;
          if (r === 'admin' || r === 'inspector') assert.deepEqual(res.json, { accepted: [id], rejected: [] }, r);
          else
            assert.deepEqual(
              res.json.rejected.map((x) => [x.clientId, x.code]),
              [[id, 'checkin.place']],
              r,
            );
        },
      ],
      [
        'POST',
        () => '/api/v1/authority/status',
        () => ({ idNumber: who.citizen.idNumber, status: 'green', reason: 'role matrix' }),
        only(['authority'], 200),
      ],
      [
        'POST',
        () => '/api/v1/authority/lookup',
        () => ({ phone: who.citizen.phone, reason: 'role matrix' }),
        only(['authority'], 200),
      ],
      [
        'GET',
        () => `/api/v1/authority/people/${who.citizen?.personId ?? '{personId}'}?reason=matrix`,
        null,
        only(['authority'], 200),
      ],
      ['GET', () => '/api/v1/authority/audit', null, only(['authority'], 200)],
      ['GET', () => '/api/v1/authority/cases', null, only(['authority'], 200)],
      [
        'POST',
        () => '/api/v1/authority/cases',
        () => ({
          personId: who.citizen.personId,
          windowStart: Math.floor(Date.now() / 1000) - 86400,
          windowEnd: Math.floor(Date.now() / 1000) - 60,
          reason: 'role matrix',
        }),
        only(['authority'], 201),
      ],
      ['POST', () => '/api/v1/authority/maintenance', () => ({ reason: 'role matrix' }), only(['authority'], 200)],
      ['GET', () => '/api/v1/documents/risk-notices', null, forAll(200)],
      [
        'POST',
        () => '/api/v1/inspector/places',
        () => ({ declarationCode: ctx.thirdPlace.declarationCode }),
        signedInOnly(200),
      ],
      ['GET', () => '/api/v1/inspector/places', null, signedInOnly(200)],
      ['DELETE', () => `/api/v1/inspector/places/${ctx.thirdPlace.id}`, null, signedInOnly(204)],
      [
        'POST',
        () => '/api/v1/places',
        () => placeBody(),
        {
          ...signedInOnly(201),
          admin: [409, 'place.admin_exists'],
          otherAdmin: [409, 'place.admin_exists'],
        },
      ],
      ['DELETE', () => '/api/v1/auth/sessions/current', null, signedInOnly(204)],
    ];

    for (const [method, path, body, expected, check] of rows) {
      test(`${method} ${path('anonymous').replace(/\?.*/, '')}`, async () => {
        const failures = [];
        for (const role of roles) {
          const want = Array.isArray(expected[role]) ? expected[role] : [expected[role], null];
          const b = body ? await body(role) : undefined;
          const res = await call(s.server, method, path(role), { token: who[role].token, body: b });
          const code = res.json?.error?.code ?? null;
          if (res.status !== want[0] || (want[1] && code !== want[1]))
            failures.push(`${role}: expected ${want[0]}${want[1] ? ` ${want[1]}` : ''}, got ${show(res)}`);
          else if (check && res.status < 300) await check(role, res, b);
        }
        assert.deepEqual(failures, []);
      });
    }
  });

  // -------------------------------------------------------------------------------------------------------
  describe('check-ins', () => {
    const s = useServer(backend, { args: ['--rate-limit-address', '100000'] });
    const ctx = {};
    const now = () => Math.floor(Date.now() / 1000);

    before(async () => {
      const srv = s.server;
      ctx.admin = await citizen(srv, { name: '王芳' });
      ctx.place = await createPlace(srv, ctx.admin);
      ctx.inspector = await citizen(srv, { name: '赵强' });
      await bind(srv, ctx.inspector, ctx.place.declarationCode);
      ctx.otherAdmin = await signIn(srv);
      ctx.otherPlace = await createPlace(srv, ctx.otherAdmin);
      ctx.visitor = await citizen(srv, { name: '张伟' });
      ctx.code = (await call(srv, 'GET', '/api/v1/me/code', { token: ctx.visitor.token })).json;
      // A second person: a rescan of the first within --repeat-window would be the same visit, not a record of its own.
      ctx.visitor2 = await citizen(srv, { name: '孙丽' });
      ctx.code2 = (await call(srv, 'GET', '/api/v1/me/code', { token: ctx.visitor2.token })).json;
    });

    const stats = async (token = ctx.admin.token) => {
      const res = await call(
        s.server,
        'GET',
        `/api/v1/places/${ctx.place.id}/statistics?from=${now() - 86400}&to=${now() + 60}`,
        { token },
      );
      assert.equal(res.status, 200, show(res));
      return res.json;
    };
    const ingest = (records, token = ctx.inspector.token) =>
      call(s.server, 'POST', '/api/v1/checkins', { token, body: { records } });
    const scan = (extra = {}) => ({
      clientId: randomBytes(8).toString('hex'),
      placeId: ctx.place.id,
      checkpoint: 'south gate',
      time: now() - 30,
      method: 'inspector-scan',
      code: ctx.code.text,
      decision: 'admit',
      status: 'green',
      reasons: [],
      temperatureClass: 'normal',
      temperature: 36.5,
      ...extra,
    });
    const manual = (extra = {}) => ({
      clientId: randomBytes(8).toString('hex'),
      placeId: ctx.place.id,
      time: now() - 90,
      method: 'manual',
      decision: null,
      status: null,
      reasons: [],
      temperatureClass: 'fever',
      manual: { name: '吴刚', idNumber: newIdNumber(), phone: newPhone() },
      ...extra,
    });

    test('inspector batches: accepted, idempotent by clientId, rejections per record, statistics', async () => {
      const empty = await stats();
      assert.deepEqual(empty.totals, {
        visits: 0,
        admitted: 0,
        denied: 0,
        referred: 0,
        fever: 0,
        manual: 0,
        selfScan: 0,
      });

      const batch = [scan(), manual({ checkpoint: 'north gate' })];
      const first = await ingest(batch);
      assert.equal(first.status, 200, show(first));
      assert.deepEqual(first.json, { accepted: batch.map((r) => r.clientId), rejected: [] });
      const again = await ingest(batch);
      assert.deepEqual(again.json, { accepted: batch.map((r) => r.clientId), rejected: [] });
      let st = await stats();
      assert.equal(st.totals.visits, 2, 'a resent batch is not counted twice');

      // The code with one character changed: stored anyway (the checkpoint denied it).
      const text = ctx.code.text;
      const i = Math.floor(text.length / 2);
      const forged = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
      const sometimes = [
        scan({
          code: forged,
          decision: 'deny',
          status: null,
          reasons: ['crypto.signature'],
          temperatureClass: null,
          temperature: undefined,
        }),
        scan({
          code: ctx.code2.text,
          decision: 'refer',
          status: 'green',
          checkpoint: undefined,
          temperatureClass: 'fever',
          temperature: 38.2,
        }),
      ];
      for (const r of sometimes) for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
      const rejectedCases = [
        [scan({ placeId: ctx.otherPlace.id }), 'checkin.place'],
        [scan({ placeId: 'pl-unknown' }), 'checkin.place'],
        [scan({ time: now() + 600 }), 'checkin.time'],
        [scan({ time: now() - 29 * 86400 }), 'checkin.time'],
        [manual({ manual: { name: '吴刚', idNumber: withBadCheck(newIdNumber()) } }), 'person.id_number'],
        [manual({ manual: { name: '吴\u0002刚', idNumber: newIdNumber() } }), 'person.name'],
        [manual({ manual: { name: '吴刚', idNumber: newIdNumber(), phone: '123' } }), 'person.phone'],
        [scan({ color: 'blue' }), 'checkin.invalid', 'color'],
        [scan({ decision: 'maybe' }), 'checkin.invalid', 'decision'],
        [scan({ temperature: 50 }), 'checkin.invalid', 'temperature'],
        [scan({ clientId: 'has space' }), 'checkin.invalid', 'clientId'],
        [scan({ code: undefined }), 'checkin.invalid'],
        [manual({ code: text }), 'checkin.invalid'],
        [scan({ code: fragmentOf(ctx.place.code) }), 'checkin.invalid', 'code'],
      ];
      for (const [r] of rejectedCases) for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
      const mixed = await ingest([...sometimes, ...rejectedCases.map(([r]) => r)]);
      assert.equal(mixed.status, 200, show(mixed));
      assert.deepEqual(
        mixed.json.accepted,
        sometimes.map((r) => r.clientId),
        JSON.stringify(mixed.json) + JSON.stringify(rejectedCases.map(([r]) => r.clientId)),
      );
      assert.equal(mixed.json.rejected.length, rejectedCases.length);
      rejectedCases.forEach(([r, code, field], k) => {
        const got = mixed.json.rejected[k];
        assert.deepEqual(Object.keys(got).sort(), ['clientId', 'code', 'message']);
        assert.equal(got.clientId, r.clientId);
        assert.equal(got.code, code, `${JSON.stringify(r).slice(0, 200)} -> ${JSON.stringify(got)}`);
        if (field) assert.ok(got.message.includes(field), `${got.message} names ${field}`);
      });

      st = await stats();
      assert.deepEqual(Object.keys(st).sort(), [
        'buckets',
        'by',
        'byCheckpoint',
        'byInspector',
        'from',
        'placeId',
        'to',
        'totals',
        'utcOffset',
      ]);
      assert.equal(st.placeId, ctx.place.id);
      assert.equal(st.by, 'hour');
      assert.equal(st.utcOffset, 480);
      assert.deepEqual(st.totals, { visits: 4, admitted: 1, denied: 1, referred: 1, fever: 2, manual: 1, selfScan: 0 });
      const bucketSum = st.buckets.reduce((n, b) => n + b.visits, 0);
      assert.equal(bucketSum, 4);
      for (const b of st.buckets) assert.equal((b.start + 480 * 60) % 3600, 0, 'buckets start on the hour');
      assert.equal(st.byInspector.length, 1);
      assert.deepEqual(st.byInspector[0], {
        inspectorId: ctx.inspector.me.id,
        phone: maskPhone(ctx.inspector.phone),
        visits: 4,
        admitted: 1,
        denied: 1,
        referred: 1,
        fever: 2,
        manual: 1,
        selfScan: 0,
      });
      const cp = Object.fromEntries(st.byCheckpoint.map((c) => [String(c.checkpoint), c]));
      assert.deepEqual(Object.keys(cp).sort(), ['north gate', 'null', 'south gate']);
      assert.equal(cp['south gate'].visits, 2);
      assert.equal(cp['south gate'].denied, 1);
      assert.equal(cp['north gate'].manual, 1);
      assert.equal(cp.null.referred, 1);
      // Inspectors read statistics too; by day.
      const byDay = await call(s.server, 'GET', `/api/v1/places/${ctx.place.id}/statistics?by=day`, {
        token: ctx.inspector.token,
      });
      assert.equal(byDay.status, 200);
      assert.equal(byDay.json.by, 'day');
      assert.equal(byDay.json.to - byDay.json.from, 14 * 86400);
      assert.equal(byDay.json.totals.visits, 4);
      for (const b of byDay.json.buckets)
        assert.equal((b.start + 480 * 60) % 86400, 0, 'buckets start at local midnight');
      for (const q of [
        'by=week',
        `from=${now() - 32 * 86400}&to=${now()}`,
        'from=abc',
        `from=${now()}&to=${now() - 10}`,
      ])
        assertError(
          await call(s.server, 'GET', `/api/v1/places/${ctx.place.id}/statistics?${q}`, { token: ctx.admin.token }),
          400,
          'request.invalid',
        );

      // The visitor sees the scan.
      const visits = (await call(s.server, 'GET', '/api/v1/me/checkins', { token: ctx.visitor.token })).json.checkins;
      const scanned = visits.find((v) => v.clientId === batch[0].clientId);
      assert.deepEqual(scanned, {
        clientId: batch[0].clientId,
        time: batch[0].time,
        method: 'inspector-scan',
        decision: 'admit',
        place: { id: ctx.place.id, name: ctx.place.name, address: ctx.place.address },
        checkpoint: 'south gate',
        companion: false,
      });
      assert.equal(
        visits.some((v) => v.clientId === sometimes[0].clientId),
        false,
        'a forged code has no subject',
      );
      // The admin may submit records for their own place.
      const own = manual();
      assert.deepEqual((await ingest([own], ctx.admin.token)).json, { accepted: [own.clientId], rejected: [] });
    });

    test('batch limits and malformed batches', async () => {
      const many = Array.from({ length: 1001 }, () => manual());
      assertError(await ingest(many), 413, 'checkin.batch_too_large');
      const thousand = await ingest(many.slice(0, 1000));
      assert.equal(thousand.status, 200, show(thousand));
      assert.equal(thousand.json.accepted.length, 1000);
      assertError(await ingest({ not: 'an array' }), 400, 'request.invalid', 'records');
      assertError(
        await call(s.server, 'POST', '/api/v1/checkins', { token: ctx.inspector.token, body: {} }),
        400,
        'request.invalid',
        'records',
      );
      assertError(
        await call(s.server, 'POST', '/api/v1/checkins', { token: ctx.inspector.token, body: { records: [], x: 1 } }),
        400,
        'request.invalid',
        'x',
      );
      assertError(await call(s.server, 'POST', '/api/v1/checkins', { body: { records: [] } }), 401, 'auth.required');
      // The check-in endpoint takes bodies over 64 KiB (up to 8 MiB).
      const big = Array.from({ length: 600 }, () => manual({ reasons: ['R-'.padEnd(60, 'x')] }));
      assert.ok(JSON.stringify({ records: big }).length > 64 * 1024);
      assert.equal((await ingest(big)).status, 200);
    });

    test('self check-in with the place code, companions, resend, wrong codes; GET /me/checkins', async () => {
      const user = await citizen(s.server, { name: '张三', declaration: { ...noSymptoms, symptoms: ['cough'] } });
      const proxy = await call(s.server, 'POST', '/api/v1/me/proxies', {
        token: user.token,
        body: { name: '李秀英', idNumber: newIdNumber() },
      });
      assert.equal(proxy.status, 201);
      const clientId = `self-${randomBytes(6).toString('hex')}`;
      const body = {
        placeCode: ctx.place.code,
        clientId,
        companions: [{ proxyId: proxy.json.id }, { name: '王五', idNumber: newIdNumber(), phone: newPhone() }],
      };
      const t0 = now();
      const res = await call(s.server, 'POST', '/api/v1/me/checkins', { token: user.token, body });
      assert.equal(res.status, 201, show(res));
      assert.deepEqual(Object.keys(res.json).sort(), ['checkins', 'place', 'status', 'time']);
      assert.deepEqual(res.json.place, {
        id: ctx.place.id,
        name: ctx.place.name,
        address: ctx.place.address,
        category: ctx.place.category,
      });
      assert.equal(res.json.status, 'yellow');
      assert.ok(Math.abs(res.json.time - t0) <= 5);
      assert.equal(res.json.checkins.length, 3);
      assert.deepEqual(res.json.checkins[0], { clientId, who: 'self' });
      assert.deepEqual(
        res.json.checkins
          .slice(1)
          .map((c) => c.who)
          .sort(),
        ['李*英', '王*'].sort(),
      );
      for (const c of res.json.checkins) assert.deepEqual(Object.keys(c).sort(), ['clientId', 'who']);

      const resend = await call(s.server, 'POST', '/api/v1/me/checkins', { token: user.token, body });
      assert.equal(resend.status, 201, show(resend));
      assert.deepEqual(resend.json.checkins, res.json.checkins);
      assert.equal(resend.json.time, res.json.time);

      const noId = await call(s.server, 'POST', '/api/v1/me/checkins', {
        token: user.token,
        body: { placeCode: fragmentOf(ctx.place.code) },
      });
      assert.equal(noId.status, 201, show(noId));
      assert.equal(noId.json.checkins.length, 1);
      assert.equal(noId.json.checkins[0].who, 'self');

      const st = await stats();
      assert.equal(st.totals.selfScan, 4, 'self, two companions, and the second self check-in');

      const personCode = (await call(s.server, 'GET', '/api/v1/me/code', { token: user.token })).json.text;
      assertError(
        await call(s.server, 'POST', '/api/v1/me/checkins', { token: user.token, body: { placeCode: personCode } }),
        400,
        'checkin.not_place_code',
      );
      assertError(
        await call(s.server, 'POST', '/api/v1/me/checkins', { token: user.token, body: { placeCode: 'hello' } }),
        400,
        'format.prefix',
      );
      assertError(
        await call(s.server, 'POST', '/api/v1/me/checkins', {
          token: user.token,
          body: { placeCode: ctx.place.code, companions: [{ proxyId: 'px-unknown' }] },
        }),
        404,
        'proxy.not_found',
      );
      assertError(
        await call(s.server, 'POST', '/api/v1/me/checkins', {
          token: user.token,
          body: { placeCode: ctx.place.code, companions: Array(11).fill({ name: '王五', idNumber: newIdNumber() }) },
        }),
        400,
        'request.invalid',
        'companions',
      );
      const anonymous = await signIn(s.server);
      assertError(
        await call(s.server, 'POST', '/api/v1/me/checkins', {
          token: anonymous.token,
          body: { placeCode: ctx.place.code },
        }),
        409,
        'person.identity_required',
      );
      assert.deepEqual((await call(s.server, 'GET', '/api/v1/me/checkins', { token: anonymous.token })).json, {
        checkins: [],
      });

      const mine = await call(s.server, 'GET', '/api/v1/me/checkins', { token: user.token });
      assert.equal(mine.status, 200);
      assert.deepEqual(Object.keys(mine.json), ['checkins']);
      const list = mine.json.checkins;
      assert.equal(list.length, 2, JSON.stringify(list));
      for (const c of list) {
        assert.deepEqual(Object.keys(c).sort(), [
          'checkpoint',
          'clientId',
          'companion',
          'decision',
          'method',
          'place',
          'time',
        ]);
        assert.deepEqual(c.place, { id: ctx.place.id, name: ctx.place.name, address: ctx.place.address });
        assert.equal(c.companion, false);
      }
      assert.ok(list.some((c) => c.clientId === clientId));
      assert.ok(list[0].time >= list[1].time, 'newest first');
      const limited = await call(s.server, 'GET', '/api/v1/me/checkins?limit=1', { token: user.token });
      assert.equal(limited.json.checkins.length, 1);
      assertError(
        await call(s.server, 'GET', '/api/v1/me/checkins?limit=201', { token: user.token }),
        400,
        'request.invalid',
      );
      assertError(
        await call(s.server, 'GET', '/api/v1/me/checkins?limit=0', { token: user.token }),
        400,
        'request.invalid',
      );
    });

    test('nothing half-written: a self check-in with an invalid second companion stores nothing', async () => {
      const user = await citizen(s.server, { name: '张三' });
      const before = (await call(s.server, 'GET', '/api/v1/me/checkins', { token: user.token })).json;
      const statsBefore = (await stats()).totals;
      const clientId = `half-${randomBytes(6).toString('hex')}`;
      const body = {
        placeCode: ctx.place.code,
        clientId,
        companions: [
          { name: '王五', idNumber: newIdNumber() },
          { name: '王六', idNumber: withBadCheck(newIdNumber()) },
        ],
      };
      assertError(
        await call(s.server, 'POST', '/api/v1/me/checkins', { token: user.token, body }),
        400,
        'person.id_number',
      );
      assert.deepEqual((await call(s.server, 'GET', '/api/v1/me/checkins', { token: user.token })).json, before);
      assert.deepEqual((await stats()).totals, statsBefore);
      // The same clientId is still free: the failed request left no trace.
      body.companions.pop();
      const ok = await call(s.server, 'POST', '/api/v1/me/checkins', { token: user.token, body });
      assert.equal(ok.status, 201, show(ok));
      assert.equal(ok.json.checkins.length, 2);
      // A proxy companion that is not mine, after a valid one: nothing stored either.
      const before2 = (await call(s.server, 'GET', '/api/v1/me/checkins', { token: user.token })).json;
      const bad = {
        placeCode: ctx.place.code,
        companions: [{ name: '王五', idNumber: newIdNumber() }, { proxyId: 'px-nope' }],
      };
      assertError(
        await call(s.server, 'POST', '/api/v1/me/checkins', { token: user.token, body: bad }),
        404,
        'proxy.not_found',
      );
      assert.deepEqual((await call(s.server, 'GET', '/api/v1/me/checkins', { token: user.token })).json, before2);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('repeat scans', () => {
    // A 10 s window, so a scan past it fits in the life of one dynamic code.
    const s = useServer(backend, { args: ['--rate-limit-address', '100000', '--repeat-window', '10'] });
    const now = () => Math.floor(Date.now() / 1000);

    test('a second inspector scan of one person at one place within --repeat-window is the same visit in statistics', async () => {
      const srv = s.server;
      const admin = await citizen(srv, { name: '王芳' });
      const place = await createPlace(srv, admin);
      const other = await createPlace(srv, await signIn(srv));
      const [first, second] = [await citizen(srv, { name: '赵强' }), await citizen(srv, { name: '钱进' })];
      await bind(srv, first, place.declarationCode);
      await bind(srv, second, place.declarationCode);
      await bind(srv, first, other.declarationCode);
      const visitor = await citizen(srv, { name: '张伟' });
      const code = async () => (await call(srv, 'GET', '/api/v1/me/code', { token: visitor.token })).json.text;
      const t = now();
      const scan = (inspector, time, extra = {}) =>
        call(srv, 'POST', '/api/v1/checkins', {
          token: inspector.token,
          body: {
            records: [
              {
                clientId: randomBytes(8).toString('hex'),
                placeId: place.id,
                time,
                method: 'inspector-scan',
                decision: 'admit',
                status: 'green',
                reasons: [],
                ...extra,
              },
            ],
          },
        });
      const codes = [await code(), await code(), await code()];
      for (const [inspector, time, text, decision] of [
        [first, t - 30, codes[0], 'admit'],
        [second, t - 25, codes[1], 'refer'], // 5 s later, another inspector, another code text: the same visit
        [first, t - 5, codes[2], 'admit'], // 20 s after the last scan: a new visit
      ]) {
        const res = await scan(inspector, time, { code: text, decision });
        assert.equal(res.status, 200, show(res));
        assert.equal(res.json.rejected.length, 0, show(res));
      }
      // Elsewhere, and by hand, nothing is a repeat.
      assert.equal((await scan(first, t - 24, { code: codes[0], placeId: other.id })).status, 200);
      const stats = async (id) =>
        (
          await call(srv, 'GET', `/api/v1/places/${id}/statistics?from=${t - 3600}&to=${t + 60}`, {
            token: first.token,
          })
        ).json;
      const st = await stats(place.id);
      assert.deepEqual(st.totals, { visits: 2, admitted: 2, denied: 0, referred: 0, fever: 0, manual: 0, selfScan: 0 });
      assert.deepEqual(
        st.byInspector.map((i) => [i.inspectorId, i.visits]),
        [[first.me.id, 2]],
        'the scan that counts is the earlier one, with its inspector',
      );
      assert.equal(
        st.buckets.reduce((n, b) => n + b.visits, 0),
        2,
      );
      assert.equal(
        st.byCheckpoint.reduce((n, c) => n + c.visits, 0),
        2,
      );
      assert.equal((await stats(other.id)).totals.visits, 1);
      // Every scan is still stored: the person sees all four, tracing reads all four.
      const seen = (await call(srv, 'GET', '/api/v1/me/checkins', { token: visitor.token })).json.checkins;
      assert.equal(seen.length, 4);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('documents', () => {
    const s = useServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });

    test('trust list and rules: JWS with ETag, 304 on If-None-Match', async () => {
      for (const name of ['trust-list', 'rules']) {
        const res = await call(s.server, 'GET', `/api/v1/documents/${name}`);
        assert.equal(res.status, 200);
        assert.match(res.headers.get('content-type'), /^application\/jose/);
        assert.match(res.text, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
        const etag = res.headers.get('etag');
        assert.match(etag, /^"[^"]+"$/);
        const again = await call(s.server, 'GET', `/api/v1/documents/${name}`, { headers: { 'if-none-match': etag } });
        assert.equal(again.status, 304);
        assert.equal(again.text, '');
        const stale = await call(s.server, 'GET', `/api/v1/documents/${name}`, {
          headers: { 'if-none-match': '"stale"' },
        });
        assert.equal(stale.status, 200);
      }
      const roots = await call(s.server, 'GET', '/api/v1/documents/roots');
      assert.equal(roots.status, 200);
      assert.equal(roots.json.roots.length, 1);
      assert.match(roots.json.roots[0], /^[A-Za-z0-9_-]{43}$/);
    });

    test('status list: snapshot, 204 when current, deltas after an authority change', async () => {
      const snap = await statusList(s.server);
      assert.equal(snap.status, 200);
      assert.match(snap.headers.get('content-type'), /^application\/json/);
      assert.deepEqual(Object.keys(snap.json).sort(), ['lists', 'seq', 'snapshot']);
      assert.equal(snap.json.snapshot, true);
      assert.equal(snap.json.lists.length, 1);
      const seq = snap.json.seq;
      assert.ok(seq > 0, 'the demo data published statuses');
      assert.equal((await statusList(s.server, seq)).status, 204);
      assertError(await statusList(s.server, 'abc'), 400, 'request.invalid', 'since');
      assertError(await statusList(s.server, '1x'), 400, 'request.invalid');
      const future = await statusList(s.server, seq + 1000);
      assert.equal(future.status, 200);
      assert.equal(future.json.snapshot, true, 'an unknown since gets the snapshot');
      const zero = await statusList(s.server, 0);
      assert.equal(zero.status, 200);
      assert.equal(zero.json.seq, seq);

      const person = await citizen(s.server, { name: '孙丽' });
      const before = await verifierFor(s.server);
      const code = (await call(s.server, 'GET', '/api/v1/me/code', { token: person.token })).json;
      assert.equal(before.verifier.verify(code.text).decision, 'admit');

      const auth = await authority(s.server);
      const plain = await citizen(s.server);
      const statusBody = { idNumber: person.idNumber, status: 'red', reason: 'confirmed case' };
      assertError(
        await call(s.server, 'POST', '/api/v1/authority/status', { token: plain.token, body: statusBody }),
        403,
        'auth.forbidden',
      );
      assertError(await call(s.server, 'POST', '/api/v1/authority/status', { body: statusBody }), 401, 'auth.required');
      assertError(
        await call(s.server, 'POST', '/api/v1/authority/status', {
          token: auth.token,
          body: { ...statusBody, idNumber: newIdNumber() },
        }),
        404,
        'person.not_found',
      );
      assertError(
        await call(s.server, 'POST', '/api/v1/authority/status', {
          token: auth.token,
          body: { ...statusBody, status: 'purple' },
        }),
        400,
        'request.invalid',
        'status',
      );
      assertError(
        await call(s.server, 'POST', '/api/v1/authority/status', {
          token: auth.token,
          body: { ...statusBody, reason: '' },
        }),
        400,
        'audit.reason',
        'reason',
      );
      assertError(
        await call(s.server, 'POST', '/api/v1/authority/status', {
          token: auth.token,
          body: { ...statusBody, reason: 'r'.repeat(201) },
        }),
        400,
        'audit.reason',
        'reason',
      );
      assertError(
        await call(s.server, 'POST', '/api/v1/authority/status', {
          token: auth.token,
          body: { status: 'red', reason: 'x' },
        }),
        400,
        'request.invalid',
      );
      assert.equal((await statusList(s.server, before.seq)).status, 204, 'refused changes publish nothing');

      const changed = await call(s.server, 'POST', '/api/v1/authority/status', { token: auth.token, body: statusBody });
      assert.equal(changed.status, 200, show(changed));
      assert.deepEqual(Object.keys(changed.json), ['person']);
      assert.deepEqual(changed.json.person, {
        id: person.personId,
        name: '孙*',
        idNumber: maskId(person.idNumber),
        status: 'red',
        seq: before.seq + 1,
      });

      const delta = await statusList(s.server, before.seq);
      assert.equal(delta.status, 200, show(delta));
      assert.equal(delta.json.snapshot, false);
      assert.equal(delta.json.seq, before.seq + 1);
      assert.equal(delta.json.lists.length, 1);
      before.verifier.update({ statusList: delta.json.lists });
      assert.equal(before.verifier.info().statusList.seq, before.seq + 1);
      const after = before.verifier.verify(code.text);
      assert.equal(after.credential.status, 'green', 'the code itself says green');
      assert.equal(after.status, 'red', 'the status list wins');
      assert.equal(after.decision, 'deny');
      // The person's own view, and a new code, say red.
      assert.equal((await call(s.server, 'GET', '/api/v1/me', { token: person.token })).json.person.status, 'red');
      const fresh = (await call(s.server, 'GET', '/api/v1/me/code', { token: person.token })).json;
      assert.equal(fresh.status, 'red');
      assert.equal(fresh.seq, before.seq + 1);
      // A relative known only through a proxy code: the status reaches the proxy code's subject.
      const creator = await citizen(s.server, { name: '张伟' });
      const relativeId = newIdNumber();
      const proxy = (
        await call(s.server, 'POST', '/api/v1/me/proxies', {
          token: creator.token,
          body: { name: '李秀英', idNumber: relativeId },
        })
      ).json;
      const seqBeforeProxy = (await statusList(s.server)).json.seq;
      const proxyChange = await call(s.server, 'POST', '/api/v1/authority/status', {
        token: auth.token,
        body: { idNumber: relativeId, status: 'orange', reason: 'close contact' },
      });
      assert.equal(proxyChange.status, 200, show(proxyChange));
      assert.equal(proxyChange.json.person.name, '李*英');
      before.verifier.update({ statusList: (await statusList(s.server, seqBeforeProxy)).json.lists });
      const proxyResult = before.verifier.verify(proxy.text);
      assert.equal(proxyResult.status, 'orange', JSON.stringify(proxyResult));
      // The creator's list shows the status the card was printed with: the person's status is not theirs to follow.
      assert.equal(
        (await call(s.server, 'GET', '/api/v1/me/proxies', { token: creator.token })).json.proxies[0].status,
        'green',
      );

      // An authority may lower a status again (by phone this time); a later declaration cannot.
      const lowered = await call(s.server, 'POST', '/api/v1/authority/status', {
        token: auth.token,
        body: { phone: person.phone, status: 'green', reason: 'negative test' },
      });
      assert.equal(lowered.status, 200, show(lowered));
      assert.equal(lowered.json.person.status, 'green');
      const latest = await statusList(s.server, before.seq + 2);
      assert.equal(latest.json.snapshot, false);
      before.verifier.update({ statusList: latest.json.lists });
      assert.equal(latest.json.seq, before.seq + 3);
      assert.equal(before.verifier.verify(code.text).status, 'green');
      assert.equal(before.verifier.verify(code.text).decision, 'admit');
    });
  });
});
