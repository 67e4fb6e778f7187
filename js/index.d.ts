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
  /** Regions visited in the last 14 days, newest first (claim "tr"); null when the code carries none. */
  itinerary: Visit[] | null;
  /** The latest health declaration's summary (claim "dc"); null when the code carries none. */
  declaration: DeclarationSummary | null;
  place: PlaceView | null;
}

export interface Visit {
  /** 6-digit administrative division code. */
  region: string;
  /** UTC epoch day (floor(epoch seconds / 86400)) of the last visit there. */
  day: number;
}

export interface DeclarationSummary {
  /** Epoch seconds. */
  declaredAt: number;
  symptoms: boolean;
  fever: boolean;
  contact: boolean;
}

export type RiskLevel = 'high' | 'medium';

export interface TravelView {
  /** The itinerary's regions (empty when none is known). */
  regions: string[];
  /** The highest level among the matches; null when nothing matched or no region-risk list is loaded. */
  risk: RiskLevel | null;
  /** Visits of the last 14 days inside a listed region during its listed period. */
  matched: { region: string; level: RiskLevel; day: number }[];
}

export interface EngineError {
  /** Stable code such as "format.base45", "crypto.signature", "time.expired". */
  code: string;
  message: string;
}

export type Decision = 'admit' | 'deny' | 'refer';

export interface Reason {
  /** A rule id (e.g. "R-RED") or an error code (e.g. "time.expired"). */
  id: string;
  outcome: 'deny' | 'refer';
  /** The message in the requested locale. */
  message: string;
  messages: { 'zh-CN': string; en: string };
}

export interface Freshness {
  /** Seconds since the loaded document was issued; null when none is loaded (rulesAge: built-in rules). */
  trustListAge: number | null;
  rulesAge: number | null;
  statusListAge: number | null;
  regionRiskAge: number | null;
}

export interface VerifyResult {
  valid: boolean;
  error: EngineError | null;
  /** Present whenever the signature verified against a trusted key, even if the code is then refused. */
  credential: CredentialView | null;
  /** Effective status: the status list's when newer than the code's; "revoked" for a revoked code. */
  status: HealthStatus | 'revoked' | null;
  decision: Decision;
  reasons: Reason[];
  /** Valid personal codes: the itinerary against the loaded region-risk list; null otherwise. */
  travel: TravelView | null;
  freshness: Freshness;
}

export interface PlaceContext {
  id?: string;
  /** One of the GL1 place categories (docs/format.md). */
  category: string;
  /** 6-digit administrative division code. */
  region?: string;
}

export interface VerifyContext {
  /** Epoch seconds; defaults to the clock. */
  now?: number;
  place?: PlaceContext;
  /** Body temperature in °C (25..45). */
  temperature?: number;
  locale?: 'zh-CN' | 'en';
}

export interface VerifierOptions {
  /** base64url raw Ed25519 public keys allowed to sign trust lists. */
  roots: string[];
  /** The trust list, a JWS (typ gl-trust-list). */
  trustList: string;
  /** A rule set, a JWS (typ gl-rules); the built-in default rules apply until one is loaded. */
  rules?: string;
  /** Status lists, JWS (typ gl-status-list): a snapshot, then deltas, applied in order; entries JSON or packed. */
  statusLists?: string[];
  /** A region-risk list, a JWS (typ gl-region-risk). */
  regionRisk?: string;
  /** Tolerated clock difference in seconds (default 60). */
  skewSeconds?: number;
}

export interface DocumentInfo {
  iss: string;
  iat: number;
  exp: number;
  seq: number;
}

export interface Verifier {
  verify(text: string, context?: VerifyContext): VerifyResult;
  /** All or nothing: throws an Error with `code` on refusal and the previously loaded documents stay. */
  update(documents: { trustList?: string; rules?: string; statusList?: string | string[]; regionRisk?: string }): void;
  info(): {
    trustList: DocumentInfo & { keys: number };
    rules: DocumentInfo & { count: number; builtIn: boolean };
    statusList: (DocumentInfo & { entries: number }) | null;
    regionRisk: (DocumentInfo & { entries: number }) | null;
  };
}

/** Error thrown by createVerifier / update. */
export interface GreenlightError extends Error {
  code: string;
}

export declare function init(options?: {
  wasmUrl?: string | URL;
  wasmBinary?: ArrayBuffer | Uint8Array;
}): Promise<unknown>;
export declare function createVerifier(options: VerifierOptions): Promise<Verifier>;
