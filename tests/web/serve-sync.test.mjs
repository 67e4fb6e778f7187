// web/serve.mjs (MIME types, Date, Cache-Control, no escaping the directory) and the sync client
// (web/src/checkpoint/sync.ts, bundled with esbuild for node) against a recording server double: batches of at most
// 1000, idempotent resend, only acknowledged ids, ETags and ?since= for documents, the region-risk list with
// its ETag (a 404 from a server without one is no error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

import { buildPage, recordProblem, repo, work } from './fixtures.mjs';
import { createHandler } from '../../web/serve.mjs';

async function listen(handler) {
  const server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => (server.closeAllConnections?.(), server.close(r))),
  };
}

test('serve.mjs: types, Date, no-cache for the service worker, documents dir, 404 outside', async () => {
  const dist = buildPage(join(work, 'dist'));
  const documents = join(work, 'serve-docs');
  mkdirSync(documents, { recursive: true });
  writeFileSync(join(documents, 'checkpoint.json'), '{}');
  const handler = createHandler({ dist, documents });
  const server = await listen((req, res) => handler(req, res));
  try {
    const get = (p) => fetch(server.url + p);
    const index = await get('/');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type'), /^text\/html/);
    assert.ok(Date.parse(index.headers.get('date')) > 0);
    const html = await index.text();
    const sw = await get('/sw.js');
    assert.match(sw.headers.get('content-type'), /^text\/javascript/);
    assert.equal(sw.headers.get('cache-control'), 'no-cache');
    const precache = (await sw.text()).match(/"\.\/assets\/[^"]+"/g).map((s) => s.slice(3, -1));
    const wasm = precache.filter((p) => p.endsWith('.wasm'));
    assert.equal(wasm.length, 2, 'engine and ZXing wasm precached');
    for (const p of precache) {
      const r = await get('/' + p);
      assert.equal(r.status, 200, p);
      if (p.endsWith('.wasm')) assert.equal(r.headers.get('content-type'), 'application/wasm');
      if (p.endsWith('.js')) assert.match(r.headers.get('content-type'), /^text\/javascript/);
      assert.match(r.headers.get('cache-control'), /immutable/);
      await r.arrayBuffer();
    }
    assert.match(html, /manifest\.webmanifest/);
    assert.equal((await get('/manifest.webmanifest')).headers.get('content-type'), 'application/manifest+json');
    assert.equal((await get('/documents/checkpoint.json')).status, 200);
    assert.equal((await get('/documents/../../etc/passwd')).status, 404);
    assert.equal((await get('/%2e%2e/%2e%2e/etc/passwd')).status, 404);
    assert.equal((await get('/nope')).status, 404);
  } finally {
    await server.close();
  }
  assert.equal(
    spawnSync(process.execPath, [join(repo, 'web/serve.mjs')]).status,
    2,
    'usage error without a documents dir',
  );
});

async function loadSync(baseUrl) {
  const out = await build({
    entryPoints: [join(repo, 'web/src/checkpoint/sync.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'neutral',
    logLevel: 'silent',
  });
  globalThis.location = { href: baseUrl + '/' };
  return import('data:text/javascript;base64,' + Buffer.from(out.outputFiles[0].text).toString('base64'));
}

test('sync client: batches of at most 1000, only acknowledged ids, resend is harmless; documents with ETag and since', async () => {
  const stored = new Map();
  const seen = [];
  let dropNext = false;
  let noRegionRisk = false;
  const server = await listen(async (req, res) => {
    seen.push(
      `${req.method} ${req.url} ${req.headers['if-none-match'] ?? ''} ${req.headers.authorization ?? ''}`.trim(),
    );
    if (req.url === '/api/v1/checkins') {
      let body = '';
      for await (const c of req) body += c;
      const { records } = JSON.parse(body);
      if (records.length > 1000) return res.writeHead(413).end();
      for (const r of records) if (!stored.has(r.clientId)) stored.set(r.clientId, r);
      if (dropNext) return ((dropNext = false), res.writeHead(503).end());
      const accepted = records.filter((r) => r.placeId !== 'bad').map((r) => r.clientId);
      const rejected = records
        .filter((r) => r.placeId === 'bad')
        .map((r) => ({ clientId: r.clientId, code: 'checkin.invalid' }));
      return res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ accepted: [...accepted, 'not-sent'], rejected }));
    }
    if (req.url === '/api/v1/documents/trust-list') {
      if (req.headers['if-none-match'] === '"tl-1"') return res.writeHead(304).end();
      return res.writeHead(200, { etag: '"tl-1"' }).end('a.b.c');
    }
    if (req.url === '/api/v1/documents/rules') return res.writeHead(404).end();
    if (req.url === '/api/v1/documents/region-risk') {
      if (noRegionRisk) return res.writeHead(404).end(); // a server without region-risk lists
      if (req.headers['if-none-match'] === '"rr-1"') return res.writeHead(304).end();
      return res.writeHead(200, { etag: '"rr-1"' }).end('r.r.1');
    }
    if (req.url === '/api/v1/documents/status-list') {
      if (req.headers['if-none-match'] === '"sl-5"') return res.writeHead(304).end();
      return res
        .writeHead(200, { 'content-type': 'application/json', etag: '"sl-5"' })
        .end(JSON.stringify({ seq: 5, snapshot: true, lists: ['s.n.p'] }));
    }
    if (req.url === '/api/v1/documents/status-list?since=5')
      return res.writeHead(200).end(JSON.stringify({ seq: 7, snapshot: false, lists: ['d.6.x', 'd.7.x'] }));
    if (req.url === '/api/v1/documents/status-list?since=7') return res.writeHead(204).end();
    res.writeHead(404).end();
  });
  try {
    const { pushCheckins, fetchDocuments, BATCH_MAX } = await loadSync(server.url);
    assert.equal(BATCH_MAX, 1000);
    const records = Array.from({ length: 2500 }, (_, i) => ({
      clientId: `id-${i}`,
      placeId: i === 7 ? 'bad' : 'pl-1',
      time: 1767225600 + i,
      decision: 'admit',
      status: 'green',
      reasons: [],
      temperatureClass: null,
      method: 'inspector-scan',
      code: `GL1:CODE${i}`,
      synced: 0,
    }));
    const options = { base: server.url + '/', token: 'tok' };
    const batches = [];
    const acked = await pushCheckins(options, records, async (ids) => batches.push(ids.length));
    assert.deepEqual(batches, [1000, 1000, 500]);
    assert.equal(acked.length, 2500, 'accepted and rejected are both acknowledged; ids not sent are ignored');
    assert.ok(!acked.includes('not-sent'));
    assert.equal(stored.size, 2500);
    assert.equal(stored.get('id-1').synced, undefined, 'local bookkeeping stays local');
    for (const r of stored.values()) assert.equal(recordProblem(r), null, JSON.stringify(r));
    assert.ok(seen.every((l) => !l.startsWith('POST') || l.endsWith('Bearer tok')));
    // A lost response: the batch stays queued; sending it again stores nothing twice.
    dropNext = true;
    await assert.rejects(pushCheckins(options, records.slice(0, 10)), /HTTP 503/);
    assert.equal((await pushCheckins(options, records.slice(0, 10))).length, 10);
    assert.equal(stored.size, 2500);

    const first = await fetchDocuments(options, { etags: {}, statusSeq: null });
    assert.equal(first.trustList, 'a.b.c');
    assert.equal(first.rules, undefined, 'no rule set published (404)');
    assert.equal(first.regionRisk, 'r.r.1', 'the region-risk list comes with the other documents');
    assert.deepEqual(first.statusLists, ['s.n.p']);
    assert.equal(first.snapshot, true);
    assert.deepEqual(
      { ...first.state, snapshotAt: undefined },
      {
        etags: {
          'api/v1/documents/trust-list': '"tl-1"',
          'api/v1/documents/region-risk': '"rr-1"',
          'api/v1/documents/status-list': '"sl-5"',
        },
        statusSeq: 5,
        snapshotAt: undefined,
      },
    );
    assert.ok(Math.abs(first.state.snapshotAt - Date.now() / 1000) < 60, 'when the snapshot was fetched');
    const second = await fetchDocuments(options, first.state);
    assert.equal(second.trustList, undefined, '304 with the ETag');
    assert.equal(second.regionRisk, undefined, 'the region-risk list too');
    assert.ok(
      seen.some((l) => l.startsWith('GET /api/v1/documents/region-risk "rr-1"')),
      seen.join('\n'),
    );
    noRegionRisk = true;
    const without = await fetchDocuments(options, { etags: {}, statusSeq: null });
    assert.equal(without.regionRisk, undefined, 'a server without region-risk lists (404): none, no error');
    noRegionRisk = false;
    assert.deepEqual(second.statusLists, ['d.6.x', 'd.7.x']);
    assert.equal(second.snapshot, false);
    assert.equal(second.state.statusSeq, 7);
    assert.equal(second.state.snapshotAt, first.state.snapshotAt, 'a delta keeps the snapshot time');
    assert.equal(
      await fetchDocuments(options, second.state).then((d) => d.statusLists),
      undefined,
      '204: nothing newer than 7',
    );
    // A snapshot older than 6 hours is refreshed without ?since=, with its ETag (304: still current).
    seen.length = 0;
    const old = await fetchDocuments(options, { ...second.state, snapshotAt: second.state.snapshotAt - 6 * 3600 - 1 });
    assert.ok(
      seen.some((l) => l.startsWith('GET /api/v1/documents/status-list "sl-5"')),
      seen.join('\n'),
    );
    assert.ok(old.state.snapshotAt > second.state.snapshotAt - 60);
    assert.equal(old.statusLists, undefined);
  } finally {
    await server.close();
    delete globalThis.location;
  }
});

test('wire records: the shape of docs/api.md, also for records queued by earlier versions', async () => {
  const { wireRecord } = await loadSync('http://127.0.0.1:1');
  delete globalThis.location;
  const base = { placeId: 'pl-1', time: 1767225600, reasons: [], temperatureClass: null, synced: 0 };
  const legacyScan = {
    ...base,
    clientId: 'a',
    checkpoint: 'gate-1',
    method: 'inspector-scan',
    decision: 'deny',
    status: 'red',
    reasons: ['R-RED'],
    subject: 'p-1',
    temperature: 28,
  };
  assert.deepEqual(wireRecord(legacyScan), {
    clientId: 'a',
    placeId: 'pl-1',
    checkpoint: 'gate-1',
    time: 1767225600,
    method: 'inspector-scan',
    decision: 'deny',
    status: 'red',
    reasons: ['R-RED'],
    temperatureClass: null,
  });
  const legacyManual = {
    ...base,
    clientId: 'b',
    method: 'manual',
    decision: null,
    status: null,
    subject: null,
    temperatureClass: 'fever',
    temperature: 38,
    manual: { name: '张三', idNumber: '11010519491231002X', phone: '13812345678' },
  };
  const m = wireRecord(legacyManual);
  assert.equal(recordProblem(m), null);
  assert.deepEqual(m.manual, legacyManual.manual);
  assert.equal(m.temperature, 38);
  const scan = wireRecord({
    ...base,
    clientId: 'c',
    method: 'inspector-scan',
    code: 'GL1:X',
    decision: 'admit',
    status: 'green',
    manual: { name: 'x', idNumber: 'y', phone: 'z' },
  });
  assert.equal(recordProblem(scan), null);
  assert.equal(scan.code, 'GL1:X');
  assert.equal(scan.manual, undefined, 'manual only with method manual');
  assert.equal(
    recordProblem(
      wireRecord({
        ...base,
        clientId: 'd',
        method: 'manual',
        code: 'GL1:X',
        decision: 'admit',
        status: 'green',
        manual: legacyManual.manual,
      }),
    ),
    null,
    'no code for manual',
  );
});
