-- Trust at the edge: a submission proves nothing about who owns an address.

-- Every submission keeps what it said (profile fields as typed), and whether its sender had
-- proved they own the mailbox; the lead row keeps only what the owner confirmed.
ALTER TABLE lead_events ADD COLUMN submitted TEXT NOT NULL DEFAULT '{}';
ALTER TABLE lead_events ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;

-- How a consent was proved: formulaire (first sign-up of an address), lien-verifie (a link of an
-- e-mail sent to the address), double-opt-in (the confirmation link), desabonnement.
ALTER TABLE consents ADD COLUMN proof TEXT;

-- Double opt-in: changes waiting for the owner's confirmation (a link e-mailed to the address).
CREATE TABLE confirmations (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  event_id TEXT,
  payload TEXT NOT NULL,                 -- JSON: fields, consents, lists, resubscribe, form, page
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  confirmed_at TEXT
);
CREATE INDEX confirmations_lead ON confirmations(lead_id, created_at);

-- Rate-limit rows expire with their window and are purged.
ALTER TABLE rate_limits ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX rate_limits_expiry ON rate_limits(expires_at);

-- A click counts once per e-mail and link.
ALTER TABLE engagement ADD COLUMN link_token TEXT;
CREATE UNIQUE INDEX engagement_click_once ON engagement(job_id, link_token) WHERE type = 'email-click';

-- A/B units: one row per experiment and visitor (an HMAC of the signed visitor id, never the id),
-- so that a visitor is exposed and converts once; the daily aggregates in ab_counts are what
-- reports read. Rows are purged 400 days after the first exposure.
CREATE TABLE ab_units (
  experiment TEXT NOT NULL,
  unit TEXT NOT NULL,
  variant TEXT NOT NULL,
  first_day TEXT NOT NULL,
  converted_day TEXT,
  PRIMARY KEY (experiment, unit)
);
CREATE INDEX ab_units_day ON ab_units(first_day);
