// Emscripten 3.1.6's glue fetches the .wasm with fetch() whenever fetch exists, which Node >= 18 has
// but cannot use on a path. Handing the module its wasmBinary skips that code path.
if (typeof process === 'object' && typeof require === 'function' && !Module['wasmBinary']) {
  Module['wasmBinary'] = require('fs').readFileSync(__filename.replace(/\.js$/, '.wasm'));
}

// Emscripten's getenv sees only the glue's own ENV object, not node's environment: pass on the one variable
// the suite reads (the third-party test data's folder, tests/core/testdata.hpp). ENV is the glue's.
/* global ENV */
if (typeof process === 'object' && process.env.GREENLIGHT_TESTDATA_DIR) {
  Module['preRun'] = [].concat(Module['preRun'] || [], () => {
    ENV['GREENLIGHT_TESTDATA_DIR'] = process.env.GREENLIGHT_TESTDATA_DIR;
  });
}
