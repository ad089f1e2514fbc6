// Lead scoring (content/marketing/lead-scoring.yaml): points for what a lead is (profile), does on
// the site (siteActions) and does with our e-mails (emailEngagement); thresholds turn the score
// into a temperature (cold, warm, hot).
//
// Pure module: no node:*, Astro or DOM import. It runs in Node, in workerd and in the browser.
//
// How the rules count (our reading of the plan's « Lead Scoring »):
// - profile rules count once each, when all their criteria hold on the lead's facts;
// - site-action and e-mail rules count once per matching event: two e-mail opens are +4, two
//   visits of the pricing page +30, two sessions over 5 minutes +16;
// - except the guide download (rules on the 'guide-download' event), which counts once at most:
//   the guide is one document, and the lead captured by the guide form IS that download (a lead of
//   kind 'guide' counts as a download even with no event, and extra guide-download events — the
//   same guide asked for again — add nothing);
// - events dated after `now` are ignored; events without a date count;
// - the temperature is the threshold whose [min, max] holds the score (a negative score, possible
//   only with negative points, gets the first threshold).
import type { Criterion, LeadScoring, ScoringEventRule } from './config';
import { isRange, profileFacts, type FactValue, type LeadFacts, type LeadProfile } from './lead-profile';

export interface LeadEvent {
  /** One of SCORING_EVENTS (config.ts): page-view, session, guide-download, email-open, email-click, email-reply. */
  type: string;
  /** Page path of a page-view ('/tarifs-financement/'); query string and fragment are ignored. */
  path?: string;
  /** Duration of a session, in seconds. */
  sessionSeconds?: number;
  at?: Date;
}

export interface LeadScore {
  score: number;
  /** Key of the threshold the score falls in (cold, warm, hot). */
  temperature: string;
  /** The rules that gave points, in the order of lead-scoring.yaml, with the points each gave in total. */
  matched: { key: string; points: number }[];
}

/** Whether one criterion holds on a fact. Unknown fact → false. Ranges: true only for every value of the range. */
export function evaluateCriterion(criterion: Criterion, fact: FactValue | null | undefined): boolean {
  if (fact === undefined || fact === null) return false;
  const { operator, value } = criterion;

  if (isRange(fact)) {
    if (typeof value !== 'number') return false;
    const { min, max } = fact;
    switch (operator) {
      case 'eq':
        return min === value && max === value;
      case 'ne':
        return value < min || value > max;
      case 'lt':
        return max < value;
      case 'lte':
        return max <= value;
      case 'gt':
        return min > value;
      case 'gte':
        return min >= value;
    }
  }

  if (typeof fact !== typeof value) return false;
  switch (operator) {
    case 'eq':
      return fact === value;
    case 'ne':
      return fact !== value;
  }
  if (typeof fact !== 'number' || typeof value !== 'number') return false;
  switch (operator) {
    case 'lt':
      return fact < value;
    case 'lte':
      return fact <= value;
    case 'gt':
      return fact > value;
    case 'gte':
      return fact >= value;
  }
  return false;
}

/** Whether every criterion holds on the facts (an empty list holds). */
export function evaluateCriteria(criteria: readonly Criterion[], facts: LeadFacts): boolean {
  return criteria.every((c) => evaluateCriterion(c, facts[c.field]));
}

/** '/tarifs-financement?x=1#y' and '/tarifs-financement' → '/tarifs-financement/' (page paths end with a slash). */
export function normalizePath(path: string): string {
  let p = path.split(/[?#]/, 1)[0] || '/';
  if (!p.startsWith('/')) p = `/${p}`;
  const last = p.slice(p.lastIndexOf('/') + 1);
  if (last !== '' && !last.includes('.')) p += '/';
  return p;
}

function eventFacts(base: LeadFacts, event: LeadEvent): LeadFacts {
  const facts: LeadFacts = { ...base };
  if (typeof event.path === 'string') facts.path = normalizePath(event.path);
  if (typeof event.sessionSeconds === 'number' && Number.isFinite(event.sessionSeconds)) facts.sessionSeconds = event.sessionSeconds;
  return facts;
}

const ONCE_EVENTS = new Set(['guide-download']);

/** Scores a lead from its profile and its events with the rules of lead-scoring.yaml. */
export function scoreLead(profile: LeadProfile, events: readonly LeadEvent[], rules: LeadScoring, now: Date): LeadScore {
  const facts = profileFacts(profile, now);
  const current = events.filter((e) => !(e.at instanceof Date) || e.at.getTime() <= now.getTime());
  // The capture of a guide lead is a guide download.
  const all: LeadEvent[] = profile.kind === 'guide' ? [{ type: 'guide-download' }, ...current] : [...current];

  const matched: { key: string; points: number }[] = [];
  const add = (key: string, points: number) => {
    if (points !== 0) matched.push({ key, points });
  };

  const eventRule = (rule: ScoringEventRule) => {
    const hits = all.filter((e) => e.type === rule.event && evaluateCriteria(rule.criteria, eventFacts(facts, e))).length;
    const times = ONCE_EVENTS.has(rule.event) ? Math.min(hits, 1) : hits;
    if (times > 0) add(rule.key, rule.points * times);
  };
  rules.siteActions.forEach(eventRule);
  rules.emailEngagement.forEach(eventRule);
  for (const rule of rules.profile) if (evaluateCriteria(rule.criteria, facts)) add(rule.key, rule.points);

  const score = matched.reduce((sum, m) => sum + m.points, 0);
  return { score, temperature: temperatureOf(score, rules.thresholds), matched };
}

/** The key of the threshold holding `score` (thresholds are contiguous from 0, the last one unbounded). */
export function temperatureOf(score: number, thresholds: LeadScoring['thresholds']): string {
  if (thresholds.length === 0) throw new Error('lead-scoring.yaml: thresholds: aucun seuil');
  const s = Math.max(0, Math.floor(score));
  const found = thresholds.find((t) => s >= t.min && (t.max === null || s <= t.max));
  return (found ?? (s < thresholds[0].min ? thresholds[0] : thresholds[thresholds.length - 1])).key;
}
