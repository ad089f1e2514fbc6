-- Paid search: where a lead came from, kept on the lead (src/marketing/attribution.ts).
-- first_touch: the attribution of the lead's first submission (utm_*, gclid, gbraid, wbraid,
-- referrer, entryPage, landingPage) and its time (`at`), never overwritten. last_touch: the latest
-- submission that named a source (a utm_source, a Google Ads click id or another site as referrer),
-- NULL while none did. Both JSON objects; set by src/edge/lead-capture.ts.
ALTER TABLE leads ADD COLUMN first_touch TEXT;
ALTER TABLE leads ADD COLUMN last_touch TEXT;

-- Leads stored before: their touches from their events (the referral code stays out of a touch).
UPDATE leads SET first_touch = (
  SELECT json_set(json_remove(e.attribution, '$.ref'), '$.at', e.created_at) FROM lead_events e
  WHERE e.lead_id = leads.id ORDER BY e.created_at LIMIT 1
);
UPDATE leads SET last_touch = (
  SELECT json_set(json_remove(e.attribution, '$.ref'), '$.at', e.created_at) FROM lead_events e
  WHERE e.lead_id = leads.id
    AND (json_extract(e.attribution, '$.utm_source') IS NOT NULL OR json_extract(e.attribution, '$.gclid') IS NOT NULL OR json_extract(e.attribution, '$.referrer') IS NOT NULL)
  ORDER BY e.created_at DESC LIMIT 1
);

-- The Google Ads conversions export reads the leads with a click id.
CREATE INDEX leads_created ON leads(created_at);
