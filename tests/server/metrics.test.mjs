// Metrics and request logs (docs/deploy.md): --metrics-listen serves /metrics (Prometheus text format 0.0.4)
// on its own address only; the public listener answers /metrics like any unknown path. Counters move with
// the API calls made here, by route pattern (never a raw path), and the histogram agrees with them.
// --log-format json writes one JSON object per answered request, with nothing of the caller's in it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { binary, describeOnEachBackend, startServer } from '../support/server.mjs';
import { repo } from '../support/repo.mjs';
import { call, show, assertError } from '../support/http.mjs';
import { authority, citizen, createPlace, bind, newIdNumber, newPhone } from '../support/people.mjs';

const now = () => Math.floor(Date.now() / 1000);

// A port nobody listens on now: bound to port 0 by us, then given back.
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function scrape(metricsUrl) {
  const res = await fetch(metricsUrl, { headers: { connection: 'close' } });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text };
}

// The samples of a page: [{ name, labels: {..}, value }]. Asserts every line is a comment or a sample.
function parse(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/);
    assert.ok(m, `a sample line: ${line}`);
    const labels = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[k] = v.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

const value = (samples, name, labels = {}) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

describeOnEachBackend('metrics and JSON request logs', (backend) => {
  let server;
  let metricsUrl;
  const ctx = {};

  before(async () => {
    const port = await freePort();
    // --demo for its authority account: authorities get 404 for an unknown place (others 403).
    server = await startServer(backend, {
      demo: true,
      args: ['--metrics-listen', `127.0.0.1:${port}`, '--log-format', 'json'],
    });
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    assert.match(server.stdout(), new RegExp(`metrics on http://127\\.0\\.0\\.1:${port}/metrics`));
  });
  after(async () => {
    await server?.stop();
  });

  test('counters by route pattern, check-ins by method and rejection code, a consistent histogram', async () => {
    const srv = server;
    ctx.admin = await citizen(srv, { name: '王芳' });
    ctx.place = await createPlace(srv, ctx.admin);
    ctx.inspector = await citizen(srv, { name: '赵强' });
    await bind(srv, ctx.inspector, ctx.place.declarationCode);
    ctx.visitor = await citizen(srv, { name: '张伟' });
    ctx.authority = await authority(srv);
    const before = parse((await scrape(metricsUrl)).text);

    // A batch with one manual record stored and one refused (a place the inspector is not at).
    const manual = {
      clientId: randomBytes(8).toString('hex'),
      placeId: ctx.place.id,
      time: now() - 90,
      method: 'manual',
      decision: null,
      status: null,
      reasons: [],
      temperatureClass: 'normal',
      manual: { name: '吴刚', idNumber: newIdNumber(), phone: newPhone() },
    };
    const elsewhere = { ...manual, clientId: randomBytes(8).toString('hex'), placeId: 'pl-nowhere' };
    const batch = await call(srv, 'POST', '/api/v1/checkins', {
      token: ctx.inspector.token,
      body: { records: [manual, elsewhere] },
    });
    assert.equal(batch.status, 200, show(batch));
    assert.deepEqual(batch.json.accepted, [manual.clientId]);
    assert.equal(batch.json.rejected[0].code, 'checkin.place');
    // A self check-in stored, and one refused (not a place code).
    const self = await call(srv, 'POST', '/api/v1/me/checkins', {
      token: ctx.visitor.token,
      body: { placeCode: ctx.place.code },
    });
    assert.equal(self.status, 201, show(self));
    const refused = await call(srv, 'POST', '/api/v1/me/checkins', {
      token: ctx.visitor.token,
      body: { placeCode: 'hello' },
    });
    assert.ok(refused.status >= 400 && refused.status < 500, show(refused));
    const refusedCode = refused.json.error.code;
    // Unknown places: two raw ids, one route.
    for (const id of ['pl-missing-one', 'pl-missing-two'])
      assertError(
        await call(srv, 'GET', `/api/v1/places/${id}`, { token: ctx.authority.token }),
        404,
        'place.not_found',
      );
    // A pattern with an escaped dot: named as a path, not as a regular expression.
    assert.equal((await call(srv, 'GET', '/api/v1/places/pl-x/poster.svg')).status, 401);
    // No such endpoint, twice, under different paths.
    assert.equal((await call(srv, 'GET', '/api/v1/no/such/thing')).status, 404);
    assert.equal((await call(srv, 'GET', `/api/v1/${randomBytes(6).toString('hex')}`)).status, 404);

    const page = await scrape(metricsUrl);
    assert.equal(page.status, 200);
    assert.equal(page.type, 'text/plain; version=0.0.4; charset=utf-8');
    const after = parse(page.text);
    const delta = (name, labels) => value(after, name, labels) - value(before, name, labels);

    assert.equal(delta('greenlight_checkins_stored_total', { method: 'manual' }), 1);
    assert.equal(delta('greenlight_checkins_stored_total', { method: 'self-scan' }), 1);
    assert.equal(delta('greenlight_checkins_stored_total', { method: 'inspector-scan' }), 0);
    assert.equal(delta('greenlight_checkins_rejected_total', { code: 'checkin.place' }), 1);
    assert.equal(delta('greenlight_checkins_rejected_total', { code: refusedCode }), 1);
    assert.equal(value(after, 'greenlight_storage_errors_total'), 0);

    // The route's pattern, never the raw id.
    const placeRoute = '/api/v1/places/{id}';
    assert.equal(delta('greenlight_http_requests_total', { route: placeRoute, status: '404' }), 2);
    assert.equal(delta('greenlight_http_requests_total', { route: 'unmatched', status: '404' }), 2);
    assert.equal(delta('greenlight_http_requests_total', { route: '/api/v1/checkins', status: '200' }), 1);
    assert.equal(delta('greenlight_http_requests_total', { route: '/api/v1/me/checkins', status: '201' }), 1);
    assert.equal(
      delta('greenlight_http_requests_total', { route: '/api/v1/places/{id}/poster.svg', status: '401' }),
      1,
    );
    assert.ok(!page.text.includes('pl-missing'), 'no raw path in a label');
    assert.ok(!page.text.includes('/api/v1/no/such'), 'no unmatched path in a label');

    // Every route's histogram: its _count is that route's requests, its buckets grow to +Inf = _count.
    const routes = new Set(after.filter((s) => s.name === 'greenlight_http_requests_total').map((s) => s.labels.route));
    assert.ok(routes.size >= 6, `routes seen: ${[...routes]}`);
    for (const route of routes) {
      const requests = value(after, 'greenlight_http_requests_total', { route });
      assert.equal(value(after, 'greenlight_http_request_duration_seconds_count', { route }), requests, route);
      const buckets = after.filter(
        (s) => s.name === 'greenlight_http_request_duration_seconds_bucket' && s.labels.route === route,
      );
      assert.equal(buckets.at(-1).labels.le, '+Inf');
      assert.equal(buckets.at(-1).value, requests, route);
      for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i].value >= buckets[i - 1].value, route);
      assert.ok(value(after, 'greenlight_http_request_duration_seconds_sum', { route }) >= 0);
    }

    // HELP and TYPE for each metric family; the gauges.
    for (const [name, type] of [
      ['greenlight_http_requests_total', 'counter'],
      ['greenlight_http_request_duration_seconds', 'histogram'],
      ['greenlight_checkins_stored_total', 'counter'],
      ['greenlight_checkins_rejected_total', 'counter'],
      ['greenlight_storage_errors_total', 'counter'],
      ['greenlight_status_seq', 'gauge'],
      ['greenlight_document_expiry_seconds', 'gauge'],
      ['process_resident_memory_bytes', 'gauge'],
    ]) {
      assert.match(page.text, new RegExp(`^# HELP ${name} \\S`, 'm'), name);
      assert.match(page.text, new RegExp(`^# TYPE ${name} ${type}$`, 'm'), name);
    }
    const status = await call(srv, 'GET', '/api/v1/documents/status-list');
    assert.equal(value(after, 'greenlight_status_seq'), status.json.seq);
    assert.ok(value(after, 'process_resident_memory_bytes') > 1e6);
    for (const document of ['trust-list', 'rules', 'status-list'])
      assert.ok(value(after, 'greenlight_document_expiry_seconds', { document }) > now(), document);
  });

  test('/metrics is not served on the public listener', async () => {
    const res = await call(server, 'GET', '/metrics');
    assert.equal(res.status, 404);
    assert.ok(!res.text.includes('greenlight_http_requests_total'));
    // And the metrics listener serves nothing else.
    const other = await fetch(metricsUrl.replace('/metrics', '/api/v1/health'), { headers: { connection: 'close' } });
    assert.equal(other.status, 404);
  });

  test('JSON request logs: one object a line, the required fields, nothing of the caller', async () => {
    const res = await call(server, 'GET', '/api/v1/places/pl-logged?secret=hunter2', {
      token: ctx.authority.token,
      headers: { 'x-request-id': 'test-request-0123456789' },
    });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-request-id'), 'test-request-0123456789');
    const generated = (await call(server, 'GET', '/api/v1/health')).headers.get('x-request-id');
    assert.match(generated ?? '', /^[0-9a-f]{32}$/);

    // The lines reach us through a pipe: wait (a bounded while) for the last request's.
    for (let i = 0; i < 100 && !server.stderr().includes(generated); i++) await new Promise((r) => setTimeout(r, 20));
    const lines = server
      .stderr()
      .split('\n')
      .filter((l) => l !== '');
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => 'route' in l);
    assert.ok(requests.length >= 20, `request lines: ${requests.length}`);
    for (const r of requests) {
      assert.match(r.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      assert.ok(['info', 'error'].includes(r.level));
      assert.equal(typeof r.route, 'string');
      assert.equal(typeof r.status, 'number');
      assert.equal(typeof r.duration_ms, 'number');
      assert.equal(typeof r.request_id, 'string');
    }
    const logged = requests.find((r) => r.request_id === 'test-request-0123456789');
    assert.ok(logged, 'the given request id is logged');
    assert.equal(logged.route, '/api/v1/places/{id}');
    assert.equal(logged.status, 404);
    assert.equal(logged.error_code, 'place.not_found');
    assert.ok(requests.some((r) => r.request_id === generated));

    const all = lines.join('\n');
    const secrets = [ctx.admin.token, ctx.visitor.token, ctx.authority.token, ctx.admin.phone, ctx.visitor.phone];
    for (const secret of [...secrets, ctx.visitor.idNumber, 'hunter2', 'pl-logged'])
      assert.ok(!all.includes(secret), `the log holds no ${secret.slice(0, 6)}…`);
  });
});

describe('metrics and log flags', () => {
  test('without --metrics-listen there is no metrics listener, and the default log has no request lines', async () => {
    const srv = await startServer({ name: 'sqlite' });
    try {
      assert.ok(!srv.stdout().includes('metrics on'));
      assert.equal((await call(srv, 'GET', '/api/v1/health')).status, 200);
      assert.equal((await call(srv, 'GET', '/api/v1/places/pl-x')).status, 401);
      assert.equal(srv.stderr(), '');
    } finally {
      await srv.stop();
    }
  });

  test('bad values exit 2 with a message', async () => {
    for (const [args, env, message] of [
      [['--log-format', 'xml'], {}, /--log-format takes text or json/],
      [[], { GREENLIGHT_LOG_FORMAT: 'yaml' }, /--log-format takes text or json/],
      [['--metrics-listen', 'nowhere'], {}, /--metrics-listen must be HOST:PORT/],
      [[], { GREENLIGHT_METRICS_LISTEN: '127.0.0.1:99999' }, /--metrics-listen port out of range/],
    ]) {
      const run = spawnSync(binary, ['--listen', '127.0.0.1:0', ...args], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 10000,
      });
      assert.equal(run.status, 2, `${args} ${JSON.stringify(env)}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });

  test('GREENLIGHT_METRICS_LISTEN opens the metrics listener', async () => {
    const port = await freePort();
    const srv = await startServer({ name: 'sqlite' }, { env: { GREENLIGHT_METRICS_LISTEN: `127.0.0.1:${port}` } });
    try {
      const page = await scrape(`http://127.0.0.1:${port}/metrics`);
      assert.equal(page.status, 200);
      assert.match(page.text, /^greenlight_storage_errors_total 0$/m);
    } finally {
      await srv.stop();
    }
  });
});

// The database gone: storage errors counted, the refused batch counted by its code, and the gauges read
// from the database left out rather than reported stale. A PostgreSQL cluster of this test's own, stopped.
test(
  'PostgreSQL stopped: storage errors and the refused check-ins are counted',
  {
    timeout: 120000,
    skip: process.env.GREENLIGHT_TEST_POSTGRES_URL
      ? false
      : 'GREENLIGHT_TEST_POSTGRES_URL is not set (scripts/test starts PostgreSQL)',
  },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-pg-metrics-'));
    const cluster = (command) =>
      execFileSync(join(repo, 'scripts/lib/pg-cluster'), [command, dir], { encoding: 'utf8' }).trim();
    const url = cluster('start');
    let server;
    try {
      const port = await freePort();
      server = await startServer({ name: 'postgresql', url }, { args: ['--metrics-listen', `127.0.0.1:${port}`] });
      const metricsUrl = `http://127.0.0.1:${port}/metrics`;
      const inspector = await citizen(server, { name: '赵强' });
      const before = parse((await scrape(metricsUrl)).text);
      assert.equal(value(before, 'greenlight_storage_errors_total'), 0);
      assert.equal(before.filter((s) => s.name === 'greenlight_status_seq').length, 1);

      cluster('stop');
      assertError(await call(server, 'GET', '/api/v1/health'), 503, 'storage.unavailable');
      const refused = await call(server, 'POST', '/api/v1/checkins', {
        token: inspector.token,
        body: { records: [] },
      });
      assertError(refused, 503, 'storage.unavailable');

      const page = await scrape(metricsUrl);
      assert.equal(page.status, 200, 'the page is served without the database');
      const after = parse(page.text);
      // health, the batch, and this scrape's own reading of the documents
      assert.ok(value(after, 'greenlight_storage_errors_total') >= 3, page.text);
      assert.equal(value(after, 'greenlight_checkins_rejected_total', { code: 'storage.unavailable' }), 1);
      assert.equal(value(after, 'greenlight_http_requests_total', { route: '/api/v1/health', status: '503' }), 1);
      assert.equal(after.filter((s) => s.name === 'greenlight_status_seq').length, 0);
      assert.equal(after.filter((s) => s.name === 'greenlight_document_expiry_seconds').length, 0);
    } finally {
      // (keep: its database goes with the cluster)
      await server?.stop({ keep: true });
      if (server) rmSync(server.dataDir, { recursive: true, force: true });
      cluster('stop');
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
