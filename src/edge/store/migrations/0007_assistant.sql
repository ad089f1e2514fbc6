-- Questions the site's assistant could not answer, as anonymous daily counts: the text is
-- anonymised before it is stored (no e-mail address, phone number, link or long number:
-- src/assistant/handover.ts anonymizeQuestion), nothing links it to a visitor.
CREATE TABLE assistant_unanswered (
  question TEXT NOT NULL,
  day TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 0,
  path TEXT,
  PRIMARY KEY (question, day)
);
CREATE INDEX assistant_unanswered_day ON assistant_unanswered(day);
