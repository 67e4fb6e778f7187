// greenlight-server end to end on loopback: keys on first start, signed documents that the npm
// verifier accepts, ETags, JSON errors, and the same keys after a restart.
// Run by CTest with GREENLIGHT_SERVER pointing at the built binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createVerifier } from '../../js/index.js';
import { binary, httpsGet, launch, startTlsServer } from '../support/server.mjs';

const dataDir = mkdtempSync(join(tmpdir(), 'gl-server-'));

// Starts the server on a free port; resolves with { url, stop }.
const start = () => launch(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--issuer', 'gl:test']);

test('documents verify, refresh by ETag, and keys survive a restart', async () => {
  let server = await start();
  try {
    for (const name of ['root.key.json', 'person.key.json', 'rules.key.json', 'status.key.json', 'pii.key'])
      assert.equal(statSync(join(dataDir, 'keys', name)).mode & 0o777, 0o600, name);
    const { roots } = await (await fetch(`${server.url}/api/v1/documents/roots`)).json();
    const docs = {};
    for (const name of ['trust-list', 'rules', 'status-list']) {
      const res = await fetch(`${server.url}/api/v1/documents/${name}`);
      assert.equal(res.status, 200);
      const etag = res.headers.get('etag');
      assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
      docs[name] = await res.text();
      const again = await fetch(`${server.url}/api/v1/documents/${name}`, { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304);
    }
    // The status list comes as {"seq", "snapshot", "lists": [JWS]} (docs/api.md).
    const status = JSON.parse(docs['status-list']);
    assert.equal(status.snapshot, true);
    const v = await createVerifier({
      roots,
      trustList: docs['trust-list'],
      rules: docs.rules,
      statusLists: status.lists,
    });
    const info = v.info();
    assert.equal(info.trustList.keys, 12, 'per use an active key and the next one (docs/api.md "Issuer keys")');
    assert.equal(info.rules.builtIn, false);
    assert.equal(info.statusList.entries, 0);

    const missing = await fetch(`${server.url}/api/v1/nothing`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, 'http.not_found');

    await server.stop();
    server = await start();
    const after = await (await fetch(`${server.url}/api/v1/documents/roots`)).json();
    assert.deepEqual(after.roots, roots);
  } finally {
    await server.stop();
  }
});

test('bad settings exit 2 with a message', async () => {
  const child = spawn(binary, ['--listen', 'nonsense'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const code = await new Promise((r) => child.on('exit', r));
  assert.equal(code, 2);
  // A read replica only beside a PostgreSQL primary, and only a postgresql:// one; shards init needs a shard.
  for (const args of [
    ['--db', 'sqlite:/tmp/gl-never.db', '--db-read', 'postgresql://127.0.0.1:1/x'],
    ['--db', 'postgresql://127.0.0.1:1/x', '--db-read', 'sqlite:/tmp/gl-never.db'],
    ['shards', 'init', '--db', 'postgresql://127.0.0.1:1/x'],
    ['shards', 'split'],
  ]) {
    const bad = spawnSync(binary, args, { encoding: 'utf8' });
    assert.equal(bad.status, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, /--db-read|shards/);
  }
  // A personal code's life: whole seconds, from 1 up to a day.
  for (const value of ['0', '-5', '30s', '86401', '']) {
    const bad = spawnSync(binary, ['--code-ttl', value], { encoding: 'utf8' });
    assert.equal(bad.status, 2, `--code-ttl ${value}: ${bad.stderr}`);
    assert.match(bad.stderr, /--code-ttl/);
    if (value === '') continue; // an empty variable is no variable: the server would start
    const badEnv = spawnSync(binary, [], { encoding: 'utf8', env: { ...process.env, GREENLIGHT_CODE_TTL: value } });
    assert.equal(badEnv.status, 2, `GREENLIGHT_CODE_TTL=${value}: ${badEnv.stderr}`);
    assert.match(badEnv.stderr, /GREENLIGHT_CODE_TTL|--code-ttl/);
  }
});

test('with --tls-cert/--tls-key it serves HTTPS (browsers open the camera only on HTTPS or localhost)', async () => {
  const server = await startTlsServer();
  try {
    const body = await httpsGet(`${server.url}/api/v1/health`, server.ca);
    assert.equal(body.status, 200);
    assert.equal(JSON.parse(body.text).status, 'ok');
  } finally {
    await server.stop();
  }
  try {
    const half = spawn(
      binary,
      ['--listen', '127.0.0.1:0', '--data-dir', join(server.dir, 'data2'), '--tls-cert', server.cert],
      { stdio: 'ignore' },
    );
    assert.equal(await new Promise((r) => half.on('exit', r)), 2);
  } finally {
    await server.remove();
  }
});

test('the database and the log hold no name, phone or ID number in clear (demo data on SQLite)', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'gl-pii-'));
  const server = await launch(['--listen', '127.0.0.1:0', '--data-dir', dir, '--demo']);
  try {
    // A failing request or two, so the log has something in it.
    await fetch(`${server.url}/api/v1/me`, { headers: { authorization: 'Bearer nope' } });
    await fetch(`${server.url}/api/v1/auth/otp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"phone":"13800000003"',
    });
  } finally {
    await server.stop();
  }
  const log = server.stderr();
  // What the demo stored (docs: engine/server/domain/demo.cpp): names, phones and ID numbers, in clear nowhere.
  const secrets = [
    '张伟',
    '李秀英',
    '吴刚',
    '王芳',
    '13800000003',
    '13900000007',
    '110105199206150030',
    '11010519920615003',
    '13800000001',
  ];
  const files = readdirSync(dir).filter((f) => f.startsWith('greenlight.db'));
  assert.ok(files.length >= 1, 'the database exists');
  let placeNames = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    for (const secret of secrets) assert.equal(bytes.indexOf(Buffer.from(secret)), -1, `${secret} in ${file}`);
    if (bytes.indexOf(Buffer.from('朝阳菜市场')) !== -1) placeNames++;
  }
  assert.ok(placeNames > 0, 'the search works: place names (not personal data) are stored in clear');
  for (const secret of secrets) assert.ok(!log.includes(secret), `${secret} in the log`);
});
