// Only what can still change a decision (docs/rules.md), over HTTP on SQLite and PostgreSQL: a person's status
// change is in the delta and the snapshot until --code-ttl + 65 s after it (the verifiers' 60 s of skew and 5 s
// for a code issued while the change commits), and not after; a revoked proxy code's entry until its exp + 60 s.
// Lists are read with tests/support/status-list.mjs (packed entries, read from docs/format.md). The
// server's clock is moved between restarts with GREENLIGHT_TEST_CLOCK_OFFSET (test only), each time a little
// (MARGIN) either side of a boundary, as the clock runs on while the server starts.
// Run by CTest (test `server-status-expiry`); the PostgreSQL half skips itself without GREENLIGHT_TEST_POSTGRES_URL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { call, show } from '../support/http.mjs';
import { authority, citizen, newIdNumber } from '../support/people.mjs';
import { backends, startServer } from '../support/server.mjs';
import { statusListPayload } from '../support/status-list.mjs';

const PERIOD = 6 * 3600;
const CODE_TTL = 600;
const MARGIN = 30;
// (Not support/codes.mjs's: that one loads the engine's wasm build, which this suite does not need.)
const statusList = (server, since) =>
  call(server, 'GET', `/api/v1/documents/status-list${since === undefined ? '' : `?since=${since}`}`);
const payloadOf = statusListPayload;
const realNow = () => Math.floor(Date.now() / 1000);
// An hour into a re-signing period that began at least a day ago, so every moved clock below but the proxy's is
// in the past.
const START = Math.floor((realNow() - 86400) / PERIOD) * PERIOD + 3600;

for (const backend of backends) {
  describe(`status entries expire (${backend.name})`, { skip: backend.skip }, () => {
    const ctx = {};
    // (Re)starts the server with its clock at `at`; returns the offset.
    async function clockAt(at) {
      if (ctx.server) await ctx.server.stop({ keep: true });
      ctx.offset = at - realNow();
      ctx.server = await startServer(backend, {
        demo: true,
        reuse: ctx.server,
        args: ['--rate-limit-address', '100000', '--code-ttl', String(CODE_TTL)],
        env: { GREENLIGHT_TEST_CLOCK_OFFSET: String(ctx.offset) },
      });
    }
    const serverNow = () => realNow() + ctx.offset;
    async function entries(since) {
      const res = await statusList(ctx.server, since);
      assert.equal(res.status, 200, show(res));
      assert.equal(res.json.snapshot, since === undefined);
      // Only this suite's changes: the demo data has status changes of its own (for proxy codes, kept 180 days).
      // Compared by status and q: a snapshot's and a delta's hash prefixes differ in length (docs/format.md).
      const entries = payloadOf(res.json.lists[0])
        .entries.filter((e) => e.q > ctx.seq0)
        .map(({ s, q }) => ({ s, q }));
      return { seq: res.json.seq, entries };
    }

    before(async () => {
      await clockAt(START);
      ctx.auth = await authority(ctx.server);
      ctx.alice = await citizen(ctx.server, { name: '王小明' });
      ctx.seq0 = Infinity;
      ctx.seq0 = (await entries()).seq;
      const res = await call(ctx.server, 'POST', '/api/v1/authority/status', {
        token: ctx.auth.token,
        body: { idNumber: ctx.alice.idNumber, status: 'red', reason: 'test' },
      });
      assert.equal(res.status, 200, show(res));
      ctx.changedAt = serverNow();
      ctx.seq1 = res.json.person.seq;
    });
    after(async () => {
      await ctx.server?.stop();
    });

    test('a personal code status change: in the delta and the snapshot to --code-ttl + 65 s', async () => {
      const served = await entries();
      assert.deepEqual(
        served.entries.map((e) => [e.s, e.q]),
        [['red', ctx.seq1]],
      );
      assert.deepEqual((await entries(ctx.seq0)).entries, served.entries);
      const last = ctx.changedAt + CODE_TTL + 65;

      await clockAt(last - MARGIN);
      assert.deepEqual((await entries(ctx.seq0)).entries, served.entries, 'still needed: in the delta');
      assert.deepEqual((await entries()).entries, served.entries, 'and in the snapshot');

      await clockAt(last + MARGIN);
      const delta = await entries(ctx.seq0);
      assert.equal(delta.seq, ctx.seq1);
      assert.deepEqual(delta.entries, [], 'no longer needed: gone from the delta');
      const snapshot = await entries();
      assert.equal(snapshot.seq, ctx.seq1, 'the seq stays');
      assert.deepEqual(snapshot.entries, [], 'and from the snapshot');
    });

    test("a revoked proxy code's entry stays until its exp + 60 s", async () => {
      await clockAt(START + PERIOD + 3600);
      const creator = await citizen(ctx.server, { name: '陈店长' });
      const made = await call(ctx.server, 'POST', '/api/v1/me/proxies', {
        token: creator.token,
        body: { name: '李四', idNumber: newIdNumber() },
      });
      assert.equal(made.status, 201, show(made));
      const revoked = await call(ctx.server, 'DELETE', `/api/v1/me/proxies/${made.json.id}`, { token: creator.token });
      assert.equal(revoked.status, 200, show(revoked));
      const since = ctx.seq1;
      const delta = await entries(since);
      assert.deepEqual(
        delta.entries.map((e) => e.s),
        ['revoked'],
      );
      const last = made.json.expiresAt + 60;
      await clockAt(last - MARGIN);
      assert.deepEqual((await entries(since)).entries, delta.entries, 'its code is still accepted: kept');
      await clockAt(last + MARGIN);
      assert.deepEqual((await entries(since)).entries, [], 'its code has expired: gone');
    });
  });
}
