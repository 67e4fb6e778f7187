-- Authority staff, the audit trail and status history (docs/api.md "Authority", "Tracing").
-- The tables of tracing itself (cases, contacts, risk notices) come in 0003.

-- Authority staff sign in with a username and a password (argon2id, libsodium crypto_pwhash_str), never by
-- SMS. Their accounts row has authority = 1; the credential is created by `greenlight-server authority add`.
CREATE TABLE authority_credentials (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id),
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  disabled_at BIGINT
);

-- Who did what, when and why: every authority look-up, tracing query and status change, and what the
-- server did by itself (automatic return to green, retention purge: actor_id NULL). Never purged.
-- target is an id (person h-..., case cs-..., place pl-...), never personal data in clear; detail is JSON.
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_id TEXT REFERENCES accounts(id),
  action TEXT NOT NULL,
  target TEXT,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_target ON audit_log (target, at);

-- Every status change of a person, at the status sequence number that published it.
CREATE TABLE status_changes (
  q BIGINT NOT NULL,
  person_id TEXT NOT NULL REFERENCES people(id),
  status TEXT NOT NULL CHECK (status IN ('green', 'yellow', 'orange', 'red')),
  previous TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('declaration', 'authority', 'case', 'auto-green')),
  case_id TEXT,
  actor_id TEXT REFERENCES accounts(id),
  reason TEXT NOT NULL,
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (q, person_id)
);
CREATE INDEX status_changes_person ON status_changes (person_id, q);

-- How a session was opened: an SMS code ('otp') or an authority's password ('password'). The authority
-- role needs a password session: a phone's SMS code alone never opens tracing or look-ups.
ALTER TABLE sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'otp';
