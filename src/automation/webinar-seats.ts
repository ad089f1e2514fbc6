// Webinar seats: registration within the session's capacity, a waiting list in order of sign-up
// that moves up when someone cancels, the e-mails of each step (confirmation with the calendar
// invitation, reminders the day before and one hour before, an update when the date moves, a
// cancellation when the school cancels), and attendance recorded by the team.
//
// Every change of seat is one conditional SQL statement, so two registrations at once never take
// more seats than the capacity. Pure module over the SqlDriver (no node:*).
import type { SqlDriver } from '../edge/store/types';
import { isOpenForRegistration, webinarDateText, webinarIcs, type WebinarInfo } from '../marketing/webinars';
import { isPlaceholder } from '../lib/placeholders';
import { signLead } from '../edge/signing';

type Row = Record<string, unknown>;
const HOUR = 3_600_000;
const iso = (d: Date) => d.toISOString();
const uid = () => crypto.randomUUID();

/** Seats that count against the capacity. */
const TAKEN = "status IN ('registered', 'attended', 'absent')";

export type Schedule = (
  leadId: string,
  workflow: string,
  items: { template: string; dueAt: Date; payload?: Record<string, unknown> }[],
  at: Date,
  audience: 'lead' | 'sales' | 'transactional',
  lane: string,
) => Promise<number>;

export interface SeatDeps {
  db: SqlDriver;
  webinars: WebinarInfo[];
  schedule: Schedule;
  siteUrl: string;
  secret: string;
  /** The room of organization.yaml (PLACEHOLDER until chosen). */
  defaultRoomUrl: string;
  organizer: { name: string; email: string };
  rescore: (leadId: string, at: Date) => Promise<unknown>;
}

export type RegistrationResult = { status: 'registered' | 'waitlisted'; registrationId: string; position?: number } | { status: 'closed' | 'unknown' };

export function createWebinarSeats(deps: SeatDeps) {
  const { db } = deps;
  const find = (slug: string) => deps.webinars.find((w) => w.slug === slug);
  const lane = (registrationId: string) => `tx:web:${registrationId}`;

  /** The room's link for a session, or its page while the school has not chosen a room. */
  function joinUrl(w: WebinarInfo): string {
    if (w.joinUrl) return w.joinUrl;
    return isPlaceholder(deps.defaultRoomUrl) ? new URL(`/webinaires/${w.slug}/`, deps.siteUrl).toString() : deps.defaultRoomUrl;
  }

  async function position(registrationId: string): Promise<number> {
    const [row] = await db.all<{ n: number }>(
      `SELECT COUNT(*) AS n FROM webinar_registrations r, webinar_registrations me
       WHERE me.id = ? AND r.webinar = me.webinar AND r.status = 'waitlisted' AND r.created_at <= me.created_at`,
      [registrationId],
    );
    return Number(row?.n ?? 1);
  }

  /** The confirmation (or a freed seat's e-mail) and the two reminders of a seat. */
  async function seatEmails(leadId: string, registrationId: string, w: WebinarInfo, at: Date, template: 'webinaire-confirmation' | 'webinaire-place', workflow: string) {
    const start = new Date(w.startsAt).getTime();
    const items: { template: string; dueAt: Date; payload?: Record<string, unknown> }[] = [{ template: `transactional/${template}`, dueAt: at, payload: { method: 'REQUEST' } }];
    await deps.schedule(leadId, workflow, items, at, 'transactional', lane(registrationId));
    // Reminders are keyed by the session's date: a new date gets new reminders.
    for (const [kind, before] of [['veille', 24 * HOUR], ['heure', HOUR]] as const) {
      const due = new Date(start - before);
      if (due.getTime() > at.getTime()) await deps.schedule(leadId, `webinar-reminder-${kind}@${w.startsAt}`, [{ template: `transactional/webinaire-rappel-${kind}`, dueAt: due }], at, 'transactional', lane(registrationId));
    }
    await db.batch([{ sql: 'UPDATE webinar_registrations SET notified_starts_at = ?, notified_status = ? WHERE id = ?', params: [w.startsAt, w.status, registrationId] }]);
  }

  /** A registration from the form (lead kind « webinar »): a seat if one is free, else the waiting list. */
  async function register(leadId: string, slug: string, at: Date, requestId: string): Promise<RegistrationResult> {
    const w = find(slug);
    if (!w) return { status: 'unknown' };
    if (!isOpenForRegistration(w, at)) return { status: 'closed' };
    const id = uid();
    // One statement decides the seat: the count of taken seats and the insert are atomic.
    await db.batch([
      {
        sql: `INSERT INTO webinar_registrations (id, webinar, lead_id, status, created_at, updated_at)
              SELECT ?, ?, ?, CASE WHEN (SELECT COUNT(*) FROM webinar_registrations WHERE webinar = ? AND ${TAKEN}) < ? THEN 'registered' ELSE 'waitlisted' END, ?, ?
              WHERE true
              ON CONFLICT(webinar, lead_id) DO UPDATE SET
                status = CASE WHEN webinar_registrations.status = 'cancelled'
                  THEN (CASE WHEN (SELECT COUNT(*) FROM webinar_registrations WHERE webinar = excluded.webinar AND ${TAKEN}) < ? THEN 'registered' ELSE 'waitlisted' END)
                  ELSE webinar_registrations.status END,
                created_at = CASE WHEN webinar_registrations.status = 'cancelled' THEN excluded.created_at ELSE webinar_registrations.created_at END,
                updated_at = excluded.updated_at`,
        params: [id, slug, leadId, slug, w.capacity, iso(at), iso(at), w.capacity],
      },
    ]);
    const [row] = await db.all<Row>('SELECT id, status FROM webinar_registrations WHERE webinar = ? AND lead_id = ?', [slug, leadId]);
    const registrationId = String(row!.id);
    const status = String(row!.status);
    if (status === 'waitlisted') {
      const pos = await position(registrationId);
      await deps.schedule(leadId, `webinar-waitlist:${requestId}`, [{ template: 'transactional/webinaire-attente', dueAt: at, payload: { position: pos } }], at, 'transactional', lane(registrationId));
      return { status: 'waitlisted', registrationId, position: pos };
    }
    // Registered (or already attending): the confirmation again, with the invitation.
    await seatEmails(leadId, registrationId, w, at, 'webinaire-confirmation', `webinar-confirmation:${requestId}`);
    return { status: 'registered', registrationId };
  }

  /** Free seats go to the waiting list, first come first served. */
  async function promote(slug: string, at: Date): Promise<number> {
    const w = find(slug);
    if (!w || !isOpenForRegistration(w, at)) return 0;
    let promoted = 0;
    for (;;) {
      const claim = uid();
      const [r] = await db.batch([
        {
          sql: `UPDATE webinar_registrations SET status = 'registered', updated_at = ?, notified_status = ?
                WHERE id = (SELECT id FROM webinar_registrations WHERE webinar = ? AND status = 'waitlisted' ORDER BY created_at, id LIMIT 1)
                  AND (SELECT COUNT(*) FROM webinar_registrations WHERE webinar = ? AND ${TAKEN}) < ?`,
          params: [iso(at), `promoted:${claim}`, slug, slug, w.capacity],
        },
      ]);
      if (!r!.changes) return promoted;
      const [row] = await db.all<Row>('SELECT id, lead_id FROM webinar_registrations WHERE notified_status = ?', [`promoted:${claim}`]);
      await seatEmails(String(row!.lead_id), String(row!.id), w, at, 'webinaire-place', 'webinar-promoted');
      promoted++;
    }
  }

  /** The person's cancel link (every webinar e-mail): the seat goes to the waiting list. */
  async function cancel(registrationId: string, at: Date): Promise<{ ok: boolean; webinar?: WebinarInfo }> {
    const [row] = await db.all<Row>('SELECT webinar, status FROM webinar_registrations WHERE id = ?', [registrationId]);
    if (!row) return { ok: false };
    const w = find(String(row.webinar));
    const [r] = await db.batch([
      { sql: "UPDATE webinar_registrations SET status = 'cancelled', updated_at = ? WHERE id = ? AND status IN ('registered', 'waitlisted')", params: [iso(at), registrationId] },
      { sql: "UPDATE email_jobs SET status = 'cancelled', outcome = 'registration-cancelled' WHERE lane = ? AND status = 'pending'", params: [lane(registrationId)] },
    ]);
    if (r!.changes) await promote(String(row.webinar), at);
    return { ok: true, webinar: w };
  }

  /**
   * At each tick: a session whose date moved sends each registrant an update (a new calendar
   * SEQUENCE) and new reminders; a cancelled one sends a cancellation; a raised capacity promotes
   * the waiting list.
   */
  async function sync(at: Date): Promise<{ updates: number; cancellations: number; promoted: number }> {
    const report = { updates: 0, cancellations: 0, promoted: 0 };
    for (const w of deps.webinars) {
      if (new Date(w.startsAt).getTime() < at.getTime() - 24 * HOUR && w.status !== 'annule') continue;
      if (w.status === 'annule') {
        const rows = await db.all<Row>("SELECT id, lead_id, sequence FROM webinar_registrations WHERE webinar = ? AND status IN ('registered', 'waitlisted') AND (notified_status IS NULL OR notified_status != 'annule')", [w.slug]);
        for (const r of rows) {
          const sequence = Number(r.sequence) + 1;
          await db.batch([
            { sql: "UPDATE email_jobs SET status = 'cancelled', outcome = 'webinar-cancelled' WHERE lane = ? AND status = 'pending'", params: [lane(String(r.id))] },
            { sql: "UPDATE webinar_registrations SET notified_status = 'annule', sequence = ?, updated_at = ? WHERE id = ?", params: [sequence, iso(at), r.id] },
          ]);
          await deps.schedule(String(r.lead_id), 'webinar-cancelled', [{ template: 'transactional/webinaire-annulation', dueAt: at, payload: { method: 'CANCEL', sequence } }], at, 'transactional', lane(String(r.id)));
          report.cancellations++;
        }
        continue;
      }
      const moved = await db.all<Row>(
        "SELECT id, lead_id, sequence, notified_starts_at FROM webinar_registrations WHERE webinar = ? AND status = 'registered' AND notified_starts_at IS NOT NULL AND notified_starts_at != ?",
        [w.slug, w.startsAt],
      );
      for (const r of moved) {
        const sequence = Number(r.sequence) + 1;
        await db.batch([
          // The reminders of the former date are dropped; seatEmails-like new ones follow.
          { sql: "UPDATE email_jobs SET status = 'cancelled', outcome = 'webinar-moved' WHERE lane = ? AND status = 'pending' AND workflow LIKE 'webinar-reminder-%'", params: [lane(String(r.id))] },
          { sql: 'UPDATE webinar_registrations SET sequence = ?, notified_starts_at = ?, updated_at = ? WHERE id = ?', params: [sequence, w.startsAt, iso(at), r.id] },
        ]);
        await deps.schedule(String(r.lead_id), `webinar-moved@${w.startsAt}`, [{ template: 'transactional/webinaire-modification', dueAt: at, payload: { method: 'REQUEST', sequence, previousStartsAt: String(r.notified_starts_at) } }], at, 'transactional', lane(String(r.id)));
        const start = new Date(w.startsAt).getTime();
        for (const [kind, before] of [['veille', 24 * HOUR], ['heure', HOUR]] as const) {
          const due = new Date(start - before);
          if (due.getTime() > at.getTime()) await deps.schedule(String(r.lead_id), `webinar-reminder-${kind}@${w.startsAt}`, [{ template: `transactional/webinaire-rappel-${kind}`, dueAt: due }], at, 'transactional', lane(String(r.id)));
        }
        report.updates++;
      }
      report.promoted += await promote(w.slug, at);
    }
    return report;
  }

  /** The team records who attended (CLI, console): attended scores (lead-scoring.yaml webinar-attended). */
  async function attendance(slug: string, leadId: string, attended: boolean, at: Date): Promise<boolean> {
    const [r] = await db.batch([
      { sql: "UPDATE webinar_registrations SET status = ?, updated_at = ? WHERE webinar = ? AND lead_id = ? AND status IN ('registered', 'attended', 'absent')", params: [attended ? 'attended' : 'absent', iso(at), slug, leadId] },
    ]);
    if (!r!.changes) return false;
    const already = await db.all("SELECT 1 AS x FROM engagement WHERE lead_id = ? AND type = 'webinar-attended' AND path = ?", [leadId, `/webinaires/${slug}/`]);
    if (attended && !already.length) {
      await db.batch([{ sql: "INSERT INTO engagement (id, lead_id, type, path, created_at) VALUES (?, ?, 'webinar-attended', ?, ?)", params: [uid(), leadId, `/webinaires/${slug}/`, iso(at)] }]);
      await deps.rescore(leadId, at);
    }
    if (!attended && already.length) {
      await db.batch([{ sql: "DELETE FROM engagement WHERE lead_id = ? AND type = 'webinar-attended' AND path = ?", params: [leadId, `/webinaires/${slug}/`] }]);
      await deps.rescore(leadId, at);
    }
    return true;
  }

  async function registrations(slug?: string) {
    return db.all<Row>(
      `SELECT r.id, r.webinar, r.status, r.created_at, r.updated_at, r.lead_id, l.first_name, l.last_name, l.email FROM webinar_registrations r JOIN leads l ON l.id = r.lead_id
       ${slug ? 'WHERE r.webinar = ?' : ''} ORDER BY r.webinar, r.status, r.created_at`,
      slug ? [slug] : [],
    );
  }

  /**
   * What a webinar e-mail of a job needs: its variables, links and calendar attachment; or why it
   * must not go out any more (seat cancelled, session cancelled or moved since).
   */
  async function emailContext(job: Row): Promise<
    | { cancel: string }
    | { vars: Record<string, string>; links: Record<string, string>; attachments: { filename: string; contentType: string; content: string; method: string }[] }
  > {
    const registrationId = String(job.lane).slice('tx:web:'.length);
    const [r] = await db.all<Row>('SELECT r.*, l.first_name, l.email FROM webinar_registrations r JOIN leads l ON l.id = r.lead_id WHERE r.id = ?', [registrationId]);
    if (!r) return { cancel: 'registration-erased' };
    const w = find(String(r.webinar));
    if (!w) return { cancel: 'webinar-removed' };
    const template = String(job.template).slice('transactional/'.length);
    const payload = job.payload ? (JSON.parse(String(job.payload)) as Record<string, unknown>) : {};
    if (template !== 'webinaire-annulation') {
      if (r.status === 'cancelled') return { cancel: 'registration-cancelled' };
      if (w.status === 'annule') return { cancel: 'webinar-cancelled' };
      if (template.startsWith('webinaire-rappel') && !String(job.workflow).endsWith(`@${w.startsAt}`)) return { cancel: 'webinar-moved' };
      if (template !== 'webinaire-attente' && r.status === 'waitlisted') return { cancel: 'waitlisted' };
    }
    const page = new URL(`/webinaires/${w.slug}/`, deps.siteUrl).toString();
    const vars: Record<string, string> = { webinaire: w.title, date_webinaire: webinarDateText(w) };
    if (payload.position) vars.position = String(payload.position);
    if (payload.previousStartsAt) vars.ancienne_date = webinarDateText({ startsAt: String(payload.previousStartsAt), durationMinutes: w.durationMinutes });
    const links = {
      rejoindre: joinUrl(w),
      agenda: new URL(`/webinaires/${w.slug}.ics`, deps.siteUrl).toString(),
      annuler: new URL(`/api/webinars/cancel/${await signLead(deps.secret, 'webinar-cancel', registrationId)}`, deps.siteUrl).toString(),
      'page-webinaire': page,
    };
    const method = typeof payload.method === 'string' ? payload.method : null;
    const attachments =
      method === 'REQUEST' || method === 'CANCEL'
        ? [
            {
              filename: 'invitation.ics',
              contentType: `text/calendar; charset=utf-8; method=${method}`,
              method,
              content: webinarIcs(w, {
                method,
                sequence: Number(payload.sequence ?? r.sequence ?? 0),
                siteUrl: deps.siteUrl,
                joinUrl: method === 'REQUEST' ? joinUrl(w) : null,
                organizer: deps.organizer,
                attendee: { name: String(r.first_name), email: String(r.email) },
              }),
            },
          ]
        : [];
    return { vars, links, attachments };
  }

  return { register, cancel, promote, sync, attendance, registrations, emailContext, joinUrl };
}

export type WebinarSeats = ReturnType<typeof createWebinarSeats>;
