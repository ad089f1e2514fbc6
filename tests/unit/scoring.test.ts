import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Criterion } from '../../src/marketing/config';
import { parseMarketing } from '../../src/marketing/load';
import { ageRange, profileFacts, type LeadProfile } from '../../src/marketing/lead-profile';
import { evaluateCriteria, evaluateCriterion, normalizePath, scoreLead, temperatureOf, type LeadEvent } from '../../src/marketing/scoring';

const dir = join(import.meta.dirname, '../../content/marketing');
const sources = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
);
const rules = parseMarketing(sources).leadScoring;

const now = new Date('2026-06-15T10:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const lead = (p: Partial<LeadProfile>): LeadProfile => ({ kind: 'newsletter', createdAt: now, ...p });
const times = (n: number, e: LeadEvent): LeadEvent[] => Array.from({ length: n }, () => ({ ...e }));
const c = (field: Criterion['field'], operator: Criterion['operator'], value: Criterion['value']): Criterion => ({ field, operator, value });

describe('the real lead-scoring.yaml', () => {
  it('holds the plan’s points and thresholds', () => {
    const points = Object.fromEntries([...rules.siteActions, ...rules.emailEngagement, ...rules.profile].filter((r) => r.seedKey !== null).map((r) => [r.key, r.points]));
    expect(points).toEqual({
      'pricing-page-view': 15,
      'guide-download': 10,
      'time-on-site-5min': 8,
      'testimonials-view': 5,
      'email-open': 2,
      'email-click': 5,
      'email-reply': 10,
      'age-18-30': 10,
      'job-seeker': 15,
      'region-idf': 5,
    });
    expect(rules.thresholds.map((t) => [t.key, t.min, t.max])).toEqual([
      ['cold', 0, 20],
      ['warm', 21, 40],
      ['hot', 41, null],
    ]);
  });
});

describe('profileFacts', () => {
  it('derives the criterion fields from a first-job lead of Île-de-France', () => {
    expect(profileFacts(lead({ kind: 'guide', birthYear: 2004, situation: 'first-job', region: 'Île-de-France' }), now)).toEqual({
      age: { min: 21, max: 22 },
      firstJob: true,
      jobSeeker: false,
      currentJobSector: 'aucun',
      contactType: 'particulier',
      region: 'ile-de-france',
    });
  });

  it('derives a garage: company contact, at least as many employees as people to train', () => {
    expect(profileFacts(lead({ kind: 'garage-quote', companySize: '4-8' }), now)).toEqual({
      contactType: 'entreprise',
      employees: { min: 4, max: Infinity },
    });
  });

  it('leaves unknown what the forms did not ask', () => {
    expect(profileFacts(lead({ kind: 'guide' }), now)).toEqual({});
  });

  it('counts whole days since the last open; since creation when never opened; unknown when not known', () => {
    expect(profileFacts(lead({ lastOpenAt: daysAgo(31) }), now).daysSinceLastEmailOpen).toBe(31);
    expect(profileFacts(lead({ lastOpenAt: daysAgo(30.9) }), now).daysSinceLastEmailOpen).toBe(30);
    expect(profileFacts(lead({ lastOpenAt: null, createdAt: daysAgo(45) }), now).daysSinceLastEmailOpen).toBe(45);
    expect(profileFacts(lead({ createdAt: daysAgo(45) }), now).daysSinceLastEmailOpen).toBeUndefined();
  });

  it('gives an age range: two possible ages from a birth year, the bracket, or both intersected', () => {
    expect(ageRange({ birthYear: 1991 }, now)).toEqual({ min: 34, max: 35 });
    expect(ageRange({ ageBracket: '26-30' }, now)).toEqual({ min: 26, max: 30 });
    expect(ageRange({ ageBracket: '46+' }, now)).toEqual({ min: 46, max: Infinity });
    expect(ageRange({ ageBracket: '26-30', birthYear: 1996 }, now)).toEqual({ min: 29, max: 30 });
    expect(ageRange({ ageBracket: '18-25', birthYear: 1990 }, now)).toEqual({ min: 35, max: 36 }); // contradiction: the year wins
    expect(ageRange({}, now)).toBeUndefined();
  });
});

describe('evaluateCriteria', () => {
  it('holds on a range only when the whole range satisfies the criterion', () => {
    const age = (bracket: LeadProfile['ageBracket']) => profileFacts(lead({ ageBracket: bracket }), now);
    expect(evaluateCriteria([c('age', 'gte', 18), c('age', 'lte', 30)], age('26-30'))).toBe(true);
    expect(evaluateCriteria([c('age', 'gte', 18), c('age', 'lte', 30)], age('18-25'))).toBe(true);
    expect(evaluateCriteria([c('age', 'gte', 18), c('age', 'lte', 30)], age('31-45'))).toBe(false);
    expect(evaluateCriteria([c('age', 'gt', 30)], age('31-45'))).toBe(true);
    expect(evaluateCriteria([c('age', 'gt', 30)], age('46+'))).toBe(true);
    expect(evaluateCriteria([c('age', 'gt', 30)], age('26-30'))).toBe(false);
    expect(evaluateCriteria([c('age', 'lt', 26)], age('18-25'))).toBe(true);
    expect(evaluateCriteria([c('age', 'lt', 25)], age('18-25'))).toBe(false);
    expect(evaluateCriterion(c('age', 'eq', 30), { min: 30, max: 30 })).toBe(true);
    expect(evaluateCriterion(c('age', 'eq', 30), { min: 29, max: 30 })).toBe(false);
    expect(evaluateCriterion(c('age', 'ne', 30), { min: 31, max: 45 })).toBe(true);
    expect(evaluateCriterion(c('age', 'ne', 30), { min: 29, max: 30 })).toBe(false);
    // Birth year 1995: 30 or 31 in 2026 → not provably 18–30.
    expect(evaluateCriteria([c('age', 'lte', 30)], profileFacts(lead({ birthYear: 1995 }), now))).toBe(false);
    expect(evaluateCriteria([c('age', 'lte', 30)], profileFacts(lead({ birthYear: 1996 }), now))).toBe(true);
  });

  it('compares exact values with every operator', () => {
    expect(evaluateCriterion(c('sessionSeconds', 'gte', 300), 300)).toBe(true);
    expect(evaluateCriterion(c('sessionSeconds', 'gte', 300), 299)).toBe(false);
    expect(evaluateCriterion(c('sessionSeconds', 'gt', 300), 300)).toBe(false);
    expect(evaluateCriterion(c('sessionSeconds', 'lt', 300), 299)).toBe(true);
    expect(evaluateCriterion(c('sessionSeconds', 'lte', 300), 300)).toBe(true);
    expect(evaluateCriterion(c('sessionSeconds', 'eq', 300), 300)).toBe(true);
    expect(evaluateCriterion(c('sessionSeconds', 'ne', 300), 301)).toBe(true);
    expect(evaluateCriterion(c('currentJobSector', 'ne', 'automobile'), 'autre')).toBe(true);
    expect(evaluateCriterion(c('currentJobSector', 'ne', 'automobile'), 'automobile')).toBe(false);
    expect(evaluateCriterion(c('jobSeeker', 'eq', true), true)).toBe(true);
    expect(evaluateCriterion(c('jobSeeker', 'eq', true), false)).toBe(false);
  });

  it('never holds on an unknown fact, not even « ne »; an empty list holds', () => {
    expect(evaluateCriteria([c('currentJobSector', 'ne', 'automobile')], {})).toBe(false);
    expect(evaluateCriteria([c('jobSeeker', 'eq', false)], {})).toBe(false);
    expect(evaluateCriteria([c('age', 'gte', 0)], {})).toBe(false);
    expect(evaluateCriteria([], {})).toBe(true);
  });
});

describe('scoreLead with the real rules', () => {
  it('scores the 22-year-old first-job guide lead from Île-de-France: 25, warm', () => {
    const result = scoreLead(lead({ kind: 'guide', birthYear: 2004, situation: 'first-job', region: 'Île-de-France' }), [], rules, now);
    expect(result.matched).toEqual([
      { key: 'guide-download', points: 10 },
      { key: 'age-18-30', points: 10 },
      { key: 'region-idf', points: 5 },
    ]);
    expect(result.score).toBe(25);
    expect(result.temperature).toBe('warm');
    // Same lead with the age bracket instead of the birth year.
    expect(scoreLead(lead({ kind: 'guide', ageBracket: '18-25', situation: 'first-job', region: 'Île-de-France' }), [], rules, now).score).toBe(25);
  });

  it('scores the 35-year-old job seeker who viewed the pricing page and opened 2 e-mails: 34, warm', () => {
    const events: LeadEvent[] = [
      { type: 'page-view', path: '/tarifs-financement/', at: daysAgo(3) },
      { type: 'email-open', at: daysAgo(2) },
      { type: 'email-open', at: daysAgo(1) },
    ];
    const result = scoreLead(lead({ kind: 'info', birthYear: 1991, situation: 'job-seeker' }), events, rules, now);
    expect(result.matched).toEqual([
      { key: 'pricing-page-view', points: 15 },
      { key: 'email-open', points: 4 },
      { key: 'job-seeker', points: 15 },
    ]);
    expect(result.score).toBe(34);
    expect(result.temperature).toBe('warm');
  });

  it('scores a garage asking a quote for 4–8 people on its profile alone: 0, cold', () => {
    const result = scoreLead(lead({ kind: 'garage-quote', companySize: '4-8', region: 'Bretagne' }), [], rules, now);
    expect(result).toEqual({ score: 0, temperature: 'cold', matched: [] });
  });

  it('puts 20 in cold, 21 in warm, 40 in warm and 41 in hot', () => {
    const seeker = lead({ kind: 'info', situation: 'job-seeker' }); // +15
    const nobody = lead({ kind: 'newsletter' }); // +0

    const s20 = scoreLead(seeker, [{ type: 'page-view', path: '/temoignages/' }], rules, now);
    expect([s20.score, s20.temperature]).toEqual([20, 'cold']);

    const s21 = scoreLead(nobody, [{ type: 'session', sessionSeconds: 300 }, { type: 'page-view', path: '/temoignages/' }, ...times(4, { type: 'email-open' })], rules, now);
    expect([s21.score, s21.temperature]).toEqual([21, 'warm']);

    const s40 = scoreLead({ ...seeker, kind: 'guide' }, [{ type: 'page-view', path: '/tarifs-financement/' }], rules, now);
    expect([s40.score, s40.temperature]).toEqual([40, 'warm']);

    const s41 = scoreLead(nobody, [{ type: 'page-view', path: '/tarifs-financement/' }, ...times(2, { type: 'session', sessionSeconds: 600 }), { type: 'email-reply' }], rules, now);
    expect([s41.score, s41.temperature]).toEqual([41, 'hot']);

    expect([0, 20, 21, 40, 41, 1000, -5].map((s) => temperatureOf(s, rules.thresholds))).toEqual(['cold', 'cold', 'warm', 'warm', 'hot', 'hot', 'cold']);
  });

  it('counts each matching site or e-mail event, but the guide download once', () => {
    const guideLead = lead({ kind: 'guide' });
    expect(scoreLead(guideLead, [], rules, now).score).toBe(10);
    expect(scoreLead(guideLead, times(3, { type: 'guide-download' }), rules, now).score).toBe(10);
    expect(scoreLead(lead({ kind: 'info' }), times(2, { type: 'guide-download' }), rules, now).matched).toEqual([{ key: 'guide-download', points: 10 }]);
    expect(scoreLead(lead({}), times(2, { type: 'page-view', path: '/tarifs-financement/' }), rules, now).score).toBe(30);
    expect(scoreLead(lead({}), [...times(3, { type: 'email-click' }), { type: 'email-reply' }], rules, now).matched).toEqual([
      { key: 'email-click', points: 15 },
      { key: 'email-reply', points: 10 },
    ]);
  });

  it('checks event criteria: the page, the session length; ignores other pages and future events', () => {
    const score = (events: LeadEvent[]) => scoreLead(lead({}), events, rules, now).score;
    expect(score([{ type: 'page-view', path: '/tarifs-financement' }])).toBe(15);
    expect(score([{ type: 'page-view', path: '/tarifs-financement/?utm_source=x#faq' }])).toBe(15);
    expect(score([{ type: 'page-view', path: '/formations/' }])).toBe(0);
    expect(score([{ type: 'page-view' }])).toBe(0);
    expect(score([{ type: 'session', sessionSeconds: 299 }])).toBe(0);
    expect(score([{ type: 'session', sessionSeconds: 300 }])).toBe(8);
    expect(score([{ type: 'session' }])).toBe(0);
    expect(score([{ type: 'email-open', at: new Date(now.getTime() + 1000) }])).toBe(0);
    expect(score([{ type: 'unknown-event' }])).toBe(0);
  });

  it('needs the whole age range within 18–30 and the region slug', () => {
    const points = (p: Partial<LeadProfile>) => scoreLead(lead(p), [], rules, now).score;
    expect(points({ ageBracket: '26-30' })).toBe(10);
    expect(points({ ageBracket: '31-45' })).toBe(0);
    expect(points({ birthYear: 1995 })).toBe(0); // 30 or 31
    expect(points({ region: 'ile-de-france' })).toBe(5);
    expect(points({ region: 'Ile-de-France' })).toBe(5);
    expect(points({ region: 'Normandie' })).toBe(0);
  });
});

describe('normalizePath', () => {
  it('adds the trailing slash of page paths and drops query and fragment', () => {
    expect(normalizePath('/tarifs-financement')).toBe('/tarifs-financement/');
    expect(normalizePath('/tarifs-financement/?a=1')).toBe('/tarifs-financement/');
    expect(normalizePath('/')).toBe('/');
    expect(normalizePath('/robots.txt')).toBe('/robots.txt');
  });
});
