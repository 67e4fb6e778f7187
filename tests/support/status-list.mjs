// Reads status-list JWS payloads in tests, in either entry form, with a reader of the packed form written
// from docs/format.md alone ("Packed status entries"), so the tests check the engine against the document.
import { createHash } from 'node:crypto';

const STATUSES = ['green', 'yellow', 'orange', 'red', 'revoked'];

function bitReader(bytes) {
  let pos = 0;
  const total = bytes.length * 8;
  const bit = () => {
    if (pos >= total) throw new Error('packed entries: truncated');
    const b = (bytes[pos >> 3] >> (7 - (pos & 7))) & 1;
    pos += 1;
    return b;
  };
  return {
    get(width) {
      let v = 0n;
      for (let i = 0; i < width; i++) v = (v << 1n) | BigInt(bit());
      return v;
    },
    unary() {
      let n = 0n;
      while (bit()) n += 1n;
      return n;
    },
    varint() {
      let v = 0n;
      for (let shift = 0n; ; shift += 7n) {
        const byte = this.get(8);
        v |= (byte & 0x7fn) << shift;
        if (!(byte & 0x80n)) return v;
      }
    },
    rest: () => total - pos,
  };
}

/** The packed bytes as { bits, entries: [{ key: BigInt, s, q: BigInt }] }. */
export function unpackStatusEntries(bytes) {
  const r = bitReader(bytes);
  const [version, bits, k, present, qWidth] = [0, 1, 2, 3, 4].map(() => Number(r.get(8)));
  if (version !== 1) throw new Error(`packed entries: version ${version}`);
  const count = Number(r.varint());
  const qTop = r.varint();
  const order = STATUSES.filter((_, i) => present & (1 << i));
  const sWidth = order.length > 1 ? (order.length - 1).toString(2).length : 0;
  const entries = [];
  let key = -1n;
  for (let i = 0; i < count; i++) {
    const gap = (r.unary() << BigInt(k)) | r.get(k);
    key = key + 1n + gap;
    const s = order[Number(r.get(sWidth))];
    const q = qTop - r.get(qWidth);
    entries.push({ key, s, q });
  }
  if (r.rest() >= 8) throw new Error('packed entries: bytes after the last entry');
  return { bits, entries };
}

/** SHA-256("gl-status:" + sub), first 16 bytes, base64url: the JSON form's h. */
export const entryHash = (sub) =>
  createHash('sha256').update(`gl-status:${sub}`).digest().subarray(0, 16).toString('base64url');

const prefixOf = (h, bits) =>
  BigInt('0x' + Buffer.from(h, 'base64url').subarray(0, 8).toString('hex')) >> BigInt(64 - bits);

/**
 * A status-list JWS's payload, entries as [{ h, s, q }] in either form: a packed list's h is the hash prefix
 * (ceil(bits/8) bytes, base64url) as `greenlight status-list inspect` shows it. `find(h16)` looks an entry up
 * by the 16-byte hash as a verifier does; `encoding` is 'packed' or 'json'.
 */
export function statusListPayload(jws) {
  const payload = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
  if (typeof payload.entries !== 'string') {
    const byHash = new Map(payload.entries.map((e) => [e.h, e]));
    return { ...payload, encoding: 'json', find: (h) => byHash.get(h) };
  }
  const { bits, entries } = unpackStatusEntries(Buffer.from(payload.entries, 'base64url'));
  const bytes = Math.ceil(bits / 8);
  const shown = entries.map((e) => {
    const aligned = e.key << BigInt(64 - bits);
    const h = Buffer.from(aligned.toString(16).padStart(16, '0'), 'hex').subarray(0, bytes).toString('base64url');
    return { h, s: e.s, q: Number(e.q) };
  });
  const byKey = new Map(entries.map((e, i) => [e.key, shown[i]]));
  return {
    ...payload,
    entries: shown,
    encoding: 'packed',
    prefixBits: bits,
    find: (h) => byKey.get(prefixOf(h, bits)),
  };
}
