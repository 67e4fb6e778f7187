-- Identities only their owners can claim, and presences that say how they were recorded (docs/security.md).
--
-- A person record says how its identity is known: 'asserted' (typed in by the account holder, no proof),
-- 'vouched' (entered by a relative for a printed proxy card) or 'verified' (the ID card was checked at a
-- service counter). A self-asserted ID number never links an account to a record someone else created:
-- that takes the claim code printed on the person's card, or a counter. One current record per ID number;
-- a record whose ID number a counter gave to its real holder is moved aside (superseded_by set, its
-- id_number_hash no longer the number's), kept so that its own visits still trace.
ALTER TABLE people ADD COLUMN assurance TEXT NOT NULL DEFAULT 'asserted'
  CHECK (assurance IN ('asserted', 'vouched', 'verified'));
ALTER TABLE people ADD COLUMN claim_code_enc TEXT;
ALTER TABLE people ADD COLUMN claim_code_hash TEXT;
ALTER TABLE people ADD COLUMN superseded_by TEXT;
UPDATE people SET assurance = 'vouched' WHERE account_id IS NULL;

-- The status a printed proxy card carries: what its creator may see (the person's current status is not
-- the creator's to follow).
ALTER TABLE proxies ADD COLUMN issued_status TEXT;
UPDATE proxies SET issued_status = (SELECT p.status FROM people p WHERE p.id = proxies.person_id);

-- How a presence was recorded, so an authority can weigh (and exclude) the weak ones when tracing:
-- verified-scan (a code that verified at the visit's time), unverified-scan (kept, but tied to nobody),
-- self-scan (a signed-in citizen scanned the place code), hand-registration (typed in at the entrance),
-- companion (named by a citizen checking in with others).
ALTER TABLE checkins ADD COLUMN provenance TEXT
  CHECK (provenance IN ('verified-scan', 'unverified-scan', 'self-scan', 'hand-registration', 'companion'));
-- Scans that did not verify were linked to a person before this migration: no longer.
UPDATE checkins SET person_id = NULL, subject = NULL WHERE method = 'inspector-scan' AND verify_error IS NOT NULL;
UPDATE checkins SET provenance = CASE
    WHEN companion_of IS NOT NULL THEN 'companion'
    WHEN method = 'self-scan' THEN 'self-scan'
    WHEN method = 'manual' THEN 'hand-registration'
    WHEN verify_error IS NULL AND subject IS NOT NULL THEN 'verified-scan'
    ELSE 'unverified-scan' END;
