-- WhatsApp Business Platform (Cloud API): the people who write to the school's number, their
-- conversations (messages in and out, with each one's delivery status) and their callbacks.

-- A person on WhatsApp, known by the number WhatsApp verified (wa_id: digits, E.164 without +).
-- Not a lead: a lead needs an e-mail address, a WhatsApp contact has none. The team links a
-- contact to a lead once it knows both are the same person (lead_id); the lead's erasure then
-- erases the contact and its conversation too (cascade).
CREATE TABLE whatsapp_contacts (
  wa_id TEXT PRIMARY KEY,
  profile_name TEXT,                     -- the name of the WhatsApp profile, as Meta gives it
  lead_id TEXT REFERENCES leads(id) ON DELETE CASCADE,
  state TEXT NOT NULL DEFAULT '{}',      -- the conversation's step (src/conversations/whatsapp-flow.ts)
  version INTEGER NOT NULL DEFAULT 0,    -- optimistic lock: two messages at once never share a state
  applied TEXT,                          -- id of the last message applied (the writes of a turn check it)
  last_inbound_at TEXT,                  -- the person's last message: WhatsApp's 24-hour window
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX whatsapp_contacts_lead ON whatsapp_contacts(lead_id);

-- Every message, in (what the person sent) and out (our replies, queued then sent by the
-- delivery loop). wamid is Meta's message id: unique, so a webhook delivered twice stores its
-- message once (INSERT OR IGNORE) and gets one reply. Out: queued, sending, accepted (taken by
-- the API), then sent, delivered, read or failed from the status webhooks; window-closed when
-- the 24-hour window had closed (nothing free-form is sent then).
CREATE TABLE whatsapp_messages (
  id TEXT PRIMARY KEY,
  wa_id TEXT NOT NULL REFERENCES whatsapp_contacts(wa_id) ON DELETE CASCADE,
  direction TEXT NOT NULL,               -- in, out
  wamid TEXT,
  kind TEXT NOT NULL,                    -- in: text, choice, other; out: text, list, buttons, document
  body TEXT NOT NULL,                    -- JSON: what was said (in) or the message (out)
  summary TEXT NOT NULL,                 -- the same, in one line for the console
  status TEXT NOT NULL,                  -- in: received, late; out: see above
  in_reply_to TEXT,                      -- out: the message it answers
  seq INTEGER NOT NULL DEFAULT 0,        -- out: order within its reply
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  claim_id TEXT,
  claimed_at TEXT,
  error TEXT,                            -- last delivery error (Graph API or status webhook)
  sent_at TEXT,
  created_at TEXT NOT NULL               -- in: when the person sent it (Meta's timestamp); out: when queued
);
CREATE UNIQUE INDEX whatsapp_messages_wamid ON whatsapp_messages(wamid);
CREATE INDEX whatsapp_messages_contact ON whatsapp_messages(wa_id, created_at);
CREATE INDEX whatsapp_messages_queue ON whatsapp_messages(direction, status, next_attempt_at);

-- Delivery statuses as the webhooks report them, one row per message and status (a repeated
-- webhook adds nothing; a status that arrives before the send recorded its wamid is kept).
CREATE TABLE whatsapp_statuses (
  wamid TEXT NOT NULL,
  status TEXT NOT NULL,                  -- sent, delivered, read, failed
  wa_id TEXT NOT NULL REFERENCES whatsapp_contacts(wa_id) ON DELETE CASCADE,
  at TEXT NOT NULL,
  error TEXT,
  PRIMARY KEY (wamid, status)
);

-- Callback tasks: the same table for the site's requests and WhatsApp's. A WhatsApp callback
-- belongs to its contact (whatsapp_id) and to a lead only when the contact is linked to one, so
-- lead_id becomes optional. SQLite cannot drop a NOT NULL: the table is rebuilt with its rows.
CREATE TABLE tasks_new (
  id TEXT PRIMARY KEY,
  lead_id TEXT REFERENCES leads(id) ON DELETE CASCADE,
  whatsapp_id TEXT REFERENCES whatsapp_contacts(wa_id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  workflow TEXT NOT NULL,
  request TEXT NOT NULL,
  due_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  created_at TEXT NOT NULL,
  done_at TEXT,
  source_event TEXT UNIQUE,
  note TEXT,
  done_by TEXT,
  CHECK (lead_id IS NOT NULL OR whatsapp_id IS NOT NULL)
);
INSERT INTO tasks_new (id, lead_id, kind, workflow, request, due_at, status, created_at, done_at, source_event, note, done_by)
  SELECT id, lead_id, kind, workflow, request, due_at, status, created_at, done_at, source_event, note, done_by FROM tasks;
DROP TABLE tasks;
ALTER TABLE tasks_new RENAME TO tasks;
CREATE INDEX tasks_status ON tasks(status, due_at);
CREATE INDEX tasks_lead ON tasks(lead_id);
CREATE INDEX tasks_whatsapp ON tasks(whatsapp_id, status);
