// End to end, the travel code inside the personal code (issue 18): a citizen checks in on the citizen page at a
// market in 440902 (Zhanjiang, Guangdong; the place code pasted as text), the health authority publishes 440902
// as a high-risk area, the citizen's code (fetched after both) carries the visit; a checkpoint page whose
// inspector signs in syncs the region-risk list with the other documents and denies the code with
// R-TRAVEL-HIGH, naming the region and the day; its "health information" button shows the citizen's
// declaration summary (no symptoms, no fever, no contact), from the code alone: also with the network down.
// The real greenlight-server (--demo, SQLite) serving web/dist. Screenshots: test-results/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { launchChromium } from '../support/browser.mjs';
import { checkpointAt, decision, ready, scan } from '../support/checkpoint-page.mjs';
import {
  api,
  authorityByApi,
  citizenByApi,
  newPhone,
  signInByApi,
  smsCode,
  startE2EServer,
  stopE2EServer,
} from '../support/demo-server.mjs';
import { resultsDir } from '../support/repo.mjs';

const shots = resultsDir('e2e');
let server;

before(async () => {
  server = await startE2EServer();
});

after(stopE2EServer);

test(
  'a visit to a high-risk region rides in the personal code: the synced checkpoint denies it and shows the declaration',
  { timeout: 180000 },
  async () => {
    // A market in 440902 and, elsewhere, the venue whose checkpoint checks codes.
    const admin = await signInByApi(newPhone());
    const market = await api('POST', '/api/v1/places', {
      token: admin.token,
      expect: 201,
      body: { region: '440902', address: '海滨大道 3 号', category: 'market', name: '霞山海鲜市场' },
    });
    const marketCode = (await api('GET', `/api/v1/places/${market.id}`, { token: admin.token })).code;
    const venueAdmin = await signInByApi(newPhone()); // one place an admin
    const venue = await api('POST', '/api/v1/places', {
      token: venueAdmin.token,
      expect: 201,
      body: { region: '110105', address: '东风路 9 号', category: 'mall', name: '东风商场' },
    });
    // The citizen: real-name details and a declaration (no symptoms) through the API.
    const citizen = await citizenByApi('行程丙');
    const previous = (await api('GET', `/api/v1/demo/sms?phone=${citizen.phone}`)).messages.at(-1)?.text;

    const browser = await launchChromium();
    try {
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const p = await phone.newPage();
      const gate = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      const c = await gate.newPage();
      const errors = [];
      for (const page of [p, c]) page.on('pageerror', (e) => errors.push(String(e)));

      // The citizen checks in at the market on their phone (the place code pasted as text).
      await p.goto(server.url + '/citizen/');
      await p.waitForSelector('body[data-ready="1"][data-view=signin]', { timeout: 20000 });
      await p.getByTestId('phone').fill(citizen.phone);
      await p.getByTestId('send-otp').click();
      await p.getByTestId('info').and(p.locator(':text("验证码已发送")')).waitFor();
      await p.getByTestId('otp').fill(await smsCode(citizen.phone, previous?.match(/\b(\d{6})\b/)?.[1] ?? null));
      await p.getByTestId('otp').press('Enter');
      await p.locator('[data-testid=my-code][data-status=green]').waitFor({ timeout: 20000 });
      await p.getByTestId('tab-scan').click();
      await p.getByTestId('place-code-text').fill(marketCode);
      await p.getByTestId('place-code-text').press('Enter');
      const confirmation = p.getByTestId('checkin-confirmation');
      await confirmation.waitFor({ state: 'visible', timeout: 15000 });
      assert.equal(await p.getByTestId('confirm-place').textContent(), '霞山海鲜市场');
      await p.getByTestId('confirm-done').click();

      // The health authority lists 440902 as a high-risk area.
      const authority = await authorityByApi();
      const now = Math.floor(Date.now() / 1000);
      await api('POST', '/api/v1/authority/region-risk', {
        token: authority.token,
        expect: 201,
        body: { regions: [{ r: '440902', level: 'high', from: now - 86400, to: null }], reason: 'e2e: travel flow' },
      });
      // My itinerary stars it.
      await p.getByTestId('tab-itinerary').click();
      await p.locator('[data-testid=itinerary-item][data-region="440902"][data-level=high]').waitFor();
      await p.screenshot({ path: join(shots, 'travel-01-itinerary.png') });
      // The code the citizen shows at the gate (fetched after the check-in: it carries the visit).
      await p.getByTestId('tab-code').click();
      await p.locator('[data-testid=my-code][data-code^="GL1:"]').waitFor({ timeout: 20000 });
      const code = await p.getByTestId('my-code').getAttribute('data-code');

      // The checkpoint: an inspector signs in and binds the venue; the first sync brings the region-risk list.
      await checkpointAt(c, venue);
      await scan(c, code);
      const denied = decision(c, 'deny', 'R-TRAVEL-HIGH');
      await denied.waitFor({ state: 'visible', timeout: 15000 });
      assert.ok((await denied.textContent()).includes('行程卡带星号：14 天内到访过高风险地区'));
      const match = c.getByTestId('travel-match');
      assert.equal(await match.getAttribute('data-region'), '440902');
      const day = new Date(Math.floor(Date.now() / 86400000) * 86400000);
      assert.equal(
        await match.textContent(),
        `★ 行程卡带星号：广东省 440902 · ${day.getUTCMonth() + 1}月${day.getUTCDate()}日 到访（高风险）`,
      );
      await c.getByTestId('btn-health').click();
      assert.match(
        await c.getByTestId('health-info').textContent(),
        /^最近申报 \d{4}-\d\d-\d\d \d\d:\d\d：无症状、无发热、无接触$/,
      );
      await c.screenshot({ path: join(shots, 'travel-02-checkpoint-deny.png') });

      // With the network down, after a reload, the same: the list was kept and the summary is in the code.
      await gate.setOffline(true);
      await c.reload();
      await ready(c);
      await scan(c, code);
      await decision(c, 'deny', 'R-TRAVEL-HIGH').waitFor({ state: 'visible', timeout: 15000 });
      await c.getByTestId('btn-health').click();
      assert.match(await c.getByTestId('health-info').textContent(), /无症状、无发热、无接触$/);
      await gate.setOffline(false);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  },
);
