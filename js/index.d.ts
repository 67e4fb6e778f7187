// Types for @greenlight/engine.

export declare const version: string;

export type CredentialType = 'person' | 'proxy' | 'place';
export type HealthStatus = 'green' | 'yellow' | 'orange' | 'red';

export interface PlaceView {
  name: string;
  category: string;
  region: string;
  address: string | null;
}

export interface CredentialView {
  type: CredentialType;
  status: HealthStatus | null;
  iss: string;
  sub: string;
  iat: number;
  exp: number;
  /** Status sequence number q at issuance (person and proxy codes). */
  seq: number | null;
  /** Masked name, e.g. "张*". */
  name: string | null;
  /** Masked phone, e.g. "138****1234". */
  phone: string | null;
  /** Proxy codes: masked emergency-contact phone. */
  contact: string | null;
  place: PlaceView | null;
}

export interface EngineError {
  /** Stable code such as "format.base45", "crypto.signature", "time.expired". */
  code: string;
  message: string;
}

export interface VerifyResult {
  valid: boolean;
  error: EngineError | null;
  /** Present whenever the signature verified against a trusted key, even if the code is then refused. */
  credential: CredentialView | null;
}

export interface VerifierOptions {
  /** base64url raw Ed25519 public keys allowed to sign trust lists. */
  roots: string[];
  /** The trust list, a JWS (typ gl-trust-list). */
  trustList: string;
  /** Tolerated clock difference in seconds (default 60). */
  skewSeconds?: number;
}

export interface Verifier {
  verify(text: string, context?: { now?: number }): VerifyResult;
  /** Throws an Error with `code` on refusal; the previously loaded documents stay. */
  update(documents: { trustList?: string }): void;
  info(): { trustList: { iss: string; iat: number; exp: number; seq: number; keys: number } };
}

/** Error thrown by createVerifier / update. */
export interface GreenlightError extends Error {
  code: string;
}

export declare function init(options?: { wasmUrl?: string | URL; wasmBinary?: ArrayBuffer | Uint8Array }): Promise<unknown>;
export declare function createVerifier(options: VerifierOptions): Promise<Verifier>;
