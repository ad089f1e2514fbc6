-- One set of migrations for node:sqlite (npm start) and Cloudflare D1 (production).
-- Plain SQLite both accept: no BEGIN/COMMIT (D1 wraps each file), TEXT ids, ISO-8601 TEXT times.

CREATE TABLE leads (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,            -- normalised (trimmed, lowercase)
  first_name TEXT NOT NULL,
  last_name TEXT,
  phone TEXT,                            -- E.164
  situation TEXT,
  age_bracket TEXT,
  birth_year INTEGER,
  region TEXT,
  company TEXT,
  company_size TEXT,
  segment TEXT,
  score INTEGER NOT NULL DEFAULT 0,
  temperature TEXT NOT NULL,
  consent_marketing INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Every submission, kept as it came (the lead row holds the merged, current view).
CREATE TABLE lead_events (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  training TEXT,
  webinar TEXT,
  message TEXT,
  attribution TEXT NOT NULL DEFAULT '{}',  -- JSON: utm_*, gclid, ref, referrer, landingPage
  idempotency_key TEXT UNIQUE,
  created_at TEXT NOT NULL
);
CREATE INDEX lead_events_lead ON lead_events(lead_id);
CREATE INDEX lead_events_created ON lead_events(created_at);

-- Proof of each consent given or refused (RGPD art. 7.1): wording version, form, page, time.
CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL,
  granted INTEGER NOT NULL,
  text_version TEXT NOT NULL,
  text TEXT NOT NULL,
  form TEXT NOT NULL,
  page TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX consents_lead ON consents(lead_id);

-- Erased addresses, as SHA-256 hashes, so that they are never re-imported.
CREATE TABLE suppression (
  email_hash TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- A/B counts: anonymous aggregates only (CNIL audience-measurement exemption), never per visitor.
CREATE TABLE ab_counts (
  experiment TEXT NOT NULL,
  variant TEXT NOT NULL,
  day TEXT NOT NULL,
  exposures INTEGER NOT NULL DEFAULT 0,
  conversions INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (experiment, variant, day)
);

-- Fixed-window rate limits per key (ip:…, email:…).
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL
);
