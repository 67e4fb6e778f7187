// Service worker (generated at build time from web/sw.template.js): precaches the app shell, the engine
// and ZXing's .wasm so the page opens and decides with the network down. Documents and the API always go
// to the network (the page keeps its own copies in IndexedDB).
const CACHE = 'greenlight-checkpoint-__BUILD__';
const PRECACHE = __PRECACHE__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('greenlight-checkpoint-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  const path = url.pathname.slice(scope.pathname.length);
  if (path.startsWith('documents/') || path.startsWith('api/')) return;
  if (request.mode === 'navigate') {
    // Each page falls back to its own cached HTML: the consoles under their folders, else the checkpoint.
    const folder = ['citizen', 'admin', 'authority'].find((f) => path === f || path.startsWith(`${f}/`));
    const page = folder ? `./${folder}/index.html` : './index.html';
    event.respondWith(caches.match(page, { ignoreSearch: true }).then((hit) => hit || fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request)));
});
