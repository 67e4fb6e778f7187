// The bad-input matrix behind docs/errors.md: one row per input, with the error code the engine must give
// and a substring of its message. tests/errors/matrix.test.mjs drives every row (npm package; the CLI where
// the CLI is the natural entry) and checks that docs/errors.md lists exactly these rows.
//
//   node tests/errors/drive.mjs             prints the markdown tables of docs/errors.md from a live run
//
// A row: { id, area, code, message, input, via, build(ctx) }.
//   code     the expected error code; null for an input that must be accepted (kept to pin down edges)
//   message  a substring of the engine's message (for accepted rows: unused)
//   input    the short human description that docs/errors.md shows
//   via      'verify'  build -> { text, context?, verifier? }       Verifier.verify (never throws)
//            'create'  build -> createVerifier options              createVerifier rejects with .code
//            'update'  build -> { documents, setup? }               Verifier.update throws with .code
//            'cli'     build -> { args, stdin? }                    build/native/bin/greenlight, stderr JSON
//            'server'  build -> { method, path, body }             greenlight-server (SQLite, --demo) as the
//                                                                  demo authority; the JSON error body
import { createHash } from 'node:crypto';

import * as B from './build.mjs';

/** Fixed clock for codes (verify takes `now`). Documents are checked against the real clock, so they
 *  use fixed times far apart: iat in the past, exp in 2100, and 2001 for "expired". */
export const NOW = 1767225600;
const FAR = 4102444800;
const LONG_AGO = 1000000000;
const U64_MAX = 18446744073709551615n;

/** Rows that are known to fail, with the reason (run as node:test `todo`: reported, not fatal). */
export const knownFailures = {};

export function context() {
  const R = B.seededKey(1); // root
  const I = B.seededKey(2); // issuer: person, proxy, place, status, rules, regions; iss gl:cn-310000
  const P = B.seededKey(3); // person only, valid NOW - 30 d .. NOW + 30 d
  const U = B.seededKey(4); // person only, no nbf / exp (unbounded)
  const X = B.seededKey(5); // in no list
  const ISS = 'gl:cn-310000';
  const trustPayload = (o = {}) => ({
    iss: 'gl-root',
    iat: NOW - 3600,
    exp: FAR,
    seq: 5,
    keys: [
      {
        kid: I.kidText,
        x: I.public,
        iss: ISS,
        use: ['person', 'proxy', 'place', 'status', 'rules', 'regions'],
        nbf: 1735689600,
        exp: FAR,
      },
      { kid: P.kidText, x: P.public, iss: ISS, use: ['person'], nbf: NOW - 30 * 86400, exp: NOW + 30 * 86400 },
      { kid: U.kidText, x: U.public, iss: ISS, use: ['person'] },
    ],
    ...o,
  });
  const trustList = B.jws(R, 'gl-trust-list', trustPayload());
  const person = { v: 1, t: 'person', s: 'green', n: '张*', m: '138****1234', q: 4 };
  const place = { v: 1, t: 'place', pn: '静安寺商场', pc: 'mall', pr: '310106' };
  const proxy = { v: 1, t: 'proxy', s: 'green', n: '李*', q: 1, e: '139****0000' };
  const payload = (o = {}) => B.claims({ iat: NOW - 60, exp: NOW + 240, gl: person, ...o });
  const cose = (o = {}) => B.coseSign1(o.key ?? I, o.payload ?? payload(o.claims), o);
  const code = (o = {}) => B.gl1(cose(o));
  const rulePayload = (rules, o = {}) => ({ iss: 'gl-root', iat: NOW - 3600, exp: FAR, seq: 5, rules, ...o });
  const rule = (o = {}) => ({
    id: 'R1',
    types: ['person'],
    categories: ['*'],
    logic: true,
    outcome: 'deny',
    reason: { 'zh-CN': '测试', en: 'test' },
    ...o,
  });
  const statusPayload = (o = {}) => ({ iss: ISS, iat: NOW - 600, exp: FAR, seq: 5, entries: [], ...o });
  const regionPayload = (o = {}) => ({
    iss: ISS,
    iat: NOW - 600,
    exp: FAR,
    seq: 5,
    regions: [{ r: '440902', level: 'high', from: NOW - 86400, to: null }],
    ...o,
  });
  const h = (sub) => B.b64url(subjectHash(sub));
  return {
    R,
    I,
    P,
    U,
    X,
    ISS,
    trustPayload,
    trustList,
    person,
    place,
    proxy,
    payload,
    cose,
    code,
    rulePayload,
    rule,
    statusPayload,
    regionPayload,
    h,
    base: { roots: [R.public], trustList },
  };
}

// A status-list subject hash (docs/rules.md): the first 16 bytes of SHA-256("gl-status:" + sub).
function subjectHash(sub) {
  return createHash('sha256')
    .update('gl-status:' + sub)
    .digest()
    .subarray(0, 16);
}

const nest = (depth, inner = '0') => '['.repeat(depth) + inner + ']'.repeat(depth);

// ------------------------------------------------------------------------------------------------------------
export const areas = [
  ['text', 'Code text and URL forms'],
  ['base45', 'Base45'],
  ['cbor', 'CBOR'],
  ['cose', 'COSE_Sign1'],
  ['crypto', 'Algorithm, key and signature'],
  ['claims', 'Claims'],
  ['trust', 'Trust checks on a code'],
  ['time', 'Time'],
  ['status', 'Status lists'],
  ['regions', 'Region-risk lists'],
  ['config', 'Configuration and verify context'],
  ['jws', 'JWS envelope (shown on the trust list; rule sets and status lists share the reader)'],
  ['trustlist', 'Trust list payload'],
  ['rules', 'Rule sets'],
  ['json', 'JSON limits'],
  ['cli', 'Command line only'],
  ['server', 'Server requests (greenlight-server, as an authority)'],
];

// The area (the table in docs/errors.md) is the id's prefix; URL forms share the text table.
const areaOf = (id) => ({ url: 'text' })[id.split('.')[0]] ?? id.split('.')[0];
const row = (id, code, message, input, via, build) => ({ id, area: areaOf(id), code, message, input, via, build });
const v = (id, code, message, input, build) => row(id, code, message, input, 'verify', build);
const up = (id, code, message, input, build) => row(id, code, message, input, 'update', build);
const cr = (id, code, message, input, build) => row(id, code, message, input, 'create', build);
const cli = (id, code, message, input, build) => row(id, code, message, input, 'cli', build);
const srv = (id, code, message, input, build) => row(id, code, message, input, 'server', build);
// POST /api/v1/authority/region-risk with `regions` (and a reason).
const publishRegions = (regions) => () => ({
  method: 'POST',
  path: '/api/v1/authority/region-risk',
  body: { regions, reason: 'bad-input matrix' },
});
const riskEntry = (o = {}) => ({ r: '440902', level: 'high', from: NOW, to: null, ...o });

// The itinerary claim from [region, day] pairs, and a declaration summary with fields replaced (undefined drops one).
const trClaim = (pairs) => B.array(pairs.map(([r, day]) => B.array([B.text(r), B.uint(day)])));
const dcClaim = (o = {}) =>
  B.map(
    Object.entries({ t: B.uint(NOW - 3600), sy: B.raw('f4'), f: B.raw('f4'), c: B.raw('f4'), ...o })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [B.text(k), v]),
  );

// Unprotected-header helper: a code whose COSE array is replaced by `items` built from the real ones.
const coseWith = (c, items) => B.gl1(c.cose({ items }));
const flipLast = (buf) => {
  const b = Buffer.from(buf);
  b[b.length - 1] ^= 1;
  return b;
};

export const rows = [
  // ---- text & URL forms ----------------------------------------------------------------------------------
  v('text.empty', 'format.prefix', 'not a Greenlight code', 'the empty string', () => ''),
  v(
    'text.not_string',
    'format.prefix',
    'code text must be a string',
    'verify(42): a number instead of text (npm)',
    () => ({ text: 42 }),
  ),
  v(
    'text.lowercase_prefix',
    'format.prefix',
    'not a Greenlight code',
    'a valid code with `gl1:` instead of `GL1:`',
    (c) => 'gl1:' + c.code().slice(4),
  ),
  v(
    'text.no_colon',
    'format.prefix',
    'not a Greenlight code',
    'a valid code with `GL1` and no colon',
    (c) => 'GL1' + c.code().slice(4),
  ),
  v(
    'text.leading_space',
    'format.prefix',
    'not a Greenlight code',
    'a valid code after one space',
    (c) => ' ' + c.code(),
  ),
  v(
    'text.leading_newline',
    'format.prefix',
    'not a Greenlight code',
    'a valid code after `\\n`',
    (c) => '\n' + c.code(),
  ),
  v('text.nul', 'format.prefix', 'not a Greenlight code', 'a single NUL character', () => '\u0000'),
  v(
    'text.trailing_crlf',
    null,
    '',
    "a valid code followed by `\\r\\n` (accepted: a scanner's Enter)",
    (c) => c.code() + '\r\n',
  ),
  v(
    'text.trailing_space',
    'format.base45',
    'Base45 length leaves a single character',
    'a valid code followed by one space (a space is a Base45 digit)',
    (c) => c.code() + ' ',
  ),
  v(
    'text.trailing_tabs',
    'format.base45',
    'character outside the Base45 alphabet near position 258',
    'a valid code followed by `\\t\\t`',
    (c) => c.code() + '\t\t',
  ),
  v(
    'text.inner_newline',
    'format.base45',
    'character outside the Base45 alphabet near position 9',
    'a valid code with its 12th Base45 character replaced by `\\n`',
    (c) => {
      const t = c.code();
      return t.slice(0, 15) + '\n' + t.slice(16);
    },
  ),
  v(
    'text.control_char',
    'format.base45',
    'character outside the Base45 alphabet near position 0',
    '`GL1:` + BEL + `AB` (a control character)',
    () => 'GL1:\u0007AB',
  ),
  v(
    'text.oversized',
    'format.too_large',
    'code text of 8193 bytes exceeds 8192',
    '`GL1:` + 8189 × `0` (8193 bytes)',
    () => 'GL1:' + '0'.repeat(8189),
  ),
  v(
    'text.oversized_utf8',
    'format.too_large',
    'code text of 8194 bytes exceeds 8192',
    '`GL1:` + 2730 × `码` (2734 UTF-16 units, 8194 UTF-8 bytes: bytes count)',
    () => 'GL1:' + '码'.repeat(2730),
  ),
  v(
    'text.lone_surrogate',
    'format.base45',
    'Base45 length leaves a single character',
    '`GL1:` + a lone UTF-16 surrogate U+D800 (not encodable as UTF-8)',
    () => 'GL1:\uD800',
  ),
  v(
    'url.https',
    null,
    '',
    '`https://checkin.example.cn/c#` + a valid code (accepted)',
    (c) => 'https://checkin.example.cn/c#' + B.fragment(c.code()),
  ),
  v(
    'url.uppercase_scheme',
    null,
    '',
    '`HTTP://CHECKIN.EXAMPLE.CN/C#` + a valid code (accepted: scheme in any case)',
    (c) => 'HTTP://CHECKIN.EXAMPLE.CN/C#' + B.fragment(c.code()),
  ),
  v(
    'url.percent_encoded',
    null,
    '',
    'URL whose fragment is the valid code fully percent-encoded (`%47%4C%31%3A...`, accepted)',
    (c) =>
      'https://h.example/#' +
      [...c.code()].map((ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')).join(''),
  ),
  v(
    'url.trailing_newline',
    null,
    '',
    'URL form + `\\n` (accepted)',
    (c) => 'https://h.example/#' + B.fragment(c.code()) + '\n',
  ),
  v(
    'url.unescaped',
    'format.prefix',
    'bad percent escape in the URL fragment',
    '`https://h.example/#` + a valid code whose Base45 `%` is not percent-encoded',
    (c) => {
      const t = c.code();
      if (!t.includes('%')) throw new Error('the test code has no %');
      return 'https://h.example/#' + t;
    },
  ),
  v(
    'url.unescaped_space',
    null,
    '',
    'URL form with the Base45 spaces left raw (`%` escaped only; accepted)',
    (c) => 'https://h.example/#' + c.code().replaceAll('%', '%25'),
  ),
  v(
    'url.no_fragment',
    'format.prefix',
    'URL has no #GL1: fragment',
    '`https://checkin.example.cn/c?GL1:...` (code in the query, no `#`)',
    (c) => 'https://checkin.example.cn/c?' + B.fragment(c.code()),
  ),
  v(
    'url.lowercase_fragment',
    'format.prefix',
    'not a Greenlight code',
    '`https://h.example/#gl1:...` (lowercase prefix in the fragment)',
    (c) => 'https://h.example/#gl1:' + B.fragment(c.code().slice(4)),
  ),
  v(
    'url.empty_fragment',
    'format.prefix',
    'not a Greenlight code',
    '`https://h.example/c#`',
    () => 'https://h.example/c#',
  ),
  v(
    'url.second_fragment',
    'format.prefix',
    'not a Greenlight code',
    '`https://h.example/#x#GL1:...` (the fragment starts at the first `#`)',
    (c) => 'https://h.example/#x#' + B.fragment(c.code()),
  ),
  v(
    'url.double_encoded',
    'format.prefix',
    'not a Greenlight code',
    '`https://h.example/#GL1%253A...` (percent-encoded twice)',
    (c) => 'https://h.example/#GL1%253A' + B.fragment(c.code().slice(4)),
  ),
  v(
    'url.truncated_percent',
    'format.prefix',
    'truncated percent escape in the URL fragment',
    '`https://h.example/#GL1:%4` (escape cut short)',
    () => 'https://h.example/#GL1:%4',
  ),
  v(
    'url.bad_percent',
    'format.prefix',
    'bad percent escape in the URL fragment',
    '`https://h.example/#GL1:%G0`',
    () => 'https://h.example/#GL1:%G0',
  ),
  v(
    'url.raw_percent',
    'format.prefix',
    'bad percent escape in the URL fragment',
    '`https://h.example/#GL1:%%%` (Base45 `%` not escaped)',
    () => 'https://h.example/#GL1:%%%',
  ),
  v(
    'url.percent_nul',
    'format.base45',
    'character outside the Base45 alphabet near position 0',
    '`https://h.example/#GL1:%00%00` (escaped control characters)',
    () => 'https://h.example/#GL1:%00%00',
  ),
  v(
    'url.percent_invalid_utf8',
    'format.base45',
    'character outside the Base45 alphabet near position 0',
    '`https://h.example/#GL1:%FF%FE%FD` (escaped invalid UTF-8)',
    () => 'https://h.example/#GL1:%FF%FE%FD',
  ),
  v(
    'url.leading_space',
    'format.prefix',
    'not a Greenlight code',
    'one space + `https://h.example/#` + a valid code',
    (c) => ' https://h.example/#' + B.fragment(c.code()),
  ),
  v(
    'url.ftp',
    'format.prefix',
    'not a Greenlight code',
    '`ftp://h.example/#` + a valid code (only http and https)',
    (c) => 'ftp://h.example/#' + B.fragment(c.code()),
  ),
  v(
    'url.no_slashes',
    'format.prefix',
    'not a Greenlight code',
    '`https:h.example#` + a valid code (no `//`)',
    (c) => 'https:h.example#' + B.fragment(c.code()),
  ),
  v(
    'url.scheme_relative',
    'format.prefix',
    'not a Greenlight code',
    '`//h.example/#` + a valid code (no scheme)',
    (c) => '//h.example/#' + B.fragment(c.code()),
  ),
  v(
    'url.oversized',
    'format.too_large',
    'code text of 8212 bytes exceeds 8192',
    '`https://h.example/#GL1:` + 8189 × `0`',
    () => 'https://h.example/#GL1:' + '0'.repeat(8189),
  ),

  // ---- Base45 ----------------------------------------------------------------------------------------------
  v('base45.single_char', 'format.base45', 'Base45 length leaves a single character', '`GL1:0`', () => 'GL1:0'),
  v(
    'base45.truncated',
    'format.base45',
    'Base45 length leaves a single character',
    'a valid code with its last 2 characters cut',
    (c) => c.code().slice(0, -2),
  ),
  v(
    'base45.lowercase',
    'format.base45',
    'character outside the Base45 alphabet',
    'a valid code with its Base45 part lowercased',
    (c) => 'GL1:' + c.code().slice(4).toLowerCase(),
  ),
  v(
    'base45.triplet_overflow',
    'format.base45',
    'Base45 triplet above 65535 at position 0',
    '`GL1:GGW` (16 + 16·45 + 32·2025 = 65536)',
    () => 'GL1:GGW',
  ),
  v(
    'base45.pair_overflow',
    'format.base45',
    'Base45 final pair above 255',
    '`GL1:V5` (31 + 5·45 = 256)',
    () => 'GL1:V5',
  ),
  v(
    'base45.non_ascii',
    'format.base45',
    'character outside the Base45 alphabet near position 0',
    '`GL1:码码` (6 UTF-8 bytes)',
    () => 'GL1:码码',
  ),
  v(
    'base45.base64_chars',
    'format.base45',
    'character outside the Base45 alphabet near position 0',
    '`GL1:ab=` (Base64 characters)',
    () => 'GL1:ab=',
  ),

  // ---- CBOR ------------------------------------------------------------------------------------------------
  v(
    'cbor.empty',
    'format.cbor',
    'truncated CBOR (item expected)',
    '`GL1:` and nothing else (zero bytes)',
    () => 'GL1:',
  ),
  v(
    'cbor.truncated',
    'format.cbor',
    'truncated CBOR string',
    'a valid code with its last 3 Base45 characters (2 bytes) cut',
    (c) => c.code().slice(0, -3),
  ),
  v(
    'cbor.truncated_head',
    'format.cbor',
    'truncated CBOR head',
    'bytes `59 00` (a 2-byte length cut after one byte)',
    () => B.gl1(B.raw('5900')),
  ),
  v('cbor.truncated_float', 'format.cbor', 'truncated CBOR float', 'bytes `FB 00 01` (float64 cut short)', () =>
    B.gl1(B.raw('fb0001')),
  ),
  v('cbor.trailing_byte', 'format.cbor', 'trailing bytes after the CBOR item', 'a valid COSE_Sign1 + byte `00`', (c) =>
    B.gl1(B.cat(c.cose(), '00')),
  ),
  v(
    'cbor.noncanonical_tag',
    'format.cbor',
    'non-shortest CBOR integer or length',
    'a valid code with tag 18 written `D8 12` instead of `D2`',
    (c) => B.gl1(B.cat('d812', c.cose({ tagNumber: null }))),
  ),
  v(
    'cbor.noncanonical_length',
    'format.cbor',
    'non-shortest CBOR integer or length',
    'a valid code with its array length written `98 04` instead of `84`',
    (c) => {
      const s = c.cose();
      return B.gl1(B.cat('d29804', s.subarray(2)));
    },
  ),
  v(
    'cbor.noncanonical_bstr',
    'format.cbor',
    'non-shortest CBOR integer or length',
    'signature length 64 written `59 00 40` instead of `58 40`',
    (c) => coseWith(c, (it) => [it[0], it[1], it[2], B.cat('590040', it[3].subarray(2))]),
  ),
  v(
    'cbor.noncanonical_protected',
    'format.cbor',
    'non-shortest CBOR integer or length',
    'protected header `{1: -8}` with -8 written `3B 0000000000000007`',
    (c) =>
      B.gl1(
        c.cose({
          protectedBytes: B.map([
            [B.int(1), B.cat('3b0000000000000007')],
            [B.int(4), B.bytes(c.I.kid)],
          ]),
        }),
      ),
  ),
  v(
    'cbor.indefinite_array',
    'format.cbor',
    'indefinite-length CBOR is not accepted',
    'bytes `9F 00 FF` (indefinite array)',
    () => B.gl1(B.raw('9f00ff')),
  ),
  v(
    'cbor.indefinite_bytes',
    'format.cbor',
    'indefinite-length CBOR is not accepted',
    'bytes `5F 41 00 FF` (chunked byte string)',
    () => B.gl1(B.raw('5f4100ff')),
  ),
  v(
    'cbor.reserved_info',
    'format.cbor',
    'reserved CBOR additional information',
    'byte `1C` (additional information 28)',
    () => B.gl1(B.raw('1c')),
  ),
  v('cbor.break', 'format.cbor', 'unexpected CBOR break', 'byte `FF` alone', () => B.gl1(B.raw('ff'))),
  v('cbor.simple_unassigned', 'format.cbor', 'unsupported CBOR simple value', 'byte `F0` (simple value 16)', () =>
    B.gl1(B.raw('f0')),
  ),
  v('cbor.simple_one_byte', 'format.cbor', 'unsupported CBOR simple value', 'bytes `F8 20` (simple value 32)', () =>
    B.gl1(B.raw('f820')),
  ),
  v('cbor.dup_int_key', 'format.cbor', 'duplicate CBOR map key', 'unprotected header `{4: kid, 4: kid}`', (c) =>
    coseWith(c, (it) => [
      it[0],
      B.map([
        [B.int(4), B.bytes(c.I.kid)],
        [B.int(4), B.bytes(c.I.kid)],
      ]),
      it[2],
      it[3],
    ]),
  ),
  v('cbor.dup_text_key', 'format.cbor', 'duplicate CBOR map key', 'unprotected header `{"a": 1, "a": 2}`', (c) =>
    coseWith(c, (it) => [
      it[0],
      B.map([
        [B.text('a'), B.int(1)],
        [B.text('a'), B.int(2)],
      ]),
      it[2],
      it[3],
    ]),
  ),
  v(
    'cbor.dup_key_protected',
    'format.cbor',
    'duplicate CBOR map key',
    'protected header bytes `{1: -8, 1: -8, 4: kid}`',
    (c) =>
      B.gl1(
        c.cose({
          protectedBytes: B.map([
            [B.int(1), B.int(-8)],
            [B.int(1), B.int(-8)],
            [B.int(4), B.bytes(c.I.kid)],
          ]),
        }),
      ),
  ),
  v('cbor.dup_key_claims', 'format.cbor', 'duplicate CBOR map key', 'signed claims with key 1 (iss) twice', (c) =>
    c.code({
      payload: B.claims({ iat: NOW - 60, exp: NOW + 240, gl: c.person, extra: [[B.int(1), B.text('gl:cn-310000')]] }),
    }),
  ),
  v(
    'cbor.dup_key_gl_claim',
    'format.cbor',
    'duplicate CBOR map key',
    'signed Greenlight claim with `"s"` twice (`green`, then `red`)',
    (c) =>
      c.code({
        claims: {
          gl: B.map([
            ...Object.entries(c.person).map(([k, x]) => [B.text(k), B.encodeValue(x)]),
            [B.text('s'), B.text('red')],
          ]),
        },
      }),
  ),
  v(
    'cbor.map_key_bytes',
    'format.cbor',
    'CBOR map key must be an integer or text',
    "unprotected header `{h'01': 0}` (a byte-string key)",
    (c) => coseWith(c, (it) => [it[0], B.map([[B.bytes(B.raw('01')), B.int(0)]]), it[2], it[3]]),
  ),
  v(
    'cbor.map_key_array',
    'format.cbor',
    'CBOR map key must be an integer or text',
    'unprotected header `{[]: 0}` (an array key)',
    (c) => coseWith(c, (it) => [it[0], B.map([[B.array([]), B.int(0)]]), it[2], it[3]]),
  ),
  v(
    'cbor.utf8_invalid',
    'format.cbor',
    'CBOR text is not valid UTF-8',
    'unprotected header `{"\\xFF": 0}` (text byte FF)',
    (c) => coseWith(c, (it) => [it[0], B.map([[B.text(B.raw('ff')), B.int(0)]]), it[2], it[3]]),
  ),
  v(
    'cbor.utf8_overlong',
    'format.cbor',
    'CBOR text is not valid UTF-8',
    'text `C0 80` (overlong NUL) in the unprotected header',
    (c) => coseWith(c, (it) => [it[0], B.map([[B.text('a'), B.text(B.raw('c080'))]]), it[2], it[3]]),
  ),
  v(
    'cbor.utf8_surrogate',
    'format.cbor',
    'CBOR text is not valid UTF-8',
    'text `ED A0 80` (UTF-16 surrogate D800) in the unprotected header',
    (c) => coseWith(c, (it) => [it[0], B.map([[B.text('a'), B.text(B.raw('eda080'))]]), it[2], it[3]]),
  ),
  v(
    'cbor.utf8_above_max',
    'format.cbor',
    'CBOR text is not valid UTF-8',
    'text `F4 90 80 80` (above U+10FFFF) in the unprotected header',
    (c) => coseWith(c, (it) => [it[0], B.map([[B.text('a'), B.text(B.raw('f4908080'))]]), it[2], it[3]]),
  ),
  v(
    'cbor.utf8_truncated',
    'format.cbor',
    'CBOR text is not valid UTF-8',
    'text `E4 B8` (3-byte sequence cut) in the unprotected header',
    (c) => coseWith(c, (it) => [it[0], B.map([[B.text('a'), B.text(B.raw('e4b8'))]]), it[2], it[3]]),
  ),
  v(
    'cbor.utf8_in_claims',
    'format.cbor',
    'CBOR text is not valid UTF-8',
    'signed claims whose iss is text `FF FE`',
    (c) => c.code({ claims: { iss: B.text(B.raw('fffe')) } }),
  ),
  v('cbor.deep_arrays', 'format.cbor', 'CBOR nesting deeper than 16', '20 nested one-item arrays `81 81 ... 00`', () =>
    B.gl1(B.cat('81'.repeat(20), '00')),
  ),
  v('cbor.deep_tags', 'format.cbor', 'CBOR nesting deeper than 16', '20 nested tags `C1 C1 ... 00`', () =>
    B.gl1(B.cat('c1'.repeat(20), '00')),
  ),
  v(
    'cbor.deep_in_header',
    'format.cbor',
    'CBOR nesting deeper than 16',
    'a valid code whose unprotected header holds 16 nested arrays',
    (c) => coseWith(c, (it) => [it[0], B.map([[B.int(99), B.cat('81'.repeat(16), '00')]]), it[2], it[3]]),
  ),
  v(
    'cbor.too_many_items',
    'format.cbor',
    'more than 4096 CBOR items',
    'an array of 5000 zeros (7504 characters of text)',
    () => B.gl1(B.array(Array(5000).fill(B.int(0)))),
  ),
  v(
    'cbor.huge_array',
    'format.cbor',
    'truncated CBOR array',
    'bytes `9B FFFFFFFFFFFFFFFF` (array of 2^64-1 items)',
    () => B.gl1(B.raw('9bffffffffffffffff')),
  ),
  v('cbor.huge_map', 'format.cbor', 'truncated CBOR map', 'bytes `BB FFFFFFFFFFFFFFFF` (map of 2^64-1 pairs)', () =>
    B.gl1(B.raw('bbffffffffffffffff')),
  ),
  v(
    'cbor.huge_bstr',
    'format.cbor',
    'truncated CBOR string',
    'bytes `5B FFFFFFFFFFFFFFFF` (byte string of 2^64-1 bytes)',
    () => B.gl1(B.raw('5bffffffffffffffff')),
  ),
  v('cbor.huge_text', 'format.cbor', 'truncated CBOR string', 'bytes `7B 0000000100000000` (text of 2^32 bytes)', () =>
    B.gl1(B.raw('7b0000000100000000')),
  ),
  v('cbor.count_lie', 'format.cbor', 'truncated CBOR array', 'bytes `84 00` (array of 4 with one item)', () =>
    B.gl1(B.raw('8400')),
  ),
  v(
    'cbor.claims_empty',
    'format.cbor',
    'truncated CBOR (item expected)',
    'a signed COSE_Sign1 with an empty payload',
    (c) => c.code({ payload: Buffer.alloc(0) }),
  ),

  // ---- COSE_Sign1 --------------------------------------------------------------------------------------------
  v('cose.untagged', null, '', 'a valid COSE_Sign1 without tag 18 (accepted)', (c) =>
    B.gl1(c.cose({ tagNumber: null })),
  ),
  v(
    'cose.tag_98',
    'format.cose',
    'CBOR tag 98 is not COSE_Sign1 (18)',
    'a valid code under tag 98 (COSE_Sign) instead of 18',
    (c) => B.gl1(c.cose({ tagNumber: 98 })),
  ),
  v(
    'cose.tag_cwt',
    'format.cose',
    'CBOR tag 61 is not COSE_Sign1 (18)',
    'a valid tagged code wrapped in tag 61 (CWT)',
    (c) => B.gl1(B.tag(61, c.cose())),
  ),
  v(
    'cose.tag_huge',
    'format.cose',
    'CBOR tag 18446744073709551615 is not COSE_Sign1 (18)',
    'the COSE array under tag 2^64-1 (`DB FFFFFFFFFFFFFFFF`)',
    (c) => B.gl1(B.tag(U64_MAX, c.cose({ tagNumber: null }))),
  ),
  v(
    'cose.bignum',
    'format.cose',
    'CBOR tag 2 is not COSE_Sign1 (18)',
    'a bignum 2^64 (`C2 49 010000000000000000`) instead of the message',
    () => B.gl1(B.bignum('010000000000000000')),
  ),
  v('cose.uint', 'format.cose', 'COSE_Sign1 must be an array of four items', 'byte `00` (an integer)', () =>
    B.gl1(B.raw('00')),
  ),
  v('cose.undefined', 'format.cose', 'COSE_Sign1 must be an array of four items', 'byte `F7` (undefined)', () =>
    B.gl1(B.raw('f7')),
  ),
  v('cose.map', 'format.cose', 'COSE_Sign1 must be an array of four items', 'tag 18 over an empty map', () =>
    B.gl1(B.tag(18, B.map([]))),
  ),
  v(
    'cose.three_items',
    'format.cose',
    'COSE_Sign1 must be an array of four items',
    'a valid code without its signature item',
    (c) => coseWith(c, (it) => it.slice(0, 3)),
  ),
  v(
    'cose.five_items',
    'format.cose',
    'COSE_Sign1 must be an array of four items',
    'a valid code with a fifth item `00`',
    (c) => coseWith(c, (it) => [...it, B.int(0)]),
  ),
  v(
    'cose.protected_map',
    'format.cose',
    'protected header must be a byte string',
    'protected header as a map, not a byte string',
    (c) => coseWith(c, (it) => [B.protectedHeader(c.I), it[1], it[2], it[3]]),
  ),
  v('cose.protected_text', 'format.cose', 'protected header must be a byte string', 'protected header as text', (c) =>
    coseWith(c, (it) => [B.text('a'), it[1], it[2], it[3]]),
  ),
  v('cose.unprotected_array', 'format.cose', 'unprotected header must be a map', 'unprotected header `[]`', (c) =>
    coseWith(c, (it) => [it[0], B.array([]), it[2], it[3]]),
  ),
  v(
    'cose.payload_nil',
    'format.cose',
    'payload must be a byte string (detached payloads are not used)',
    'payload `nil` (`F6`, detached)',
    (c) => coseWith(c, (it) => [it[0], it[1], B.raw('f6'), it[3]]),
  ),
  v('cose.payload_text', 'format.cose', 'payload must be a byte string', 'payload as a text string', (c) =>
    coseWith(c, (it) => [it[0], it[1], B.text('claims'), it[3]]),
  ),
  v('cose.signature_text', 'format.cose', 'signature must be a byte string', 'signature as a text string', (c) =>
    coseWith(c, (it) => [it[0], it[1], it[2], B.text('sig')]),
  ),
  v(
    'cose.protected_array',
    'format.cose',
    'protected header must encode a map',
    'protected header bytes `80` (an array)',
    (c) => B.gl1(c.cose({ protectedBytes: B.raw('80') })),
  ),
  v('cose.protected_bad_cbor', 'format.cbor', 'unexpected CBOR break', 'protected header bytes `FF`', (c) =>
    B.gl1(c.cose({ protectedBytes: B.raw('ff') })),
  ),
  v(
    'cose.protected_trailing',
    'format.cbor',
    'trailing bytes after the CBOR item',
    'protected header bytes `A0 00`',
    (c) => B.gl1(c.cose({ protectedBytes: B.raw('a000') })),
  ),
  v('cose.kid_text', 'format.cose', 'kid must be a byte string', 'protected header `{1: -8, 4: "kid"}`', (c) =>
    B.gl1(
      c.cose({
        protectedBytes: B.map([
          [B.int(1), B.int(-8)],
          [B.int(4), B.text('kid')],
        ]),
      }),
    ),
  ),
  v(
    'cose.kid_int_unprotected',
    'format.cose',
    'kid must be a byte string',
    'protected `{1: -8}`, unprotected `{4: 7}`',
    (c) =>
      B.gl1(c.cose({ protectedBytes: B.map([[B.int(1), B.int(-8)]]), unprotected: B.map([[B.int(4), B.int(7)]]) })),
  ),

  // ---- algorithm, key, signature -----------------------------------------------------------------------
  v(
    'crypto.kid_unprotected',
    null,
    '',
    'signed protected `{1: -8}` with the kid in the unprotected header (accepted)',
    (c) =>
      B.gl1(
        c.cose({ protectedBytes: B.map([[B.int(1), B.int(-8)]]), unprotected: B.map([[B.int(4), B.bytes(c.I.kid)]]) }),
      ),
  ),
  v(
    'crypto.no_alg',
    'crypto.algorithm',
    'no algorithm in the protected header',
    'signed, protected header empty (zero-length), kid unprotected',
    (c) => B.gl1(c.cose({ protectedBytes: Buffer.alloc(0), unprotected: B.map([[B.int(4), B.bytes(c.I.kid)]]) })),
  ),
  v(
    'crypto.empty_protected_map',
    'crypto.algorithm',
    'no algorithm in the protected header',
    'signed, protected header `A0` (empty map), kid unprotected',
    (c) => B.gl1(c.cose({ protectedBytes: B.raw('a0'), unprotected: B.map([[B.int(4), B.bytes(c.I.kid)]]) })),
  ),
  v(
    'crypto.alg_unprotected',
    'crypto.algorithm',
    'the algorithm must be in the protected header',
    'protected `{4: kid}`, unprotected `{1: -8}`',
    (c) =>
      B.gl1(
        c.cose({ protectedBytes: B.map([[B.int(4), B.bytes(c.I.kid)]]), unprotected: B.map([[B.int(1), B.int(-8)]]) }),
      ),
  ),
  v(
    'crypto.alg_es256',
    'crypto.algorithm',
    'algorithm -7 is not EdDSA (-8)',
    'protected `{1: -7, 4: kid}` (ES256)',
    (c) =>
      B.gl1(
        c.cose({
          protectedBytes: B.map([
            [B.int(1), B.int(-7)],
            [B.int(4), B.bytes(c.I.kid)],
          ]),
        }),
      ),
  ),
  v(
    'crypto.alg_text',
    'crypto.algorithm',
    'algorithm "EdDSA" is not EdDSA (-8)',
    'protected `{1: "EdDSA", 4: kid}` (a text algorithm)',
    (c) =>
      B.gl1(
        c.cose({
          protectedBytes: B.map([
            [B.int(1), B.text('EdDSA')],
            [B.int(4), B.bytes(c.I.kid)],
          ]),
        }),
      ),
  ),
  v(
    'crypto.alg_uint_max',
    'crypto.algorithm',
    'algorithm 18446744073709551615 is not EdDSA (-8)',
    'protected `{1: 2^64-1}` (`1B FFFFFFFFFFFFFFFF`)',
    (c) =>
      B.gl1(
        c.cose({
          protectedBytes: B.map([
            [B.int(1), B.uint(U64_MAX)],
            [B.int(4), B.bytes(c.I.kid)],
          ]),
        }),
      ),
  ),
  v(
    'crypto.alg_nint_min',
    'crypto.algorithm',
    'algorithm -18446744073709551616 is not EdDSA (-8)',
    'protected `{1: -2^64}` (`3B FFFFFFFFFFFFFFFF`)',
    (c) =>
      B.gl1(
        c.cose({
          protectedBytes: B.map([
            [B.int(1), B.nint(U64_MAX)],
            [B.int(4), B.bytes(c.I.kid)],
          ]),
        }),
      ),
  ),
  v(
    'crypto.alg_bignum',
    'crypto.algorithm',
    'algorithm a non-integer is not EdDSA (-8)',
    "protected `{1: 3(h'07')}` (-8 as a negative bignum)",
    (c) =>
      B.gl1(
        c.cose({
          protectedBytes: B.map([
            [B.int(1), B.tag(3, B.bytes(B.raw('07')))],
            [B.int(4), B.bytes(c.I.kid)],
          ]),
        }),
      ),
  ),
  v(
    'crypto.alg_float',
    'crypto.algorithm',
    'algorithm a non-integer is not EdDSA (-8)',
    'protected `{1: -8.0}` (half float `F9 C800`)',
    (c) =>
      B.gl1(
        c.cose({
          protectedBytes: B.map([
            [B.int(1), B.raw('f9c800')],
            [B.int(4), B.bytes(c.I.kid)],
          ]),
        }),
      ),
  ),
  v(
    'crypto.no_kid',
    'crypto.key_unknown',
    'the code has no kid',
    'signed, protected `{1: -8}` and no kid anywhere',
    (c) => B.gl1(c.cose({ protectedBytes: B.map([[B.int(1), B.int(-8)]]) })),
  ),
  v(
    'crypto.kid_short',
    'crypto.key_unknown',
    'kid 01020304 is not a trusted key',
    "protected `{1: -8, 4: h'01020304'}` (4-byte kid)",
    (c) =>
      B.gl1(
        c.cose({
          protectedBytes: B.map([
            [B.int(1), B.int(-8)],
            [B.int(4), B.bytes(B.raw('01020304'))],
          ]),
        }),
      ),
  ),
  v(
    'crypto.kid_unknown',
    'crypto.key_unknown',
    'is not in the trust list',
    'a code signed by a key that is in no trust list',
    (c) => c.code({ key: c.X }),
  ),
  v(
    'crypto.signature_flipped',
    'crypto.signature',
    'the signature does not match the key',
    'a valid code with the last signature bit flipped',
    (c) => B.gl1(c.cose({ signature: flipLast })),
  ),
  v(
    'crypto.signature_short',
    'crypto.signature',
    'the signature does not match the key',
    'a valid code with a 63-byte signature',
    (c) => B.gl1(c.cose({ signature: (s) => s.subarray(0, 63) })),
  ),
  v(
    'crypto.signature_empty',
    'crypto.signature',
    'the signature does not match the key',
    'a valid code with an empty signature',
    (c) => B.gl1(c.cose({ signature: Buffer.alloc(0) })),
  ),
  v(
    'crypto.payload_altered',
    'crypto.signature',
    'the signature does not match the key',
    'a valid code whose payload was changed after signing (sub)',
    (c) => coseWith(c, (it) => [it[0], it[1], B.bytes(c.payload({ sub: 'p-other' })), it[3]]),
  ),
  v(
    'crypto.protected_reordered',
    'crypto.signature',
    'the signature does not match the key',
    'protected header re-encoded as `{4: kid, 1: -8}` after signing',
    (c) =>
      coseWith(c, (it) => [
        B.bytes(
          B.map([
            [B.int(4), B.bytes(c.I.kid)],
            [B.int(1), B.int(-8)],
          ]),
        ),
        it[1],
        it[2],
        it[3],
      ]),
  ),
  v(
    'crypto.foreign_signer',
    'crypto.signature',
    'the signature does not match the key',
    "a code carrying the issuer's kid, signed by another key",
    (c) => B.gl1(c.cose({ key: c.X, protectedBytes: B.protectedHeader(c.I) })),
  ),

  // ---- claims (all signed by a trusted key) ------------------------------------------------------------
  v('claims.unknown_key', null, '', 'extra claim `{99: "x"}` and Greenlight key `"zz"` (accepted: ignored)', (c) =>
    c.code({
      payload: B.claims({
        iat: NOW - 60,
        exp: NOW + 240,
        gl: { ...c.person, zz: 'x' },
        extra: [[B.int(99), B.text('x')]],
      }),
    }),
  ),
  v('claims.not_map', 'format.claims', 'claims must be a CBOR map', 'payload `[]`', (c) =>
    c.code({ payload: B.array([]) }),
  ),
  v('claims.missing_iss', 'format.claims', 'missing iss (1)', 'claims without key 1', (c) =>
    c.code({ claims: { iss: null } }),
  ),
  v('claims.iss_bytes', 'format.claims', 'iss (1) must be text', 'iss as a byte string', (c) =>
    c.code({ claims: { iss: B.bytes(B.utf8('gl:cn-310000')) } }),
  ),
  v('claims.iss_empty', 'format.claims', 'iss must not be empty', 'iss `""`', (c) => c.code({ claims: { iss: '' } })),
  v('claims.sub_empty', 'format.claims', 'sub must not be empty', 'sub `""`', (c) => c.code({ claims: { sub: '' } })),
  v('claims.exp_negative', 'format.claims', 'exp (4) must be an unsigned integer', 'exp `-1`', (c) =>
    c.code({ claims: { exp: -1 } }),
  ),
  v('claims.exp_text', 'format.claims', 'exp (4) must be an unsigned integer', 'exp as text `"1767225840"`', (c) =>
    c.code({ claims: { exp: String(NOW + 240) } }),
  ),
  v(
    'claims.exp_bignum',
    'format.claims',
    'exp (4) must be an unsigned integer',
    'exp 2^64 as a bignum (`C2 49 010000000000000000`)',
    (c) => c.code({ claims: { exp: B.bignum('010000000000000000') } }),
  ),
  v('claims.exp_float', 'format.claims', 'exp (4) must be an unsigned integer', 'exp as float64', (c) =>
    c.code({ claims: { exp: B.cat('fb41da5542bc000000') } }),
  ),
  v('claims.iat_missing', 'format.claims', 'missing iat (6)', 'claims without key 6', (c) =>
    c.code({ claims: { iat: null } }),
  ),
  v('claims.exp_before_iat', 'format.claims', 'exp is before iat', 'exp = iat − 1', (c) =>
    c.code({ claims: { iat: NOW - 60, exp: NOW - 61 } }),
  ),
  v('claims.gl_missing', 'format.claims', 'missing the Greenlight claim (-65537)', 'claims without key -65537', (c) =>
    c.code({ claims: { gl: null } }),
  ),
  v(
    'claims.gl_text_key',
    'format.claims',
    'missing the Greenlight claim (-65537)',
    'the Greenlight claim under the text key `"-65537"`',
    (c) =>
      c.code({
        payload: B.claims({ iat: NOW - 60, exp: NOW + 240, extra: [[B.text('-65537'), B.glClaim(c.person)]] }),
      }),
  ),
  v('claims.gl_not_map', 'format.claims', 'the Greenlight claim must be a map', 'Greenlight claim `[]`', (c) =>
    c.code({ claims: { gl: B.array([]) } }),
  ),
  v('claims.v2', 'format.claims', 'unsupported GL1 claim version 2', '`v: 2`', (c) =>
    c.code({ claims: { gl: { ...c.person, v: 2 } } }),
  ),
  v('claims.v_huge', 'format.claims', 'unsupported GL1 claim version 18446744073709551615', '`v: 2^64-1`', (c) =>
    c.code({ claims: { gl: { ...c.person, v: U64_MAX } } }),
  ),
  v('claims.v_text', 'format.claims', 'v must be an unsigned integer', '`v: "1"`', (c) =>
    c.code({ claims: { gl: { ...c.person, v: '1' } } }),
  ),
  v('claims.t_unknown', 'format.claims', 'unknown credential type "robot"', '`t: "robot"`', (c) =>
    c.code({ claims: { gl: { ...c.person, t: 'robot' } } }),
  ),
  v('claims.t_case', 'format.claims', 'unknown credential type "Person"', '`t: "Person"` (case matters)', (c) =>
    c.code({ claims: { gl: { ...c.person, t: 'Person' } } }),
  ),
  v('claims.status_unknown', 'format.claims', 'unknown status "blue"', '`s: "blue"`', (c) =>
    c.code({ claims: { gl: { ...c.person, s: 'blue' } } }),
  ),
  v('claims.name_missing', 'format.claims', 'missing n (masked name)', 'person claim without `n`', (c) =>
    c.code({ claims: { gl: { ...c.person, n: undefined } } }),
  ),
  v('claims.name_empty', 'format.claims', 'a personal code needs a masked name', '`n: ""`', (c) =>
    c.code({ claims: { gl: { ...c.person, n: '' } } }),
  ),
  v(
    'claims.name_control_chars',
    null,
    '',
    '`n: "张\\u0007\\u202E*"` (control and bidi characters: accepted, JSON-escaped in the result)',
    (c) => c.code({ claims: { gl: { ...c.person, n: '张\u0007\u202E*' } } }),
  ),
  v('claims.phone_missing', 'format.claims', 'missing m (masked phone)', 'person claim without `m`', (c) =>
    c.code({ claims: { gl: { ...c.person, m: undefined } } }),
  ),
  v('claims.seq_negative', 'format.claims', 'q (status sequence) must be an unsigned integer', '`q: -1`', (c) =>
    c.code({ claims: { gl: { ...c.person, q: -1 } } }),
  ),
  v('claims.proxy_no_contact', 'format.claims', 'missing e (emergency contact)', 'proxy claim without `e`', (c) =>
    c.code({ claims: { gl: { ...c.proxy, e: undefined } } }),
  ),
  v('claims.place_no_name', 'format.claims', 'missing pn (place name)', 'place claim without `pn`', (c) =>
    c.code({ claims: { gl: { ...c.place, pn: undefined } } }),
  ),
  v('claims.place_empty_name', 'format.claims', 'place name must not be empty', '`pn: ""`', (c) =>
    c.code({ claims: { gl: { ...c.place, pn: '' } } }),
  ),
  v('claims.place_category', 'format.claims', 'unknown place category "casino"', '`pc: "casino"`', (c) =>
    c.code({ claims: { gl: { ...c.place, pc: 'casino' } } }),
  ),
  v(
    'claims.place_region_short',
    'format.claims',
    'region must be a 6-digit administrative division code',
    '`pr: "31010"`',
    (c) => c.code({ claims: { gl: { ...c.place, pr: '31010' } } }),
  ),
  v(
    'claims.place_region_fullwidth',
    'format.claims',
    'region must be a 6-digit administrative division code',
    '`pr: "３１０１０６"` (full-width digits)',
    (c) => c.code({ claims: { gl: { ...c.place, pr: '３１０１０６' } } }),
  ),

  // the itinerary (tr) and declaration summary (dc) of personal codes
  v('claims.tr_accepted', null, '', '`tr: [["440902", 20454], ["110105", 20452]]` (accepted)', (c) =>
    c.code({
      claims: {
        gl: {
          ...c.person,
          tr: trClaim([
            ['440902', 20454],
            ['110105', 20452],
          ]),
        },
      },
    }),
  ),
  v('claims.tr_not_array', 'format.claims', 'tr (itinerary) must be an array', '`tr: "440902"`', (c) =>
    c.code({ claims: { gl: { ...c.person, tr: '440902' } } }),
  ),
  v(
    'claims.tr_pair',
    'format.claims',
    'tr (itinerary) entries must be [region, epoch day]',
    '`tr: [["440902"]]`',
    (c) => c.code({ claims: { gl: { ...c.person, tr: B.array([B.array([B.text('440902')])]) } } }),
  ),
  v(
    'claims.tr_day_huge',
    'format.claims',
    'tr (itinerary) entries must be [region, epoch day]',
    'a day of 2^32 or more',
    (c) => c.code({ claims: { gl: { ...c.person, tr: trClaim([['440902', 2 ** 32]]) } } }),
  ),
  v(
    'claims.tr_region',
    'format.claims',
    'tr (itinerary) regions must be 6-digit administrative division codes',
    '`tr: [["44090", 20454]]`',
    (c) => c.code({ claims: { gl: { ...c.person, tr: trClaim([['44090', 20454]]) } } }),
  ),
  v('claims.tr_order', 'format.claims', 'tr (itinerary) must be newest first', 'oldest visit first', (c) =>
    c.code({
      claims: {
        gl: {
          ...c.person,
          tr: trClaim([
            ['110105', 20452],
            ['440902', 20454],
          ]),
        },
      },
    }),
  ),
  v('claims.tr_twice', 'format.claims', 'tr (itinerary) names region 440902 twice', 'one region twice', (c) =>
    c.code({
      claims: {
        gl: {
          ...c.person,
          tr: trClaim([
            ['440902', 20454],
            ['440902', 20450],
          ]),
        },
      },
    }),
  ),
  v('claims.tr_too_many', 'format.claims', 'tr (itinerary) holds at most 20 regions', '21 regions', (c) =>
    c.code({
      claims: { gl: { ...c.person, tr: trClaim(Array.from({ length: 21 }, (_, i) => [String(110101 + i), 20454])) } },
    }),
  ),
  v('claims.dc_not_map', 'format.claims', 'dc (declaration) must be a map', '`dc: true`', (c) =>
    c.code({ claims: { gl: { ...c.person, dc: B.raw('f5') } } }),
  ),
  v('claims.dc_int_bool', 'format.claims', 'dc.sy (symptoms) must be true or false', '`dc.sy: 1`', (c) =>
    c.code({ claims: { gl: { ...c.person, dc: dcClaim({ sy: B.uint(1) }) } } }),
  ),
  v('claims.dc_no_time', 'format.claims', 'missing dc.t (declared at)', '`dc` without `t`', (c) =>
    c.code({ claims: { gl: { ...c.person, dc: dcClaim({ t: undefined }) } } }),
  ),

  // ---- trust checks ------------------------------------------------------------------------------------
  v(
    'trust.issuer_mismatch',
    'trust.issuer_mismatch',
    'issuer "gl:cn-110000" may not use key',
    'iss `gl:cn-110000` signed by a key of `gl:cn-310000`',
    (c) => c.code({ claims: { iss: 'gl:cn-110000' } }),
  ),
  v(
    'trust.key_use',
    'trust.key_use',
    'may not sign place codes',
    'a place code signed by a key whose use is `["person"]`',
    (c) => c.code({ key: c.P, claims: { gl: c.place } }),
  ),
  v(
    'trust.key_expired_before',
    'trust.key_expired',
    'the code was issued outside the validity of key',
    "iat 40 days ago, the key's nbf 30 days ago",
    (c) => c.code({ key: c.P, claims: { iat: NOW - 40 * 86400 } }),
  ),
  v(
    'trust.key_expired_after',
    'trust.key_expired',
    'the code was issued outside the validity of key',
    "iat 31 days ahead, the key's exp 30 days ahead",
    (c) => c.code({ key: c.P, claims: { iat: NOW + 31 * 86400, exp: NOW + 32 * 86400 } }),
  ),

  // ---- time ------------------------------------------------------------------------------------------------
  v('time.expired', 'time.expired', 'the code expired at 1767225539', 'exp = now − 61 (skew 60)', (c) =>
    c.code({ claims: { iat: NOW - 300, exp: NOW - 61 } }),
  ),
  v('time.expired_edge', null, '', 'exp = now − 60 (accepted: within the skew)', (c) =>
    c.code({ claims: { iat: NOW - 300, exp: NOW - 60 } }),
  ),
  v(
    'time.not_yet_valid',
    'time.not_yet_valid',
    'the code is issued in the future (1767225661)',
    'iat = now + 61',
    (c) => c.code({ claims: { iat: NOW + 61, exp: NOW + 361 } }),
  ),
  v(
    'time.iat_max',
    'time.not_yet_valid',
    'the code is issued in the future (18446744073709551615)',
    'iat = exp = 2^64-1 (key without nbf/exp)',
    (c) => c.code({ key: c.U, claims: { iat: U64_MAX, exp: U64_MAX } }),
  ),
  v('time.exp_max', null, '', 'exp = 2^64-1 (accepted)', (c) => c.code({ key: c.U, claims: { exp: U64_MAX } })),

  // ---- status lists ------------------------------------------------------------------------------------
  v(
    'status.revoked',
    'status.revoked',
    'the code was revoked at status sequence 10',
    'a code with `q: 4` whose subject a loaded status list revokes at `q: 10`',
    (c) => ({
      text: c.code(),
      verifier: {
        statusLists: [
          B.jws(c.I, 'gl-status-list', c.statusPayload({ entries: [{ h: c.h('p-7f3a9c'), s: 'revoked', q: 10 }] })),
        ],
      },
    }),
  ),
  up(
    'status.not_string',
    'status.list_invalid',
    'statusList must be a JWS string or an array of them',
    'update({statusList: [5]}) (npm)',
    () => ({ documents: { statusList: [5] } }),
  ),
  cr(
    'status.create_not_array',
    'status.list_invalid',
    'statusLists must be an array of JWS strings',
    'createVerifier({..., statusLists: "x.y.z"}) (npm)',
    (c) => ({ ...c.base, statusLists: 'x.y.z' }),
  ),
  up(
    'status.signer_no_use',
    'status.list_invalid',
    'document signed by an unknown key',
    'signed by a trusted key whose use lacks `status`',
    (c) => ({ documents: { statusList: B.jws(c.P, 'gl-status-list', c.statusPayload()) } }),
  ),
  up(
    'status.signer_root',
    'status.list_invalid',
    'document signed by an unknown key',
    'signed by the root key (roots sign trust lists and rules only)',
    (c) => ({ documents: { statusList: B.jws(c.R, 'gl-status-list', c.statusPayload()) } }),
  ),
  up(
    'status.typ',
    'status.list_invalid',
    'JWS typ must be "gl-status-list"',
    'a status list with `typ: "gl-trust-list"`',
    (c) => ({ documents: { statusList: B.jws(c.I, 'gl-trust-list', c.statusPayload()) } }),
  ),
  up(
    'status.iss_mismatch',
    'status.list_invalid',
    'status list iss "gl:other" is not its key\'s issuer',
    '`iss: "gl:other"` signed by a key of `gl:cn-310000`',
    (c) => ({ documents: { statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ iss: 'gl:other' })) } }),
  ),
  up(
    'status.no_entries',
    'status.list_invalid',
    'status list needs iss, iat, exp, seq and entries',
    'payload without `entries`',
    (c) => ({ documents: { statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ entries: undefined })) } }),
  ),
  up('status.payload_array', 'status.list_invalid', 'the payload must be an object', 'payload `[]`', (c) => ({
    documents: { statusList: B.jws(c.I, 'gl-status-list', '[]') },
  })),
  up('status.entries_numbers', 'status.list_invalid', 'entries must hold objects', '`entries: [1]`', (c) => ({
    documents: { statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ entries: [1] })) },
  })),
  up(
    'status.entry_nested',
    'status.list_invalid',
    'entries must hold flat objects',
    'an entry with `x: {}` inside',
    (c) => ({
      documents: {
        statusList: B.jws(
          c.I,
          'gl-status-list',
          c.statusPayload({ entries: [{ h: c.h('a'), s: 'red', q: 1, x: {} }] }),
        ),
      },
    }),
  ),
  up('status.entry_h', 'status.list_invalid', 'entries[0].h must be base64url of 16 bytes', '`h` of 15 bytes', (c) => ({
    documents: {
      statusList: B.jws(
        c.I,
        'gl-status-list',
        c.statusPayload({ entries: [{ h: B.b64url(Buffer.alloc(15)), s: 'red', q: 1 }] }),
      ),
    },
  })),
  up('status.entry_s', 'status.list_invalid', 'entries[0].s is not a status', '`s: "purple"`', (c) => ({
    documents: {
      statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ entries: [{ h: c.h('a'), s: 'purple', q: 1 }] })),
    },
  })),
  up(
    'status.entry_q_negative',
    'status.list_invalid',
    'entries[0].q must not be a negative number',
    '`q: -1`',
    (c) => ({
      documents: {
        statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ entries: [{ h: c.h('a'), s: 'red', q: -1 }] })),
      },
    }),
  ),
  up(
    'status.entry_q_huge',
    'status.list_invalid',
    'entries[0].q must not be a fractional number',
    '`q: 18446744073709551616` (2^64: parsed as a float)',
    (c) => ({
      documents: {
        statusList: B.jws(
          c.I,
          'gl-status-list',
          JSON.stringify(c.statusPayload({ entries: [{ h: c.h('a'), s: 'red', q: 0 }] })).replace(
            '"q":0',
            '"q":18446744073709551616',
          ),
        ),
      },
    }),
  ),
  up('status.entry_incomplete', 'status.list_invalid', 'entries[0] needs h, s and q', 'an entry without `q`', (c) => ({
    documents: { statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ entries: [{ h: c.h('a'), s: 'red' }] })) },
  })),
  up('status.seq_text', 'status.list_invalid', 'seq must be an unsigned integer', '`seq: "5"`', (c) => ({
    documents: { statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ seq: '5' })) },
  })),
  up('status.iss_number', 'status.list_invalid', 'iss must be text', '`iss: 7`', (c) => ({
    documents: { statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ iss: 7 })) },
  })),
  up(
    'status.malformed',
    'status.list_invalid',
    'malformed JSON near byte',
    'payload `{"iss":` (truncated JSON)',
    (c) => ({ documents: { statusList: B.jws(c.I, 'gl-status-list', '{"iss":') } }),
  ),
  up(
    'status.invalid_utf8',
    'status.list_invalid',
    'malformed JSON near byte',
    'payload with bytes `FF FE` inside the iss string',
    (c) => ({
      documents: { statusList: B.jws(c.I, 'gl-status-list', B.cat(B.utf8('{"iss":"'), 'fffe', B.utf8('"}'))) },
    }),
  ),
  up(
    'status.dup_subject',
    'status.list_invalid',
    'a subject appears twice in the snapshot',
    'a snapshot listing one subject twice',
    (c) => ({
      documents: {
        statusList: B.jws(
          c.I,
          'gl-status-list',
          c.statusPayload({
            entries: [
              { h: c.h('a'), s: 'red', q: 1 },
              { h: c.h('a'), s: 'green', q: 2 },
            ],
          }),
        ),
      },
    }),
  ),
  up(
    'status.dup_subject_delta',
    'status.list_invalid',
    'a subject appears twice in the delta',
    'a delta listing one subject twice',
    (c) => ({
      setup: { statusLists: [B.jws(c.I, 'gl-status-list', c.statusPayload())] },
      documents: {
        statusList: B.jws(
          c.I,
          'gl-status-list',
          c.statusPayload({
            seq: 6,
            base: 5,
            entries: [
              { h: c.h('a'), s: 'red', q: 1 },
              { h: c.h('a'), s: 'green', q: 2 },
            ],
          }),
        ),
      },
    }),
  ),
  ...[
    [
      'status.packed_base64url',
      'packed entries are not base64url',
      '`entries: "not base64url!"` (the packed form)',
      'not base64url!',
    ],
    [
      'status.packed_version',
      'packed entries: unknown version 2',
      'packed entries of version 2',
      [2, 32, 0, 1, 0, 0, 0],
    ],
    [
      'status.packed_prefix',
      'hash prefix must be 32 to 64 bits',
      'packed entries with 16-bit prefixes',
      [1, 16, 0, 1, 0, 0, 0],
    ],
    [
      'status.packed_count',
      'count 127 does not fit the data',
      'packed entries claiming 127 entries in one byte',
      [1, 32, 0, 1, 0, 127, 0, 0],
    ],
    [
      'status.packed_trailing',
      'bytes after the last entry',
      'packed entries with a byte after the last entry',
      [1, 32, 0, 1, 0, 1, 0, 0, 0],
    ],
    [
      'status.packed_padding',
      'padding bits must be zero',
      'packed entries whose last byte has a padding bit set',
      [1, 32, 0, 1, 0, 1, 0, 1],
    ],
  ].map(([id, message, input, entries]) =>
    up(id, 'status.list_invalid', message, input, (c) => ({
      documents: {
        statusList: B.jws(
          c.I,
          'gl-status-list',
          c.statusPayload({
            entries: typeof entries === 'string' ? entries : Buffer.from(entries).toString('base64url'),
          }),
        ),
      },
    })),
  ),
  up(
    'status.delta_seq',
    'status.list_invalid',
    "a delta's seq must be above its base",
    'a delta with `seq: 5, base: 5`',
    (c) => ({
      setup: { statusLists: [B.jws(c.I, 'gl-status-list', c.statusPayload())] },
      documents: { statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ seq: 5, base: 5 })) },
    }),
  ),
  up(
    'status.gap_none',
    'status.gap',
    'delta applies to seq 3 but no list is loaded: fetch a snapshot',
    'a delta (`base: 3`) with no list loaded',
    (c) => ({ documents: { statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ seq: 4, base: 3 })) } }),
  ),
  up(
    'status.gap',
    'status.gap',
    'delta applies to seq 4 but seq 5 is loaded: fetch a snapshot',
    'a delta `base: 4` after snapshot `seq: 5`',
    (c) => ({
      setup: { statusLists: [B.jws(c.I, 'gl-status-list', c.statusPayload())] },
      documents: { statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ seq: 6, base: 4 })) },
    }),
  ),
  up('status.expired', 'status.list_expired', 'status list expired at 1000000000', '`exp: 1000000000` (2001)', (c) => ({
    documents: { statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ iat: LONG_AGO - 10, exp: LONG_AGO })) },
  })),
  up(
    'status.stale',
    'status.list_stale',
    'status list seq 4 is older than the loaded 5',
    'a snapshot `seq: 4` after `seq: 5`',
    (c) => ({
      setup: { statusLists: [B.jws(c.I, 'gl-status-list', c.statusPayload())] },
      documents: { statusList: B.jws(c.I, 'gl-status-list', c.statusPayload({ seq: 4 })) },
    }),
  ),
  up(
    'status.deep_unknown_field',
    null,
    '',
    'an unknown field holding 100000 nested arrays (accepted: ignored, streamed without recursion)',
    (c) => ({
      documents: {
        statusList: B.jws(
          c.I,
          'gl-status-list',
          JSON.stringify(c.statusPayload()).replace('{', '{"x":' + nest(100000) + ','),
        ),
      },
    }),
  ),

  // ---- region-risk lists -------------------------------------------------------------------------------
  up('regions.accepted', null, '', 'a list marking 440902 high from yesterday (accepted)', (c) => ({
    documents: { regionRisk: B.jws(c.I, 'gl-region-risk', c.regionPayload()) },
  })),
  up('regions.empty_accepted', null, '', '`regions: []`: every area lifted (accepted)', (c) => ({
    documents: { regionRisk: B.jws(c.I, 'gl-region-risk', c.regionPayload({ regions: [] })) },
  })),
  Object.assign(
    v(
      'regions.high_denies',
      null,
      '',
      'a code with `tr: [["440902", today]]` against that list (accepted: denied by R-TRAVEL-HIGH)',
      (c) => ({
        text: c.code({ claims: { gl: { ...c.person, tr: trClaim([['440902', Math.floor(NOW / 86400)]]) } } }),
        verifier: { regionRisk: B.jws(c.I, 'gl-region-risk', c.regionPayload()) },
      }),
    ),
    { reason: 'R-TRAVEL-HIGH' },
  ),
  up(
    'regions.not_string',
    'regions.list_invalid',
    'regionRisk must be a JWS string',
    'update({regionRisk: 5}) (npm)',
    () => ({
      documents: { regionRisk: 5 },
    }),
  ),
  up(
    'regions.signer_no_use',
    'regions.list_invalid',
    'document signed by an unknown key',
    'signed by a trusted key whose use lacks `regions`',
    (c) => ({ documents: { regionRisk: B.jws(c.P, 'gl-region-risk', c.regionPayload()) } }),
  ),
  up(
    'regions.typ',
    'regions.list_invalid',
    'JWS typ must be "gl-region-risk"',
    'a status list given as regionRisk',
    (c) => ({
      documents: { regionRisk: B.jws(c.I, 'gl-status-list', c.statusPayload()) },
    }),
  ),
  up(
    'regions.iss',
    'regions.list_invalid',
    'region-risk list iss "gl:cn-440000" is not its key\'s issuer',
    '`iss` another issuer',
    (c) => ({ documents: { regionRisk: B.jws(c.I, 'gl-region-risk', c.regionPayload({ iss: 'gl:cn-440000' })) } }),
  ),
  up('regions.no_array', 'regions.list_invalid', 'a region-risk list needs a regions array', '`regions: {}`', (c) => ({
    documents: { regionRisk: B.jws(c.I, 'gl-region-risk', c.regionPayload({ regions: {} })) },
  })),
  up(
    'regions.region_short',
    'regions.list_invalid',
    'regions[0].r must be a 6-digit administrative division code',
    '`r: "44090"`',
    (c) => ({
      documents: {
        regionRisk: B.jws(
          c.I,
          'gl-region-risk',
          c.regionPayload({ regions: [{ r: '44090', level: 'high', from: 0 }] }),
        ),
      },
    }),
  ),
  up('regions.level', 'regions.list_invalid', 'regions[0].level must be high or medium', '`level: "low"`', (c) => ({
    documents: {
      regionRisk: B.jws(c.I, 'gl-region-risk', c.regionPayload({ regions: [{ r: '440902', level: 'low', from: 0 }] })),
    },
  })),
  up('regions.from', 'regions.list_invalid', 'regions[0].from must be epoch seconds', '`from: -1`', (c) => ({
    documents: {
      regionRisk: B.jws(
        c.I,
        'gl-region-risk',
        c.regionPayload({ regions: [{ r: '440902', level: 'high', from: -1 }] }),
      ),
    },
  })),
  up(
    'regions.to_before_from',
    'regions.list_invalid',
    'regions[0] ends before it starts',
    '`to` equal to `from`',
    (c) => ({
      documents: {
        regionRisk: B.jws(
          c.I,
          'gl-region-risk',
          c.regionPayload({ regions: [{ r: '440902', level: 'high', from: NOW, to: NOW }] }),
        ),
      },
    }),
  ),
  up('regions.expired', 'regions.list_expired', 'region-risk list expired at 1000000000', '`exp` in 2001', (c) => ({
    documents: { regionRisk: B.jws(c.I, 'gl-region-risk', c.regionPayload({ exp: LONG_AGO })) },
  })),
  up(
    'regions.stale',
    'regions.list_stale',
    'region-risk list seq 4 is older than the loaded 5',
    '`seq: 4` after `seq: 5` was loaded',
    (c) => ({
      setup: { regionRisk: B.jws(c.I, 'gl-region-risk', c.regionPayload()) },
      documents: { regionRisk: B.jws(c.I, 'gl-region-risk', c.regionPayload({ seq: 4 })) },
    }),
  ),

  // ---- configuration and verify context --------------------------------------------------------------
  cr(
    'config.options_missing',
    'config.roots',
    'roots must be a non-empty array of base64url Ed25519 public keys',
    'createVerifier(undefined)',
    () => undefined,
  ),
  cr('config.roots_empty', 'config.roots', 'roots must be a non-empty array', '`roots: []`', (c) => ({
    ...c.base,
    roots: [],
  })),
  cr(
    'config.roots_string',
    'config.roots',
    'roots must be a non-empty array',
    '`roots: "<key>"` (not an array)',
    (c) => ({ ...c.base, roots: c.R.public }),
  ),
  cr(
    'config.root_short',
    'config.roots',
    'each root must be base64url of a 32-byte Ed25519 public key',
    'a root of 31 bytes',
    (c) => ({ ...c.base, roots: [B.b64url(Buffer.alloc(31, 1))] }),
  ),
  cr(
    'config.root_base64',
    'config.roots',
    'each root must be base64url of a 32-byte Ed25519 public key',
    'the root in standard Base64 with `=` padding',
    (c) => ({ ...c.base, roots: [c.R.raw.toString('base64')] }),
  ),
  cr(
    'config.root_space',
    'config.roots',
    'each root must be base64url of a 32-byte Ed25519 public key',
    'the root with a trailing space',
    (c) => ({ ...c.base, roots: [c.R.public + ' '] }),
  ),
  cr(
    'config.root_number',
    'config.roots',
    'each root must be base64url of a 32-byte Ed25519 public key',
    '`roots: [42]`',
    (c) => ({ ...c.base, roots: [42] }),
  ),
  cr(
    'config.skew_negative',
    'config.invalid',
    'skewSeconds must be an integer from 0 to 86400',
    '`skewSeconds: -1`',
    (c) => ({ ...c.base, skewSeconds: -1 }),
  ),
  cr(
    'config.skew_fraction',
    'config.invalid',
    'skewSeconds must be an integer from 0 to 86400',
    '`skewSeconds: 1.5`',
    (c) => ({ ...c.base, skewSeconds: 1.5 }),
  ),
  cr(
    'config.skew_huge',
    'config.invalid',
    'skewSeconds must be an integer from 0 to 86400',
    '`skewSeconds: 86401`',
    (c) => ({ ...c.base, skewSeconds: 86401 }),
  ),
  cr(
    'config.skew_text',
    'config.invalid',
    'skewSeconds must be an integer from 0 to 86400',
    '`skewSeconds: "60"`',
    (c) => ({ ...c.base, skewSeconds: '60' }),
  ),
  cr(
    'config.bigint',
    'config.invalid',
    'options must be JSON-serialisable',
    '`skewSeconds: 60n` (a BigInt, npm)',
    (c) => ({ ...c.base, skewSeconds: 60n }),
  ),
  v(
    'config.now_negative',
    'config.now',
    'now must be epoch seconds (a non-negative number)',
    'verify context `now: -5`',
    (c) => ({ text: c.code(), context: { now: -5 } }),
  ),
  v('config.now_text', 'config.now', 'now must be epoch seconds', 'verify context `now: "1767225600"`', (c) => ({
    text: c.code(),
    context: { now: String(NOW) },
  })),
  v('config.now_nan', 'config.now', 'now must be epoch seconds', 'verify context `now: NaN`', (c) => ({
    text: c.code(),
    context: { now: NaN },
  })),
  v('config.now_huge', 'config.now', 'now must be epoch seconds', 'verify context `now: 1e300` (beyond 2^64)', (c) => ({
    text: c.code(),
    context: { now: 1e300 },
  })),
  up('config.update_null', 'config.invalid', 'update takes an object', 'update(null) (npm)', () => ({
    documents: null,
  })),
  v(
    'config.place_text',
    'config.place',
    'place must be { id?, category, region? } with text values',
    'verify context `place: "mall"`',
    (c) => ({ text: c.code(), context: { now: NOW, place: 'mall' } }),
  ),
  v(
    'config.place_category_number',
    'config.place',
    'place must be { id?, category, region? } with text values',
    'verify context `place: {category: 7}`',
    (c) => ({ text: c.code(), context: { now: NOW, place: { category: 7 } } }),
  ),
  v(
    'config.place_category',
    'config.place',
    'unknown place category "casino"',
    'verify context `place: {category: "casino"}`',
    (c) => ({ text: c.code(), context: { now: NOW, place: { category: 'casino' } } }),
  ),
  v(
    'config.place_region',
    'config.place',
    'place region must be a 6-digit administrative division code',
    'verify context `place: {category: "mall", region: "31010"}`',
    (c) => ({ text: c.code(), context: { now: NOW, place: { category: 'mall', region: '31010' } } }),
  ),
  v(
    'config.temperature_text',
    'config.temperature',
    'temperature must be a number (°C)',
    'verify context `temperature: "37"`',
    (c) => ({ text: c.code(), context: { now: NOW, temperature: '37' } }),
  ),
  v(
    'config.temperature_range',
    'config.temperature',
    'temperature must be in °C, from 25 to 45',
    'verify context `temperature: 99`',
    (c) => ({ text: c.code(), context: { now: NOW, temperature: 99 } }),
  ),
  v(
    'config.temperature_infinite',
    'config.temperature',
    'temperature must be a number (°C)',
    'verify context `temperature: Infinity`',
    (c) => ({ text: c.code(), context: { now: NOW, temperature: Infinity } }),
  ),
  v('config.locale', 'config.locale', 'locale must be zh-CN or en', 'verify context `locale: "fr"`', (c) => ({
    text: c.code(),
    context: { now: NOW, locale: 'fr' },
  })),
  v('config.locale_number', 'config.locale', 'locale must be zh-CN or en', 'verify context `locale: 5`', (c) => ({
    text: c.code(),
    context: { now: NOW, locale: 5 },
  })),

  // ---- JWS envelope (trust list) -----------------------------------------------------------------------
  cr(
    'jws.create_missing',
    'trust.list_invalid',
    'trustList must be a JWS string',
    'createVerifier without `trustList`',
    (c) => ({ roots: c.base.roots }),
  ),
  up('jws.not_string', 'trust.list_invalid', 'trustList must be a JWS string', 'update({trustList: 7}) (npm)', () => ({
    documents: { trustList: 7 },
  })),
  cr(
    'jws.empty',
    'trust.list_invalid',
    'not a JWS compact serialization (three base64url parts)',
    '`trustList: ""`',
    (c) => ({ ...c.base, trustList: '' }),
  ),
  up(
    'jws.two_parts',
    'trust.list_invalid',
    'not a JWS compact serialization (three base64url parts)',
    'a valid trust list without its signature part (`h.p`)',
    (c) => ({ documents: { trustList: c.trustList.split('.').slice(0, 2).join('.') } }),
  ),
  up(
    'jws.four_parts',
    'trust.list_invalid',
    'not a JWS compact serialization (three base64url parts)',
    'a valid trust list + `.x`',
    (c) => ({ documents: { trustList: c.trustList + '.x' } }),
  ),
  up(
    'jws.json_serialization',
    'trust.list_invalid',
    'not a JWS compact serialization',
    'the JWS JSON serialization `{"payload":...,"signatures":[...]}`',
    (c) => {
      const [h, p, s] = c.trustList.split('.');
      return { documents: { trustList: JSON.stringify({ payload: p, signatures: [{ protected: h, signature: s }] }) } };
    },
  ),
  up(
    'jws.header_not_b64url',
    'trust.list_invalid',
    'JWS header is not base64url',
    'header part `e30=` (padded Base64)',
    (c) => ({ documents: { trustList: 'e30=.' + c.trustList.split('.').slice(1).join('.') } }),
  ),
  up('jws.header_not_json', 'trust.list_invalid', 'malformed JSON', 'header `not json`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: 'not json' }) },
  })),
  up('jws.header_array', 'trust.list_invalid', 'JWS header must be a JSON object', 'header `[]`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: '[]' }) },
  })),
  up(
    'jws.header_invalid_utf8',
    'trust.list_invalid',
    'malformed JSON',
    'header `{"alg":"EdDSA` + byte `FF` + `"}`',
    (c) => ({
      documents: {
        trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), {
          header: B.cat(B.utf8('{"alg":"EdDSA'), 'ff', B.utf8('"}')),
        }),
      },
    }),
  ),
  up('jws.header_control_char', 'trust.list_invalid', 'malformed JSON', 'header whose typ holds a raw U+0001', (c) => ({
    documents: {
      trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), {
        header: `{"alg":"EdDSA","kid":"${c.R.kidText}","typ":"gl-trust-list\u0001"}`,
      }),
    },
  })),
  up('jws.alg_none', 'trust.list_invalid', 'JWS alg must be "EdDSA"', '`alg: "none"`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: { alg: 'none' } }) },
  })),
  up('jws.alg_case', 'trust.list_invalid', 'JWS alg must be "EdDSA"', '`alg: "eddsa"`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: { alg: 'eddsa' } }) },
  })),
  up('jws.alg_missing', 'trust.list_invalid', 'JWS alg must be "EdDSA"', 'header without `alg`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: { alg: undefined } }) },
  })),
  up('jws.crit', 'trust.list_invalid', 'JWS crit headers are not supported', '`crit: ["exp"]`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: { crit: ['exp'] } }) },
  })),
  up('jws.typ_wrong', 'trust.list_invalid', 'JWS typ must be "gl-trust-list"', '`typ: "gl-rules"`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-rules', c.trustPayload()) },
  })),
  up('jws.typ_missing', 'trust.list_invalid', 'JWS typ must be "gl-trust-list"', 'header without `typ`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: { typ: undefined } }) },
  })),
  up('jws.kid_missing', 'trust.list_invalid', 'JWS header has no kid', 'header without `kid`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: { kid: undefined } }) },
  })),
  up('jws.kid_number', 'trust.list_invalid', 'JWS header has no kid', '`kid: 5`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: { kid: 5 } }) },
  })),
  up('jws.kid_short', 'trust.list_invalid', 'JWS kid must be base64url of 8 bytes', '`kid` of 7 bytes', (c) => ({
    documents: {
      trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: { kid: B.b64url(c.R.kid.subarray(0, 7)) } }),
    },
  })),
  up(
    'jws.unknown_signer',
    'trust.list_invalid',
    'document signed by an unknown key',
    'a trust list signed by an issuer key, not a root',
    (c) => ({ documents: { trustList: B.jws(c.I, 'gl-trust-list', c.trustPayload()) } }),
  ),
  up(
    'jws.signature_not_b64url',
    'trust.list_invalid',
    'JWS signature is not base64url',
    'signature part `***`',
    (c) => ({
      documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { mutate: ([h, p]) => [h, p, '***'] }) },
    }),
  ),
  up(
    'jws.signature_flipped',
    'trust.list_invalid',
    'document signature does not verify',
    'a valid trust list with one signature bit flipped',
    (c) => ({
      documents: {
        trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), {
          mutate: ([h, p, s]) => [h, p, B.b64url(flipLast(Buffer.from(s, 'base64url')))],
        }),
      },
    }),
  ),
  up(
    'jws.signature_empty',
    'trust.list_invalid',
    'document signature does not verify',
    'a valid trust list with an empty signature part',
    (c) => ({
      documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { mutate: ([h, p]) => [h, p, ''] }) },
    }),
  ),
  up(
    'jws.payload_altered',
    'trust.list_invalid',
    'document signature does not verify',
    'the payload part replaced after signing (`seq: 6`)',
    (c) => ({
      documents: {
        trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), {
          mutate: ([h, , s]) => [h, B.b64url(B.utf8(JSON.stringify(c.trustPayload({ seq: 6 })))), s],
        }),
      },
    }),
  ),
  up(
    'jws.payload_not_b64url',
    'trust.list_invalid',
    'JWS payload is not base64url',
    'a signed payload part `!!!!` (signature valid over it)',
    (c) => ({ documents: { trustList: B.jws(c.R, 'gl-trust-list', {}, { payloadPart: '!!!!' }) } }),
  ),
  up('jws.trailing_newline', null, '', 'a valid trust list + `\\r\\n` (accepted)', (c) => ({
    documents: { trustList: c.trustList + '\r\n' },
  })),
  up('jws.update_empty', null, '', 'update({trustList: ""}) (accepted as "not given": nothing changes)', () => ({
    documents: { trustList: '' },
  })),

  // ---- trust list payload ------------------------------------------------------------------------------
  up('trustlist.payload_not_json', 'trust.list_invalid', 'malformed JSON', 'payload `{"iss":`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-trust-list', '{"iss":') },
  })),
  up(
    'trustlist.payload_array',
    'trust.list_invalid',
    'trust-list payload must be a JSON object',
    'payload `[]`',
    (c) => ({ documents: { trustList: B.jws(c.R, 'gl-trust-list', '[]') } }),
  ),
  up(
    'trustlist.invalid_utf8',
    'trust.list_invalid',
    'malformed JSON',
    'payload with bytes `FF FE` inside the iss string',
    (c) => {
      const s = JSON.stringify(c.trustPayload());
      const i = s.indexOf('gl-root');
      return {
        documents: { trustList: B.jws(c.R, 'gl-trust-list', B.cat(B.utf8(s.slice(0, i)), 'fffe', B.utf8(s.slice(i)))) },
      };
    },
  ),
  up(
    'trustlist.control_char',
    'trust.list_invalid',
    'malformed JSON',
    'payload whose iss string holds a raw U+0001',
    (c) => ({
      documents: {
        trustList: B.jws(
          c.R,
          'gl-trust-list',
          JSON.stringify(c.trustPayload()).replace('"gl-root"', '"gl-\u0001root"'),
        ),
      },
    }),
  ),
  up(
    'trustlist.missing_seq',
    'trust.list_invalid',
    'trust list needs iss (text) and iat, exp, seq (unsigned integers)',
    'payload without `seq`',
    (c) => ({ documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload({ seq: undefined })) } }),
  ),
  up(
    'trustlist.seq_negative',
    'trust.list_invalid',
    'trust list needs iss (text) and iat, exp, seq (unsigned integers)',
    '`seq: -1`',
    (c) => ({ documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload({ seq: -1 })) } }),
  ),
  up(
    'trustlist.seq_huge',
    'trust.list_invalid',
    'trust list needs iss (text) and iat, exp, seq (unsigned integers)',
    '`seq: 18446744073709551616` (2^64)',
    (c) => ({
      documents: {
        trustList: B.jws(
          c.R,
          'gl-trust-list',
          JSON.stringify(c.trustPayload()).replace('"seq":5', '"seq":18446744073709551616'),
        ),
      },
    }),
  ),
  up(
    'trustlist.seq_float',
    'trust.list_invalid',
    'trust list needs iss (text) and iat, exp, seq (unsigned integers)',
    '`seq: 6.0`',
    (c) => ({
      documents: {
        trustList: B.jws(c.R, 'gl-trust-list', JSON.stringify(c.trustPayload()).replace('"seq":5', '"seq":6.0')),
      },
    }),
  ),
  up(
    'trustlist.seq_text',
    'trust.list_invalid',
    'trust list needs iss (text) and iat, exp, seq (unsigned integers)',
    '`seq: "6"`',
    (c) => ({ documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload({ seq: '6' })) } }),
  ),
  up(
    'trustlist.dup_seq',
    null,
    '',
    '`"seq": 6, ..., "seq": 7` (accepted: the last duplicate wins, RFC 7515 §5.2)',
    (c) => ({
      documents: {
        trustList: B.jws(c.R, 'gl-trust-list', JSON.stringify(c.trustPayload({ seq: 6 })).replace('{', '{"seq":7,')),
      },
    }),
  ),
  up(
    'trustlist.keys_missing',
    'trust.list_invalid',
    'trust list needs a keys array',
    'payload without `keys`',
    (c) => ({ documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload({ keys: undefined })) } }),
  ),
  up('trustlist.key_not_object', 'trust.list_invalid', 'keys[0] must be an object', '`keys: ["x"]`', (c) => ({
    documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload({ keys: ['x'] })) },
  })),
  up(
    'trustlist.key_x',
    'trust.list_invalid',
    'keys[0].x must be base64url of a 32-byte Ed25519 public key',
    '`x` of 33 bytes',
    (c) => ({
      documents: {
        trustList: B.jws(
          c.R,
          'gl-trust-list',
          c.trustPayload({ keys: [{ kid: c.I.kidText, x: B.b64url(Buffer.alloc(33, 2)), iss: c.ISS, use: [] }] }),
        ),
      },
    }),
  ),
  up(
    'trustlist.key_kid',
    'trust.list_invalid',
    "keys[0].kid must be the key's kid (first 8 bytes of SHA-256 of x)",
    '`kid` of another key',
    (c) => ({
      documents: {
        trustList: B.jws(
          c.R,
          'gl-trust-list',
          c.trustPayload({ keys: [{ kid: c.P.kidText, x: c.I.public, iss: c.ISS, use: [] }] }),
        ),
      },
    }),
  ),
  up('trustlist.key_iss', 'trust.list_invalid', 'keys[0].iss must be a non-empty issuer id', '`iss: ""`', (c) => ({
    documents: {
      trustList: B.jws(
        c.R,
        'gl-trust-list',
        c.trustPayload({ keys: [{ kid: c.I.kidText, x: c.I.public, iss: '', use: [] }] }),
      ),
    },
  })),
  up('trustlist.key_use_text', 'trust.list_invalid', 'keys[0].use must be an array', '`use: "person"`', (c) => ({
    documents: {
      trustList: B.jws(
        c.R,
        'gl-trust-list',
        c.trustPayload({ keys: [{ kid: c.I.kidText, x: c.I.public, iss: c.ISS, use: 'person' }] }),
      ),
    },
  })),
  up('trustlist.key_use_number', 'trust.list_invalid', 'keys[0].use must hold strings', '`use: [1]`', (c) => ({
    documents: {
      trustList: B.jws(
        c.R,
        'gl-trust-list',
        c.trustPayload({ keys: [{ kid: c.I.kidText, x: c.I.public, iss: c.ISS, use: [1] }] }),
      ),
    },
  })),
  up('trustlist.key_nbf', 'trust.list_invalid', 'keys[0].nbf must be epoch seconds', '`nbf: "2026-01-01"`', (c) => ({
    documents: {
      trustList: B.jws(
        c.R,
        'gl-trust-list',
        c.trustPayload({ keys: [{ kid: c.I.kidText, x: c.I.public, iss: c.ISS, use: [], nbf: '2026-01-01' }] }),
      ),
    },
  })),
  up('trustlist.key_window', 'trust.list_invalid', 'keys[0] expires before it starts', '`nbf: 20, exp: 10`', (c) => ({
    documents: {
      trustList: B.jws(
        c.R,
        'gl-trust-list',
        c.trustPayload({ keys: [{ kid: c.I.kidText, x: c.I.public, iss: c.ISS, use: [], nbf: 20, exp: 10 }] }),
      ),
    },
  })),
  up(
    'trustlist.expired',
    'trust.list_expired',
    'trust list expired at 1000000000',
    '`exp: 1000000000` (2001)',
    (c) => ({
      documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload({ iat: LONG_AGO - 10, exp: LONG_AGO })) },
    }),
  ),
  cr(
    'trustlist.expired_create',
    'trust.list_expired',
    'trust list expired at 1000000000',
    'createVerifier with `exp: 1000000000`',
    (c) => ({
      ...c.base,
      trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload({ iat: LONG_AGO - 10, exp: LONG_AGO })),
    }),
  ),
  up(
    'trustlist.stale',
    'trust.list_stale',
    'trust list seq 4 is older than the loaded 5',
    '`seq: 4` after `seq: 5`',
    (c) => ({ documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload({ seq: 4 })) } }),
  ),
  up('trustlist.same_seq', null, '', 'the loaded list again (`seq: 5`, accepted)', (c) => ({
    documents: { trustList: c.trustList },
  })),

  // ---- rule sets ---------------------------------------------------------------------------------------
  up('rules.not_string', 'rules.list_invalid', 'rules must be a JWS string', 'update({rules: 5}) (npm)', () => ({
    documents: { rules: 5 },
  })),
  cr(
    'rules.create_garbage',
    'rules.list_invalid',
    'not a JWS compact serialization',
    'createVerifier({..., rules: "x.y"})',
    (c) => ({ ...c.base, rules: 'x.y' }),
  ),
  up(
    'rules.typ',
    'rules.list_invalid',
    'JWS typ must be "gl-rules"',
    'a rule set with `typ: "gl-trust-list"`',
    (c) => ({ documents: { rules: B.jws(c.R, 'gl-trust-list', c.rulePayload([])) } }),
  ),
  up(
    'rules.signer_no_use',
    'rules.list_invalid',
    'document signed by an unknown key',
    'signed by a trusted key whose use lacks `rules`',
    (c) => ({ documents: { rules: B.jws(c.P, 'gl-rules', c.rulePayload([])) } }),
  ),
  up(
    'rules.iss_mismatch',
    'rules.list_invalid',
    'rule set iss "gl:other" is not its key\'s issuer',
    '`iss: "gl:other"` signed by an issuer key of `gl:cn-310000`',
    (c) => ({ documents: { rules: B.jws(c.I, 'gl-rules', c.rulePayload([], { iss: 'gl:other' })) } }),
  ),
  up('rules.payload_array', 'rules.list_invalid', 'a rule set must be a JSON object', 'payload `[]`', (c) => ({
    documents: { rules: B.jws(c.R, 'gl-rules', '[]') },
  })),
  up(
    'rules.missing_seq',
    'rules.list_invalid',
    'a rule set needs iss (text) and iat, exp, seq (unsigned integers)',
    'payload without `seq`',
    (c) => ({ documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([], { seq: undefined })) } }),
  ),
  up('rules.no_rules', 'rules.list_invalid', 'a rule set needs a rules array', '`rules: {}`', (c) => ({
    documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload({})) },
  })),
  up('rules.expired', 'rules.list_expired', 'rule set expired at 1000000000', '`exp: 1000000000` (2001)', (c) => ({
    documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([], { iat: LONG_AGO - 10, exp: LONG_AGO })) },
  })),
  up(
    'rules.stale',
    'rules.list_stale',
    'rule set seq 4 is older than the loaded 5',
    '`seq: 4` after `seq: 5`',
    (c) => ({
      setup: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([])) },
      documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([], { seq: 4 })) },
    }),
  ),
  up('rules.rule_not_object', 'rules.invalid', 'rules[0] must be an object', '`rules: [1]`', (c) => ({
    documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([1])) },
  })),
  up('rules.rule_no_id', 'rules.invalid', 'rules[0].id must be non-empty text', 'a rule with `id: ""`', (c) => ({
    documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([c.rule({ id: '' })])) },
  })),
  up('rules.rule_types', 'rules.invalid', 'rule R1: unknown credential type in types', '`types: ["robot"]`', (c) => ({
    documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([c.rule({ types: ['robot'] })])) },
  })),
  up(
    'rules.rule_category',
    'rules.invalid',
    'rule R1: unknown place category "casino"',
    '`categories: ["casino"]`',
    (c) => ({ documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([c.rule({ categories: ['casino'] })])) } }),
  ),
  up(
    'rules.rule_outcome',
    'rules.invalid',
    'rule R1: outcome must be "deny" or "refer"',
    '`outcome: "admit"`',
    (c) => ({ documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([c.rule({ outcome: 'admit' })])) } }),
  ),
  up(
    'rules.rule_reason',
    'rules.invalid',
    'rule R1: reason must hold zh-CN and en messages',
    '`reason` without `en`',
    (c) => ({ documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([c.rule({ reason: { 'zh-CN': '测试' } })])) } }),
  ),
  up('rules.rule_valid_from', 'rules.invalid', 'rule R1: validFrom must be epoch seconds', '`validFrom: -1`', (c) => ({
    documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([c.rule({ validFrom: -1 })])) },
  })),
  up('rules.rule_no_logic', 'rules.invalid', 'rule R1: logic is missing', 'a rule without `logic`', (c) => ({
    documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([c.rule({ logic: undefined })])) },
  })),
  up('rules.rule_dup_id', 'rules.invalid', 'rule id R1 appears twice', 'two rules with `id: "R1"`', (c) => ({
    documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([c.rule(), c.rule()])) },
  })),
  up('rules.logic_operator', 'rules.invalid', 'rule R1: ', '`logic: {"nope": [1]}` (unknown operator)', (c) => ({
    documents: { rules: B.jws(c.R, 'gl-rules', c.rulePayload([c.rule({ logic: { nope: [1] } })])) },
  })),
  up(
    'rules.logic_deep',
    'rules.limit',
    'rule R1: rule is nested deeper than max_depth (64)',
    '`logic` of 100 nested arrays',
    (c) => ({
      documents: {
        rules: B.jws(
          c.R,
          'gl-rules',
          JSON.stringify(c.rulePayload([c.rule({ logic: 'LOGIC' })])).replace('"LOGIC"', nest(100, 'true')),
        ),
      },
    }),
  ),
  up(
    'rules.logic_nodes',
    'rules.limit',
    'rule R1: rule has more than max_nodes (10000) values',
    '`logic: {"all": [[0, 0, ... 10001 zeros], true]}`',
    (c) => ({
      documents: {
        rules: B.jws(c.R, 'gl-rules', c.rulePayload([c.rule({ logic: { all: [Array(10001).fill(0), true] } })])),
      },
    }),
  ),

  Object.assign(
    v(
      'rules.eval_limit',
      null,
      '',
      'a rule set whose rule R1 needs 160000 iterations (limit 100000): no code, the rule counts as failed and the code is denied with reason `R1`',
      (c) => {
        const arr = Array.from({ length: 400 }, (_, i) => i);
        return {
          text: c.code(),
          verifier: {
            rules: B.jws(c.R, 'gl-rules', c.rulePayload([c.rule({ logic: { some: [arr, { some: [arr, false] }] } })])),
          },
        };
      },
    ),
    { reason: 'R1' },
  ),

  // ---- JSON limits --------------------------------------------------------------------------------------
  up(
    'json.header_deep',
    'trust.list_invalid',
    'JSON nested deeper than 4',
    'JWS header with `"x": [[[[[]]]]]`',
    (c) => ({ documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: { x: [[[[[]]]]] } }) } }),
  ),
  up(
    'json.header_oversized',
    'trust.list_invalid',
    'exceeds 4096',
    'JWS header of over 4096 bytes (`"x": 5000 × "a"`)',
    (c) => ({
      documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload(), { header: { x: 'a'.repeat(5000) } }) },
    }),
  ),
  up(
    'json.payload_deep',
    'trust.list_invalid',
    'JSON nested deeper than 32',
    'trust-list payload with an unknown field of 40 nested arrays',
    (c) => ({
      documents: {
        trustList: B.jws(c.R, 'gl-trust-list', JSON.stringify(c.trustPayload()).replace('{', '{"x":' + nest(40) + ',')),
      },
    }),
  ),
  up(
    'json.payload_deep_in_string',
    null,
    '',
    'trust-list payload with `"x": "[[[[…"` (40 brackets inside a string: accepted)',
    (c) => ({ documents: { trustList: B.jws(c.R, 'gl-trust-list', c.trustPayload({ x: '['.repeat(40) })) } }),
  ),
  up(
    'json.rules_deep',
    'rules.list_invalid',
    'JSON nested deeper than 512',
    'rule-set payload with an unknown field of 600 nested arrays',
    (c) => ({
      documents: {
        rules: B.jws(c.R, 'gl-rules', JSON.stringify(c.rulePayload([])).replace('{', '{"x":' + nest(600) + ',')),
      },
    }),
  ),
  up(
    'json.document_oversized',
    'trust.list_invalid',
    'document of 67108865 bytes exceeds 67108864',
    'update with a trust list of 64 MiB + 1 byte',
    () => ({ documents: { trustList: 'a'.repeat((64 << 20) + 1) } }),
  ),
  cr(
    'json.config_oversized',
    'config.invalid',
    'exceeds 67108864',
    'createVerifier with a trust list of 64 MiB (the options JSON exceeds 64 MiB)',
    (c) => ({ ...c.base, trustList: 'a'.repeat(64 << 20) }),
  ),

  // ---- command line only ----------------------------------------------------------------------------------
  cli(
    'cli.verify_invalid_utf8',
    'format.base45',
    'character outside the Base45 alphabet near position 0',
    '`greenlight verify ... -` with stdin bytes `GL1:` `FF FE FD` (invalid UTF-8)',
    () => ({ verify: true, args: ['-'], stdin: B.cat(B.utf8('GL1:'), 'fffefd') }),
  ),
  cli(
    'cli.verify_nul_url',
    'format.base45',
    'character outside the Base45 alphabet',
    '`greenlight verify ... -` with stdin `https://h.example/#GL1:%00%00\\n`',
    () => ({ verify: true, args: ['-'], stdin: B.utf8('https://h.example/#GL1:%00%00\n') }),
  ),
  cli(
    'cli.rules_malformed',
    'rules.invalid',
    'malformed JSON',
    '`greenlight rules test` with RULES.json `{"rules": [`',
    () => ({
      files: { 'rules.json': '{"rules": [', 'cases.json': '[]' },
      args: ['rules', 'test', '@rules.json', '@cases.json'],
    }),
  ),
  cli(
    'cli.rules_bad_rule',
    'rules.invalid',
    'rule R1: outcome must be "deny" or "refer"',
    '`greenlight rules test` with a rule whose outcome is `"admit"`',
    (c) => ({
      files: { 'rules.json': JSON.stringify(c.rulePayload([c.rule({ outcome: 'admit' })])), 'cases.json': '[]' },
      args: ['rules', 'test', '@rules.json', '@cases.json'],
    }),
  ),
  cli(
    'cli.rules_deep_logic',
    'rules.limit',
    'rule is nested deeper than max_depth (64)',
    '`greenlight rules test` with `logic` of 100 nested arrays',
    (c) => ({
      files: {
        'rules.json': JSON.stringify(c.rulePayload([c.rule({ logic: 'LOGIC' })])).replace('"LOGIC"', nest(100, 'true')),
        'cases.json': '[]',
      },
      args: ['rules', 'test', '@rules.json', '@cases.json'],
    }),
  ),
  cli(
    'cli.rules_cases_object',
    'rules.cases',
    'cases must be an array',
    '`greenlight rules test` with CASES.json `{"cases": 1}`',
    (c) => ({
      files: { 'rules.json': JSON.stringify(c.rulePayload([])), 'cases.json': '{"cases": 1}' },
      args: ['rules', 'test', '@rules.json', '@cases.json'],
    }),
  ),
  cli(
    'cli.rules_cases_malformed',
    'rules.cases',
    'malformed JSON',
    '`greenlight rules test` with CASES.json `[{`',
    (c) => ({
      files: { 'rules.json': JSON.stringify(c.rulePayload([])), 'cases.json': '[{' },
      args: ['rules', 'test', '@rules.json', '@cases.json'],
    }),
  ),
  cli(
    'cli.sign_doc_status_dup',
    'status.list_invalid',
    'a subject appears twice',
    '`greenlight sign-doc --typ gl-status-list` with one subject twice (packing)',
    () => {
      const entry = { h: Buffer.alloc(16, 7).toString('base64url'), s: 'red', q: 1 };
      const payload = { iss: 'gl:cn-310000', iat: NOW, exp: FAR, seq: 1, entries: [entry, entry] };
      return {
        files: { 'p.json': JSON.stringify(payload) },
        args: ['sign-doc', '--key', '@issuer.key.json', '--typ', 'gl-status-list', '@p.json'],
      };
    },
  ),
  cli(
    'cli.sign_doc_array',
    'document.payload',
    'the payload must be a JSON object',
    '`greenlight sign-doc` with payload `[]`',
    () => ({
      files: { 'p.json': '[]' },
      args: ['sign-doc', '--key', '@issuer.key.json', '--typ', 'gl-rules', '@p.json'],
    }),
  ),
  cli(
    'cli.sign_doc_malformed',
    'document.payload',
    'malformed JSON',
    '`greenlight sign-doc` with payload `{"a":` ',
    () => ({
      files: { 'p.json': '{"a":' },
      args: ['sign-doc', '--key', '@issuer.key.json', '--typ', 'gl-rules', '@p.json'],
    }),
  ),
  cli(
    'cli.sign_doc_deep',
    'document.payload',
    'JSON nested deeper than 32',
    '`greenlight sign-doc` with a payload of 40 nested arrays',
    () => ({
      files: { 'p.json': '{"x":' + nest(40) + '}' },
      args: ['sign-doc', '--key', '@issuer.key.json', '--typ', 'gl-rules', '@p.json'],
    }),
  ),
  cli(
    'cli.issue_region',
    'format.claims',
    'region must be a 6-digit administrative division code',
    '`greenlight issue --type place ... --region 31010`',
    () => ({
      args: [
        'issue',
        '--key',
        '@issuer.key.json',
        '--iss',
        'gl:cn-310000',
        '--type',
        'place',
        '--sub',
        'pl-1',
        '--place-name',
        'x',
        '--category',
        'mall',
        '--region',
        '31010',
      ],
    }),
  ),
  cli(
    'cli.issue_empty_sub',
    'format.claims',
    'sub must not be empty',
    '`greenlight issue --type person --sub "" ...`',
    () => ({
      args: [
        'issue',
        '--key',
        '@issuer.key.json',
        '--iss',
        'gl:cn-310000',
        '--type',
        'person',
        '--sub',
        '',
        '--status',
        'green',
        '--name',
        '张*',
        '--phone',
        '138****1234',
      ],
    }),
  ),
  cli(
    'cli.issue_invalid_utf8',
    'format.claims',
    'UTF-8',
    '`greenlight issue --type person ... --name` with the bytes `FF FE` (invalid UTF-8)',
    () => ({
      sh: `issue --key issuer.key.json --iss gl:cn-310000 --type person --sub p-1 --status green --name "$(printf '\\377\\376')" --phone 138 --iat ${NOW}`,
    }),
  ),
  cli(
    'cli.issue_url_scheme',
    'format.prefix',
    'the code URL must start with http:// or https://',
    '`greenlight issue ... --url ftp://h.example/c`',
    () => ({
      args: [
        'issue',
        '--key',
        '@issuer.key.json',
        '--iss',
        'gl:cn-310000',
        '--type',
        'person',
        '--sub',
        'p-1',
        '--status',
        'green',
        '--name',
        '张*',
        '--phone',
        '138****1234',
        '--url',
        'ftp://h.example/c',
      ],
    }),
  ),
  cli(
    'cli.issue_url_fragment',
    'format.prefix',
    'the code URL must not have a fragment',
    '`greenlight issue ... --url https://h.example/c#x`',
    () => ({
      args: [
        'issue',
        '--key',
        '@issuer.key.json',
        '--iss',
        'gl:cn-310000',
        '--type',
        'person',
        '--sub',
        'p-1',
        '--status',
        'green',
        '--name',
        '张*',
        '--phone',
        '138****1234',
        '--url',
        'https://h.example/c#x',
      ],
    }),
  ),
  cli('cli.qr_empty', 'qr.encode', 'nothing to encode', '`greenlight qr ""`', () => ({ args: ['qr', ''] })),
  cli(
    'cli.qr_too_long',
    'qr.encode',
    'cannot encode as QR',
    '`greenlight qr` with 8000 × `A` (beyond QR version 40)',
    () => ({ args: ['qr', 'A'.repeat(8000)] }),
  ),

  // ---- server requests: region-risk lists (POST /api/v1/authority/region-risk) -----------------------------
  srv(
    'server.regions_not_array',
    'regions.invalid',
    'regions: an array',
    'region-risk list with `regions: {}`',
    publishRegions({}),
  ),
  srv(
    'server.regions_entry_not_object',
    'regions.invalid',
    'regions[0]: an object',
    'region-risk list with `regions: ["440902"]`',
    publishRegions(['440902']),
  ),
  srv(
    'server.regions_unknown_field',
    'regions.invalid',
    'regions[0].city: unknown',
    'region-risk entry with an extra field `city`',
    publishRegions([riskEntry({ city: '惠州' })]),
  ),
  srv(
    'server.regions_code',
    'regions.invalid',
    'regions[1].r: a 6-digit administrative division code',
    'region-risk entry with `r: "44090"` (second entry)',
    publishRegions([riskEntry(), riskEntry({ r: '44090' })]),
  ),
  srv(
    'server.regions_code_number',
    'regions.invalid',
    'regions[0].r: a 6-digit',
    'region-risk entry with `r: 440902` (a number)',
    publishRegions([riskEntry({ r: 440902 })]),
  ),
  srv(
    'server.regions_level',
    'regions.invalid',
    'regions[0].level: high or medium',
    'region-risk entry with `level: "low"`',
    publishRegions([riskEntry({ level: 'low' })]),
  ),
  srv(
    'server.regions_from_missing',
    'regions.invalid',
    'regions[0].from: epoch seconds',
    'region-risk entry without `from`',
    publishRegions([{ r: '440902', level: 'high' }]),
  ),
  srv(
    'server.regions_from_negative',
    'regions.invalid',
    'regions[0].from: epoch seconds',
    'region-risk entry with `from: -1`',
    publishRegions([riskEntry({ from: -1 })]),
  ),
  srv(
    'server.regions_from_fraction',
    'regions.invalid',
    'regions[0].from: epoch seconds',
    'region-risk entry with `from: 1.5`',
    publishRegions([riskEntry({ from: 1.5 })]),
  ),
  srv(
    'server.regions_to_text',
    'regions.invalid',
    'regions[0].to: epoch seconds, or null',
    'region-risk entry with `to: "never"`',
    publishRegions([riskEntry({ to: 'never' })]),
  ),
  srv(
    'server.regions_to_before_from',
    'regions.invalid',
    'regions[0].to: after from',
    'region-risk entry with `to` equal to `from`',
    publishRegions([riskEntry({ to: NOW })]),
  ),
  srv(
    'server.regions_too_many',
    'regions.invalid',
    'regions: at most 10000 entries',
    'region-risk list of 10001 entries',
    publishRegions(Array.from({ length: 10001 }, () => riskEntry())),
  ),
  srv(
    'server.regions_empty',
    null,
    '',
    'region-risk list with `regions: []` (lifts every risk area: accepted)',
    publishRegions([]),
  ),
];
