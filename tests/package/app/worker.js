import { initScanner, scanImageData } from '@greenlight/engine/scanner';

const ready = initScanner();
self.onmessage = async (e) => {
  await ready;
  const scan = await scanImageData(e.data);
  self.postMessage({ text: scan?.text ?? null });
};
