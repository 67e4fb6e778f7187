// Two greenlight-server processes against one PostgreSQL database, as stateless replicas behind a load
// balancer would run (docs/scaling.md): started at the same moment on a fresh database (concurrent
// migrations), sharing one data directory's keys; sessions, places, check-ins and the status sequence live in
// the database, so either server answers for what the other did.
// Run by CTest (test `server-replicas`); skips itself without GREENLIGHT_TEST_POSTGRES_URL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { signedBy, statusList, verifierFor } from '../support/codes.mjs';
import { call, show } from '../support/http.mjs';
import { citizen, createPlace, signIn } from '../support/people.mjs';
import { binary, createPostgresDatabase, postgresUrl, startServer } from '../support/server.mjs';
import { statusListPayload } from '../support/status-list.mjs';

const now = () => Math.floor(Date.now() / 1000);
const skip = postgresUrl ? false : 'GREENLIGHT_TEST_POSTGRES_URL is not set (scripts/test starts a throwaway cluster)';
const backend = { name: 'postgresql', url: postgresUrl };
const authorityLogin = { username: 'replica-authority', password: 'replica-authority-password' };

function sql(url, query) {
  return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', url, '-c', query], {
    encoding: 'utf8',
  }).trim();
}

// The entries of a status-list JWS (its payload, packed or not), without the verifier.
const payloadOf = statusListPayload;

// A skipped test (not a skipped suite), so the runner's summary counts it as skipped.
if (skip) test('two servers on one PostgreSQL database', { skip }, () => {});
else
  describe('two servers on one PostgreSQL database', () => {
    const ctx = {};

    before(async () => {
      // One set of keys for both (replicas share them, as they share the database): created once, up front, by
      // the authority command against a scratch SQLite file, so the servers never race to write key files.
      ctx.dataDir = mkdtempSync(join(tmpdir(), 'gl-replicas-'));
      execFileSync(
        binary,
        [
          'authority',
          'add',
          '--username',
          'scratch',
          '--display-name',
          'scratch',
          '--data-dir',
          ctx.dataDir,
          '--db',
          `sqlite:${join(ctx.dataDir, 'scratch.db')}`,
        ],
        { input: 'scratch-password-123\n', stdio: ['pipe', 'ignore', 'pipe'] },
      );

      const made = createPostgresDatabase(postgresUrl, `gl_replicas_${randomBytes(6).toString('hex')}`);
      ctx.dbUrl = made.url;
      const shared = { dataDir: ctx.dataDir, dbArgs: ['--db', ctx.dbUrl], dropDb: made.drop };

      // Both at once on the empty database: each migrates at start-up.
      const started = await Promise.allSettled([
        startServer(backend, { reuse: shared }),
        startServer(backend, { reuse: shared }),
      ]);
      [ctx.a, ctx.b] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
      const failed = started.filter((s) => s.status === 'rejected');
      assert.equal(
        failed.length,
        0,
        `both servers start on a fresh database at once: ${failed.map((f) => f.reason?.message).join('; ')}`,
      );

      execFileSync(
        binary,
        [
          'authority',
          'add',
          '--username',
          authorityLogin.username,
          '--display-name',
          '复制测试',
          '--data-dir',
          ctx.dataDir,
          '--db',
          ctx.dbUrl,
        ],
        { input: `${authorityLogin.password}\n`, stdio: ['pipe', 'ignore', 'pipe'] },
      );
    });

    after(async () => {
      await ctx.a?.stop({ keep: true });
      await ctx.b?.stop(); // drops the database and removes the shared data directory
      if (!ctx.b) {
        ctx.a?.dropDb();
        rmSync(ctx.dataDir, { recursive: true, force: true });
      }
    });

    test('the schema was migrated once', () => {
      const versions = sql(ctx.dbUrl, 'SELECT version FROM schema_migrations ORDER BY version').split('\n').map(Number);
      assert.ok(versions.length >= 3, `migrations recorded: ${versions}`);
      assert.deepEqual(versions, [...new Set(versions)], 'each migration recorded once');
      assert.equal(sql(ctx.dbUrl, "SELECT COUNT(*) FROM counters WHERE name = 'status_seq'"), '1');
    });

    test('a session opened on A works on B; a place created on A is read on B', async () => {
      const user = await signIn(ctx.a);
      const me = await call(ctx.b, 'GET', '/api/v1/me', { token: user.token });
      assert.equal(me.status, 200, show(me));
      assert.equal(me.json.id, user.me.id);

      const place = await createPlace(ctx.a, user);
      const read = await call(ctx.b, 'GET', `/api/v1/places/${place.id}`, { token: user.token });
      assert.equal(read.status, 200, show(read));
      assert.equal(read.json.id, place.id);
      assert.equal(read.json.name, place.name);

      const out = await call(ctx.b, 'DELETE', '/api/v1/auth/sessions/current', { token: user.token });
      assert.equal(out.status, 204, show(out));
      assert.equal(
        (await call(ctx.a, 'GET', '/api/v1/me', { token: user.token })).status,
        401,
        'signed out on B is signed out on A',
      );
    });

    test('check-ins sent to both at once are stored exactly once; resends to the other server are idempotent', async () => {
      const admin = await signIn(ctx.a);
      const place = await createPlace(ctx.b, admin);
      const visitor = await citizen(ctx.a, { name: '王芳' });
      const code = (await call(ctx.b, 'GET', '/api/v1/me/code', { token: visitor.token })).json.text;
      const record = () => ({
        clientId: randomBytes(12).toString('hex'),
        placeId: place.id,
        checkpoint: 'gate',
        time: now() - 60,
        method: 'inspector-scan',
        code,
        decision: 'admit',
        status: 'green',
        reasons: [],
        temperatureClass: 'normal',
      });
      const batches = [Array.from({ length: 200 }, record), Array.from({ length: 200 }, record)];
      const ingest = (server, records) =>
        call(server, 'POST', '/api/v1/checkins', { token: admin.token, body: { records } });
      const count = () => Number(sql(ctx.dbUrl, `SELECT COUNT(*) FROM checkins WHERE place_id = '${place.id}'`));

      const first = await Promise.all([ingest(ctx.a, batches[0]), ingest(ctx.b, batches[1])]);
      for (const [i, res] of first.entries()) {
        assert.equal(res.status, 200, show(res));
        assert.deepEqual(res.json, { accepted: batches[i].map((r) => r.clientId), rejected: [] });
      }
      assert.equal(count(), 400);

      // Each batch again, to the other server, both at once and overlapping with a third copy of batch 0.
      const again = await Promise.all([
        ingest(ctx.b, batches[0]),
        ingest(ctx.a, batches[1]),
        ingest(ctx.a, batches[0]),
      ]);
      for (const [i, res] of again.entries()) {
        assert.equal(res.status, 200, show(res));
        assert.deepEqual(res.json, { accepted: batches[i === 1 ? 1 : 0].map((r) => r.clientId), rejected: [] });
      }
      assert.equal(count(), 400, 'no record stored twice');
      const ids = new Set(sql(ctx.dbUrl, `SELECT client_id FROM checkins WHERE place_id = '${place.id}'`).split('\n'));
      assert.deepEqual([...ids].sort(), [...batches[0], ...batches[1]].map((r) => r.clientId).sort());
      assert.equal(
        Number(
          sql(
            ctx.dbUrl,
            `SELECT COUNT(*) FROM checkins WHERE place_id = '${place.id}' AND person_id = '${visitor.personId}'`,
          ),
        ),
        400,
        'every record attached to the visitor on either server',
      );
    });

    test("an authority's status change on B is in A's status-list delta, with B's sequence number", async () => {
      const auth = await call(ctx.b, 'POST', '/api/v1/auth/authority-sessions', { body: authorityLogin });
      assert.equal(auth.status, 201, show(auth));
      const person = await citizen(ctx.a, { name: '赵磊' });
      const oldCode = (await call(ctx.a, 'GET', '/api/v1/me/code', { token: person.token })).json.text;
      const { verifier, seq: before } = await verifierFor(ctx.a);
      assert.equal(verifier.verify(oldCode).status, 'green');

      const changed = await call(ctx.b, 'POST', '/api/v1/authority/status', {
        token: auth.json.token,
        body: { idNumber: person.idNumber, status: 'red', reason: 'replica test' },
      });
      assert.equal(changed.status, 200, show(changed));
      assert.equal(changed.json.person.seq, before + 1);

      const delta = await statusList(ctx.a, before);
      assert.equal(delta.status, 200, show(delta));
      assert.equal(delta.json.snapshot, false);
      assert.equal(delta.json.seq, before + 1);
      const entries = payloadOf(delta.json.lists[0]).entries;
      assert.deepEqual(
        entries.map((e) => [e.s, e.q]),
        [['red', before + 1]],
      );
      verifier.update({ statusList: delta.json.lists });
      assert.equal(verifier.verify(oldCode).status, 'red', "A's delta carries B's change to a verifier");
      assert.equal((await statusList(ctx.b, before + 1)).status, 204, 'B has nothing newer either');
    });

    test('status sequence numbers stay unique under concurrent changes on both servers', async () => {
      const tokens = await Promise.all(
        [ctx.a, ctx.b].map(async (server) => {
          const res = await call(server, 'POST', '/api/v1/auth/authority-sessions', { body: authorityLogin });
          assert.equal(res.status, 201, show(res));
          return res.json.token;
        }),
      );
      const people = [];
      for (let i = 0; i < 6; i++) people.push(await citizen(i % 2 ? ctx.b : ctx.a, { name: '孙杰' }));
      const before = (await statusList(ctx.a)).json.seq;
      const statuses = ['yellow', 'orange', 'red', 'green'];
      const changes = [];
      for (let round = 0; round < 4; round++)
        for (const [i, person] of people.entries())
          for (const side of [0, 1])
            changes.push(
              call(side ? ctx.b : ctx.a, 'POST', '/api/v1/authority/status', {
                token: tokens[side],
                body: {
                  idNumber: person.idNumber,
                  status: statuses[(round + i + side) % 4],
                  reason: 'replica concurrency',
                },
              }),
            );
      const results = await Promise.all(changes);
      for (const res of results) assert.equal(res.status, 200, show(res));
      const seqs = results.map((r) => r.json.person.seq).sort((x, y) => x - y);
      assert.equal(new Set(seqs).size, seqs.length, 'no sequence number handed out twice');
      assert.deepEqual(
        seqs,
        Array.from({ length: seqs.length }, (_, i) => before + 1 + i),
        'no gaps either',
      );

      const after = (await statusList(ctx.b)).json.seq;
      assert.equal(after, before + seqs.length);
      const delta = await statusList(ctx.a, before);
      const entries = payloadOf(delta.json.lists[0]).entries;
      assert.equal(entries.length, people.length, 'the delta: the latest entry of each person');
      const rows = sql(
        ctx.dbUrl,
        `SELECT COUNT(*), COUNT(DISTINCT q), MIN(q), MAX(q) FROM status_entries WHERE q > ${before}`,
      )
        .split('|')
        .map(Number);
      assert.deepEqual(rows, [seqs.length, seqs.length, before + 1, before + seqs.length]);
      // Each person's current status is the one with the highest sequence number among their changes.
      for (const person of people) {
        const mine = results
          .filter((r) => r.json.person.id === person.personId)
          .sort((x, y) => y.json.person.seq - x.json.person.seq);
        assert.equal(
          sql(ctx.dbUrl, `SELECT status FROM people WHERE id = '${person.personId}'`),
          mine[0].json.person.status,
        );
      }
    });

    test('a key rotated on A: B signs with the new key at once and serves a trust list that has it', async () => {
      const auth = await call(ctx.a, 'POST', '/api/v1/auth/authority-sessions', { body: authorityLogin });
      assert.equal(auth.status, 201, show(auth));
      const person = await citizen(ctx.b, { name: '轮换' });
      const before = await call(ctx.b, 'GET', '/api/v1/documents/trust-list');
      const rotated = await call(ctx.a, 'POST', '/api/v1/authority/keys/rotate', {
        token: auth.json.token,
        body: { use: 'person', reason: 'replica rotation' },
      });
      assert.equal(rotated.status, 200, show(rotated));
      const trust = await call(ctx.b, 'GET', '/api/v1/documents/trust-list', {
        headers: { 'If-None-Match': before.headers.get('etag') },
      });
      assert.equal(trust.status, 200, 'B re-signed its trust list');
      const kids = payloadOf(trust.text).keys.map((k) => k.kid);
      assert.ok(kids.includes(rotated.json.next), "B publishes A's new next key");
      assert.ok(payloadOf(trust.text).seq >= payloadOf(before.text).seq, 'its seq does not go back');
      const code = (await call(ctx.b, 'GET', '/api/v1/me/code', { token: person.token })).json.text;
      assert.equal(signedBy(code, kids), rotated.json.active, 'B signs with the key A activated');
      const { verifier } = await verifierFor(ctx.a);
      assert.equal(verifier.verify(code).decision, 'admit', "A's documents verify B's new code");
      assert.equal(
        sql(ctx.dbUrl, "SELECT COUNT(*) FROM issuer_keys WHERE key_use = 'person'"),
        '3',
        'one rotation, not one per server',
      );
    });

    test('both servers sign the same bytes: the trust list, rules and status snapshot of one answer 304 at the other', async () => {
      const person = await citizen(ctx.a, { name: '同字节' }); // a status change first: the snapshot's iat is its time
      assert.ok(person.personId);
      for (const path of ['/api/v1/documents/trust-list', '/api/v1/documents/rules', '/api/v1/documents/status-list']) {
        const fromA = await call(ctx.a, 'GET', path);
        const fromB = await call(ctx.b, 'GET', path);
        assert.equal(fromA.status, 200, show(fromA));
        assert.equal(fromB.headers.get('etag'), fromA.headers.get('etag'), `${path}: one ETag from both`);
        assert.equal(fromB.text, fromA.text, `${path}: the same bytes`);
        const cross = await call(ctx.b, 'GET', path, { headers: { 'If-None-Match': fromA.headers.get('etag') } });
        assert.equal(cross.status, 304, `${path}: B answers A's ETag with 304`);
      }
    });
  });
