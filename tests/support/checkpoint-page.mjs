// Driving the checkpoint page (web/, at the demo server's "/") as staff do, and reading what it stored.
import { watchedPage } from './browser.mjs';
import { newPhone, serverUrl, smsCode } from './demo-server.mjs';

/** A setting of the checkpoint page (its IndexedDB settings store), or null. */
export const setting = (page, key) =>
  page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('greenlight-checkpoint');
        req.onsuccess = () => {
          const get = req.result.transaction('settings').objectStore('settings').get(key);
          get.onsuccess = () => (req.result.close(), resolve(get.result ?? null));
          get.onerror = () => reject(get.error);
        };
        req.onerror = () => reject(req.error);
      }),
    key,
  );

/** The checkpoint page's stored document state. */
export const documentState = (page) => setting(page, 'documentState');

/** The seq in a JWS's payload (trust and status lists). */
export const jwsSeq = (jws) => JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString()).seq;

/** The seq of the trust list the page has stored (its "config" setting), or null. */
export async function storedTrustSeq(page) {
  const config = await setting(page, 'config');
  return config?.trustList ? jwsSeq(config.trustList) : null;
}

/** Waits until the page has stored status documents up to `seq` (polling, like a person pressing sync). */
export async function statusSeqReaches(page, seq, timeout) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await documentState(page);
    if (typeof state?.statusSeq === 'number' && state.statusSeq >= seq) return;
    if (Date.now() > deadline) throw new Error(`status seq ${state?.statusSeq} never reached ${seq}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits until the page has started (after a load or reload). */
export const ready = (page) => page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });

/** Signs an inspector in on the checkpoint page and puts it at `place` (the account dialog, as staff do). */
export async function checkpointAt(page, place) {
  const phone = newPhone();
  await page.goto(serverUrl() + '/');
  await ready(page);
  await page.getByTestId('btn-account').dispatchEvent('click');
  await page.getByTestId('account').waitFor();
  await page.getByTestId('account-phone').fill(phone);
  await page.getByTestId('account-otp').click();
  await page.getByTestId('account-info').and(page.locator(':text("验证码已发送")')).waitFor();
  await page.getByTestId('account-code').fill(await smsCode(phone));
  await page.getByTestId('account-submit').click();
  await page.getByTestId('account-signed').waitFor();
  await page.getByTestId('account-decl').fill(place.declarationCode);
  await page.getByTestId('account-bind').click();
  await page.locator(`[data-testid=place-option][data-place-id="${place.id}"]`).waitFor();
  await page.getByTestId('account-use').click();
  await page.getByTestId('account').waitFor({ state: 'hidden' });
  await statusSeqReaches(page, 0, 20000);
}

/** A new checkpoint page (watchedPage()'s fields, 1024x768) with an inspector signed in at `place`. */
export async function checkpointPage(browser, place) {
  const watched = await watchedPage(browser, { viewport: { width: 1024, height: 768 } });
  await checkpointAt(watched.page, place);
  return watched;
}

/** A scanner types the code and Enter; the last decision is dismissed first (a tap), so a wait sees this code's. */
export async function scan(page, code) {
  const shown = page.getByTestId('decision');
  if (await shown.isVisible()) {
    await shown.click();
    await shown.waitFor({ state: 'hidden' });
  }
  await page.keyboard.type(code + '\n');
}

/** The checkpoint page's decision for the last code, of `kind` (and with `reason` among its reasons). */
export const decision = (page, kind, reason) =>
  page.locator(`[data-testid=decision][data-decision=${kind}]${reason ? `[data-reasons~="${reason}"]` : ''}`);
