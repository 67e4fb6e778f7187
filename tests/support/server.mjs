// Shared by the server suites: starting greenlight-server on SQLite or PostgreSQL, calling the API,
// asserting documented errors, making people, places and sessions.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

import { createVerifier } from '../../js/index.js';

export const binary = process.env.GREENLIGHT_SERVER;
export const postgresUrl = process.env.GREENLIGHT_TEST_POSTGRES_URL;

export const backends = [
  { name: 'sqlite' },
  {
    name: 'postgresql',
    url: postgresUrl,
    skip: postgresUrl ? false : 'GREENLIGHT_TEST_POSTGRES_URL is not set (scripts/test starts a throwaway cluster)',
  },
];

// ---------------------------------------------------------------------------------------------------------
// Servers

export function psql(url, sql) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url, '-c', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    const name = `gl_api_${randomBytes(6).toString('hex')}`;
    psql(backend.url, `CREATE DATABASE ${name}`);
    const u = new URL(backend.url);
    u.pathname = `/${name}`;
    dbArgs = ['--db', u.toString()];
    dropDb = () => psql(backend.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    dbArgs = ['--db', `sqlite:${join(dataDir, 'api.db')}`];
  }
  const child = spawn(binary, ['--listen', '127.0.0.1:0', '--data-dir', dataDir, ...dbArgs, ...(demo ? ['--demo'] : []), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
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
        const m = out.match(/listening on (http:\/\/[\d.]+:\d+) \((sqlite|postgresql)\)/);
        if (m) {
          assert.equal(m[2], backend.name);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`greenlight-server exited ${code}: ${out}${err}`)));
      // Without this a binary that cannot be started (missing, being relinked) leaves nothing to wait for.
      child.on('error', (e) => reject(new Error(`cannot start ${binary}: ${e.message}`)));
    });
    return {
      url,
      dataDir,
      dbArgs,
      dropDb,
      backend: backend.name,
      // For fault tests: the process, and a promise of its exit.
      process: child,
      exited,
      async stop({ keep = false } = {}) {
        if (child.exitCode === null) {
          // SIGTERM lets the server finish; should it wait on a connection still open, it is killed after 2 s.
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
          await exited;
          clearTimeout(timer);
        }
        if (keep) return;
        try {
          dropDb();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    dropDb();
    throw e;
  }
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
  if (target.startsWith('sqlite:')) return execFileSync('sqlite3', [target.slice('sqlite:'.length), sql], { encoding: 'utf8' }).trim();
  return execFileSync('psql', ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', target, '-c', sql], { encoding: 'utf8' }).trim();
}

// ---------------------------------------------------------------------------------------------------------
// HTTP

// Calls the API: body (an object is sent as JSON, a string or Buffer as is), token, headers.
// Returns { status, headers, bytes, text, json }.
export async function call(server, method, path, { token, body, headers = {} } = {}) {
  // No keep-alive: an idle pooled connection would hold the server's shutdown up to its keep-alive timeout.
  const h = { connection: 'close', ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
  }
  const res = await fetch(server.url + path, { method, headers: h, body: payload });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let json;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json') && text) json = JSON.parse(text);
  return { status: res.status, headers: res.headers, bytes, text, json };
}

export function show(res) {
  return `${res.status} ${res.text.slice(0, 300)}`;
}

// Asserts the documented error shape: {"error": {"code", "message"}} and nothing else.
export function assertError(res, status, code, messageIncludes) {
  assert.equal(res.status, status, show(res));
  assert.ok(res.json, `a JSON error body: ${show(res)}`);
  assert.deepEqual(Object.keys(res.json), ['error']);
  assert.deepEqual(Object.keys(res.json.error).sort(), ['code', 'message']);
  assert.equal(res.json.error.code, code, show(res));
  assert.equal(typeof res.json.error.message, 'string');
  if (messageIncludes) assert.ok(res.json.error.message.includes(messageIncludes), `message names ${messageIncludes}: ${res.json.error.message}`);
}

export function assertRetryAfter(res, max) {
  const value = res.headers.get('retry-after');
  assert.match(value ?? '', /^\d+$/, 'Retry-After in seconds');
  assert.ok(Number(value) >= 1 && Number(value) <= max, `Retry-After ${value} within 1..${max}`);
}

// ---------------------------------------------------------------------------------------------------------
// People

let phoneSeq = 0;
// Distinct phone numbers, never the demo's 138000000xx.
export function newPhone() {
  phoneSeq += 1;
  return `139${String(phoneSeq).padStart(8, '0')}`;
}

export function idNumberFrom(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return first17 + '10X98765432'[sum % 11];
}

let idSeq = 0;
// Distinct valid GB 11643 numbers.
export function newIdNumber() {
  idSeq += 1;
  const birth = new Date(Date.UTC(1990, 0, 1) + Math.floor(idSeq / 900) * 86400000).toISOString().slice(0, 10).replace(/-/g, '');
  return idNumberFrom(`110105${birth}${String(100 + (idSeq % 900)).padStart(3, '0')}`);
}

export function withBadCheck(id) {
  const c = id[17] === '1' ? '2' : '1';
  return id.slice(0, 17) + c;
}

export const maskPhone = (p) => `${p.slice(0, 3)}****${p.slice(7)}`;
export const maskId = (id) => `${id.slice(0, 4)}**********${id.slice(14)}`;

export function otpFromOutbox(server, phone) {
  const file = join(server.dataDir, 'sms-outbox.jsonl');
  assert.ok(existsSync(file), 'the SMS outbox exists');
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const mine = lines.filter((l) => l.phone === phone);
  assert.ok(mine.length > 0, `an SMS to ${phone}`);
  const last = mine[mine.length - 1];
  assert.deepEqual(Object.keys(last).sort(), ['at', 'phone', 'text']);
  const m = last.text.match(/\b(\d{6})\b/);
  assert.ok(m, `a 6-digit code in ${last.text}`);
  return m[1];
}

export async function requestOtp(server, phone) {
  const res = await call(server, 'POST', '/api/v1/auth/otp', { body: { phone } });
  assert.equal(res.status, 202, show(res));
  return otpFromOutbox(server, phone);
}

// Signs a phone in; returns { token, phone, me, ... }.
export async function signIn(server, phone = newPhone()) {
  const code = await requestOtp(server, phone);
  const res = await call(server, 'POST', '/api/v1/auth/sessions', { body: { phone, code } });
  assert.equal(res.status, 201, show(res));
  return { token: res.json.token, phone, me: res.json.me };
}

export const noSymptoms = { symptoms: [], fever: false, contactWithCase: false, travel: { highRiskArea: false, regions: [] } };

// A signed-in citizen with real-name details and (unless declare is false) a declaration.
export async function citizen(server, { name = '张三', declaration = noSymptoms, phone } = {}) {
  const user = await signIn(server, phone);
  user.name = name;
  user.idNumber = newIdNumber();
  const id = await call(server, 'PUT', '/api/v1/me/identity', { token: user.token, body: { name, idNumber: user.idNumber } });
  assert.equal(id.status, 200, show(id));
  user.personId = id.json.person.id;
  if (declaration) {
    const d = await call(server, 'POST', '/api/v1/me/declarations', { token: user.token, body: declaration });
    assert.equal(d.status, 201, show(d));
  }
  return user;
}

let placeSeq = 0;
export function placeBody(extra = {}) {
  placeSeq += 1;
  return { region: '110105', address: `朝阳路 ${placeSeq} 号`, category: 'market', name: `菜市场 ${placeSeq}`, ...extra };
}

export async function createPlace(server, user, extra) {
  const res = await call(server, 'POST', '/api/v1/places', { token: user.token, body: placeBody(extra) });
  assert.equal(res.status, 201, show(res));
  return res.json;
}

export async function bind(server, user, declarationCode) {
  const res = await call(server, 'POST', '/api/v1/inspector/places', { token: user.token, body: { declarationCode } });
  assert.equal(res.status, 200, show(res));
  return res.json;
}

// The demo's health authority (docs/api.md: `--demo` makes demo-authority), signed in by password.
export const demoAuthority = { username: 'demo-authority', password: 'greenlight-demo' };
export async function authority(server) {
  const res = await call(server, 'POST', '/api/v1/auth/authority-sessions', { body: demoAuthority });
  assert.equal(res.status, 201, show(res));
  return { token: res.json.token, account: res.json.account, idNumber: idNumberFrom('11010519800505002'), name: '周敏' };
}

// ---------------------------------------------------------------------------------------------------------
// Verifier

export async function statusList(server, since) {
  const res = await call(server, 'GET', `/api/v1/documents/status-list${since === undefined ? '' : `?since=${since}`}`);
  return res;
}

// The npm verifier loaded with the server's roots, trust list, rules and current status snapshot.
export async function verifierFor(server) {
  const { roots } = (await call(server, 'GET', '/api/v1/documents/roots')).json;
  const trustList = (await call(server, 'GET', '/api/v1/documents/trust-list')).text;
  const rules = (await call(server, 'GET', '/api/v1/documents/rules')).text;
  const snapshot = await statusList(server);
  assert.equal(snapshot.status, 200, show(snapshot));
  assert.equal(snapshot.json.snapshot, true);
  const verifier = await createVerifier({ roots, trustList, rules, statusLists: snapshot.json.lists });
  return { verifier, seq: snapshot.json.seq };
}

export function fragmentOf(url) {
  const hash = new URL(url).hash;
  assert.ok(hash.startsWith('#GL1:'), `a GL1 fragment in ${url}`);
  return decodeURIComponent(hash.slice(1));
}

// RFC 9285 base45, enough to read a code's COSE bytes.
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function base45Decode(text) {
  const out = [];
  for (let i = 0; i < text.length; i += 3) {
    const [c, d, e] = [...text.slice(i, i + 3)].map((ch) => B45.indexOf(ch));
    const n = c + d * 45 + (e === undefined ? 0 : e * 45 * 45);
    if (e === undefined) out.push(n);
    else out.push(n >> 8, n & 0xff);
  }
  return Buffer.from(out);
}

// Which of `kids` (trust-list kids: base64url of 8 bytes) signed a code (GL1 text or a place code's URL):
// the one in its protected header, near the start of the COSE bytes.
export function signedBy(codeText, kids) {
  const text = codeText.startsWith('GL1:') ? codeText : fragmentOf(codeText);
  const cose = base45Decode(text.slice(4));
  const found = kids.filter((kid) => cose.subarray(0, 40).includes(Buffer.from(kid, 'base64url')));
  assert.equal(found.length, 1, `one of ${kids.join(', ')} signed ${text.slice(0, 30)}…`);
  return found[0];
}
