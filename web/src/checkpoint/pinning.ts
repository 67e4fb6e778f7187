// Root pinning and rollback protection for the checkpoint's configuration (docs/checkpoint.md, "Pinned
// roots"). checkpoint.json travels over whatever the venue has, often plain HTTP: whoever answers it could
// name their own root and sign their own trust list. So the roots are pinned in IndexedDB at the first
// configuration (trust on first use, or the keys the installer typed or scanned) and a configuration with
// other roots is refused, never applied; and no document older than the stored one replaces it.
import { ConfigError, type CheckpointConfig } from './config';
import type { Verifier } from './types';

/** A refusal the page shows in its trust banner (and keeps for offline restarts). */
export interface TrustRefusal {
  code: string;
  message: string;
  /** Epoch milliseconds, the device's clock. */
  at: number;
}

export class PinningError extends ConfigError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Sorted, without duplicates: roots are a set. */
export const rootSet = (roots: readonly string[]): string[] => [...new Set(roots)].sort();

export const sameRoots = (a: readonly string[], b: readonly string[]): boolean => {
  const x = rootSet(a);
  const y = rootSet(b);
  return x.length === y.length && x.every((k, i) => k === y[i]);
};

/** A stored list of roots of the right shape, else null (IndexedDB can hold anything). */
export function storedRoots(v: unknown): string[] | null {
  return Array.isArray(v) && v.length > 0 && v.every(isRootKey) ? rootSet(v as string[]) : null;
}

/** base64url (no padding) of 32 bytes: 43 characters, the last one carrying 2 bits only. */
export function isRootKey(v: unknown): v is string {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/.test(v);
}

/** The keys an installer typed or pasted (spaces, commas or new lines between them); throws on a bad one. */
export function parseRootKeys(text: string): string[] {
  const keys = text.split(/[\s,;]+/).filter(Boolean);
  const bad = keys.find((k) => !isRootKey(k)) as string | undefined;
  if (bad !== undefined)
    throw new PinningError('config.roots', `not a base64url Ed25519 public key: ${bad.slice(0, 48)}`);
  return rootSet(keys);
}

/**
 * Checks a fetched configuration's roots against the pinned ones (or, before any are pinned, against the
 * installer's). Throws PinningError `config.roots_changed` / `config.roots_mismatch`.
 */
export function checkRoots(fetched: CheckpointConfig, pinned: string[] | null, expected: string[] | null): void {
  if (pinned) {
    if (!sameRoots(fetched.roots, pinned))
      throw new PinningError(
        'config.roots_changed',
        `the configuration names roots ${rootSet(fetched.roots).join(' ')}; this device has ${pinned.join(' ')} pinned`,
      );
  } else if (expected && !sameRoots(fetched.roots, expected)) {
    throw new PinningError(
      'config.roots_mismatch',
      `the configuration names roots ${rootSet(fetched.roots).join(' ')}; the installer entered ${expected.join(' ')}`,
    );
  }
}

/** The configuration's own `seq`, when it has one: a lower one than the stored configuration's is refused. */
export function checkConfigSeq(fetched: CheckpointConfig, stored: CheckpointConfig | null): void {
  if (stored?.seq !== undefined && (fetched.seq ?? -1) < stored.seq)
    throw new PinningError(
      'config.stale',
      `configuration seq ${fetched.seq ?? 'none'} is older than the stored ${stored.seq}`,
    );
}

export interface Merged {
  /** The fetched configuration with, for each signed document, the newer of fetched and stored. */
  config: CheckpointConfig;
  /** Documents of the fetched configuration that were older than the stored ones (engine codes). */
  refusals: { code: string; message: string }[];
}

/**
 * The stored documents are the floor: for the trust list, the rules, the status lists and the region-risk list, the fetched one is
 * taken only when its seq is at least the stored one's (the engine's own rule for `update`, which a fresh
 * verifier made from the fetched configuration alone would bypass). Both verifiers were built with the
 * pinned roots, so both sets of documents are authentic; only their age is compared here.
 */
export function newestDocuments(
  fetched: CheckpointConfig,
  fetchedVerifier: Verifier,
  stored: CheckpointConfig,
  storedVerifier: Verifier,
): Merged {
  const now = fetchedVerifier.info();
  const had = storedVerifier.info();
  const refusals: Merged['refusals'] = [];
  const config: CheckpointConfig = { ...fetched };
  if (now.trustList.seq < had.trustList.seq) {
    config.trustList = stored.trustList;
    refusals.push({
      code: 'trust.list_stale',
      message: `trust list seq ${now.trustList.seq} is older than the stored ${had.trustList.seq}`,
    });
  }
  if (!had.rules.builtIn && (now.rules.builtIn || now.rules.seq < had.rules.seq)) {
    config.rules = stored.rules;
    if (!now.rules.builtIn)
      refusals.push({
        code: 'rules.list_stale',
        message: `rule set seq ${now.rules.seq} is older than the stored ${had.rules.seq}`,
      });
  }
  if (had.statusList && (!now.statusList || now.statusList.seq < had.statusList.seq)) {
    config.statusLists = stored.statusLists;
    if (now.statusList)
      refusals.push({
        code: 'status.list_stale',
        message: `status list seq ${now.statusList.seq} is older than the stored ${had.statusList.seq}`,
      });
  }
  if (had.regionRisk && (!now.regionRisk || now.regionRisk.seq < had.regionRisk.seq)) {
    config.regionRisk = stored.regionRisk;
    if (now.regionRisk)
      refusals.push({
        code: 'regions.list_stale',
        message: `region-risk list seq ${now.regionRisk.seq} is older than the stored ${had.regionRisk.seq}`,
      });
  }
  return { config, refusals };
}
