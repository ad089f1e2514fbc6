// One-off broadcasts (content/emails/broadcasts/<slug>.mdx: sendAt and audience) and the monthly
// workflows of sequences.yaml (the newsletter of last month's articles, the inactive leads'
// reactivation). At each tick, a send that is due is turned once into one e-mail job per member of
// its audience (automation_runs records it; the jobs' UNIQUE key makes each person get it once);
// consent, suppression, segment and the segment's cap are then checked at sending time, as for
// every marketing e-mail.
import type { SqlDriver } from '../edge/store/types';
import type { Marketing } from '../marketing/config';
import type { EmailTemplate } from './templates';
import type { ArticleInfo } from '../edge/deps';
import { segmentOf } from '../marketing/segments';
import type { LeadProfile } from '../marketing/lead-profile';
import { monthName, previousMonth, zonedMonth, zonedTime } from '../lib/zoned';

type Row = Record<string, unknown>;
const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString();
/** A send whose date passed while the engine was stopped still goes out within this window, never later. */
export const CATCH_UP_DAYS = 7;

export interface BroadcastDeps {
  db: SqlDriver;
  marketing: Marketing;
  emails: EmailTemplate[];
  articles: ArticleInfo[];
}

/** The lead's profile for segmentation, from one row (see profileQuery). */
export function profileFromRow(row: Row): LeadProfile {
  return {
    kind: (row.last_kind ?? 'newsletter') as LeadProfile['kind'],
    ageBracket: (row.age_bracket as string | null) ?? undefined,
    birthYear: row.birth_year == null ? undefined : Number(row.birth_year),
    situation: (row.situation as string | null) ?? undefined,
    region: (row.region as string | null) ?? undefined,
    companySize: (row.company_size as string | null) ?? undefined,
    createdAt: new Date(String(row.created_at)),
    lastOpenAt: row.last_open ? new Date(String(row.last_open)) : null,
  } as LeadProfile;
}

/** Consenting leads with what segmentation needs, in one query. */
const PROFILE_QUERY = `SELECT l.*, (SELECT MAX(created_at) FROM engagement e WHERE e.lead_id = l.id AND e.type IN ('email-open', 'email-click')) AS last_open,
  (SELECT kind FROM lead_events v WHERE v.lead_id = l.id ORDER BY created_at DESC LIMIT 1) AS last_kind
  FROM leads l WHERE l.consent_marketing = 1`;

/** The articles published (not drafts) in a month, by date. */
export function articlesOfMonth(articles: readonly ArticleInfo[], monthKey: string): ArticleInfo[] {
  return articles.filter((a) => !a.draft && a.publishDate.startsWith(monthKey)).sort((a, b) => a.publishDate.localeCompare(b.publishDate));
}

export function createBroadcasts(deps: BroadcastDeps) {
  const { db, marketing: m } = deps;

  /** Records a run once; false if it already ran. */
  async function once(key: string, at: Date, detail: string | null = null): Promise<boolean> {
    const [r] = await db.batch([{ sql: 'INSERT OR IGNORE INTO automation_runs (key, ran_at, detail) VALUES (?, ?, ?)', params: [key, iso(at), detail] }]);
    return r!.changes === 1;
  }

  /** One job per lead id (pending, due now), for this workflow; returns how many were created. */
  async function enqueue(leadIds: string[], workflow: string, template: string, basis: string, at: Date, payload: Record<string, unknown> | null = null): Promise<number> {
    let created = 0;
    for (let i = 0; i < leadIds.length; i += 50) {
      const results = await db.batch(
        leadIds.slice(i, i + 50).map((id) => ({
          sql: `INSERT OR IGNORE INTO email_jobs (id, lead_id, lane, audience, workflow, template, due_at, next_attempt_at, created_at, basis, payload)
                VALUES (?, ?, ?, 'lead', ?, ?, ?, ?, ?, ?, ?)`,
          params: [crypto.randomUUID(), id, `lead:${id}`, workflow, template, iso(at), iso(at), iso(at), basis, payload ? JSON.stringify(payload) : null],
        })),
      );
      created += results.reduce((n, r) => n + r.changes, 0);
    }
    return created;
  }

  async function listMembers(list: string): Promise<string[]> {
    return (await db.all<{ lead_id: string }>("SELECT lead_id FROM list_members WHERE list = ? AND status = 'active'", [list])).map((r) => r.lead_id);
  }

  async function segmentMembers(segments: readonly string[], at: Date): Promise<string[]> {
    const rows = await db.all<Row>(PROFILE_QUERY);
    return rows.filter((r) => segments.includes(segmentOf(profileFromRow(r), m.segments, at) ?? '')).map((r) => String(r.id));
  }

  async function run(at: Date): Promise<{ broadcasts: number; monthly: number; jobs: number }> {
    const report = { broadcasts: 0, monthly: 0, jobs: 0 };
    for (const t of deps.emails.filter((e) => e.folder === 'broadcasts' && e.sendAt && e.audience)) {
      const due = new Date(t.sendAt!);
      if (due.getTime() > at.getTime() || due.getTime() < at.getTime() - CATCH_UP_DAYS * DAY) continue;
      if (!(await once(`broadcast:${t.key}`, at))) continue;
      const workflow = `broadcast:${t.key.slice('broadcasts/'.length)}`;
      for (const list of t.audience!.lists) report.jobs += await enqueue(await listMembers(list), workflow, t.key, `list:${list}`, at);
      if (t.audience!.segments.length) report.jobs += await enqueue(await segmentMembers(t.audience!.segments, at), workflow, t.key, 'marketing', at);
      report.broadcasts++;
    }
    const month = zonedMonth(at);
    for (const wf of m.sequences.workflows) {
      if (wf.action.type !== 'monthly-email') continue;
      const action = wf.action;
      const due = zonedTime(month.year, month.month, action.dayOfMonth, action.time);
      if (due.getTime() > at.getTime() || due.getTime() < at.getTime() - CATCH_UP_DAYS * DAY) continue;
      const template = deps.emails.find((e) => e.folder === wf.key);
      if (!template) continue;
      let payload: Record<string, unknown> | null = null;
      if (action.content === 'articles-du-mois-precedent') {
        const last = previousMonth(month.year, month.month);
        const articles = articlesOfMonth(deps.articles, last.key);
        if (!articles.length) {
          await once(`monthly:${wf.key}:${month.key}`, at, `aucun article publié en ${last.key} : envoi sauté`);
          continue;
        }
        payload = { month: last.key, monthName: monthName(last.year, last.month), articles: articles.map((a) => ({ slug: a.slug, title: a.title, description: a.description })) };
      }
      if (!(await once(`monthly:${wf.key}:${month.key}`, at))) continue;
      const workflow = `${wf.key}:${month.key}`;
      if ('list' in action.audience) report.jobs += await enqueue(await listMembers(action.audience.list), workflow, template.key, `list:${action.audience.list}`, at, payload);
      else report.jobs += await enqueue(await segmentMembers([action.audience.segment], at), workflow, template.key, 'marketing', at, payload);
      report.monthly++;
    }
    return report;
  }

  return { run };
}
