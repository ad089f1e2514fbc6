// The marketing-automation engine: the four workflows of sequences.yaml (plus the per-segment
// messages), executed over the same SQL store as the leads, on Node and on Workers + D1.
//
// - Triggers (a form submission, a site event, a completed enrolment) only write rows: e-mail jobs
//   with their due time, callback tasks. A UNIQUE key makes every trigger idempotent.
// - `tick(now)` sends what is due. It claims jobs with one UPDATE (pending → sending), at most one
//   per lane (a lead), so two ticks running at once never send the same e-mail, and a lead's cap
//   is checked with no other e-mail of that lead in flight. Every decision is recorded on the job:
//   sent (with its subject and variant), deferred by the cap, cancelled (consent withdrawn,
//   suppressed, sequence stopped), skipped (not for this segment), retried with backoff, failed.
//
// Pure module (no node:*): the clock, the store driver and the Mailer are injected.
import type { SqlDriver } from '../edge/store/types';
import { callbackWithinHours, type Marketing } from '../marketing/config';
import { scoreLead, type LeadEvent } from '../marketing/scoring';
import { capCheck, frequencyCap, segmentOf } from '../marketing/segments';
import { FIELD_LABELS, SITUATION_LABELS, preferredTimeText, type Situation } from '../marketing/lead-forms';
import { pickVariant } from '../marketing/bucketing';
import type { LeadProfile } from '../marketing/lead-profile';
import { renderEmail, type EmailTemplate } from './templates';
import { callbackDueAt } from '../marketing/business-hours';
import type { Mailer } from './mailer';
import { factText } from '../lib/placeholders';
import { headOffice } from '../lib/school-facts';
import { emailHash, signLead } from '../edge/signing';
import { createWebinarSeats, type RegistrationResult } from './webinar-seats';
import { createBroadcasts } from './broadcasts';
import { fillLine } from './templates';
import type { WebinarInfo } from '../marketing/webinars';
import type { ArticleInfo } from '../edge/deps';
import { guidePaths } from '../lib/guide';
import { formatDate, formatTime } from '../lib/typography';

export interface AutomationRules {
  marketing: Marketing;
  emails: EmailTemplate[];
  trainingTitles: Record<string, string>;
  /** Webinars (seats, reminders, updates) and articles (the monthly newsletter). */
  webinarEvents?: WebinarInfo[];
  articles?: ArticleInfo[];
}

export interface AutomationDeps {
  db: SqlDriver;
  rules: AutomationRules;
  mailer: Mailer;
  /** Origin of the links in e-mails (https://www.mecaformation.fr, http://localhost:4321). */
  siteUrl: string;
  /** Signs unsubscribe and identification tokens. */
  secret: string;
}

export interface TickReport {
  claimed: number;
  sent: number;
  deferred: number;
  cancelled: number;
  skipped: number;
  retried: number;
  failed: number;
  requeued: number;
  overdueTasks: number;
  /** Jobs created by broadcasts and monthly e-mails due now. */
  broadcastJobs?: number;
  /** Webinar registrants told of a new date or a cancellation. */
  webinarNotices?: number;
}

type Row = Record<string, unknown>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (d: Date) => d.toISOString();
const uid = () => crypto.randomUUID();

/** Short random token of a tracked link (72 bits, base64url). */
const randomToken = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(9)))).replace(/\+/g, '-').replace(/\//g, '_');

// ---------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------

export function createAutomation(deps: AutomationDeps) {
  const { db, rules } = deps;
  const m = rules.marketing;
  const templates = new Map(rules.emails.map((t) => [t.key, t]));
  const folder = (name: string) => rules.emails.filter((t) => t.folder === name);
  const workflowsFor = (trigger: string) => m.sequences.workflows.filter((w) => w.trigger === trigger);
  const from = { name: m.automation.sender.name, email: m.automation.sender.email };

  async function lead(leadId: string): Promise<Row | null> {
    const [row] = await db.all('SELECT * FROM leads WHERE id = ?', [leadId]);
    return row ?? null;
  }

  async function schedule(
    leadId: string,
    workflow: string,
    items: { template: string; dueAt: Date; payload?: Record<string, unknown> }[],
    triggerAt: Date,
    audience: 'lead' | 'sales' | 'transactional' = 'lead',
    lane = `lead:${leadId}`,
  ) {
    if (!items.length) return 0;
    const results = await db.batch(
      items.map((i) => ({
        sql: `INSERT OR IGNORE INTO email_jobs (id, lead_id, lane, audience, workflow, template, due_at, next_attempt_at, created_at, payload)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        params: [uid(), leadId, lane, audience, workflow, i.template, iso(i.dueAt), iso(i.dueAt), iso(triggerAt), i.payload ? JSON.stringify(i.payload) : null],
      })),
    );
    return results.reduce((n, r) => n + r.changes, 0);
  }

  /** What a person asked for, sent at once in its own lane (no marketing e-mail delays it). */
  const acknowledge = (leadId: string, template: string, at: Date, request: string, payload?: Record<string, unknown>) =>
    schedule(leadId, `ack:${template}`, [{ template: `transactional/${template}`, dueAt: at, payload }], at, 'transactional', `tx:${request}`);

  const seats = createWebinarSeats({
    db,
    webinars: rules.webinarEvents ?? [],
    schedule,
    siteUrl: deps.siteUrl,
    secret: deps.secret,
    defaultRoomUrl: m.organization.webinarRoomUrl,
    organizer: from,
    rescore: (leadId, at) => rescore(leadId, at),
  });
  const broadcasts = createBroadcasts({ db, marketing: m, emails: rules.emails, articles: rules.articles ?? [] });

  /** Starts the workflows of a trigger for a lead. Returns how many e-mails were scheduled. */
  async function trigger(leadId: string, event: 'guide-download' | 'info-request' | 'partner-application' | 'pricing-page-view' | 'enrolment-abandoned', at: Date, sourceEvent?: string): Promise<number> {
    const row = await lead(leadId);
    if (!row) return 0;
    const consented = Number(row.consent_marketing) === 1;
    let scheduled = 0;
    for (const wf of workflowsFor(event)) {
      const action = wf.action;
      // The callback is what the person asked for: their request is the consent to be called.
      if (wf.requiresConsent && !consented && action.type !== 'callback') continue;
      if (action.type === 'start-sequence') {
        const steps = folder(action.sequence).sort((a, b) => (a.day ?? 0) - (b.day ?? 0));
        scheduled += await schedule(leadId, wf.key, steps.map((t) => ({ template: t.key, dueAt: new Date(at.getTime() + action.delayHours * HOUR + ((t.day ?? 1) - 1) * DAY) })), at);
      } else if (action.type === 'send-email' || action.type === 'reminders') {
        const steps = folder(wf.key);
        scheduled += await schedule(leadId, wf.key, steps.map((t) => ({ template: t.key, dueAt: new Date(at.getTime() + (t.delayHours ?? 0) * HOUR) })), at);
      } else if (action.type === 'callback') {
        const taskId = uid();
        const due = callbackDueAt(at, action.withinHours, m.automation.businessHours);
        const [created] = await db.batch([
          {
            sql: `INSERT OR IGNORE INTO tasks (id, lead_id, kind, workflow, request, due_at, status, created_at, source_event)
                  VALUES (?, ?, 'callback', ?, ?, ?, 'open', ?, ?)`,
            params: [taskId, leadId, wf.key, event, iso(due), iso(at), sourceEvent ?? taskId],
          },
        ]);
        if (created!.changes) scheduled += await schedule(leadId, wf.key, [{ template: 'internal/callback', dueAt: at }], at, 'sales', `sales:${taskId}`);
      }
    }
    return scheduled;
  }

  /**
   * The double opt-in e-mail of a confirmation (src/edge/lead-capture.ts): sent at once, whatever
   * the marketing consent, in its own lane so that no marketing e-mail delays it.
   */
  async function requestConfirmation(leadId: string, confirmationId: string, send: number, at: Date) {
    return schedule(leadId, 'double-opt-in', [{ template: 'transactional/confirmation', dueAt: at }], at, 'transactional', `tx:${confirmationId}:${send}`);
  }

  /**
   * After a form submission was stored (POST /api/leads): what the person asked for is sent
   * whatever the marketing box says (the guide, the acknowledgement of a callback or an
   * enrolment request, a webinar seat), then the workflows that need the consent start.
   */
  async function onSubmission(
    leadId: string,
    kind: string,
    at: Date,
    sourceEvent?: string,
    extra: { webinar?: string | null; trusted?: boolean } = {},
  ): Promise<{ scheduled: number; webinar?: RegistrationResult }> {
    const request = sourceEvent ?? uid();
    // An unproven submission for a known address gets what it asked for, sent to the address (the
    // guide, an acknowledgement, a seat, a callback at the number it gave) but starts or stops no
    // marketing of the owner's.
    const trusted = extra.trusted ?? true;
    if (kind === 'guide') {
      const row = await lead(leadId);
      // With the marketing consent, the welcome sequence's first e-mail (day 1, at once) carries
      // the guide; without it, the guide alone. One e-mail either way.
      const started = trusted && Number(row?.consent_marketing) === 1 ? await trigger(leadId, 'guide-download', at) : 0;
      const firstStep = await db.all("SELECT 1 AS x FROM email_jobs WHERE lead_id = ? AND template = 'welcome/01-guide' AND status IN ('pending', 'sending', 'sent')", [leadId]);
      if (!started || !firstStep.length) return { scheduled: started + (await acknowledge(leadId, 'guide', at, request)) };
      return { scheduled: started };
    }
    // A garage's quote request is an information request too: an adviser calls back.
    if (kind === 'info' || kind === 'callback' || kind === 'garage-quote') {
      const scheduled = await trigger(leadId, 'info-request', at, sourceEvent);
      return { scheduled: scheduled + (await acknowledge(leadId, 'demande-recue', at, request, { kind, sourceEvent: sourceEvent ?? null })) };
    }
    // A partner application: the team answers with the convention (a task, due per sequences.yaml),
    // the applicant gets the acknowledgement with that date; no learner workflow starts.
    if (kind === 'partner') {
      const scheduled = await trigger(leadId, 'partner-application', at, sourceEvent);
      return { scheduled: scheduled + (await acknowledge(leadId, 'candidature-partenaire', at, request, { kind, sourceEvent: sourceEvent ?? null })) };
    }
    if (kind === 'enrolment') {
      const scheduled = trusted ? await trigger(leadId, 'enrolment-abandoned', at) : 0;
      return { scheduled: scheduled + (await acknowledge(leadId, 'inscription-recue', at, request)) };
    }
    if (kind === 'webinar' && extra.webinar) {
      const webinar = await seats.register(leadId, extra.webinar, at, request);
      return { scheduled: 0, webinar };
    }
    return { scheduled: 0 };
  }

  async function recordEngagement(leadId: string, type: string, at: Date, extra: { jobId?: string | null; path?: string | null; seconds?: number | null; variant?: string | null } = {}) {
    await db.batch([
      {
        sql: 'INSERT INTO engagement (id, lead_id, job_id, type, path, seconds, variant, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        params: [uid(), leadId, extra.jobId ?? null, type, extra.path ?? null, extra.seconds ?? null, extra.variant ?? null, iso(at)],
      },
    ]);
    await rescore(leadId, at);
  }

  /** A lead's profile for scoring and segmentation (the last engagement stands for the last open). */
  async function profileOf(row: Row): Promise<{ profile: LeadProfile; events: LeadEvent[] }> {
    // The owner's submissions only (an unproven one for a known address steers nothing).
    const kinds = await db.all<{ kind: string; created_at: string }>('SELECT kind, created_at FROM lead_events WHERE lead_id = ? AND trusted = 1 ORDER BY created_at', [row.id]);
    const engagement = await db.all<{ type: string; path: string | null; seconds: number | null; created_at: string }>(
      'SELECT type, path, seconds, created_at FROM engagement WHERE lead_id = ? ORDER BY created_at',
      [row.id],
    );
    const opens = engagement.filter((e) => e.type === 'email-open' || e.type === 'email-click');
    const profile = {
      // A profile follow-up completes a request, it is not one, and a partner application is no
      // learner's request: the last learner request gives the kind.
      kind: (kinds.filter((k) => k.kind !== 'profile' && k.kind !== 'partner').at(-1)?.kind ?? 'newsletter') as LeadProfile['kind'],
      ageBracket: (row.age_bracket as string | null) ?? undefined,
      birthYear: row.birth_year == null ? undefined : Number(row.birth_year),
      situation: (row.situation as string | null) ?? undefined,
      region: (row.region as string | null) ?? undefined,
      companySize: (row.company_size as string | null) ?? undefined,
      createdAt: new Date(String(row.created_at)),
      lastOpenAt: opens.length ? new Date(opens.at(-1)!.created_at) : null,
    } as LeadProfile;
    const events: LeadEvent[] = [
      ...kinds.filter((k) => k.kind === 'guide').map((k) => ({ type: 'guide-download', at: new Date(k.created_at) })),
      ...engagement
        .filter((e) => e.type !== 'unsubscribe' && e.type !== 'enrolment-completed')
        .map((e) => ({ type: e.type, path: e.path ?? undefined, sessionSeconds: e.seconds ?? undefined, at: new Date(e.created_at) })),
    ];
    return { profile, events };
  }

  /** The score with the rule behind every point (the console's lead page). */
  async function scoreBreakdown(leadId: string, at: Date) {
    const row = await lead(leadId);
    if (!row) return null;
    const { profile, events } = await profileOf(row);
    const score = scoreLead(profile, events, m.leadScoring, at);
    const rules = [...m.leadScoring.siteActions, ...m.leadScoring.emailEngagement, ...m.leadScoring.profile];
    return {
      ...score,
      segment: segmentOf(profile, m.segments, at),
      matched: score.matched.map((x) => {
        const rule = rules.find((r) => r.key === x.key)!;
        return { ...x, label: rule.label, unit: rule.points, times: rule.points ? Math.round(x.points / rule.points) : 1 };
      }),
    };
  }

  async function rescore(leadId: string, at: Date) {
    const row = await lead(leadId);
    if (!row) return null;
    const { profile, events } = await profileOf(row);
    const score = scoreLead(profile, events, m.leadScoring, at);
    // The segment as it is now, engagement included (« inactifs » after 30 days without an open or a click).
    const segment = segmentOf(profile, m.segments, at);
    await db.batch([{ sql: 'UPDATE leads SET score = ?, temperature = ?, segment = ? WHERE id = ?', params: [score.score, score.temperature, segment, leadId] }]);
    return score;
  }

  /** Site behaviour from the beacon (identified, consenting leads only; the caller checks). */
  async function onSiteEvent(leadId: string, event: { type: 'page-view'; path: string } | { type: 'session'; seconds: number }, at: Date) {
    await recordEngagement(leadId, event.type, at, event.type === 'page-view' ? { path: event.path } : { seconds: event.seconds });
    const pricing = m.leadScoring.siteActions.find((a) => a.key === 'pricing-page-view')?.criteria.find((c) => c.field === 'path')?.value;
    if (event.type === 'page-view' && pricing && event.path === pricing) await trigger(leadId, 'pricing-page-view', at);
  }

  async function unsubscribe(leadId: string, at: Date, source: string) {
    const row = await lead(leadId);
    if (!row) return false;
    await db.batch([
      { sql: 'UPDATE leads SET consent_marketing = 0, consent_tracking = 0, updated_at = ? WHERE id = ?', params: [iso(at), leadId] },
      {
        sql: `INSERT INTO consents (id, lead_id, purpose, granted, text_version, text, form, page, proof, created_at) VALUES (?, ?, 'marketing-email', 0, 'unsubscribe-1', ?, ?, NULL, 'desabonnement', ?)`,
        params: [uid(), leadId, 'Désabonnement par le lien des e-mails', source, iso(at)],
      },
      { sql: "UPDATE email_jobs SET status = 'cancelled', outcome = 'unsubscribed' WHERE lead_id = ? AND audience = 'lead' AND status = 'pending'", params: [leadId] },
      { sql: "UPDATE list_members SET status = 'unsubscribed', unsubscribed_at = ? WHERE lead_id = ? AND status = 'active'", params: [iso(at), leadId] },
      { sql: "INSERT OR IGNORE INTO suppression (email_hash, reason, created_at) VALUES (?, 'unsubscribe', ?)", params: [await emailHash(String(row.email)), iso(at)] },
    ]);
    await recordEngagement(leadId, 'unsubscribe', at);
    return true;
  }

  /** The sales team recorded the enrolment as complete: reminders stop. */
  async function completeEnrolment(leadId: string, at: Date) {
    if (!(await lead(leadId))) return false;
    await recordEngagement(leadId, 'enrolment-completed', at);
    await db.batch([{ sql: "UPDATE email_jobs SET status = 'cancelled', outcome = 'enrolment-completed' WHERE lead_id = ? AND workflow = 'abandoned-enrolment' AND status = 'pending'", params: [leadId] }]);
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // tick
  // -------------------------------------------------------------------------------------------

  async function tick(now: Date): Promise<TickReport> {
    const report: TickReport = { claimed: 0, sent: 0, deferred: 0, cancelled: 0, skipped: 0, retried: 0, failed: 0, requeued: 0, overdueTasks: 0 };
    const { leaseMinutes, batchSize, retryMinutes } = m.automation.delivery;
    const [requeue, overdue] = await db.batch([
      // A tick that died mid-send: its jobs go back to the queue after the lease.
      { sql: "UPDATE email_jobs SET status = 'pending', claim_id = NULL WHERE status = 'sending' AND claimed_at < ?", params: [iso(new Date(now.getTime() - leaseMinutes * 60_000))] },
      { sql: "UPDATE tasks SET status = 'overdue' WHERE status = 'open' AND due_at < ?", params: [iso(now)] },
    ]);
    report.requeued = requeue!.changes;
    report.overdueTasks = overdue!.changes;
    // Dated sends due now become jobs; moved or cancelled webinars notify their registrants.
    report.broadcastJobs = (await broadcasts.run(now)).jobs;
    const notices = await seats.sync(now);
    report.webinarNotices = notices.updates + notices.cancellations;

    const claim = uid();
    await db.batch([
      {
        // The earliest pending job of each lane, if it is due and no job of that lane is in flight.
        sql: `UPDATE email_jobs SET status = 'sending', claim_id = ?, claimed_at = ?
              WHERE id IN (
                SELECT j.id FROM email_jobs j
                WHERE j.status = 'pending' AND j.due_at <= ? AND j.next_attempt_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM email_jobs s WHERE s.lane = j.lane AND s.status = 'sending')
                  AND NOT EXISTS (SELECT 1 FROM email_jobs e WHERE e.lane = j.lane AND e.status = 'pending'
                                  AND (e.due_at < j.due_at OR (e.due_at = j.due_at AND e.template < j.template)))
                ORDER BY j.due_at LIMIT ?)`,
        params: [claim, iso(now), iso(now), iso(now), batchSize],
      },
    ]);
    const jobs = await db.all<Row>("SELECT * FROM email_jobs WHERE claim_id = ? AND status = 'sending' ORDER BY due_at", [claim]);
    report.claimed = jobs.length;

    const finish = (job: Row, status: string, outcome: string | null, extra: Row = {}) =>
      db.batch([
        {
          sql: `UPDATE email_jobs SET status = ?, outcome = ?, claim_id = NULL, sent_at = ?, subject = ?, variant = ?, next_attempt_at = ?, attempts = ?
                WHERE id = ? AND claim_id = ?`,
          params: [status, outcome, extra.sent_at ?? null, extra.subject ?? null, extra.variant ?? null, extra.next_attempt_at ?? job.next_attempt_at, extra.attempts ?? job.attempts, job.id, claim],
        },
      ]);

    for (const job of jobs) {
      try {
        const outcome = await decide(job, now);
        if (outcome.status === 'sent') report.sent++;
        else if (outcome.status === 'deferred') report.deferred++;
        else if (outcome.status === 'cancelled') report.cancelled++;
        else report.skipped++;
        await finish(job, outcome.status === 'deferred' ? 'pending' : outcome.status, outcome.reason, outcome.extra);
      } catch (error) {
        const attempts = Number(job.attempts) + 1;
        const wait = retryMinutes[attempts - 1];
        const reason = String((error as Error).message ?? error).slice(0, 300);
        if (wait === undefined) {
          report.failed++;
          await finish(job, 'failed', reason, { attempts });
        } else {
          report.retried++;
          await finish(job, 'pending', reason, { attempts, next_attempt_at: iso(new Date(now.getTime() + wait * 60_000)) });
        }
      }
    }
    return report;
  }

  type Outcome = { status: 'sent' | 'deferred' | 'cancelled' | 'skipped'; reason: string | null; extra?: Row };

  /** Checks one claimed job and sends it, or says why not. */
  async function decide(job: Row, now: Date): Promise<Outcome> {
    const row = await lead(String(job.lead_id));
    if (!row) return { status: 'cancelled', reason: 'lead-erased' };
    if (job.audience === 'sales') {
      await sendSalesNotification(job, row, now);
      return { status: 'sent', reason: null, extra: { sent_at: iso(now), subject: 'callback' } };
    }
    if (job.audience === 'transactional') return sendTransactional(job, row, now);
    if (await suppressed(String(row.email))) return { status: 'cancelled', reason: 'suppressed' };
    // The basis of a marketing e-mail: the marketing consent, or a confirmed list membership.
    const basis = String(job.basis ?? 'marketing');
    if (basis.startsWith('list:')) {
      const member = await db.all("SELECT 1 AS x FROM list_members WHERE list = ? AND lead_id = ? AND status = 'active'", [basis.slice(5), row.id]);
      if (!member.length) return { status: 'cancelled', reason: `no-membership:${basis.slice(5)}` };
    } else if (Number(row.consent_marketing) !== 1) return { status: 'cancelled', reason: 'no-consent' };
    const t = templates.get(String(job.template));
    if (!t) return { status: 'cancelled', reason: 'template-removed' };

    // Stop conditions of the sequence or workflow.
    const kinds = (await db.all<{ kind: string }>('SELECT kind FROM lead_events WHERE lead_id = ? AND trusted = 1', [row.id])).map((r) => r.kind);
    const done = (await db.all<{ type: string }>("SELECT type FROM engagement WHERE lead_id = ? AND type = 'enrolment-completed'", [row.id])).length > 0;
    const sequence = m.sequences.sequences.find((s) => s.key === t.folder);
    if (sequence?.stopOn.includes('enrolment') && (kinds.includes('enrolment') || done)) return { status: 'cancelled', reason: 'stopped:enrolment' };
    if (job.workflow === 'abandoned-enrolment' && done) return { status: 'cancelled', reason: 'enrolment-completed' };

    // Segment restriction and frequency cap, with the segment as it is now.
    const { profile } = await profileOf(row);
    const segmentKey = segmentOf(profile, m.segments, now);
    if (t.segments && (!segmentKey || !t.segments.includes(segmentKey))) return { status: 'skipped', reason: `segment:${segmentKey ?? 'aucun'}` };
    // A broadcast sent to segments: the person must still be in one of them (list members always are).
    if (basis === 'marketing' && t.audience?.segments.length && !(segmentKey && t.audience.segments.includes(segmentKey))) return { status: 'skipped', reason: `segment:${segmentKey ?? 'aucun'}` };
    const segment = m.segments.find((s) => s.key === segmentKey);
    if (segment) {
      const cap = frequencyCap(segment);
      const recent = await db.all<{ sent_at: string }>(
        "SELECT sent_at FROM email_jobs WHERE lead_id = ? AND audience = 'lead' AND status = 'sent' AND sent_at > ?",
        [row.id, iso(new Date(now.getTime() - cap.perDays * DAY))],
      );
      const check = capCheck(recent.map((r) => new Date(r.sent_at)), cap, now);
      if (!check.allowed) return { status: 'deferred', reason: `cap:${segment.key}`, extra: { next_attempt_at: iso(check.retryAt) } };
    }

    // Subject (A/B by hash of the lead id), links, open pixel, then delivery.
    let subject = t.subject;
    let variant: string | null = null;
    const experiment = t.experiment ? m.experiments.find((e) => e.key === t.experiment && e.status === 'running') : undefined;
    if (experiment) {
      variant = pickVariant(experiment, String(row.id));
      subject = experiment.variants.find((v) => v.key === variant)!.text;
    }
    const training = (await db.all<{ training: string }>('SELECT training FROM lead_events WHERE lead_id = ? AND trusted = 1 AND training IS NOT NULL ORDER BY created_at DESC LIMIT 1', [row.id]))[0]?.training ?? null;
    const links: { token: string; url: string; kind: string }[] = [];
    const siteOrigin = new URL(deps.siteUrl).origin;
    const track = (url: string) => {
      // Only links to our own pages are tracked (/r/ redirects to same-origin paths only).
      if (new URL(url).origin !== siteOrigin) return url;
      const token = randomToken();
      links.push({ token, url, kind: 'click' });
      return new URL(`/r/${token}`, deps.siteUrl).toString();
    };
    const openToken = Number(row.consent_tracking) === 1 ? randomToken() : null;
    if (openToken) links.push({ token: openToken, url: '', kind: 'open' });
    const unsubscribeUrl = new URL(`/api/unsubscribe/${await signLead(deps.secret, 'unsubscribe', String(row.id))}`, deps.siteUrl).toString();
    const payload = job.payload ? (JSON.parse(String(job.payload)) as Record<string, unknown>) : {};
    const personal = {
      firstName: String(row.first_name),
      trainingTitle: training ? (rules.trainingTitles[training] ?? null) : null,
      vars: (typeof payload.monthName === 'string' ? { mois: payload.monthName } : {}) as Record<string, string>,
    };
    const rendered = renderEmail(t, {
      ...personal,
      trainingPath: training && rules.trainingTitles[training] ? `/formations/${training}/` : null,
      subject: fillLine(subject, personal),
      siteUrl: deps.siteUrl,
      track,
      openPixel: openToken ? new URL(`/api/o/${openToken}`, deps.siteUrl).toString() : null,
      unsubscribeUrl,
      specialLinks: guideLinks(),
      blocks: Array.isArray(payload.articles) ? { articles: articleBlock(payload.articles as { slug: string; title: string; description: string }[], track) } : undefined,
      footerAddress: footerAddress(),
    });
    subject = rendered.subject;
    if (links.length) {
      await db.batch(links.map((l) => ({ sql: 'INSERT INTO email_links (token, job_id, kind, url) VALUES (?, ?, ?, ?)', params: [l.token, job.id, l.kind, l.url] })));
    }
    await deps.mailer.send({
      id: String(job.id),
      from,
      replyTo: m.automation.sender.replyTo,
      to: { name: String(row.first_name), email: String(row.email) },
      ...rendered,
    });
    return { status: 'sent', reason: null, extra: { sent_at: iso(now), subject, variant } };
  }

  /** The legal sender identity (LCEN art. 20); an unfilled fact shows as « à compléter », as on the site. */
  const footerAddress = () => {
    const o = m.organization;
    return `${factText(o.legalName, 'raison sociale')} · ${factText(headOffice(o), 'adresse du siège')}`;
  };

  /** Absolute links to the guide (PDF and web), special links of the guide and welcome e-mails. */
  const guideLinks = () => ({ 'guide-pdf': new URL(guidePaths.pdf, deps.siteUrl).toString(), 'guide-html': new URL(guidePaths.html, deps.siteUrl).toString() });

  /** The monthly newsletter's list of articles, as HTML and text (links through `track`). */
  function articleBlock(articles: { slug: string; title: string; description: string }[], track: (url: string) => string) {
    const esc = (x: string) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const items = articles.map((a) => ({ ...a, url: track(new URL(`/blog/${a.slug}/`, deps.siteUrl).toString()) }));
    return {
      html: `<ul style="margin:0 0 16px;padding-left:22px;">${items.map((a) => `<li style="margin:0 0 10px;"><a href="${esc(a.url)}" style="color:#0b6670;text-decoration:underline;font-weight:700;">${esc(a.title)}</a><br>${esc(a.description)}</li>`).join('')}</ul>`,
      text: items.map((a) => `- ${a.title} (${a.url})\n  ${a.description}`).join('\n'),
    };
  }

  /** What a request said (lead_events.submitted: the fields typed in its form); {} without one. */
  const submitted = (event: Row | undefined): Record<string, string> => (event ? (JSON.parse(String(event.submitted ?? '{}')) as Record<string, string>) : {});

  const REQUEST_LABELS: Record<string, string> = { callback: 'demande de rappel', info: 'demande d’information', 'garage-quote': 'demande de devis pour votre garage' };

  /** What the person asked for: no consent, cap or suppression check; no tracking; no marketing unsubscribe. */
  async function sendTransactional(job: Row, row: Row, now: Date): Promise<Outcome> {
    const t = templates.get(String(job.template));
    if (!t) return { status: 'cancelled', reason: 'template-removed' };
    const name = String(job.template).slice('transactional/'.length);
    const payload = job.payload ? (JSON.parse(String(job.payload)) as Record<string, unknown>) : {};
    let specialLinks: Record<string, string> = {};
    let vars: Record<string, string> = {};
    let attachments: { filename: string; contentType: string; content: string; method?: string }[] = [];
    if (job.workflow === 'double-opt-in') {
      const confirmationId = String(job.lane).split(':')[1]!;
      const [c] = await db.all<Row>('SELECT state, expires_at FROM confirmations WHERE id = ?', [confirmationId]);
      if (!c || c.state !== 'open' || String(c.expires_at) <= iso(now)) return { status: 'cancelled', reason: 'confirmation-closed' };
      specialLinks.confirmation = new URL(`/api/confirm/${await signLead(deps.secret, 'confirm', confirmationId)}`, deps.siteUrl).toString();
    } else if (name === 'guide') {
      specialLinks = guideLinks();
    } else if (name === 'demande-recue') {
      // When the call will come: the task's due time (business hours of automation.yaml).
      const [task] = await db.all<Row>('SELECT due_at FROM tasks WHERE source_event = ?', [payload.sourceEvent ?? '']);
      const due = task ? new Date(String(task.due_at)) : callbackDueAt(now, 24, m.automation.businessHours);
      // By phone when the request gave a number (optional on an information request), else by e-mail.
      const [event] = await db.all<Row>('SELECT submitted FROM lead_events WHERE id = ?', [payload.sourceEvent ?? '']);
      const phone = submitted(event).phone;
      vars = {
        date_rappel: `le ${formatDate(due, { weekday: true })} à ${formatTime(due)}`,
        demande: REQUEST_LABELS[String(payload.kind)] ?? 'demande',
        reponse: phone ? 'vous rappelle au numéro que vous avez indiqué' : 'vous répond par e-mail, à cette adresse',
      };
    } else if (name === 'candidature-partenaire') {
      const [task] = await db.all<Row>('SELECT due_at FROM tasks WHERE source_event = ?', [payload.sourceEvent ?? '']);
      const due = task ? new Date(String(task.due_at)) : callbackDueAt(now, callbackWithinHours(m.sequences.workflows, 'partner-application') ?? 48, m.automation.businessHours);
      const [event] = await db.all<Row>('SELECT submitted FROM lead_events WHERE id = ?', [payload.sourceEvent ?? '']);
      const key = submitted(event).programme;
      vars = {
        // A programme removed from affiliates.yaml since: its key, as the application gave it.
        programme: m.affiliates.find((a) => a.key === key)?.label ?? key ?? 'de parrainage',
        date_reponse: `le ${formatDate(due, { weekday: true })}`,
      };
    } else if (name.startsWith('webinaire-')) {
      const context = await seats.emailContext(job);
      if ('cancel' in context) return { status: 'cancelled', reason: context.cancel };
      ({ vars, attachments } = context);
      specialLinks = context.links;
    }
    const training = (await db.all<{ training: string }>('SELECT training FROM lead_events WHERE lead_id = ? AND trusted = 1 AND training IS NOT NULL ORDER BY created_at DESC LIMIT 1', [row.id]))[0]?.training ?? null;
    // A hidden lead (a request for an erased address) is greeted without the name typed in the
    // request: nobody has confirmed it is the owner's.
    const firstName = Number(row.pending) === 1 ? '' : String(row.first_name);
    const personal = { firstName, trainingTitle: training ? (rules.trainingTitles[training] ?? null) : null, vars };
    const rendered = renderEmail(t, {
      kind: 'transactional',
      ...personal,
      trainingPath: training && rules.trainingTitles[training] ? `/formations/${training}/` : null,
      subject: fillLine(t.subject, personal),
      siteUrl: deps.siteUrl,
      track: (url) => url,
      openPixel: null,
      unsubscribeUrl: null,
      specialLinks,
      footerAddress: footerAddress(),
    });
    await deps.mailer.send({
      id: String(job.id),
      from,
      replyTo: m.automation.sender.replyTo,
      to: { name: firstName || null, email: String(row.email) },
      ...rendered,
      ...(attachments.length ? { attachments } : {}),
    });
    return { status: 'sent', reason: null, extra: { sent_at: iso(now), subject: rendered.subject } };
  }

  async function suppressed(email: string) {
    return (await db.all('SELECT 1 AS x FROM suppression WHERE email_hash = ?', [await emailHash(email)])).length > 0;
  }

  async function sendSalesNotification(job: Row, row: Row, now: Date) {
    const [task] = await db.all<Row>('SELECT * FROM tasks WHERE id = ?', [String(job.lane).slice('sales:'.length)]);
    // The request that created the task, with what it said (an unproven one for a known address
    // is shown as such: the adviser calls the number given in it).
    const [event] = task?.source_event
      ? await db.all<Row>('SELECT * FROM lead_events WHERE id = ?', [task.source_event])
      : await db.all<Row>("SELECT * FROM lead_events WHERE lead_id = ? AND kind IN ('info', 'callback', 'garage-quote') ORDER BY created_at DESC LIMIT 1", [row.id]);
    const said = submitted(event);
    const untrusted = event && Number(event.trusted) === 0;
    const due = task ? new Date(String(task.due_at)) : now;
    const when = new Intl.DateTimeFormat('fr-FR', { timeZone: m.automation.businessHours.timezone, dateStyle: 'full', timeStyle: 'short' }).format(due);
    const phone = said.phone ?? (event ? undefined : row.phone);
    const partner = event?.kind === 'partner';
    const programme = partner ? (m.affiliates.find((a) => a.key === said.programme)?.label ?? said.programme ?? 'non précisé') : '';
    const lines = partner ? [
      `Nouvelle candidature de partenaire (programme «\u202f${programme}\u202f»)\u202f: répondre par e-mail avec la convention avant le ${when}.`,
      '',
      ...(untrusted
        ? ['Attention\u202f: cette adresse e-mail était déjà connue et l’auteur de la candidature n’a pas encore confirmé en être le titulaire. Les coordonnées ci-dessous sont celles saisies dans la candidature.', '']
        : []),
      `Nom\u202f: ${said.firstName ?? row.first_name} ${said.lastName ?? row.last_name ?? ''}`.trim(),
      `E-mail\u202f: ${row.email}`,
      `Téléphone\u202f: ${said.phone ?? 'non renseigné'}`,
      `Programme\u202f: ${programme}`,
      `Message\u202f: ${event?.message ?? '(aucun)'}`,
      '',
      `Une fois la convention acceptée, ajoutez le partenaire dans la console (Partenaires, «\u202fCandidatures à traiter\u202f»)\u202f: son code et son lien personnel sont créés à ce moment-là.`,
    ] : [
      `Nouvelle demande ${event?.kind === 'callback' ? 'de rappel' : event?.kind === 'garage-quote' ? 'de devis (garage)' : 'd’information'}\u202f: ${phone ? 'à rappeler' : 'à recontacter par e-mail (aucun numéro donné)'} avant le ${when}.`,
      '',
      ...(untrusted
        ? ['Attention : cette adresse e-mail était déjà connue et l’auteur de la demande n’a pas encore confirmé en être le titulaire. Les coordonnées ci-dessous sont celles saisies dans la demande.', '']
        : []),
      `Nom\u202f: ${said.firstName ?? row.first_name} ${said.lastName ?? row.last_name ?? ''}`.trim(),
      `E-mail\u202f: ${row.email}`,
      `Téléphone\u202f: ${said.phone ?? row.phone ?? 'non renseigné'}`,
      ...(event?.kind === 'callback' ? [`${FIELD_LABELS.preferredTime}\u202f: ${preferredTimeText(said.preferredTime)}`] : []),
      `Formation\u202f: ${event?.training ? (rules.trainingTitles[String(event.training)] ?? event.training) : 'non précisée'}`,
      `Situation\u202f: ${(said.situation ?? row.situation) ? (SITUATION_LABELS[(said.situation ?? row.situation) as Situation] ?? said.situation ?? row.situation) : 'non précisée'}`,
      ...((said.company ?? row.company) ? [`Garage\u202f: ${said.company ?? row.company} (${said.companySize ?? row.company_size ?? '?'} personnes à former)`] : []),
      `Message\u202f: ${event?.message ?? '(aucun)'}`,
      `Score\u202f: ${row.score} (${m.leadScoring.thresholds.find((t) => t.key === row.temperature)?.label ?? row.temperature})`,
      '',
      'Rappel uniquement au numéro donné, à la demande de la personne\u202f; jamais de démarchage au sujet du CPF.',
    ];
    const text = lines.join('\n');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    await deps.mailer.send({
      id: String(job.id),
      from,
      replyTo: String(row.email),
      to: { name: null, email: m.automation.salesNotification.to },
      subject: `${partner ? 'Candidature de partenaire à traiter' : 'Rappel à faire'} avant le ${when}\u202f: ${said.firstName ?? row.first_name} ${said.lastName ?? row.last_name ?? ''}`.trim(),
      text,
      html: `<!doctype html><html lang="fr"><body style="font-family:Arial,sans-serif">${lines.map((l) => `<p style="margin:0 0 6px">${esc(l)}</p>`).join('')}</body></html>`,
      headers: {},
    });
  }

  // -------------------------------------------------------------------------------------------
  // Tracking endpoints' logic
  // -------------------------------------------------------------------------------------------

  /** A click on /r/<token>: the target URL, and the lead (click recorded and scored). */
  async function click(token: string, at: Date): Promise<{ url: string; leadId: string } | null> {
    const [link] = await db.all<Row>("SELECT l.url, j.id AS job_id, j.lead_id, j.variant FROM email_links l JOIN email_jobs j ON j.id = l.job_id WHERE l.token = ? AND l.kind = 'click'", [token]);
    if (!link) return null;
    // Counted once per e-mail and link: a replayed or prefetched link scores nothing more.
    const [inserted] = await db.batch([
      {
        sql: "INSERT OR IGNORE INTO engagement (id, lead_id, job_id, type, path, seconds, variant, link_token, created_at) VALUES (?, ?, ?, 'email-click', NULL, NULL, ?, ?, ?)",
        params: [uid(), link.lead_id, link.job_id, (link.variant as string | null) ?? null, token, iso(at)],
      },
    ]);
    if (inserted!.changes) await rescore(String(link.lead_id), at);
    return { url: String(link.url), leadId: String(link.lead_id) };
  }

  /** The open pixel: counted once per e-mail, only for a lead who consented to open tracking. */
  async function open(token: string, at: Date): Promise<boolean> {
    const [link] = await db.all<Row>(
      `SELECT j.id AS job_id, j.lead_id, j.variant, l2.consent_tracking FROM email_links l JOIN email_jobs j ON j.id = l.job_id JOIN leads l2 ON l2.id = j.lead_id
       WHERE l.token = ? AND l.kind = 'open'`,
      [token],
    );
    if (!link || Number(link.consent_tracking) !== 1) return false;
    // Once per e-mail (unique index): a second load, even at the same moment, records nothing.
    const [inserted] = await db.batch([
      {
        sql: "INSERT OR IGNORE INTO engagement (id, lead_id, job_id, type, variant, created_at) VALUES (?, ?, ?, 'email-open', ?, ?)",
        params: [uid(), link.lead_id, link.job_id, (link.variant as string | null) ?? null, iso(at)],
      },
    ]);
    if (inserted!.changes) await rescore(String(link.lead_id), at);
    return true;
  }

  /** Sent e-mails (all, and those with an open pixel), opens and clicks per variant of each e-mail experiment. */
  async function experimentStats() {
    const rows = await db.all<Row>(
      `SELECT j.template, j.variant, COUNT(DISTINCT j.id) AS sent,
              COUNT(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM email_links k WHERE k.job_id = j.id AND k.kind = 'open') THEN j.id END) AS tracked,
              COUNT(DISTINCT CASE WHEN e.type = 'email-open' THEN j.id END) AS opened,
              COUNT(DISTINCT CASE WHEN e.type = 'email-click' THEN j.id END) AS clicked
       FROM email_jobs j LEFT JOIN engagement e ON e.job_id = j.id
       WHERE j.status = 'sent' AND j.variant IS NOT NULL GROUP BY j.template, j.variant ORDER BY j.template, j.variant`,
    );
    // `tracked`: sent with an open pixel (the lead consented to open tracking); only those can open.
    return rows.map((r) => ({ template: String(r.template), variant: String(r.variant), sent: Number(r.sent), tracked: Number(r.tracked), opened: Number(r.opened), clicked: Number(r.clicked) }));
  }

  async function tasks() {
    return db.all<Row>(
      // A WhatsApp callback may have no lead (src/automation/whatsapp.ts): its number and profile name instead.
      `SELECT t.id, t.status, t.due_at, t.request, t.created_at, t.done_at, t.whatsapp_id, COALESCE(l.first_name, w.profile_name) AS first_name, l.last_name, l.email,
              COALESCE(l.phone, '+' || t.whatsapp_id) AS phone
       FROM tasks t LEFT JOIN leads l ON l.id = t.lead_id LEFT JOIN whatsapp_contacts w ON w.wa_id = t.whatsapp_id ORDER BY t.due_at`,
    );
  }

  async function completeTask(taskId: string, at: Date) {
    const [r] = await db.batch([{ sql: "UPDATE tasks SET status = 'done', done_at = ? WHERE id = ? AND status != 'done'", params: [iso(at), taskId] }]);
    return r!.changes > 0;
  }

  async function jobs(leadId?: string) {
    return db.all<Row>(
      `SELECT id, lead_id, workflow, template, audience, status, due_at, sent_at, attempts, subject, variant, outcome FROM email_jobs
       ${leadId ? 'WHERE lead_id = ?' : ''} ORDER BY due_at`,
      leadId ? [leadId] : [],
    );
  }

  return { trigger, requestConfirmation, onSubmission, seats, broadcasts, scoreBreakdown, onSiteEvent, recordEngagement, rescore, unsubscribe, completeEnrolment, tick, click, open, experimentStats, tasks, completeTask, jobs };
}

export type Automation = ReturnType<typeof createAutomation>;
