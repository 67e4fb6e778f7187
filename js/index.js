// @greenlight/engine: verify Greenlight (GL1) codes offline, in node and in browsers.
//
//   const v = await createVerifier({ roots: [rootKeyB64url], trustList: jws });
//   const result = v.verify(qrText);          // { valid, error, credential } — a plain object
//   v.update({ trustList: newerJws });        // throws Error with .code; the old list stays on refusal
//
// The engine is C++ compiled to WebAssembly. Its .wasm ships inside this package and is loaded from
// the package's own files (never a CDN): read from disk in node, fetched next to this file in browsers
// (bundlers such as Vite follow the `new URL(..., import.meta.url)` below and emit the asset).
import createGreenlightModule from '../dist/greenlight.mjs';

export const version = '0.1.0';

const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null;
// Hidden from bundlers: these branches only ever run in node.
const nodeImport = (name) => import(/* @vite-ignore */ 'node:' + name);

let modulePromise = null;

async function loadWasmBytes(options) {
  if (options.wasmBinary) return options.wasmBinary;
  const url = options.wasmUrl ?? new URL('../dist/greenlight.wasm', import.meta.url);
  if (isNode && String(url).startsWith('file:')) {
    const { readFile } = await nodeImport('fs/promises');
    return readFile(url);
  }
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`cannot load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// libsodium draws randomness from Module.getRandomValue; Node 18 has no globalThis.crypto.
async function randomSource() {
  const webcrypto = globalThis.crypto?.getRandomValues ? globalThis.crypto : isNode ? (await nodeImport('crypto')).webcrypto : null;
  if (!webcrypto) throw new Error('no secure random source (crypto.getRandomValues) in this environment');
  const pool = new Uint32Array(256);
  let left = 0;
  return () => {
    if (left === 0) {
      webcrypto.getRandomValues(pool);
      left = pool.length;
    }
    return pool[--left] >>> 0;
  };
}

/**
 * Loads and instantiates the engine once; later calls return the same promise.
 * Options (first call only): `wasmUrl` (URL of greenlight.wasm) or `wasmBinary` (its bytes).
 */
export function init(options = {}) {
  if (!modulePromise) {
    modulePromise = (async () => {
      const [wasmBinary, getRandomValue] = await Promise.all([loadWasmBytes(options), randomSource()]);
      return createGreenlightModule({ wasmBinary, getRandomValue });
    })();
    modulePromise.catch(() => {
      modulePromise = null; // a failed load may be retried
    });
  }
  return modulePromise;
}

function codedError(error) {
  const e = new Error(error.message);
  e.code = error.code;
  return e;
}

function invalidResult(code, message) {
  return { valid: false, error: { code, message }, credential: null };
}

// Frees the C++ verifier when its JS wrapper is garbage-collected: callers never call .delete().
const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(({ engine, handle }) => engine.verifierFree(handle)) : null;

class Verifier {
  #engine;
  #handle;

  constructor(engine, handle) {
    this.#engine = engine;
    this.#handle = handle;
    registry?.register(this, { engine, handle });
  }

  /**
   * Verifies one code text ("GL1:..." or a URL ending in #GL1:...). Never throws.
   * @param {string} text
   * @param {{ now?: number }} [context] now in epoch seconds (defaults to the clock)
   */
  verify(text, context = {}) {
    if (typeof text !== 'string') return invalidResult('format.prefix', 'code text must be a string');
    const now = context?.now;
    if (now !== undefined && (typeof now !== 'number' || !Number.isFinite(now) || now < 0))
      return invalidResult('config.now', 'now must be epoch seconds (a non-negative number)');
    return this.#engine.verifierVerify(this.#handle, text, now === undefined ? NaN : Math.floor(now));
  }

  /** Replaces documents after checking them; throws an Error with .code and keeps the old ones on refusal. */
  update({ trustList } = {}) {
    if (trustList !== undefined) {
      if (typeof trustList !== 'string') throw codedError({ code: 'trust.list_invalid', message: 'trustList must be a JWS string' });
      const r = this.#engine.verifierUpdateTrustList(this.#handle, trustList);
      if (!r.ok) throw codedError(r.error);
    }
  }

  /** What is loaded: { trustList: { iss, iat, exp, seq, keys } }. */
  info() {
    return this.#engine.verifierInfo(this.#handle);
  }
}

/**
 * Creates a verifier. Rejects with an Error whose .code is the engine's error code
 * (config.roots, config.invalid, trust.list_invalid, trust.list_expired).
 * @param {{ roots: string[], trustList: string, skewSeconds?: number }} options
 */
export async function createVerifier(options) {
  const engine = await init();
  const { roots, trustList, skewSeconds } = options ?? {};
  let config;
  try {
    config = JSON.stringify({ roots, trustList, skewSeconds });
  } catch {
    throw codedError({ code: 'config.invalid', message: 'options must be JSON-serialisable' });
  }
  const r = engine.verifierCreate(config);
  if (!r.ok) throw codedError(r.error);
  return new Verifier(engine, r.handle);
}
