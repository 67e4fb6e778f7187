// Builders for the bad-input matrix (tests/errors/matrix.mjs): deterministic Ed25519 keys, a hand-written
// CBOR encoder (so non-canonical and malformed bytes can be written on purpose), COSE_Sign1, GL1 text and
// JWS documents. Nothing here comes from the engine: the inputs are built independently of the code under test.
import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';

export const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
export const utf8 = (text) => Buffer.from(text, 'utf8');

/** An Ed25519 key from a 32-byte seed made of one repeated byte: the same key on every run. */
export function seededKey(byte) {
  const seed = Buffer.alloc(32, byte);
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const raw = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x, 'base64url');
  const kid = createHash('sha256').update(raw).digest().subarray(0, 8);
  return {
    privateKey,
    raw,
    public: b64url(raw),
    kid,
    kidText: b64url(kid),
    secret: b64url(seed),
    hex: kid.toString('hex'),
  };
}

export const signBytes = (key, bytes) => sign(null, Buffer.from(bytes), key.privateKey);

// ---- CBOR, by hand. Every function returns the encoded bytes of one item. -------------------------------

/** Head of major type `major` with argument `n` (number or BigInt), shortest form unless `width` (1,2,4,8) forces one. */
export function head(major, n, width) {
  n = BigInt(n);
  const m = major << 5;
  if (width === undefined) width = n < 24n ? 0 : n < 0x100n ? 1 : n < 0x10000n ? 2 : n < 0x100000000n ? 4 : 8;
  if (width === 0) return Buffer.from([m | Number(n)]);
  const info = { 1: 24, 2: 25, 4: 26, 8: 27 }[width];
  const out = Buffer.alloc(1 + width);
  out[0] = m | info;
  for (let i = 0; i < width; i++) out[width - i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}
export const uint = (n, width) => head(0, n, width);
/** A CBOR integer: negative values as major type 1 (-1 - n). */
export const int = (n) => (BigInt(n) < 0n ? head(1, -1n - BigInt(n)) : head(0, n));
export const nint = (arg) => head(1, arg); // major type 1 with raw argument: the value is -1 - arg
export const bytes = (b, width) => Buffer.concat([head(2, b.length, width), Buffer.from(b)]);
/** Text from a JS string, or raw bytes (for invalid UTF-8) given as a Buffer. */
export const text = (t, width) => {
  const b = Buffer.isBuffer(t) ? t : utf8(t);
  return Buffer.concat([head(3, b.length, width), b]);
};
export const array = (items, width) => Buffer.concat([head(4, items.length, width), ...items]);
/** A map from [key, value] pairs of encoded items (order kept, duplicates allowed on purpose). */
export const map = (pairs, width) => Buffer.concat([head(5, pairs.length, width), ...pairs.flat()]);
export const tag = (n, item) => Buffer.concat([head(6, n), item]);
export const raw = (hex) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
export const cat = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? raw(p) : p)));
/** A bignum (tag 2) holding `hex` as its magnitude. */
export const bignum = (hex) => tag(2, bytes(raw(hex)));

// ---- Base45 (RFC 9285) and GL1 text -----------------------------------------------------------------------

export const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
export function base45(data) {
  let out = '';
  let i = 0;
  for (; i + 1 < data.length; i += 2) {
    let n = data[i] * 256 + data[i + 1];
    out += B45[n % 45] + B45[Math.floor(n / 45) % 45] + B45[Math.floor(n / 2025)];
  }
  if (i < data.length) out += B45[data[i] % 45] + B45[Math.floor(data[i] / 45)];
  return out;
}
export const gl1 = (cborBytes) => 'GL1:' + base45(cborBytes);

/** The URL fragment form of docs/format.md: space % " < > ` # controls and non-ASCII percent-encoded. */
export const fragment = (text) =>
  [...Buffer.from(text, 'utf8')]
    .map((b) =>
      b === 0x20 ||
      b === 0x25 ||
      b === 0x22 ||
      b === 0x3c ||
      b === 0x3e ||
      b === 0x60 ||
      b === 0x23 ||
      b < 0x20 ||
      b >= 0x7f
        ? '%' + b.toString(16).toUpperCase().padStart(2, '0')
        : String.fromCharCode(b),
    )
    .join('');

// ---- COSE_Sign1 and claims ---------------------------------------------------------------------------------

export const protectedHeader = (key) =>
  map([
    [int(1), int(-8)],
    [int(4), bytes(key.kid)],
  ]);

export function sigStructure(protectedBytes, payload) {
  return array([text('Signature1'), bytes(protectedBytes), bytes(Buffer.alloc(0)), bytes(payload)]);
}

/**
 * A COSE_Sign1 signed by `key`. Options replace parts: protectedBytes (the bstr contents), unprotected (an
 * encoded item), tagNumber (null: untagged), signature (a Buffer, or a function of the real one), items (a
 * function rewriting the four encoded items before the array is written).
 */
export function coseSign1(key, payload, o = {}) {
  const prot = o.protectedBytes ?? protectedHeader(key);
  const realSig = signBytes(key, sigStructure(prot.length === 1 && prot[0] === 0xa0 ? Buffer.alloc(0) : prot, payload));
  const sig = typeof o.signature === 'function' ? o.signature(realSig) : (o.signature ?? realSig);
  let items = [bytes(prot), o.unprotected ?? map([]), bytes(payload), bytes(sig)];
  if (o.items) items = o.items(items);
  const arr = array(items);
  const tagNumber = o.tagNumber === undefined ? 18 : o.tagNumber;
  return tagNumber === null ? arr : tag(tagNumber, arr);
}

/** The Greenlight claim as [key, value] pairs of encoded items (person code unless fields say otherwise). */
export function glClaim(fields) {
  return map(
    Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [text(k), encodeValue(v)]),
  );
}

// JS value -> CBOR item: numbers/BigInts are integers, strings text, Buffers pass through (already encoded).
export function encodeValue(v) {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'number' || typeof v === 'bigint') return int(v);
  if (typeof v === 'string') return text(v);
  throw new Error('cannot encode ' + typeof v);
}

/** CWT claims map: {1: iss, 2: sub, 4: exp, 6: iat, -65537: gl}; a field given as null is left out. */
export function claims({ iss = 'gl:cn-310000', sub = 'p-7f3a9c', exp = null, iat = null, gl = null, extra = [] }) {
  const pairs = [];
  if (iss !== null) pairs.push([int(1), encodeValue(iss)]);
  if (sub !== null) pairs.push([int(2), encodeValue(sub)]);
  if (exp !== null) pairs.push([int(4), encodeValue(exp)]);
  if (iat !== null) pairs.push([int(6), encodeValue(iat)]);
  if (gl !== null) pairs.push([int(-65537), Buffer.isBuffer(gl) ? gl : glClaim(gl)]);
  return map([...pairs, ...extra]);
}

// ---- JWS (compact, EdDSA) ---------------------------------------------------------------------------------

/**
 * A signed JWS. `payload` is an object (JSON.stringify'd) or a string/Buffer used as is; `header` replaces
 * or extends the protected header (a string or Buffer is used raw); `mutate(parts)` rewrites the three
 * base64url parts after signing (for signature and encoding faults) unless `signRaw` says to sign them as given.
 */
export function jws(key, typ, payload, o = {}) {
  const headerObj = {
    alg: 'EdDSA',
    kid: key.kidText,
    typ,
    ...(o.header && typeof o.header === 'object' && !Buffer.isBuffer(o.header) ? o.header : {}),
  };
  for (const [k, v] of Object.entries(headerObj)) if (v === undefined) delete headerObj[k];
  const headerBytes =
    typeof o.header === 'string' || Buffer.isBuffer(o.header) ? Buffer.from(o.header) : utf8(JSON.stringify(headerObj));
  const payloadBytes =
    typeof payload === 'string' || Buffer.isBuffer(payload) ? Buffer.from(payload) : utf8(JSON.stringify(payload));
  const h = o.headerPart ?? b64url(headerBytes);
  const p = o.payloadPart ?? b64url(payloadBytes);
  const s = b64url(signBytes(key, utf8(`${h}.${p}`)));
  const parts = [h, p, s];
  return (o.mutate ? o.mutate(parts) : parts).join('.');
}
