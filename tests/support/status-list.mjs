// Reads status-list JWS payloads in tests, in either entry form, with a reader of the packed form written
// from docs/format.md alone ("Packed status entries"), so the tests check the engine against the document.
import { createHash } from 'node:crypto';

const STATUSES = ['green', 'yellow', 'orange', 'red', 'revoked'];

function bitReader(bytes) {
  let pos = 0;
  const total = bytes.length * 8;
  const bit = () => {
    if (pos >= total) throw new Error('packed entries: truncated');
    const b = (bytes[Math.floor(pos / 8)] >> (7 - (pos % 8))) & 1;
    pos += 1;
    return b;
  };
  // Up to 32 bits as a Number (exact), a byte's worth at a time, so a million entries need no BigInt per bit.
  const small = (width) => {
    if (pos + width > total) throw new Error('packed entries: truncated');
    let v = 0;
    while (width > 0) {
      const left = 8 - (pos % 8);
      const take = Math.min(left, width);
      v = v * 2 ** take + ((bytes[Math.floor(pos / 8)] >> (left - take)) & ((1 << take) - 1));
      width -= take;
      pos += take;
    }
    return v;
  };
  return {
    get(width) {
      if (width <= 32) return BigInt(small(width));
      const high = BigInt(small(width - 32));
      return (high << 32n) | BigInt(small(32));
    },
    unary(max = Infinity) {
      let n = 0;
      while (bit()) {
        n += 1;
        if (n > max) throw new Error('packed entries: unary run past the prefix range');
      }
      return BigInt(n);
    },
    varint(strict = false) {
      let v = 0n;
      for (let shift = 0n; ; shift += 7n) {
        const byte = this.get(8);
        v |= (byte & 0x7fn) << shift;
        if (!(byte & 0x80n)) {
          if (strict && shift > 0n && byte === 0n) throw new Error('packed entries: varint longer than needed');
          if (strict && v >= 1n << 64n) throw new Error('packed entries: varint above 64 bits');
          return v;
        }
        if (strict && shift >= 63n) throw new Error('packed entries: varint above 64 bits');
      }
    },
    rest: () => total - pos,
  };
}

/**
 * The packed bytes as { bits, k, entries: [{ key: BigInt, s, q: BigInt }] }. With `strict`, it throws on
 * everything docs/format.md says a reader refuses (unknown version, b outside 32..64, k >= b, a status bit above
 * 4, w > 64, a count the bytes cannot hold, a key at or past 2^b, a status index past the statuses present, an
 * offset above q_top, a varint longer than needed, a byte or a non-zero bit after the last entry).
 */
export function unpackStatusEntries(bytes, { strict = false } = {}) {
  const r = bitReader(bytes);
  const [version, bits, k, present, qWidth] = [0, 1, 2, 3, 4].map(() => Number(r.get(8)));
  if (version !== 1) throw new Error(`packed entries: version ${version}`);
  const count = Number(r.varint(strict));
  const qTop = r.varint(strict);
  const order = STATUSES.filter((_, i) => present & (1 << i));
  const sWidth = order.length > 1 ? (order.length - 1).toString(2).length : 0;
  if (strict) {
    if (bits < 32 || bits > 64) throw new Error(`packed entries: b = ${bits}`);
    if (k >= bits) throw new Error(`packed entries: k = ${k} >= b = ${bits}`);
    if (present & 0xe0) throw new Error('packed entries: status bit above 4');
    if (qWidth > 64) throw new Error(`packed entries: w = ${qWidth}`);
    if (count * (1 + k + sWidth + qWidth) > r.rest()) throw new Error(`packed entries: count ${count} does not fit`);
  }
  const limit = 1n << BigInt(bits);
  const entries = [];
  const [bigK, unaryMax] = [BigInt(k), strict ? Number((limit - 1n) >> BigInt(k)) : Infinity];
  let key = -1n;
  for (let i = 0; i < count; i++) {
    const gap = (r.unary(unaryMax) << bigK) | r.get(k);
    key = key + 1n + gap;
    const index = Number(r.get(sWidth));
    const offset = r.get(qWidth);
    if (strict && key >= limit) throw new Error(`packed entries: key ${i} past 2^${bits}`);
    if (strict && index >= order.length) throw new Error(`packed entries: status index of entry ${i}`);
    if (strict && offset > qTop) throw new Error(`packed entries: q offset of entry ${i} above q_top`);
    entries.push({ key, s: order[index], q: qTop - offset });
  }
  if (r.rest() >= 8) throw new Error('packed entries: bytes after the last entry');
  if (strict && r.get(r.rest()) !== 0n) throw new Error('packed entries: non-zero padding');
  return { bits, k, entries };
}

const widthOf = (v) => (v === 0n ? 0 : v.toString(2).length);

function bitWriter() {
  let out = new Uint8Array(1 << 16);
  let length = 0; // bytes done
  let acc = 0; // pending bits, fewer than 8 + 24 of them: exact in a Number
  let pending = 0;
  const byte = (b) => {
    if (length === out.length) {
      const grown = new Uint8Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    out[length++] = b;
  };
  // Appends up to 24 bits of a Number.
  const chunk = (v, width) => {
    acc = acc * 2 ** width + v;
    pending += width;
    while (pending >= 8) {
      const scale = 2 ** (pending - 8);
      const b = Math.floor(acc / scale);
      byte(b);
      acc -= b * scale;
      pending -= 8;
    }
  };
  const number = (v, width) => {
    for (let w = width; w > 0;) {
      const take = w > 24 ? w - 24 * Math.floor((w - 1) / 24) : w; // the top bits first
      const scale = 2 ** (w - take);
      chunk(Math.floor(v / scale) % 2 ** take, take);
      w -= take;
    }
  };
  return {
    /** The low `width` bits of a BigInt (0 to 64), most significant first. */
    put(value, width) {
      if (width === 0) return;
      const v = width < 64 ? value & ((1n << BigInt(width)) - 1n) : value;
      if (width <= 53) {
        number(Number(v), width);
      } else {
        number(Number(v >> 32n), width - 32);
        number(Number(v & 0xffffffffn), 32);
      }
    },
    unary(n) {
      for (; n >= 24; n -= 24) chunk(0xffffff, 24);
      chunk(2 ** (n + 1) - 2, n + 1);
    },
    varint(v) {
      do {
        const low = v & 0x7fn;
        v >>= 7n;
        this.put(v ? low | 0x80n : low, 8);
      } while (v);
    },
    finish() {
      if (pending) chunk(0, 8 - pending);
      return Buffer.from(out.buffer, 0, length);
    },
  };
}

/**
 * Packs status entries as docs/format.md "Packed status entries" describes, independently of the engine:
 * `entries` are [{ key: BigInt (the first `bits` bits of the hash), s, q: BigInt }] in any order (keys unique,
 * below 2^bits). The Rice parameter is floor(log2(2^bits / count)) unless `k` is given (any k below b is valid).
 */
export function packStatusEntries({ bits, entries, k }) {
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const limit = 1n << BigInt(bits);
  sorted.forEach((e, i) => {
    if (e.key < 0n || e.key >= limit) throw new Error(`packStatusEntries: key ${e.key} outside ${bits} bits`);
    if (i && e.key === sorted[i - 1].key) throw new Error(`packStatusEntries: key ${e.key} twice`);
  });
  const count = sorted.length;
  const rice = k ?? (count ? Math.min(bits - 1, Math.max(0, widthOf(limit / BigInt(count)) - 1)) : 0);
  if (rice < 0 || rice >= bits) throw new Error(`packStatusEntries: k = ${rice} is not below b = ${bits}`);
  let present = 0;
  let qTop = 0n;
  let qMin = count ? sorted[0].q : 0n;
  for (const e of sorted) {
    present |= 1 << STATUSES.indexOf(e.s);
    if (e.q > qTop) qTop = e.q;
    if (e.q < qMin) qMin = e.q;
  }
  const order = STATUSES.filter((_, i) => present & (1 << i));
  const sWidth = order.length > 1 ? widthOf(BigInt(order.length - 1)) : 0;
  const qWidth = widthOf(qTop - qMin);
  const w = bitWriter();
  for (const byte of [1, bits, rice, present, qWidth]) w.put(BigInt(byte), 8);
  w.varint(BigInt(count));
  w.varint(qTop);
  let previous = -1n;
  for (const e of sorted) {
    const gap = e.key - previous - 1n;
    previous = e.key;
    w.unary(Number(gap >> BigInt(rice)));
    w.put(gap, rice);
    w.put(BigInt(order.indexOf(e.s)), sWidth);
    w.put(qTop - e.q, qWidth);
  }
  return w.finish();
}

/** The prefix length of a snapshot of `count` entries (docs/format.md): ceil(log2 count) + 31, at least 32. */
export const snapshotPrefixBits = (count) => Math.min(64, Math.max(32, widthOf(BigInt(Math.max(count, 1) - 1)) + 31));

/** The first `bits` bits of a 16-byte hash (Buffer or base64url) as a BigInt: a packed entry's key. */
export const hashKey = (h, bits) =>
  (typeof h === 'string' ? Buffer.from(h, 'base64url') : h).readBigUInt64BE(0) >> BigInt(64 - bits);

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
  if (payload.entries === undefined) return payload; // another document (a trust list, rules)
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
