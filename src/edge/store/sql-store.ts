// The Store, written once in SQL over a SqlDriver (node:sqlite or D1).
import type { ConfirmationRecord, ConsentProof, LeadRecord, SqlDriver, Store } from './types';
import { parisDay } from '../../lib/calendar';
import { parseTouch } from '../../marketing/attribution';

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
    pending: Number(row.pending ?? 0) === 1,
    firstTouch: parseTouch(row.first_touch),
    lastTouch: parseTouch(row.last_touch),
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
    requests: JSON.parse(String(row.payload)) as Record<string, unknown>[],
    state: String(row.state) as ConfirmationRecord['state'],
    createdAt: String(row.created_at),
    expiresAt: String(row.expires_at),
    confirmedAt: (row.confirmed_at as string | null) ?? null,
  };
}

/** A WhatsApp conversation as the RGPD export gives it: the contact, every message and status, its callbacks. */
export function whatsappExport(file: { contact: Row; messages: Row[]; statuses: Row[]; tasks: Row[] }) {
  const c = file.contact;
  return {
    contact: { number: `+${String(c.wa_id)}`, profileName: c.profile_name ?? null, firstMessageAt: c.created_at, lastMessageAt: c.last_inbound_at ?? null, conversationState: JSON.parse(String(c.state ?? '{}')) },
    messages: file.messages.map((x) => ({ direction: x.direction, at: x.created_at, kind: x.kind, content: JSON.parse(String(x.body)), status: x.status, sentAt: x.sent_at ?? null, error: x.error ?? null })),
    statuses: file.statuses.map((x) => ({ status: x.status, at: x.at, error: x.error ?? null })),
    callbacks: file.tasks.map((t) => ({ status: t.status, due_at: t.due_at, created_at: t.created_at, done_at: t.done_at ?? null })),
  };
}

export function createSqlStore(db: SqlDriver): Store & { db: SqlDriver } {
  return {
    db,
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
      const [row] = await db.all<{ lead_id: string; content_hash: string | null }>('SELECT lead_id, content_hash FROM lead_events WHERE idempotency_key = ?', [key]);
      return row ? { leadId: row.lead_id, contentHash: row.content_hash } : null;
    },

    async saveSubmission({ mode, lead, event, consents, touches, liftSuppressionHash, confirmation, now }) {
      const eventId = id();
      const L = '(SELECT id FROM leads WHERE email = ?)';
      const first = touches ? JSON.stringify(touches.first) : null;
      const last = touches?.last ? JSON.stringify(touches.last) : null;
      const leadValues = [lead.id, lead.email, lead.firstName, lead.lastName, lead.phone, lead.situation, lead.ageBracket, lead.birthYear, lead.region, lead.company,
        lead.companySize, lead.segment, lead.score, lead.temperature, lead.consentMarketing ? 1 : 0, lead.consentTracking ? 1 : 0, lead.createdAt, now, mode === 'erased' ? 1 : 0, first, last];
      const GAPS = ['last_name', 'phone', 'situation', 'age_bracket', 'birth_year', 'region', 'company', 'company_size'] as const;
      const gapValues = [lead.lastName, lead.phone, lead.situation, lead.ageBracket, lead.birthYear, lead.region, lead.company, lead.companySize];
      // Attribution: the first touch only where the lead has none, the last non-direct one when this submission names a new source.
      const TOUCHES = 'first_touch = COALESCE(first_touch, ?), last_touch = COALESCE(?, last_touch)';
      const write =
        mode === 'new' || mode === 'erased'
          ? {
              // A concurrent first sign-up of the same address may have won: then nothing is
              // written here and this submission's event is not trusted (changes() below).
              sql: `INSERT INTO leads (id, email, first_name, last_name, phone, situation, age_bracket, birth_year, region, company,
                      company_size, segment, score, temperature, consent_marketing, consent_tracking, created_at, updated_at, pending, first_touch, last_touch)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(email) DO NOTHING`,
              params: leadValues,
            }
          : mode === 'known'
            ? {
                // Only what the lead lacks; never a consent, never the name: read and written in one statement.
                sql: `UPDATE leads SET ${GAPS.map((c) => `${c} = COALESCE(${c}, ?)`).join(', ')}, ${TOUCHES}, updated_at = ? WHERE email = ?`,
                params: [...gapValues, first, last, now, lead.email],
              }
            : {
                sql: `UPDATE leads SET first_name = ?, ${GAPS.map((c) => `${c} = COALESCE(?, ${c})`).join(', ')},
                        consent_marketing = MAX(consent_marketing, ?), consent_tracking = MAX(consent_tracking, ?), pending = 0, ${TOUCHES}, updated_at = ? WHERE email = ?`,
                params: [lead.firstName, ...gapValues, lead.consentMarketing ? 1 : 0, lead.consentTracking ? 1 : 0, first, last, now, lead.email],
              };
      const trusted = mode === 'new' ? 'changes()' : mode === 'verified' ? '1' : '0';
      const ifTrusted = 'EXISTS (SELECT 1 FROM lead_events WHERE id = ? AND trusted = 1)';
      const statements: { sql: string; params: unknown[] }[] = [
        write,
        {
          sql: `INSERT INTO lead_events (id, lead_id, kind, training, webinar, message, attribution, idempotency_key, submitted, trusted, content_hash, created_at)
                VALUES (?, ${L}, ?, ?, ?, ?, ?, ?, ?, ${trusted}, ?, ?)`,
          params: [eventId, lead.email, event.kind, event.training, event.webinar, event.message, JSON.stringify(event.attribution), event.idempotencyKey,
            JSON.stringify(event.submitted ?? {}), event.contentHash ?? null, now],
        },
        ...consents.map((c) => ({
          sql: `INSERT INTO consents (id, lead_id, purpose, granted, text_version, text, form, page, proof, created_at)
                SELECT ?, ${L}, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${ifTrusted}`,
          params: [id(), lead.email, c.purpose, c.granted ? 1 : 0, c.textVersion, c.text, c.form, c.page, c.proof ?? null, now, eventId],
        })),
        ...(liftSuppressionHash ? [{ sql: `DELETE FROM suppression WHERE email_hash = ? AND ${ifTrusted}`, params: [liftSuppressionHash, eventId] }] : []),
      ];
      if (confirmation) {
        const request = JSON.stringify({ ...confirmation.request, eventId, at: now });
        statements.push(
          { sql: `UPDATE confirmations SET state = 'expired' WHERE lead_id = ${L} AND state = 'open' AND expires_at <= ?`, params: [lead.email, now] },
          {
            // One open confirmation per lead (partial unique index): a later request is added to it.
            sql: `INSERT INTO confirmations (id, lead_id, event_id, payload, state, created_at, expires_at)
                  VALUES (?, ${L}, ?, json_array(json(?)), 'open', ?, ?)
                  ON CONFLICT (lead_id) WHERE state = 'open' DO UPDATE SET payload = json_insert(confirmations.payload, '$[#]', json(?)), expires_at = excluded.expires_at`,
            params: [confirmation.id, lead.email, eventId, request, now, confirmation.expiresAt, request],
          },
          {
            // The link goes out again for a new request at most once an hour and maxSends times a day.
            sql: `UPDATE confirmations SET
                    sends = CASE WHEN window_start IS NULL OR window_start < ? THEN 1 ELSE sends + 1 END,
                    window_start = CASE WHEN window_start IS NULL OR window_start < ? THEN ? ELSE window_start END,
                    send_seq = send_seq + 1, last_sent_at = ?
                  WHERE lead_id = ${L} AND state = 'open' AND (last_sent_at IS NULL OR last_sent_at < ?)
                    AND (window_start IS NULL OR window_start < ? OR sends < ?)`,
            params: [confirmation.windowStart, confirmation.windowStart, now, now, lead.email, confirmation.resendAfter, confirmation.windowStart, confirmation.maxSends],
          },
        );
      }
      let results: { changes: number }[];
      try {
        results = await db.batch(statements);
      } catch (error) {
        // A concurrent submission of the same form render won the race: same result, nothing new.
        if (event.idempotencyKey && /UNIQUE/i.test(String(error))) {
          const existing = await this.findEventByIdempotencyKey(event.idempotencyKey);
          if (existing) return { leadId: existing.leadId, duplicate: true };
        }
        throw error;
      }
      const [row] = await db.all<Row>('SELECT lead_id, trusted FROM lead_events WHERE id = ?', [eventId]);
      let saved: { id: string; send: number | null } | undefined;
      if (confirmation) {
        const [c] = await db.all<Row>("SELECT id, send_seq FROM confirmations WHERE lead_id = ? AND state = 'open'", [row!.lead_id]);
        if (c) saved = { id: String(c.id), send: results.at(-1)!.changes ? Number(c.send_seq) : null };
      }
      return { leadId: String(row!.lead_id), duplicate: false, eventId, trusted: Number(row!.trusted) === 1, confirmation: saved };
    },

    async findConfirmation(confirmationId) {
      const [row] = await db.all<Row>('SELECT * FROM confirmations WHERE id = ?', [confirmationId]);
      return row ? toConfirmation(row) : null;
    },

    async confirm({ id: confirmationId, claim, lead, consents, liftSuppressionHash, lists = [], now }) {
      const fields: [string, unknown][] = (
        [
          ['first_name', lead.firstName], ['last_name', lead.lastName], ['phone', lead.phone], ['situation', lead.situation], ['age_bracket', lead.ageBracket],
          ['birth_year', lead.birthYear], ['region', lead.region], ['company', lead.company], ['company_size', lead.companySize],
          ['consent_marketing', lead.consentMarketing === undefined ? undefined : lead.consentMarketing ? 1 : 0],
          ['consent_tracking', lead.consentTracking === undefined ? undefined : lead.consentTracking ? 1 : 0],
        ] as [string, unknown][]
      ).filter(([, v]) => v !== undefined);
      // The claim: only one confirmation of this id ever applies; what follows checks the claim.
      const claimed = 'EXISTS (SELECT 1 FROM confirmations WHERE id = ? AND claim = ?)';
      const [first] = await db.batch([
        { sql: "UPDATE confirmations SET state = 'confirmed', confirmed_at = ?, claim = ? WHERE id = ? AND state = 'open' AND expires_at > ?", params: [now, claim, confirmationId, now] },
        {
          sql: `UPDATE leads SET ${[...fields.map(([k]) => `${k} = ?`), 'pending = 0', 'updated_at = ?'].join(', ')} WHERE id = ? AND ${claimed}`,
          params: [...fields.map(([, v]) => v), now, lead.id, confirmationId, claim],
        },
        ...consents.map((c) => ({
          sql: `INSERT INTO consents (id, lead_id, purpose, granted, text_version, text, form, page, proof, created_at)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${claimed}`,
          params: [id(), lead.id, c.purpose, c.granted ? 1 : 0, c.textVersion, c.text, c.form, c.page, c.proof ?? null, now, confirmationId, claim],
        })),
        ...(liftSuppressionHash ? [{ sql: `DELETE FROM suppression WHERE email_hash = ? AND ${claimed}`, params: [liftSuppressionHash, confirmationId, claim] }] : []),
        ...lists.map((list) => ({
          sql: `INSERT INTO list_members (list, lead_id, status, created_at, confirmed_at)
                SELECT ?, ?, 'active', ?, ? WHERE ${claimed}
                ON CONFLICT(list, lead_id) DO UPDATE SET status = 'active', confirmed_at = excluded.confirmed_at, unsubscribed_at = NULL`,
          params: [list, lead.id, now, now, confirmationId, claim],
        })),
        // The confirmed requests' submissions become the owner's.
        { sql: `UPDATE lead_events SET trusted = 1 WHERE id IN (SELECT value FROM json_each(?)) AND ${claimed}`, params: [JSON.stringify(lead.events ?? []), confirmationId, claim] },
      ]);
      return first!.changes === 1;
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
      const today = parisDay(now);
      // Audience: the days before today are rolled up into their aggregates, then their visitor
      // hashes and salts are deleted (nothing per visitor outlives its day).
      await db.batch([
        ...(['visitors', 'funnel-training', 'funnel-form'] as const).map((metric) => ({
          sql: `INSERT INTO audience_daily (day, metric, dimension, count)
                SELECT day, '${metric}', '', ${metric === 'visitors' ? 'COUNT(*)' : metric === 'funnel-training' ? 'SUM(CASE WHEN flags & 1 THEN 1 ELSE 0 END)' : 'SUM(CASE WHEN flags & 2 THEN 1 ELSE 0 END)'}
                FROM audience_visitors WHERE day < ? GROUP BY day
                ON CONFLICT(day, metric, dimension) DO UPDATE SET count = count + excluded.count`,
          params: [today],
        })),
        { sql: 'DELETE FROM audience_visitors WHERE day < ?', params: [today] },
        { sql: 'DELETE FROM audience_salts WHERE day < ?', params: [today] },
      ]);
      const [rateLimits, abUnits, , confirmations] = await db.batch([
        { sql: 'DELETE FROM rate_limits WHERE expires_at <= ?', params: [nowSeconds] },
        { sql: 'DELETE FROM ab_units WHERE first_day < ?', params: [new Date(now.getTime() - 400 * 86_400_000).toISOString().slice(0, 10)] },
        // A hidden lead (a request for an erased address) whose owner never confirmed goes away with its request.
        {
          sql: "DELETE FROM leads WHERE pending = 1 AND NOT EXISTS (SELECT 1 FROM confirmations c WHERE c.lead_id = leads.id AND (c.state = 'open' AND c.expires_at >= ?))",
          params: [new Date(now.getTime() - 30 * 86_400_000).toISOString()],
        },
        // Unconfirmed requests are kept 30 days after they expired (the event keeps the request).
        { sql: "DELETE FROM confirmations WHERE state != 'confirmed' AND expires_at < ?", params: [new Date(now.getTime() - 30 * 86_400_000).toISOString()] },
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

    async clickUnit(experiment, unit, day) {
      const [updated] = await db.batch([
        { sql: 'UPDATE ab_units SET clicked_day = ? WHERE experiment = ? AND unit = ? AND clicked_day IS NULL', params: [day, experiment, unit] },
        {
          sql: `INSERT INTO ab_counts (experiment, variant, day, clicks)
                SELECT ?, variant, ?, 1 FROM ab_units WHERE experiment = ? AND unit = ? AND changes() = 1
                ON CONFLICT(experiment, variant, day) DO UPDATE SET clicks = clicks + 1`,
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
      const events = await db.all('SELECT kind, training, webinar, message, attribution, submitted, trusted, created_at FROM lead_events WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      const consents = await db.all('SELECT purpose, granted, text_version, text, form, page, proof, created_at FROM consents WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      // Automation data too (RGPD access): e-mails planned or sent, engagement, callback tasks.
      const emails = await db.all('SELECT workflow, template, status, due_at, sent_at, subject, variant, outcome FROM email_jobs WHERE lead_id = ? AND audience = ? ORDER BY due_at', [lead.id, 'lead']);
      const engagement = await db.all('SELECT type, path, seconds, variant, created_at FROM engagement WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      const tasks = await db.all('SELECT kind, request, status, due_at, created_at, done_at FROM tasks WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      const confirmations = await db.all<Row>('SELECT payload, state, created_at, expires_at, confirmed_at FROM confirmations WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      const webinars = await db.all('SELECT webinar, status, created_at, updated_at FROM webinar_registrations WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      const lists = await db.all('SELECT list, status, created_at, confirmed_at, unsubscribed_at FROM list_members WHERE lead_id = ? ORDER BY created_at', [lead.id]);
      // WhatsApp conversations the team linked to this lead (src/console/store.ts, linkWhatsapp).
      const whatsapp = [];
      for (const contact of await db.all<Row>('SELECT * FROM whatsapp_contacts WHERE lead_id = ? ORDER BY created_at', [lead.id])) {
        const q = (sql: string) => db.all<Row>(sql, [contact.wa_id]);
        whatsapp.push(
          whatsappExport({
            contact,
            messages: await q('SELECT * FROM whatsapp_messages WHERE wa_id = ? ORDER BY created_at, seq'),
            statuses: await q('SELECT * FROM whatsapp_statuses WHERE wa_id = ? ORDER BY at'),
            tasks: await q('SELECT * FROM tasks WHERE whatsapp_id = ? ORDER BY created_at'),
          }),
        );
      }
      return {
        lead,
        events: events.map((e) => ({ ...e, attribution: JSON.parse(String(e.attribution)), submitted: JSON.parse(String(e.submitted ?? '{}')), trusted: Number(e.trusted) === 1 })),
        consents: consents.map((c) => ({ ...c, granted: Number(c.granted) === 1 })),
        emails,
        engagement,
        tasks,
        confirmations: confirmations.map((c) => ({ ...c, payload: JSON.parse(String(c.payload)) })),
        webinars,
        lists,
        whatsapp,
      };
    },

    async eraseLead(email, emailHash, now) {
      const lead = await this.findLeadByEmail(email);
      const results = await db.batch([
        // Enrolments stay (the school's accounts) without the person: no lead, no note.
        { sql: 'UPDATE enrolments SET note = NULL WHERE lead_id IN (SELECT id FROM leads WHERE email = ?)', params: [email] },
        { sql: 'DELETE FROM consents WHERE lead_id IN (SELECT id FROM leads WHERE email = ?)', params: [email] },
        { sql: 'DELETE FROM lead_events WHERE lead_id IN (SELECT id FROM leads WHERE email = ?)', params: [email] },
        { sql: 'DELETE FROM leads WHERE email = ?', params: [email] },
        { sql: 'INSERT OR IGNORE INTO suppression (email_hash, reason, created_at) VALUES (?, ?, ?)', params: [emailHash, 'erasure', now] },
      ]);
      return Boolean(lead) && results[3]!.changes > 0;
    },

    async listLeads(sinceIso) {
      const rows = await db.all<Row>(
        `SELECT l.*, e.kind AS last_kind, e.training AS last_training FROM leads l
         JOIN lead_events e ON e.id = (SELECT id FROM lead_events WHERE lead_id = l.id ORDER BY created_at DESC LIMIT 1)
         WHERE l.updated_at >= ? AND l.pending = 0 ORDER BY l.updated_at DESC`,
        [sinceIso],
      );
      return rows.map((r) => ({ ...toLead(r), lastKind: String(r.last_kind), lastTraining: (r.last_training as string | null) ?? null }));
    },

    async webinarRegistration(registrationId) {
      const rows = await db.all<Row>('SELECT id, webinar, status, lead_id FROM webinar_registrations WHERE id = ?', [registrationId]);
      return rows.map((r) => ({ id: String(r.id), webinar: String(r.webinar), status: String(r.status), leadId: String(r.lead_id) }));
    },

    async health() {
      const rows = await db.all('SELECT 1 AS ok');
      return rows.length === 1;
    },
  };
}
