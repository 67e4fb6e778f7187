// The checkpoint page (web/) under faults, in Chromium: no camera (permission refused, none attached, no
// mediaDevices at all), the browser killed with a full queue, damaged IndexedDB entries, and signed
// document updates the engine refuses. Codes come by keyboard wedge; the server is a recording double.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, launchChromium } from '../browser/harness.mjs';
import { NOW, artifacts, buildPage, cli, makeAuthority, recordProblem, work, writeConfig } from './fixtures.mjs';
import { createHandler } from '../../web/serve.mjs';

const CHROMIUM = process.env.GREENLIGHT_CHROMIUM ?? '/usr/bin/chromium';
const auth = makeAuthority();
const PLACE = { id: 'pl-0042', name: '静安寺商场', category: 'mall', region: '310106' };
const ISS = 'gl:cn-310000';

// Our own output directory: checkpoint.test.mjs owns web/dist and may be building it right now.
// GL_FAULTS_DIST: a page built elsewhere (e.g. from an older commit, to see how it behaved).
let dist;
before(() => {
  dist = process.env.GL_FAULTS_DIST ?? buildPage(join(work, 'dist-faults'));
});

function gl(...args) {
  const r = spawnSync(cli, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`greenlight ${args[0]} failed: ${r.stderr}`);
  return r.stdout.trim();
}

let docs = 0;
function signDoc(key, typ, payload) {
  const file = join(work, `faults-doc-${++docs}.json`);
  writeFileSync(file, JSON.stringify(payload));
  return gl('sign-doc', '--key', key.file, '--typ', typ, file);
}

let subjects = 0;
function person(status, { sub = `p-faults-${++subjects}`, name = '张*', seq = 1, ttl = 7200 } = {}) {
  return gl(
    'issue',
    '--key',
    auth.issuer.file,
    '--iss',
    ISS,
    '--type',
    'person',
    '--sub',
    sub,
    '--status',
    status,
    '--name',
    name,
    '--phone',
    '138****1234',
    '--seq',
    String(seq),
    '--iat',
    String(NOW),
    '--ttl',
    String(ttl),
  );
}

const subjectHash = (sub) =>
  createHash('sha256')
    .update('gl-status:' + sub)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
function statusList(key, { seq, base, entries = [], iat = NOW - 60, exp = NOW + 86400 }) {
  return signDoc(key, 'gl-status-list', {
    iss: ISS,
    iat,
    exp,
    seq,
    ...(base !== undefined ? { base } : {}),
    entries: entries.map(([sub, s, q]) => ({ h: subjectHash(sub), s, q })),
  });
}

/**
 * The server double: the page (our dist) and a documents dir, plus /api/v1. `apiDown` drops every API
 * connection (the network to the server is down; the page itself is still served). Every check-in POST is
 * recorded (`received`: clientIds in arrival order) and checked like the server does. `documents` maps
 * trust-list / rules / status-list to what to answer (default 304: nothing new); `served` lists them.
 */
async function startServer(documentsDir) {
  const handler = createHandler({ dist, documents: documentsDir });
  const state = { apiDown: false, received: [], rejected: [], posts: 0, documents: {}, served: [] };
  const server = http.createServer(async (req, res) => {
    res.setHeader('date', new Date().toUTCString());
    if (req.url.startsWith('/api/')) {
      if (state.apiDown) return req.socket.destroy();
      if (req.url.startsWith('/api/v1/checkins') && req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += chunk;
        const { records } = JSON.parse(body);
        state.posts++;
        const accepted = [];
        const rejected = [];
        for (const r of records) {
          state.received.push(r.clientId);
          const problem = recordProblem(r);
          if (problem) rejected.push({ clientId: r.clientId, code: 'checkin.invalid', message: problem });
          else accepted.push(r.clientId);
        }
        state.rejected.push(...rejected);
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted, rejected }));
      }
      const m = req.url.match(/^\/api\/v1\/documents\/(trust-list|rules|status-list)/);
      if (m) {
        const d = state.documents[m[1]];
        if (!d) return res.writeHead(m[1] === 'rules' ? 404 : 304).end();
        state.served.push(m[1]);
        if (m[1] === 'status-list')
          return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(d));
        return res
          .writeHead(200, {
            'content-type': 'application/jose',
            etag: `"${createHash('sha256').update(d).digest('hex').slice(0, 16)}"`,
          })
          .end(d);
      }
      return res.writeHead(404).end();
    }
    await handler(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    state,
    close: () => new Promise((resolve) => (server.closeAllConnections?.(), server.close(resolve))),
  };
}

function watch(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

async function ready(page, url) {
  if (url) await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
}

async function counters(page) {
  const read = async (id) => Number(await page.getByTestId(id).textContent());
  return {
    admit: await read('count-admit'),
    deny: await read('count-deny'),
    refer: await read('count-refer'),
    manual: await read('count-manual'),
    queue: await read('queue-count'),
  };
}

const queueIs = (page, n, timeout = 15000) =>
  page.waitForFunction((n) => document.querySelector('[data-testid=queue-count]').textContent === String(n), n, {
    timeout,
  });

const decisionScreen = (page, decision, reason) =>
  page.locator(
    `[data-testid=decision][data-decision=${decision}]${reason ? `[data-reasons~="${reason}"]` : '[data-reasons=""]'}`,
  );

/** A keyboard-wedge scanner, fast: the keys it types as keydown events, then Enter. */
async function wedge(page, code) {
  await page.evaluate((text) => {
    for (const key of [...text, 'Enter']) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  }, code);
}

/** Wedge a code and wait for its decision screen; tap it away. */
async function decideByWedge(page, code, decision, reason) {
  await wedge(page, code);
  const screen = decisionScreen(page, decision, reason);
  await screen.waitFor({ state: 'visible', timeout: 10000 });
  await page.getByTestId('decision').click();
  await screen.waitFor({ state: 'hidden', timeout: 5000 });
}

async function manualEntry(page, { name = '张三', id = '11010519491231002X', phone = '13812345678' } = {}) {
  await page.getByTestId('btn-manual').click();
  await page.getByTestId('manual-name').fill(name);
  await page.getByTestId('manual-id').fill(id);
  await page.getByTestId('manual-phone').fill(phone);
  await page.getByTestId('manual-save').click();
  await page.getByTestId('manual-form').waitFor({ state: 'hidden', timeout: 5000 });
}

/** The clientIds in IndexedDB's queue store, and how many are not yet synced. */
const storedQueue = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('greenlight-checkpoint');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('queue').objectStore('queue').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve({
              ids: req.result.map((r) => r.clientId).sort(),
              pending: req.result.filter((r) => !r.synced).length,
            });
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );

const shot = (page, name) => page.screenshot({ path: join(artifacts, `F-${name}.png`) });

function baseConfig(extra = {}) {
  return {
    version: 1,
    roots: [auth.root.public],
    trustList: auth.trustList,
    statusLists: [auth.statusList(NOW - 600)],
    place: PLACE,
    temperature: 'optional',
    returnAfterMs: 30000,
    dedupeMs: 0,
    locale: 'zh-CN',
    checkpoint: 'gate-f',
    server: './',
    ...extra,
  };
}

// ---------- 1. no camera ----------

const CAMERA_CASES = [
  // A camera exists (fake device) but the permission is refused: no auto-accept UI flag, no grant.
  {
    name: 'denied',
    args: ['--use-fake-device-for-media-stream'],
    permissions: [],
    reason: 'denied',
    zh: /未获得摄像头权限[\s\S]*扫码枪[\s\S]*无码登记/,
    en: /Camera permission denied[\s\S]*scanner[\s\S]*manual registration/,
  },
  // The permission is granted but this machine has no camera (no fake device flag).
  {
    name: 'none',
    args: ['--use-fake-ui-for-media-stream'],
    permissions: ['camera'],
    reason: 'missing',
    zh: /未找到摄像头[\s\S]*无码登记/,
    en: /No camera found[\s\S]*manual registration/,
  },
  // A browser without navigator.mediaDevices (an insecure context, an old webview).
  {
    name: 'no-media-devices',
    args: [],
    permissions: [],
    reason: 'missing',
    init: () => Object.defineProperty(Navigator.prototype, 'mediaDevices', { get: () => undefined }),
    zh: /未找到摄像头/,
    en: /No camera found/,
  },
];

for (const c of CAMERA_CASES) {
  test(`camera ${c.name}: a standing message (zh, then en); the wedge still decides and a manual registration is queued and synced`, async () => {
    const documents = join(work, `docs-camera-${c.name}`);
    writeConfig(documents, baseConfig());
    const server = await startServer(documents);
    const browser = await launchChromium(c.args);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: c.permissions });
      if (c.init) await context.addInitScript(c.init);
      const page = await context.newPage();
      const errors = watch(page);
      await ready(page, server.url + '/');
      const warning = page.locator(`[data-testid=camera-warning][data-reason=${c.reason}]`);
      await warning.waitFor({ state: 'visible', timeout: 15000 });
      assert.equal(await page.evaluate(() => document.body.dataset.camera), 'off');
      assert.match(await warning.textContent(), c.zh);
      await shot(page, `1-camera-${c.name}-zh`);
      await page.getByTestId('btn-lang').click();
      assert.match(await warning.textContent(), c.en);
      await warning.waitFor({ state: 'visible' });
      await shot(page, `1-camera-${c.name}-en`);

      // Typed by a keyboard-wedge scanner: decided as with the camera.
      const green = person('green');
      const red = person('red', { name: '赵*' });
      await page.keyboard.type(green + '\n');
      await decisionScreen(page, 'admit').waitFor({ state: 'visible', timeout: 10000 });
      await page.getByTestId('decision').click();
      await page.keyboard.type(red + '\n');
      await decisionScreen(page, 'deny', 'R-RED').waitFor({ state: 'visible', timeout: 10000 });
      await page.getByTestId('decision').click();
      // Manual registration: queued, counted, synced.
      await manualEntry(page);
      await queueIs(page, 0, 20000);
      const c2 = await counters(page);
      assert.deepEqual(c2, { admit: 1, deny: 1, refer: 0, manual: 1, queue: 0 });
      assert.equal(server.state.received.length, 3, 'each record sent once');
      assert.equal(new Set(server.state.received).size, 3);
      assert.deepEqual(server.state.rejected, []);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
}

// ---------- 2. killed with a full queue ----------

/** Chromium started by us on a user data dir, driven over CDP, so that it can be killed outright (SIGKILL). */
async function spawnChromium(userDataDir) {
  const child = spawn(
    CHROMIUM,
    [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`, 'about:blank'],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const ws = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no DevTools endpoint: ${err}`)), 30000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`chromium exited ${code}: ${err}`))));
  });
  child.stderr.resume();
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  return { browser: await chromium.connectOverCDP(ws), kill: () => (process.kill(-child.pid, 'SIGKILL'), exited) };
}

test('killed with a full queue: 50 wedge scans and 3 registrations survive SIGKILL of the browser, one more a renderer crash; each syncs exactly once', async () => {
  const documents = join(work, 'docs-kill');
  writeConfig(documents, baseConfig());
  const server = await startServer(documents);
  server.state.apiDown = true;
  const profile = mkdtempSync(join(work, 'profile-'));
  const codes = Array.from({ length: 50 }, (_, i) => (i % 5 === 4 ? person('red', { name: '赵*' }) : person('green')));

  const first = await spawnChromium(profile);
  let queued;
  try {
    const context = first.browser.contexts()[0];
    const page = await context.newPage();
    const errors = watch(page);
    await ready(page, server.url + '/');
    await context.setOffline(true);
    for (const code of codes) await wedge(page, code);
    await queueIs(page, 50, 30000);
    await page.getByTestId('decision').click();
    for (let i = 0; i < 3; i++) await manualEntry(page, { name: ['张三', '李四', '王五'][i] });
    await queueIs(page, 53);
    queued = await counters(page);
    assert.deepEqual(queued, { admit: 40, deny: 10, refer: 0, manual: 3, queue: 53 });
    const stored = await storedQueue(page);
    assert.equal(stored.ids.length, 53);
    assert.equal(stored.pending, 53);
    queued.ids = stored.ids;
    await shot(page, '2-queued-before-kill');
    assert.deepEqual(errors, []);
  } finally {
    // No unload, no shutdown: the whole browser (and its renderers) dies at once.
    assert.equal(await first.kill(), 'SIGKILL');
  }
  assert.equal(server.state.received.length, 0, 'nothing reached the server before the kill');

  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  try {
    let page = context.pages()[0] ?? (await context.newPage());
    let errors = watch(page);
    await ready(page, server.url + '/');
    const { ids, ...c } = queued;
    assert.deepEqual(await counters(page), c, 'every record still queued after the kill');
    assert.deepEqual((await storedQueue(page)).ids, ids);
    await shot(page, '2-reopened');
    // Still unreachable: nothing is lost by a failed attempt either.
    await page.getByTestId('btn-sync').click();
    await page.locator('[data-testid=btn-sync][data-state=failed]').waitFor({ timeout: 10000 });
    assert.equal((await counters(page)).queue, 53);
    assert.deepEqual(errors, []);

    // One more scan, then the renderer crashes (the tab's process dies; the browser lives on).
    await decideByWedge(page, person('green'), 'admit');
    await queueIs(page, 54);
    const crashed = new Promise((resolve) => page.once('crash', resolve));
    const cdp = await context.newCDPSession(page);
    cdp.send('Page.crash').catch(() => {});
    await crashed;
    page = await context.newPage();
    errors = watch(page);
    await ready(page, server.url + '/');
    assert.deepEqual(
      await counters(page),
      { ...c, admit: c.admit + 1, queue: 54 },
      'every record still queued after the renderer crash',
    );
    const all = (await storedQueue(page)).ids;
    assert.equal(all.length, 54);
    assert.ok(ids.every((id) => all.includes(id)));

    server.state.apiDown = false;
    await page.getByTestId('btn-sync').click();
    await queueIs(page, 0, 20000);
    assert.equal(server.state.received.length, 54, 'each record sent once');
    assert.deepEqual([...server.state.received].sort(), all);
    assert.deepEqual(server.state.rejected, []);
    // Later passes and a reload send nothing again.
    const posts = server.state.posts;
    await page.getByTestId('btn-sync').click();
    await page.waitForTimeout(1500);
    await page.reload();
    await ready(page);
    await page.waitForTimeout(2000); // the start-up sync
    assert.equal((await counters(page)).queue, 0);
    assert.equal(server.state.received.length, 54);
    assert.ok(server.state.posts <= posts + 1, 'at most an empty pass');
    assert.equal((await storedQueue(page)).pending, 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.close();
  }
});

// ---------- 3. damaged IndexedDB ----------

test('damaged IndexedDB: bad queue records and settings are skipped and reported; good records stay and sync; nothing throws', async () => {
  const documents = join(work, 'docs-corrupt');
  writeConfig(documents, baseConfig());
  const server = await startServer(documents);
  server.state.apiDown = true;
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watch(page);
    await ready(page, server.url + '/');
    await decideByWedge(page, person('green'), 'admit');
    await decideByWedge(page, person('red', { name: '赵*' }), 'deny', 'R-RED');
    await manualEntry(page);
    await queueIs(page, 3);
    const good = (await storedQueue(page)).ids;

    const now = Math.floor(Date.now() / 1000);
    await page.evaluate(
      async ({ now, placeId }) => {
        const db = await new Promise((resolve, reject) => {
          const open = indexedDB.open('greenlight-checkpoint');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const t = db.transaction(['queue', 'settings'], 'readwrite');
        const q = t.objectStore('queue');
        const base = {
          placeId,
          time: now,
          method: 'inspector-scan',
          code: 'GL1:XX',
          decision: 'admit',
          status: 'green',
          reasons: [],
          temperatureClass: null,
          synced: 0,
        };
        q.put({ clientId: 'bad-no-time', placeId }); // no time: not even in the time index
        q.put({ ...base, clientId: 'bad-time', time: 'yesterday' }); // time is text
        q.put({ ...base, clientId: 'bad-reasons', decision: 'deny', reasons: 'R-RED' }); // reasons not a list
        q.put({ ...base, clientId: 'bad-manual', method: 'manual', code: undefined, decision: null, manual: '张三' });
        q.put({ ...base, clientId: 'bad-decision', decision: 'maybe' });
        q.put({ ...base, clientId: 42 }); // a number for a clientId
        q.put({ ...base, clientId: 'bad-method', method: 'telepathy' });
        const s = t.objectStore('settings');
        s.put('garbage', 'config');
        s.put({ etags: 5, statusSeq: 'x' }, 'documentState');
        s.put({ id: 7 }, 'place');
        s.put({ name: 'gate' }, 'checkpoint');
        s.put(Number.NaN, 'clockOffsetMs');
        s.put(42, 'locale');
        await new Promise((resolve, reject) => ((t.oncomplete = resolve), (t.onerror = () => reject(t.error))));
        db.close();
      },
      { now, placeId: PLACE.id },
    );

    await page.reload();
    await ready(page);
    const report = page.locator('[data-testid=log] li[data-kind=corrupt]');
    await report.waitFor({ timeout: 5000 });
    assert.equal(await report.getAttribute('data-count'), '7');
    assert.deepEqual((await report.getAttribute('data-settings')).split(' ').sort(), [
      'checkpoint',
      'clockOffsetMs',
      'config',
      'documentState',
      'locale',
      'place',
    ]);
    assert.match(await report.textContent(), /已跳过损坏的本地数据：7 条记录/);
    assert.ok(await page.getByTestId('fatal').isHidden(), 'the page started');
    await shot(page, '3-corrupt-reported');
    assert.deepEqual(
      await counters(page),
      { admit: 1, deny: 1, refer: 0, manual: 1, queue: 3 },
      'the good records, counted',
    );
    assert.equal(
      await page.getByTestId('place').textContent(),
      PLACE.name,
      'the configured place instead of the damaged one',
    );
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    // Still deciding (a damaged clock offset would make every decision config.now).
    await decideByWedge(page, person('green'), 'admit');
    await queueIs(page, 4);

    server.state.apiDown = false;
    await page.getByTestId('btn-sync').click();
    await queueIs(page, 0, 15000);
    const all = (await storedQueue(page)).ids;
    const sent = [...server.state.received].sort();
    assert.equal(sent.length, 4);
    assert.ok(
      good.every((id) => sent.includes(id)),
      'the good records synced',
    );
    assert.ok(
      sent.every((id) => all.includes(id) && !String(id).startsWith('bad-') && id !== 42),
      'no damaged record sent',
    );
    assert.deepEqual(server.state.rejected, []);
    assert.equal((await storedQueue(page)).pending, 7, 'the damaged records are left where they were, unsent');
    // The settings were reset to usable values: a second reload reports only the records.
    await page.reload();
    await ready(page);
    const again = page.locator('[data-testid=log] li[data-kind=corrupt]');
    await again.waitFor({ timeout: 5000 });
    assert.equal(await again.getAttribute('data-settings'), '');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

// ---------- 4. refused document updates ----------

test('refused document updates (bad signature, wrong typ, expired, status gap, wrong signer) are logged with their code; decisions keep the previous documents', async () => {
  // p-flip's code says green (q 1); the loaded status snapshot (seq 5) made it red at q 3.
  const flip = person('green', { sub: 'p-flip', name: '钱*', seq: 1 });
  const ok = person('green', { name: '孙*' });
  const red = person('red', { name: '赵*' });
  const snapshot5 = statusList(auth.issuer, { seq: 5, entries: [['p-flip', 'red', 3]] });
  const documents = join(work, 'docs-refused');
  writeConfig(documents, baseConfig({ statusLists: [snapshot5] }));
  const server = await startServer(documents);
  const browser = await launchChromium();
  const trustPayload = JSON.parse(Buffer.from(auth.trustList.split('.')[1], 'base64url').toString());
  const [h, p, sig] = auth.trustList.split('.');
  const badSig = `${h}.${p}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
  const cleared = [['p-flip', 'green', 9]];
  const rounds = [
    ['trust list, bad signature', { 'trust-list': badSig }, 'trust.list_invalid'],
    [
      'trust list, wrong typ',
      { 'trust-list': signDoc(auth.root, 'gl-status-list', { ...trustPayload, seq: 2 }) },
      'trust.list_invalid',
    ],
    [
      'trust list, expired',
      {
        'trust-list': signDoc(auth.root, 'gl-trust-list', {
          ...trustPayload,
          seq: 2,
          iat: NOW - 7200,
          exp: NOW - 3600,
        }),
      },
      'trust.list_expired',
    ],
    [
      'status delta with a gap',
      {
        'status-list': {
          seq: 100,
          snapshot: false,
          lists: [statusList(auth.issuer, { seq: 100, base: 99, entries: cleared })],
        },
      },
      'status.gap',
    ],
    [
      'status snapshot, expired',
      {
        'status-list': {
          seq: 6,
          snapshot: true,
          lists: [statusList(auth.issuer, { seq: 6, entries: cleared, iat: NOW - 7200, exp: NOW - 3600 })],
        },
      },
      'status.list_expired',
    ],
    [
      'status snapshot, signed by the root (not a status key)',
      { 'status-list': { seq: 6, snapshot: true, lists: [statusList(auth.root, { seq: 6, entries: cleared })] } },
      'status.list_invalid',
    ],
    [
      'rules, wrong typ',
      { rules: signDoc(auth.root, 'gl-trust-list', { iss: ISS, iat: NOW - 60, exp: NOW + 86400, seq: 1, rules: [] }) },
      /^rules\./,
    ],
  ];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watch(page);
    await ready(page, server.url + '/');
    const decisions = async () => {
      await decideByWedge(page, ok, 'admit');
      await decideByWedge(page, flip, 'deny', 'R-RED');
      await decideByWedge(page, red, 'deny', 'R-RED');
    };
    await decisions();
    const refusals = page.locator('[data-testid=log] li[data-kind=document-refused]');
    for (const [name, served, code] of rounds) {
      const before = await refusals.count();
      server.state.documents = served;
      await page.getByTestId('btn-sync').click();
      await page
        .waitForFunction(
          (n) => document.querySelectorAll('[data-testid=log] li[data-kind=document-refused]').length > n,
          before,
          { timeout: 10000 },
        )
        .catch(async (e) => {
          console.log(name, await page.getByTestId('log').innerText());
          throw e;
        });
      server.state.documents = {};
      const line = refusals.first();
      const got = await line.getAttribute('data-code');
      if (code instanceof RegExp) assert.match(got, code, name);
      else assert.equal(got, code, name);
      assert.ok((await line.textContent()).includes(`文档更新被拒绝，继续使用原有数据: ${got}`), name);
      await decisions();
    }
    await shot(page, '4-refusals');
    // The stored configuration was not touched: a reload (documents from checkpoint.json, then IndexedDB) decides the same.
    const fresh = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open('greenlight-checkpoint');
          open.onsuccess = () => {
            const req = open.result.transaction('settings').objectStore('settings').get('config');
            req.onsuccess = () => (open.result.close(), resolve(req.result));
          };
        }),
    );
    assert.equal(fresh.trustList, auth.trustList);
    assert.deepEqual(fresh.statusLists, [snapshot5]);
    // A good update is taken: the same machinery, the status list now clears p-flip.
    const served = server.state.served.length;
    server.state.documents = {
      'status-list': { seq: 6, snapshot: true, lists: [statusList(auth.issuer, { seq: 6, entries: cleared })] },
    };
    await page.getByTestId('btn-sync').click();
    for (let i = 0; server.state.served.length === served; i++) {
      assert.ok(i < 100, 'the page fetched the good update');
      await page.waitForTimeout(100);
    }
    await page.locator('[data-testid=btn-sync][data-state=ok]:not([data-refused])').waitFor({ timeout: 10000 });
    server.state.documents = {};
    const log = await page.getByTestId('log').innerText();
    assert.equal(await refusals.count(), rounds.length, `one refusal a round, the good update taken: ${log}`);
    await decideByWedge(page, flip, 'admit');
    await decideByWedge(page, red, 'deny', 'R-RED');
    assert.deepEqual(server.state.rejected, []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
