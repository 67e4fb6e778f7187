-- Per-day pseudonyms (docs/format.md "Subjects"): a person's dynamic codes carry PiiVault::day_pseudonym of
-- people.subject and the UTC day they were issued on, not people.subject itself, so someone who scanned one
-- code cannot follow that person in the public status list beyond that day. The server keeps the
-- pseudonyms it issued so a scanned code still leads to its person at check-in; maintenance drops them once
-- check-ins of that day can no longer be ingested (retention_days).
CREATE TABLE subject_pseudonyms (
  pseudonym TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people(id),
  day BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX subject_pseudonyms_day ON subject_pseudonyms (day);

-- Codes issued before this migration carry people.subject and live code_ttl: while they may, a status change
-- is published under people.subject too. -1 = such codes may exist (people were here); the first server
-- start sets the time until which they are covered; 0 = none can exist (a new database).
INSERT INTO counters (name, value)
  SELECT 'legacy_subject_codes_until', CASE WHEN EXISTS (SELECT 1 FROM people WHERE account_id IS NOT NULL) THEN -1 ELSE 0 END;
