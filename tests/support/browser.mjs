// Debian's Chromium driven by playwright-core: launching it (with a fake camera if asked) and pages that
// record what they requested and what went wrong.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export async function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.GREENLIGHT_CHROMIUM ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Chromium flags that show `y4m` (a looping video file) as the camera and grant it without asking. */
export const fakeCamera = (y4m) => [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${y4m}`,
];

/**
 * A new page in its own context (`contextOptions`: viewport, permissions…) with `errors`, the uncaught
 * exceptions (and with `consoleErrors` console.error lines too), and `requests`, every URL it asked for.
 */
export async function watchedPage(browser, contextOptions = {}, { consoleErrors = false } = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (consoleErrors) page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return { context, page, errors, requests };
}
