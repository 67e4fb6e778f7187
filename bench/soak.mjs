// Soak: greenlight-server under sustained mixed load on loopback — check-in batches from checkpoints,
// dynamic-code issuance, self check-ins, and the documents verifiers poll (trust list by ETag, status-list
// deltas, risk notices) — while an authority changes statuses. Every 10 s it prints the server's RSS and each
// operation's count, p50 and p99 for that interval; at the end, the whole run's figures and whether memory
// levelled off. Exits non-zero on any failed request, and on memory still climbing at the end — or, with
// --max-rss-mib, above that ceiling (short runs: SQLite's 64 MiB page cache is still filling in the first
// minutes, so "levelled off" is only a fair question for runs of several minutes).
//   node bench/soak.mjs [--minutes 5] [--db sqlite|postgresql://...] [--json FILE] [--max-rss-mib N]
// (scripts/soak runs it; scripts/test runs a one-minute one.)
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((pairs, v, i, all) => (i % 2 === 0 ? [...pairs, [v.replace(/^--/, ''), all[i + 1]]] : pairs), []),
);
const minutes = Number(args.minutes ?? 5);
const repo = new URL('..', import.meta.url).pathname;
const binary = process.env.GREENLIGHT_SERVER ?? join(repo, 'build/native/bin/greenlight-server');
const intervalMs = Number(args.interval ?? 10) * 1000;

const dataDir = mkdtempSync(join(tmpdir(), 'gl-soak-'));
const db = !args.db || args.db === 'sqlite' ? `sqlite:${join(dataDir, 'soak.db')}` : args.db;
let dropDb = () => {};
let dbUrl = db;
if (db.startsWith('postgres')) {
  const name = `gl_soak_${randomBytes(4).toString('hex')}`;
  execFileSync('psql', ['-X', '-q', db, '-c', `CREATE DATABASE ${name}`]);
  const u = new URL(db);
  u.pathname = `/${name}`;
  dbUrl = u.toString();
  dropDb = () => execFileSync('psql', ['-X', '-q', db, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
}

const server = spawn(
  binary,
  ['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--db', dbUrl, '--demo', '--rate-limit-address', '999999'],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
let serverLog = '';
server.stderr.on('data', (d) => (serverLog += d));
const base = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
    if (m) resolve(m[1]);
  });
  server.on('exit', (code) => reject(new Error(`greenlight-server exited ${code}: ${serverLog}`)));
});

async function call(method, path, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: text && res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : null,
    text,
  };
}

function otp(phone) {
  const lines = readFileSync(join(dataDir, 'sms-outbox.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((l) => l.phone === phone);
  return lines.at(-1).text.match(/\b(\d{6})\b/)[1];
}
async function signIn(phone) {
  await call('POST', '/api/v1/auth/otp', { body: { phone } });
  return (await call('POST', '/api/v1/auth/sessions', { body: { phone, code: otp(phone) } })).json.token;
}
function idNumber(n) {
  const body = `11010519900101${String(n).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
}

// Set-up: a place, an inspector, citizens with codes, the authority.
const admin = await signIn('13900000001');
const place = (
  await call('POST', '/api/v1/places', {
    token: admin,
    body: { region: '110105', address: 'soak', category: 'mall', name: 'soak mall' },
  })
).json;
const inspector = await signIn('13900000002');
await call('POST', '/api/v1/inspector/places', { token: inspector, body: { declarationCode: place.declarationCode } });
const citizens = [];
for (let i = 0; i < 8; i++) {
  const token = await signIn(`1390000010${i}`);
  await call('PUT', '/api/v1/me/identity', { token, body: { name: '测试', idNumber: idNumber(100 + i) } });
  await call('POST', '/api/v1/me/declarations', {
    token,
    body: { symptoms: [], fever: false, contactWithCase: false, travel: { highRiskArea: false } },
  });
  citizens.push({ token, idNumber: idNumber(100 + i) });
}
const authority = (
  await call('POST', '/api/v1/auth/authority-sessions', {
    body: { username: 'demo-authority', password: 'greenlight-demo' },
  })
).json.token;
const placeCode = (await call('GET', `/api/v1/places/${place.id}`, { token: admin })).json.code;

// The load: each loop repeats one operation until the deadline.
const stats = new Map(); // op -> { interval: [ms], all: [ms], failures }
const record = (op, ms, ok) => {
  if (!stats.has(op)) stats.set(op, { interval: [], all: [], failures: 0, lastFailure: '' });
  const s = stats.get(op);
  s.interval.push(ms);
  s.all.push(ms);
  if (!ok) s.failures += 1;
};
const deadline = Date.now() + minutes * 60000;
async function loop(op, fn) {
  while (Date.now() < deadline) {
    const t0 = performance.now();
    let ok = false;
    try {
      ok = await fn();
    } catch (e) {
      stats.get(op) && (stats.get(op).lastFailure = String(e));
    }
    record(op, performance.now() - t0, ok);
    if (!ok && stats.get(op)) stats.get(op).lastFailure ||= 'bad status';
  }
}
let seq = 0;
let trustEtag = '';
let statusSeq = (await call('GET', '/api/v1/documents/status-list')).json.seq;
const loops = [
  ...[0, 1].map((lane) =>
    loop('ingest (50 records)', async () => {
      const codes = await Promise.all(
        citizens.slice(0, 2).map(async (c) => (await call('GET', '/api/v1/me/code', { token: c.token })).json.text),
      );
      const now = Math.floor(Date.now() / 1000);
      const records = Array.from({ length: 50 }, (_, i) => ({
        clientId: `s${lane}-${++seq}-${i}`,
        placeId: place.id,
        checkpoint: `gate ${lane}`,
        time: now,
        method: 'inspector-scan',
        code: codes[i % 2],
        decision: 'admit',
        status: 'green',
        reasons: [],
        temperatureClass: 'normal',
      }));
      const res = await call('POST', '/api/v1/checkins', { token: inspector, body: { records } });
      return res.status === 200 && res.json.accepted.length === 50;
    }),
  ),
  ...[0, 1].map((i) =>
    loop(
      'dynamic code',
      async () => (await call('GET', '/api/v1/me/code', { token: citizens[2 + i].token })).status === 200,
    ),
  ),
  loop(
    'self check-in',
    async () =>
      (await call('POST', '/api/v1/me/checkins', { token: citizens[4 + (seq % 4)].token, body: { placeCode } }))
        .status === 201,
  ),
  loop('trust list (ETag)', async () => {
    const res = await call('GET', '/api/v1/documents/trust-list', {
      headers: trustEtag ? { 'if-none-match': trustEtag } : {},
    });
    if (res.status === 200) trustEtag = res.headers.get('etag');
    return res.status === 200 || res.status === 304;
  }),
  loop('status-list delta', async () => {
    const res = await call('GET', `/api/v1/documents/status-list?since=${statusSeq}`);
    if (res.status === 200) statusSeq = res.json.seq;
    return res.status === 200 || res.status === 204;
  }),
  loop('risk notices', async () => [200, 304].includes((await call('GET', '/api/v1/documents/risk-notices')).status)),
  loop('authority status change', async () => {
    await new Promise((r) => setTimeout(r, 200)); // a few a second, like staff at work
    const c = citizens[seq % citizens.length];
    const res = await call('POST', '/api/v1/authority/status', {
      token: authority,
      body: { idNumber: c.idNumber, status: 'green', reason: 'soak' },
    });
    return res.status === 200;
  }),
];

const rssKiB = () => Number(readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
const pct = (xs, p) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const samples = [];
const started = Date.now();
console.log(
  `soak: ${minutes} min against ${db.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'} (${base}); a line every ${intervalMs / 1000} s`,
);
const timer = setInterval(() => {
  const sample = { t: Math.round((Date.now() - started) / 1000), rssMiB: +(rssKiB() / 1024).toFixed(1), ops: {} };
  for (const [op, s] of stats) {
    sample.ops[op] = {
      n: s.interval.length,
      p50: +pct(s.interval, 0.5).toFixed(1),
      p99: +pct(s.interval, 0.99).toFixed(1),
    };
    s.interval = [];
  }
  samples.push(sample);
  const line = Object.entries(sample.ops)
    .map(([op, o]) => `${op.split(' ')[0]} ${o.n}/${o.p99}ms`)
    .join('  ');
  console.log(`${String(sample.t).padStart(4)} s  RSS ${String(sample.rssMiB).padStart(6)} MiB  ${line}`);
}, intervalMs);

await Promise.all(loops);
clearInterval(timer);
const failures = [...stats].filter(([, s]) => s.failures > 0);
const summary = Object.fromEntries(
  [...stats].map(([op, s]) => [
    op,
    {
      count: s.all.length,
      perSecond: +(s.all.length / (minutes * 60)).toFixed(1),
      p50: +pct(s.all, 0.5).toFixed(1),
      p99: +pct(s.all, 0.99).toFixed(1),
      failures: s.failures,
    },
  ]),
);
// Memory levels off when the last third of the run grew less than 10% over the middle third's peak.
const third = Math.max(1, Math.floor(samples.length / 3));
const middlePeak = Math.max(...samples.slice(third, 2 * third).map((s) => s.rssMiB), 0);
const lastPeak = Math.max(...samples.slice(2 * third).map((s) => s.rssMiB), 0);
const levelled = samples.length < 3 || lastPeak <= middlePeak * 1.1 + 2;
const ceiling = args['max-rss-mib'] ? Number(args['max-rss-mib']) : null;
const peak = Math.max(...samples.map((x) => x.rssMiB), 0);
const memoryOk = ceiling ? peak <= ceiling : levelled;
console.log('\nwhole run (ms):');
for (const [op, s] of Object.entries(summary))
  console.log(
    `  ${op.padEnd(24)} ${String(s.count).padStart(7)} (${s.perSecond}/s)  p50 ${s.p50}  p99 ${s.p99}  failures ${s.failures}`,
  );
console.log(
  `RSS: start ${samples[0]?.rssMiB} MiB, middle-third peak ${middlePeak} MiB, last-third peak ${lastPeak} MiB: ${levelled ? 'levelled off' : 'still growing'}` +
    (ceiling ? `; peak ${peak} MiB ${peak <= ceiling ? '<=' : 'ABOVE'} the ${ceiling} MiB ceiling` : ''),
);
if (args.json)
  writeFileSync(
    args.json,
    JSON.stringify({ minutes, db: db.startsWith('postgres') ? 'postgresql' : 'sqlite', summary, samples }, null, 1),
  );

server.kill('SIGTERM');
await new Promise((r) => server.on('exit', r));
dropDb();
if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
for (const [op, s] of failures) console.error(`soak: ${s.failures} failed ${op} (last: ${s.lastFailure})`);
process.exit(failures.length || !memoryOk ? 1 : 0);
