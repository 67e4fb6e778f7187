-- Cases, their traced contacts and the venue risk notices published from them (docs/tracing.md).

-- A case: a subject (a person) and an infectious window. Opened, previewed any number of times, then
-- confirmed once (statuses assigned, risk notices published).
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  window_start BIGINT NOT NULL,
  window_end BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'confirmed')),
  note TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES accounts(id),
  created_at BIGINT NOT NULL,
  confirmed_by TEXT REFERENCES accounts(id),
  confirmed_at BIGINT
);
CREATE INDEX cases_person ON cases (person_id);

-- The contacts a confirmation found, with what was assigned (kept after check-ins are purged: the record
-- of why a status changed).
CREATE TABLE case_contacts (
  case_id TEXT NOT NULL REFERENCES cases(id),
  person_id TEXT NOT NULL REFERENCES people(id),
  depth INTEGER NOT NULL,
  exposure_seconds BIGINT NOT NULL,
  first_exposure BIGINT NOT NULL,
  last_exposure BIGINT NOT NULL,
  assigned TEXT NOT NULL,
  q BIGINT,
  PRIMARY KEY (case_id, person_id)
);
CREATE INDEX case_contacts_person ON case_contacts (person_id, last_exposure);

-- Places and time windows visited by confirmed cases: published as a signed document that citizens'
-- phones match against their own check-ins. Places are public (their posters hang at the door).
CREATE TABLE risk_notices (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  place_id TEXT NOT NULL REFERENCES places(id),
  from_time BIGINT NOT NULL,
  to_time BIGINT NOT NULL,
  published_at BIGINT NOT NULL
);
CREATE INDEX risk_notices_to ON risk_notices (to_time);

-- The daily retention purge deletes by check-in time.
CREATE INDEX checkins_time ON checkins (time);
