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
import { isNode, loadWasmBytes, nodeImport } from './wasm-bytes.js';

export const version = '0.1.0';

let modulePromise = null;

// libsodium draws randomness from Module.getRandomValue; Node 18 has no globalThis.crypto.
async function randomSource() {
  const webcrypto = globalThis.crypto?.getRandomValues
    ? globalThis.crypto
    : isNode
      ? (await nodeImport('crypto')).webcrypto
      : null;
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
      const [wasmBinary, getRandomValue] = await Promise.all([
        loadWasmBytes(options, new URL('../dist/greenlight.wasm', import.meta.url)),
        randomSource(),
      ]);
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

const isText = (v) => v === undefined || typeof v === 'string';

// Frees the C++ verifier when its JS wrapper is garbage-collected: callers never call .delete().
const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry(({ engine, handle }) => engine.verifierFree(handle))
    : null;

class Verifier {
  #engine;
  #handle;

  constructor(engine, handle) {
    this.#engine = engine;
    this.#handle = handle;
    registry?.register(this, { engine, handle });
  }

  /**
   * Verifies one code text ("GL1:..." or a URL ending in #GL1:...) and decides admit / deny / refer.
   * Never throws: every problem is a result with an error code.
   * @param {string} text
   * @param {{ now?: number, place?: { id?: string, category: string, region?: string }, temperature?: number,
   *           locale?: 'zh-CN' | 'en' }} [context]
   */
  verify(text, context = {}) {
    // Values of the right type go to the engine, which checks them; other types cannot cross into C++.
    const refuse = (code, message) => this.#engine.verifierRefuse(this.#handle, code, message);
    if (typeof text !== 'string') return refuse('format.prefix', 'code text must be a string');
    const { now, place, temperature, locale } = context ?? {};
    // Beyond 2^53 a double is no longer a whole second (and past 2^64 the engine's clock would wrap).
    if (
      now !== undefined &&
      (typeof now !== 'number' || !Number.isFinite(now) || now < 0 || now > Number.MAX_SAFE_INTEGER)
    )
      return refuse('config.now', 'now must be epoch seconds (a non-negative number)');
    if (
      place !== undefined &&
      place !== null &&
      (typeof place !== 'object' || !isText(place.id) || !isText(place.category) || !isText(place.region))
    )
      return refuse('config.place', 'place must be { id?, category, region? } with text values');
    if (
      temperature !== undefined &&
      temperature !== null &&
      (typeof temperature !== 'number' || !Number.isFinite(temperature))
    )
      return refuse('config.temperature', 'temperature must be a number (°C)');
    if (locale !== undefined && typeof locale !== 'string')
      return refuse('config.locale', 'locale must be zh-CN or en');
    return this.#engine.verifierVerify(
      this.#handle,
      text,
      now === undefined ? NaN : Math.floor(now),
      place?.id ?? '',
      place?.category ?? '',
      place?.region ?? '',
      temperature ?? NaN,
      locale ?? 'zh-CN',
    );
  }

  /**
   * Replaces documents after checking them, all or nothing: on refusal it throws an Error with .code and
   * everything loaded before stays. statusList may be one JWS or an array (a snapshot, then deltas).
   * @param {{ trustList?: string, rules?: string, statusList?: string | string[], regionRisk?: string }} documents
   */
  update(documents = {}) {
    if (documents === null || typeof documents !== 'object' || Array.isArray(documents))
      throw codedError({
        code: 'config.invalid',
        message: 'update takes an object: { trustList?, rules?, statusList?, regionRisk? }',
      });
    const { trustList, rules, statusList, regionRisk } = documents;
    const lists = statusList === undefined ? [] : Array.isArray(statusList) ? statusList : [statusList];
    if (trustList !== undefined && typeof trustList !== 'string')
      throw codedError({ code: 'trust.list_invalid', message: 'trustList must be a JWS string' });
    if (rules !== undefined && typeof rules !== 'string')
      throw codedError({ code: 'rules.list_invalid', message: 'rules must be a JWS string' });
    if (lists.some((l) => typeof l !== 'string'))
      throw codedError({ code: 'status.list_invalid', message: 'statusList must be a JWS string or an array of them' });
    if (regionRisk !== undefined && typeof regionRisk !== 'string')
      throw codedError({ code: 'regions.list_invalid', message: 'regionRisk must be a JWS string' });
    const r = this.#engine.verifierUpdate(this.#handle, trustList ?? '', rules ?? '', lists, regionRisk ?? '');
    if (!r.ok) throw codedError(r.error);
  }

  /** What is loaded: { trustList, rules, statusList, regionRisk } with iss, iat, exp, seq and sizes. */
  info() {
    return this.#engine.verifierInfo(this.#handle);
  }
}

/**
 * Creates a verifier. Rejects with an Error whose .code is the engine's error code (config.roots,
 * config.invalid, trust.list_*, rules.*, status.*, regions.*).
 * @param {{ roots: string[], trustList: string, rules?: string, statusLists?: string[], regionRisk?: string,
 *   skewSeconds?: number }} options
 */
export async function createVerifier(options) {
  const engine = await init();
  const { roots, trustList, rules, statusLists, regionRisk, skewSeconds } = options ?? {};
  let config;
  try {
    config = JSON.stringify({ roots, trustList, skewSeconds });
  } catch {
    throw codedError({ code: 'config.invalid', message: 'options must be JSON-serialisable' });
  }
  const r = engine.verifierCreate(config);
  if (!r.ok) throw codedError(r.error);
  const verifier = new Verifier(engine, r.handle);
  if (statusLists !== undefined && !Array.isArray(statusLists))
    throw codedError({ code: 'status.list_invalid', message: 'statusLists must be an array of JWS strings' });
  if (rules !== undefined || (statusLists && statusLists.length) || regionRisk !== undefined)
    verifier.update({ rules, statusList: statusLists ?? [], regionRisk });
  return verifier;
}
