-- Greenlight's first schema: accounts and sessions, people, proxies, places, inspectors, check-ins and
-- the status sequence. Portable between SQLite and PostgreSQL: TEXT ids made by the server, BIGINT epoch
-- seconds, no engine-specific types. Personal data only as *_enc (PiiVault.seal) and *_hash (keyed look-up).

CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('status_seq', 0);

-- A sign-in identity: a phone number. Roles beyond citizen come from places and inspector_bindings;
-- authority is a flag set by the server's administrator.
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  phone_hash TEXT NOT NULL UNIQUE,
  phone_enc TEXT NOT NULL,
  authority INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE otp_challenges (
  phone_hash TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

-- Fixed-window counters for rate limits (key = kind + ':' + hashed phone or address).
CREATE TABLE rate_limits (
  key TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Someone a code is about: an account holder (account_id set) or a relative with a proxy code.
-- subject is the pseudonymous id inside personal codes; status and status_q the current status and the
-- status sequence number at which it was set.
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  account_id TEXT UNIQUE REFERENCES accounts(id),
  subject TEXT NOT NULL UNIQUE,
  name_enc TEXT NOT NULL,
  id_number_enc TEXT NOT NULL,
  id_number_hash TEXT NOT NULL,
  phone_enc TEXT,
  phone_hash TEXT,
  status TEXT NOT NULL CHECK (status IN ('green', 'yellow', 'orange', 'red')),
  status_q BIGINT NOT NULL,
  emergency_contact_id TEXT REFERENCES accounts(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX people_id_number ON people (id_number_hash);
CREATE INDEX people_phone ON people (phone_hash);

CREATE TABLE declarations (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  answers TEXT NOT NULL,
  status TEXT NOT NULL,
  matched TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX declarations_person ON declarations (person_id, created_at);

-- One row per printed proxy code; regenerating revokes the old row (and its subject, via the status list).
CREATE TABLE proxies (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  creator_id TEXT NOT NULL REFERENCES accounts(id),
  subject TEXT NOT NULL UNIQUE,
  code_text TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  replaced_by TEXT
);
CREATE INDEX proxies_creator ON proxies (creator_id);
CREATE INDEX proxies_person ON proxies (person_id);

-- Every status (or revocation) published for a subject, in status-sequence order: the status list's
-- snapshot is the latest row per subject hash, a delta the rows after a seq.
CREATE TABLE status_entries (
  q BIGINT NOT NULL,
  subject_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('green', 'yellow', 'orange', 'red', 'revoked')),
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (q, subject_hash)
);
CREATE INDEX status_entries_subject ON status_entries (subject_hash, q);

CREATE TABLE places (
  id TEXT PRIMARY KEY,
  admin_id TEXT NOT NULL UNIQUE REFERENCES accounts(id),
  region TEXT NOT NULL,
  address TEXT NOT NULL,
  category TEXT NOT NULL,
  name TEXT NOT NULL,
  declaration_code_enc TEXT NOT NULL,
  declaration_code_hash TEXT NOT NULL UNIQUE,
  code_text TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE checkpoints (
  id TEXT PRIMARY KEY,
  place_id TEXT NOT NULL REFERENCES places(id),
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (place_id, name)
);

CREATE TABLE inspector_bindings (
  place_id TEXT NOT NULL REFERENCES places(id),
  account_id TEXT NOT NULL REFERENCES accounts(id),
  bound_at BIGINT NOT NULL,
  PRIMARY KEY (place_id, account_id)
);
CREATE INDEX inspector_bindings_account ON inspector_bindings (account_id);

-- A visit. client_id is the idempotency key a device chose. subject/person_id are set when the scanned
-- code verified on the server (verify_error holds the engine's code otherwise); manual_* hold a hand
-- registration's personal data, sealed.
CREATE TABLE checkins (
  client_id TEXT PRIMARY KEY,
  place_id TEXT NOT NULL REFERENCES places(id),
  checkpoint TEXT,
  inspector_id TEXT REFERENCES accounts(id),
  submitted_by TEXT NOT NULL REFERENCES accounts(id),
  method TEXT NOT NULL CHECK (method IN ('inspector-scan', 'self-scan', 'manual')),
  time BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  decision TEXT CHECK (decision IN ('admit', 'deny', 'refer')),
  status TEXT,
  reasons TEXT NOT NULL,
  temperature_class TEXT CHECK (temperature_class IN ('normal', 'fever')),
  temperature DOUBLE PRECISION,
  subject TEXT,
  person_id TEXT REFERENCES people(id),
  code_type TEXT,
  verify_error TEXT,
  companion_of TEXT,
  manual_name_enc TEXT,
  manual_id_number_enc TEXT,
  manual_id_number_hash TEXT,
  manual_phone_enc TEXT,
  manual_phone_hash TEXT
);
CREATE INDEX checkins_place_time ON checkins (place_id, time);
CREATE INDEX checkins_person_time ON checkins (person_id, time);
CREATE INDEX checkins_subject_time ON checkins (subject, time);
CREATE INDEX checkins_submitted_by ON checkins (submitted_by, time);
