// `greenlight-server backup` (issue 20): a copy taken while two checkpoints keep sending check-ins starts a
// server that holds every check-in acknowledged before the backup began, verifies the codes issued before,
// and continues the status sequence. An existing backup is never overwritten; on PostgreSQL only the keys
// are copied. Loopback only. Run by CTest (test `server-backup`) with GREENLIGHT_SERVER set.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { statusList, verifierFor } from '../support/codes.mjs';
import { call, show } from '../support/http.mjs';
import { authority, citizen, manualCheckin, placeWithInspector } from '../support/people.mjs';
import { backends, binary, launch, sqlQuery, startServer } from '../support/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mode = (file) => (statSync(file).mode & 0o777).toString(8);

// greenlight-server with `args`; resolves with { status, stdout, stderr } (never rejects on a non-zero exit).
function serverCommand(args) {
  return new Promise((resolve) => {
    execFile(binary, args, { encoding: 'utf8', timeout: 60000 }, (error, stdout, stderr) =>
      resolve({ status: error ? (error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const [sqlite, postgresql] = backends;

describe('backup on sqlite', () => {
  test(
    'a copy taken during sustained ingest: acknowledged check-ins, old codes and the status sequence carry over',
    { timeout: 120000 },
    async () => {
      const server = await startServer(sqlite, { demo: true, args: ['--rate-limit-address', '100000'] });
      const out = join(mkdtempSync(join(tmpdir(), 'gl-backup-')), 'copy');
      let restored;
      try {
        const { place, inspector } = await placeWithInspector(server);
        const person = await citizen(server, { name: '赵磊' });
        const code = (await call(server, 'GET', '/api/v1/me/code', { token: person.token })).json.text;
        const auth = await authority(server);
        const changed = await call(server, 'POST', '/api/v1/authority/status', {
          token: auth.token,
          body: { idNumber: person.idNumber, status: 'yellow', reason: 'backup test' },
        });
        assert.equal(changed.status, 200, show(changed));
        const seq = changed.json.person.seq;

        // Two checkpoints sending 50-record batches back to back until the backup is done.
        const batches = [];
        let stop = false;
        const lane = async (name) => {
          for (let i = 0; !stop; i++) {
            const batch = {
              records: Array.from({ length: 50 }, () => manualCheckin(place, { checkpoint: `${name}-${i}` })),
              acknowledged: false,
            };
            batches.push(batch);
            const res = await call(server, 'POST', '/api/v1/checkins', {
              token: inspector.token,
              body: { records: batch.records },
            });
            assert.equal(res.status, 200, show(res));
            assert.equal(res.json.accepted.length, 50);
            batch.acknowledged = true;
          }
        };
        const lanes = [lane('a'), lane('b')];
        await sleep(800);
        const acknowledgedBefore = batches.filter((b) => b.acknowledged);
        const backup = await serverCommand(['backup', ...server.dbArgs, '--data-dir', server.dataDir, '--out', out]);
        await sleep(300); // ingest goes on after the copy too
        stop = true;
        await Promise.all(lanes);
        assert.equal(backup.status, 0, backup.stderr);
        assert.ok(
          acknowledgedBefore.length >= 2,
          `ingest ran before the backup (${acknowledgedBefore.length} batches)`,
        );
        const acknowledged = batches.filter((b) => b.acknowledged).length;
        assert.ok(acknowledged > acknowledgedBefore.length, 'ingest went on while the backup ran');

        const report = JSON.parse(backup.stdout);
        assert.equal(report.database, join(out, 'greenlight.db'));
        assert.equal(report.databaseBytes, statSync(report.database).size);
        assert.ok(report.keyFiles.includes('keys/pii.key'), report.keyFiles.join(', '));
        assert.ok(report.keyFiles.includes('keys/root.key.json'));
        for (const file of [report.database, ...report.keyFiles.map((f) => join(out, f))])
          assert.equal(mode(file), '600', `${file} is 0600`);
        assert.equal(mode(out), '700');
        assert.equal(existsSync(`${report.database}.partial`), false);

        const db = `sqlite:${report.database}`;
        restored = await launch(['--listen', '127.0.0.1:0', '--db', db, '--data-dir', out]);
        restored.dbArgs = ['--db', db];
        const stored = new Set(sqlQuery(restored, 'SELECT client_id FROM checkins').split('\n'));
        const missing = acknowledgedBefore.flatMap((b) => b.records).filter((r) => !stored.has(r.clientId));
        assert.deepEqual(missing.length, 0, 'every check-in acknowledged before the backup began is in the copy');
        console.log(
          `backup: ${acknowledgedBefore.length * 50} check-ins acknowledged before it, ${stored.size} in the copy, ` +
            `${acknowledged * 50} acknowledged in all; ${report.databaseBytes} bytes`,
        );

        const { verifier, seq: restoredSeq } = await verifierFor(restored);
        assert.equal(restoredSeq, seq, 'the copy publishes the status sequence where it was');
        const verified = verifier.verify(code);
        assert.equal(verified.valid, true, JSON.stringify(verified));
        assert.equal(verified.status, 'yellow');

        const restoredAuth = await authority(restored);
        const next = await call(restored, 'POST', '/api/v1/authority/status', {
          token: restoredAuth.token,
          body: { idNumber: person.idNumber, status: 'red', reason: 'backup test, after the restore' },
        });
        assert.equal(next.status, 200, show(next));
        assert.equal(next.json.person.seq, seq + 1, 'the status sequence continues');
        const delta = await statusList(restored, seq);
        assert.equal(delta.status, 200, show(delta));
        verifier.update({ statusList: delta.json.lists });
        assert.equal(verifier.verify(code).status, 'red');

        // Never over an earlier backup.
        const again = await serverCommand(['backup', ...server.dbArgs, '--data-dir', server.dataDir, '--out', out]);
        assert.equal(again.status, 1);
        assert.match(again.stderr, /backup\.exists/);
      } finally {
        await restored?.stop();
        await server.stop();
        rmSync(join(out, '..'), { recursive: true, force: true });
      }
    },
  );

  test('bad invocations: no --out is a usage error; a missing database is storage.unavailable and creates nothing', async () => {
    const usage = await serverCommand(['backup', '--data-dir', tmpdir()]);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /backup needs --out DIR/);
    const dir = mkdtempSync(join(tmpdir(), 'gl-backup-missing-'));
    try {
      const res = await serverCommand(['backup', '--data-dir', join(dir, 'data'), '--out', join(dir, 'copy')]);
      assert.equal(res.status, 1);
      assert.match(res.stderr, /storage\.unavailable/);
      assert.equal(existsSync(join(dir, 'data')), false, 'nothing created where the data was expected');
      assert.equal(existsSync(join(dir, 'copy', 'greenlight.db')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('backup on postgresql copies the keys and names PostgreSQL’s own tools', { skip: postgresql.skip }, async () => {
  const server = await startServer(postgresql);
  const out = join(mkdtempSync(join(tmpdir(), 'gl-backup-pg-')), 'copy');
  try {
    const res = await serverCommand(['backup', ...server.dbArgs, '--data-dir', server.dataDir, '--out', out]);
    assert.equal(res.status, 0, res.stderr);
    const report = JSON.parse(res.stdout);
    assert.equal(report.database, null);
    assert.ok(report.keyFiles.includes('keys/pii.key'));
    for (const f of report.keyFiles) assert.equal(mode(join(out, f)), '600');
    assert.match(res.stderr, /pg_basebackup/);
  } finally {
    await server.stop();
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});
