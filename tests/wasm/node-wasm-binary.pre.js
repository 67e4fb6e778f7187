// Emscripten 3.1.6's glue fetches the .wasm with fetch() whenever fetch exists, which Node >= 18 has
// but cannot use on a path. Handing the module its wasmBinary skips that code path.
if (typeof process === 'object' && typeof require === 'function' && !Module['wasmBinary']) {
  Module['wasmBinary'] = require('fs').readFileSync(__filename.replace(/\.js$/, '.wasm'));
}
