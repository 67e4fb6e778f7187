// libsodium 1.0.18 under Emscripten draws every random byte from Module.getRandomValue() and its
// sodium_init() throws when it finds none (it never looks at globalThis.crypto). Browsers, workers and
// Node >= 19 have globalThis.crypto; the JS wrapper passes a getRandomValue for Node 18.
if (
  typeof Module['getRandomValue'] !== 'function' &&
  typeof globalThis === 'object' &&
  globalThis.crypto &&
  typeof globalThis.crypto.getRandomValues === 'function'
) {
  Module['getRandomValue'] = (function (c) {
    var pool = new Uint32Array(256),
      left = 0;
    return function () {
      if (!left) {
        c.getRandomValues(pool);
        left = pool.length;
      }
      return pool[--left] >>> 0;
    };
  })(globalThis.crypto);
}
