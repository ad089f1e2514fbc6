// Business hours of the sales team (automation.yaml), in their own time zone (Intl, so it runs in
// Node and workerd, daylight saving time included).
import type { Automation } from './config';
import { zonedTime } from '../lib/zoned';

type Hours = Automation['businessHours'];

function local(date: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  return { weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `date` falls within opening hours (open inclusive, close exclusive). */
export function isBusinessTime(date: Date, hours: Hours): boolean {
  const { weekday, minutes } = local(date, hours.timezone);
  return hours.days.includes(weekday) && minutes >= toMinutes(hours.open) && minutes < toMinutes(hours.close);
}

/** The first business minute at or after `date` (searched minute by minute over 8 days at most). */
export function nextBusinessTime(date: Date, hours: Hours): Date {
  let t = new Date(Math.ceil(date.getTime() / 60_000) * 60_000);
  for (let i = 0; i < 8 * 24 * 60; i++) {
    if (isBusinessTime(t, hours)) return t;
    t = new Date(t.getTime() + 60_000);
  }
  throw new Error('automation.yaml: businessHours: aucune heure ouvrée sur 8 jours');
}

/**
 * When a callback asked at `requestedAt` is due: `withinHours` later if that is a business time,
 * otherwise the next opening after it (a request on Friday evening is due on Monday morning, not
 * on a Saturday when nobody can call).
 */
export function callbackDueAt(requestedAt: Date, withinHours: number, hours: Hours): Date {
  return nextBusinessTime(new Date(requestedAt.getTime() + withinHours * 3_600_000), hours);
}

/** The calendar day `days` after the Paris day of `date`, and its weekday (1 = Monday … 7 = Sunday). */
function localDay(date: Date, timeZone: string, days: number) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(date)
      .map((x) => [x.type, x.value]),
  );
  const noon = new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day) + days, 12));
  return { year: noon.getUTCFullYear(), month: noon.getUTCMonth() + 1, day: noon.getUTCDate(), weekday: ((noon.getUTCDay() + 6) % 7) + 1 };
}

/**
 * When a person of the team is next available: `date` itself during opening hours, otherwise the
 * next opening (open time of the next opening day), computed day by day in the hours' time zone,
 * so a change of daylight saving time moves the UTC instant and never the local opening hour.
 * Days of the week only: public holidays are not in automation.yaml.
 */
export function nextOpening(date: Date, hours: Hours): Date {
  for (let i = 0; i <= 7; i++) {
    const d = localDay(date, hours.timezone, i);
    if (!hours.days.includes(d.weekday)) continue;
    const open = zonedTime(d.year, d.month, d.day, hours.open, hours.timezone);
    const close = zonedTime(d.year, d.month, d.day, hours.close, hours.timezone);
    if (date < open) return open;
    if (date < close) return date;
  }
  throw new Error('automation.yaml: businessHours: aucune heure ouvrée sur 8 jours');
}

/**
 * The same deadline as callbackDueAt() (`withinHours` later, or the next opening after it),
 * computed day by day instead of minute by minute: cheap enough for a webhook on Workers.
 */
export function callbackDeadline(requestedAt: Date, withinHours: number, hours: Hours): Date {
  return nextOpening(new Date(Math.ceil((requestedAt.getTime() + withinHours * 3_600_000) / 60_000) * 60_000), hours);
}
