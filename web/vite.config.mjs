// Builds the four pages (checkpoint, citizen/, admin/, authority/; code in src/<page>/ and src/shared/) into web/dist with relative URLs (base './'). The engine's .wasm (from
// js/index.js's `new URL(..., import.meta.url)`) and ZXing's reader .wasm (`?url` import in the worker)
// are emitted as assets: everything is served from our own origin. A small plugin writes sw.js with the
// list of every emitted file to precache.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The pages import the engine by its package name; it resolves to this repository's own package (its
// "exports" in ../package.json), so they use exactly what the npm package ships.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const engineAliases = Object.entries(pkg.exports)
  .filter(([, target]) => typeof target === 'object' && target.import)
  .map(([sub, target]) => ({
    find: new RegExp(`^${(pkg.name + sub.slice(1)).replace(/[/.]/g, '\\$&')}$`),
    replacement: fileURLToPath(new URL(`../${target.import}`, import.meta.url)),
  }));

function serviceWorker() {
  return {
    name: 'greenlight-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = [
        './',
        './index.html',
        './citizen/index.html',
        './admin/index.html',
        './authority/index.html',
        ...Object.keys(bundle)
          .filter((f) => !f.endsWith('index.html'))
          .map((f) => './' + f),
        './manifest.webmanifest',
        './icon.svg',
        './icon-maskable.svg',
      ];
      const build = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(new URL('./sw.template.js', import.meta.url), 'utf8')
        .replace('__BUILD__', build)
        .replace('__PRECACHE__', JSON.stringify([...new Set(files)], null, 2));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  publicDir: 'public',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
    // Pages: the checkpoint (index.html), the citizen page (citizen/index.html, served at /citizen/), the venue-admin console (admin/index.html, at /admin/) and the health-authority console (authority/index.html, at /authority/).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        citizen: fileURLToPath(new URL('./citizen/index.html', import.meta.url)),
        admin: fileURLToPath(new URL('./admin/index.html', import.meta.url)),
        authority: fileURLToPath(new URL('./authority/index.html', import.meta.url)),
      },
    },
  },
  resolve: { alias: engineAliases },
  worker: { format: 'es' },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  plugins: [serviceWorker()],
});
