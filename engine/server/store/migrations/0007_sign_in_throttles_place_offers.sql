-- Sign-in throttles per (phone or username, client address) pair, so that a stranger's failures slow only
-- the stranger (docs/api.md "Sign-in"). key: 'otp:' + phone hash + ':' + address, or 'password:' +
-- username + ':' + address. failures: consecutive failures (a success deletes the row); the next attempt
-- waits an exponentially growing delay after last_failure_at. challenge_at / challenge_failures: the
-- pending code (its created_at) this pair's wrong codes were against, and how many. last_sent_at: when this
-- pair last had a code sent.
CREATE TABLE sign_in_throttles (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL DEFAULT 0,
  last_failure_at BIGINT NOT NULL DEFAULT 0,
  challenge_at BIGINT NOT NULL DEFAULT 0,
  challenge_failures INTEGER NOT NULL DEFAULT 0,
  last_sent_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sign_in_throttles_age ON sign_in_throttles (last_failure_at);

-- otp_challenges.attempts (wrong codes from every address together) is no longer used.

-- A place offered to another phone by its admin: the place moves only when the phone's account accepts
-- (docs/api.md "Places"). The offer names a phone, not an account, so making one reveals nothing about who
-- has an account. One pending offer per place; accepting, declining or cancelling deletes it (the audit log
-- keeps the history).
CREATE TABLE place_offers (
  id TEXT PRIMARY KEY,
  place_id TEXT NOT NULL UNIQUE REFERENCES places(id),
  from_account TEXT NOT NULL REFERENCES accounts(id),
  phone_hash TEXT NOT NULL,
  phone_enc TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX place_offers_phone ON place_offers (phone_hash);
