// Periods typed by the team in exports and reports (`--since 7d`, `?since=30d`).

/** `Nd` with 1 ≤ N ≤ 3 650 → N; absent → the fallback; anything else → null (the caller says why). */
export function parseSince(value: string | undefined, fallbackDays = 7): number | null {
  if (value === undefined || value === '') return fallbackDays;
  const m = /^(\d{1,4})d$/.exec(value);
  const days = m ? Number(m[1]) : NaN;
  return days >= 1 && days <= 3650 ? days : null;
}
