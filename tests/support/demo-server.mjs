// The real greenlight-server as the pages meet it, for the end-to-end suites and the console tests
// (tests/web/*-console.test.mjs): SQLite in a temp dir, --demo, serving web/dist or a build of the test's own;
// and small helpers to drive its API and read its demo SMS outbox.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildPage } from '../web/fixtures.mjs';
import { demoAuthority, idNumberFrom, noSymptoms } from './people.mjs';
import { repo } from './repo.mjs';
import { binary, launch } from './server.mjs';

export const SERVER = binary ?? join(repo, 'build/native/bin/greenlight-server');

let server; // { url, dataDir, stop }

// The origin of the running server.
export const serverUrl = () => server.url;

async function freePort() {
  const s = net.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
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
    // A port of our own choosing: the public URL (in checkpoint.json, sign-in links) must name it.
    const port = await freePort();
    server = await launch(
      [
        '--listen',
        `127.0.0.1:${port}`,
        '--db',
        `sqlite:${join(dataDir, 'greenlight.db')}`,
        '--data-dir',
        dataDir,
        '--web-dir',
        webDir,
        '--demo',
        '--public-url',
        `http://127.0.0.1:${port}/`,
      ],
      { program: SERVER },
    );
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  server.dataDir = dataDir;
  return server;
}

/** Stops the server and removes its data; call from an `after` hook. */
export async function stopE2EServer() {
  if (!server) return;
  await server.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
}

/** fetch against the server; JSON in and out; throws with the server's error on a non-2xx answer. */
export async function api(method, path, { token, body, expect } = {}) {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
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
  const session = await api('POST', '/api/v1/auth/sessions', {
    body: { phone, code: await smsCode(phone) },
    expect: 201,
  });
  assert.equal(session.token.length, 43);
  return session;
}

/** A GB 11643 ID number with a valid check character (born `year`-01-01 + n days). */
export function idNumber(n, year = 1990) {
  const birth = new Date(Date.UTC(year, 0, 1) + (n % 9000) * 86400000);
  const d = birth.toISOString().slice(0, 10).replace(/-/g, '');
  return idNumberFrom(`110105${d}${String(100 + (n % 900)).padStart(3, '0')}`);
}

/** The demo health authority's session (password sign-in; docs/api.md "Authority"). */
export async function authorityByApi() {
  return api('POST', '/api/v1/auth/authority-sessions', { body: demoAuthority, expect: 201 });
}

let ids = 50000 + (Date.now() % 10000);
/** A distinct valid ID number. */
export const newIdNumber = () => idNumber(++ids);

/** A citizen with real-name details, a declaration and a dynamic code, through the API. */
export async function citizenByApi(name) {
  const phone = newPhone();
  const session = await signInByApi(phone);
  const person = await api('PUT', '/api/v1/me/identity', {
    token: session.token,
    body: { name, idNumber: newIdNumber() },
  });
  await api('POST', '/api/v1/me/declarations', { token: session.token, expect: 201, body: noSymptoms });
  const code = await api('GET', '/api/v1/me/code', { token: session.token });
  return { phone, token: session.token, personId: person.person.id, code: code.text };
}

/** A supermarket that a newly signed-in place admin creates, through the API. */
export async function placeByApi() {
  const admin = await signInByApi(newPhone());
  return api('POST', '/api/v1/places', {
    token: admin.token,
    expect: 201,
    body: { region: '110105', address: '人民路 1 号', category: 'supermarket', name: '人民超市' },
  });
}

/** Rotates the key for `use` as the authority `token`; `compromised` revokes the old keys too. */
export const rotateKeyByApi = (token, { use, compromised, reason }) =>
  api('POST', '/api/v1/authority/keys/rotate', { token, body: { use, compromised, reason } });
