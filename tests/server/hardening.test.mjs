// Security findings 7, 8, 10 and 12 against the real server, on SQLite and PostgreSQL:
//   7  a stranger's failed sign-ins cannot lock the owner out: code requests count only when a code is
//      sent, wrong codes and wrong passwords back off per (phone or username, client address) pair;
//   8  a place transfer is an offer the recipient accepts or declines, answered alike whoever the phone is;
//   10 declaration answers are sealed at rest (old plaintext rows too), and the SQLite files, the SMS
//      outbox and the keys are 0600;
//   12 a disabled authority's sessions end at once, "sign out everywhere", failed authority sign-ins and
//      case-list reads are audited.
// A second client address is another loopback address (127.0.0.2, ...), from which Linux connects to a
// server on 127.0.0.1 like any other host would.
// Run by CTest (test `server-hardening`) with GREENLIGHT_SERVER pointing at the built binary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { assertError, assertRetryAfter, call, show } from '../support/http.mjs';
import {
  authority,
  citizen,
  createPlace,
  maskPhone,
  newPhone,
  otpFromOutbox,
  requestOtp,
  signIn,
} from '../support/people.mjs';
import { binary, describeOnEachBackend, startServer, useServer } from '../support/server.mjs';

// call() from another client address.
function callFrom(localAddress, server, method, path, { token, body } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url + path);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { connection: 'close' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (payload !== undefined)
      Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, localAddress },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const json =
            (res.headers['content-type'] ?? '').startsWith('application/json') && text ? JSON.parse(text) : undefined;
          resolve({
            status: res.statusCode,
            headers: { get: (name) => res.headers[name.toLowerCase()] ?? null },
            text,
            json,
          });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

// What a database holds, through its own shell (psql / sqlite3).
function query(server, sql) {
  const [, target] = server.dbArgs;
  if (target.startsWith('sqlite:'))
    return execFileSync('sqlite3', [target.slice('sqlite:'.length), sql], { encoding: 'utf8' }).trim();
  return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', target, '-c', sql], {
    encoding: 'utf8',
  }).trim();
}

function serverCommand(server, args, input) {
  return spawnSync(binary, [...args, '--data-dir', server.dataDir, ...server.dbArgs], { input, encoding: 'utf8' });
}

function addAuthority(server, username, password) {
  const made = serverCommand(
    server,
    ['authority', 'add', '--username', username, '--display-name', '测试'],
    `${password}\n`,
  );
  assert.equal(made.status, 0, made.stderr);
}

const wrongOf = (code) => (code === '000000' ? '000001' : '000000');
const otp = (server, from, phone) => callFrom(from, server, 'POST', '/api/v1/auth/otp', { body: { phone } });
const session = (server, from, phone, code) =>
  callFrom(from, server, 'POST', '/api/v1/auth/sessions', { body: { phone, code } });
const password = (server, from, username, pass) =>
  callFrom(from, server, 'POST', '/api/v1/auth/authority-sessions', { body: { username, password: pass } });

describeOnEachBackend('hardening', (backend) => {
  // -------------------------------------------------------------------------------------------------------
  describe('7: no sign-in lock-out by strangers', () => {
    const s = useServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });

    test("rejected code requests from elsewhere do not stop the owner's code", async () => {
      const phone = newPhone();
      assert.equal((await otp(s.server, '127.0.0.2', phone)).status, 202);
      // Refused (one code per minute from there): they count against nobody but that address.
      for (let i = 0; i < 9; i++) {
        const again = await otp(s.server, '127.0.0.2', phone);
        assertError(again, 429, 'auth.rate_limited');
        assertRetryAfter(again, 60);
      }
      const own = await otp(s.server, '127.0.0.1', phone);
      assert.equal(own.status, 202, show(own));
      const res = await session(s.server, '127.0.0.1', phone, otpFromOutbox(s.server, phone));
      assert.equal(res.status, 201, show(res));
    });

    test('wrong codes from elsewhere neither void the code nor lock the owner out', async () => {
      const phone = newPhone();
      const code = await requestOtp(s.server, phone);
      for (let i = 0; i < 12; i++)
        assertError(await session(s.server, '127.0.0.2', phone, wrongOf(code)), 401, 'auth.otp');
      // That address had its 5 guesses at this code; the right code from there is refused too.
      assertError(await session(s.server, '127.0.0.2', phone, code), 401, 'auth.otp');
      const res = await session(s.server, '127.0.0.1', phone, code);
      assert.equal(res.status, 201, show(res));
    });

    test('an address that keeps guessing backs off exponentially; the owner does not', async () => {
      const phone = newPhone();
      // The guesser has a code sent (to the owner's phone, so it guesses).
      assert.equal((await otp(s.server, '127.0.0.3', phone)).status, 202);
      const first = otpFromOutbox(s.server, phone);
      for (let i = 0; i < 5; i++)
        assertError(await session(s.server, '127.0.0.3', phone, wrongOf(first)), 401, 'auth.otp');
      // A new code (the owner asked for one): the guesser's next failures wait 2 s, 4 s, ... (A code is known
      // by the second it was made: one made in the same second stays void for the guesser, stricter still.)
      await new Promise((r) => setTimeout(r, 1100));
      assert.equal((await otp(s.server, '127.0.0.1', phone)).status, 202);
      const code = otpFromOutbox(s.server, phone);
      let limited;
      for (let i = 0; i < 4 && !limited; i++) {
        const res = await session(s.server, '127.0.0.3', phone, wrongOf(code));
        if (res.status === 429) limited = res;
        else assertError(res, 401, 'auth.otp');
      }
      assert.ok(limited, 'the 7th wrong code in a row is throttled');
      assertError(limited, 429, 'auth.rate_limited');
      assertRetryAfter(limited, 16);
      const res = await session(s.server, '127.0.0.1', phone, code);
      assert.equal(res.status, 201, show(res));
    });

    test('wrong passwords from elsewhere back off there and do not lock the account; they are audited', async () => {
      addAuthority(s.server, 'wu.owner', 'the owner password');
      const results = [];
      for (let i = 0; i < 10; i++) results.push(await password(s.server, '127.0.0.2', 'wu.owner', `guess number ${i}`));
      for (const r of results.slice(0, 5)) assertError(r, 401, 'auth.password');
      // Then 2 s, 4 s, 8 s, ... after each failure: the next ones are throttled however slow this machine is.
      const refused = results.filter((r) => r.status === 401).length;
      assert.ok(refused <= 7, `at most 7 of 10 quick guesses are checked (${refused})`);
      const throttled = results.find((r) => r.status === 429);
      assertError(throttled, 429, 'auth.rate_limited');
      assertRetryAfter(throttled, 8);
      const own = await password(s.server, '127.0.0.1', 'wu.owner', 'the owner password');
      assert.equal(own.status, 201, show(own));

      // Finding 12: each failure is in the audit log with the username and address, never the password.
      const auth = await authority(s.server);
      const audit = await call(s.server, 'GET', '/api/v1/authority/audit?action=authority.sign_in_failed&limit=500', {
        token: auth.token,
      });
      assert.equal(audit.status, 200, show(audit));
      const mine = audit.json.entries.filter((e) => e.detail.username === 'wu.owner');
      assert.equal(mine.length, refused, 'every checked wrong password (throttled attempts check none)');
      for (const e of mine) {
        assert.equal(e.actor, null);
        assert.equal(e.target, own.json.account.id);
        assert.equal(e.detail.address, '127.0.0.2');
      }
      assert.ok(!audit.text.includes('guess number'), 'no password in the audit log');
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('8: place transfer is an offer the recipient accepts', () => {
    const s = useServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });
    const transfer = (token, placeId, phone) =>
      call(s.server, 'POST', `/api/v1/places/${placeId}/transfer`, { token, body: { phone } });

    test('the answer is the same whoever owns the phone; nothing moves until accepted', async () => {
      const admin = await signIn(s.server);
      const place = await createPlace(s.server, admin);
      const otherAdmin = await signIn(s.server);
      await createPlace(s.server, otherAdmin);
      const plain = await signIn(s.server);
      const shapes = [];
      for (const phone of [newPhone(), otherAdmin.phone, plain.phone]) {
        const res = await transfer(admin.token, place.id, phone);
        assert.equal(res.status, 202, show(res));
        assert.deepEqual(Object.keys(res.json).sort(), ['createdAt', 'expiresAt', 'id', 'phone', 'placeId']);
        assert.match(res.json.id, /^po-/);
        assert.equal(res.json.placeId, place.id);
        assert.equal(res.json.phone, maskPhone(phone));
        assert.ok(res.json.expiresAt > res.json.createdAt);
        shapes.push(Object.keys(res.json).sort().join());
      }
      assert.equal(new Set(shapes).size, 1);
      assertError(await transfer(admin.token, place.id, admin.phone), 409, 'place.admin_exists');
      // The last offer replaced the others; the place is still the admin's.
      const pending = await call(s.server, 'GET', `/api/v1/places/${place.id}/transfer`, { token: admin.token });
      assert.equal(pending.status, 200, show(pending));
      assert.equal(pending.json.offer.phone, maskPhone(plain.phone));
      assert.equal((await call(s.server, 'GET', '/api/v1/me', { token: admin.token })).json.adminOf, place.id);
      assert.deepEqual((await call(s.server, 'GET', '/api/v1/me/place-offers', { token: otherAdmin.token })).json, {
        offers: [],
      });

      const offers = await call(s.server, 'GET', '/api/v1/me/place-offers', { token: plain.token });
      assert.equal(offers.status, 200, show(offers));
      assert.equal(offers.json.offers.length, 1);
      const [offer] = offers.json.offers;
      assert.equal(offer.id, pending.json.offer.id);
      assert.deepEqual(offer.place, {
        id: place.id,
        name: place.name,
        address: place.address,
        category: place.category,
        region: place.region,
      });
      assert.equal(offer.from, maskPhone(admin.phone));
      // Nobody else can act on it.
      assertError(
        await call(s.server, 'POST', `/api/v1/me/place-offers/${offer.id}/accept`, { token: otherAdmin.token }),
        404,
        'offer.not_found',
      );

      const accepted = await call(s.server, 'POST', `/api/v1/me/place-offers/${offer.id}/accept`, {
        token: plain.token,
      });
      assert.equal(accepted.status, 200, show(accepted));
      assert.equal(accepted.json.id, place.id);
      assert.equal((await call(s.server, 'GET', '/api/v1/me', { token: plain.token })).json.adminOf, place.id);
      assert.equal((await call(s.server, 'GET', '/api/v1/me', { token: admin.token })).json.adminOf, null);
      assertError(
        await call(s.server, 'GET', `/api/v1/places/${place.id}`, { token: admin.token }),
        403,
        'auth.forbidden',
      );
      assertError(
        await call(s.server, 'POST', `/api/v1/me/place-offers/${offer.id}/accept`, { token: plain.token }),
        404,
        'offer.not_found',
      );

      // The audit log has the offer and the acceptance.
      const auth = await authority(s.server);
      const audit = await call(s.server, 'GET', `/api/v1/authority/audit?target=${place.id}`, { token: auth.token });
      const actions = audit.json.entries.map((e) => e.action);
      assert.ok(actions.includes('place.transfer_offer') && actions.includes('place.transfer_accept'), actions.join());
    });

    test('a recipient who administers a place gets 409; decline and cancel', async () => {
      const admin = await signIn(s.server);
      const place = await createPlace(s.server, admin);
      const busy = await signIn(s.server);
      await createPlace(s.server, busy);
      const offered = await transfer(admin.token, place.id, busy.phone);
      assert.equal(offered.status, 202, show(offered));
      assertError(
        await call(s.server, 'POST', `/api/v1/me/place-offers/${offered.json.id}/accept`, { token: busy.token }),
        409,
        'place.admin_exists',
      );
      const declined = await call(s.server, 'POST', `/api/v1/me/place-offers/${offered.json.id}/decline`, {
        token: busy.token,
      });
      assert.equal(declined.status, 204, show(declined));
      assert.deepEqual(
        (await call(s.server, 'GET', `/api/v1/places/${place.id}/transfer`, { token: admin.token })).json,
        { offer: null },
      );

      // An offer to a phone that signs in only later; cancelled before it is accepted.
      const later = newPhone();
      const second = await transfer(admin.token, place.id, later);
      assert.equal(second.status, 202, show(second));
      const recipient = await signIn(s.server, later);
      assert.equal(
        (await call(s.server, 'GET', '/api/v1/me/place-offers', { token: recipient.token })).json.offers.length,
        1,
      );
      assertError(
        await call(s.server, 'DELETE', `/api/v1/places/${place.id}/transfer`, { token: busy.token }),
        403,
        'auth.forbidden',
      );
      const cancelled = await call(s.server, 'DELETE', `/api/v1/places/${place.id}/transfer`, { token: admin.token });
      assert.equal(cancelled.status, 204, show(cancelled));
      assertError(
        await call(s.server, 'DELETE', `/api/v1/places/${place.id}/transfer`, { token: admin.token }),
        404,
        'offer.not_found',
      );
      assert.deepEqual((await call(s.server, 'GET', '/api/v1/me/place-offers', { token: recipient.token })).json, {
        offers: [],
      });
      assertError(
        await call(s.server, 'POST', `/api/v1/me/place-offers/${second.json.id}/accept`, { token: recipient.token }),
        404,
        'offer.not_found',
      );
      assert.equal((await call(s.server, 'GET', '/api/v1/me', { token: admin.token })).json.adminOf, place.id);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('10: data at rest', () => {
    test('declaration answers are sealed, old plaintext rows are sealed at start-up; files are 0600', async () => {
      let server = await startServer(backend);
      try {
        const person = await citizen(server, {
          declaration: {
            symptoms: ['cough'],
            fever: true,
            contactWithCase: false,
            travel: { highRiskArea: false, regions: [] },
          },
        });
        const stored = query(
          server,
          `SELECT answers || '|' || matched FROM declarations WHERE person_id = '${person.personId}'`,
        );
        assert.ok(stored.length > 0);
        // Sealed text is base64url, which may hold "D-" by chance but never a quote: look for the plaintext's rule ids.
        assert.doesNotMatch(stored, /fever|cough|"D-/, `answers sealed: ${stored}`);
        // A row as an older server wrote it.
        query(
          server,
          `INSERT INTO declarations (id, person_id, answers, status, matched, created_at) VALUES ('d-old', '${person.personId}', '{"fever":true}', 'yellow', '["D-FEVER"]', 1)`,
        );
        await server.stop({ keep: true });
        server = await startServer(backend, { reuse: server });
        const old = query(server, `SELECT answers || '|' || matched FROM declarations WHERE id = 'd-old'`);
        assert.doesNotMatch(old, /fever|D-FEVER/, `re-sealed: ${old}`);
        assert.equal((await call(server, 'GET', '/api/v1/me', { token: person.token })).json.person.status, 'yellow');

        const mode = (file) => statSync(file).mode & 0o777;
        const files = [
          join(server.dataDir, 'sms-outbox.jsonl'),
          ...readdirSync(join(server.dataDir, 'keys')).map((f) => join(server.dataDir, 'keys', f)),
        ];
        if (backend.name === 'sqlite') {
          const db = server.dbArgs[1].slice('sqlite:'.length);
          files.push(db, `${db}-wal`, `${db}-shm`);
        }
        for (const file of files) assert.equal(mode(file).toString(8), '600', `${file} is 0600`);
      } finally {
        await server.stop();
      }
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('12: authority sessions and sign-out everywhere', () => {
    const s = useServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });

    test('`authority disable` ends its sessions at once and refuses sign-in; audited', async () => {
      addAuthority(s.server, 'qian.off', 'qian password 1');
      const sessions = [];
      for (let i = 0; i < 2; i++) {
        const res = await password(s.server, '127.0.0.1', 'qian.off', 'qian password 1');
        assert.equal(res.status, 201, show(res));
        sessions.push(res.json.token);
      }
      for (const token of sessions)
        assert.equal((await call(s.server, 'GET', '/api/v1/authority/cases', { token })).status, 200);
      const disabled = serverCommand(s.server, ['authority', 'disable', '--username', 'qian.off']);
      assert.equal(disabled.status, 0, disabled.stderr);
      assert.equal(JSON.parse(disabled.stdout).username, 'qian.off');
      for (const token of sessions)
        assertError(await call(s.server, 'GET', '/api/v1/authority/cases', { token }), 401, 'auth.required');
      assertError(await password(s.server, '127.0.0.1', 'qian.off', 'qian password 1'), 401, 'auth.password');
      const unknown = serverCommand(s.server, ['authority', 'disable', '--username', 'nobody.here']);
      assert.equal(unknown.status, 1);
      assert.match(unknown.stderr, /authority\.not_found/);
      const auth = await authority(s.server);
      const audit = await call(s.server, 'GET', '/api/v1/authority/audit?action=authority.disable', {
        token: auth.token,
      });
      assert.equal(audit.json.entries.length, 1);
      assert.equal(audit.json.entries[0].detail.username, 'qian.off');
    });

    test("a session whose credential was disabled behind the server's back fails on its next call", async () => {
      addAuthority(s.server, 'zhao.db', 'zhao password 1');
      const res = await password(s.server, '127.0.0.1', 'zhao.db', 'zhao password 1');
      assert.equal(res.status, 201, show(res));
      query(s.server, "UPDATE authority_credentials SET disabled_at = 1 WHERE username = 'zhao.db'");
      assertError(
        await call(s.server, 'GET', '/api/v1/authority/cases', { token: res.json.token }),
        401,
        'auth.required',
      );
    });

    test('DELETE /api/v1/auth/sessions signs the caller out everywhere, nobody else', async () => {
      const phone = newPhone();
      const one = await signIn(s.server, phone);
      // A second session (from another address: one code per address a minute).
      assert.equal((await otp(s.server, '127.0.0.4', phone)).status, 202);
      const two = await session(s.server, '127.0.0.4', phone, otpFromOutbox(s.server, phone));
      assert.equal(two.status, 201, show(two));
      const other = await signIn(s.server);
      const out = await call(s.server, 'DELETE', '/api/v1/auth/sessions', { token: one.token });
      assert.equal(out.status, 204, show(out));
      for (const token of [one.token, two.json.token])
        assertError(await call(s.server, 'GET', '/api/v1/me', { token }), 401, 'auth.required');
      assert.equal((await call(s.server, 'GET', '/api/v1/me', { token: other.token })).status, 200);
      assertError(await call(s.server, 'DELETE', '/api/v1/auth/sessions', { token: one.token }), 401, 'auth.required');
    });

    test('reading the case list is audited', async () => {
      const auth = await authority(s.server);
      assert.equal((await call(s.server, 'GET', '/api/v1/authority/cases', { token: auth.token })).status, 200);
      const audit = await call(s.server, 'GET', `/api/v1/authority/audit?action=case.list&actor=${auth.account.id}`, {
        token: auth.token,
      });
      assert.ok(audit.json.entries.length >= 1, show(audit));
      assert.equal(audit.json.entries[0].reason, 'case list');
      assertError(
        await call(s.server, 'GET', '/api/v1/authority/cases?reason=%20', { token: auth.token }),
        400,
        'audit.reason',
      );
    });
  });
});
