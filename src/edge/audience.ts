// The audience recorder of the edge: one page view at a time, into daily aggregates. A visitor of
// the day is a SHA-256 of their address and browser with a random salt of that day, kept in
// audience_visitors only until the day is rolled up (store.purgeExpired): then the counts stay and
// the hashes and the salt are deleted (Plausible's method). No cookie, nothing per person.
import type { SqlDriver } from './store/types';
import { sha256 } from '../console/auth';

export interface PageViewHit {
  day: string;
  path: string;
  /** Address and User-Agent of the request: hashed with the day's salt, never stored. */
  visitorKey: string;
  /** External referrer domain, or null (direct). */
  referrer: string | null;
  device: string;
  trainingPage: boolean;
}

/** Unknown partner codes named per day in the audience (the others: « (autres) »). */
export const UNKNOWN_CODES_PER_DAY = 50;

export function createAudience(db: SqlDriver) {
  const salts = new Map<string, string>();
  async function saltOf(day: string): Promise<string> {
    const cached = salts.get(day);
    if (cached) return cached;
    const fresh = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    await db.batch([{ sql: 'INSERT OR IGNORE INTO audience_salts (day, salt) VALUES (?, ?)', params: [day, fresh] }]);
    const [row] = await db.all<{ salt: string }>('SELECT salt FROM audience_salts WHERE day = ?', [day]);
    const salt = row?.salt ?? fresh;
    salts.clear();
    salts.set(day, salt);
    return salt;
  }
  const counter = (metric: string, onlyIfNew: boolean) => ({
    sql: `INSERT INTO audience_daily (day, metric, dimension, count) SELECT ?, '${metric}', ?, 1 WHERE ${onlyIfNew ? 'changes() = 1' : 'true'}
          ON CONFLICT(day, metric, dimension) DO UPDATE SET count = count + 1`,
  });

  return {
    /** A page view: counted; the first of a visitor's day also counts its entry page, source and device. */
    async pageView(hit: PageViewHit) {
      const hash = await sha256(`${await saltOf(hit.day)}|${hit.visitorKey}`);
      // Each conditional statement changes exactly one row when its condition holds, so changes()
      // carries « this visitor is new today » down the chain.
      await db.batch([
        { sql: 'INSERT OR IGNORE INTO audience_visitors (day, hash, flags) VALUES (?, ?, ?)', params: [hit.day, hash, hit.trainingPage ? 1 : 0] },
        { ...counter('entry', true), params: [hit.day, hit.path] },
        { ...counter('referrer', true), params: [hit.day, hit.referrer ?? '(direct)'] },
        { ...counter('device', true), params: [hit.day, hit.device] },
        ...(hit.trainingPage ? [{ sql: 'UPDATE audience_visitors SET flags = flags | 1 WHERE day = ? AND hash = ?', params: [hit.day, hash] }] : []),
        { ...counter('pageviews', false), params: [hit.day, hit.path] },
      ]);
    },
    /**
     * A page opened by a partner link whose code is no active partner's (src/edge/referral.ts):
     * counted per code and day. At most UNKNOWN_CODES_PER_DAY codes a day are named, the rest
     * share « (autres) », so that links made up by the thousand cannot grow the table.
     */
    async unknownReferral(day: string, code: string) {
      await db.batch([
        {
          sql: `INSERT INTO audience_daily (day, metric, dimension, count)
                SELECT ?, 'referral-unknown',
                       CASE WHEN EXISTS (SELECT 1 FROM audience_daily WHERE day = ? AND metric = 'referral-unknown' AND dimension = ?)
                              OR (SELECT COUNT(*) FROM audience_daily WHERE day = ? AND metric = 'referral-unknown') < ${UNKNOWN_CODES_PER_DAY}
                            THEN ? ELSE '(autres)' END, 1
                ON CONFLICT(day, metric, dimension) DO UPDATE SET count = count + 1`,
          params: [day, day, code, day, code],
        },
      ]);
    },
    /** A form was started on a page (the lead form's script, once per page view). */
    async formStart(hit: Pick<PageViewHit, 'day' | 'path' | 'visitorKey'>) {
      const hash = await sha256(`${await saltOf(hit.day)}|${hit.visitorKey}`);
      await db.batch([
        { sql: 'UPDATE audience_visitors SET flags = flags | 2 WHERE day = ? AND hash = ?', params: [hit.day, hash] },
        { ...counter('form-start', false), params: [hit.day, hit.path] },
      ]);
    },
  };
}

export type Audience = ReturnType<typeof createAudience>;
