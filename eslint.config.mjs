// ESLint flat config: @eslint/js and typescript-eslint recommended rules; browser globals for the pages and
// the package, node globals for tests, benchmarks and scripts. Formatting is prettier's job, not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'build/**', '**/node_modules/**', 'test-results/**', 'web/sw.template.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
    },
    rules: {
      // `cond && act()` and `c ? a() : b()` as statements are an idiom here.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // `_`-prefixed names are deliberately unused (placeholders in destructuring and callbacks).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  // The pages run in browsers; the package in browsers and node; tests and benchmarks in node, but tests also
  // hand functions to Playwright that run in the page, so they see browser globals too.
  { files: ['web/src/**'], languageOptions: { globals: globals.browser } },
  { files: ['js/**', 'bindings/wasm/**'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    files: ['tests/**', 'bench/**', 'web/*.mjs', 'web/*.js', 'scripts/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Plain JavaScript: no-undef is meaningful there (TypeScript checks it for .ts files).
    files: ['**/*.js', '**/*.mjs'],
    rules: { 'no-undef': 'error' },
  },
  {
    // Emscripten --pre-js files: script code that Emscripten pastes into its module, where `Module` and, under
    // node, `require` exist.
    files: ['**/*.pre.js'],
    languageOptions: { sourceType: 'script', globals: { Module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
