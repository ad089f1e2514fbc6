// Google Ads offline conversions: the file of Google Ads' « conversions from clicks » import
// (Outils > Conversions > Importations), so that the campaigns' conversion targets can be checked
// against the leads and enrolments they really brought.
//
// The file, as Google's template has it: a first row `Parameters:TimeZone=Europe/Paris` (a time
// zone ID, which Google recommends over a fixed offset because of daylight saving time), then the
// header `Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency`,
// comma-separated, and one row per conversion with its time as `yyyy-MM-dd HH:mm:ss` on the clocks
// of that zone. Google counts a row again only if the click id, the conversion name and the time
// differ, so a period may be uploaded twice (the times here are stable).
//
// Which conversions:
//   - a lead whose first touch (the submission that created it) carries a gclid, at that time,
//     named « Lead » by default: the click that brought the lead;
//   - an active enrolment whose lead carries a gclid — its last non-direct touch's, else its first
//     touch's (the last click before the sale) — valued at its amount in EUR, named « Inscription »
//     by default, at the time it was recorded if that was on its enrolment day, else at noon of
//     that day (Paris), and never before the click (Google refuses a conversion older than its click).
// gbraid and wbraid (clicks from iOS) cannot be imported by this file: Google takes them through
// its API only. They are counted, not listed.
// Pure module: no Node, Astro or DOM import.
import type { Touch } from './attribution';
import { zonedDateTime, zonedTime } from '../lib/zoned';

export const ADS_TIME_ZONE = 'Europe/Paris';
export const ADS_HEADER = ['Google Click ID', 'Conversion Name', 'Conversion Time', 'Conversion Value', 'Conversion Currency'] as const;
export const DEFAULT_CONVERSION_NAMES = { lead: 'Lead', enrolment: 'Inscription' } as const;

/** A click id as Google issues them (letters, digits, `-` and `_`). */
const GCLID = /^[A-Za-z0-9_-]{1,200}$/;

export interface ConversionLeadRow {
  createdAt: string;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
}

export interface ConversionEnrolmentRow {
  /** YYYY-MM-DD (Paris). */
  enrolledOn: string;
  /** When the team recorded it (ISO instant). */
  createdAt: string;
  amountEur: number;
  status: string;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
}

export interface AdsConversion {
  gclid: string;
  name: string;
  /** The instant of the conversion (ISO). */
  at: string;
  value: number | null;
  currency: 'EUR' | null;
  kind: 'lead' | 'enrolment';
}

export interface AdsConversionsResult {
  conversions: AdsConversion[];
  /** Conversions whose click came from iOS (gbraid or wbraid only): not importable by this file. */
  iosOnly: number;
}

const clickOf = (t: Touch | null) => (t?.gclid && GCLID.test(t.gclid) ? t.gclid : null);
const iosClick = (t: Touch | null) => Boolean(t && !t.gclid && (t.gbraid || t.wbraid));

/**
 * The conversions of the window [since, until): the leads created in it whose first touch has a
 * gclid, and the active enrolments of its days (Paris) whose lead has one; oldest first.
 */
export function adsConversions(
  input: { leads: ConversionLeadRow[]; enrolments: ConversionEnrolmentRow[]; since: Date; until: Date },
  names: { lead: string; enrolment: string } = DEFAULT_CONVERSION_NAMES,
): AdsConversionsResult {
  const conversions: AdsConversion[] = [];
  let iosOnly = 0;
  const from = input.since.getTime();
  const to = input.until.getTime();
  for (const lead of input.leads) {
    const created = Date.parse(lead.createdAt);
    if (!(created >= from && created < to)) continue;
    const gclid = clickOf(lead.firstTouch);
    if (gclid) conversions.push({ gclid, name: names.lead, at: lead.firstTouch?.at || lead.createdAt, value: null, currency: null, kind: 'lead' });
    else if (iosClick(lead.firstTouch)) iosOnly++;
  }
  const fromDay = zonedDateTime(input.since, ADS_TIME_ZONE).slice(0, 10);
  for (const e of input.enrolments) {
    if (e.status !== 'active') continue;
    const touch = clickOf(e.lastTouch) ? e.lastTouch : clickOf(e.firstTouch) ? e.firstTouch : null;
    if (!touch) {
      if (iosClick(e.lastTouch) || iosClick(e.firstTouch)) iosOnly++;
      continue;
    }
    const at = enrolmentTime(e, touch.at);
    if (e.enrolledOn < fromDay || Date.parse(at) >= to) continue;
    conversions.push({ gclid: touch.gclid!, name: names.enrolment, at, value: e.amountEur, currency: 'EUR', kind: 'enrolment' });
  }
  conversions.sort((a, b) => a.at.localeCompare(b.at) || a.kind.localeCompare(b.kind));
  return { conversions, iosOnly };
}

/** An enrolment's conversion time: when it was recorded if on its day, else noon of its day (Paris); never before the click. */
function enrolmentTime(e: ConversionEnrolmentRow, clickAt: string): string {
  const recorded = new Date(e.createdAt);
  const [y, m, d] = e.enrolledOn.split('-').map(Number) as [number, number, number];
  let at = !Number.isNaN(recorded.getTime()) && zonedDateTime(recorded, ADS_TIME_ZONE).slice(0, 10) === e.enrolledOn ? recorded : zonedTime(y, m, d, '12:00', ADS_TIME_ZONE);
  const click = Date.parse(clickAt);
  if (!Number.isNaN(click) && at.getTime() <= click) at = new Date(click + 1000);
  return at.toISOString();
}

/** One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** « 2490 », « 890.5 »: a plain number with a dot, as Google reads it. */
const amount = (n: number) => String(Math.round(n * 100) / 100);

/** The import file: the time zone row, the header, one row per conversion; CRLF line ends, no byte-order mark. */
export function adsConversionsCsv(conversions: readonly AdsConversion[]): string {
  const lines = [
    `Parameters:TimeZone=${ADS_TIME_ZONE}`,
    ADS_HEADER.join(','),
    ...conversions.map((c) => [c.gclid, c.name, zonedDateTime(new Date(c.at), ADS_TIME_ZONE), c.value === null ? '' : amount(c.value), c.currency ?? ''].map(cell).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
