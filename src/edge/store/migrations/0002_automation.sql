-- Marketing automation: scheduled e-mails, callback tasks, tracked links and engagement.

-- One row per e-mail to send, created when its workflow is triggered. The UNIQUE key makes a
-- trigger idempotent (a second guide download does not restart the sequence) and the status
-- column is the claim: a tick moves 'pending' rows to 'sending' in one UPDATE, so two ticks never
-- send the same row. Rows are never deleted by the engine (the lead's erasure cascades).
CREATE TABLE email_jobs (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  lane TEXT NOT NULL,                   -- one e-mail at a time per lane: 'lead:<id>' or 'sales:<id>'
  audience TEXT NOT NULL,               -- 'lead' (counts against the segment's cap) or 'sales'
  workflow TEXT NOT NULL,
  template TEXT NOT NULL,               -- '<sequence>/<step>' of content/emails, or 'internal/…'
  due_at TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending', -- pending, sending, sent, cancelled, skipped, failed
  attempts INTEGER NOT NULL DEFAULT 0,
  claim_id TEXT,
  claimed_at TEXT,
  sent_at TEXT,
  variant TEXT,                          -- Email_Subject variant, when the template runs the test
  subject TEXT,
  outcome TEXT,                          -- why it was cancelled, skipped or failed; last error
  created_at TEXT NOT NULL,              -- when its workflow was triggered
  UNIQUE (lane, workflow, template)
);
CREATE INDEX email_jobs_due ON email_jobs(status, due_at);
CREATE INDEX email_jobs_lane ON email_jobs(lane, status);
CREATE INDEX email_jobs_lead_sent ON email_jobs(lead_id, audience, sent_at);

-- Callback tasks for the sales team (« Demande Info → Appel Conseil 24h »).
CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  workflow TEXT NOT NULL,
  request TEXT NOT NULL,                -- the form kind that asked for it
  due_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',  -- open, overdue, done
  created_at TEXT NOT NULL,
  done_at TEXT,
  source_event TEXT UNIQUE              -- the lead event that created it: one task per request
);
CREATE INDEX tasks_status ON tasks(status, due_at);

-- Short links of sent e-mails: /r/<token> redirects (click), /o/<token> is the open pixel.
CREATE TABLE email_links (
  token TEXT PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES email_jobs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                   -- click, open
  url TEXT NOT NULL
);
CREATE INDEX email_links_job ON email_links(job_id);

-- Engagement: opens, clicks, unsubscribes and site behaviour of identified, consenting leads.
-- Each row counts in the lead score (lead-scoring.yaml) and, with its variant, in the Email_Subject test.
CREATE TABLE engagement (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  job_id TEXT,
  type TEXT NOT NULL,                   -- email-open, email-click, unsubscribe, page-view, session
  path TEXT,
  seconds INTEGER,
  variant TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX engagement_lead ON engagement(lead_id, type, created_at);
CREATE INDEX engagement_job ON engagement(job_id, type);

-- Engagement-tracking consent (open pixel, site beacon), separate from marketing consent.
ALTER TABLE leads ADD COLUMN consent_tracking INTEGER NOT NULL DEFAULT 0;
