-- Region risk lists published by authorities (docs/api.md "Region risk"): which administrative divisions
-- are high or medium risk, and from when to when. Verifiers get the newest, signed with the regions key;
-- each list replaces the one before it whole (an empty list lifts every risk area). Kept for the record,
-- never deleted.
CREATE TABLE region_risk_lists (
  seq BIGINT PRIMARY KEY,
  -- the entries as published: [{"r","level","from","to"}], "to" null when open-ended
  regions TEXT NOT NULL,
  reason TEXT NOT NULL,
  published_by TEXT NOT NULL REFERENCES accounts(id),
  published_at BIGINT NOT NULL
);

-- The region-risk lists' signing key is a use of its own ("regions"). A CHECK constraint cannot be altered
-- alike on both databases, so issuer_keys is made again with the new use allowed (a handful of rows). The
-- key itself is made at start, like the other uses' keys (domain/issuer_keys.cpp).
CREATE TABLE issuer_keys_next (
  kid TEXT PRIMARY KEY,
  key_use TEXT NOT NULL CHECK (key_use IN ('person', 'proxy', 'place', 'rules', 'status', 'regions')),
  public_key TEXT NOT NULL,
  secret_enc TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('next', 'active', 'retired', 'revoked')),
  created_at BIGINT NOT NULL,
  not_before BIGINT NOT NULL,
  activated_at BIGINT,
  retired_at BIGINT,
  revoked_at BIGINT
);
INSERT INTO issuer_keys_next (kid, key_use, public_key, secret_enc, state, created_at, not_before, activated_at,
                              retired_at, revoked_at)
  SELECT kid, key_use, public_key, secret_enc, state, created_at, not_before, activated_at, retired_at, revoked_at
  FROM issuer_keys;
DROP TABLE issuer_keys;
ALTER TABLE issuer_keys_next RENAME TO issuer_keys;
CREATE INDEX issuer_keys_use ON issuer_keys (key_use, state);
