// Reading a signed document's claims where the page only shows them (risk notices, the rules in force):
// verification is the engine's job, at the checkpoint.

/** The payload of a JWS compact serialisation (base64url JSON between the two dots); throws when malformed. */
export function jwsPayload<T>(jws: string): T {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) throw new Error('not a JWS compact serialisation');
  const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))) as T;
}
