// The Store, written once in SQL over a SqlDriver (node:sqlite or D1).
import type { ConfirmationRecord, ConsentProof, LeadRecord, SqlDriver, Store } from './types';

type Row = Record<string, unknown>;

function toLead(row: Row): LeadRecord {
  return {
    id: String(row.id),
    email: String(row.email),
    firstName: String(row.first_name),
    lastName: (row.last_name as string | null) ?? null,
    phone: (row.phone as string | null) ?? null,
    situation: (row.situation as string | null) ?? null,
    ageBracket: (row.age_bracket as string | null) ?? null,
    birthYear: row.birth_year == null ? null : Number(row.birth_year),
    region: (row.region as string | null) ?? null,
    company: (row.company as string | null) ?? null,
    companySize: (row.company_size as string | null) ?? null,
    segment: (row.segment as string | null) ?? null,
    score: Number(row.score),
    temperature: String(row.temperature),
    consentMarketing: Number(row.consent_marketing) === 1,
    consentTracking: Number(row.consent_tracking ?? 0) === 1,
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

const id = () => crypto.randomUUID();

function toConfirmation(row: Row): ConfirmationRecord {
  return {
    id: String(row.id),
    leadId: String(row.lead_id),
    eventId: (row.event_id as string | null) ?? null,
    payload: JSON.parse(String(row.payload)) as Record<string, unknown>,
    createdAt: String(row.created_at),
    expiresAt: String(row.expires_at),
    confirmedAt: (row.confirmed_at as string | null) ?? null,
  };
}

export function createSqlStore(db: SqlDriver): Store {
  return {
    async findLeadByEmail(email) {
      const [row] = await db.all('SELECT * FROM leads WHERE email = ?', [email]);
      return row ? toLead(row) : null;
    },

    async findLeadById(leadId) {
      const [row] = await db.all('SELECT * FROM leads WHERE id = ?', [leadId]);
      return row ? toLead(row) : null;
    },

    async eventKinds(leadId) {
      const rows = await db.all<{ kind: string }>('SELECT kind FROM lead_events WHERE lead_id = ? ORDER BY created_at', [leadId]);
      return rows.map((r) => r.kind);
    },

    async findEventByIdempotencyKey(key) {
      const [row] = await db.all<{ lead_id: string }>('SELECT lead_id FROM lead_events WHERE idempotency_key = ?', [key]);
      return row ? { leadId: row.lead_id } : null;
    },

    async saveSubmission({ lead, event, consents, liftSuppressionHash, confirmation, now }) {
      const eventId = id();
      const consentRow = (c: ConsentProof) => ({
        sql: `INSERT INTO consents (id, lead_id, purpose, granted, text_version, text, form, page, proof, created_at)
              VALUES (?, (SELECT id FROM leads WHERE email = ?), ?, ?, ?, ?, ?, ?, ?, ?)`,
        params: [id(), lead.email, c.purpose, c.granted ? 1 : 0, c.textVersion, c.text, c.form, c.page, c.proof ?? null, now],
      });
      try {
        await db.batch([
          {
            // Upsert by normalised email; the existing id and creation date are kept. The caller
            // decided what the submission may change (src/marketing/lead-merge.ts).
            sql: `INSERT INTO leads (id, email, first_name, last_name, phone, situation, age_bracket, birth_year, region, company,
                    company_size, segment, score, temperature, consent_marketing, consent_tracking, created_at, updated_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                  ON CONFLICT(email) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
                    phone = excluded.phone, situation = excluded.situation, age_bracket = excluded.age_bracket,
                    birth_year = excluded.birth_year, region = excluded.region, company = excluded.company,
                    company_size = excluded.company_size, segment = excluded.segment, score = excluded.score,
                    temperature = excluded.temperature, consent_marketing = excluded.consent_marketing, consent_tracking = excluded.consent_tracking, updated_at = excluded.updated_at`,
            params: [lead.id, lead.email, lead.firstName, lead.lastName, lead.phone, lead.situation, lead.ageBracket, lead.birthYear, lead.region, lead.company,
              lead.companySize, lead.segment, lead.score, lead.temperature, lead.consentMarketing ? 1 : 0, lead.consentTracking ? 1 : 0, lead.createdAt, now],
          },
          {
            sql: `INSERT INTO lead_events (id, lead_id, kind, training, webinar, message, attribution, idempotency_key, submitted, verified, created_at)
                  VALUES (?, (SELECT id FROM leads WHERE email = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            params: [eventId, lead.email, event.kind, event.training, event.webinar, event.message, JSON.stringify(event.attribution), event.idempotencyKey,
              JSON.stringify(event.submitted ?? {}), event.verified ? 1 : 0, now],
          },
          ...consents.map(consentRow),
          ...(liftSuppressionHash ? [{ sql: 'DELETE FROM suppression WHERE email_hash = ?', params: [liftSuppressionHash] }] : []),
          ...(confirmation
            ? [{
                sql: `INSERT INTO confirmations (id, lead_id, event_id, payload, created_at, expires_at)
                      VALUES (?, (SELECT id FROM leads WHERE email = ?), ?, ?, ?, ?)`,
                params: [confirmation.id, lead.email, eventId, JSON.stringify(confirmation.payload), now, confirmation.expiresAt],
              }]
            : []),
        ]);
      } catch (error) {
        // A concurrent submission of the same form render won the race: same result, nothing new.
        if (event.idempotencyKey && /UNIQUE/i.test(String(error))) {
          const existing = await this.findEventByIdempotencyKey(event.idempotencyKey);
          if (existing) return { leadId: existing.leadId, duplicate: true };
        }
        throw error;
      }
      const saved = await this.findLeadByEmail(lead.email);
      return { leadId: saved!.id, duplicate: false, eventId };
    },

    async latestConfirmation(leadId) {
      const [row] = await db.all<Row>('SELECT * FROM confirmations WHERE lead_id = ? ORDER BY created_at DESC LIMIT 1', [leadId]);
      return row ? toConfirmation(row) : null;
    },

    async findConfirmation(confirmationId) {
      const [row] = await db.all<Row>('SELECT * FROM confirmations WHERE id = ?', [confirmationId]);
      return row ? toConfirmation(row) : null;
    },

    async confirm({ id: confirmationId, lead, consents, liftSuppressionHash, now }) {
      const fields: [string, unknown][] = (
        [
          ['first_name', lead.firstName], ['last_name', lead.lastName], ['phone', lead.phone], ['situation', lead.situation], ['age_bracket', lead.ageBracket],
          ['birth_year', lead.birthYear], ['region', lead.region], ['company', lead.company], ['company_size', lead.companySize],
          ['consent_marketing', lead.consentMarketing === undefined ? undefined : lead.consentMarketing ? 1 : 0],
          ['consent_tracking', lead.consentTracking === undefined ? undefined : lead.consentTracking ? 1 : 0],
        ] as [string, unknown][]
      ).filter(([, v]) => v !== undefined);
      const [claimed, ...rest] = await db.batch([
        // The claim: only one confirmation of this id ever applies (a double click does nothing more).
        { sql: 'UPDATE confirmations SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL AND expires_at > ?', params: [now, confirmationId, now] },
        {
          sql: `UPDATE leads SET ${[...fields.map(([k]) => `${k} = ?`), 'updated_at = ?'].join(', ')} WHERE id = ? AND changes() = 1`,
          params: [...fields.map(([, v]) => v), now, lead.id],
        },
        ...consents.map((c) => ({
          sql: `INSERT INTO consents (id, lead_id, purpose, granted, text_version, text, form, page, proof, created_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM confirmations WHERE id = ? AND confirmed_at = ?)`,
          params: [id(), lead.id, c.purpose, c.granted ? 1 : 0, c.textVersion, c.text, c.form, c.page, c.proof ?? null, now, confirmationId, now],
        })),
        ...(liftSuppressionHash
          ? [{ sql: 'DELETE FROM suppression WHERE email_hash = ? AND EXISTS (SELECT 1 FROM confirmations WHERE id = ? AND confirmed_at = ?)', params: [liftSuppressionHash, confirmationId, now] }]
          : []),
      ]);
      void rest;
      return claimed!.changes === 1;
    },

    async isSuppressed(emailHash) {
      const rows = await db.all('SELECT 1 AS x FROM suppression WHERE email_hash = ?', [emailHash]);
      return rows.length > 0;
    },

    async rateLimit(key, limit, windowSeconds, nowSeconds) {
      const windowStart = nowSeconds - (nowSeconds % windowSeconds);
      const expiresAt = windowStart + windowSeconds;
      await db.batch([
        {
          sql: `INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES (?, ?, 1, ?)
                ON CONFLICT(key) DO UPDATE SET count = CASE WHEN window_start = excluded.window_start THEN count + 1 ELSE 1 END,
                  window_start = excluded.window_start, expires_at = excluded.expires_at`,
          params: [key, windowStart, expiresAt],
        },
      ]);
      const [row] = await db.all<{ count: number }>('SELECT count FROM rate_limits WHERE key = ?', [key]);
      const count = Number(row?.count ?? 1);
      return { allowed: count <= limit, retryAfter: expiresAt - nowSeconds };
    },

    async purgeExpired(now) {
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const [rateLimits, abUnits, confirmations] = await db.batch([
        { sql: 'DELETE FROM rate_limits WHERE expires_at <= ?', params: [nowSeconds] },
        { sql: 'DELETE FROM ab_units WHERE first_day < ?', params: [new Date(now.getTime() - 400 * 86_400_000).toISOString().slice(0, 10)] },
        // Unconfirmed requests are kept 30 days after they expired (the event keeps the request).
        { sql: 'DELETE FROM confirmations WHERE confirmed_at IS NULL AND expires_at < ?', params: [new Date(now.getTime() - 30 * 86_400_000).toISOString()] },
      ]);
      return { rateLimits: rateLimits!.changes, abUnits: abUnits!.changes, confirmations: confirmations!.changes };
    },

    async exposeUnit(experiment, unit, variant, day) {
      const [inserted] = await db.batch([
        { sql: 'INSERT OR IGNORE INTO ab_units (experiment, unit, variant, first_day) VALUES (?, ?, ?, ?)', params: [experiment, unit, variant, day] },
        {
          // Counted only when the unit is new (changes() is the row count of the statement above).
          sql: `INSERT INTO ab_counts (experiment, variant, day, exposures) SELECT ?, ?, ?, 1 WHERE changes() = 1
                ON CONFLICT(experiment, variant, day) DO UPDATE SET exposures = exposures + 1`,
          params: [experiment, variant, day],
        },
      ]);
      return inserted!.changes === 1;
    },

    async convertUnit(experiment, unit, day) {
      const [updated] = await db.batch([
        { sql: 'UPDATE ab_units SET converted_day = ? WHERE experiment = ? AND unit = ? AND converted_day IS NULL', params: [day, experiment, unit] },
        {
          sql: `INSERT INTO ab_counts (experiment, variant, day, conversions)
                SELECT ?, variant, ?, 1 FROM ab_units WHERE experiment = ? AND unit = ? AND changes() = 1
                ON CONFLICT(experiment, variant, day) DO UPDATE SET conversions = conversions + 1`,
          params: [experiment, day, experiment, unit],
        },
      ]);
      return updated!.changes === 1;
    },

    async countAb(experiment, variant, day, field) {
      const column = field === 'exposures' ? 'exposures' : 'conversions';
      await db.batch([
        {
          sql: `INSERT INTO ab_counts (experiment, variant, day, ${column}) VALUES (?, ?, ?, 1)
                ON CONFLICT(experiment, variant, day) DO UPDATE SET ${column} = ${column} + 1`,
          params: [experiment, variant, day],
        },
      ]);
    },

    async abCounts() {
      const rows = await db.all<Row>('SELECT experiment, variant, day, exposures, conversions FROM ab_counts ORDER BY experiment, variant, day');
      return rows.map((r) => ({ experiment: String(r.experiment), variant: String(r.variant), day: String(r.day), exposures: Number(r.exposures), conversions: Number(r.conversions) }));
    },

    async exportLead(email) {
      const lead = await this.findLeadByEmail(email);
      if (!lead) return null;
      const events = await db.all('SELECT kind, training, webinar, message, attribution, submitted, verified, created_at FROM lead_events WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      const consents = await db.all('SELECT purpose, granted, text_version, text, form, page, proof, created_at FROM consents WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      // Automation data too (RGPD access): e-mails planned or sent, engagement, callback tasks.
      const emails = await db.all('SELECT workflow, template, status, due_at, sent_at, subject, variant, outcome FROM email_jobs WHERE lead_id = ? AND audience = ? ORDER BY due_at', [lead.id, 'lead']);
      const engagement = await db.all('SELECT type, path, seconds, variant, created_at FROM engagement WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      const tasks = await db.all('SELECT kind, request, status, due_at, created_at, done_at FROM tasks WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      const confirmations = await db.all<Row>('SELECT payload, created_at, expires_at, confirmed_at FROM confirmations WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      return {
        lead,
        events: events.map((e) => ({ ...e, attribution: JSON.parse(String(e.attribution)), submitted: JSON.parse(String(e.submitted ?? '{}')), verified: Number(e.verified) === 1 })),
        consents: consents.map((c) => ({ ...c, granted: Number(c.granted) === 1 })),
        emails,
        engagement,
        tasks,
        confirmations: confirmations.map((c) => ({ ...c, payload: JSON.parse(String(c.payload)) })),
      };
    },

    async eraseLead(email, emailHash, now) {
      const lead = await this.findLeadByEmail(email);
      const results = await db.batch([
        { sql: 'DELETE FROM consents WHERE lead_id IN (SELECT id FROM leads WHERE email = ?)', params: [email] },
        { sql: 'DELETE FROM lead_events WHERE lead_id IN (SELECT id FROM leads WHERE email = ?)', params: [email] },
        { sql: 'DELETE FROM leads WHERE email = ?', params: [email] },
        { sql: 'INSERT OR IGNORE INTO suppression (email_hash, reason, created_at) VALUES (?, ?, ?)', params: [emailHash, 'erasure', now] },
      ]);
      return Boolean(lead) && results[2].changes > 0;
    },

    async listLeads(sinceIso) {
      const rows = await db.all<Row>(
        `SELECT l.*, e.kind AS last_kind, e.training AS last_training FROM leads l
         JOIN lead_events e ON e.id = (SELECT id FROM lead_events WHERE lead_id = l.id ORDER BY created_at DESC LIMIT 1)
         WHERE l.updated_at >= ? ORDER BY l.updated_at DESC`,
        [sinceIso],
      );
      return rows.map((r) => ({ ...toLead(r), lastKind: String(r.last_kind), lastTraining: (r.last_training as string | null) ?? null }));
    },

    async health() {
      const rows = await db.all('SELECT 1 AS ok');
      return rows.length === 1;
    },
  };
}
