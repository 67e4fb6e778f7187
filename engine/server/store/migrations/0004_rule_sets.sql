-- Rule sets published by authorities (docs/api.md "Rule sets"): each one passed its example cases before it
-- was stored; verifiers get the newest, signed with the rules key. Kept for the record, never deleted.
CREATE TABLE rule_sets (
  seq BIGINT PRIMARY KEY,
  payload TEXT NOT NULL,
  cases TEXT NOT NULL,
  published_by TEXT NOT NULL REFERENCES accounts(id),
  published_at BIGINT NOT NULL,
  reason TEXT NOT NULL
);
