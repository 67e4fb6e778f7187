// People, places and sessions on a server under test: distinct phone and ID numbers, SMS sign-in (the
// outbox in the data dir), citizens with real-name details, places, the demo authority.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { call, show } from './http.mjs';

let phoneSeq = 0;
// Distinct phone numbers, never the demo's 138000000xx.
export function newPhone() {
  phoneSeq += 1;
  return `139${String(phoneSeq).padStart(8, '0')}`;
}

export function idNumberFrom(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return first17 + '10X98765432'[sum % 11];
}

let idSeq = 0;
// Distinct valid GB 11643 numbers.
export function newIdNumber() {
  idSeq += 1;
  const birth = new Date(Date.UTC(1990, 0, 1) + Math.floor(idSeq / 900) * 86400000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  return idNumberFrom(`110105${birth}${String(100 + (idSeq % 900)).padStart(3, '0')}`);
}

export function withBadCheck(id) {
  const c = id[17] === '1' ? '2' : '1';
  return id.slice(0, 17) + c;
}

export const maskPhone = (p) => `${p.slice(0, 3)}****${p.slice(7)}`;
export const maskId = (id) => `${id.slice(0, 4)}**********${id.slice(14)}`;

export function otpFromOutbox(server, phone) {
  const file = join(server.dataDir, 'sms-outbox.jsonl');
  assert.ok(existsSync(file), 'the SMS outbox exists');
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const mine = lines.filter((l) => l.phone === phone);
  assert.ok(mine.length > 0, `an SMS to ${phone}`);
  const last = mine[mine.length - 1];
  assert.deepEqual(Object.keys(last).sort(), ['at', 'phone', 'text']);
  const m = last.text.match(/\b(\d{6})\b/);
  assert.ok(m, `a 6-digit code in ${last.text}`);
  return m[1];
}

export async function requestOtp(server, phone) {
  const res = await call(server, 'POST', '/api/v1/auth/otp', { body: { phone } });
  assert.equal(res.status, 202, show(res));
  return otpFromOutbox(server, phone);
}

// Signs a phone in; returns { token, phone, me, ... }.
export async function signIn(server, phone = newPhone()) {
  const code = await requestOtp(server, phone);
  const res = await call(server, 'POST', '/api/v1/auth/sessions', { body: { phone, code } });
  assert.equal(res.status, 201, show(res));
  return { token: res.json.token, phone, me: res.json.me };
}

export const noSymptoms = {
  symptoms: [],
  fever: false,
  contactWithCase: false,
  travel: { highRiskArea: false, regions: [] },
};

// A signed-in citizen with real-name details and (unless declare is false) a declaration.
export async function citizen(server, { name = '张三', declaration = noSymptoms, phone } = {}) {
  const user = await signIn(server, phone);
  user.name = name;
  user.idNumber = newIdNumber();
  const id = await call(server, 'PUT', '/api/v1/me/identity', {
    token: user.token,
    body: { name, idNumber: user.idNumber },
  });
  assert.equal(id.status, 200, show(id));
  user.personId = id.json.person.id;
  if (declaration) {
    const d = await call(server, 'POST', '/api/v1/me/declarations', { token: user.token, body: declaration });
    assert.equal(d.status, 201, show(d));
  }
  return user;
}

let placeSeq = 0;
export function placeBody(extra = {}) {
  placeSeq += 1;
  return {
    region: '110105',
    address: `朝阳路 ${placeSeq} 号`,
    category: 'market',
    name: `菜市场 ${placeSeq}`,
    ...extra,
  };
}

export async function createPlace(server, user, extra) {
  const res = await call(server, 'POST', '/api/v1/places', { token: user.token, body: placeBody(extra) });
  assert.equal(res.status, 201, show(res));
  return res.json;
}

export async function bind(server, user, declarationCode) {
  const res = await call(server, 'POST', '/api/v1/inspector/places', { token: user.token, body: { declarationCode } });
  assert.equal(res.status, 200, show(res));
  return res.json;
}

// The demo's health authority (docs/api.md: `--demo` makes demo-authority), signed in by password.
export const demoAuthority = { username: 'demo-authority', password: 'greenlight-demo' };
export async function authority(server) {
  const res = await call(server, 'POST', '/api/v1/auth/authority-sessions', { body: demoAuthority });
  assert.equal(res.status, 201, show(res));
  return {
    token: res.json.token,
    account: res.json.account,
    idNumber: idNumberFrom('11010519800505002'),
    name: '周敏',
  };
}

// A check-in registered by hand at `place` a minute ago (no code to verify: the fastest record to ingest);
// `extra` overrides fields (checkpoint, time, temperatureClass, ...).
export const manualCheckin = (place, extra = {}) => ({
  clientId: randomBytes(8).toString('hex'),
  placeId: place.id,
  time: Math.floor(Date.now() / 1000) - 60,
  method: 'manual',
  decision: null,
  status: null,
  reasons: [],
  temperatureClass: 'normal',
  manual: { name: '吴刚', idNumber: newIdNumber() },
  ...extra,
});

// A place with its admin and one inspector bound to it (the set-up of every ingest test).
export async function placeWithInspector(server) {
  const admin = await citizen(server, { name: '王芳' });
  const place = await createPlace(server, admin);
  const inspector = await signIn(server);
  await bind(server, inspector, place.declarationCode);
  return { admin, place, inspector };
}
