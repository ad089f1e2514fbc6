// The console's queries, written once in SQL over the same SqlDriver as the lead store
// (node:sqlite for `npm start`, D1 in production): accounts, sessions, the audit log, the lead
// list and a lead's whole file, tasks, enrolments, campaign spend, audience aggregates.
import type { SqlDriver } from '../edge/store/types';
import type { Role } from './auth';

type Row = Record<string, unknown>;
const uid = () => crypto.randomUUID();

export interface UserRecord {
  id: string;
  email: string;
  role: Role;
  passwordHash: string;
  disabledAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

const toUser = (r: Row): UserRecord => ({
  id: String(r.id),
  email: String(r.email),
  role: String(r.role) as Role,
  passwordHash: String(r.password_hash),
  disabledAt: (r.disabled_at as string | null) ?? null,
  lastLoginAt: (r.last_login_at as string | null) ?? null,
  createdAt: String(r.created_at),
});

export interface LeadFilters {
  q?: string;
  temperature?: string;
  segment?: string;
  training?: string;
  source?: string;
  campaign?: string;
  from?: string;
  to?: string;
  sort?: 'recent' | 'score' | 'name' | 'updated';
  page?: number;
}

export const PAGE_SIZE = 50;

/** First touch of a lead (its first submission's attribution, kept on the lead since 0009_attribution.sql), as SQL expressions. */
// A contact who only applied to a partner programme (lead_events of kind partner only) is no
// prospective learner: left out of the KPIs' leads and of the Google Ads lead conversions.
const NOT_ONLY_PARTNER = `NOT (EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id AND e.kind = 'partner')
  AND NOT EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id AND e.kind != 'partner'))`;
const FIRST = `COALESCE(l.first_touch, (SELECT attribution FROM lead_events f WHERE f.lead_id = l.id ORDER BY f.created_at LIMIT 1))`;
const LAST = `(SELECT e.kind FROM lead_events e WHERE e.lead_id = l.id ORDER BY e.created_at DESC LIMIT 1)`;
const LAST_TRAINING = `(SELECT e.training FROM lead_events e WHERE e.lead_id = l.id AND e.training IS NOT NULL ORDER BY e.created_at DESC LIMIT 1)`;

export function createConsoleStore(db: SqlDriver) {
  return {
    // --- accounts ------------------------------------------------------------------------------
    async createUser(input: { email: string; role: Role; passwordHash: string; now: string }): Promise<UserRecord> {
      const id = uid();
      await db.batch([{ sql: 'INSERT INTO users (id, email, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)', params: [id, input.email, input.role, input.passwordHash, input.now] }]);
      return (await this.findUserById(id))!;
    },
    /** A new password closes the account's other sessions (all of them, unless one is kept). */
    async setPassword(userId: string, passwordHash: string, keepSession: string | null = null) {
      await db.batch([
        { sql: 'UPDATE users SET password_hash = ?, failed_count = 0 WHERE id = ?', params: [passwordHash, userId] },
        { sql: 'DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?', params: [userId, keepSession] },
      ]);
    },
    async findUserByEmail(email: string): Promise<UserRecord | null> {
      const [r] = await db.all<Row>('SELECT * FROM users WHERE email = ?', [email]);
      return r ? toUser(r) : null;
    },
    async findUserById(id: string): Promise<UserRecord | null> {
      const [r] = await db.all<Row>('SELECT * FROM users WHERE id = ?', [id]);
      return r ? toUser(r) : null;
    },
    async listUsers(): Promise<UserRecord[]> {
      return (await db.all<Row>('SELECT * FROM users ORDER BY email')).map(toUser);
    },
    async disableUser(id: string, now: string) {
      await db.batch([
        { sql: 'UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL', params: [now, id] },
        { sql: 'DELETE FROM sessions WHERE user_id = ?', params: [id] },
      ]);
    },
    async recordLogin(id: string, now: string) {
      await db.batch([{ sql: 'UPDATE users SET last_login_at = ?, failed_count = 0 WHERE id = ?', params: [now, id] }]);
    },
    async recordFailure(id: string) {
      await db.batch([{ sql: 'UPDATE users SET failed_count = failed_count + 1 WHERE id = ?', params: [id] }]);
    },

    // --- sessions ------------------------------------------------------------------------------
    async createSession(input: { tokenHash: string; userId: string; csrf: string; now: string; expiresAt: string }) {
      await db.batch([
        { sql: 'DELETE FROM sessions WHERE expires_at <= ?', params: [input.now] },
        { sql: 'INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)', params: [input.tokenHash, input.userId, input.csrf, input.now, input.now, input.expiresAt] },
      ]);
    },
    async findSession(tokenHash: string) {
      const [r] = await db.all<Row>(
        `SELECT s.token_hash, s.csrf, s.created_at, s.last_seen_at, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
        [tokenHash],
      );
      if (!r) return null;
      return { tokenHash: String(r.token_hash), csrf: String(r.csrf), lastSeenAt: String(r.last_seen_at), expiresAt: String(r.expires_at), user: toUser(r) };
    },
    async touchSession(tokenHash: string, now: string) {
      await db.batch([{ sql: 'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?', params: [now, tokenHash] }]);
    },
    async deleteSession(tokenHash: string) {
      await db.batch([{ sql: 'DELETE FROM sessions WHERE token_hash = ?', params: [tokenHash] }]);
    },

    // --- audit log -----------------------------------------------------------------------------
    async audit(entry: { at: string; user?: { id: string; email: string } | null; action: string; target?: string | null; detail?: string | null; outcome: 'ok' | 'refused'; ip?: string | null }) {
      await db.batch([
        {
          sql: 'INSERT INTO audit_log (id, at, user_id, user_email, action, target, detail, outcome, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          params: [uid(), entry.at, entry.user?.id ?? null, entry.user?.email ?? null, entry.action, entry.target ?? null, entry.detail ?? null, entry.outcome, entry.ip ?? null],
        },
      ]);
    },
    async auditLog(limit = 200, offset = 0) {
      return db.all<Row>('SELECT * FROM audit_log ORDER BY at DESC, rowid DESC LIMIT ? OFFSET ?', [limit, offset]);
    },

    // --- leads ---------------------------------------------------------------------------------
    async searchLeads(f: LeadFilters): Promise<{ rows: Row[]; total: number }> {
      const where: string[] = ['l.pending = 0'];
      const params: unknown[] = [];
      if (f.q) {
        where.push('(l.email LIKE ? OR l.first_name LIKE ? OR l.last_name LIKE ? OR l.phone LIKE ? OR l.company LIKE ?)');
        const like = `%${f.q.replace(/[%_]/g, (m) => `\\${m}`)}%`;
        params.push(like, like, like, like, like);
      }
      if (f.temperature) (where.push('l.temperature = ?'), params.push(f.temperature));
      if (f.segment) (where.push(f.segment === '(aucun)' ? 'l.segment IS NULL' : 'l.segment = ?'), f.segment === '(aucun)' || params.push(f.segment));
      if (f.training) (where.push('EXISTS (SELECT 1 FROM lead_events t WHERE t.lead_id = l.id AND t.training = ?)'), params.push(f.training));
      if (f.source) (where.push(`COALESCE(json_extract(${FIRST}, '$.utm_source'), '(direct)') = ?`), params.push(f.source));
      if (f.campaign) (where.push(`json_extract(${FIRST}, '$.utm_campaign') = ?`), params.push(f.campaign));
      if (f.from) (where.push('l.created_at >= ?'), params.push(f.from));
      if (f.to) (where.push('l.created_at < ?'), params.push(f.to));
      const order = { recent: 'l.created_at DESC', score: 'l.score DESC, l.created_at DESC', name: 'l.last_name, l.first_name', updated: 'l.updated_at DESC' }[f.sort ?? 'recent'];
      const page = Math.max(1, f.page ?? 1);
      const clause = where.join(' AND ');
      const [count] = await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM leads l WHERE ${clause}`, params);
      const rows = await db.all<Row>(
        `SELECT l.*, ${FIRST} AS first_attribution, ${LAST} AS last_kind, ${LAST_TRAINING} AS last_training FROM leads l WHERE ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`,
        [...params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
      );
      return { rows, total: Number(count?.n ?? 0) };
    },
    /** Every lead matching the filters, for the CSV export (no paging). */
    async exportLeads(f: LeadFilters): Promise<Row[]> {
      const all: Row[] = [];
      for (let page = 1; ; page++) {
        const { rows } = await this.searchLeads({ ...f, page });
        all.push(...rows);
        if (rows.length < PAGE_SIZE) return all;
      }
    },
    /** The values offered by the list's filters. */
    async filterValues() {
      const sources = await db.all<{ v: string }>(`SELECT DISTINCT COALESCE(json_extract(${FIRST}, '$.utm_source'), '(direct)') AS v FROM leads l WHERE l.pending = 0 ORDER BY v`);
      const campaigns = await db.all<{ v: string }>(`SELECT DISTINCT json_extract(${FIRST}, '$.utm_campaign') AS v FROM leads l WHERE l.pending = 0 AND v IS NOT NULL ORDER BY v`);
      return { sources: sources.map((r) => r.v), campaigns: campaigns.map((r) => r.v) };
    },
    async leadFile(id: string) {
      const [lead] = await db.all<Row>('SELECT * FROM leads WHERE id = ?', [id]);
      if (!lead) return null;
      const q = (sql: string) => db.all<Row>(sql, [id]);
      return {
        lead,
        events: await q('SELECT * FROM lead_events WHERE lead_id = ? ORDER BY created_at'),
        emails: await q('SELECT * FROM email_jobs WHERE lead_id = ? ORDER BY due_at'),
        engagement: await q('SELECT * FROM engagement WHERE lead_id = ? ORDER BY created_at'),
        tasks: await q('SELECT * FROM tasks WHERE lead_id = ? ORDER BY created_at'),
        consents: await q('SELECT * FROM consents WHERE lead_id = ? ORDER BY created_at'),
        confirmations: await q('SELECT * FROM confirmations WHERE lead_id = ? ORDER BY created_at'),
        webinars: await q('SELECT * FROM webinar_registrations WHERE lead_id = ? ORDER BY created_at'),
        enrolments: await q('SELECT * FROM enrolments WHERE lead_id = ? ORDER BY enrolled_on'),
        lists: await q('SELECT * FROM list_members WHERE lead_id = ?'),
        // WhatsApp: the conversations the team linked to this lead, and those of the same number
        // not linked (the phone of a form is not verified: the team checks before linking).
        whatsapp: await this.whatsappOfLead(id, lead.phone as string | null),
      };
    },

    // --- WhatsApp ----------------------------------------------------------------------------
    async whatsappOfLead(leadId: string, phone: string | null) {
      const linked = await db.all<Row>('SELECT * FROM whatsapp_contacts WHERE lead_id = ? ORDER BY created_at', [leadId]);
      const messages = linked.length
        ? await db.all<Row>(`SELECT * FROM whatsapp_messages WHERE wa_id IN (SELECT wa_id FROM whatsapp_contacts WHERE lead_id = ?) ORDER BY created_at, seq`, [leadId])
        : [];
      const digits = phone && /^\+\d{8,15}$/.test(phone) ? phone.slice(1) : null;
      const sameNumber = digits ? await db.all<Row>('SELECT * FROM whatsapp_contacts WHERE wa_id = ? AND lead_id IS NULL', [digits]) : [];
      return { linked, messages, sameNumber };
    },
    /** The conversations, the most recent first, with their counts and open callbacks. */
    async whatsappContacts(limit = 200) {
      return db.all<Row>(
        `SELECT c.*, l.first_name, l.last_name, l.email,
                (SELECT COUNT(*) FROM whatsapp_messages m WHERE m.wa_id = c.wa_id AND m.direction = 'in') AS received,
                (SELECT COUNT(*) FROM whatsapp_messages m WHERE m.wa_id = c.wa_id AND m.direction = 'out') AS replies,
                (SELECT COUNT(*) FROM whatsapp_messages m WHERE m.wa_id = c.wa_id AND m.direction = 'out' AND m.status IN ('failed', 'window-closed')) AS undelivered,
                (SELECT summary FROM whatsapp_messages m WHERE m.wa_id = c.wa_id AND m.direction = 'in' ORDER BY m.created_at DESC LIMIT 1) AS last_message,
                (SELECT COUNT(*) FROM tasks t WHERE t.whatsapp_id = c.wa_id AND t.status != 'done') AS open_tasks
         FROM whatsapp_contacts c LEFT JOIN leads l ON l.id = c.lead_id ORDER BY COALESCE(c.last_inbound_at, c.created_at) DESC LIMIT ?`,
        [limit],
      );
    },
    async whatsappFile(waId: string) {
      const [contact] = await db.all<Row>('SELECT * FROM whatsapp_contacts WHERE wa_id = ?', [waId]);
      if (!contact) return null;
      const q = (sql: string) => db.all<Row>(sql, [waId]);
      return {
        contact,
        lead: contact.lead_id ? ((await db.all<Row>('SELECT * FROM leads WHERE id = ?', [contact.lead_id]))[0] ?? null) : null,
        messages: await q('SELECT * FROM whatsapp_messages WHERE wa_id = ? ORDER BY created_at, seq'),
        statuses: await q('SELECT * FROM whatsapp_statuses WHERE wa_id = ? ORDER BY at'),
        tasks: await q('SELECT * FROM tasks WHERE whatsapp_id = ? ORDER BY created_at'),
      };
    },
    /** Links a conversation to a lead (the team checked it is the same person); its callbacks follow. */
    async linkWhatsapp(waId: string, leadId: string | null) {
      const [r] = await db.batch([
        { sql: 'UPDATE whatsapp_contacts SET lead_id = ? WHERE wa_id = ?', params: [leadId, waId] },
        { sql: 'UPDATE tasks SET lead_id = ? WHERE whatsapp_id = ?', params: [leadId, waId] },
      ]);
      return r!.changes === 1;
    },
    /** RGPD erasure of a conversation: the contact, its messages, statuses and callbacks (cascade). */
    async eraseWhatsapp(waId: string) {
      const [r] = await db.batch([{ sql: 'DELETE FROM whatsapp_contacts WHERE wa_id = ?', params: [waId] }]);
      return r!.changes === 1;
    },

    // --- tasks ---------------------------------------------------------------------------------
    async tasks(status?: 'open' | 'overdue' | 'done') {
      return db.all<Row>(
        `SELECT t.*, l.first_name, l.last_name, l.email, l.phone, w.profile_name AS whatsapp_name, (SELECT submitted FROM lead_events e WHERE e.id = t.source_event) AS submitted,
                (SELECT kind FROM lead_events e WHERE e.id = t.source_event) AS event_kind
         FROM tasks t LEFT JOIN leads l ON l.id = t.lead_id LEFT JOIN whatsapp_contacts w ON w.wa_id = t.whatsapp_id ${status ? 'WHERE t.status = ?' : ''} ORDER BY CASE t.status WHEN 'overdue' THEN 0 WHEN 'open' THEN 1 ELSE 2 END, t.due_at`,
        status ? [status] : [],
      );
    },
    async completeTask(id: string, note: string | null, by: string, now: string): Promise<boolean> {
      const [r] = await db.batch([{ sql: "UPDATE tasks SET status = 'done', done_at = ?, note = ?, done_by = ? WHERE id = ? AND status != 'done'", params: [now, note, by, id] }]);
      return r!.changes === 1;
    },
    /** The partner applications whose answer is not done (tasks of the partner-reply workflow), the most urgent first. */
    async partnerApplications() {
      return db.all<Row>(
        `SELECT t.*, l.first_name, l.last_name, l.email, e.submitted, e.kind AS event_kind, e.message AS event_message, e.created_at AS event_at, e.trusted AS event_trusted
         FROM tasks t JOIN lead_events e ON e.id = t.source_event LEFT JOIN leads l ON l.id = t.lead_id
         WHERE e.kind = 'partner' AND t.status != 'done' ORDER BY CASE t.status WHEN 'overdue' THEN 0 ELSE 1 END, t.due_at`,
      );
    },
    /** A task claimed by completeTask whose work then failed: open again (overdue when past due). */
    async reopenTask(id: string) {
      await db.batch([{ sql: "UPDATE tasks SET status = 'open', done_at = NULL, note = NULL, done_by = NULL WHERE id = ? AND status = 'done'", params: [id] }]);
    },
    async noteTask(id: string, note: string) {
      await db.batch([{ sql: 'UPDATE tasks SET note = ? WHERE id = ?', params: [note, id] }]);
    },

    // --- enrolments ----------------------------------------------------------------------------
    async recordEnrolment(input: { leadId: string; training: string | null; amountEur: number; enrolledOn: string; partnerCode?: string | null; note?: string | null; by: string; now: string }) {
      const id = uid();
      await db.batch([
        {
          sql: 'INSERT INTO enrolments (id, lead_id, training, amount_eur, enrolled_on, partner_code, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          params: [id, input.leadId, input.training, input.amountEur, input.enrolledOn, input.partnerCode ?? null, input.note ?? null, input.now, input.by],
        },
      ]);
      return id;
    },
    async enrolmentById(id: string) {
      return db.all<Row>('SELECT * FROM enrolments WHERE id = ?', [id]);
    },
    async cancelEnrolment(id: string, on: string): Promise<boolean> {
      const [r] = await db.batch([{ sql: "UPDATE enrolments SET status = 'cancelled', cancelled_on = ? WHERE id = ? AND status = 'active'", params: [on, id] }]);
      return r!.changes === 1;
    },
    async enrolments(from: string, to: string) {
      return db.all<Row>(
        `SELECT e.*, l.first_name, l.last_name, l.email, ${FIRST} AS first_attribution FROM enrolments e LEFT JOIN leads l ON l.id = e.lead_id WHERE e.enrolled_on >= ? AND e.enrolled_on < ? ORDER BY e.enrolled_on DESC`,
        [from, to],
      );
    },

    // --- campaign spend ------------------------------------------------------------------------
    async setSpend(input: { month: string; campaign: string; amountEur: number; by: string; now: string }) {
      await db.batch([
        {
          sql: `INSERT INTO campaign_spend (month, campaign, amount_eur, entered_by, entered_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(month, campaign) DO UPDATE SET amount_eur = excluded.amount_eur, entered_by = excluded.entered_by, entered_at = excluded.entered_at`,
          params: [input.month, input.campaign, input.amountEur, input.by, input.now],
        },
      ]);
    },
    async spend(fromMonth: string, toMonth: string) {
      return db.all<Row>('SELECT * FROM campaign_spend WHERE month >= ? AND month <= ? ORDER BY month, campaign', [fromMonth, toMonth]);
    },

    // --- leads and audience for the KPIs -------------------------------------------------------
    // A partner application is no prospective learner's request: a contact who only applied to a
    // partner programme is not a lead of the KPIs.
    async leadsCreated(from: string, to: string) {
      return db.all<Row>(
        `SELECT l.id, l.created_at, l.temperature, l.region, ${FIRST} AS first_attribution,
                (SELECT kind FROM lead_events f WHERE f.lead_id = l.id AND f.kind != 'partner' ORDER BY f.created_at LIMIT 1) AS first_kind,
                (SELECT training FROM lead_events f WHERE f.lead_id = l.id AND f.training IS NOT NULL ORDER BY f.created_at LIMIT 1) AS training
         FROM leads l WHERE l.pending = 0 AND l.created_at >= ? AND l.created_at < ?
           AND ${NOT_ONLY_PARTNER}`,
        [from, to],
      );
    },
    /** Leads created since `sinceIso` whose first touch has a Google Ads click id, and active enrolments since `sinceDay` with their lead's touches (Google Ads conversions). */
    async adsConversionRows(sinceIso: string, sinceDay: string) {
      const clicked = (col: string) => `(json_extract(${col}, '$.gclid') IS NOT NULL OR json_extract(${col}, '$.gbraid') IS NOT NULL OR json_extract(${col}, '$.wbraid') IS NOT NULL)`;
      const leads = await db.all<Row>(`SELECT l.created_at, l.first_touch, l.last_touch FROM leads l WHERE l.pending = 0 AND l.created_at >= ? AND ${clicked('l.first_touch')} AND ${NOT_ONLY_PARTNER} ORDER BY l.created_at`, [sinceIso]);
      const enrolments = await db.all<Row>(
        `SELECT e.enrolled_on, e.created_at, e.amount_eur, e.status, l.first_touch, l.last_touch FROM enrolments e JOIN leads l ON l.id = e.lead_id
         WHERE e.status = 'active' AND e.enrolled_on >= ? AND (${clicked('l.first_touch')} OR ${clicked('l.last_touch')}) ORDER BY e.enrolled_on`,
        [sinceDay],
      );
      return { leads, enrolments };
    },
    /** Partner links whose code led to no active partner since `fromDay` (src/edge/audience.ts): per code, the visits and the last day. */
    async unknownReferrals(fromDay: string) {
      return db.all<{ code: string; visits: number; last_day: string }>(
        `SELECT dimension AS code, SUM(count) AS visits, MAX(day) AS last_day FROM audience_daily
         WHERE metric = 'referral-unknown' AND day >= ? GROUP BY dimension ORDER BY visits DESC, last_day DESC LIMIT 30`,
        [fromDay],
      );
    },
    async audienceDaily(fromDay: string, toDay: string) {
      return db.all<{ day: string; metric: string; dimension: string; count: number }>('SELECT day, metric, dimension, count FROM audience_daily WHERE day >= ? AND day < ?', [fromDay, toDay]);
    },
    /** Today's visitors, not yet rolled up: counts only (the hashes never leave the store). */
    async audienceToday(day: string) {
      const [r] = await db.all<{ visitors: number; training: number; form: number }>(
        'SELECT COUNT(*) AS visitors, SUM(CASE WHEN flags & 1 THEN 1 ELSE 0 END) AS training, SUM(CASE WHEN flags & 2 THEN 1 ELSE 0 END) AS form FROM audience_visitors WHERE day = ?',
        [day],
      );
      return { visitors: Number(r?.visitors ?? 0), training: Number(r?.training ?? 0), form: Number(r?.form ?? 0) };
    },
    /** Questions the assistant could not answer, summed over the days since `fromDay`. */
    async unansweredQuestions(fromDay: string) {
      return db.all<{ question: string; count: number; last_day: string; path: string | null }>(
        'SELECT question, SUM(count) AS count, MAX(day) AS last_day, MAX(path) AS path FROM assistant_unanswered WHERE day >= ? GROUP BY question ORDER BY count DESC, last_day DESC LIMIT 200',
        [fromDay],
      );
    },
    async abCounts() {
      return db.all<{ experiment: string; variant: string; exposures: number; conversions: number; clicks: number }>(
        'SELECT experiment, variant, SUM(exposures) AS exposures, SUM(conversions) AS conversions, SUM(clicks) AS clicks FROM ab_counts GROUP BY experiment, variant ORDER BY experiment, variant',
      );
    },
  };
}

export type ConsoleStore = ReturnType<typeof createConsoleStore>;
