// Identities only their owners can claim, statuses only authorities can lower, presences that say how they
// were recorded (docs/security.md, findings 1-4): the attacks of the security review, each refused.
// Run by CTest (test `server-identity`) with GREENLIGHT_SERVER pointing at the built binary; SQLite and, when
// GREENLIGHT_TEST_POSTGRES_URL is set, PostgreSQL.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { verifierFor } from '../support/codes.mjs';
import { assertError, call, show } from '../support/http.mjs';
import { authority, citizen, createPlace, newIdNumber, newPhone, noSymptoms, signIn } from '../support/people.mjs';
import { backends, useServer } from '../support/server.mjs';

const now = () => Math.floor(Date.now() / 1000);
const allFalse = noSymptoms;
const fever = { ...noSymptoms, symptoms: ['fever'], fever: true };

async function post(server, token, path, body) {
  return call(server, 'POST', path, { token, body });
}
async function put(server, token, path, body) {
  return call(server, 'PUT', path, { token, body });
}

// A citizen's proxy card for a relative; returns the proxy (with text) and the claim code printed on its card.
async function proxyFor(server, creator, body) {
  const res = await post(server, creator.token, '/api/v1/me/proxies', body);
  assert.equal(res.status, 201, show(res));
  const card = await call(server, 'GET', `/api/v1/me/proxies/${res.json.id}/card?locale=en`, { token: creator.token });
  assert.equal(card.status, 200, show(card));
  const printed = card.text.match(/Claim code[^<]*<small>[^<]*<\/small><\/dt><dd>([^<]+)<\/dd>/);
  return { ...res.json, claimCode: printed ? printed[1] : null };
}

async function setStatus(server, auth, body) {
  return post(server, auth.token, '/api/v1/authority/status', { reason: 'security test', ...body });
}

async function personRecord(server, auth, personId) {
  const res = await call(server, 'GET', `/api/v1/authority/people/${personId}?reason=security%20test`, {
    token: auth.token,
  });
  assert.equal(res.status, 200, show(res));
  return res.json;
}

for (const backend of backends) {
  describe(`identity and status integrity (${backend.name})`, { skip: backend.skip }, () => {
    const s = useServer(backend, { demo: true, args: ['--rate-limit-address', '100000'] });

    test('finding 1: a typed ID number does not take over the person behind a proxy card; the claim code does', async () => {
      const family = await citizen(s.server, { name: '刘洋' });
      const grandma = { name: '刘秀兰', idNumber: newIdNumber() };
      const card = await proxyFor(s.server, family, grandma);
      assert.match(
        card.claimCode,
        /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/,
        'a claim code printed on the card',
      );

      // The attacker knows her name and ID number: not enough.
      const attacker = await signIn(s.server);
      assertError(await put(s.server, attacker.token, '/api/v1/me/identity', grandma), 409, 'person.claim_required');
      const wrongCode = await put(s.server, attacker.token, '/api/v1/me/identity', {
        ...grandma,
        claimCode: 'AAAA-BBBB-CCCC',
      });
      assertError(wrongCode, 409, 'person.claim_invalid');
      // A wrong name with the right code answers the same: neither is confirmed.
      const wrongName = await put(s.server, attacker.token, '/api/v1/me/identity', {
        ...grandma,
        name: '刘秀英',
        claimCode: card.claimCode,
      });
      assertError(wrongName, 409, 'person.claim_invalid');
      assert.equal(wrongName.json.error.message, wrongCode.json.error.message);
      const me = (await call(s.server, 'GET', '/api/v1/me', { token: attacker.token })).json;
      assert.equal(me.person, null, 'the attacker holds no identity');
      const list = (await call(s.server, 'GET', '/api/v1/me/proxies', { token: family.token })).json.proxies;
      assert.equal(list[0].phone, null, "the creator's list shows no attacker's phone");

      // The holder, given the card: the claim code (any case, spaces) opens her record.
      const holder = await signIn(s.server);
      const claimed = await put(s.server, holder.token, '/api/v1/me/identity', {
        ...grandma,
        claimCode: card.claimCode.toLowerCase().replaceAll('-', ' '),
      });
      assert.equal(claimed.status, 200, show(claimed));
      const auth = await authority(s.server);
      const found = (
        await post(s.server, auth.token, '/api/v1/authority/lookup', {
          idNumber: grandma.idNumber,
          reason: 'security test',
        })
      ).json;
      assert.equal(found.people.length, 1, 'one person per ID number');
      assert.equal(found.people[0].kind, 'account');
      assert.equal(found.people[0].id, claimed.json.person.id);
      // Used once: the card no longer prints it, and it opens nothing else.
      const reprinted = await call(s.server, 'GET', `/api/v1/me/proxies/${card.id}/card`, { token: family.token });
      assert.ok(!reprinted.text.includes(card.claimCode));
    });

    test('finding 1: a squatter gains no history, blocks no one for good, and takes no status action', async () => {
      const victim = { name: '陈明', idNumber: newIdNumber(), phone: newPhone() };
      const squatter = await signIn(s.server);
      const squat = await put(s.server, squatter.token, '/api/v1/me/identity', {
        name: victim.name,
        idNumber: victim.idNumber,
      });
      assert.equal(squat.status, 200, show(squat));
      const squatterPerson = squat.json.person.id;

      // The victim, registered by hand at a market (name and ID number right): not in the squatter's history.
      const admin = await citizen(s.server, { name: '市场管理员' });
      const place = await createPlace(s.server, admin);
      const manual = {
        clientId: `m-${now()}-squat`,
        placeId: place.id,
        time: now() - 60,
        method: 'manual',
        manual: { name: victim.name, idNumber: victim.idNumber },
      };
      const ingested = await post(s.server, admin.token, '/api/v1/checkins', { records: [manual] });
      assert.deepEqual(ingested.json.accepted, [manual.clientId], show(ingested));
      const history = (await call(s.server, 'GET', '/api/v1/me/checkins', { token: squatter.token })).json.checkins;
      assert.deepEqual(history, [], "a hand registration under the squatted number is not the squatter's history");

      // A family's proxy for the victim is refused, the same answer whatever the name.
      const family = await citizen(s.server, { name: '陈家' });
      const right = await post(s.server, family.token, '/api/v1/me/proxies', {
        name: victim.name,
        idNumber: victim.idNumber,
      });
      const wrong = await post(s.server, family.token, '/api/v1/me/proxies', {
        name: '陈亮',
        idNumber: victim.idNumber,
      });
      assertError(right, 409, 'proxy.person_exists');
      assertError(wrong, 409, 'proxy.person_exists');
      assert.equal(right.json.error.message, wrong.json.error.message, 'no answer confirms a name');

      // The real holder, at a service counter with the ID card: the number is hers, the squatter moved aside.
      const real = await signIn(s.server, victim.phone);
      assertError(
        await put(s.server, real.token, '/api/v1/me/identity', { name: victim.name, idNumber: victim.idNumber }),
        409,
        'person.identity_exists',
      );
      const auth = await authority(s.server);
      const verify = (body) =>
        post(s.server, auth.token, '/api/v1/authority/identity-verifications', {
          reason: 'ID card seen at counter 3',
          ...body,
        });
      assertError(
        await verify({ phone: newPhone(), name: victim.name, idNumber: victim.idNumber }),
        404,
        'account.not_found',
      );
      assertError(
        await verify({ phone: victim.phone, name: victim.name, idNumber: victim.idNumber, reason: undefined }),
        400,
        'audit.reason',
      );
      assertError(
        await post(s.server, real.token, '/api/v1/authority/identity-verifications', {
          phone: victim.phone,
          name: victim.name,
          idNumber: victim.idNumber,
          reason: 'me',
        }),
        403,
        'auth.forbidden',
      );
      const verified = await verify({ phone: victim.phone, name: victim.name, idNumber: victim.idNumber });
      assert.equal(verified.status, 200, show(verified));
      assert.deepEqual(verified.json.superseded, [squatterPerson]);
      assert.equal(verified.json.person.assurance, 'verified');
      const realMe = (await call(s.server, 'GET', '/api/v1/me', { token: real.token })).json;
      assert.equal(realMe.person.id, verified.json.person.id);

      // An authority acting by the ID number now reaches the holder, never the squatter.
      const red = await setStatus(s.server, auth, { idNumber: victim.idNumber, status: 'red' });
      assert.equal(red.status, 200, show(red));
      assert.equal(red.json.person.id, verified.json.person.id);
      const squatterRecord = await personRecord(s.server, auth, squatterPerson);
      assert.equal(squatterRecord.person.status, 'green');
      // The audit log says who verified whom.
      const audit = (
        await call(s.server, 'GET', '/api/v1/authority/audit?action=identity.verify', { token: auth.token })
      ).json.entries;
      assert.equal(audit[0].target, verified.json.person.id);
      assert.deepEqual(audit[0].detail.superseded, [squatterPerson]);
    });

    test('finding 1: an authority action matching more than one person refuses and names them', async () => {
      const family = await citizen(s.server, { name: '黄家' });
      const phone = newPhone();
      const grandpa = await proxyFor(s.server, family, { name: '黄建国', idNumber: newIdNumber(), phone });
      const grandma = await proxyFor(s.server, family, { name: '黄淑芬', idNumber: newIdNumber(), phone });
      const auth = await authority(s.server);
      const res = await setStatus(s.server, auth, { phone, status: 'red' });
      assert.equal(res.status, 409, show(res));
      assert.equal(res.json.error.code, 'person.ambiguous');
      const candidates = res.json.error.details.candidates;
      assert.equal(candidates.length, 2);
      assert.deepEqual(candidates.map((c) => c.name).sort(), ['黄*国', '黄*芬'].sort());
      for (const c of candidates) assert.ok(res.json.error.message.includes(c.id), 'the message names each candidate');
      // Nothing changed; acting by person id is exact.
      const list = (await call(s.server, 'GET', '/api/v1/me/proxies', { token: family.token })).json.proxies;
      assert.deepEqual(
        list.map((p) => p.status),
        ['green', 'green'],
      );
      const byId = await setStatus(s.server, auth, { personId: candidates[0].id, status: 'red' });
      assert.equal(byId.status, 200, show(byId));
      assertError(
        await setStatus(s.server, auth, { personId: candidates[0].id, phone, status: 'red' }),
        400,
        'request.invalid',
      );
      assertError(await setStatus(s.server, auth, { personId: 'h-nobody', status: 'red' }), 404, 'person.not_found');
      assert.ok(grandpa.id && grandma.id);
    });

    test("finding 2: a declaration never lowers a status an authority set, nor a claimed card-holder's", async () => {
      const auth = await authority(s.server);
      const user = await citizen(s.server, { name: '吴静', declaration: false });
      assert.equal((await setStatus(s.server, auth, { idNumber: user.idNumber, status: 'red' })).status, 200);
      const declared = await post(s.server, user.token, '/api/v1/me/declarations', allFalse);
      assert.equal(declared.status, 201, show(declared));
      assert.equal(declared.json.status, 'red', 'an all-false first declaration keeps red');
      const code = (await call(s.server, 'GET', '/api/v1/me/code', { token: user.token })).json;
      assert.equal(code.status, 'red');
      const record = await personRecord(s.server, auth, user.personId);
      assert.ok(!record.history.some((h) => h.source === 'declaration'), 'no declaration in the status history');
      // A declaration still raises.
      const other = await citizen(s.server, { name: '吴刚' });
      assert.equal((await post(s.server, other.token, '/api/v1/me/declarations', fever)).json.status !== 'green', true);

      // A proxy-only person set red, claimed with the card, declaring all false: still red, card denied.
      const family = await citizen(s.server, { name: '孙家' });
      const elder = { name: '孙玉兰', idNumber: newIdNumber() };
      const card = await proxyFor(s.server, family, elder);
      assert.equal((await setStatus(s.server, auth, { idNumber: elder.idNumber, status: 'red' })).status, 200);
      const holder = await signIn(s.server);
      assert.equal(
        (await put(s.server, holder.token, '/api/v1/me/identity', { ...elder, claimCode: card.claimCode })).status,
        200,
      );
      assert.equal((await post(s.server, holder.token, '/api/v1/me/declarations', allFalse)).json.status, 'red');
      const { verifier } = await verifierFor(s.server);
      const result = verifier.verify(card.text);
      assert.equal(result.status, 'red');
      assert.equal(result.decision, 'deny');
    });

    test('finding 3: proxies only for people without an account, no status oracle, creation limited and audited', async () => {
      const owner = await citizen(s.server, { name: '郑伟' });
      const stranger = await citizen(s.server, { name: '冯强' });
      const asOwner = await post(s.server, stranger.token, '/api/v1/me/proxies', {
        name: owner.name,
        idNumber: owner.idNumber,
      });
      const asOther = await post(s.server, stranger.token, '/api/v1/me/proxies', {
        name: '郑卫',
        idNumber: owner.idNumber,
      });
      assertError(asOwner, 409, 'proxy.person_exists');
      assertError(asOther, 409, 'proxy.person_exists');
      assert.equal(asOwner.json.error.message, asOther.json.error.message);

      // The list shows the status the card was printed with, not the person's current status.
      const card = await proxyFor(s.server, stranger, { name: '冯老太', idNumber: newIdNumber() });
      const auth = await authority(s.server);
      const found = await personRecordOf(s.server, auth, card);
      assert.equal((await setStatus(s.server, auth, { personId: found, status: 'red' })).status, 200);
      const listed = (await call(s.server, 'GET', '/api/v1/me/proxies', { token: stranger.token })).json.proxies.find(
        (p) => p.id === card.id,
      );
      assert.equal(listed.status, 'green', "the card was printed green; the red status is not the creator's to follow");

      // Audited; rate limited per creator (20 a day), whatever the live count.
      const audit = (await call(s.server, 'GET', '/api/v1/authority/audit?action=proxy.create', { token: auth.token }))
        .json.entries;
      assert.ok(
        audit.some((e) => e.target === found && e.detail.proxyId === card.id),
        'proxy.create audited',
      );
      const spammer = await citizen(s.server, { name: '钱多' });
      let limited;
      for (let i = 0; i < 21 && !limited; i++) {
        const res = await post(s.server, spammer.token, '/api/v1/me/proxies', {
          name: '钱少',
          idNumber: newIdNumber(),
        });
        if (res.status === 201)
          await call(s.server, 'DELETE', `/api/v1/me/proxies/${res.json.id}`, { token: spammer.token });
        else limited = { res, i };
      }
      assert.ok(limited, '21 creations in a day are refused');
      assert.equal(limited.i, 20);
      assertError(limited.res, 429, 'auth.rate_limited');
    });

    test('finding 4: scans that do not verify at their time tie to nobody; hand entries link only with the name', async () => {
      const auth = await authority(s.server);
      const victim = await citizen(s.server, { name: '杨帆' });
      const code = (await call(s.server, 'GET', '/api/v1/me/code', { token: victim.token })).json.text;
      const forger = await citizen(s.server, { name: '何伪' });
      const place = await createPlace(s.server, forger);
      const t = now();
      const records = [
        // Verified five days before the code existed: time.not_yet_valid. Kept, tied to nobody.
        {
          clientId: `f-${t}-early`,
          placeId: place.id,
          time: t - 5 * 86400,
          method: 'inspector-scan',
          code,
          decision: 'admit',
        },
        // A hand entry with the victim's ID number and another name: not the victim.
        {
          clientId: `f-${t}-name`,
          placeId: place.id,
          time: t - 120,
          method: 'manual',
          manual: { name: '杨凡', idNumber: victim.idNumber },
        },
        // The same with the right name, and a scan at a time the code was valid: both the victim's.
        {
          clientId: `f-${t}-hand`,
          placeId: place.id,
          time: t - 60,
          method: 'manual',
          manual: { name: victim.name, idNumber: victim.idNumber },
        },
        { clientId: `f-${t}-scan`, placeId: place.id, time: t, method: 'inspector-scan', code, decision: 'admit' },
      ];
      const res = await post(s.server, forger.token, '/api/v1/checkins', { records });
      assert.equal(res.status, 200, show(res));
      assert.equal(res.json.accepted.length, 4, show(res));
      const record = await personRecord(s.server, auth, victim.personId);
      const mine = Object.fromEntries(record.checkins.map((c) => [c.id, c.provenance]));
      assert.deepEqual(mine, { [`f-${t}-hand`]: 'hand-registration', [`f-${t}-scan`]: 'verified-scan' });

      // The victim's own history shows the scan of her code, not what others typed in her name.
      const history = (await call(s.server, 'GET', '/api/v1/me/checkins', { token: victim.token })).json.checkins.map(
        (c) => c.clientId,
      );
      assert.deepEqual(history, [`f-${t}-scan`]);
    });

    test("finding 4: the case preview shows each presence's provenance and can leave weak ones out", async () => {
      const auth = await authority(s.server);
      const admin = await citizen(s.server, { name: '场所主' });
      const place = await createPlace(s.server, admin);
      const patient = await citizen(s.server, { name: '病例甲' });
      const scanned = await citizen(s.server, { name: '密接乙' });
      const typed = await citizen(s.server, { name: '密接丙' });
      const t = now() - 600;
      const scannedCode = (await call(s.server, 'GET', '/api/v1/me/code', { token: scanned.token })).json.text;
      const patientCode = (await call(s.server, 'GET', '/api/v1/me/code', { token: patient.token })).json.text;
      const ingest = await post(s.server, admin.token, '/api/v1/checkins', {
        records: [
          {
            clientId: `p-${t}-case`,
            placeId: place.id,
            time: now() - 30,
            method: 'inspector-scan',
            code: patientCode,
            decision: 'admit',
          },
          {
            clientId: `p-${t}-scan`,
            placeId: place.id,
            time: now() - 20,
            method: 'inspector-scan',
            code: scannedCode,
            decision: 'admit',
          },
          {
            clientId: `p-${t}-hand`,
            placeId: place.id,
            time: now() - 10,
            method: 'manual',
            manual: { name: typed.name, idNumber: typed.idNumber },
          },
        ],
      });
      assert.equal(ingest.json.accepted.length, 3, show(ingest));
      const created = await post(s.server, auth.token, '/api/v1/authority/cases', {
        personId: patient.personId,
        windowStart: now() - 3600,
        windowEnd: now(),
        reason: 'security test',
      });
      assert.equal(created.status, 201, show(created));
      const preview = (body) =>
        post(s.server, auth.token, `/api/v1/authority/cases/${created.json.case.id}/preview`, {
          reason: 'security test',
          maxDepth: 1,
          ...body,
        });
      const all = (await preview({})).json;
      const provenanceOf = Object.fromEntries(all.contacts.map((c) => [c.personId, c.via.map((v) => v.provenance)]));
      assert.deepEqual(provenanceOf, {
        [scanned.personId]: ['verified-scan'],
        [typed.personId]: ['hand-registration'],
      });
      assert.deepEqual(
        all.visits.map((v) => v.provenance),
        ['verified-scan'],
      );
      const strong = (await preview({ excludeProvenance: ['hand-registration', 'companion'] })).json;
      assert.deepEqual(
        strong.contacts.map((c) => c.personId),
        [scanned.personId],
      );
      assertError(await preview({ excludeProvenance: ["x') OR 1=1 --"] }), 400, 'request.invalid');
    });
  });
}

// The person id behind a proxy card: the creator's list does not carry it; the audit log of proxy.create does.
async function personRecordOf(server, auth, card) {
  const { verifier } = await verifierFor(server);
  assert.equal(verifier.verify(card.text).valid, true);
  const audit = (await call(server, 'GET', '/api/v1/authority/audit?action=proxy.create', { token: auth.token })).json
    .entries;
  const entry = audit.find((e) => e.detail.proxyId === card.id);
  assert.ok(entry, `proxy.create audited for ${card.id}`);
  return entry.target;
}
