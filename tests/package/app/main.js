// A tiny app using the installed @greenlight/engine tarball: verify on the main thread, read the QR code
// both on the main thread and in a Web Worker (the checkpoint page's pattern).
import { createVerifier } from '@greenlight/engine';
import { scanImageData } from '@greenlight/engine/scanner';
import cases from './verify.json';
import codeUrl from './person-green.pgm?url';

async function pgmImageData(url) {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const [, w, h] = new TextDecoder('latin1').decode(bytes.subarray(0, 20)).split(/\s+/).map(Number);
  const px = bytes.subarray(bytes.length - w * h);
  const img = new ImageData(w, h);
  for (let i = 0; i < w * h; i++) img.data.set([px[i], px[i], px[i], 255], i * 4);
  return img;
}

(async () => {
  try {
    const green = cases.cases.find((c) => c.name === 'person green');
    const verifier = await createVerifier({
      roots: cases.roots,
      trustList: cases.trustList,
      skewSeconds: cases.skewSeconds,
      statusLists: cases.statusLists,
      regionRisk: cases.regionRisk,
    });
    const img = await pgmImageData(codeUrl);
    const scan = await scanImageData(img);
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    const inWorker = await new Promise((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => reject(new Error(e.message));
      worker.postMessage(img, [img.data.buffer]);
    });
    window.results = {
      mainThread: scan?.text === green.text,
      worker: inWorker.text === green.text,
      decision: verifier.verify(scan.text, { now: green.now }).decision,
    };
  } catch (e) {
    window.failure = String(e?.stack ?? e);
  }
})();
