// Per-day pseudonyms in dynamic codes (docs/format.md "Subjects"), on SQLite and PostgreSQL: a person's codes
// of different days carry different subjects, a status change still reaches every code a checkpoint would
// accept, a scanned code still leads to its person for tracing, and someone holding an earlier day's code
// cannot follow the person's later status changes in the public status list. The server's clock is moved
// between restarts with GREENLIGHT_TEST_CLOCK_OFFSET (test only) to issue codes on chosen days.
// Run by CTest (test `server-pseudonyms`); the PostgreSQL half skips itself without GREENLIGHT_TEST_POSTGRES_URL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { statusList, verifierFor } from '../support/codes.mjs';
import { call, show } from '../support/http.mjs';
import { authority, citizen, createPlace } from '../support/people.mjs';
import { backends, sqlQuery, startServer } from '../support/server.mjs';
import { entryHash, statusListPayload } from '../support/status-list.mjs';

const DAY = 86400;
const get = (server, token, path) => call(server, 'GET', path, { token });
const post = (server, token, path, body) => call(server, 'POST', path, { token, body });
const payloadOf = statusListPayload;

// M: the last UTC midnight at least two hours ago (2 to 26 hours ago), so every moved clock below up to M + 1 h
// is in the past, documents signed then are still valid now (a status list lives until the second midnight
// after it is signed: at least 22 hours ahead), and all is within a session's lifetime of the first. (It was
// "between one and two days ago" minus two hours, which made status lists expired for runs after 00:00 UTC.)
const realNow = () => Math.floor(Date.now() / 1000);
const M = Math.floor((realNow() - 2 * 3600) / DAY) * DAY;

for (const backend of backends) {
  describe(`per-day pseudonyms (${backend.name})`, { skip: backend.skip }, () => {
    const ctx = {};
    // (Re)starts the server with its clock at `at`.
    async function clockAt(at) {
      if (ctx.server) await ctx.server.stop({ keep: true });
      ctx.server = await startServer(backend, {
        demo: true,
        reuse: ctx.server,
        args: ['--rate-limit-address', '100000'],
        env: { GREENLIGHT_TEST_CLOCK_OFFSET: String(at - realNow()) },
      });
      ctx.auth = await authority(ctx.server); // staff sessions last 12 hours
    }
    const codeOf = async (who) => {
      const res = await get(ctx.server, who.token, '/api/v1/me/code');
      assert.equal(res.status, 200, show(res));
      return res.json;
    };
    const subOf = (verifier, text, now) => verifier.verify(text, { now }).credential.sub;
    const setStatus = async (who, status) => {
      const res = await post(ctx.server, ctx.auth.token, '/api/v1/authority/status', {
        idNumber: who.idNumber,
        status,
        reason: 'test',
      });
      assert.equal(res.status, 200, show(res));
      return res.json.person.seq;
    };

    before(async () => {
      await clockAt(M - DAY + 3600); // the day before M, 01:00
      ctx.alice = await citizen(ctx.server, { name: '王小明' });
      ctx.bob = await citizen(ctx.server, { name: '李大力' });
      ctx.admin = await citizen(ctx.server, { name: '陈店长' });
      ctx.place = await createPlace(ctx.server, ctx.admin);
      ctx.codes = { early: await codeOf(ctx.alice) };
    });
    after(async () => {
      await ctx.server?.stop();
    });

    test('codes of one day share a subject; the next day has another, unlinkable to people.subject', async () => {
      await clockAt(M - 120); // 23:58 the day before M
      ctx.codes.late = await codeOf(ctx.alice);
      await clockAt(M + 60); // 00:01 on M's day
      ctx.codes.today = await codeOf(ctx.alice);
      ctx.codes.bob = await codeOf(ctx.bob);
      const { verifier } = await verifierFor(ctx.server);
      const [early, late, today] = [ctx.codes.early, ctx.codes.late, ctx.codes.today].map((c) =>
        subOf(verifier, c.text, c.issuedAt),
      );
      ctx.subs = { late, today };
      assert.equal(late, early, 'one pseudonym a day');
      assert.notEqual(today, late, 'a new day, a new subject');
      assert.match(today, /^[A-Za-z0-9_-]{22}$/, 'the shape of a random 128-bit subject');
      const base = sqlQuery(ctx.server, `SELECT subject FROM people WHERE id = '${ctx.alice.personId}'`);
      assert.ok(![early, today].includes(base), 'people.subject is never in a code');
      const recorded = sqlQuery(
        ctx.server,
        `SELECT pseudonym FROM subject_pseudonyms WHERE person_id = '${ctx.alice.personId}' ORDER BY day`,
      );
      assert.deepEqual(recorded.split('\n'), [late, today], 'each issued pseudonym recorded once');
    });

    test("a status change is enforced offline on codes issued before it, yesterday's still-valid one too", async () => {
      const checkpoint = await verifierFor(ctx.server);
      const at = M + 70;
      for (const c of [ctx.codes.late, ctx.codes.today])
        assert.equal(checkpoint.verifier.verify(c.text, { now: at }).decision, 'admit');
      ctx.redSeq = await setStatus(ctx.alice, 'red');
      const delta = await statusList(ctx.server, checkpoint.seq);
      assert.equal(delta.status, 200, show(delta));
      const list = payloadOf(delta.json.lists[0]);
      assert.ok(
        list.find(entryHash(ctx.subs.today)) && list.find(entryHash(ctx.subs.late)),
        'both live pseudonyms published',
      );
      const base = sqlQuery(ctx.server, `SELECT subject FROM people WHERE id = '${ctx.alice.personId}'`);
      assert.ok(!list.find(entryHash(base)), 'a new database has no codes with people.subject: never published');
      checkpoint.verifier.update({ statusList: delta.json.lists });
      for (const c of [ctx.codes.late, ctx.codes.today]) {
        const r = checkpoint.verifier.verify(c.text, { now: at });
        assert.deepEqual([r.credential.status, r.status, r.decision], ['green', 'red', 'deny'], 'the status list wins');
      }
    });

    test('a scanned code of the day leads to its person: check-ins and tracing see one person', async () => {
      await clockAt(M + 3600); // 01:00 on M's day
      const record = (code, clientId) => ({
        clientId,
        placeId: ctx.place.id,
        time: M + 100,
        method: 'inspector-scan',
        code: code.text,
        decision: 'admit',
        status: 'green',
        reasons: [],
        temperatureClass: 'normal',
      });
      const ingest = await post(ctx.server, ctx.admin.token, '/api/v1/checkins', {
        records: [
          record(ctx.codes.today, `a-${randomBytes(4).toString('hex')}`),
          record(ctx.codes.bob, `b-${randomBytes(4).toString('hex')}`),
        ],
      });
      assert.equal(ingest.status, 200, show(ingest));
      assert.deepEqual(ingest.json.rejected, []);
      const mine = (await get(ctx.server, ctx.alice.token, '/api/v1/me/checkins')).json.checkins;
      assert.deepEqual(
        mine.map((c) => [c.place.id, c.time]),
        [[ctx.place.id, M + 100]],
        'the visit is linked to Alice',
      );
      const opened = await post(ctx.server, ctx.auth.token, '/api/v1/authority/cases', {
        personId: ctx.alice.personId,
        windowStart: M - 3600,
        windowEnd: M + 3000,
        reason: 'positive test',
      });
      assert.equal(opened.status, 201, show(opened));
      const preview = await post(ctx.server, ctx.auth.token, `/api/v1/authority/cases/${opened.json.case.id}/preview`, {
        reason: 'trace',
      });
      assert.equal(preview.status, 200, show(preview));
      assert.deepEqual(
        preview.json.visits.map((v) => v.placeId),
        [ctx.place.id],
      );
      assert.deepEqual(
        preview.json.contacts.map((c) => c.personId),
        [ctx.bob.personId],
        'Bob, scanned beside her, is a contact',
      );
    });

    test("whoever kept yesterday's code cannot follow today's changes in the public status list", async () => {
      const before = (await statusList(ctx.server)).json.seq;
      const q = await setStatus(ctx.alice, 'orange');
      const delta = payloadOf((await statusList(ctx.server, before)).json.lists[0]);
      assert.deepEqual(
        delta.entries.map((e) => [e.s, e.q]),
        [['orange', q]],
        "only today's pseudonym moves",
      );
      assert.ok(delta.find(entryHash(ctx.subs.today)), "only today's pseudonym moves");
      // Yesterday's red entry no longer matters (every code of that day has expired: docs/rules.md "Only what
      // can still change a decision"), so the snapshot leaves it out; it never takes today's orange either.
      const snapshot = payloadOf((await statusList(ctx.server)).json.lists[0]);
      assert.equal(snapshot.find(entryHash(ctx.subs.late)), undefined, "yesterday's entry is no longer needed");
      assert.deepEqual(
        snapshot.entries.filter((e) => e.q === q).map((e) => e.s),
        ['orange'],
        "today's pseudonym alone carries the change",
      );
      // Alice's new code of the day carries today's pseudonym and the new status.
      const fresh = await codeOf(ctx.alice);
      const { verifier } = await verifierFor(ctx.server);
      const r = verifier.verify(fresh.text, { now: fresh.issuedAt });
      assert.deepEqual([r.credential.sub, r.credential.status, r.decision], [ctx.subs.today, 'orange', 'deny']);
    });

    test('maintenance drops pseudonyms once their check-ins can no longer be ingested', async () => {
      await clockAt(M + 29 * DAY + 3600); // past the 28 days of retention for the day before M
      const done = await post(ctx.server, ctx.auth.token, '/api/v1/authority/maintenance', { reason: 'retention' });
      assert.equal(done.status, 200, show(done));
      assert.equal(typeof done.json.purged.pseudonyms, 'number'); // the run at start may have purged them already
      const left = sqlQuery(
        ctx.server,
        `SELECT pseudonym FROM subject_pseudonyms WHERE person_id = '${ctx.alice.personId}'`,
      );
      assert.deepEqual(left.split('\n'), [ctx.subs.today], "the day before M's is gone, M's is still needed");
    });
  });
}

// A database that had people before per-day pseudonyms: codes carrying people.subject may still be on
// screens, so for a day after the first start a change is published under people.subject too; after that
// it never is again.
for (const backend of backends) {
  describe(`codes from before per-day pseudonyms (${backend.name})`, { skip: backend.skip }, () => {
    test('people.subject is published for a day after the upgrade, then no more', async () => {
      let server = await startServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });
      try {
        const person = await citizen(server, { name: '赵老人' });
        const base = sqlQuery(server, `SELECT subject FROM people WHERE id = '${person.personId}'`);
        // As migration 0006 leaves a database that had account holders.
        sqlQuery(server, "UPDATE counters SET value = -1 WHERE name = 'legacy_subject_codes_until'");
        const published = async (status) => {
          const auth = await authority(server);
          const before = (await statusList(server)).json.seq;
          const res = await post(server, auth.token, '/api/v1/authority/status', {
            idNumber: person.idNumber,
            status,
            reason: 'test',
          });
          assert.equal(res.status, 200, show(res));
          return Boolean(payloadOf((await statusList(server, before)).json.lists[0]).find(entryHash(base)));
        };
        await server.stop({ keep: true });
        server = await startServer(backend, { demo: true, reuse: server, args: ['--rate-limit-address', '100000'] });
        const until = Number(sqlQuery(server, "SELECT value FROM counters WHERE name = 'legacy_subject_codes_until'"));
        assert.ok(
          until > realNow() + DAY - 60 && until < realNow() + DAY + 3600,
          `about a day from the first start: ${until}`,
        );
        assert.equal(await published('yellow'), true, 'while old codes may live');
        await server.stop({ keep: true });
        server = await startServer(backend, {
          demo: true,
          reuse: server,
          args: ['--rate-limit-address', '100000'],
          env: { GREENLIGHT_TEST_CLOCK_OFFSET: String(DAY + 3600) },
        });
        assert.equal(
          Number(sqlQuery(server, "SELECT value FROM counters WHERE name = 'legacy_subject_codes_until'")),
          until,
          'set once',
        );
        assert.equal(await published('orange'), false, 'a day later: no more');
      } finally {
        await server.stop();
      }
    });
  });
}
