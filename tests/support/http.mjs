// Calling greenlight-server's API from the server suites, and asserting its documented error shape.
import assert from 'node:assert/strict';

// Calls the API: body (an object is sent as JSON, a string or Buffer as is), token, headers.
// Returns { status, headers, bytes, text, json }.
export async function call(server, method, path, { token, body, headers = {} } = {}) {
  // No keep-alive: an idle pooled connection would hold the server's shutdown up to its keep-alive timeout.
  const h = { connection: 'close', ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
  }
  const res = await fetch(server.url + path, { method, headers: h, body: payload });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let json;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json') && text) json = JSON.parse(text);
  return { status: res.status, headers: res.headers, bytes, text, json };
}

export function show(res) {
  return `${res.status} ${res.text.slice(0, 300)}`;
}

// Asserts the documented error shape: {"error": {"code", "message"}} and nothing else.
export function assertError(res, status, code, messageIncludes) {
  assert.equal(res.status, status, show(res));
  assert.ok(res.json, `a JSON error body: ${show(res)}`);
  assert.deepEqual(Object.keys(res.json), ['error']);
  assert.deepEqual(Object.keys(res.json.error).sort(), ['code', 'message']);
  assert.equal(res.json.error.code, code, show(res));
  assert.equal(typeof res.json.error.message, 'string');
  if (messageIncludes)
    assert.ok(
      res.json.error.message.includes(messageIncludes),
      `message names ${messageIncludes}: ${res.json.error.message}`,
    );
}

export function assertRetryAfter(res, max) {
  const value = res.headers.get('retry-after');
  assert.match(value ?? '', /^\d+$/, 'Retry-After in seconds');
  assert.ok(Number(value) >= 1 && Number(value) <= max, `Retry-After ${value} within 1..${max}`);
}
