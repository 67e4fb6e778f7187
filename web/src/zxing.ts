// Stand-in for js/scanner.js (same API: initScanner({ wasmUrl }), scanImageData(imageData)) until that
// module lands: ZXing-C++'s reader with its .wasm from our own origin, never zxing-wasm's CDN default.
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let ready: Promise<unknown> | null = null;

export function initScanner({ wasmUrl }: { wasmUrl: string | URL }): Promise<unknown> {
  if (!ready) {
    ready = prepareZXingModule({
      overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? String(wasmUrl) : prefix + path) },
      fireImmediately: true,
    });
    ready.catch(() => (ready = null));
  }
  return ready;
}

export async function scanImageData(imageData: ImageData): Promise<{ text: string; format: string } | null> {
  const results = await readBarcodes(imageData, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 });
  const hit = results.find((r) => r.isValid && r.text);
  return hit ? { text: hit.text, format: hit.format } : null;
}
