#!/usr/bin/env node
// Tiny static server for the built pages (node, no dependencies):
//   node web/serve.mjs [--port 8080] [--host 127.0.0.1] [--dist web/dist] DOCUMENTS_DIR
// serves web/dist at / and DOCUMENTS_DIR at /documents/, with a Date header on every response (the
// page's clock check), the right MIME types, and Cache-Control: no-cache for sw.js, index.html and the
// documents (hashed assets are immutable). Also importable: createHandler({ dist, documents }).
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jws': 'application/jose; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

async function resolveFile(base, relative) {
  const root = resolve(base);
  const file = resolve(root, '.' + sep + relative);
  if (file !== root && !file.startsWith(root + sep)) return null; // no escaping the directory
  try {
    const s = await stat(file);
    if (s.isDirectory()) {
      const index = join(file, 'index.html');
      return (await stat(index)).isFile() ? index : null;
    }
    return s.isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Returns an (req, res) handler; resolves true when it answered, false when the path is not its own. */
export function createHandler({ dist, documents }) {
  return async (req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    let file = null;
    let cache = 'no-cache';
    if (pathname.startsWith('/documents/')) {
      file = documents ? await resolveFile(documents, pathname.slice('/documents/'.length)) : null;
    } else {
      file = await resolveFile(dist, pathname.slice(1));
      if (file && pathname.startsWith('/assets/')) cache = 'public, max-age=31536000, immutable';
    }
    if (!file) {
      res
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' })
        .end('not found\n');
      return true;
    }
    const s = await stat(file);
    const headers = {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': s.size,
      'cache-control': cache,
      'x-content-type-options': 'nosniff',
    };
    if (file.endsWith(`${sep}sw.js`)) headers['service-worker-allowed'] = '/';
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return (res.end(), true);
    createReadStream(file).pipe(res);
    return true;
  };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const port = Number(opt('--port', process.env.PORT ?? 8080));
  const host = opt('--host', '127.0.0.1');
  const dist = opt('--dist', fileURLToPath(new URL('./dist', import.meta.url)));
  const documents = args[0];
  if (!documents || !Number.isInteger(port)) {
    console.error('usage: node web/serve.mjs [--port 8080] [--host 127.0.0.1] [--dist web/dist] DOCUMENTS_DIR');
    process.exit(2);
  }
  const handler = createHandler({ dist, documents });
  http
    .createServer((req, res) => handler(req, res).catch(() => res.writeHead(500).end()))
    .listen(port, host, () =>
      console.log(`checkpoint page: http://${host}:${port}/  (documents: ${resolve(documents)})`),
    );
}
