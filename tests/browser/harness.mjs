// Moved to tests/support (browser.mjs, pages.mjs); kept for the suites that still import it from here
// (tests/web, tests/package).
export { CHROMIUM_ARGS, launchChromium } from '../support/browser.mjs';
export { serveDirectory } from '../support/pages.mjs';
