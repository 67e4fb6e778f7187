// What a server under test signs, read as a verifier reads it: the npm verifier loaded with the server's
// documents, a place code's fragment, and which key signed a code.
import assert from 'node:assert/strict';

import { createVerifier } from '../../js/index.js';
import { call, show } from './http.mjs';

export async function statusList(server, since) {
  const res = await call(server, 'GET', `/api/v1/documents/status-list${since === undefined ? '' : `?since=${since}`}`);
  return res;
}

// The npm verifier loaded with the server's roots, trust list, rules and current status snapshot.
export async function verifierFor(server) {
  const { roots } = (await call(server, 'GET', '/api/v1/documents/roots')).json;
  const trustList = (await call(server, 'GET', '/api/v1/documents/trust-list')).text;
  const rules = (await call(server, 'GET', '/api/v1/documents/rules')).text;
  const snapshot = await statusList(server);
  assert.equal(snapshot.status, 200, show(snapshot));
  assert.equal(snapshot.json.snapshot, true);
  const verifier = await createVerifier({ roots, trustList, rules, statusLists: snapshot.json.lists });
  return { verifier, seq: snapshot.json.seq };
}

export function fragmentOf(url) {
  const hash = new URL(url).hash;
  assert.ok(hash.startsWith('#GL1:'), `a GL1 fragment in ${url}`);
  return decodeURIComponent(hash.slice(1));
}

// RFC 9285 base45, enough to read a code's COSE bytes.
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function base45Decode(text) {
  const out = [];
  for (let i = 0; i < text.length; i += 3) {
    const [c, d, e] = [...text.slice(i, i + 3)].map((ch) => B45.indexOf(ch));
    const n = c + d * 45 + (e === undefined ? 0 : e * 45 * 45);
    if (e === undefined) out.push(n);
    else out.push(n >> 8, n & 0xff);
  }
  return Buffer.from(out);
}

// Which of `kids` (trust-list kids: base64url of 8 bytes) signed a code (GL1 text or a place code's URL):
// the one in its protected header, near the start of the COSE bytes.
export function signedBy(codeText, kids) {
  const text = codeText.startsWith('GL1:') ? codeText : fragmentOf(codeText);
  const cose = base45Decode(text.slice(4));
  const found = kids.filter((kid) => cose.subarray(0, 40).includes(Buffer.from(kid, 'base64url')));
  assert.equal(found.length, 1, `one of ${kids.join(', ')} signed ${text.slice(0, 30)}…`);
  return found[0];
}
