-- The team's console: accounts, sessions, the audit log, enrolments, notes on tasks, campaign
-- spend; audience measurement exempt from consent; per-metric A/B conversions.

-- Team accounts. password_hash: pbkdf2-sha256$<iterations>$<salt>$<hash> (Web Crypto, so Node and
-- Workers share it). Repeated failures lock the account for a while.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,                    -- admin, sales
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT,
  failed_count INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  last_login_at TEXT
);

-- Sessions: only a SHA-256 of the cookie's token is stored; the CSRF token of its forms.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Who did what (sign-ins, refusals, exports, erasures, changes).
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  user_id TEXT,
  user_email TEXT,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT,
  outcome TEXT NOT NULL,                 -- ok, refused
  ip TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);

-- Enrolments recorded by the team: the revenue of the KPIs. An erased person's enrolment stays
-- (accounting), without the person (lead_id set to NULL).
CREATE TABLE enrolments (
  id TEXT PRIMARY KEY,
  lead_id TEXT REFERENCES leads(id) ON DELETE SET NULL,
  training TEXT,
  amount_eur INTEGER NOT NULL,
  enrolled_on TEXT NOT NULL,             -- YYYY-MM-DD
  status TEXT NOT NULL DEFAULT 'active', -- active, cancelled
  cancelled_on TEXT,
  partner_code TEXT,
  note TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT
);
CREATE INDEX enrolments_date ON enrolments(enrolled_on);
CREATE INDEX enrolments_lead ON enrolments(lead_id);

ALTER TABLE tasks ADD COLUMN note TEXT;
ALTER TABLE tasks ADD COLUMN done_by TEXT;

-- Spend per campaign and month entered by the team (the plan's budgets are the fallback).
CREATE TABLE campaign_spend (
  month TEXT NOT NULL,                   -- YYYY-MM
  campaign TEXT NOT NULL,                -- campaigns.yaml key
  amount_eur INTEGER NOT NULL,
  entered_by TEXT,
  entered_at TEXT NOT NULL,
  PRIMARY KEY (month, campaign)
);

-- Audience measurement exempt from consent (CNIL): no cookie; a visitor is a hash of the address
-- and browser with a random salt of the day (deleted with the day), kept only until the day is
-- rolled up into audience_daily. flags: 1 a training page was seen, 2 a form was started.
CREATE TABLE audience_salts (
  day TEXT PRIMARY KEY,
  salt TEXT NOT NULL
);
CREATE TABLE audience_visitors (
  day TEXT NOT NULL,
  hash TEXT NOT NULL,
  flags INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, hash)
);
-- Daily aggregates only: metric (visitors, pageviews, entry, referrer, device, form-start,
-- funnel-training, funnel-form), dimension (a path, a domain, a device class, or '').
CREATE TABLE audience_daily (
  day TEXT NOT NULL,
  metric TEXT NOT NULL,
  dimension TEXT NOT NULL DEFAULT '',
  count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, metric, dimension)
);

-- A/B: the click on the CTA button is its own metric; a conversion counts in the visit.
ALTER TABLE ab_units ADD COLUMN clicked_day TEXT;
ALTER TABLE ab_counts ADD COLUMN clicks INTEGER NOT NULL DEFAULT 0;
