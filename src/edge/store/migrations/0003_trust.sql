-- Trust at the edge: a submission proves nothing about who owns an address.

-- Every submission keeps what it said (profile fields as typed). trusted: the submission is the
-- owner's (an address's first sign-up, or a sender who proved they own the mailbox); the
-- automation reads trusted submissions only. content_hash: a form token reused with other content
-- is refused instead of being taken for a double submit.
ALTER TABLE lead_events ADD COLUMN submitted TEXT NOT NULL DEFAULT '{}';
ALTER TABLE lead_events ADD COLUMN trusted INTEGER NOT NULL DEFAULT 1;
ALTER TABLE lead_events ADD COLUMN content_hash TEXT;

-- A lead created by a request for an erased address: hidden and inert until the owner confirms
-- (deleted with its confirmation if they never do).
ALTER TABLE leads ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;

-- How a consent was proved: formulaire (first sign-up of an address), lien-verifie (a link of an
-- e-mail sent to the address), double-opt-in (the confirmation link), desabonnement.
ALTER TABLE consents ADD COLUMN proof TEXT;

-- Double opt-in: requests waiting for the owner's confirmation (a link e-mailed to the address).
-- One open confirmation per lead; later requests are added to it (payload is a JSON array, one
-- item per request, each confirmed or not by the owner). The link is e-mailed again for a new
-- request at most once an hour and three times a day.
CREATE TABLE confirmations (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  event_id TEXT,
  payload TEXT NOT NULL,                 -- JSON array of {fields, consents, lists, resubscribe, form, page, at}
  state TEXT NOT NULL DEFAULT 'open',    -- open, confirmed, expired
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  confirmed_at TEXT,
  claim TEXT,
  sends INTEGER NOT NULL DEFAULT 0,
  send_seq INTEGER NOT NULL DEFAULT 0,
  window_start TEXT,
  last_sent_at TEXT
);
CREATE INDEX confirmations_lead ON confirmations(lead_id, created_at);
CREATE UNIQUE INDEX confirmations_open ON confirmations(lead_id) WHERE state = 'open';

-- Rate-limit rows expire with their window and are purged.
ALTER TABLE rate_limits ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX rate_limits_expiry ON rate_limits(expires_at);

-- A click counts once per e-mail and link, an open once per e-mail.
ALTER TABLE engagement ADD COLUMN link_token TEXT;
CREATE UNIQUE INDEX engagement_click_once ON engagement(job_id, link_token) WHERE type = 'email-click';
CREATE UNIQUE INDEX engagement_open_once ON engagement(job_id) WHERE type = 'email-open';

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
