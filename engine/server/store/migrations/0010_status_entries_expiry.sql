-- Status entries say when they stop mattering (docs/rules.md "Only what can still change a decision"):
-- expires_at is the last second at which some credential that could carry an older status sequence number
-- is still accepted by a verifier (its exp plus the verifiers' skew). After it the entry can change no
-- decision, and the status list leaves it out.
--
-- Rows written before this migration get the longest lifetime a status list covers: a printed proxy code's
-- 180 days from the change (a proxy's entries are all published while it is live, so it expires within 180
-- days of each of them; personal codes live minutes), plus a generous 300 s of skew. Longer than needed,
-- never shorter. A row written without expires_at (a server of the previous version, during a rolling
-- upgrade) is read with the same bound (store/documents.cpp).
ALTER TABLE status_entries ADD COLUMN expires_at BIGINT;
UPDATE status_entries SET expires_at = changed_at + 15552300;
-- The snapshot reads only the entries still needed, not the whole history.
CREATE INDEX status_entries_expiry ON status_entries (expires_at);
