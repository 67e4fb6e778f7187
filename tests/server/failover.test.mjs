// A primary with a synchronous standby, lost during ingest (issue 16, docs/deploy.md): two checkpoints send
// check-in batches through a libpq multi-host URL; the primary's postmaster and backends are killed with -9
// and the standby promoted. Every batch acknowledged before or after is on the new primary exactly once, no
// batch in part, and the API answers again within 30 s without a restart. Loopback only, Debian's
// PostgreSQL. Run by scripts/test (step "failover") with GREENLIGHT_SERVER set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { call, show } from '../support/http.mjs';
import { authority, citizen, manualCheckin, placeWithInspector } from '../support/people.mjs';
import { repo } from '../support/repo.mjs';
import { launch } from '../support/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test(
  'kill -9 of the primary during two-lane ingest, standby promoted: nothing acknowledged lost or doubled',
  { timeout: 180000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-failover-'));
    chmodSync(dir, 0o755); // the clusters below run as Debian's postgres user under root
    const cluster = (...args) =>
      execFileSync(join(repo, 'scripts/lib/pg-cluster'), args, { encoding: 'utf8', timeout: 120000 }).trim();
    const [primary, standby] = [join(dir, 'primary'), join(dir, 'standby')];
    let server;
    try {
      const primaryUrl = new URL(cluster('start', primary));
      const standbyUrl = new URL(cluster('standby', standby, primary));
      const url =
        `postgresql://${primaryUrl.username}@${primaryUrl.host},${standbyUrl.host}/greenlight` +
        '?target_session_attrs=read-write';
      server = await launch([
        '--listen',
        '127.0.0.1:0',
        '--data-dir',
        join(dir, 'data'),
        '--db',
        url,
        '--rate-limit-address',
        '100000',
      ]);
      server.dataDir = join(dir, 'data');
      const { place, inspector } = await placeWithInspector(server);

      // Each lane sends a batch until it is acknowledged (as a checkpoint's queue does), then the next.
      const batches = [];
      let stop = false;
      let killedAt = 0;
      let backAt = 0;
      const refusals = new Map();
      const lane = async (name) => {
        for (let i = 0; !stop; i++) {
          const batch = {
            name: `${name}-${i}`,
            records: Array.from({ length: 50 }, () => manualCheckin(place, { checkpoint: `${name}-${i}` })),
            acknowledged: false,
          };
          batches.push(batch);
          while (!batch.acknowledged) {
            let res;
            try {
              res = await call(server, 'POST', '/api/v1/checkins', {
                token: inspector.token,
                body: { records: batch.records },
              });
            } catch {
              res = { status: 'connection' };
            }
            if (res.status === 200) {
              assert.equal(res.json.accepted.length, 50, show(res));
              batch.acknowledged = true;
              if (killedAt && !backAt) backAt = performance.now();
            } else {
              refusals.set(
                res.json?.error?.code ?? res.status,
                (refusals.get(res.json?.error?.code ?? res.status) ?? 0) + 1,
              );
              if (performance.now() - (killedAt || performance.now()) > 60000) return;
              await sleep(200);
            }
          }
        }
      };
      const lanes = [lane('a'), lane('b')];
      await sleep(1500);
      const before = batches.filter((b) => b.acknowledged).length;
      cluster('kill', primary);
      killedAt = performance.now();
      cluster('promote', standby);
      const promotedAfter = performance.now() - killedAt;
      // Run on until both lanes have had batches acknowledged by the new primary.
      while (!backAt && performance.now() - killedAt < 60000) await sleep(100);
      await sleep(1000);
      stop = true;
      await Promise.all(lanes);

      assert.ok(backAt, `the API answered again after the promotion (refusals: ${[...refusals]})`);
      const downSeconds = (backAt - killedAt) / 1000;
      assert.ok(downSeconds < 30, `API back within 30 s (took ${downSeconds.toFixed(1)} s)`);
      const acknowledged = batches.filter((b) => b.acknowledged);
      assert.ok(before >= 2 && acknowledged.length > before, `ingest before (${before}) and after the failover`);

      const rows = execFileSync(
        'psql',
        ['-X', '-q', '-t', '-A', standbyUrl.toString(), '-c', 'SELECT checkpoint, COUNT(*) FROM checkins GROUP BY 1'],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n')
        .map((l) => l.split('|'));
      const stored = new Map(rows.map(([name, n]) => [name, Number(n)]));
      const lost = acknowledged.filter((b) => stored.get(b.name) !== 50).map((b) => `${b.name}: ${stored.get(b.name)}`);
      assert.deepEqual(lost, [], 'every acknowledged batch is stored whole, once');
      const partial = [...stored].filter(([, n]) => n !== 50);
      assert.deepEqual(partial, [], 'no batch stored in part or twice');
      console.log(
        `failover: ${acknowledged.length * 50} check-ins acknowledged (${before * 50} before the kill), all on the ` +
          `new primary once; promoted ${(promotedAfter / 1000).toFixed(1)} s after the kill, API back after ` +
          `${downSeconds.toFixed(1)} s; refusals meanwhile: ${JSON.stringify(Object.fromEntries(refusals))}`,
      );
    } finally {
      await server?.stop();
      for (const d of [standby, primary]) {
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

// --db-read: the hot standby takes tracing previews and place statistics; sessions, the case and the audit
// row stay on the primary. The standby's own counters show it answered; the answers are the primary's; with
// the standby stopped the primary answers instead.
test(
  '--db-read: previews and statistics read from the hot standby, the primary when it is away',
  { timeout: 120000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-read-'));
    chmodSync(dir, 0o755);
    const cluster = (...args) =>
      execFileSync(join(repo, 'scripts/lib/pg-cluster'), args, { encoding: 'utf8', timeout: 120000 }).trim();
    const [primary, standby] = [join(dir, 'primary'), join(dir, 'standby')];
    const servers = [];
    try {
      const primaryUrl = cluster('start', primary);
      const standbyUrl = cluster('standby', standby, primary);
      const start = async (extra) => {
        const s = await launch(
          ['--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data'), '--db', primaryUrl, '--demo', ...extra],
          {},
        );
        s.dataDir = join(dir, 'data');
        servers.push(s);
        return s;
      };

      const plain = await start([]);
      const reading = await start(['--db-read', standbyUrl]);
      const auth = await authority(reading);
      const { admin, place } = await placeWithInspector(reading);
      const [c, x] = [await citizen(reading, { name: '病例' }), await citizen(reading, { name: '接触' })];
      for (const who of [c, x]) {
        const res = await call(reading, 'POST', '/api/v1/me/checkins', {
          token: who.token,
          body: { placeCode: place.code },
        });
        assert.equal(res.status, 201, show(res));
      }
      const now = Math.floor(Date.now() / 1000);
      const opened = await call(reading, 'POST', '/api/v1/authority/cases', {
        token: auth.token,
        body: { personId: c.personId, windowStart: now - 3600, windowEnd: now + 60, reason: 'read replica test' },
      });
      assert.equal(opened.status, 201, show(opened));

      const caseId = opened.json.case.id;
      const standbyReads = () =>
        Number(
          execFileSync(
            'psql',
            [
              '-X',
              '-q',
              '-t',
              '-A',
              standbyUrl,
              '-c',
              "SELECT xact_commit FROM pg_stat_database WHERE datname = 'greenlight'",
            ],
            { encoding: 'utf8' },
          ).trim(),
        );
      const preview = (server) =>
        call(server, 'POST', `/api/v1/authority/cases/${caseId}/preview`, {
          token: auth.token,
          body: { reason: 'check' },
        });
      const statistics = (server) =>
        call(server, 'GET', `/api/v1/places/${place.id}/statistics`, { token: admin.token });

      await sleep(300); // the standby replays what the primary committed (a synchronous standby: milliseconds)

      const before = standbyReads();
      const [fromStandby, fromPrimary] = [await preview(reading), await preview(plain)];
      const [statsStandby, statsPrimary] = [await statistics(reading), await statistics(plain)];
      await sleep(600); // statistics counters are flushed at most every 500 ms

      assert.ok(standbyReads() >= before + 2, 'the standby ran the preview and the statistics');

      assert.equal(fromStandby.status, 200, show(fromStandby));
      assert.deepEqual(fromStandby.json, fromPrimary.json);
      assert.deepEqual(
        fromStandby.json.contacts.map((k) => k.personId),
        [x.personId],
      );
      assert.equal(statsStandby.status, 200, show(statsStandby));
      assert.deepEqual(statsStandby.json, statsPrimary.json);
      // Both previews are in the audit log, written on the primary.

      const audit = await call(reading, 'GET', `/api/v1/authority/audit?limit=500&action=case.preview`, {
        token: auth.token,
      });
      assert.equal(audit.status, 200, show(audit));
      assert.ok(audit.json.entries.filter((e) => e.target === caseId).length >= 2, show(audit));

      // The standby away: as an operator would, the primary stops waiting for it (docs/deploy.md), or every
      // write would wait.
      cluster('stop', standby);
      execFileSync('psql', ['-X', '-q', primaryUrl, '-c', "ALTER SYSTEM SET synchronous_standby_names = ''"]);
      execFileSync('psql', ['-X', '-q', primaryUrl, '-c', 'SELECT pg_reload_conf()']);

      const fallback = await preview(reading);
      assert.equal(fallback.status, 200, show(fallback));
      assert.deepEqual(fallback.json.contacts, fromPrimary.json.contacts);
    } finally {
      for (const s of servers) await s.stop();
      for (const d of [standby, primary]) {
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
