// Web Worker: decodes camera frames with ZXing-C++ (WebAssembly) off the main thread. Receives
// { frame: ImageBitmap } (transferred), answers { text } or { text: null }; one frame at a time.
import zxingWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { initScanner, scanImageData } from './zxing';

let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

const ready = initScanner({ wasmUrl: new URL(zxingWasmUrl, self.location.href) });
ready.then(
  () => self.postMessage({ type: 'ready' }),
  (e) => self.postMessage({ type: 'error', message: String(e) }),
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
