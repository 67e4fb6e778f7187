// Drives every row of the bad-input matrix (tests/errors/matrix.mjs) through the npm package, or the CLI
// where the CLI is the natural entry (greenlight-server for the server's own requests), and keeps docs/errors.md in step with it: the same row ids, the same
// codes, the messages the engine gives today, and every error code the engine can produce named there.
//
// Rows in `knownFailures` run as `todo` (reported, not fatal), each with its reason.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { repo } from '../support/repo.mjs';
import { areas, context, knownFailures, rows } from './matrix.mjs';
import { cliPath, drive, parseDoc, serverPath, stopServer } from './drive.mjs';

const doc = readFileSync(join(repo, 'docs/errors.md'), 'utf8');
const docRows = parseDoc(doc);
const docById = new Map(docRows.map((r) => [r.id, r]));
const ctx = context();
const haveCli = existsSync(cliPath);
const haveServer = existsSync(serverPath);
after(stopServer);

test('the matrix is well formed', () => {
  const ids = rows.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'row ids are unique');
  const areaIds = new Set(areas.map(([a]) => a));
  for (const r of rows) {
    assert.match(r.id, /^[a-z0-9_]+\.[a-z0-9_]+$/, r.id);
    assert.ok(areaIds.has(r.area), `${r.id}: area ${r.area} has a table`);
    assert.ok(['verify', 'create', 'update', 'cli', 'server'].includes(r.via), r.id);
    assert.ok(r.code === null || /^[a-z0-9_]+\.[a-z0-9_]+$/.test(r.code), r.id);
    assert.ok(r.code === null || r.message.length > 0 || knownFailures[r.id], `${r.id}: a message substring`);
    assert.ok(r.input.length > 0, `${r.id}: an input description`);
  }
  for (const [id, reason] of Object.entries(knownFailures)) {
    assert.ok(ids.includes(id), `known failure ${id} is a row`);
    assert.ok(reason.length > 20, `known failure ${id} says why`);
  }
});

test('docs/errors.md lists exactly the rows of the matrix, with the same codes', () => {
  const ids = new Set(rows.map((r) => r.id));
  const missing = rows.filter((r) => !docById.has(r.id)).map((r) => r.id);
  const extra = docRows.filter((r) => !ids.has(r.id)).map((r) => r.id);
  assert.deepEqual(missing, [], 'rows missing from docs/errors.md (regenerate with node tests/errors/drive.mjs)');
  assert.deepEqual(extra, [], 'rows of docs/errors.md that the matrix lacks');
  assert.equal(docRows.length, new Set(docRows.map((r) => r.id)).size, 'no row id twice in the doc');
  for (const r of rows) assert.equal(docById.get(r.id).code, r.code, `${r.id}: code in docs/errors.md`);
});

// Every code the engine (engine/) or the package (js/index.js, bindings/wasm) or the CLI can give
// appears in docs/errors.md, as a matrix row or in the sections on codes not reachable from outside.
test('every error code in the sources is named in docs/errors.md', () => {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(cpp|hpp|js)$/.test(e.name)) files.push(p);
    }
  };
  for (const d of ['engine', 'bindings/wasm', 'bindings/cli']) walk(join(repo, d));
  files.push(join(repo, 'js/index.js'));
  const codes = new Set();
  const patterns = [
    /make_error\(\s*"([a-z0-9_]+\.[a-z0-9_]+)"/g, // make_error("format.cbor", ...)
    /kInvalid\s*=\s*"([a-z0-9_]+\.[a-z0-9_]+)"/g, // constexpr std::string_view kInvalid = "trust.list_invalid"
    /parse_json\([^;]*?"([a-z0-9_]+\.[a-z0-9_]+)"\)/g, // parse_json(text, limits, "rules.invalid")
    /jws::verify\([^;]*?"([a-z0-9_]+\.[a-z0-9_]+)"\)/g,
    /(?:code: |refuse\()'([a-z0-9_]+\.[a-z0-9_]+)'/g, // js/index.js
  ];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) codes.add(m[1]);
  }
  assert.ok(codes.size > 60, `found ${codes.size} codes`);
  const unnamed = [...codes].filter((c) => !doc.includes('`' + c + '`')).sort();
  assert.deepEqual(unnamed, [], 'codes in the sources that docs/errors.md does not name');
  // and every code of a matrix row is one of them (no typo in the matrix or the doc)
  for (const r of rows) if (r.code) assert.ok(codes.has(r.code), `${r.id}: ${r.code} is a code of the sources`);
});

for (const row of rows) {
  const todo = knownFailures[row.id];
  const skip =
    row.via === 'cli' && !haveCli
      ? `no CLI at ${cliPath} (build the native preset)`
      : row.via === 'server' && !haveServer
        ? `no greenlight-server at ${serverPath} (build the native preset)`
        : false;
  test(`${row.id} -> ${row.code ?? 'accepted'}`, { todo, skip }, async () => {
    const r = await drive(row, ctx);
    assert.equal(r.thrown, undefined, `nothing escapes uncaught: ${r.thrown}`);
    assert.equal(r.plain, true, 'results are plain objects');
    assert.equal(r.code, row.code, `code for ${row.input}: got ${r.code} (${r.message})`);
    if (row.code === null) {
      if (row.via === 'verify') assert.equal(r.valid, true);
      if (row.reason) assert.equal(r.result.reasons[0]?.id, row.reason, 'the rule is the reason');
    } else {
      assert.ok(
        r.message.includes(row.message),
        `message ${JSON.stringify(r.message)} has ${JSON.stringify(row.message)}`,
      );
      if (row.via === 'verify') {
        assert.equal(r.valid, false);
        assert.equal(r.decision, 'deny');
        assert.equal(r.result.reasons[0]?.id, row.code, 'the error is the reason');
      }
      if (row.via === 'update') assert.equal(r.unchanged, true, 'a refused update leaves the loaded documents');
    }
    const documented = docById.get(row.id);
    assert.ok(documented, `${row.id} is in docs/errors.md`);
    assert.equal(documented.message, r.message, `docs/errors.md shows the message the engine gives (${row.id})`);
  });
}
