// greenlight-server for the server suites: started on loopback with its own data dir, on SQLite or
// PostgreSQL (or over TLS), one per group of tests, and its database read back.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const binary = process.env.GREENLIGHT_SERVER;
export const postgresUrl = process.env.GREENLIGHT_TEST_POSTGRES_URL;
// The sharded run (scripts/lib/sharded-suites): GREENLIGHT_TEST_POSTGRES_URL is the coordinator's cluster,
// these the shards' (comma-separated); every PostgreSQL database a suite makes is laid out over them.
export const shardUrls = (process.env.GREENLIGHT_TEST_SHARD_URLS || '').split(',').filter(Boolean);
// "postgresql": run the PostgreSQL halves only (the sharded run has seen SQLite pass already).
const onlyBackend = process.env.GREENLIGHT_TEST_BACKENDS;

export const backends = [
  {
    name: 'sqlite',
    skip: onlyBackend && onlyBackend !== 'sqlite' ? `GREENLIGHT_TEST_BACKENDS=${onlyBackend}` : false,
  },
  {
    name: 'postgresql',
    url: postgresUrl,
    skip: postgresUrl ? false : 'GREENLIGHT_TEST_POSTGRES_URL is not set (scripts/test starts a throwaway cluster)',
  },
];

// `describe(`${title} on ${backend}`)` per backend; a backend that cannot run gets a skipped test (not a
// skipped suite), so the runner's summary counts it as skipped.
export function describeOnEachBackend(title, body) {
  for (const backend of backends) {
    if (backend.skip) test(`${title} on ${backend.name}`, { skip: backend.skip }, () => {});
    else describe(`${title} on ${backend.name}`, () => body(backend));
  }
}

export function psql(url, sql) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

// A new PostgreSQL database `name` on the cluster at `clusterUrl`; in the sharded run also one of that name
// on each shard cluster, the coordinator laid out over them (`greenlight-server shards init`).
// Returns { url, drop }.
export function createPostgresDatabase(clusterUrl, name, { program = binary } = {}) {
  const targets = [clusterUrl, ...shardUrls];
  for (const target of targets) psql(target, `CREATE DATABASE ${name}`);
  const drop = () => {
    for (const target of targets) psql(target, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  const url = withDatabase(clusterUrl, name);
  if (shardUrls.length > 0) {
    const dataDir = mkdtempSync(join(tmpdir(), 'gl-shards-'));
    try {
      const shards = shardUrls.flatMap((s) => ['--shard', withDatabase(s, name)]);
      execFileSync(program, ['shards', 'init', '--db', url, ...shards, '--data-dir', dataDir], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      drop();
      throw new Error(`shards init failed: ${e.stderr || e.message}`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return { url, drop };
}

// Runs greenlight-server with `args` (which put it on 127.0.0.1); resolves once it says where it listens, with
// { url, process, exited, stdout(), stderr(), stop() }. `env`: extra environment variables; `program`: the
// binary, when not GREENLIGHT_SERVER.
export async function launch(args, { env = {}, program = binary } = {}) {
  if (!program) throw new Error('set GREENLIGHT_SERVER to the greenlight-server binary');
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise((r) => {
    child.on('exit', r);
    child.on('error', r);
  });
  try {
    const url = await new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        // The whole line: it names the database too.
        const m = out.match(/listening on (https?:\/\/[\d.]+:\d+)[^\n]*\n/);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`greenlight-server exited ${code}: ${out}${err}`)));
      // Without this a binary that cannot be started (missing, being relinked) leaves nothing to wait for.
      child.on('error', (e) => reject(new Error(`cannot start ${program}: ${e.message}`)));
    });
    return {
      url,
      process: child,
      exited,
      stdout: () => out,
      stderr: () => err,
      async stop() {
        if (child.exitCode === null) {
          // SIGTERM lets the server finish; should it wait on a connection still open, it is killed after 2 s.
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
          await exited;
          clearTimeout(timer);
        }
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

// Starts greenlight-server with its own data dir (and its own PostgreSQL database); resolves with
// { url, dataDir, dbArgs, stop }. `reuse`: a server stopped with stop({ keep: true }) whose data dir and
// database this one takes over (a restart). `env`: extra environment variables (GREENLIGHT_TEST_CLOCK_OFFSET).
export async function startServer(backend, { demo = false, args = [], reuse, env = {} } = {}) {
  if (!binary) throw new Error('set GREENLIGHT_SERVER to the greenlight-server binary');
  const dataDir = reuse ? reuse.dataDir : mkdtempSync(join(tmpdir(), 'gl-api-'));
  let dbArgs = [];
  let dropDb = () => {};
  if (reuse) {
    dbArgs = reuse.dbArgs;
    dropDb = reuse.dropDb;
  } else if (backend.name === 'postgresql') {
    const made = createPostgresDatabase(backend.url, `gl_api_${randomBytes(6).toString('hex')}`);
    dbArgs = ['--db', made.url];
    dropDb = made.drop;
  } else {
    dbArgs = ['--db', `sqlite:${join(dataDir, 'api.db')}`];
  }
  let server;
  try {
    server = await launch(
      ['--listen', '127.0.0.1:0', '--data-dir', dataDir, ...dbArgs, ...(demo ? ['--demo'] : []), ...args],
      { env },
    );
  } catch (e) {
    dropDb();
    throw e;
  }
  assert.equal(server.stdout().match(/listening on \S+ \((sqlite|postgresql)\)/)?.[1], backend.name);
  return {
    url: server.url,
    dataDir,
    dbArgs,
    dropDb,
    backend: backend.name,
    // For fault tests: the process, and a promise of its exit.
    process: server.process,
    // What it wrote so far (log tests).
    stdout: server.stdout,
    stderr: server.stderr,
    exited: server.exited,
    async stop({ keep = false } = {}) {
      await server.stop();
      if (keep) return;
      try {
        dropDb();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

// One server per group of tests, started before them and stopped after them.
export function useServer(backend, options) {
  const holder = {};
  before(async () => {
    holder.server = await startServer(backend, options);
  });
  after(async () => {
    await holder.server?.stop();
  });
  return holder;
}

// One SQL statement on a server's database (sqlite3 or psql); its rows as text, columns split by '|'.
export function sqlQuery(server, sql) {
  const [, target] = server.dbArgs;
  if (target.startsWith('sqlite:'))
    return execFileSync('sqlite3', [target.slice('sqlite:'.length), sql], { encoding: 'utf8' }).trim();
  return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', target, '-c', sql], {
    encoding: 'utf8',
  }).trim();
}

// ---------------------------------------------------------------------------------------------------------
// TLS

// greenlight-server over HTTPS with a fresh self-signed certificate for 127.0.0.1 (openssl), data in a temp
// dir; resolves with launch()'s fields and { dir, cert, key, ca, remove() }: cert and key are file paths, ca
// the certificate's bytes for a client to trust; remove() stops the server and deletes the dir.
export async function startTlsServer(prefix = 'gl-tls-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const server = await launch([
      '--listen',
      '127.0.0.1:0',
      '--data-dir',
      join(dir, 'data'),
      '--tls-cert',
      cert,
      '--tls-key',
      key,
    ]);
    return {
      ...server,
      dir,
      cert,
      key,
      ca: readFileSync(cert),
      async remove() {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

// GET over HTTPS trusting only `ca`; resolves with { status, headers, text }.
export function httpsGet(url, ca) {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    })
      .on('error', reject)
      .end();
  });
}
