// Wall-clock times in a time zone (Europe/Paris), with Intl only, so it runs in Node and workerd,
// daylight saving time included.

function wall(date: Date, timeZone: string) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((x) => [x.type, x.value]),
  );
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

/** The instant when the clocks of `timeZone` show `year-month-day hh:mm`. */
export function zonedTime(year: number, month: number, day: number, hhmm: string, timeZone = 'Europe/Paris'): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const target = Date.UTC(year, month - 1, day, h, m);
  let guess = target;
  for (let i = 0; i < 3; i++) {
    const w = wall(new Date(guess), timeZone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    if (shown === target) break;
    guess += target - shown;
  }
  return new Date(guess);
}

/** The wall-clock date and time of an instant in `timeZone`, as `yyyy-MM-dd HH:mm:ss`. */
export function zonedDateTime(date: Date, timeZone = 'Europe/Paris'): string {
  const w = wall(date, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
}

/** `YYYY-MM` of an instant in `timeZone`, and the months around it. */
export function zonedMonth(date: Date, timeZone = 'Europe/Paris'): { year: number; month: number; key: string } {
  const w = wall(date, timeZone);
  return { year: w.year, month: w.month, key: `${w.year}-${String(w.month).padStart(2, '0')}` };
}

export function previousMonth(year: number, month: number): { year: number; month: number; key: string } {
  const y = month === 1 ? year - 1 : year;
  const m = month === 1 ? 12 : month - 1;
  return { year: y, month: m, key: `${y}-${String(m).padStart(2, '0')}` };
}

/** « novembre 2026 ». */
export function monthName(year: number, month: number): string {
  return new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 15)));
}
