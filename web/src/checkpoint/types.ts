// Engine types, from the npm package's declarations.
export type { Decision, VerifyResult, Verifier, Reason, HealthStatus } from '@greenlight/engine';
