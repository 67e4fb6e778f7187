// @greenlight/engine/scanner: read QR codes from camera frames with zxing-wasm (ZXing-C++ in WebAssembly)
// and decide them with our verifier.
//
//   const scan = await scanImageData(imageData);      // { text, format, position, ... } | null
//   const s = createScanner({ verifier, video, onResult: ({ text, result }) => show(result) });
//   s.stop();
//
// zxing-wasm fetches its .wasm from a CDN by default. We never let it: its reader's .wasm ships in this
// package (dist/zxing_reader.wasm) and is read from disk in node and fetched next to this file in browsers
// (`new URL('../dist/zxing_reader.wasm', import.meta.url)`, which bundlers such as Vite emit as an asset).
// `initScanner({ wasmUrl })` points it elsewhere on your own origin.
//
// Per frame we do less than a plain zxing-wasm call (a live camera mostly shows no code): a luminance
// image at half resolution is read first with ZXing's fast settings; the full-resolution image is read
// (with ZXing's try-harder settings) only when that finds nothing and a QR finder pattern is likely
// (ZXing detected a symbol it could not decode, or a cheap scan of the small image sees 1:1:3:1:1 runs).
// createScanner also skips frames identical to the previous one, and decides a code held in view once.
import { loadWasmBytes } from './wasm-bytes.js';
import {
  prepareZXingModule,
  encodeFormats,
  binarizers,
  textModes,
  characterSets,
  eanAddOnSymbols,
} from 'zxing-wasm/reader';

let modulePromise = null;

const toArrayBuffer = (bytes) =>
  bytes instanceof ArrayBuffer ? bytes : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);

/**
 * Loads and instantiates zxing-wasm's reader once; later calls return the same promise.
 * Options (first call only): `wasmUrl` (URL of zxing_reader.wasm on your origin) or `wasmBinary` (its bytes).
 */
export function initScanner(options = {}) {
  if (!modulePromise) {
    modulePromise = (async () => {
      const wasmBinary = toArrayBuffer(
        await loadWasmBytes(options, new URL('../dist/zxing_reader.wasm', import.meta.url)),
      );
      const module = await prepareZXingModule({
        overrides: {
          wasmBinary,
          // Never consulted while wasmBinary is set; if it were, it must not name a CDN.
          locateFile: (path, prefix) =>
            path.endsWith('.wasm')
              ? String(options.wasmUrl ?? new URL('../dist/zxing_reader.wasm', import.meta.url))
              : prefix + path,
        },
        fireImmediately: true,
        equalityFn: () => false, // ours, whatever another zxing-wasm user configured
      });
      if (typeof module.readBarcodesFromPixmap !== 'function' || typeof module._malloc !== 'function')
        throw new Error('zxing-wasm reader module without readBarcodesFromPixmap (unsupported zxing-wasm version)');
      return module;
    })();
    modulePromise.catch(() => {
      modulePromise = null; // a failed load may be retried
    });
  }
  return modulePromise;
}

// ZXing-C++ reader options in the binding's encoding (zxing-wasm 3.x ZXingReaderOptions).
function readerOptions({ tryHarder, returnErrors, maxNumberOfSymbols }) {
  return {
    formats: encodeFormats(['QRCode']),
    tryHarder,
    tryRotate: tryHarder,
    tryInvert: tryHarder,
    tryDownscale: tryHarder,
    tryDenoise: false,
    binarizer: binarizers.indexOf('LocalAverage'),
    isPure: false,
    downscaleThreshold: 500,
    downscaleFactor: 3,
    minLineCount: 2,
    maxNumberOfSymbols,
    validateOptionalChecksum: false,
    returnErrors,
    eanAddOnSymbol: eanAddOnSymbols.indexOf('Ignore'),
    textMode: textModes.indexOf('Plain'), // the content itself (HRI would write GS1 parentheses, <SOH>...)
    characterSet: characterSets.indexOf('Unknown'),
    tryCode39ExtendedMode: true,
  };
}

// One luminance buffer in wasm memory, reused from frame to frame.
let buffer = { ptr: 0, size: 0 };
function luminanceBuffer(module, size) {
  if (buffer.size < size) {
    if (buffer.ptr) module._free(buffer.ptr);
    buffer = { ptr: module._malloc(size), size };
    if (!buffer.ptr) {
      buffer = { ptr: 0, size: 0 };
      throw new Error(`cannot allocate ${size} bytes in wasm memory`);
    }
  }
  return buffer.ptr;
}

// RGBA -> 8-bit luminance (the weights zxing-wasm uses), keeping one pixel in `step` each way, written
// straight into wasm memory. Returns the small image's size.
function writeLuminance(module, ptr, data, width, height, step, region) {
  const x0 = region.x;
  const y0 = region.y;
  const w = Math.floor(region.width / step);
  const h = Math.floor(region.height / step);
  if (step === 1 && x0 === 0 && w === width) return writeLuminanceRows(module, ptr, data, w, h, y0);
  const out = module.HEAPU8;
  let o = ptr;
  const dx = step << 2;
  for (let y = 0; y < h; y++) {
    let i = ((y0 + y * step) * width + x0) << 2;
    for (let x = 0; x < w; x++, i += dx) out[o++] = (306 * data[i] + 601 * data[i + 1] + 117 * data[i + 2] + 512) >> 10;
  }
  return { w, h };
}

// Full rows: one linear pass (the common full-resolution case, kept monomorphic and branch-free).
function writeLuminanceRows(module, ptr, data, w, h, y0) {
  const n = w * h;
  const out = module.HEAPU8.subarray(ptr, ptr + n);
  const base = y0 * w * 4;
  for (let i = 0; i < n; i++) {
    const j = base + (i << 2);
    out[i] = (306 * data[j] + 601 * data[j + 1] + 117 * data[j + 2] + 512) >> 10;
  }
  return { w, h };
}

// A cheap look for QR finder patterns (runs dark/light/dark/light/dark, or the reverse, in proportions
// 1:1:3:1:1, confirmed vertically) in a luminance image. True when at least `needed` distinct ones show.
export function finderPatternsLikely(gray, w, h, needed = 3) {
  const R = 12; // half-width of the local-mean window
  const found = [];
  const sums = new Int32Array(w + 1);
  const runs = [0, 0, 0, 0, 0];
  const n = 2 * R + 1;
  const margin = n * 12; // darker / lighter than the local mean by 12 levels, else unchanged (hysteresis: noise makes no runs)
  for (let y = 2; y < h - 2; y += 3) {
    const row = y * w;
    for (let x = 0; x < w; x++) sums[x + 1] = sums[x] + gray[row + x];
    let count = 0;
    let dark = false;
    let run = 0;
    const end = w - R;
    for (let x = R; x <= end; x++) {
      let d = dark;
      if (x < end) {
        const diff = gray[row + x] * n - (sums[x + R + 1] - sums[x - R]);
        d = diff < -margin ? true : diff > margin ? false : dark;
      }
      if (x < end && (d === dark || x === R)) {
        dark = d;
        run++;
        continue;
      }
      runs[0] = runs[1];
      runs[1] = runs[2];
      runs[2] = runs[3];
      runs[3] = runs[4];
      runs[4] = run;
      count++;
      if (count >= 5 && proportions(runs)) {
        const total = runs[0] + runs[1] + runs[2] + runs[3] + runs[4];
        const cx = x - runs[4] - runs[3] - (runs[2] >> 1) - 1;
        if (
          crossCheck(gray, w, h, cx, y, total, dark) &&
          !found.some((f) => Math.abs(f.x - cx) < total && Math.abs(f.y - y) < total)
        ) {
          found.push({ x: cx, y });
          if (found.length >= needed) return true;
        }
      }
      dark = d;
      run = 1;
    }
  }
  return false;
}

function proportions(r) {
  const total = r[0] + r[1] + r[2] + r[3] + r[4];
  if (total < 9) return false;
  const m = total / 7;
  const tol = m * 0.7;
  return (
    Math.abs(m - r[0]) < tol &&
    Math.abs(m - r[1]) < tol &&
    Math.abs(3 * m - r[2]) < 3 * tol &&
    Math.abs(m - r[3]) < tol &&
    Math.abs(m - r[4]) < tol
  );
}

// Vertically through (cx, y): the same five runs, with the centre run's polarity `centerDark`.
function crossCheck(gray, w, h, cx, y, total, centerDark) {
  if (cx < 0 || cx >= w) return false;
  const c = gray[y * w + cx];
  // threshold halfway between the centre and the first ring, read horizontally
  const ring = gray[y * w + Math.min(w - 1, cx + Math.round((total * 2) / 7))];
  const t = (c + ring) / 2;
  const isCenter = (v) => (centerDark ? v < t : v > t);
  const counts = [0, 0, 0, 0, 0];
  let yy = y;
  while (yy >= 0 && isCenter(gray[yy * w + cx])) {
    counts[2]++;
    yy--;
  }
  while (yy >= 0 && !isCenter(gray[yy * w + cx]) && counts[1] <= total) {
    counts[1]++;
    yy--;
  }
  while (yy >= 0 && isCenter(gray[yy * w + cx]) && counts[0] <= total) {
    counts[0]++;
    yy--;
  }
  yy = y + 1;
  while (yy < h && isCenter(gray[yy * w + cx])) {
    counts[2]++;
    yy++;
  }
  while (yy < h && !isCenter(gray[yy * w + cx]) && counts[3] <= total) {
    counts[3]++;
    yy++;
  }
  while (yy < h && isCenter(gray[yy * w + cx]) && counts[4] <= total) {
    counts[4]++;
    yy++;
  }
  const vertical = counts[0] + counts[1] + counts[2] + counts[3] + counts[4];
  return counts[0] > 0 && counts[4] > 0 && Math.abs(vertical - total) < total * 0.6 && proportions(counts);
}

function toResult(r, scale, region, pass) {
  const p = (q) => ({ x: region.x + q.x * scale, y: region.y + q.y * scale });
  return {
    text: r.text,
    bytes: new Uint8Array(r.bytes),
    format: r.format,
    position: {
      topLeft: p(r.position.topLeft),
      topRight: p(r.position.topRight),
      bottomRight: p(r.position.bottomRight),
      bottomLeft: p(r.position.bottomLeft),
    },
    orientation: r.rotation,
    inverted: r.isInverted,
    mirrored: r.isMirrored,
    sequence: r.sequenceSize >= 0 ? { size: r.sequenceSize, index: r.sequenceIndex, id: r.sequenceId } : null,
    pass,
  };
}

function read(module, ptr, w, h, options) {
  const vector = module.readBarcodesFromPixmap(ptr, w, h, options);
  try {
    const out = [];
    for (let i = 0; i < vector.size(); i++) out.push(vector.get(i));
    return out;
  } finally {
    vector.delete();
  }
}

const FAST = readerOptions({ tryHarder: false, returnErrors: true, maxNumberOfSymbols: 1 });
const THOROUGH = readerOptions({ tryHarder: true, returnErrors: false, maxNumberOfSymbols: 1 });

function checkImage(imageData) {
  const { data, width, height } = imageData ?? {};
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width <= 0 ||
    height <= 0 ||
    !data ||
    data.length < width * height * 4
  )
    throw new TypeError('scanImageData needs { data: RGBA bytes, width, height } (an ImageData)');
}

/**
 * Reads the first QR code in an RGBA image (an ImageData, or any { data, width, height }).
 * Resolves to a plain object, or null when there is none.
 * @param {{ data: Uint8ClampedArray | Uint8Array, width: number, height: number }} imageData
 * @param {{ downscale?: 'auto' | 1 | 2 | 3 | 4, fullResolution?: 'likely' | 'always' | 'never',
 *           region?: { x: number, y: number, width: number, height: number } }} [options]
 */
export async function scanImageData(imageData, options = {}) {
  checkImage(imageData);
  const module = await initScanner();
  return scanWith(module, imageData, options);
}

function scanWith(module, imageData, { downscale = 'auto', fullResolution = 'likely', region } = {}) {
  const { data, width, height } = imageData;
  const area = region
    ? { x: Math.max(0, Math.floor(region.x)), y: Math.max(0, Math.floor(region.y)), width: 0, height: 0 }
    : { x: 0, y: 0, width, height };
  if (region) {
    area.width = Math.min(width - area.x, Math.floor(region.width));
    area.height = Math.min(height - area.y, Math.floor(region.height));
    if (!(area.width > 0 && area.height > 0)) return null;
  }
  const step =
    downscale === 'auto' ? (Math.min(area.width, area.height) >= 400 ? 2 : 1) : Math.max(1, Math.floor(downscale));
  const ptr = luminanceBuffer(module, area.width * area.height);
  if (step > 1) {
    const { w, h } = writeLuminance(module, ptr, data, width, height, step, area);
    const results = read(module, ptr, w, h, FAST);
    const valid = results.find((r) => r.isValid);
    if (valid) return toResult(valid, step, area, 'downscaled');
    if (fullResolution === 'never') return null;
    if (
      fullResolution === 'likely' &&
      results.length === 0 &&
      !finderPatternsLikely(module.HEAPU8.subarray(ptr, ptr + w * h), w, h)
    )
      return null;
  }
  const { w, h } = writeLuminance(module, ptr, data, width, height, 1, area);
  const results = read(module, ptr, w, h, THOROUGH);
  const valid = results.find((r) => r.isValid);
  return valid ? toResult(valid, 1, area, 'full') : null;
}

/**
 * A cheap fingerprint of a frame (a sample of about 4,000 pixels): two frames with the same value are,
 * for a camera, the same picture. createScanner skips such frames.
 */
export function frameChecksum(imageData) {
  const { data, width, height } = imageData;
  const n = width * height;
  const stride = Math.max(1, Math.floor(n / 4096)) | 1;
  let h1 = 0x811c9dc5 ^ width;
  let h2 = height;
  for (let i = 0; i < n; i += stride) {
    const j = i << 2;
    h1 = Math.imul(h1 ^ (data[j] | (data[j + 1] << 8) | (data[j + 2] << 16)), 0x01000193);
    h2 = (h2 + data[j + 1]) | 0;
  }
  return `${(h1 >>> 0).toString(36)}.${(h2 >>> 0).toString(36)}`;
}

// ---------------------------------------------------------------------------------------- worker mode
// The same file runs as the scanning worker: createScanner({ worker: true }) starts
// new Worker(new URL('./scanner.js', import.meta.url), { type: 'module', name: 'greenlight-scanner' }).
const WORKER_NAME = 'greenlight-scanner';
const inWorker =
  typeof WorkerGlobalScope !== 'undefined' && typeof self !== 'undefined' && self instanceof WorkerGlobalScope; // eslint-disable-line no-undef
if (inWorker && self.name === WORKER_NAME) {
  self.addEventListener('message', async (event) => {
    const { id, type, imageData, options, init } = event.data ?? {};
    try {
      if (type === 'init') {
        await initScanner(init ?? {});
        self.postMessage({ id, ok: true });
      } else if (type === 'scan') {
        self.postMessage({ id, ok: true, scan: await scanImageData(imageData, options) });
      }
    } catch (e) {
      self.postMessage({ id, ok: false, error: String(e?.message ?? e) });
    }
  });
}

function startWorker(option, init) {
  const worker =
    option instanceof Object && typeof option.postMessage === 'function'
      ? option
      : new Worker(new URL('./scanner.js', import.meta.url), { type: 'module', name: 'greenlight-scanner' });
  let next = 0;
  const pending = new Map();
  worker.addEventListener('message', (event) => {
    const { id, ok, scan, error } = event.data ?? {};
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (ok) p.resolve(scan ?? null);
    else p.reject(new Error(error));
  });
  const call = (message, transfer = []) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id }, transfer);
    });
  const ready = call({ type: 'init', init });
  return {
    scan: async (imageData, options) => {
      await ready;
      // the frame's pixels move to the worker (no copy); the caller grabs a fresh ImageData each frame
      const plain = { data: imageData.data, width: imageData.width, height: imageData.height };
      return call({ type: 'scan', imageData: plain, options }, [imageData.data.buffer]);
    },
    close: () => {
      if (worker !== option) worker.terminate();
    },
  };
}

// ------------------------------------------------------------------------------------------ dedupe
/**
 * Which texts were read within the last `windowMs`: a code held in front of a camera is read many times a
 * second and is to be decided once. The window slides: each reading renews it, so a code that stays in
 * view is never decided again; it is decided again once it was out of view for windowMs.
 */
export function createDedupe(windowMs = 3000) {
  const seen = new Map(); // text -> time it was last read
  return {
    /** True when `text` was read less than windowMs before `at` (ms); records this reading either way. */
    isDuplicate(text, at = Date.now()) {
      for (const [k, t] of seen) if (at - t >= windowMs) seen.delete(k);
      const duplicate = seen.has(text);
      seen.set(text, at);
      return duplicate;
    },
    /** Forgets every text (e.g. the context changed: the same code now means something else). */
    clear() {
      seen.clear();
    },
  };
}

// ------------------------------------------------------------------------------------- createScanner
/**
 * Scans a <video> frame by frame, verifies each code it reads with `verifier.verify(text, context())`,
 * and calls `onResult({ text, result, scan, at })`. A text read again within dedupeMs of its last reading
 * is not decided again (createDedupe; pass `dedupe` to share one with another input, such as a keyboard).
 * While `active()` is false no frame is read.
 */
export function createScanner({
  verifier,
  video,
  onResult,
  onError = (e) => console.error(e),
  context = () => ({}),
  dedupeMs = 3000,
  dedupe = createDedupe(dedupeMs),
  active = () => true,
  worker = false,
  scanOptions = {},
  skipUnchanged = true,
  wasmUrl,
  clock = () => Date.now(),
} = {}) {
  if (!verifier || typeof verifier.verify !== 'function')
    throw new TypeError('createScanner needs a verifier (from createVerifier)');
  if (typeof onResult !== 'function') throw new TypeError('createScanner needs onResult');
  if (!video || typeof video !== 'object') throw new TypeError('createScanner needs a video element');
  if (!dedupe || typeof dedupe.isDuplicate !== 'function')
    throw new TypeError('createScanner: dedupe must come from createDedupe');

  let stopped = false;
  let busy = false;
  let handle = null;
  let canvas = null;
  let ctx = null;
  let lastChecksum = null;
  const stats = { frames: 0, scanned: 0, skipped: 0, found: 0, decided: 0, deduped: 0 };
  const decoder = worker ? startWorker(worker, wasmUrl ? { wasmUrl: String(wasmUrl) } : {}) : null;
  if (!decoder) initScanner(wasmUrl ? { wasmUrl } : {}).catch(onError);

  function grab() {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    if (!canvas || canvas.width !== w || canvas.height !== h) {
      canvas =
        typeof OffscreenCanvas === 'function'
          ? new OffscreenCanvas(w, h)
          : Object.assign(document.createElement('canvas'), { width: w, height: h });
      ctx = canvas.getContext('2d', { willReadFrequently: true });
    }
    ctx.drawImage(video, 0, 0, w, h);
    return ctx.getImageData(0, 0, w, h);
  }

  async function frame() {
    if (!active()) return;
    const imageData = grab();
    if (!imageData) return;
    stats.frames++;
    if (skipUnchanged) {
      const sum = frameChecksum(imageData);
      if (sum === lastChecksum) {
        stats.skipped++;
        return;
      }
      lastChecksum = sum;
    }
    stats.scanned++;
    const scan = decoder ? await decoder.scan(imageData, scanOptions) : await scanImageData(imageData, scanOptions);
    if (!scan || stopped || !active()) return;
    stats.found++;
    const at = clock();
    if (dedupe.isDuplicate(scan.text, at)) {
      stats.deduped++;
      return;
    }
    const result = verifier.verify(scan.text, context() ?? {});
    stats.decided++;
    onResult({ text: scan.text, result, scan, at });
  }

  function schedule() {
    if (stopped) return;
    if (typeof video.requestVideoFrameCallback === 'function')
      handle = { video: video.requestVideoFrameCallback(tick) };
    else handle = { raf: requestAnimationFrame(tick) };
  }

  function tick() {
    if (stopped) return;
    if (busy) return schedule(); // still decoding the previous frame: drop this one
    busy = true;
    frame()
      .catch(onError)
      .finally(() => {
        busy = false;
      });
    schedule();
  }

  schedule();
  return {
    stop() {
      stopped = true;
      if (handle?.video !== undefined) video.cancelVideoFrameCallback?.(handle.video);
      if (handle?.raf !== undefined) cancelAnimationFrame(handle.raf);
      decoder?.close();
    },
    /** Counters: frames grabbed, scanned, skipped (unchanged), found (a code read), decided, deduped. */
    stats: () => ({ ...stats }),
  };
}
