// The installed tarball from node.
import { readFileSync } from 'node:fs';
import { createVerifier } from '@greenlight/engine';
import { scanImageData } from '@greenlight/engine/scanner';

const cases = JSON.parse(readFileSync(new URL('./verify.json', import.meta.url), 'utf8'));
const green = cases.cases.find((c) => c.name === 'person green');
const bytes = readFileSync(new URL('./person-green.pgm', import.meta.url));
const [, w, h] = bytes.toString('latin1', 0, 20).split(/\s+/).map(Number);
const px = bytes.subarray(bytes.length - w * h);
const data = new Uint8ClampedArray(w * h * 4);
for (let i = 0; i < w * h; i++) data.set([px[i], px[i], px[i], 255], i * 4);
const scan = await scanImageData({ data, width: w, height: h });
const verifier = await createVerifier({
  roots: cases.roots,
  trustList: cases.trustList,
  skewSeconds: cases.skewSeconds,
  statusLists: cases.statusLists,
  regionRisk: cases.regionRisk,
});
console.log(
  JSON.stringify({
    read: scan?.text === green.text,
    decision: verifier.verify(scan.text, { now: green.now }).decision,
  }),
);
