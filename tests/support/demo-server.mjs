// Shared by the end-to-end suites and the console tests (tests/web/*-console.test.mjs): the real
// greenlight-server (SQLite in a temp dir, --demo, serving web/dist or a build of the test's own) and small
// helpers to drive its API and read its demo SMS outbox.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildPage, repo } from '../web/fixtures.mjs';

export const SERVER = process.env.GREENLIGHT_SERVER ?? join(repo, 'build/native/bin/greenlight-server');
export const fakeCamera = (y4m) => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`];

let server; // { url, proc, output, dataDir }

async function freePort() {
  const s = net.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function spawnServer(dataDir, webDir) {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}/`;
  const proc = spawn(SERVER, ['--listen', `127.0.0.1:${port}`, '--db', `sqlite:${join(dataDir, 'greenlight.db')}`, '--data-dir', dataDir,
    '--web-dir', webDir, '--demo', '--public-url', publicUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`greenlight-server did not start:\n${output}`)), 20000);
    const onData = (d) => {
      output += d;
      const m = output.match(/greenlight-server listening on (http:\/\/[^\s]+)/);
      if (m) (clearTimeout(timer), resolve(m[1].replace(/\/$/, '')));
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d) => (output += d));
    proc.on('error', (e) => (clearTimeout(timer), reject(e)));
    proc.on('exit', (code) => (clearTimeout(timer), reject(new Error(`greenlight-server exited ${code}:\n${output}`))));
  });
  proc.stdout.on('data', (d) => (server.output += d));
  proc.stderr.on('data', (d) => (server.output += d));
  return { url, proc, output };
}

/**
 * Builds the pages and starts the server; call from a `before` hook. By default the pages are built into
 * web/dist. `ownBuild`: build them into the server's temp dir instead, so as not to race other test files
 * building web/dist at the same time; `webDir`: serve this already built directory (no build). `prefix`
 * names the temp dir.
 */
export async function startE2EServer({ ownBuild = false, webDir = null, prefix = 'gl-e2e-' } = {}) {
  assert.ok(existsSync(SERVER), `${SERVER} is built (cmake --build build/native --target greenlight_server)`);
  if (!webDir && !ownBuild) webDir = buildPage(); // web/dist, which the server serves
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  try {
    if (!webDir) webDir = buildPage(join(dataDir, 'dist'));
    server = await spawnServer(dataDir, webDir);
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  server.dataDir = dataDir;
  return server;
}

/** Stops the server and removes its data; call from an `after` hook. */
export async function stopE2EServer() {
  if (server?.proc.exitCode === null) {
    server.proc.kill('SIGTERM');
    await new Promise((resolve) => server.proc.once('exit', resolve));
  }
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
}

/** fetch against the server; JSON in and out; throws with the server's error on a non-2xx answer. */
export async function api(method, path, { token, body, expect } = {}) {
  const res = await fetch(server.url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (expect !== undefined ? res.status !== expect : !res.ok) {
    throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
  }
  return json;
}

let phones = 0;
/** A phone number no demo account has: 1 + 10 digits from the time and a counter. */
export const newPhone = () => `17${String(Date.now() % 1e8).padStart(8, '0')}${++phones % 10}`.slice(0, 11);

/** The latest one-time code sent to `phone` (demo SMS outbox), newer than `after` if given. */
export async function smsCode(phone, previous = null) {
  for (let i = 0; i < 50; i++) {
    const { messages } = await api('GET', `/api/v1/demo/sms?phone=${phone}`);
    const last = messages?.[messages.length - 1];
    const code = last?.text.match(/\b(\d{6})\b/)?.[1];
    if (code && code !== previous) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no SMS code for ${phone}`);
}

export async function signInByApi(phone) {
  await api('POST', '/api/v1/auth/otp', { body: { phone }, expect: 202 });
  const session = await api('POST', '/api/v1/auth/sessions', { body: { phone, code: await smsCode(phone) }, expect: 201 });
  assert.equal(session.token.length, 43);
  return session;
}

/** A GB 11643 ID number with a valid check character (born `year`-01-01 + n days). */
export function idNumber(n, year = 1990) {
  const birth = new Date(Date.UTC(year, 0, 1) + (n % 9000) * 86400000);
  const d = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const body = `110105${d}${String(100 + (n % 900)).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** The demo health authority's session (password sign-in; docs/api.md "Authority"). */
export async function authorityByApi() {
  return api('POST', '/api/v1/auth/authority-sessions', { body: { username: 'demo-authority', password: 'greenlight-demo' }, expect: 201 });
}

// ---------------------------------------------------------------------------------------------------------
// Citizens and checkpoint pages

let ids = 50000 + (Date.now() % 10000);
/** A distinct valid ID number. */
export const newIdNumber = () => idNumber(++ids);

/** A citizen with real-name details, a declaration and a dynamic code, through the API. */
export async function citizenByApi(name) {
  const phone = newPhone();
  const session = await signInByApi(phone);
  const person = await api('PUT', '/api/v1/me/identity', { token: session.token, body: { name, idNumber: newIdNumber() } });
  await api('POST', '/api/v1/me/declarations', { token: session.token, expect: 201,
    body: { symptoms: [], fever: false, contactWithCase: false, travel: { highRiskArea: false, regions: [] } } });
  const code = await api('GET', '/api/v1/me/code', { token: session.token });
  return { phone, token: session.token, personId: person.person.id, code: code.text };
}

/** The checkpoint page's stored document state (IndexedDB). */
export const documentState = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const req = indexedDB.open('greenlight-checkpoint');
  req.onsuccess = () => {
    const get = req.result.transaction('settings').objectStore('settings').get('documentState');
    get.onsuccess = () => resolve(get.result ?? null);
    get.onerror = () => reject(get.error);
  };
  req.onerror = () => reject(req.error);
}));

/** Waits until the page has stored status documents up to `seq` (polling, like a person pressing sync). */
export async function statusSeqReaches(page, seq, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await documentState(page);
    if (typeof state?.statusSeq === 'number' && state.statusSeq >= seq) return;
    if (Date.now() > deadline) throw new Error(`status seq ${state?.statusSeq} never reached ${seq}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Signs an inspector in on the checkpoint page and puts it at `place` (the account dialog, as staff do). */
export async function checkpointAt(page, place) {
  const phone = newPhone();
  await page.goto(server.url + '/');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
  await page.getByTestId('btn-account').dispatchEvent('click');
  await page.getByTestId('account').waitFor();
  await page.getByTestId('account-phone').fill(phone);
  await page.getByTestId('account-otp').click();
  await page.getByTestId('account-info').and(page.locator(':text("验证码已发送")')).waitFor();
  await page.getByTestId('account-code').fill(await smsCode(phone));
  await page.getByTestId('account-submit').click();
  await page.getByTestId('account-signed').waitFor();
  await page.getByTestId('account-decl').fill(place.declarationCode);
  await page.getByTestId('account-bind').click();
  await page.locator(`[data-testid=place-option][data-place-id="${place.id}"]`).waitFor();
  await page.getByTestId('account-use').click();
  await page.getByTestId('account').waitFor({ state: 'hidden' });
  await statusSeqReaches(page, 0, 20000);
}

/** The checkpoint page's decision for the last code, of `kind` (and with `reason` among its reasons). */
export const decision = (page, kind, reason) =>
  page.locator(`[data-testid=decision][data-decision=${kind}]${reason ? `[data-reasons~="${reason}"]` : ''}`);
