-- Promises kept: webinar seats, mailing lists, broadcasts and monthly runs.

-- A person's seat at a webinar: registered (within capacity), waitlisted (in order of sign-up),
-- cancelled, then attended or absent as recorded by the team. notified_* is what the person's last
-- calendar file said, so that a moved or cancelled session sends an update (SEQUENCE + 1).
CREATE TABLE webinar_registrations (
  id TEXT PRIMARY KEY,
  webinar TEXT NOT NULL,
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  status TEXT NOT NULL,                  -- registered, waitlisted, cancelled, attended, absent
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  notified_starts_at TEXT,
  notified_status TEXT,
  sequence INTEGER NOT NULL DEFAULT 0,
  UNIQUE (webinar, lead_id)
);
CREATE INDEX webinar_registrations_webinar ON webinar_registrations(webinar, status, created_at);

-- Mailing lists a person joined with a confirmed double opt-in (the newsletter).
CREATE TABLE list_members (
  list TEXT NOT NULL,
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  status TEXT NOT NULL,                  -- active, unsubscribed
  created_at TEXT NOT NULL,
  confirmed_at TEXT,
  unsubscribed_at TEXT,
  PRIMARY KEY (list, lead_id)
);

-- Runs that must happen once (a broadcast's audience, a month's newsletter or reactivation).
CREATE TABLE automation_runs (
  key TEXT PRIMARY KEY,
  ran_at TEXT NOT NULL,
  detail TEXT
);

-- Why a marketing e-mail may be sent: the marketing consent, or a list membership.
ALTER TABLE email_jobs ADD COLUMN basis TEXT NOT NULL DEFAULT 'marketing';

-- What a transactional e-mail needs at sending time (a webinar's former date, a calendar sequence).
ALTER TABLE email_jobs ADD COLUMN payload TEXT;
