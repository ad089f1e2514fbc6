// Webinars as the edge and the e-mails see them (content/webinars/*.mdx): when registration is
// open, how a date reads in French, and the calendar files (RFC 5545) sent to registrants and
// offered on each page. Pure module: it runs in Node, in workerd and in the browser.
import { createEvent, type EventAttributes } from 'ics';
import { formatDate, formatTime } from '../lib/typography.ts';

export type WebinarStatus = 'prevu' | 'reporte' | 'annule';

export interface WebinarInfo {
  slug: string;
  title: string;
  description: string;
  /** ISO date-time with offset. */
  startsAt: string;
  durationMinutes: number;
  capacity: number;
  status: WebinarStatus;
  previousStartsAt: string | null;
  joinUrl: string | null;
  replayUrl: string | null;
  speaker: { name: string; role: string };
}

export const DEFAULT_CAPACITY = 50;

export function webinarEnd(w: Pick<WebinarInfo, 'startsAt' | 'durationMinutes'>): Date {
  return new Date(new Date(w.startsAt).getTime() + w.durationMinutes * 60_000);
}

/** Registration is open until the session starts, unless it is cancelled. */
export function isOpenForRegistration(w: Pick<WebinarInfo, 'startsAt' | 'status'>, now: Date): boolean {
  return w.status !== 'annule' && now.getTime() < new Date(w.startsAt).getTime();
}

/** The session is over: its page becomes a replay page. */
export function isPast(w: Pick<WebinarInfo, 'startsAt' | 'durationMinutes'>, now: Date): boolean {
  return now.getTime() >= webinarEnd(w).getTime();
}

/** « le jeudi 10 décembre 2026, de 18 h 30 à 19 h 30 » (Europe/Paris). */
export function webinarDateText(w: Pick<WebinarInfo, 'startsAt' | 'durationMinutes'>): string {
  const start = new Date(w.startsAt);
  return `le ${formatDate(start, { weekday: true })}, de ${formatTime(start)} à ${formatTime(webinarEnd(w))}`;
}

/** The UID of a webinar's calendar event: one per session, stable across updates (RFC 5545 §3.8.4.7). */
export function webinarUid(slug: string, siteUrl: string): string {
  return `webinaire-${slug}@${new URL(siteUrl).hostname}`;
}

function utcParts(date: Date): [number, number, number, number, number] {
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()];
}

export interface IcsOptions {
  /** REQUEST: an invitation or its update; CANCEL: the session is cancelled; PUBLISH: the page's « Ajouter à mon agenda ». */
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  /** Increases at each change of date (RFC 5545 §3.8.7.4). */
  sequence: number;
  siteUrl: string;
  /** The room's link (invitations); the page's URL otherwise. */
  joinUrl: string | null;
  organizer: { name: string; email: string };
  attendee?: { name: string; email: string };
}

/** The iCalendar file of a session (dates in UTC, so no VTIMEZONE is needed). */
export function webinarIcs(w: WebinarInfo, o: IcsOptions): string {
  const page = new URL(`/webinaires/${w.slug}/`, o.siteUrl).toString();
  const event: EventAttributes = {
    productId: 'mecaformation/webinaires',
    method: o.method,
    uid: webinarUid(w.slug, o.siteUrl),
    sequence: o.sequence,
    start: utcParts(new Date(w.startsAt)),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: utcParts(webinarEnd(w)),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: `Webinaire MécaFormation : ${w.title}`,
    description: `${w.description}\n\nProgramme et replay : ${page}${o.joinUrl ? `\nConnexion : ${o.joinUrl}` : ''}`,
    location: o.joinUrl ?? page,
    url: o.joinUrl ?? page,
    status: o.method === 'CANCEL' || w.status === 'annule' ? 'CANCELLED' : 'CONFIRMED',
    organizer: o.organizer,
    ...(o.attendee ? { attendees: [{ name: o.attendee.name, email: o.attendee.email, rsvp: false, partstat: 'ACCEPTED', role: 'REQ-PARTICIPANT' }] } : {}),
    calName: 'Webinaires MécaFormation',
  };
  const { error, value } = createEvent(event);
  if (error || !value) throw new Error(`webinaire ${w.slug} : calendrier impossible à produire (${error?.message ?? 'inconnu'})`);
  return value.replace(/\r?\n/g, '\r\n');
}
