// Web Worker: decodes camera frames with ZXing-C++ (WebAssembly, via @greenlight/engine/scanner) off the
// main thread. Receives { frame: ImageBitmap } (transferred), answers { type: 'frame', text } (null when no
// code); one frame at a time. The reader's .wasm is js/scanner.js's own `new URL('../dist/zxing_reader.wasm',
// import.meta.url)`, which Vite emits as an asset of this build: it comes from our origin, never a CDN.
import { initScanner, scanImageData } from '@greenlight/engine/scanner';

let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

const ready = initScanner();
ready.then(
  () => self.postMessage({ type: 'ready' }),
  (e: unknown) => self.postMessage({ type: 'error', message: String(e) }),
);

self.onmessage = async (event: MessageEvent<{ frame: ImageBitmap }>) => {
  const { frame } = event.data;
  try {
    await ready;
    if (!canvas || canvas.width !== frame.width || canvas.height !== frame.height) {
      canvas = new OffscreenCanvas(frame.width, frame.height);
      context = canvas.getContext('2d', { willReadFrequently: true });
    }
    context!.drawImage(frame, 0, 0);
    const image = context!.getImageData(0, 0, frame.width, frame.height);
    const hit = await scanImageData(image);
    self.postMessage({ type: 'frame', text: hit?.text ?? null });
  } catch (e) {
    self.postMessage({ type: 'frame', text: null, error: String(e) });
  } finally {
    frame.close();
  }
};
