// Loading a .wasm from this package's own files: from disk in node, with fetch next to the module in
// browsers. Each caller names its file with `new URL('../dist/NAME.wasm', import.meta.url)` in its own
// module, which is what lets bundlers (Vite) see the asset and emit it.

export const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null;

// Hidden from bundlers: these branches only ever run in node.
export const nodeImport = (name) => import(/* @vite-ignore */ 'node:' + name);

/** The bytes of `options.wasmBinary`, or of `options.wasmUrl ?? defaultUrl`. */
export async function loadWasmBytes(options, defaultUrl) {
  if (options.wasmBinary) return options.wasmBinary;
  const url = options.wasmUrl ?? defaultUrl;
  if (isNode && String(url).startsWith('file:')) {
    const { readFile } = await nodeImport('fs/promises');
    return readFile(url);
  }
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`cannot load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
