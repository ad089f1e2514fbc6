// The WhatsApp Business Platform line, over the same SQL store as the leads (node:sqlite or D1):
// what the webhook received is applied to each conversation (src/conversations/whatsapp-flow.ts)
// in one atomic batch per message, and the replies are queued; a delivery loop sends them through
// the Cloud API (an injected fetch), one at a time per person and in order, retries what failed
// with automation.yaml's backoff, and records every outcome. Pure module (no node:*).
//
// Why a queue and not a send inside the webhook: Meta expects the webhook's 200 within a few
// hundred milliseconds (its guidance: median under 250 ms) and retries otherwise; the Graph API
// call takes about as long per message. The webhook stores and answers; the sending runs after
// the response (ctx.waitUntil on Workers, a background promise on Node) and again at every
// automation tick, so a failed send is retried and never lost silently.
import type { SqlDriver } from '../edge/store/types';
import type { Marketing } from '../marketing/config';
import { converse, EMPTY_STATE, type FlowState, type TestimonialFacts, type TrainingFacts } from '../conversations/whatsapp-flow';
import { graphBody, summary, type InboundContent, type Outgoing, type WebhookContent } from '../conversations/whatsapp-cloud';

/** Meta's Graph API; the version is the current one of its changelog (v26.0, 29 July 2026). */
export const DEFAULT_GRAPH_BASE = 'https://graph.facebook.com/v26.0';

export interface WhatsappConfig {
  /** WHATSAPP_VERIFY_TOKEN: the token typed in Meta's dashboard for the GET verification. */
  verifyToken: string | null;
  /** WHATSAPP_APP_SECRET: the app's secret, key of X-Hub-Signature-256. */
  appSecret: string | null;
  /** WHATSAPP_TOKEN: the access token (system user) that sends messages. */
  token: string | null;
  /** WHATSAPP_PHONE_NUMBER_ID: the school's number in the Cloud API. */
  phoneNumberId: string | null;
  /** WHATSAPP_API_BASE: Graph API origin and version, without a trailing slash. */
  apiBase: string;
}

export class WhatsappConfigError extends Error {}

/** The configuration from environment variables (Node) or Worker bindings; a wrong value names its variable. */
export function whatsappConfigFromEnv(env: Record<string, unknown>): WhatsappConfig {
  const get = (name: string) => (typeof env[name] === 'string' && (env[name] as string).trim() !== '' ? (env[name] as string).trim() : null);
  const base = get('WHATSAPP_API_BASE') ?? DEFAULT_GRAPH_BASE;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new WhatsappConfigError(`WHATSAPP_API_BASE : adresse attendue (par exemple ${DEFAULT_GRAPH_BASE}), reçu « ${base} »`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))) {
    throw new WhatsappConfigError(`WHATSAPP_API_BASE : adresse https:// attendue (http:// seulement sur localhost), reçu « ${base} »`);
  }
  if (url.search || url.hash) throw new WhatsappConfigError(`WHATSAPP_API_BASE : ni paramètres ni fragment, reçu « ${base} »`);
  const phoneNumberId = get('WHATSAPP_PHONE_NUMBER_ID');
  if (phoneNumberId && !/^\d{5,30}$/.test(phoneNumberId)) throw new WhatsappConfigError(`WHATSAPP_PHONE_NUMBER_ID : identifiant numérique attendu (tableau de bord Meta, WhatsApp, Configuration de l’API), reçu « ${phoneNumberId} »`);
  return { verifyToken: get('WHATSAPP_VERIFY_TOKEN'), appSecret: get('WHATSAPP_APP_SECRET'), token: get('WHATSAPP_TOKEN'), phoneNumberId, apiBase: base.replace(/\/+$/, '') };
}

export interface WhatsappRules {
  marketing: Marketing;
  trainingFacts: TrainingFacts[];
  testimonials: TestimonialFacts[];
}

export interface WhatsappDeps {
  db: SqlDriver;
  rules: WhatsappRules;
  config: WhatsappConfig;
  /** The Graph API client: the global fetch in production, a recording fake in tests. */
  fetch: typeof fetch;
  /** Origin of the links in the messages (the guide's PDF, the training pages). */
  siteUrl: string;
}

export interface ReceiveReport {
  messages: number;
  duplicates: number;
  late: number;
  statuses: number;
  /** The contacts with replies to send. */
  contacts: string[];
}

export interface DeliveryReport {
  accepted: number;
  retried: number;
  failed: number;
  windowClosed: number;
}

type Row = Record<string, unknown>;
const uid = () => crypto.randomUUID();
const iso = (d: Date) => d.toISOString();
const WINDOW_MS = 24 * 3_600_000;
/** Status order: a later webhook never moves a message back (read stays read after a late « delivered »). */
const RANK = `CASE %s WHEN 'accepted' THEN 1 WHEN 'sent' THEN 2 WHEN 'delivered' THEN 3 WHEN 'read' THEN 4 WHEN 'failed' THEN 5 ELSE 0 END`;
const rank = (expr: string) => RANK.replace('%s', expr);
/** Graph API errors worth retrying: throttling and temporary unavailability (Meta's error codes). */
const RETRYABLE_CODES = new Set([1, 2, 4, 17, 341, 80007, 130429, 131000, 131016, 131048, 131056, 133004]);

function contentRecord(c: InboundContent): { kind: string; body: string; summary: string } {
  if (c.kind === 'text') return { kind: 'text', body: JSON.stringify({ text: c.text }), summary: c.text };
  if (c.kind === 'choice') return { kind: 'choice', body: JSON.stringify({ id: c.id, title: c.title }), summary: `Choix : ${c.title}` };
  return { kind: 'other', body: JSON.stringify({ type: c.type }), summary: `(message de type ${c.type}, non lu par l’automate)` };
}

function parseState(raw: unknown): FlowState | null {
  try {
    const v = JSON.parse(String(raw ?? '{}')) as Partial<FlowState>;
    return v && typeof v === 'object' && 'topic' in v ? { ...EMPTY_STATE, ...v } : null;
  } catch {
    return null;
  }
}

export function createWhatsapp(deps: WhatsappDeps) {
  const { db, config } = deps;
  const m = deps.rules.marketing;
  const flowRules = { marketing: m, trainings: deps.rules.trainingFacts, testimonials: deps.rules.testimonials, siteUrl: deps.siteUrl };

  /** Applies one message to its conversation; true if applied, false if it was already stored. */
  async function applyMessage(msg: WebhookContent['messages'][number], now: Date): Promise<'applied' | 'duplicate' | 'late'> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const [contact] = await db.all<Row>('SELECT * FROM whatsapp_contacts WHERE wa_id = ?', [msg.from]);
      if (!contact) throw new Error(`whatsapp: contact ${msg.from} absent`);
      if ((await db.all('SELECT 1 AS x FROM whatsapp_messages WHERE wamid = ?', [msg.id])).length) return 'duplicate';
      const rowId = uid();
      const record = contentRecord(msg.content);
      const lastInbound = contact.last_inbound_at ? new Date(String(contact.last_inbound_at)) : null;
      const applied = `EXISTS (SELECT 1 FROM whatsapp_contacts WHERE wa_id = ? AND applied = ?)`;
      // A message older than one already handled (a retried delivery): kept, not answered out of context.
      if (lastInbound && msg.at < lastInbound) {
        await db.batch([
          {
            sql: `INSERT OR IGNORE INTO whatsapp_messages (id, wa_id, direction, wamid, kind, body, summary, status, created_at) VALUES (?, ?, 'in', ?, ?, ?, ?, 'late', ?)`,
            params: [rowId, msg.from, msg.id, record.kind, record.body, record.summary, iso(msg.at)],
          },
        ]);
        return 'late';
      }
      const [task] = await db.all<Row>("SELECT due_at FROM tasks WHERE whatsapp_id = ? AND status != 'done' ORDER BY due_at LIMIT 1", [msg.from]);
      const turn = converse(flowRules, {
        state: contact.last_inbound_at ? (parseState(contact.state) ?? EMPTY_STATE) : null,
        content: msg.content,
        now,
        waId: msg.from,
        openCallbackDue: task ? new Date(String(task.due_at)) : null,
      });
      // WhatsApp's customer-service window: 24 hours from the person's last message. A message
      // delivered to us after it closed gets nothing free-form; the replies are kept as not sent.
      const windowOpen = now.getTime() < msg.at.getTime() + WINDOW_MS;
      const statements: { sql: string; params: unknown[] }[] = [
        {
          // The turn's claim: only if nobody changed the conversation since it was read, and the
          // message is not stored yet. Every write below checks it.
          sql: `UPDATE whatsapp_contacts SET state = ?, version = version + 1, applied = ?, last_inbound_at = ?, profile_name = COALESCE(?, profile_name), updated_at = ?
                WHERE wa_id = ? AND version = ? AND NOT EXISTS (SELECT 1 FROM whatsapp_messages WHERE wamid = ?)`,
          params: [JSON.stringify(turn.state), rowId, iso(msg.at), msg.profileName, iso(now), msg.from, Number(contact.version), msg.id],
        },
        {
          // Idempotency: Meta's message id is unique; a second delivery inserts nothing.
          sql: `INSERT OR IGNORE INTO whatsapp_messages (id, wa_id, direction, wamid, kind, body, summary, status, created_at)
                SELECT ?, ?, 'in', ?, ?, ?, ?, 'received', ? WHERE ${applied}`,
          params: [rowId, msg.from, msg.id, record.kind, record.body, record.summary, iso(msg.at), msg.from, rowId],
        },
        ...turn.replies.map((reply: Outgoing, seq: number) => ({
          sql: `INSERT INTO whatsapp_messages (id, wa_id, direction, kind, body, summary, status, in_reply_to, seq, next_attempt_at, error, created_at)
                SELECT ?, ?, 'out', ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${applied}`,
          params: [
            uid(), msg.from, reply.type, JSON.stringify(reply), summary(reply), windowOpen ? 'queued' : 'window-closed', rowId, seq, iso(now),
            windowOpen ? null : `fenêtre de 24 h fermée le ${iso(new Date(msg.at.getTime() + WINDOW_MS))} : rien n’est envoyé sans modèle approuvé`, iso(now), msg.from, rowId,
          ],
        })),
      ];
      if (turn.callback) {
        statements.push({
          // One open callback per person; it belongs to the lead only if the team linked the contact to one.
          sql: `INSERT INTO tasks (id, lead_id, whatsapp_id, kind, workflow, request, due_at, status, created_at, source_event)
                SELECT ?, (SELECT lead_id FROM whatsapp_contacts WHERE wa_id = ?), ?, 'callback', 'whatsapp-rappel', 'whatsapp', ?, 'open', ?, ?
                WHERE ${applied} AND NOT EXISTS (SELECT 1 FROM tasks WHERE whatsapp_id = ? AND status != 'done')`,
          params: [uid(), msg.from, msg.from, iso(turn.callback.dueAt), iso(now), rowId, msg.from, rowId, msg.from],
        });
      }
      await db.batch(statements);
      const [after] = await db.all<Row>('SELECT applied FROM whatsapp_contacts WHERE wa_id = ?', [msg.from]);
      if (after?.applied === rowId) return 'applied';
      // Not applied: a concurrent delivery of the same message won (duplicate), or another message
      // of the same person changed the conversation first (read it again and retry).
    }
    throw new Error(`whatsapp: conversation ${msg.from} modifiée sans cesse, message ${msg.id} non traité (Meta le renverra)`);
  }

  /** The content of a verified webhook POST: messages applied in order, statuses recorded. */
  async function receive(content: WebhookContent, now: Date): Promise<ReceiveReport> {
    const report: ReceiveReport = { messages: 0, duplicates: 0, late: 0, statuses: 0, contacts: [] };
    const messages = [...content.messages].sort((a, b) => a.at.getTime() - b.at.getTime());
    const people = [...new Set(messages.map((x) => x.from))];
    if (people.length) {
      await db.batch(
        people.map((waId) => ({
          sql: 'INSERT OR IGNORE INTO whatsapp_contacts (wa_id, profile_name, created_at, updated_at) VALUES (?, ?, ?, ?)',
          params: [waId, messages.find((x) => x.from === waId && x.profileName)?.profileName ?? null, iso(now), iso(now)],
        })),
      );
    }
    for (const msg of messages) {
      const outcome = await applyMessage(msg, now);
      if (outcome === 'applied') {
        report.messages++;
        if (!report.contacts.includes(msg.from)) report.contacts.push(msg.from);
      } else if (outcome === 'duplicate') report.duplicates++;
      else report.late++;
    }
    if (content.statuses.length) {
      const results = await db.batch(
        content.statuses.flatMap((s) => [
          {
            sql: `INSERT OR IGNORE INTO whatsapp_statuses (wamid, status, wa_id, at, error)
                  SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM whatsapp_contacts WHERE wa_id = ?)`,
            params: [s.id, s.status, s.recipient, iso(s.at), s.error, s.recipient],
          },
          {
            sql: `UPDATE whatsapp_messages SET status = ?, error = COALESCE(?, error) WHERE wamid = ? AND direction = 'out' AND ${rank('status')} < ${rank('?')}`,
            params: [s.status, s.error, s.id, s.status],
          },
        ]),
      );
      report.statuses = results.filter((_, i) => i % 2 === 0).reduce((n, r) => n + r.changes, 0);
    }
    return report;
  }

  /** Sends what is queued and due (only these contacts' when given): one message per person at a time, in order. */
  async function deliver(now: Date, only?: string[]): Promise<DeliveryReport> {
    const report: DeliveryReport = { accepted: 0, retried: 0, failed: 0, windowClosed: 0 };
    const { leaseMinutes, retryMinutes, batchSize } = m.automation.delivery;
    await db.batch([
      // A send that died mid-way goes back to the queue after the lease.
      { sql: "UPDATE whatsapp_messages SET status = 'queued', claim_id = NULL WHERE direction = 'out' AND status = 'sending' AND claimed_at < ?", params: [iso(new Date(now.getTime() - leaseMinutes * 60_000))] },
    ]);
    for (let round = 0; round < 50; round++) {
      const claim = uid();
      await db.batch([
        {
          // The first queued message of each person, if it is due and none of theirs is in flight.
          sql: `UPDATE whatsapp_messages SET status = 'sending', claim_id = ?, claimed_at = ?
                WHERE id IN (
                  SELECT q.id FROM whatsapp_messages q
                  WHERE q.direction = 'out' AND q.status = 'queued' AND q.next_attempt_at <= ? ${only ? 'AND q.wa_id IN (SELECT value FROM json_each(?))' : ''}
                    AND NOT EXISTS (SELECT 1 FROM whatsapp_messages s WHERE s.wa_id = q.wa_id AND s.direction = 'out' AND s.status = 'sending')
                    AND NOT EXISTS (SELECT 1 FROM whatsapp_messages e WHERE e.wa_id = q.wa_id AND e.direction = 'out' AND e.status = 'queued'
                                    AND (e.created_at < q.created_at OR (e.created_at = q.created_at AND e.seq < q.seq)))
                  ORDER BY q.created_at LIMIT ?)`,
          params: [claim, iso(now), iso(now), ...(only ? [JSON.stringify(only)] : []), batchSize],
        },
      ]);
      const jobs = await db.all<Row>('SELECT q.*, c.last_inbound_at FROM whatsapp_messages q JOIN whatsapp_contacts c ON c.wa_id = q.wa_id WHERE q.claim_id = ? AND q.status = ?', [claim, 'sending']);
      if (!jobs.length) break;
      await Promise.all(jobs.map((job) => sendOne(job, claim, now, retryMinutes, report)));
    }
    return report;
  }

  async function sendOne(job: Row, claim: string, now: Date, retryMinutes: number[], report: DeliveryReport) {
    const finish = (status: string, extra: { wamid?: string; error?: string | null; attempts?: number; next?: Date } = {}) =>
      db.batch([
        {
          sql: `UPDATE whatsapp_messages SET
                  status = CASE WHEN ? = 'accepted' THEN COALESCE((SELECT s.status FROM whatsapp_statuses s WHERE s.wamid = ? ORDER BY ${rank('s.status')} DESC LIMIT 1), 'accepted') ELSE ? END,
                  wamid = COALESCE(?, wamid), error = ?, attempts = ?, next_attempt_at = ?, claim_id = NULL, sent_at = CASE WHEN ? = 'accepted' THEN ? ELSE sent_at END
                WHERE id = ? AND claim_id = ?`,
          params: [status, extra.wamid ?? null, status, extra.wamid ?? null, extra.error ?? null, extra.attempts ?? Number(job.attempts), iso(extra.next ?? now), status, iso(now), job.id, claim],
        },
      ]);
    const attempts = Number(job.attempts) + 1;
    const retry = async (error: string) => {
      const wait = retryMinutes[attempts - 1];
      if (wait === undefined) {
        report.failed++;
        await finish('failed', { error, attempts });
      } else {
        report.retried++;
        await finish('queued', { error, attempts, next: new Date(now.getTime() + wait * 60_000) });
      }
    };
    // Nothing free-form after the 24-hour window (a retry that comes too late is not sent).
    const windowEnd = job.last_inbound_at ? new Date(String(job.last_inbound_at)).getTime() + WINDOW_MS : 0;
    if (now.getTime() >= windowEnd) {
      report.windowClosed++;
      await finish('window-closed', { error: `fenêtre de 24 h fermée le ${iso(new Date(windowEnd))} : rien n’est envoyé sans modèle approuvé`, attempts: Number(job.attempts) });
      return;
    }
    if (!config.token || !config.phoneNumberId) {
      await retry(`${!config.token ? 'WHATSAPP_TOKEN' : 'WHATSAPP_PHONE_NUMBER_ID'} manquant : le message attend la configuration`);
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = graphBody(String(job.wa_id), JSON.parse(String(job.body)) as Outgoing);
    } catch (error) {
      report.failed++;
      await finish('failed', { error: String((error as Error).message).slice(0, 300), attempts });
      return;
    }
    let response: Response;
    try {
      response = await deps.fetch(`${config.apiBase}/${config.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${config.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      await retry(`réseau : ${String((error as Error).message ?? error).slice(0, 200)}`);
      return;
    }
    const text = await response.text().catch(() => '');
    let json: Row = {};
    try {
      json = JSON.parse(text) as Row;
    } catch {
      json = {};
    }
    const wamid = ((json.messages as { id?: unknown }[] | undefined)?.[0]?.id as string | undefined) ?? null;
    if (response.ok && typeof wamid === 'string' && wamid) {
      report.accepted++;
      await finish('accepted', { wamid, attempts });
      return;
    }
    const err = (json.error ?? {}) as { code?: number; message?: string; error_subcode?: number };
    const reason = `Graph API ${response.status}${err.code !== undefined ? ` (code ${err.code})` : ''} : ${String(err.message ?? text).slice(0, 200)}`;
    if (response.status >= 500 || response.status === 429 || (err.code !== undefined && RETRYABLE_CODES.has(err.code)) || (response.ok && !wamid)) await retry(reason);
    else {
      report.failed++;
      await finish('failed', { error: reason, attempts });
    }
  }

  return { receive, deliver, config };
}

export type Whatsapp = ReturnType<typeof createWhatsapp>;
