// Check-ins sharded by place over two PostgreSQL servers (issue 16, docs/scaling.md): `shards init` is
// idempotent and refuses another layout; rows live on both shards, a place's all on one; the maintenance
// makes and drops day partitions on every shard; a shard stopped during two-lane ingest refuses only the
// batches bound for it (503 storage.unavailable with Retry-After) and, once back, every acknowledged batch
// is there whole and once. Three clusters on loopback from Debian's PostgreSQL. Run by
// scripts/lib/sharded-suites (scripts/test) with GREENLIGHT_SERVER set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { assertRetryAfter, call, show } from '../support/http.mjs';
import { manualCheckin, placeWithInspector } from '../support/people.mjs';
import { repo } from '../support/repo.mjs';
import { binary, launch } from '../support/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DAY = 86400;

function query(url, sql) {
  return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], {
    encoding: 'utf8',
  }).trim();
}

function dayTable(day) {
  return `checkins_${new Date(day * DAY * 1000).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

test(
  'sharded by place: init, rows on both shards, maintenance on each, a shard stopped during ingest',
  { skip: binary ? false : 'GREENLIGHT_SERVER is not set', timeout: 240000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-shards-'));
    chmodSync(dir, 0o755); // the clusters run as Debian's postgres user under root
    const cluster = (...args) =>
      execFileSync(join(repo, 'scripts/lib/pg-cluster'), args, { encoding: 'utf8', timeout: 120000 }).trim();
    const dirs = ['coordinator', 'shard-0', 'shard-1'].map((d) => join(dir, d));
    let server;
    try {
      const [coordinator, ...shards] = dirs.map((d) => cluster('start', d));
      const dataDir = join(dir, 'data');
      const init = (shardList) =>
        spawnSync(
          binary,
          ['shards', 'init', '--db', coordinator, ...shardList.flatMap((s) => ['--shard', s]), '--data-dir', dataDir],
          { encoding: 'utf8' },
        );
      const first = init(shards);
      assert.equal(first.status, 0, first.stderr);
      assert.deepEqual(JSON.parse(first.stdout), { shards: 2, created: true });
      const again = init(shards);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(JSON.parse(again.stdout), { shards: 2, created: false });
      const other = init([shards[1], shards[0]]);
      assert.notEqual(other.status, 0);
      assert.match(other.stderr, /shards\.mismatch/);
      for (const bad of [[shards[0], shards[0]], ['sqlite:/tmp/gl-shard.db'], ['postgresql://[::1']]) {
        const refused = init(bad);
        assert.notEqual(refused.status, 0);
        assert.match(refused.stderr, /shards\.invalid/, refused.stderr);
      }

      // The maintenance reaches every shard: a day ahead missing on shard 0 is made at start, a day past the
      // retention on shard 1 is dropped with its row.
      const today = Math.floor(Date.now() / 1000 / DAY);
      query(shards[0], `DROP TABLE ${dayTable(today + 7)}`);
      const old = today - 40;
      query(
        shards[1],
        `CREATE TABLE checkins_long_ago PARTITION OF checkins FOR VALUES FROM (${old * DAY}) TO (${(old + 1) * DAY});` +
          `INSERT INTO checkins (client_id, place_id, submitted_by, method, time, received_at, reasons) ` +
          `VALUES ('old-1', 'pl-gone', 'ac-gone', 'manual', ${old * DAY + 60}, ${old * DAY + 60}, '[]')`,
      );

      server = await launch(
        ['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--db', coordinator, '--rate-limit-address', '100000'],
        {},
      );
      server.dataDir = dataDir;
      for (let i = 0; i < 50; i++) {
        const ahead = query(shards[0], `SELECT to_regclass('${dayTable(today + 7)}') IS NOT NULL`);
        const gone = query(shards[1], `SELECT to_regclass('checkins_long_ago') IS NULL`);
        if (ahead === 't' && gone === 't') break;
        await sleep(100);
      }
      assert.equal(query(shards[0], `SELECT to_regclass('${dayTable(today + 7)}') IS NOT NULL`), 't');
      assert.equal(query(shards[1], `SELECT to_regclass('checkins_long_ago') IS NULL`), 't');

      // Places (random ids, so at least six and until both shards have some: hashing six to one shard is a
      // 1-in-32 chance): their rows spread over both shards, each place's all on one.
      const places = [];
      const shardsUsed = () => Number(query(coordinator, `SELECT COUNT(DISTINCT tableoid) FROM checkins`));
      while (places.length < 6 || (shardsUsed() < 2 && places.length < 30)) {
        const at = await placeWithInspector(server);
        const records = Array.from({ length: 10 }, () =>
          manualCheckin(at.place, { checkpoint: `warm-${places.length}` }),
        );
        const res = await call(server, 'POST', '/api/v1/checkins', { token: at.inspector.token, body: { records } });
        assert.equal(res.status, 200, show(res));
        places.push(at);
      }
      const perShard = shards.map((s) => Number(query(s, `SELECT COUNT(*) FROM checkins`)));
      assert.ok(
        perShard.every((n) => n > 0),
        `rows on both shards: ${perShard}`,
      );
      assert.equal(perShard[0] + perShard[1], 10 * places.length);
      assert.equal(
        Number(query(coordinator, `SELECT COUNT(*) FROM checkins`)),
        10 * places.length,
        'the coordinator sees them all',
      );
      const shardOf = new Map(
        query(coordinator, `SELECT DISTINCT place_id, tableoid::regclass FROM checkins`)
          .split('\n')
          .map((l) => l.split('|')),
      );
      assert.equal(shardOf.size, places.length, 'each place on one shard');
      const onShard = (n) => places.find(({ place }) => shardOf.get(place.id) === `checkins_shard_${n}`);
      const lanesAt = [onShard(0), onShard(1)];
      assert.ok(lanesAt[0] && lanesAt[1], 'places on both shards');

      // Two lanes, one per shard; shard 1 stopped for a few seconds, then back.
      const batches = [];
      let stop = false;
      let stoppedAt = 0;
      let resumedAt = 0;
      const refusals = [];
      const lane = async (n) => {
        const { place, inspector } = lanesAt[n];
        for (let i = 0; !stop; i++) {
          const batch = {
            lane: n,
            name: `lane${n}-${i}`,
            records: Array.from({ length: 50 }, () => manualCheckin(place, { checkpoint: `lane${n}-${i}` })),
            acknowledged: 0,
          };
          batches.push(batch);
          while (!batch.acknowledged) {
            const res = await call(server, 'POST', '/api/v1/checkins', {
              token: inspector.token,
              body: { records: batch.records },
            });
            if (res.status === 200) {
              assert.equal(res.json.accepted.length, 50, show(res));
              batch.acknowledged = performance.now();
            } else {
              refusals.push({ lane: n, res, at: performance.now() });
              if (stop) return;
              await sleep(100);
            }
          }
        }
      };
      const lanes = [lane(0), lane(1)];
      await sleep(1500);
      cluster('stop', dirs[2]);
      stoppedAt = performance.now();
      await sleep(3000);
      cluster('resume', dirs[2]);
      resumedAt = performance.now();
      while (!batches.some((b) => b.lane === 1 && b.acknowledged > resumedAt) && performance.now() - resumedAt < 30000)
        await sleep(100);
      await sleep(500);
      stop = true;
      await Promise.all(lanes);

      assert.ok(refusals.length > 0, 'batches for the stopped shard were refused');
      for (const { lane: n, res } of refusals) {
        assert.equal(n, 1, `only the stopped shard's lane is refused: ${show(res)}`);
        assert.equal(res.status, 503, show(res));
        assert.equal(res.json.error.code, 'storage.unavailable');
        assertRetryAfter(res, 60);
      }
      const duringOutage = batches.filter(
        (b) => b.lane === 0 && b.acknowledged > stoppedAt && b.acknowledged < resumedAt,
      );
      assert.ok(duringOutage.length > 0, 'the other shard kept taking check-ins');
      assert.ok(
        batches.some((b) => b.lane === 1 && b.acknowledged > resumedAt),
        'the stopped shard took check-ins again',
      );

      const stored = new Map(
        query(coordinator, `SELECT checkpoint, COUNT(*) FROM checkins WHERE checkpoint LIKE 'lane%' GROUP BY 1`)
          .split('\n')
          .filter(Boolean)
          .map((l) => l.split('|'))
          .map(([name, count]) => [name, Number(count)]),
      );
      const acknowledged = batches.filter((b) => b.acknowledged);
      const lost = acknowledged.filter((b) => stored.get(b.name) !== 50).map((b) => `${b.name}: ${stored.get(b.name)}`);
      assert.deepEqual(lost, [], 'every acknowledged batch is stored whole, once');
      assert.deepEqual(
        [...stored].filter(([, n]) => n !== 50),
        [],
        'no batch stored in part or twice',
      );
      console.log(
        `shards: ${acknowledged.length * 50} check-ins acknowledged over two lanes; shard 1 stopped ` +
          `${((resumedAt - stoppedAt) / 1000).toFixed(1)} s: ${refusals.length} of its batches refused with 503, ` +
          `${duringOutage.length} batches of the other shard acknowledged meanwhile; rows per shard before: ${perShard}`,
      );
    } finally {
      await server?.stop();
      for (const d of dirs) {
        try {
          cluster('stop', d);
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
