-- Referral and affiliation: the partners (ambassadors, garages, influencers) and their codes, the
-- code a lead came with. Enrolments already carry partner_code (0005_console.sql).

-- A partner of one programme of affiliates.yaml, recorded by the team (console or npm run
-- partners). code: XXXX-XXXX, unique (src/marketing/referral-code.ts). A disabled partner's code
-- is refused on new requests and enrolments; its past statements stay.
CREATE TABLE partners (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  programme TEXT NOT NULL,               -- affiliates.yaml key
  name TEXT NOT NULL,
  email TEXT NOT NULL,                   -- normalised (trimmed, lowercase)
  phone TEXT,                            -- E.164
  created_at TEXT NOT NULL,
  created_by TEXT,
  disabled_at TEXT,
  disabled_by TEXT
);
CREATE INDEX partners_email ON partners(email);

-- The lead's referral: the first valid code it came with (a later code never replaces it).
ALTER TABLE leads ADD COLUMN referral_code TEXT;
ALTER TABLE leads ADD COLUMN referral_at TEXT;

CREATE INDEX enrolments_partner ON enrolments(partner_code, enrolled_on);
