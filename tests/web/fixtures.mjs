// Test fixtures for the checkpoint page: a test root, issuer keys and a trust list made with the native
// CLI, codes issued now, QR images rendered by `greenlight qr`, 1280x720 frames composed by ffmpeg and one
// looping y4m per scenario for Chromium's fake camera; the page built with Vite; a server double.
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHandler } from '../../web/serve.mjs';

export const repo = fileURLToPath(new URL('../..', import.meta.url));
export const cli = process.env.GREENLIGHT_CLI ?? join(repo, 'build/native/bin/greenlight');
export const artifacts = join(repo, 'test-results/web');
mkdirSync(artifacts, { recursive: true });
export const work = mkdtempSync(join(tmpdir(), 'gl-web-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true })); // y4m files are ~100 MB

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')}… failed: ${r.stderr || r.error}`);
  return r.stdout;
}
const gl = (...args) => run(cli, args);

/**
 * Builds the page with Vite (web/ -> web/dist, or `outDir`). Test files run in parallel processes, so each
 * file that needs a build gets its own output directory; only checkpoint.test.mjs writes web/dist.
 */
export function buildPage(outDir = join(repo, 'web/dist')) {
  const r = spawnSync(
    process.execPath,
    [join(repo, 'node_modules/vite/bin/vite.js'), 'build', join(repo, 'web'), '--outDir', outDir, '--emptyOutDir'],
    { encoding: 'utf8', cwd: repo },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  return outDir;
}

export const NOW = Math.floor(Date.now() / 1000);

let keys = 0;
/** A new key pair in its own file (a second authority must not overwrite the first one's keys). */
function keygen(name) {
  const file = join(work, `${name}-${++keys}.key.json`);
  gl('keygen', '--out', file);
  return { file, ...JSON.parse(readFileSync(file, 'utf8')) };
}

function signDoc(key, typ, payload) {
  const file = join(work, `${typ}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(payload));
  return gl('sign-doc', '--key', key.file, '--typ', typ, file).trim();
}

/**
 * A test root, one issuer key (person, proxy, place, status) and its trust list. `regions`: a second key
 * (use regions, iss gl:cn-health) in the trust list, which signs region-risk lists (`regionRisk`).
 */
export function makeAuthority({ regions = false } = {}) {
  const root = keygen('root');
  const issuer = keygen('issuer');
  const regionsKey = regions ? keygen('regions') : null;
  const trustList = signDoc(root, 'gl-trust-list', {
    iss: 'gl-test-root',
    iat: NOW - 60,
    exp: NOW + 30 * 86400,
    seq: 1,
    keys: [
      {
        kid: issuer.kid,
        x: issuer.public,
        iss: 'gl:cn-310000',
        use: ['person', 'proxy', 'place', 'status'],
        nbf: NOW - 86400 * 365,
        exp: NOW + 86400 * 365,
      },
      ...(regionsKey
        ? [
            {
              kid: regionsKey.kid,
              x: regionsKey.public,
              iss: 'gl:cn-health',
              use: ['regions'],
              nbf: NOW - 86400 * 365,
              exp: NOW + 86400 * 365,
            },
          ]
        : []),
    ],
  });
  const statusList = (iat) =>
    signDoc(issuer, 'gl-status-list', { iss: 'gl:cn-310000', iat, exp: NOW + 86400, seq: 1, entries: [] });
  /** A signed gl-region-risk list: `regions` as [{r, level, from, to}]. */
  const regionRisk = ({ seq = 1, regions: entries = [], iat = NOW - 60 } = {}) =>
    signDoc(regionsKey, 'gl-region-risk', { iss: 'gl:cn-health', iat, exp: NOW + 86400, seq, regions: entries });
  return { root, issuer, trustList, statusList, ...(regionsKey ? { regionsKey, regionRisk } : {}) };
}

let subjects = 0;
/**
 * A person code issued now (`iat`), for a new subject unless `sub` names one (a second code of the same
 * person: a later `iat` makes a different text). `itinerary`: "region:epochDay,..." (claim tr); `declaration`:
 * "declaredAt[:symptoms][:fever][:contact]" (claim dc), as `greenlight issue` takes them.
 */
export function issuePerson(
  auth,
  status,
  { iat = NOW, ttl = 3600, name = '张*', phone = '138****1234', itinerary, declaration, sub } = {},
) {
  return gl(
    'issue',
    '--key',
    auth.issuer.file,
    '--iss',
    'gl:cn-310000',
    '--type',
    'person',
    '--sub',
    sub ?? `p-${status}-${++subjects}`,
    '--status',
    status,
    '--name',
    name,
    '--phone',
    phone,
    '--seq',
    '1',
    '--iat',
    String(iat),
    '--ttl',
    String(ttl),
    ...(itinerary ? ['--itinerary', itinerary] : []),
    ...(declaration ? ['--declaration', declaration] : []),
  ).trim();
}

export function issuePlace(auth, { sub = 'pl-0042', name = '静安寺商场', category = 'mall', region = '310106' } = {}) {
  return gl(
    'issue',
    '--key',
    auth.issuer.file,
    '--iss',
    'gl:cn-310000',
    '--type',
    'place',
    '--sub',
    sub,
    '--place-name',
    name,
    '--category',
    category,
    '--region',
    region,
    '--ttl',
    String(86400 * 365),
  ).trim();
}

/** A signed code whose signature was altered (Base45 decode, flip a signature byte, re-encode). */
export function forge(code) {
  const A = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  const text = code.slice(4);
  const bytes = [];
  for (let i = 0; i < text.length; i += 3) {
    const c = [...text.slice(i, i + 3)].map((ch) => A.indexOf(ch));
    const n = c[0] + c[1] * 45 + (c.length === 3 ? c[2] * 2025 : 0);
    if (c.length === 3) bytes.push(n >> 8, n & 0xff);
    else bytes.push(n);
  }
  bytes[bytes.length - 5] ^= 0x01; // inside the 64-byte signature at the end of the COSE array
  let out = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (i + 1 < bytes.length) {
      let n = bytes[i] * 256 + bytes[i + 1];
      out += A[n % 45];
      n = Math.floor(n / 45);
      out += A[n % 45] + A[Math.floor(n / 45)];
    } else {
      out += A[bytes[i] % 45] + A[Math.floor(bytes[i] / 45)];
    }
  }
  return 'GL1:' + out;
}

const FRAME_BYTES = (1280 * 720 * 3) / 2;
let frameId = 0;
/** One 1280x720 yuv420p frame: the text's QR (greenlight qr, scale 6) centred on white by ffmpeg; null = blank. */
function frame(text) {
  const out = join(work, `frame-${++frameId}.y4m`);
  if (text === null) {
    run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'color=white:s=1280x720',
      '-frames:v',
      '1',
      '-pix_fmt',
      'yuv420p',
      '-f',
      'yuv4mpegpipe',
      out,
    ]);
  } else {
    const pgm = join(work, `qr-${frameId}.pgm`);
    gl('qr', '--format', 'pgm', '--scale', '6', '--out', pgm, text);
    run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      pgm,
      '-vf',
      'pad=1280:720:(ow-iw)/2:(oh-ih)/2:color=white,format=yuv420p',
      '-frames:v',
      '1',
      '-f',
      'yuv4mpegpipe',
      out,
    ]);
  }
  const data = readFileSync(out);
  const headerEnd = data.indexOf(0x0a);
  const frameStart = data.indexOf(0x0a, headerEnd + 1) + 1; // after "FRAME\n"
  return {
    header: data.subarray(0, headerEnd).toString('latin1'),
    pixels: data.subarray(frameStart, frameStart + FRAME_BYTES),
  };
}

/**
 * Writes one y4m for a scenario: each code held `hold` seconds, then `gap` seconds of white; `fps` frames a
 * second. Chromium loops it. Returns the path.
 */
export function makeY4m(name, codes, { fps = 4, hold = 1.5, gap = 0.75 } = {}) {
  const blank = frame(null);
  const path = join(work, `${name}.y4m`);
  const fd = openSync(path, 'w');
  writeSync(fd, blank.header.replace(/ F\d+:\d+/, ` F${fps}:1`) + '\n');
  const put = (f, seconds) => {
    for (let i = 0; i < Math.round(seconds * fps); i++) {
      writeSync(fd, 'FRAME\n');
      writeSync(fd, f.pixels);
    }
  };
  for (const code of codes) {
    put(frame(code), hold);
    put(blank, gap);
  }
  closeSync(fd);
  return path;
}

const RECORD_FIELDS = new Set([
  'clientId',
  'placeId',
  'checkpoint',
  'time',
  'method',
  'code',
  'decision',
  'status',
  'reasons',
  'temperatureClass',
  'temperature',
  'manual',
]);

/**
 * Checks one check-in record against docs/api.md ("From a checkpoint (inspector)") as strictly as the
 * server does: returns null when valid, else the problem (the server's `checkin.invalid` message).
 */
export function recordProblem(r) {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return 'record: not an object';
  for (const k of Object.keys(r)) if (!RECORD_FIELDS.has(k)) return `${k}: unknown field`;
  if (typeof r.clientId !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(r.clientId)) return 'clientId';
  if (typeof r.placeId !== 'string' || !r.placeId) return 'placeId';
  if (r.checkpoint !== undefined && (typeof r.checkpoint !== 'string' || [...r.checkpoint].length > 64))
    return 'checkpoint';
  if (!Number.isInteger(r.time) || r.time < 0) return 'time';
  if (r.method !== 'inspector-scan' && r.method !== 'manual') return 'method';
  if (
    r.method === 'inspector-scan' ? typeof r.code !== 'string' || !r.code || r.code.length > 8192 : r.code !== undefined
  )
    return 'code';
  if (![null, 'admit', 'deny', 'refer'].includes(r.decision)) return 'decision';
  if (![null, 'green', 'yellow', 'orange', 'red', 'revoked'].includes(r.status)) return 'status';
  if (!Array.isArray(r.reasons) || r.reasons.length > 16 || !r.reasons.every((x) => typeof x === 'string'))
    return 'reasons';
  if (![null, 'normal', 'fever'].includes(r.temperatureClass)) return 'temperatureClass';
  if (r.temperature !== undefined && !(typeof r.temperature === 'number' && r.temperature >= 30 && r.temperature <= 45))
    return 'temperature';
  if (r.method === 'manual') {
    const m = r.manual;
    if (
      !m ||
      typeof m !== 'object' ||
      typeof m.name !== 'string' ||
      typeof m.idNumber !== 'string' ||
      (m.phone !== undefined && typeof m.phone !== 'string')
    )
      return 'manual';
    if (Object.keys(m).some((k) => !['name', 'idNumber', 'phone'].includes(k))) return 'manual: unknown field';
  } else if (r.manual !== undefined) return 'manual';
  return null;
}

/**
 * The server double: the built page and a documents dir (web/serve.mjs's handler) plus a recording
 * /api/v1 for the sync client that checks every record like the server (`state.rejected` lists the ones it
 * refused). `dateOffsetS` skews its Date header; `down = true` drops every connection
 * (the network is down). `regionRisk`: the JWS served at /api/v1/documents/region-risk (with an ETag,
 * 304 when the page already has it); every other document answers 304 (nothing new).
 */
export async function startServer(documents) {
  const handler = createHandler({ dist: join(repo, 'web/dist'), documents });
  const state = {
    down: false,
    dateOffsetS: 0,
    checkins: [],
    requests: [],
    stored: new Map(),
    rejected: [],
    regionRisk: null,
  };
  const server = http.createServer(async (req, res) => {
    if (state.down) return req.socket.destroy();
    state.requests.push(`${req.method} ${req.url}`);
    res.setHeader('date', new Date(Date.now() + state.dateOffsetS * 1000).toUTCString());
    if (req.url.startsWith('/api/v1/checkins') && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const { records } = JSON.parse(body);
      state.checkins.push(records);
      const accepted = [];
      const rejected = [];
      for (const r of records) {
        const problem = recordProblem(r);
        if (problem) {
          rejected.push({ clientId: r.clientId, code: 'checkin.invalid', message: problem });
          continue;
        }
        if (!state.stored.has(r.clientId)) state.stored.set(r.clientId, r);
        accepted.push(r.clientId);
      }
      state.rejected.push(...rejected);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted, rejected }));
      return;
    }
    if (req.url === '/api/v1/documents/region-risk' && state.regionRisk) {
      const etag = `"rr-${state.regionRisk.length}-${state.regionRisk.slice(-16)}"`;
      if (req.headers['if-none-match'] === etag) return res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/jose', etag }).end(state.regionRisk);
      return;
    }
    if (req.url.startsWith('/api/v1/documents/')) {
      res.writeHead(304).end();
      return;
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

export function writeConfig(dir, config) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify(config, null, 2));
}

/** WCAG contrast ratio of two computed rgb() colours. */
export function contrast(fg, bg) {
  const lum = (c) => {
    const [r, g, b] = c
      .match(/\d+(\.\d+)?/g)
      .slice(0, 3)
      .map((v) => {
        const x = Number(v) / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
