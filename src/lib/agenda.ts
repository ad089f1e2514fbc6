// What the site publishes and sends in the coming weeks: articles (publishDate), webinars
// (startsAt), broadcasts (sendAt) and the monthly e-mails of sequences.yaml. Used by
// `npm run calendar` and by the build's warning when no article is scheduled soon. Pure.
import type { ArticleInfo, RulesSnapshot } from '../edge/deps.ts';
import { parisDay } from './calendar.ts';
import { zonedMonth, zonedTime } from './zoned.ts';

export interface AgendaItem {
  /** When, as an instant (articles: midnight of their Paris day). */
  at: Date;
  type: 'article' | 'webinaire' | 'envoi' | 'lettre mensuelle';
  title: string;
  detail: string;
}

const DAY = 86_400_000;

export function agenda(rules: Pick<RulesSnapshot, 'articles' | 'webinarEvents' | 'emails' | 'marketing'>, from: Date, days: number): AgendaItem[] {
  const until = from.getTime() + days * DAY;
  const today = parisDay(from);
  const items: AgendaItem[] = [];
  for (const a of rules.articles ?? []) {
    if (a.draft || a.publishDate < today) continue;
    const at = zonedTime(Number(a.publishDate.slice(0, 4)), Number(a.publishDate.slice(5, 7)), Number(a.publishDate.slice(8, 10)), '00:00');
    if (at.getTime() <= until) items.push({ at, type: 'article', title: a.title, detail: `/blog/${a.slug}/` });
  }
  for (const w of rules.webinarEvents ?? []) {
    const at = new Date(w.startsAt);
    if (at.getTime() >= from.getTime() && at.getTime() <= until) items.push({ at, type: 'webinaire', title: w.title, detail: `${w.status === 'annule' ? 'annulé' : w.status === 'reporte' ? 'reporté' : `${w.capacity} places`}, /webinaires/${w.slug}/` });
  }
  for (const t of rules.emails.filter((e) => e.folder === 'broadcasts' && e.sendAt)) {
    const at = new Date(t.sendAt!);
    if (at.getTime() >= from.getTime() && at.getTime() <= until) {
      const who = [...(t.audience?.lists ?? []).map((l) => `liste ${l}`), ...(t.audience?.segments ?? []).map((s) => `segment ${s}`)].join(', ');
      items.push({ at, type: 'envoi', title: t.subject, detail: `${who} (${t.file})` });
    }
  }
  for (const wf of rules.marketing.sequences.workflows) {
    if (wf.action.type !== 'monthly-email') continue;
    const action = wf.action;
    let { year, month } = zonedMonth(from);
    for (let i = 0; i < 1 + Math.ceil(days / 28); i++) {
      const at = zonedTime(year, month, action.dayOfMonth, action.time);
      if (at.getTime() >= from.getTime() && at.getTime() <= until) items.push({ at, type: 'lettre mensuelle', title: wf.label, detail: 'list' in action.audience ? `liste ${action.audience.list}` : `segment ${action.audience.segment}` });
      month = month === 12 ? 1 : month + 1;
      if (month === 1) year++;
    }
  }
  return items.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Articles scheduled (not drafts) in the `days` days after `from`, for the build's warning. */
export function scheduledArticles(articles: readonly ArticleInfo[], from: Date, days: number): ArticleInfo[] {
  const first = parisDay(from);
  const last = parisDay(new Date(from.getTime() + days * DAY));
  return articles.filter((a) => !a.draft && a.publishDate > first && a.publishDate <= last);
}
