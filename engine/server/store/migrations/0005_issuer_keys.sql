-- Issuer keys, so an authority can rotate them (docs/api.md "Issuer keys"). Every server process signs
-- with the keys here, so replicas rotate together; the first start imports the data directory's key files
-- as the active keys. Per use (person, proxy, place, rules, status) there is one active key, which signs,
-- and one next key, already published in the trust list so that checkpoints know it before it signs a
-- code. A rotation retires the active key (what it signed before stays valid: codes issued up to
-- retired_at) and activates the next one; a compromised key is revoked instead (dropped from the trust
-- list: everything it signed is refused), together with the next key stored beside it.
CREATE TABLE issuer_keys (
  kid TEXT PRIMARY KEY,
  key_use TEXT NOT NULL CHECK (key_use IN ('person', 'proxy', 'place', 'rules', 'status')),
  public_key TEXT NOT NULL,
  -- the 32-byte seed, sealed with the PII master key (keys/pii.key)
  secret_enc TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('next', 'active', 'retired', 'revoked')),
  created_at BIGINT NOT NULL,
  -- the trust list's nbf (less a day of skew): created_at, or 0 for imported key files, whose codes may be
  -- older than the database
  not_before BIGINT NOT NULL,
  activated_at BIGINT,
  retired_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX issuer_keys_use ON issuer_keys (key_use, state);

-- Moves on every change of issuer_keys: a process re-reads its keys when this differs from what it holds.
INSERT INTO counters (name, value) VALUES ('key_generation', 0);
