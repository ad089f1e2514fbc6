// The editorial calendar: which articles a build publishes.
// A production build publishes an article once its publishDate has come (Europe/Paris day),
// never a draft. `astro dev` shows everything, flagged, so the content team can proofread.

export interface Schedulable {
  data: { publishDate: Date; draft?: boolean };
}

/** The build's "today": BUILD_DATE (ISO date) overrides the clock, for tests and previews. */
export function buildDate(env: Record<string, string | undefined> = process.env): Date {
  const override = env.BUILD_DATE;
  if (override) {
    const date = new Date(override);
    if (Number.isNaN(date.getTime())) throw new Error(`BUILD_DATE: « ${override} » n’est pas une date ISO valide (ex. 2026-11-23)`);
    return date;
  }
  return new Date();
}

/** Calendar day (YYYY-MM-DD) in Paris, so an article dated the 23rd is out all day on the 23rd. */
const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
export function parisDay(date: Date): string {
  return PARIS_DAY.format(date);
}

export function isPublished(entry: Schedulable, now: Date): boolean {
  if (entry.data.draft) return false;
  return entry.data.publishDate.toISOString().slice(0, 10) <= parisDay(now);
}

export type ArticleState = 'published' | 'scheduled' | 'draft';

export function articleState(entry: Schedulable, now: Date): ArticleState {
  if (entry.data.draft) return 'draft';
  return isPublished(entry, now) ? 'published' : 'scheduled';
}

/**
 * Newest first; entries of the same date by their id (file name), so that every build lists them
 * in the same order whatever order the collection was loaded in.
 */
export function newestFirst(a: Schedulable & { id?: string }, b: Schedulable & { id?: string }): number {
  return b.data.publishDate.getTime() - a.data.publishDate.getTime() || ((a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0);
}

/** Published entries, newest first (newestFirst). */
export function publishedOnly<T extends Schedulable & { id?: string }>(entries: T[], now: Date): T[] {
  return entries.filter((entry) => isPublished(entry, now)).sort(newestFirst);
}
