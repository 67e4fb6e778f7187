// The health-authority console (web/authority/, served at /authority/) against the real greenlight-server
// (SQLite in a temp dir, --demo, serving a build of web/ of this file's own, so it never races
// checkpoint.test.mjs over web/dist):
//   the keyboard reaches the sign-in fields and Enter submits; a wrong password shows auth.password; the
//   demo authority signs in (token in sessionStorage, not localStorage); a look-up without a reason shows
//   audit.reason; the demo citizen 13800000003 is looked up and opened (phone in full, check-ins); a window
//   ending in the future shows tracing.window; a case over the last day is created and previewed: the
//   timeline, contact list and graph agree with the preview JSON the page received and with a second preview
//   fetched directly (the demo's market visitors 10 min apart are no contacts: two were denied entry, the
//   hand registration only touches the case's 30-minute presence; the proxy who checked in with the case at
//   the mall is a close contact); the case is confirmed with one contact excluded (changes and the new status
//   seq shown; confirming again is 409 case.confirmed, and a case confirmed elsewhere while the page
//   previews it shows case.confirmed); the cases list; maintenance (audit.reason first, then the counts); a
//   status set by hand; the audit log lists person.lookup, person.view, case.create, case.preview,
//   case.confirm, status.set and maintenance.run, pages "older" through the whole log exactly, filters by
//   action and target; header, button and error contrast; English; sign-out ends the session.
// A second flow: entry rules (the defaults load; a set without R-YELLOW fails its own cases, Publish stays
// off; with fixed cases it passes, Publish turns on and is off again after an edit; published: the served
// rules document lacks R-YELLOW, the history lists it and "Edit a copy" loads it with its cases; bad JSON is
// named) and issuer keys (10 keys; a rotation without a reason is audit.reason; Cancel changes nothing; a
// person-key rotation makes the former next key active; a compromised place key is revoked with its next
// key and the demo's posters are signed again; both rotations are in the audit log; English; contrast).
// A third: risk areas (a signed empty list is served before any publication; a bad region code and an end
// before the start are said in words; 440902 high and 110105 medium are added; Publish asks for a reason, then
// names both additions; Cancel publishes nothing; confirmed, the served region-risk document lists both and
// the history shows the publication; removing 110105 is named as a removal, the served list follows, history
// newest first; English).
// Screenshots: test-results/authority/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { launchChromium } from '../browser/harness.mjs';
import { startE2EServer, stopE2EServer } from '../e2e/harness.mjs';
import { contrast, repo } from './fixtures.mjs';

const shots = join(repo, 'test-results/authority');
mkdirSync(shots, { recursive: true });
let server; // { url, proc, output, dataDir }

// GREENLIGHT_WEB_DIST: an already built web/ (to iterate on the page quickly); by default a build of our own.
before(
  async () =>
    (server = await startE2EServer({
      webDir: process.env.GREENLIGHT_WEB_DIST,
      ownBuild: true,
      prefix: 'gl-authority-',
    })),
);
after(stopE2EServer);

/** The JSON body of the next response to `method` on a URL containing `part`, while `action` runs. */
async function responseOf(page, method, part, action) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.includes(part)),
    action(),
  ]);
  return { status: res.status(), json: await res.json(), sent: res.request().postDataJSON() };
}

/** A desktop-sized zh-CN page of the console, with its uncaught errors, screenshots and the error band's code. */
async function consolePage(browser) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const errorCode = () => page.getByTestId('error').getAttribute('data-code');
  return { context, page, errors, shot, errorCode };
}

test(
  'authority console: sign-in, audited look-up, case preview and confirmation, audit log',
  { timeout: 90000 },
  async () => {
    const started = Date.now();
    const browser = await launchChromium();
    try {
      const { context, page, errors, shot, errorCode } = await consolePage(browser);
      const auditRequests = [];
      page.on(
        'request',
        (r) => r.url().includes('/api/v1/authority/audit') && auditRequests.push(new URL(r.url()).search),
      );
      /** Calls the API with the page's session (what the page itself would send). */
      const call = (method, path, body) =>
        page.evaluate(
          async ([m, p, b]) => {
            const { token } = JSON.parse(sessionStorage.getItem('greenlight-authority-session'));
            const res = await fetch(p, {
              method: m,
              headers: { authorization: `Bearer ${token}`, ...(b ? { 'content-type': 'application/json' } : {}) },
              body: b ? JSON.stringify(b) : undefined,
            });
            return { status: res.status, json: res.status === 204 ? null : await res.json() };
          },
          [method, path, body],
        );

      // ---- sign-in, with the keyboard ----
      await page.goto(server.url + '/authority/');
      await page.waitForSelector('body[data-ready="1"][data-view=signin]', { timeout: 20000 });
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
      assert.equal(await page.locator('h2').textContent(), '卫生部门登录');
      await page.evaluate(() => document.activeElement?.blur());
      let tabs = 0;
      while ((await page.evaluate(() => document.activeElement?.dataset.testid)) !== 'username') {
        assert.ok(++tabs <= 6, 'Tab reaches the username field');
        await page.keyboard.press('Tab');
      }
      await page.keyboard.type('demo-authority');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'password');
      await page.keyboard.type('not-the-password');
      // The focused field shows a visible focus ring.
      assert.notEqual(await page.getByTestId('password').evaluate((el) => getComputedStyle(el).outlineStyle), 'none');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=error][data-code="auth.password"]').waitFor();
      assert.match(await page.getByTestId('error').textContent(), /用户名或密码错误 \(auth\.password: /);
      await shot('01-wrong-password');
      await page.getByTestId('password').fill('greenlight-demo');
      await page.getByTestId('password').press('Enter');
      await page.waitForSelector('body[data-view=lookup]');
      assert.match(await page.getByTestId('who').textContent(), /周敏/);
      const stored = await page.evaluate(() => ({
        session: sessionStorage.getItem('greenlight-authority-session'),
        local: Object.keys(localStorage),
      }));
      assert.equal(JSON.parse(stored.session).token.length, 43);
      assert.ok(!stored.local.some((k) => k.includes('session')), 'the token is not in localStorage');

      // ---- audited look-up ----
      await page.getByTestId('lookup-identifier').fill('13800000003');
      await page.getByTestId('lookup-submit').click();
      await page.locator('[data-testid=error][data-code="audit.reason"]').waitFor();
      assert.match(await page.getByTestId('error').textContent(), /查询事由[\s\S]*\(audit\.reason: /);
      assert.equal(await page.getByTestId('lookup-reason').getAttribute('aria-invalid'), 'true');
      await shot('02-lookup-no-reason');
      await page.getByTestId('lookup-reason').fill('e2e: case 1 contact tracing');
      const lookup = await responseOf(page, 'POST', '/api/v1/authority/lookup', () =>
        page.getByTestId('lookup-submit').click(),
      );
      assert.equal(lookup.status, 200, JSON.stringify(lookup.json));
      await page.getByTestId('people').waitFor();
      assert.equal(await errorCode(), null);
      const subject = lookup.json.people.find((p) => p.kind === 'account');
      assert.ok(subject, JSON.stringify(lookup.json));
      assert.equal(subject.name, '张*');
      assert.equal(await page.locator('[data-testid=people] tbody tr').count(), lookup.json.people.length);
      const row = page.locator(`[data-testid=people] tbody tr[data-person-id="${subject.id}"]`);
      assert.match(await row.textContent(), /张\*[\s\S]*1101\*+\d{3}[\dX][\s\S]*绿码/);
      await shot('03-lookup');

      // ---- the person's record ----
      const record = await responseOf(page, 'GET', `/api/v1/authority/people/${subject.id}`, () =>
        row.getByTestId('open-person').click(),
      );
      assert.equal(record.status, 200, JSON.stringify(record.json));
      await page.getByTestId('person-facts').waitFor();
      assert.equal(await page.getByTestId('person-phone').textContent(), '13800000003', 'staff see the phone in full');
      assert.equal(await page.locator('[data-testid=checkins-table] tbody tr').count(), record.json.checkins.length);
      assert.ok(record.json.checkins.length >= 2, 'the demo market scan and mall self check-in');
      assert.match(await page.getByTestId('checkins').textContent(), /朝阳菜市场[\s\S]*/);
      await shot('04-person');

      // ---- a case over the last day (a window ending in the future first: tracing.window) ----
      const localInput = (offsetS) =>
        page.evaluate((o) => {
          const d = new Date(Date.now() + o * 1000);
          const p = (n) => String(n).padStart(2, '0');
          // Chromium normalises a zero second away ("…:00" reads back without it), which Playwright's fill
          // reports as a malformed value: leave the seconds out when they are zero.
          const minutes = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
          return d.getSeconds() === 0 ? minutes : `${minutes}:${p(d.getSeconds())}`;
        }, offsetS);
      await page.getByTestId('case-start').fill(await localInput(-86400));
      await page.getByTestId('case-end').fill(await localInput(3600));
      await page.getByTestId('case-reason').fill('e2e: positive test result');
      await page.getByTestId('case-submit').click();
      await page.locator('[data-testid=error][data-code="tracing.window"]').waitFor();
      assert.match(await page.getByTestId('error').textContent(), /传染期无效[\s\S]*\(tracing\.window: /);
      await page.getByTestId('case-end').fill(await localInput(-1));
      const created = await responseOf(page, 'POST', '/api/v1/authority/cases', () =>
        page.getByTestId('case-submit').click(),
      );
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const caseId = created.json.case.id;
      assert.match(caseId, /^cs-/);
      assert.ok(
        Math.abs(created.json.case.windowEnd - created.json.case.windowStart - 86400) < 120,
        JSON.stringify(created.json.case),
      );
      await page.waitForSelector('body[data-view=case]');
      assert.match(await page.getByTestId('case-title').textContent(), new RegExp(caseId));

      // ---- preview ----
      assert.equal(
        await page.getByTestId('preview-reason').inputValue(),
        'e2e: positive test result',
        'the reason carries over',
      );
      const preview = await responseOf(page, 'POST', `/api/v1/authority/cases/${caseId}/preview`, () =>
        page.getByTestId('preview-submit').click(),
      );
      assert.equal(preview.status, 200, JSON.stringify(preview.json));
      await page.getByTestId('contact-graph').waitFor();
      const p = preview.json;
      // The same answer when asked directly (a preview changes nothing).
      const again = await call('POST', `/api/v1/authority/cases/${caseId}/preview`, { reason: 'e2e: cross-check' });
      assert.equal(again.status, 200);
      const digest = (x) => x.contacts.map((c) => [c.personId, c.depth, c.exposureSeconds, c.proposed]);
      assert.deepEqual(digest(again.json), digest(p));
      // Timeline: the case's presences (the market scan, the mall self check-in).
      assert.equal(await page.locator('[data-testid=visits-table] tbody tr').count(), p.visits.length);
      assert.ok(
        p.visits.some((v) => v.placeName === '朝阳菜市场' && v.end - v.start === 1800),
        `market dwell 30 min: ${JSON.stringify(p.visits)}`,
      );
      // From docs/api.md: at the market 13800000005 and ...06 were denied entry (no presence), and the hand
      // registration 30 min after the case's scan only touches the case's [t, t + 30 min): no market contacts.
      assert.ok(
        !p.contacts.some((c) => c.via.some((v) => v.placeName === '朝阳菜市场')),
        `no market contacts: ${JSON.stringify(p.contacts)}`,
      );
      // The proxy 李秀英 checked in with the case at the mall as a companion: a close contact.
      assert.ok(
        p.contacts.some((c) => c.depth === 1 && c.registered && c.via.some((v) => v.placeName === '国贸商城')),
        JSON.stringify(p.contacts),
      );
      // Contacts: close first, then secondary; the UI lists them in the server's order with its numbers.
      const depths = p.contacts.map((c) => c.depth);
      assert.deepEqual(
        depths,
        [...depths].sort((a, b) => a - b),
      );
      const rows = page.locator('[data-testid=contacts-table] tbody tr');
      assert.equal(await rows.count(), p.contacts.length);
      for (const [i, c] of p.contacts.entries()) {
        const r = rows.nth(i);
        assert.equal(await r.getAttribute('data-person-id'), c.personId ?? '');
        assert.equal(await r.getAttribute('data-depth'), String(c.depth));
        const text = await r.textContent();
        assert.ok(text.includes(`${c.exposureMinutes} 分钟`), text);
        assert.ok(text.includes(c.name), text);
        assert.equal(await r.getByTestId('exclude').count(), c.registered ? 1 : 0);
      }
      assert.equal(await page.getByTestId('preview-counts').getAttribute('data-close'), String(p.counts.close));
      assert.equal(await page.getByTestId('preview-counts').getAttribute('data-secondary'), String(p.counts.secondary));
      // The graph: one node for the case and each contact, an edge into each contact.
      assert.equal(await page.locator('[data-testid=contact-graph] .node-case').count(), 1);
      assert.equal(await page.locator('[data-testid=contact-graph] .node-close').count(), p.counts.close);
      assert.equal(await page.locator('[data-testid=contact-graph] .node-secondary').count(), p.counts.secondary);
      const edgeTargets = await page
        .locator('[data-testid=contact-graph] line.edge')
        .evaluateAll((ls) => ls.map((l) => l.getAttribute('data-to')));
      for (const c of p.contacts.filter((x) => x.personId))
        assert.ok(edgeTargets.includes(c.personId), `edge into ${c.personId}`);
      await shot('05-preview');

      // ---- confirm, excluding one contact (staff know they were elsewhere) ----
      const excluded = p.contacts.find((c) => c.registered);
      await page.locator(`[data-testid=exclude][data-person-id="${excluded.personId}"]`).check();
      assert.equal(await page.getByTestId('confirm-reason').inputValue(), 'e2e: positive test result');
      const confirmed = await responseOf(page, 'POST', `/api/v1/authority/cases/${caseId}/confirm`, () =>
        page.getByTestId('confirm-submit').click(),
      );
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.json));
      await page.getByTestId('confirmed-seq').waitFor();
      const cj = confirmed.json;
      assert.deepEqual(confirmed.sent.exclude, [excluded.personId]);
      assert.equal(cj.excluded, 1);
      assert.ok(!cj.changes.some((c) => c.personId === excluded.personId), JSON.stringify(cj));
      assert.equal(cj.case.state, 'confirmed');
      assert.equal(await page.getByTestId('confirmed-seq').getAttribute('data-seq'), String(cj.seq));
      assert.match(await page.getByTestId('info').textContent(), new RegExp(`已确认，状态序号 ${cj.seq}`));
      assert.equal(await page.locator('[data-testid=changes-table] tbody tr').count(), cj.changes.length);
      assert.ok(
        cj.changes.some((c) => c.personId === subject.id && c.role === 'case' && c.status === 'red'),
        JSON.stringify(cj),
      );
      assert.equal(await page.getByTestId('case-state').textContent(), '已确认');
      assert.equal(await page.getByTestId('confirm-form').count(), 0, 'no second confirmation from the page');
      await shot('06-confirmed');
      const twice = await call('POST', `/api/v1/authority/cases/${caseId}/confirm`, { reason: 'e2e: again' });
      assert.equal(twice.status, 409);
      assert.equal(twice.json.error.code, 'case.confirmed');
      // The confirmed record (case.view).
      await page.getByTestId('record-submit').click();
      await page.getByTestId('record-contacts').waitFor();
      const view = await call('GET', `/api/v1/authority/cases/${caseId}?reason=e2e`);
      assert.equal(
        await page.locator('[data-testid=record-contacts-table] tbody tr').count(),
        view.json.contacts.length,
      );

      // ---- cases list; a second case confirmed by someone else while this page previews it: case.confirmed ----
      const nowS = Math.floor(Date.now() / 1000);
      const second = await call('POST', '/api/v1/authority/cases', {
        personId: subject.id,
        windowStart: nowS - 7200,
        windowEnd: nowS - 5,
        reason: 'e2e: second case',
      });
      assert.equal(second.status, 201, JSON.stringify(second.json));
      await page.getByTestId('nav-cases').click();
      await page.locator(`[data-testid=cases-table] tr[data-case-id="${caseId}"][data-state=confirmed]`).waitFor();
      await page
        .locator(
          `[data-testid=cases-table] tr[data-case-id="${second.json.case.id}"][data-state=open] [data-testid=open-case]`,
        )
        .click();
      await page.getByTestId('preview-reason').fill('e2e: second case');
      await page.getByTestId('preview-submit').click();
      await page.getByTestId('confirm-form').waitFor();
      assert.equal(
        (await call('POST', `/api/v1/authority/cases/${second.json.case.id}/confirm`, { reason: 'e2e: elsewhere' }))
          .status,
        200,
      );
      await page.getByTestId('confirm-submit').click();
      await page.locator('[data-testid=error][data-code="case.confirmed"]').waitFor();
      assert.match(await page.getByTestId('error').textContent(), /已确认，不能再次确认 \(case\.confirmed: /);
      await page.locator('[data-testid=case-facts][data-state=confirmed]').waitFor();
      await page.getByTestId('confirm-form').waitFor({ state: 'detached' });
      await shot('07-case-confirmed-elsewhere');

      // ---- maintenance ----
      await page.getByTestId('nav-maintenance').click();
      await page.getByTestId('maintenance-submit').click();
      await page.locator('[data-testid=error][data-code="audit.reason"]').waitFor();
      await page.getByTestId('maintenance-reason').fill('e2e: retention check');
      const maint = await responseOf(page, 'POST', '/api/v1/authority/maintenance', () =>
        page.getByTestId('maintenance-submit').click(),
      );
      assert.equal(maint.status, 200, JSON.stringify(maint.json));
      await page.getByTestId('purged-checkins').waitFor();
      assert.equal(await page.getByTestId('purged-checkins').textContent(), String(maint.json.purged.checkins));
      assert.equal(await page.getByTestId('greened').textContent(), String(maint.json.green.length));
      await shot('08-maintenance');

      // ---- a status set by hand (back to the look-up results, open the record) ----
      await page.getByTestId('nav-lookup').click();
      await page
        .locator(`[data-testid=people] tbody tr[data-person-id="${subject.id}"] [data-testid=open-person]`)
        .click();
      await page.locator('[data-testid=person-facts][data-status=red]').waitFor();
      await page.getByTestId('status-select').selectOption('orange');
      await page.getByTestId('status-reason').fill('e2e: reassessed');
      const set = await responseOf(page, 'POST', '/api/v1/authority/status', () =>
        page.getByTestId('status-submit').click(),
      );
      assert.equal(set.status, 200, JSON.stringify(set.json));
      await page.locator('[data-testid=person-facts][data-status=orange]').waitFor();
      assert.match(
        await page.getByTestId('info').textContent(),
        new RegExp(`状态已设为橙码（状态序号 ${set.json.person.seq}）`),
      );
      assert.match(await page.getByTestId('history').textContent(), /e2e: reassessed/);

      // ---- the audit log ----
      await page.getByTestId('nav-audit').click();
      await page.getByTestId('audit-table').waitFor();
      const actions = await page
        .locator('[data-testid=audit-table] tbody tr')
        .evaluateAll((rs) => rs.map((r) => r.dataset.action));
      for (const a of [
        'person.lookup',
        'person.view',
        'case.create',
        'case.preview',
        'case.confirm',
        'status.set',
        'maintenance.run',
      ])
        assert.ok(actions.includes(a), `${a} in ${actions}`);
      const log = await call('GET', '/api/v1/authority/audit?limit=100');
      assert.equal(actions.length, Math.min(100, log.json.entries.length));
      // "Older" paging, 20 a page, over more look-ups than that: the pages together are the API's whole list, in
      // order, with no gaps and no repeats. (`before` has one-second resolution: the console asks from the end
      // of the last entry's second and drops repeats, which is exact while no second holds more than a page,
      // hence the look-ups are paced.)
      for (let i = 0; i < 25; i++) {
        assert.equal(
          (await call('POST', '/api/v1/authority/lookup', { phone: '13800000005', reason: `e2e: paging ${i}` })).status,
          200,
        );
        await new Promise((r) => setTimeout(r, 40));
      }
      const fullEntries = (await call('GET', '/api/v1/authority/audit?limit=500')).json.entries;
      const full = fullEntries.map((e) => e.id);
      assert.ok(full.length > 40, `${full.length} entries`);
      await page.getByTestId('audit-limit').selectOption('20');
      await responseOf(page, 'GET', '/api/v1/authority/audit', () => page.getByTestId('audit-filter').click());
      await page.waitForFunction(() => !document.querySelector('[data-testid=audit-filter]').hasAttribute('aria-busy'));
      assert.equal(await page.locator('[data-testid=audit-table] tbody tr').count(), 20);
      const older = page.getByTestId('audit-older');
      for (let i = 0; i < 6 && (await older.isVisible()); i++) {
        await older.click();
        await page.waitForFunction(
          () => !document.querySelector('[data-testid=audit-older]').hasAttribute('aria-busy'),
        );
      }
      assert.equal(await older.isHidden(), true);
      const shown = await page
        .locator('[data-testid=audit-table] tbody tr')
        .evaluateAll((rs) => rs.map((r) => r.dataset.id));
      assert.deepEqual(
        shown,
        full,
        `${auditRequests.join(' ')}\n${fullEntries.map((e) => `${e.at} ${e.id} ${e.action}`).join('\n')}`,
      );
      await page.getByTestId('audit-action').selectOption('case.confirm');
      await page.getByTestId('audit-target').fill(caseId);
      await page.getByTestId('audit-filter').click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid=audit-table] tbody tr')].every(
          (r) => r.dataset.action === 'case.confirm',
        ),
      );
      const filtered = page.locator('[data-testid=audit-table] tbody tr');
      assert.equal(await filtered.count(), 1);
      assert.equal(await filtered.first().getAttribute('data-target'), caseId);
      assert.equal(await page.getByTestId('audit-older').isHidden(), true, 'one page only');
      await shot('09-audit');

      // ---- contrast (WCAG AA) of the header, a primary button and a status badge ----
      const pairs = await page.evaluate(() => {
        const c = (sel) => {
          const el = document.querySelector(sel);
          return { color: getComputedStyle(el).color, background: getComputedStyle(el).backgroundColor };
        };
        return [c('.top'), c('[data-testid=audit-filter]'), c('.error')];
      });
      for (const x of pairs.filter((y) => y.background !== 'rgba(0, 0, 0, 0)'))
        assert.ok(contrast(x.color, x.background) >= 4.5, JSON.stringify(x));

      // ---- English ----
      await page.getByTestId('btn-lang').click();
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      assert.equal(await page.locator('main h2').first().textContent(), 'Audit log');
      assert.equal(await page.getByTestId('nav-cases').textContent(), 'Cases');
      assert.equal(
        await page.locator('[data-testid=audit-table] tbody tr').count(),
        1,
        'the language switch redraws without reloading',
      );
      await shot('10-audit-en');

      // ---- sign out ----
      const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('greenlight-authority-session')).token);
      assert.equal(
        await page.getByTestId('btn-signout-all').isVisible(),
        true,
        'sign out everywhere is in the account menu',
      );
      await page.getByTestId('btn-signout').click();
      await page.waitForSelector('body[data-view=signin]');
      assert.equal(await page.getByTestId('btn-signout-all').isVisible(), false);
      assert.equal(await page.locator('main h2').textContent(), 'Health authority sign-in');
      assert.equal(await page.evaluate(() => sessionStorage.getItem('greenlight-authority-session')), null);
      const res = await fetch(`${server.url}/api/v1/authority/cases`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(res.status, 401);
      await shot('11-signed-out-en');

      assert.deepEqual(errors, []);
      await context.close();
      console.log(`authority console flow: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      await browser.close();
    }
  },
);

test(
  'authority console: entry rules tested before they are published; issuer keys rotated and revoked',
  { timeout: 90000 },
  async () => {
    const browser = await launchChromium();
    try {
      const { context, page, errors, shot, errorCode } = await consolePage(browser);
      const idle = (testid) =>
        page.waitForFunction((id) => !document.querySelector(`[data-testid=${id}]`).hasAttribute('aria-busy'), testid);
      const token = () => page.evaluate(() => JSON.parse(sessionStorage.getItem('greenlight-authority-session')).token);

      await page.goto(server.url + '/authority/');
      await page.waitForSelector('body[data-ready="1"][data-view=signin]', { timeout: 20000 });
      await page.getByTestId('username').fill('demo-authority');
      await page.getByTestId('password').fill('greenlight-demo');
      await page.getByTestId('password').press('Enter');
      await page.waitForSelector('body[data-view=lookup]');

      // ---- entry rules ----
      const defaults = JSON.parse(readFileSync(join(repo, 'engine/core/rules/default.json'), 'utf8'));
      const defaultCases = JSON.parse(readFileSync(join(repo, 'engine/core/rules/default.cases.json'), 'utf8')).cases;
      await page.getByTestId('nav-rules').click();
      await page.waitForSelector('body[data-view=rules]');
      await page.getByTestId('rules-builtin').waitFor();
      assert.deepEqual(
        JSON.parse(await page.getByTestId('rules-json').inputValue()),
        defaults,
        'starts from the built-in defaults',
      );
      assert.deepEqual(JSON.parse(await page.getByTestId('cases-json').inputValue()), defaultCases);
      assert.equal(await page.getByTestId('rules-publish').isDisabled(), true, 'nothing tested yet');

      const lifted = { ...defaults, rules: defaults.rules.filter((r) => r.id !== 'R-YELLOW') };
      await page.getByTestId('rules-json').fill(JSON.stringify(lifted, null, 2));
      await page.getByTestId('rules-test').click();
      await page.getByTestId('rules-summary').waitFor();
      const failedCount = Number(await page.getByTestId('rules-summary').getAttribute('data-failed'));
      const yellowCases = defaultCases.filter((c) => (c.expect.reasons ?? []).includes('R-YELLOW'));
      assert.equal(failedCount, yellowCases.length, 'the cases that expect R-YELLOW fail');
      assert.match(await page.getByTestId('rules-summary').textContent(), /未通过，不能发布/);
      assert.deepEqual(
        await page
          .locator('[data-testid=rules-results-table] tbody tr[data-pass=false]')
          .evaluateAll((rs) => rs.map((r) => r.dataset.name)),
        yellowCases.map((c) => c.name),
      );
      assert.equal(await page.getByTestId('rules-publish').isDisabled(), true, 'a failing set cannot be published');
      await shot('12-rules-failed');

      const cases = [
        ...defaultCases.filter((c) => !(c.expect.reasons ?? []).includes('R-YELLOW')),
        {
          ...yellowCases[0],
          name: 'yellow admitted once R-YELLOW is lifted',
          expect: { decision: 'admit', reasons: [] },
        },
      ];
      await page.getByTestId('cases-json').fill(JSON.stringify(cases, null, 2));
      await page.getByTestId('rules-test').click();
      await page.locator('[data-testid=rules-summary][data-failed="0"]').waitFor();
      assert.equal(await page.getByTestId('rules-publish').isDisabled(), false);
      assert.equal(await page.getByTestId('rules-history-table').count(), 0, 'a test publishes nothing');
      // An edit after the test turns Publish off again until the next test.
      await page.getByTestId('cases-json').press('End');
      await page.getByTestId('cases-json').type(' ');
      assert.equal(await page.getByTestId('rules-publish').isDisabled(), true);
      await page.getByTestId('rules-test').click();
      await idle('rules-test');
      await page.getByTestId('rules-reason').fill('e2e: lift yellow restrictions (notice 12)');
      const published = await responseOf(page, 'POST', '/api/v1/authority/rules', () =>
        page.getByTestId('rules-publish').click(),
      );
      assert.equal(published.status, 201, JSON.stringify(published.json));
      assert.equal(published.sent.dryRun, undefined);
      await page.locator(`[data-testid=rules-history-table] tbody tr[data-seq="${published.json.seq}"]`).waitFor();
      assert.match(await page.getByTestId('info').textContent(), new RegExp(`序号 ${published.json.seq}`));
      const served = await (await fetch(`${server.url}/api/v1/documents/rules`)).text();
      const payload = JSON.parse(Buffer.from(served.split('.')[1], 'base64url').toString('utf8'));
      assert.deepEqual(
        payload.rules.map((r) => r.id),
        lifted.rules.map((r) => r.id),
        'checkpoints get the published set',
      );
      await shot('13-rules-published');

      await page.getByTestId('rules-load-defaults').click();
      await page.getByTestId(`rules-open-${published.json.seq}`).click();
      await page.waitForFunction(
        () => !document.querySelector('[data-testid=rules-json]').value.includes('"R-YELLOW"'),
      );
      assert.deepEqual(JSON.parse(await page.getByTestId('cases-json').inputValue()), cases, 'its cases come with it');
      await page
        .getByTestId('rules-file')
        .setInputFiles({ name: 'rules.json', mimeType: 'application/json', buffer: Buffer.from('{"rules": [') });
      await page.waitForFunction(() => document.querySelector('[data-testid=rules-json]').value === '{"rules": [');
      await page.getByTestId('rules-test').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=error]').textContent.includes('JSON'));
      assert.equal(await page.getByTestId('rules-json').getAttribute('aria-invalid'), 'true');

      // ---- issuer keys ----
      await page.getByTestId('nav-keys').click();
      await page.waitForSelector('body[data-view=keys]');
      await page.getByTestId('keys-table').waitFor();
      const rows = () =>
        page
          .locator('[data-testid=keys-table] tbody tr')
          .evaluateAll((rs) => rs.map((r) => ({ kid: r.dataset.kid, use: r.dataset.use, state: r.dataset.state })));
      const initial = await rows();
      assert.equal(initial.length, 12, 'an active and a next key for each of the six uses');
      const kidOf = (list, use, state) => list.find((k) => k.use === use && k.state === state)?.kid;
      await page.getByTestId('rotate-use').selectOption('person');
      await page.getByTestId('rotate-submit').click();
      await page.locator('[data-testid=error][data-code="audit.reason"]').waitFor();
      assert.equal(await page.getByTestId('rotate-reason').getAttribute('aria-invalid'), 'true');
      await page.getByTestId('rotate-reason').fill('e2e: annual rotation');
      await page.getByTestId('rotate-submit').click();
      await page.getByTestId('rotate-confirm').waitFor();
      const summary = await page.getByTestId('rotate-summary').textContent();
      assert.ok(
        summary.includes(kidOf(initial, 'person', 'active')) && summary.includes(kidOf(initial, 'person', 'next')),
        summary,
      );
      assert.equal(
        await page.evaluate(() => document.activeElement?.dataset.testid),
        'rotate-confirm-button',
        'the confirmation takes the focus',
      );
      await shot('14-keys-confirm');
      await page.getByTestId('rotate-cancel').click();
      assert.equal(await page.getByTestId('rotate-confirm').isHidden(), true);
      const untouched = await (
        await fetch(`${server.url}/api/v1/authority/keys`, { headers: { authorization: `Bearer ${await token()}` } })
      ).json();
      assert.equal(untouched.generation, 1, 'Cancel rotates nothing');

      await page.getByTestId('rotate-submit').click();
      const rotated = await responseOf(page, 'POST', '/api/v1/authority/keys/rotate', () =>
        page.getByTestId('rotate-confirm-button').click(),
      );
      assert.equal(rotated.status, 200, JSON.stringify(rotated.json));
      assert.deepEqual(rotated.sent, { use: 'person', compromised: false, reason: 'e2e: annual rotation' });
      await page.waitForFunction(
        (kid) => document.querySelector(`[data-testid=keys-table] tr[data-kid="${kid}"]`),
        rotated.json.next,
      );
      const afterRotation = await rows();
      assert.equal(
        kidOf(afterRotation, 'person', 'active'),
        kidOf(initial, 'person', 'next'),
        'the pre-published key signs now',
      );
      assert.equal(afterRotation.find((k) => k.kid === kidOf(initial, 'person', 'active')).state, 'retired');
      assert.match(await page.getByTestId('info').textContent(), new RegExp(rotated.json.active));

      await page.getByTestId('rotate-use').selectOption('place');
      await page.getByTestId('rotate-compromised').check();
      await page.getByTestId('rotate-reason').fill('e2e: place key leaked');
      await page.getByTestId('rotate-submit').click();
      assert.equal(await page.getByTestId('rotate-confirm-button').getAttribute('class'), 'danger');
      assert.match(await page.getByTestId('rotate-summary').textContent(), /作废/);
      const revoked = await responseOf(page, 'POST', '/api/v1/authority/keys/rotate', () =>
        page.getByTestId('rotate-confirm-button').click(),
      );
      assert.equal(revoked.status, 200, JSON.stringify(revoked.json));
      assert.ok(revoked.json.resigned >= 1, 'the demo places were signed again');
      await page.waitForFunction(
        (kid) => document.querySelector(`[data-testid=keys-table] tr[data-kid="${kid}"]`),
        revoked.json.active,
      );
      const afterRevocation = await rows();
      for (const kid of [kidOf(initial, 'place', 'active'), kidOf(initial, 'place', 'next')])
        assert.equal(afterRevocation.find((k) => k.kid === kid).state, 'revoked');
      assert.match(await page.getByTestId('info').textContent(), new RegExp(`${revoked.json.resigned} 个场所码`));
      assert.equal(await errorCode(), null);
      await shot('15-keys-revoked');
      const pairs = await page.evaluate(() =>
        [...document.querySelectorAll('.key-revoked, [data-testid=rotate-submit]')].slice(0, 2).map((el) => {
          let bg = 'rgba(0, 0, 0, 0)';
          for (let e = el; e && bg === 'rgba(0, 0, 0, 0)'; e = e.parentElement)
            bg = getComputedStyle(e).backgroundColor;
          return { color: getComputedStyle(el).color, background: bg };
        }),
      );
      for (const x of pairs) assert.ok(contrast(x.color, x.background) >= 4.5, JSON.stringify(x));

      // Both rotations are in the audit log.
      await page.getByTestId('nav-audit').click();
      await page.getByTestId('audit-action').selectOption('keys.rotate');
      await page.getByTestId('audit-filter').click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid=audit-table] tbody tr')].every(
          (r) => r.dataset.action === 'keys.rotate',
        ),
      );
      assert.deepEqual(
        await page.locator('[data-testid=audit-table] tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.target)),
        [`key:${revoked.json.active}`, `key:${rotated.json.active}`],
      );

      // English.
      await page.getByTestId('nav-keys').click();
      await page.getByTestId('btn-lang').click();
      assert.equal(await page.locator('main h2').first().textContent(), 'Issuer keys');
      assert.equal(await page.getByTestId('nav-rules').textContent(), 'Entry rules');
      assert.match(await page.getByTestId('keys-table').textContent(), /Revoked[\s\S]*Retired|Retired[\s\S]*Revoked/);
      await shot('16-keys-en');
      await page.getByTestId('btn-lang').click();

      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser.close();
    }
  },
);

test(
  'authority console: risk areas are added, confirmed naming the changes, published and served; removed again',
  { timeout: 90000 },
  async () => {
    const browser = await launchChromium();
    try {
      const { context, page, errors, shot, errorCode } = await consolePage(browser);
      const served = async () => {
        const text = await (await fetch(`${server.url}/api/v1/documents/region-risk`)).text();
        return JSON.parse(Buffer.from(text.split('.')[1], 'base64url').toString('utf8'));
      };
      const before = await served();
      assert.deepEqual(before.regions, [], 'a signed empty list before any publication');

      await page.goto(server.url + '/authority/');
      await page.waitForSelector('body[data-ready="1"][data-view=signin]', { timeout: 20000 });
      await page.getByTestId('username').fill('demo-authority');
      await page.getByTestId('password').fill('greenlight-demo');
      await page.getByTestId('password').press('Enter');
      await page.waitForSelector('body[data-view=lookup]');
      await page.getByTestId('nav-regions').click();
      await page.waitForSelector('body[data-view=regions]');
      assert.equal(await page.locator('main h2').first().textContent(), '风险地区');
      await page.getByTestId('regions-none').waitFor();
      await page.getByTestId('regions-draft-empty').waitFor();

      // A bad region code is said in words; nothing is added.
      await page.getByTestId('regions-code').fill('44090');
      await page.getByTestId('regions-add').click();
      assert.match(await page.getByTestId('error').textContent(), /地区代码应为 6 位数字/);
      assert.equal(await page.getByTestId('regions-code').getAttribute('aria-invalid'), 'true');
      // An end before the start.
      await page.getByTestId('regions-code').fill('440902');
      await page.getByTestId('regions-to').fill('2000-01-01T00:00');
      await page.getByTestId('regions-add').click();
      assert.match(await page.getByTestId('error').textContent(), /结束时间须晚于开始时间/);
      await page.getByTestId('regions-to').fill('');
      await page.getByTestId('regions-add').click();
      await page.locator('[data-testid=regions-draft-table] tr[data-region="440902"][data-level=high]').waitFor();
      await page.getByTestId('regions-code').fill('110105');
      await page.getByTestId('regions-level').selectOption('medium');
      await page.getByTestId('regions-add').click();
      await page.locator('[data-testid=regions-draft-table] tr[data-region="110105"][data-level=medium]').waitFor();
      assert.match(await page.getByTestId('regions-draft-table').textContent(), /广东省 440902[\s\S]*北京市 110105/);
      assert.equal(await page.getByTestId('regions-pending').getAttribute('data-changes'), '2');

      // Publishing asks for a reason first, then names what changes; Cancel publishes nothing.
      await page.getByTestId('regions-publish').click();
      await page.locator('[data-testid=error][data-code="audit.reason"]').waitFor();
      await page.getByTestId('regions-reason').fill('e2e: notice 7, Guangdong cluster');
      await page.getByTestId('regions-publish').click();
      await page.getByTestId('regions-confirm').waitFor();
      const summary = await page.getByTestId('regions-summary-added').textContent();
      assert.match(summary, /新增：广东省 440902，高风险/);
      assert.match(summary, /新增：北京市 110105，中风险/);
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'regions-confirm-button');
      await shot('17-regions-confirm');
      await page.getByTestId('regions-cancel').click();
      assert.equal(await page.getByTestId('regions-confirm').isHidden(), true);
      assert.deepEqual((await served()).regions, [], 'Cancel publishes nothing');

      await page.getByTestId('regions-publish').click();
      const published = await responseOf(page, 'POST', '/api/v1/authority/region-risk', () =>
        page.getByTestId('regions-confirm-button').click(),
      );
      assert.equal(published.status, 201, JSON.stringify(published.json));
      assert.equal(published.sent.reason, 'e2e: notice 7, Guangdong cluster');
      assert.deepEqual(
        published.sent.regions.map((e) => [e.r, e.level, e.to]),
        [
          ['440902', 'high', null],
          ['110105', 'medium', null],
        ],
      );
      await page.locator(`[data-testid=regions-history-table] tr[data-seq="${published.json.seq}"]`).waitFor();
      assert.match(await page.getByTestId('info').textContent(), new RegExp(`序号 ${published.json.seq}`));
      await page.locator('[data-testid=regions-current-table] tr[data-region="440902"][data-level=high]').waitFor();
      const doc = await served();
      assert.ok(doc.seq > before.seq, 'a new list is served');
      assert.deepEqual(
        doc.regions.map((e) => [e.r, e.level]).sort(),
        [
          ['110105', 'medium'],
          ['440902', 'high'],
        ],
        'checkpoints get the published list',
      );
      await shot('18-regions-published');

      // Removing an entry: the confirmation names the removal; the served list follows.
      await page.getByTestId('regions-remove-110105').click();
      assert.equal(await page.getByTestId('regions-pending').getAttribute('data-changes'), '1');
      await page.getByTestId('regions-reason').fill('e2e: 110105 lifted');
      await page.getByTestId('regions-publish').click();
      assert.match(await page.getByTestId('regions-summary-removed').textContent(), /移除：北京市 110105，中风险/);
      assert.equal(await page.getByTestId('regions-summary-added').count(), 0);
      const second = await responseOf(page, 'POST', '/api/v1/authority/region-risk', () =>
        page.getByTestId('regions-confirm-button').click(),
      );
      assert.equal(second.status, 201, JSON.stringify(second.json));
      await page.locator(`[data-testid=regions-history-table] tr[data-seq="${second.json.seq}"]`).waitFor();
      assert.deepEqual(
        await page
          .locator('[data-testid=regions-history-table] tbody tr')
          .evaluateAll((rs) => rs.map((r) => Number(r.dataset.seq))),
        [second.json.seq, published.json.seq],
        'newest first',
      );
      assert.deepEqual(
        (await served()).regions.map((e) => e.r),
        ['440902'],
      );
      assert.equal(await errorCode(), null);

      // English.
      await page.getByTestId('btn-lang').click();
      assert.equal(await page.locator('main h2').first().textContent(), 'Risk areas');
      assert.match(await page.getByTestId('regions-current-table').textContent(), /Guangdong 440902[\s\S]*High risk/);
      await shot('19-regions-en');
      await page.getByTestId('btn-lang').click();
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser.close();
    }
  },
);
