// The checkpoint page's first load: bytes on the wire (gzip -9 of every response from our origin) and,
// in Chromium with a fake camera showing a green code, the time from navigation to the page ready, the
// camera on, and the first decision. Median of `runs` fresh browser contexts.
//   node bench/page_bench.mjs [runs]
import { gzipSync } from 'node:zlib';

import { launchChromium } from '../tests/support/browser.mjs';
import {
  NOW,
  buildPage,
  issuePerson,
  makeAuthority,
  makeY4m,
  startServer,
  work,
  writeConfig,
} from '../tests/web/fixtures.mjs';

const runs = Number(process.argv[2] ?? 3);
buildPage();
const auth = makeAuthority();
const y4m = makeY4m('page-bench', [issuePerson(auth, 'green')], { hold: 3, gap: 0.25 });
const documents = `${work}/page-bench-documents`;
writeConfig(documents, {
  roots: [auth.root.public],
  trustList: auth.trustList,
  statusLists: [auth.statusList(NOW - 60)],
  place: { id: 'pl-0042', name: '静安寺商场', category: 'mall', region: '310106' },
  temperature: 'off',
});
const server = await startServer(documents);
const browser = await launchChromium([
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${y4m}`,
]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timings = { ready: [], camera: [], firstDecision: [] };
let bytes = 0;
let files = 0;
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ permissions: ['camera'], viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const bodies = [];
    page.on('response', (r) => {
      if (r.url().startsWith(server.url)) bodies.push(r.body().catch(() => Buffer.alloc(0)));
    });
    const start = Date.now();
    await page.goto(server.url + '/');
    await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
    timings.ready.push(Date.now() - start);
    await page.waitForSelector('body[data-camera="on"]', { timeout: 60000 });
    timings.camera.push(Date.now() - start);
    await page.waitForSelector('#decision[data-decision="admit"]', { state: 'attached', timeout: 60000 });
    timings.firstDecision.push(Date.now() - start);
    if (run === 0) {
      const all = await Promise.all(bodies);
      files = all.length;
      bytes = all.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const out = {
  files,
  first_load_gzip_bytes: bytes,
  ready_ms: median(timings.ready),
  camera_on_ms: median(timings.camera),
  first_decision_ms: median(timings.firstDecision),
  runs,
};
if (process.argv.includes('--json')) console.log(JSON.stringify(out));
else
  console.log(
    `Checkpoint page: first load ${files} files, ${(bytes / 1024).toFixed(0)} KB gzip; page ready ${out.ready_ms} ms, camera on ${out.camera_on_ms} ms, first decision (code in view) ${out.first_decision_ms} ms (median of ${runs})`,
  );
