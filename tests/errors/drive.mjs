// Runs one row of tests/errors/matrix.mjs and returns what happened, as plain data:
//   { code, message, thrown, plain, valid, detail }
// code/message: the error the engine gave (null when the input was accepted); thrown: an exception that
// escaped where none may (verify must never throw; createVerifier/update must throw Errors with .code).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createVerifier } from '../../js/index.js';
import { call } from '../support/http.mjs';
import { demoAuthority } from '../support/people.mjs';
import { repo } from '../support/repo.mjs';
import { launch } from '../support/server.mjs';
import { NOW } from './matrix.mjs';

export const cliPath = process.env.GREENLIGHT_CLI ?? join(repo, 'build/native/bin/greenlight');
export const serverPath = process.env.GREENLIGHT_SERVER ?? join(repo, 'build/native/bin/greenlight-server');

// One greenlight-server for the 'server' rows (SQLite, demo data), started by the first of them, and the demo
// authority's session; stopServer() ends it.
let server = null;
async function serverSession() {
  if (server) return server;
  const dataDir = mkdtempSync(join(tmpdir(), 'gl-errors-server-'));
  const running = await launch(
    ['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--db', `sqlite:${join(dataDir, 'errors.db')}`, '--demo'],
    { program: serverPath },
  );
  const signIn = await call(running, 'POST', '/api/v1/auth/authority-sessions', { body: demoAuthority });
  if (signIn.status !== 201) throw new Error(`demo authority sign-in: ${signIn.status} ${signIn.text}`);
  server = { running, dataDir, token: signIn.json.token };
  return server;
}
export async function stopServer() {
  if (!server) return;
  await server.running.stop();
  rmSync(server.dataDir, { recursive: true, force: true });
  server = null;
}

const isPlain = (o) =>
  o !== null &&
  typeof o === 'object' &&
  (Object.getPrototypeOf(o) === Object.prototype || Array.isArray(o)) &&
  Object.values(o).every((x) => x === null || typeof x !== 'object' || isPlain(x));

let baseVerifier = null;
async function verifierFor(ctx, extra) {
  if (!extra) return (baseVerifier ??= await createVerifier(ctx.base));
  return createVerifier({ ...ctx.base, ...extra });
}

function coded(e) {
  if (!(e instanceof Error) || typeof e.code !== 'string') return { thrown: String(e?.stack ?? e) };
  return { code: e.code, message: e.message };
}

let dir = null;
function workDir(ctx) {
  if (dir) return dir;
  dir = mkdtempSync(join(tmpdir(), 'gl-errors-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'issuer.key.json'),
    JSON.stringify({ kid: ctx.I.kidText, public: ctx.I.public, secret: ctx.I.secret }),
    { mode: 0o600 },
  );
  writeFileSync(join(dir, 'trust-list.jws'), ctx.trustList);
  return dir;
}

export async function drive(row, ctx) {
  const input = row.build(ctx);
  if (row.via === 'verify') {
    const { text, context, verifier } = typeof input === 'string' ? { text: input, context: undefined } : input;
    const v = await verifierFor(ctx, verifier);
    let r;
    try {
      r = v.verify(text, context ?? { now: NOW });
    } catch (e) {
      return { thrown: String(e?.stack ?? e) };
    }
    return {
      code: r.error?.code ?? null,
      message: r.error?.message ?? null,
      valid: r.valid,
      plain: isPlain(r),
      decision: r.decision,
      result: r,
    };
  }
  if (row.via === 'create') {
    try {
      const v = await createVerifier(input);
      return { code: null, message: null, plain: isPlain(v.info()) };
    } catch (e) {
      return { ...coded(e), plain: true };
    }
  }
  if (row.via === 'update') {
    let v;
    try {
      v = await createVerifier({ ...ctx.base, ...(input.setup ?? {}) });
    } catch (e) {
      return { thrown: 'setup failed: ' + (e.code ?? '') + ' ' + e.message };
    }
    const before = JSON.stringify(v.info());
    try {
      v.update(input.documents);
      return { code: null, message: null, plain: isPlain(v.info()) };
    } catch (e) {
      const after = JSON.stringify(v.info());
      return { ...coded(e), plain: true, unchanged: before === after };
    }
  }
  if (row.via === 'cli') {
    const d = workDir(ctx);
    let args = input.args;
    for (const [name, content] of Object.entries(input.files ?? {})) writeFileSync(join(d, name), content);
    args = (args ?? []).map((a) => (a.startsWith('@') ? join(d, a.slice(1)) : a));
    if (input.verify)
      args = [
        'verify',
        '--root',
        ctx.R.public,
        '--trust-list',
        join(d, 'trust-list.jws'),
        '--now',
        String(NOW),
        ...args,
      ];
    // `sh`: the arguments as a shell fragment run in the work directory, for bytes that argv from node
    // cannot carry (invalid UTF-8, written with printf).
    const r = input.sh
      ? spawnSync('/bin/sh', ['-c', 'exec "$0" ' + input.sh, cliPath], {
          cwd: d,
          input: input.stdin,
          maxBuffer: 1 << 26,
        })
      : spawnSync(cliPath, args, { input: input.stdin, maxBuffer: 1 << 26 });
    if (input.sh) args = [input.sh.split(' ')[0]];
    const stdout = r.stdout?.toString('utf8') ?? '';
    const stderr = r.stderr?.toString('utf8') ?? '';
    if (r.error || r.signal) return { thrown: `greenlight ${args[0]}: ${r.error ?? 'signal ' + r.signal}` };
    if (input.verify) {
      // verify prints a result and exits 0 whether or not the code is valid
      try {
        const result = JSON.parse(stdout);
        return {
          code: result.error?.code ?? null,
          message: result.error?.message ?? null,
          exit: r.status,
          plain: true,
        };
      } catch {
        return { thrown: `greenlight verify exited ${r.status}: ${stderr}` };
      }
    }
    if (r.status === 0) return { code: null, message: null, exit: 0, plain: true };
    try {
      const { error } = JSON.parse(stderr.trim().split('\n').pop());
      return { code: error.code, message: error.message, exit: r.status, plain: true };
    } catch {
      return { thrown: `greenlight ${args[0]} exited ${r.status} without an error object: ${stderr.slice(0, 300)}` };
    }
  }
  if (row.via === 'server') {
    const { running, token } = await serverSession();
    const res = await call(running, input.method, input.path, { token, body: input.body });
    if (res.status < 400) return { code: null, message: null, plain: true };
    if (!res.json?.error) return { thrown: `greenlight-server answered ${res.status} without an error object` };
    return { code: res.json.error.code, message: res.json.error.message, plain: true };
  }
  throw new Error('unknown via ' + row.via);
}

// ---- docs/errors.md tables --------------------------------------------------------------------------------

const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');

/** One markdown table per area, from a live run: | code | input | message |. */
export async function markdownTables(rows, areas, ctx, knownFailures = {}) {
  const out = [];
  for (const [area, title] of areas) {
    const mine = rows.filter((r) => r.area === area);
    if (!mine.length) continue;
    out.push(`### ${title}`, '', '| code | input | message |', '|---|---|---|');
    for (const row of mine) {
      const r = await drive(row, ctx);
      let message = r.thrown
        ? `throws ${r.thrown.split('\n')[0].split(':')[0]}`
        : r.code === null
          ? '(accepted)'
          : '`' + r.message + '`';
      const observed = r.thrown
        ? message
        : r.code === null
          ? 'accepted (no error)'
          : r.code === row.code
            ? message
            : '`' + r.code + '` ' + message;
      if (knownFailures[row.id]) message = `**known failure** (see [Findings](#findings)); observed: ${observed}`;
      const code = row.code === null ? '—' : '`' + row.code + '`';
      out.push(`| ${code} | \`${row.id}\` ${cell(row.input)} | ${cell(message)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Parses docs/errors.md: every table row whose input cell starts with a backticked id. */
export function parseDoc(markdown) {
  const rows = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replaceAll('\\|', '|'));
    if (cells.length !== 3) continue;
    const id = /^`([a-z0-9_]+\.[a-z0-9_]+)`/.exec(cells[1]);
    if (!id) continue;
    const code = cells[0] === '—' ? null : cells[0].replace(/^`|`$/g, '');
    const message =
      cells[2] === '(accepted)'
        ? null
        : cells[2].startsWith('**known failure**')
          ? undefined
          : cells[2].replace(/^`|`$/g, '');
    rows.push({ id: id[1], code, message, line });
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { rows, areas, context, knownFailures } = await import('./matrix.mjs');
  process.stdout.write(await markdownTables(rows, areas, context(), knownFailures));
  await stopServer();
}
