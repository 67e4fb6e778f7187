// Authority accounts, audited look-ups, tracing (a synthetic outbreak with hand-computed contacts), status
// propagation to verifiers, risk notices, retention and the automatic return to green (docs/api.md
// "Authority", "Tracing") against the real greenlight-server, on SQLite and PostgreSQL.
// Run by CTest (test `server-tracing`) with GREENLIGHT_SERVER pointing at the built binary.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { statusList, verifierFor } from '../support/codes.mjs';
import { assertError, call, show } from '../support/http.mjs';
import { exportKey } from '../support/keys.mjs';
import { authority, bind, citizen, createPlace, maskId, newIdNumber, newPhone, signIn } from '../support/people.mjs';
import { binary, describeOnEachBackend, sqlQuery, startServer, useServer } from '../support/server.mjs';
import { entryHash, statusListPayload } from '../support/status-list.mjs';

const MIN = 60;
const now = () => Math.floor(Date.now() / 1000);

// An inspector-scan record of `person`'s code at `place`, `time`: the code they would have shown then (the
// server ties a scan to a person only when its code verifies at the scan's time).
function scan(place, person, time, extra = {}) {
  return {
    clientId: randomBytes(8).toString('hex'),
    placeId: place.id,
    time,
    method: 'inspector-scan',
    code: person.scanCode ?? person.code,
    decision: 'admit',
    status: 'green',
    reasons: [],
    temperatureClass: 'normal',
    ...extra,
  };
}

function manualRecord(place, time, manual) {
  return {
    clientId: randomBytes(8).toString('hex'),
    placeId: place.id,
    time,
    method: 'manual',
    decision: null,
    status: null,
    reasons: [],
    temperatureClass: null,
    manual,
  };
}

async function ingest(server, inspector, records) {
  const res = await call(server, 'POST', '/api/v1/checkins', { token: inspector.token, body: { records } });
  assert.equal(res.status, 200, show(res));
  assert.deepEqual(res.json.rejected, [], show(res));
}

async function person(server, name) {
  const p = await citizen(server, { name });
  p.code = (await call(server, 'GET', '/api/v1/me/code', { token: p.token })).json.text;
  p.scanCode = backdatedCode(
    server,
    'person',
    sqlQuery(server, `SELECT subject FROM people WHERE id = '${p.personId}'`),
  );
  return p;
}

// A code signed with the server's active key for `use`, valid over the retention window: what a checkpoint scanned
// earlier in the scenario's timeline (the server's own codes are issued now and live minutes).
function backdatedCode(server, use, sub) {
  const key = join(server.dataDir, `scan-${use}-${randomBytes(4).toString('hex')}.key.json`);
  exportKey(server, use, key);
  const cli = join(dirname(binary), 'greenlight');
  const iat = now() - 27 * 86400; // within retention: the oldest scan a server accepts
  return execFileSync(
    cli,
    [
      'issue',
      '--key',
      key,
      '--iss',
      issuerOf(),
      '--type',
      use,
      '--sub',
      sub,
      '--status',
      'green',
      '--name',
      '张*',
      ...(use === 'proxy' ? ['--contact', '138****0000'] : ['--phone', '138****0000']),
      '--seq',
      '0',
      '--iat',
      String(iat),
      '--exp',
      String(now() + 86400),
    ],
    { encoding: 'utf8' },
  ).trim();
}
function issuerOf() {
  return 'gl:demo'; // greenlight-server's default --issuer
}

const post = (server, token, path, body) => call(server, 'POST', path, { token, body });
const get = (server, token, path) => call(server, 'GET', path, { token });

// The payload of a signed document (its middle part).
function payloadOf(jws) {
  return JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
}

async function auditActions(server, token, query = '') {
  const res = await get(server, token, `/api/v1/authority/audit?limit=500${query}`);
  assert.equal(res.status, 200, show(res));
  return res.json.entries;
}

describeOnEachBackend('tracing', (backend) => {
  // -------------------------------------------------------------------------------------------------------
  describe('authority accounts and audited look-ups', () => {
    const s = useServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });

    test('password sign-in; an authority signed in by SMS code is not an authority', async () => {
      const auth = await authority(s.server);
      assert.match(auth.token, /^[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(auth.account.roles, ['authority']);
      assert.equal(auth.account.username, 'demo-authority');
      for (const body of [
        { username: 'demo-authority', password: 'wrong-password!' },
        { username: 'nobody', password: 'greenlight-demo' },
      ])
        assertError(await post(s.server, undefined, '/api/v1/auth/authority-sessions', body), 401, 'auth.password');
      assertError(
        await post(s.server, undefined, '/api/v1/auth/authority-sessions', { username: 'demo-authority' }),
        400,
        'request.invalid',
        'password',
      );
      const bySms = await signIn(s.server, '13800000009');
      assert.ok(bySms.me.roles.includes('authority'), 'the account is an authority account');
      assertError(
        await post(s.server, bySms.token, '/api/v1/authority/lookup', { phone: '13800000003', reason: 'x' }),
        403,
        'auth.forbidden',
      );
      assertError(await get(s.server, bySms.token, '/api/v1/authority/audit'), 403, 'auth.forbidden');
    });

    test('`greenlight-server authority add`: argon2id credential, validation, duplicates', () => {
      const args = ['authority', 'add', '--data-dir', s.server.dataDir, ...s.server.dbArgs];
      const add = (username, password, name = '李娜') =>
        spawnSync(binary, [...args, '--username', username, '--display-name', name], {
          input: `${password}\n`,
          encoding: 'utf8',
        });
      const ok = add('li.na', 'correct horse battery');
      assert.equal(ok.status, 0, ok.stderr);
      const made = JSON.parse(ok.stdout);
      assert.match(made.id, /^a-/);
      assert.deepEqual({ ...made, id: '' }, { id: '', username: 'li.na', displayName: '李娜' });
      const again = add('li.na', 'correct horse battery');
      assert.equal(again.status, 1);
      assert.match(again.stderr, /authority\.exists/);
      assert.match(add('x', 'correct horse battery').stderr, /authority\.username/);
      assert.match(add('Upper', 'correct horse battery').stderr, /authority\.username/);
      assert.match(add('short.pw', 'too short').stderr, /authority\.password/);
    });

    test('a CLI-made account signs in; the hash in the database is argon2id', async () => {
      const res = await post(s.server, undefined, '/api/v1/auth/authority-sessions', {
        username: 'li.na',
        password: 'correct horse battery',
      });
      assert.equal(res.status, 201, show(res));
      assert.equal(res.json.account.displayName, '李娜');
      assert.ok(res.json.expiresAt - now() <= 12 * 3600 + 5, 'staff sessions last 12 hours');
      const who = await get(s.server, res.json.token, '/api/v1/authority/cases');
      assert.equal(who.status, 200, show(who));
    });

    test('look-ups need a stated reason (400 audit.reason) and each writes an audit row', async () => {
      const auth = await authority(s.server);
      const target = await citizen(s.server, { name: '钱七' });
      for (const reason of [undefined, '', '   ', 'r'.repeat(201)]) {
        const body = { phone: target.phone };
        if (reason !== undefined) body.reason = reason;
        assertError(await post(s.server, auth.token, '/api/v1/authority/lookup', body), 400, 'audit.reason', 'reason');
      }
      assertError(await get(s.server, auth.token, `/api/v1/authority/people/${target.personId}`), 400, 'audit.reason');
      assert.equal(
        (await auditActions(s.server, auth.token, '&action=person.lookup')).length,
        0,
        'refused look-ups leave no row',
      );

      const byPhone = await post(s.server, auth.token, '/api/v1/authority/lookup', {
        phone: target.phone,
        reason: 'fever clinic report 17',
      });
      assert.equal(byPhone.status, 200, show(byPhone));
      assert.deepEqual(byPhone.json, {
        people: [
          {
            id: target.personId,
            name: '钱*',
            idNumber: maskId(target.idNumber),
            status: 'green',
            statusQ: byPhone.json.people[0].statusQ,
            kind: 'account',
          },
        ],
        manualCheckins: 0,
      });
      const byId = await post(s.server, auth.token, '/api/v1/authority/lookup', {
        idNumber: target.idNumber,
        reason: 'same person, by ID',
      });
      assert.equal(byId.json.people[0].id, target.personId);
      const none = await post(s.server, auth.token, '/api/v1/authority/lookup', {
        phone: newPhone(),
        reason: 'nobody',
      });
      assert.deepEqual(none.json, { people: [], manualCheckins: 0 });
      assertError(
        await post(s.server, auth.token, '/api/v1/authority/lookup', { phone: '123', reason: 'x' }),
        400,
        'person.phone',
      );
      assertError(
        await post(s.server, auth.token, '/api/v1/authority/lookup', { reason: 'x' }),
        400,
        'request.invalid',
      );

      const record = await get(
        s.server,
        auth.token,
        `/api/v1/authority/people/${target.personId}?reason=${encodeURIComponent('call back')}`,
      );
      assert.equal(record.status, 200, show(record));
      assert.equal(record.json.person.phone, target.phone, 'staff see the phone to call');
      assert.equal(record.json.person.name, '钱*');
      assert.deepEqual(record.json.history, [], 'a first declaration that keeps green changes nothing');
      assertError(
        await get(s.server, auth.token, '/api/v1/authority/people/h-unknown?reason=x'),
        404,
        'person.not_found',
      );

      const rows = await auditActions(s.server, auth.token, `&actor=${auth.account.id}`);
      const mine = rows.filter((r) => r.action.startsWith('person.'));
      assert.deepEqual(mine.map((r) => [r.action, r.reason]).reverse(), [
        ['person.lookup', 'fever clinic report 17'],
        ['person.lookup', 'same person, by ID'],
        ['person.lookup', 'nobody'],
        ['person.view', 'call back'],
      ]);
      assert.equal(mine[0].actor.name, '周敏');
      assert.equal(mine[3].target, target.personId);
      assert.deepEqual(mine[3].detail, { by: 'phone', matches: [target.personId] });
      for (const q of ['limit=0', 'limit=501', 'limit=10abc', 'before=-5', 'before=1e9'])
        assertError(await get(s.server, auth.token, `/api/v1/authority/audit?${q}`), 400, 'request.invalid', 'limit');
      // Never personal data in clear in the audit trail.
      const dump = JSON.stringify(rows);
      for (const secret of [target.phone, target.idNumber, '钱七'])
        assert.ok(!dump.includes(secret), `no ${secret} in the audit log`);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('rule sets', () => {
    const s = useServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });
    const rulesDir = fileURLToPath(new URL('../../engine/core/rules/', import.meta.url));
    const defaults = JSON.parse(readFileSync(join(rulesDir, 'default.json'), 'utf8'));
    const defaultCases = JSON.parse(readFileSync(join(rulesDir, 'default.cases.json'), 'utf8')).cases;

    test('published only after its cases pass; then served to verifiers, which apply it', async () => {
      const auth = await authority(s.server);
      const publish = (body, token = auth.token) => post(s.server, token, '/api/v1/authority/rules', body);
      assert.deepEqual((await get(s.server, auth.token, '/api/v1/authority/rules')).json, {
        ruleSets: [],
        builtIn: true,
      });
      assertError(await publish({ rules: defaults, cases: defaultCases }), 400, 'audit.reason');
      assertError(await publish({ rules: defaults, cases: [], reason: 'x' }), 400, 'rules.cases');
      assertError(
        await publish({ rules: { rules: [{ id: 'R-X' }] }, cases: defaultCases, reason: 'x' }),
        400,
        'rules.invalid',
      );
      const wrong = defaultCases.map((c, i) =>
        i === 0 ? { ...c, expect: { decision: c.expect.decision === 'admit' ? 'deny' : 'admit' } } : c,
      );
      const failed = await publish({ rules: defaults, cases: wrong, reason: 'x' });
      assertError(failed, 400, 'rules.test_failed', `1 of ${defaultCases.length} cases failed`);
      const citizenOnly = await citizen(s.server);
      assertError(
        await publish({ rules: defaults, cases: defaultCases, reason: 'x' }, citizenOnly.token),
        403,
        'auth.forbidden',
      );
      // A dry run reports every case, passing or not, and stores, publishes and audits nothing.
      const dry = await publish({ rules: defaults, cases: wrong, dryRun: true });
      assert.equal(dry.status, 200, show(dry));
      assert.deepEqual(
        [dry.json.published, dry.json.failed, dry.json.passed, dry.json.results.length],
        [false, 1, defaultCases.length - 1, defaultCases.length],
      );
      assert.equal(dry.json.results.filter((r) => !r.pass)[0].name, defaultCases[0].name);
      assertError(
        await publish({ rules: defaults, cases: defaultCases, dryRun: true }, citizenOnly.token),
        403,
        'auth.forbidden',
      );
      assertError(
        await publish({ rules: defaults, cases: defaultCases, dryRun: 'yes' }),
        400,
        'request.invalid',
        'dryRun',
      );
      assert.deepEqual((await get(s.server, auth.token, '/api/v1/authority/rules')).json, {
        ruleSets: [],
        builtIn: true,
      });

      // A yellow code is refused under the default rules.
      const yellow = await citizen(s.server, {
        declaration: {
          symptoms: [],
          fever: true,
          contactWithCase: false,
          travel: { highRiskArea: false, regions: [] },
        },
      });
      const code = (await get(s.server, yellow.token, '/api/v1/me/code')).json;
      assert.equal(code.status, 'yellow');
      const before = await verifierFor(s.server);
      assert.equal(before.verifier.verify(code.text).decision, 'deny');

      // The authority lifts the yellow rule (cases that expect it dropped, one added for the new behaviour).
      const lifted = { ...defaults, rules: defaults.rules.filter((r) => r.id !== 'R-YELLOW') };
      const yellowCase = defaultCases.find((c) => (c.expect.reasons ?? []).includes('R-YELLOW'));
      assert.ok(yellowCase, 'the default cases exercise R-YELLOW');
      const cases = [
        ...defaultCases.filter((c) => !(c.expect.reasons ?? []).includes('R-YELLOW')),
        { ...yellowCase, name: 'yellow admitted once R-YELLOW is lifted', expect: { decision: 'admit', reasons: [] } },
      ];
      const done = await publish({ rules: lifted, cases, reason: 'lift yellow restrictions (notice 12)' });
      assert.equal(done.status, 201, show(done));
      assert.equal(done.json.rules, lifted.rules.length);
      assert.equal(done.json.passed, cases.length);
      assert.deepEqual([done.json.published, done.json.failed], [true, 0]);
      const served = await call(s.server, 'GET', '/api/v1/documents/rules');
      assert.equal(payloadOf(served.text).seq, done.json.seq);
      assert.deepEqual(
        payloadOf(served.text).rules.map((r) => r.id),
        lifted.rules.map((r) => r.id),
      );
      before.verifier.update({ rules: served.text });
      assert.equal(before.verifier.info().rules.seq, done.json.seq);
      assert.equal(before.verifier.verify(code.text).decision, 'admit', 'verifiers apply the published set');

      const history = (await get(s.server, auth.token, '/api/v1/authority/rules')).json;
      assert.equal(history.builtIn, false);
      assert.deepEqual(
        history.ruleSets.map((r) => [r.seq, r.reason, r.publishedBy.name]),
        [[done.json.seq, 'lift yellow restrictions (notice 12)', '周敏']],
      );
      const one = await get(s.server, auth.token, `/api/v1/authority/rules/${done.json.seq}`);
      assert.equal(one.status, 200, show(one));
      assert.deepEqual(
        [one.json.rules, one.json.cases, one.json.reason],
        [lifted, cases, 'lift yellow restrictions (notice 12)'],
      );
      assertError(await get(s.server, auth.token, '/api/v1/authority/rules/1'), 404, 'rules.not_found');
      assertError(await get(s.server, auth.token, '/api/v1/authority/rules/x1'), 404, 'rules.not_found');
      const audit = await auditActions(s.server, auth.token, '&action=rules.publish');
      assert.deepEqual(
        audit.map((a) => [a.target, a.reason]),
        [[`rules:${done.json.seq}`, 'lift yellow restrictions (notice 12)']],
      );
      // The next one gets a higher seq even within the same second.
      const again = await publish({ rules: defaults, cases: defaultCases, reason: 'restore defaults' });
      assert.ok(again.json.seq > done.json.seq);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('a synthetic outbreak', () => {
    const s = useServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });
    const ctx = {};
    // T0: the case's first visit, six hours ago. Market: 30 min of presence; restaurant: 60 min.
    const T0 = now() - 6 * 3600;
    const at = (minutes) => T0 + minutes * MIN;

    before(async () => {
      const srv = s.server;
      ctx.auth = await authority(srv);
      const admins = [await citizen(srv, { name: '王芳' }), await citizen(srv, { name: '陈静' })];
      ctx.market = await createPlace(srv, admins[0], { category: 'market', name: '东风菜市场' });
      ctx.restaurant = await createPlace(srv, admins[1], { category: 'restaurant', name: '老北京饭馆' });
      ctx.inspector = await citizen(srv, { name: '赵强' });
      await bind(srv, ctx.inspector, ctx.market.declarationCode);
      await bind(srv, ctx.inspector, ctx.restaurant.declarationCode);
      for (const [key, name] of [
        ['C', '病例甲'],
        ['P1', '接触乙'],
        ['P2', '路人丙'],
        ['P3', '接触丁'],
        ['P4', '拒入戊'],
        ['S1', '次密己'],
        ['S2', '无关庚'],
      ])
        ctx[key] = await person(srv, name);
      // P1's mother has no phone: P1 printed her a proxy code, scanned at the market.
      ctx.mother = { name: '接触母', idNumber: newIdNumber() };
      const proxy = await post(srv, ctx.P1.token, '/api/v1/me/proxies', ctx.mother);
      assert.equal(proxy.status, 201, show(proxy));
      ctx.mother.code = proxy.json.text;
      ctx.mother.scanCode = backdatedCode(
        srv,
        'proxy',
        sqlQuery(srv, `SELECT subject FROM proxies WHERE id = '${proxy.json.id}'`),
      );
      const found = await post(srv, ctx.auth.token, '/api/v1/authority/lookup', {
        idNumber: ctx.mother.idNumber,
        reason: 'test setup',
      });
      ctx.mother.personId = found.json.people[0].id;
      assert.equal(found.json.people[0].kind, 'proxy');
      ctx.M = { name: '手登记', idNumber: newIdNumber(), phone: newPhone() };
      const { market: A, restaurant: B } = ctx;
      await ingest(srv, ctx.inspector, [
        scan(A, ctx.C, at(0)), //            [0, 30)
        scan(A, ctx.P1, at(10)), //          [10, 40): 20 min with the case
        scan(A, ctx.P2, at(30)), //          [30, 60): touches the case's end, no overlap
        scan(A, ctx.P3, at(-29)), //         [-29, 1): 1 min
        scan(A, ctx.mother, at(-25)), //     [-25, 5): 5 min (her proxy code)
        scan(A, ctx.P4, at(5), { decision: 'deny', status: 'yellow', reasons: ['R-YELLOW'] }), // turned away
        manualRecord(A, at(5), ctx.M), //    [5, 35): 25 min, registered by hand, unknown to the system
        scan(A, ctx.C, at(200)), //          [200, 230)
        scan(A, ctx.P3, at(215)), //         [215, 245): 15 more min -> P3 16 min
        scan(B, ctx.P1, at(120)), //         [120, 180) at the restaurant, after P1's exposure
        scan(B, ctx.S1, at(150)), //         [150, 210): 30 min with P1 -> secondary
        scan(B, ctx.S2, at(60)), //          [60, 120): touches P1's start, no overlap
        scan(B, ctx.P2, at(130)), //         [130, 190): 50 min with P1 -> secondary (not close: only touched C)
        //                                   P2 at the market [30, 60) also overlaps P1 [30, 40) and M [30, 35): 65 min
      ]);
    });

    test('case: window validation, unknown person, 404s', async () => {
      const { auth, C } = ctx;
      const body = { personId: C.personId, windowStart: T0 - 3600, windowEnd: now(), reason: 'positive PCR, lab 3' };
      assertError(
        await post(s.server, auth.token, '/api/v1/authority/cases', { ...body, windowEnd: body.windowStart }),
        400,
        'tracing.window',
      );
      assertError(
        await post(s.server, auth.token, '/api/v1/authority/cases', {
          ...body,
          windowStart: body.windowEnd - 29 * 86400,
        }),
        400,
        'tracing.window',
      );
      assertError(
        await post(s.server, auth.token, '/api/v1/authority/cases', { ...body, windowEnd: now() + 86400 }),
        400,
        'tracing.window',
      );
      assertError(
        await post(s.server, auth.token, '/api/v1/authority/cases', { ...body, reason: undefined }),
        400,
        'audit.reason',
      );
      assertError(
        await post(s.server, auth.token, '/api/v1/authority/cases', { ...body, personId: 'h-nobody' }),
        404,
        'person.not_found',
      );
      assertError(
        await post(s.server, auth.token, '/api/v1/authority/cases/cs-nope/preview', { reason: 'x' }),
        404,
        'case.not_found',
      );
      assertError(await post(s.server, C.token, '/api/v1/authority/cases', body), 403, 'auth.forbidden');
    });

    test('preview: exact contact sets and exposure minutes, nothing changed', async () => {
      const { auth, C, P1, P2, P3, S1 } = ctx;
      const created = await post(s.server, auth.token, '/api/v1/authority/cases', {
        personId: C.personId,
        windowStart: T0 - 3600,
        windowEnd: now(),
        reason: 'positive PCR, lab 3',
        note: 'index case',
      });
      assert.equal(created.status, 201, show(created));
      ctx.caseId = created.json.case.id;
      assert.match(ctx.caseId, /^cs-/);
      assert.equal(created.json.case.state, 'open');
      const { seq } = (await statusList(s.server)).json;
      ctx.seqBefore = seq;

      const preview = await post(s.server, auth.token, `/api/v1/authority/cases/${ctx.caseId}/preview`, {
        reason: 'initial tracing',
      });
      assert.equal(preview.status, 200, show(preview));
      const p = preview.json;
      assert.deepEqual(
        p.visits.map((v) => [v.placeId, v.start, v.end]),
        [
          [ctx.market.id, at(0), at(30)],
          [ctx.market.id, at(200), at(230)],
        ],
      );
      assert.deepEqual(p.subject.proposed, 'red');
      const summary = p.contacts.map((c) => [
        c.personId,
        c.depth,
        c.exposureMinutes,
        c.status,
        c.proposed,
        c.registered,
      ]);
      assert.deepEqual(summary, [
        [null, 1, 25, null, null, false],
        [P1.personId, 1, 20, 'green', 'orange', true],
        [P3.personId, 1, 16, 'green', 'orange', true],
        [ctx.mother.personId, 1, 5, 'green', 'orange', true],
        [P2.personId, 2, 65, 'green', 'yellow', true],
        [S1.personId, 2, 30, 'green', 'yellow', true],
      ]);
      assert.deepEqual(p.counts, { close: 4, secondary: 2 });
      const manual = p.contacts[0];
      assert.equal(manual.name, '手*记');
      assert.equal(manual.phone, `${ctx.M.phone.slice(0, 3)}****${ctx.M.phone.slice(7)}`);
      // P2 only touched the case, but overlapped two close contacts after their exposure: P1 at the market
      // [30, 40) and at the restaurant [130, 180), and the hand-registered visitor at the market [30, 35).
      const p2 = p.contacts[4];
      assert.deepEqual(
        p2.via.map((e) => [e.placeId, e.through, e.start, e.end]).sort(),
        [
          [ctx.market.id, P1.personId, at(30), at(40)],
          [ctx.market.id, null, at(30), at(35)],
          [ctx.restaurant.id, P1.personId, at(130), at(180)],
        ].sort(),
      );
      assert.equal(p.contacts[2].firstExposure, at(0));
      assert.equal(p.contacts[2].lastExposure, at(230));
      // Depth 1 only, and custom statuses.
      const close = await post(s.server, auth.token, `/api/v1/authority/cases/${ctx.caseId}/preview`, {
        reason: 'close only',
        maxDepth: 1,
        statuses: { close: 'red' },
      });
      assert.equal(close.status, 200, show(close));
      assert.deepEqual(
        close.json.contacts.map((c) => [c.depth, c.proposed]),
        [
          [1, null],
          [1, 'red'],
          [1, 'red'],
          [1, 'red'],
        ],
      );
      assertError(
        await post(s.server, auth.token, `/api/v1/authority/cases/${ctx.caseId}/preview`, { reason: 'x', maxDepth: 3 }),
        400,
        'request.invalid',
        'maxDepth',
      );
      assertError(
        await post(s.server, auth.token, `/api/v1/authority/cases/${ctx.caseId}/preview`, {
          reason: 'x',
          statuses: { close: 'blue' },
        }),
        400,
        'request.invalid',
      );
      assertError(
        await post(s.server, auth.token, `/api/v1/authority/cases/${ctx.caseId}/preview`, {}),
        400,
        'audit.reason',
      );
      assert.equal((await statusList(s.server, ctx.seqBefore)).status, 204, 'a preview publishes nothing');
    });

    test('confirm: statuses raised, one q each, a delta that makes checkpoints deny the proxy', async () => {
      const { auth, C, P1, P2, P3, S1, S2, P4 } = ctx;
      const before = await verifierFor(s.server);
      assert.equal(before.verifier.verify(ctx.mother.code).decision, 'admit');
      const confirm = await post(s.server, auth.token, `/api/v1/authority/cases/${ctx.caseId}/confirm`, {
        reason: 'confirmed by lab 3',
      });
      assert.equal(confirm.status, 200, show(confirm));
      const r = confirm.json;
      assert.equal(r.case.state, 'confirmed');
      assert.deepEqual(
        r.changes.map((c) => [c.personId, c.role, c.status, c.previous]),
        [
          [C.personId, 'case', 'red', 'green'],
          [P1.personId, 'close', 'orange', 'green'],
          [P3.personId, 'close', 'orange', 'green'],
          [ctx.mother.personId, 'close', 'orange', 'green'],
          [P2.personId, 'secondary', 'yellow', 'green'],
          [S1.personId, 'secondary', 'yellow', 'green'],
        ],
      );
      assert.deepEqual(
        r.changes.map((c) => c.q),
        [1, 2, 3, 4, 5, 6].map((i) => ctx.seqBefore + i),
        'one status sequence number each',
      );
      assert.deepEqual(
        [r.seq, r.unchanged, r.unregistered, r.excluded, r.riskNotices],
        [ctx.seqBefore + 6, 0, 1, 0, 2],
      );
      assertError(
        await post(s.server, auth.token, `/api/v1/authority/cases/${ctx.caseId}/confirm`, { reason: 'again' }),
        409,
        'case.confirmed',
      );

      // A checkpoint that refreshes gets one delta with the six people, the mother's proxy code included.
      const delta = await statusList(s.server, before.seq);
      assert.equal(delta.status, 200, show(delta));
      assert.equal(delta.json.snapshot, false);
      // Each account holder's pseudonym of the day (and within minutes of midnight the other day's too, whose
      // codes are still valid) and the proxy code's subject; the mother has no dynamic code, so no pseudonym.
      const onDelta = statusListPayload(delta.json.lists[0]);
      const published = [C, P1, P3, P2, S1, ctx.mother].map((p) =>
        entryHash(before.verifier.verify(p.code).credential.sub),
      );
      assert.deepEqual(
        published.filter((h) => !onDelta.find(h)),
        [],
        'every code shown so far is on the delta',
      );
      assert.ok(
        onDelta.entries.length === 6 || onDelta.entries.length === 11,
        `five people (one or two days each) and a proxy: ${onDelta.entries.length}`,
      );
      before.verifier.update({ statusList: delta.json.lists });
      const proxyNow = before.verifier.verify(ctx.mother.code);
      assert.deepEqual([proxyNow.status, proxyNow.decision], ['orange', 'deny']);
      assert.deepEqual(
        [before.verifier.verify(C.code).status, before.verifier.verify(S1.code).status],
        ['red', 'yellow'],
      );
      assert.equal(before.verifier.verify(S2.code).decision, 'admit', 'not a contact');
      assert.equal(before.verifier.verify(P4.code).decision, 'admit', 'turned away at the door: not a contact');
      // The contact's new dynamic code is orange.
      const fresh = (await get(s.server, P1.token, '/api/v1/me/code')).json;
      assert.equal(fresh.status, 'orange');

      // Status history and the case record.
      const record = await get(s.server, auth.token, `/api/v1/authority/people/${P1.personId}?reason=follow-up`);
      assert.deepEqual(record.json.history[0], {
        q: ctx.seqBefore + 2,
        status: 'orange',
        previous: 'green',
        source: 'case',
        caseId: ctx.caseId,
        reason: 'confirmed by lab 3',
        changedAt: record.json.history[0].changedAt,
        actor: { id: auth.account.id, name: '周敏' },
      });
      assert.deepEqual(record.json.cases, [
        {
          caseId: ctx.caseId,
          role: 'close',
          state: 'confirmed',
          windowStart: T0 - 3600,
          windowEnd: record.json.cases[0].windowEnd,
        },
      ]);
      const stored = await get(s.server, auth.token, `/api/v1/authority/cases/${ctx.caseId}?reason=review`);
      assert.equal(stored.status, 200, show(stored));
      assert.deepEqual(
        stored.json.contacts.map((c) => [c.personId, c.depth, c.exposureMinutes, c.assigned]),
        [
          [P1.personId, 1, 20, 'orange'],
          [P3.personId, 1, 16, 'orange'],
          [ctx.mother.personId, 1, 5, 'orange'],
          [P2.personId, 2, 65, 'yellow'],
          [S1.personId, 2, 30, 'yellow'],
        ],
      );
      const list = await get(s.server, auth.token, '/api/v1/authority/cases');
      assert.deepEqual(list.json.cases.find((c) => c.id === ctx.caseId).contacts, { close: 3, secondary: 2 });

      // Audit: one status.set per change, and the case's own rows.
      const rows = await auditActions(s.server, auth.token, `&target=${P1.personId}`);
      assert.deepEqual(
        rows.map((x) => x.action),
        ['person.view', 'status.set'],
      );
      assert.equal(rows[1].detail.caseId, ctx.caseId);
      const caseRows = await auditActions(s.server, auth.token, `&target=${ctx.caseId}`);
      assert.deepEqual(caseRows.map((x) => x.action).reverse(), [
        'case.create',
        'case.preview',
        'case.preview',
        'case.confirm',
        'case.view',
      ]);
    });

    test('risk notices: a signed document of places and windows, nothing about the case', async () => {
      const res = await call(s.server, 'GET', '/api/v1/documents/risk-notices');
      assert.equal(res.status, 200, show(res));
      assert.equal(res.headers.get('content-type'), 'application/jose');
      const [header] = res.text.split('.');
      assert.equal(JSON.parse(Buffer.from(header, 'base64url')).typ, 'gl-risk-notices');
      const payload = payloadOf(res.text);
      const mine = payload.notices.filter((n) => n.place === ctx.market.id);
      assert.deepEqual(mine, [
        { place: ctx.market.id, name: '东风菜市场', from: at(0), to: at(30), dwell: 1800 },
        { place: ctx.market.id, name: '东风菜市场', from: at(200), to: at(230), dwell: 1800 },
      ]);
      for (const secret of [ctx.C.personId, ctx.C.phone, ctx.C.idNumber, '病例'])
        assert.ok(!res.text.includes(secret) && !JSON.stringify(payload).includes(secret));
      const etag = res.headers.get('etag');
      assert.equal(
        (await call(s.server, 'GET', '/api/v1/documents/risk-notices', { headers: { 'if-none-match': etag } })).status,
        304,
      );
    });

    test('exclude: a contact left out keeps its status; tracing never lowers a status', async () => {
      const { auth, P1, P3, C } = ctx;
      // A second case: P3. Its close contacts are the mother ([-25, 1): 26 min; orange, stays orange) and C
      // (16 min; red, stays red); C's secondary contacts are the hand-registered visitor and P1 (orange,
      // would be yellow: stays orange; and excluded here).
      const created = await post(s.server, auth.token, '/api/v1/authority/cases', {
        personId: P3.personId,
        windowStart: T0 - 3600,
        windowEnd: now(),
        reason: 'P3 tested positive',
      });
      const id = created.json.case.id;
      const preview = await post(s.server, auth.token, `/api/v1/authority/cases/${id}/preview`, {
        reason: 'P3 tracing',
      });
      assert.deepEqual(
        preview.json.contacts.map((c) => [c.personId, c.depth, c.exposureMinutes, c.status, c.proposed]),
        [
          [ctx.mother.personId, 1, 26, 'orange', 'orange'],
          [C.personId, 1, 16, 'red', 'red'],
          [null, 2, 25, null, null],
          [P1.personId, 2, 20, 'orange', 'orange'],
        ],
      );
      const confirm = await post(s.server, auth.token, `/api/v1/authority/cases/${id}/confirm`, {
        reason: 'lab 4',
        exclude: [P1.personId],
      });
      assert.equal(confirm.status, 200, show(confirm));
      assert.deepEqual(
        confirm.json.changes.map((c) => [c.personId, c.status, c.previous]),
        [[P3.personId, 'red', 'orange']],
      );
      assert.deepEqual([confirm.json.unchanged, confirm.json.excluded, confirm.json.unregistered], [2, 1, 1]);
      assert.equal((await get(s.server, C.token, '/api/v1/me')).json.person.status, 'red');
      assert.equal((await get(s.server, P1.token, '/api/v1/me')).json.person.status, 'orange');
    });

    test('privacy: after tracing, the database holds no name, phone or ID number in clear', async () => {
      // Everything the database holds: SQLite's files (with the WAL), or a full pg_dump.
      const blob =
        backend.name === 'sqlite'
          ? Buffer.concat(
              readdirSync(s.server.dataDir)
                .filter((f) => f.startsWith('api.db'))
                .map((f) => readFileSync(join(s.server.dataDir, f))),
            )
          : execFileSync('pg_dump', ['--no-owner', s.server.dbArgs[1]], { maxBuffer: 256 << 20 });
      assert.ok(blob.length > 10000, 'read the database');
      assert.ok(blob.includes(Buffer.from('东风菜市场')), 'the search works: place names are stored in clear');
      const people = ['C', 'P1', 'P2', 'P3', 'P4', 'S1', 'S2'].map((k) => ctx[k]);
      for (const p of [...people, ctx.M, { name: ctx.mother.name, idNumber: ctx.mother.idNumber, phone: ctx.P1.phone }])
        for (const secret of [p.phone, p.idNumber, p.name])
          assert.ok(!blob.includes(Buffer.from(secret)), `${secret} is not in the database in clear`);
    });
  });

  // -------------------------------------------------------------------------------------------------------
  describe('retention and the return to green', () => {
    test('a restart with --retention-days 2 --green-after-days 2 purges old check-ins and greens old contacts', async () => {
      let server = await startServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });
      try {
        const auth = await authority(server);
        const admin = await citizen(server, { name: '王芳' });
        const place = await createPlace(server, admin, { category: 'market' });
        const inspector = await citizen(server, { name: '赵强' });
        await bind(server, inspector, place.declarationCode);
        const C = await person(server, '病例');
        const X = await person(server, '旧接触');
        const Y = await person(server, '新访客');
        const old = now() - 3 * 86400;
        await ingest(server, inspector, [scan(place, C, old), scan(place, X, old + 60), scan(place, Y, now() - 3600)]);
        const created = await post(server, auth.token, '/api/v1/authority/cases', {
          personId: C.personId,
          windowStart: old - 3600,
          windowEnd: old + 3600,
          reason: 'late report',
        });
        const confirm = await post(server, auth.token, `/api/v1/authority/cases/${created.json.case.id}/confirm`, {
          reason: 'late report',
        });
        assert.deepEqual(
          confirm.json.changes.map((c) => [c.personId, c.status]),
          [
            [C.personId, 'red'],
            [X.personId, 'orange'],
          ],
        );
        // Maintenance with the defaults (28 days, 14 days) changes nothing.
        const idle = await post(server, auth.token, '/api/v1/authority/maintenance', { reason: 'check' });
        assert.equal(idle.status, 200, show(idle));
        assert.deepEqual([idle.json.purged.checkins, idle.json.green], [0, []]);
        assertError(await post(server, auth.token, '/api/v1/authority/maintenance', {}), 400, 'audit.reason');

        await server.stop({ keep: true });
        server = await startServer(backend, {
          reuse: server,
          args: ['--retention-days', '2', '--green-after-days', '2', '--rate-limit-address', '100000'],
        });
        const auth2 = await authority(server);
        // The run at start (its own thread: waited for): the two old check-ins went, the recent one stayed; X is
        // green again, C stays red.
        let purge;
        for (let i = 0; i < 100; i++) {
          purge = (await auditActions(server, auth2.token, '&action=retention.purge'))[0];
          if (purge?.reason === 'retention: 2 days') break;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(purge.actor, null);
        assert.equal(purge.detail.checkins, 2);
        assert.equal(purge.reason, 'retention: 2 days');
        assert.deepEqual((await get(server, X.token, '/api/v1/me/checkins')).json.checkins, []);
        assert.equal((await get(server, Y.token, '/api/v1/me/checkins')).json.checkins.length, 1);
        assert.equal((await get(server, X.token, '/api/v1/me')).json.person.status, 'green');
        assert.equal((await get(server, C.token, '/api/v1/me')).json.person.status, 'red');
        const green = await auditActions(server, auth2.token, `&action=status.auto_green`);
        assert.deepEqual(
          green.map((g) => [g.target, g.actor, g.reason]),
          [[X.personId, null, '2 days without a new exposure']],
        );
        const history = (await get(server, auth2.token, `/api/v1/authority/people/${X.personId}?reason=audit`)).json
          .history;
        assert.deepEqual(
          history.map((h) => h.source),
          ['auto-green', 'case'],
        );
        // Audit rows are never purged; the case's contact record stays.
        assert.ok((await auditActions(server, auth2.token, '&action=case.confirm')).length === 1);
        const again = await post(server, auth2.token, '/api/v1/authority/maintenance', { reason: 'again' });
        assert.deepEqual([again.json.purged.checkins, again.json.green], [0, []]);
      } finally {
        await server.stop();
      }
    });
  });
});
