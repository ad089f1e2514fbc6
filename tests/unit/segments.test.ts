import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarketing } from '../../src/marketing/load';
import type { LeadProfile } from '../../src/marketing/lead-profile';
import { capCheck, frequencyCap, isEngagementSegment, segmentOf } from '../../src/marketing/segments';

const dir = join(import.meta.dirname, '../../content/marketing');
const sources = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
);
const segments = parseMarketing(sources).segments;
const byKey = (key: string) => segments.find((s) => s.key === key)!;

const now = new Date('2026-06-15T10:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const lead = (p: Partial<LeadProfile>): LeadProfile => ({ kind: 'info', createdAt: daysAgo(60), lastOpenAt: daysAgo(2), ...p });
const seg = (p: Partial<LeadProfile>) => segmentOf(lead(p), segments, now);

describe('the real segments.yaml', () => {
  it('lists the plan’s four segments, inactifs being the only engagement segment', () => {
    expect(segments.map((s) => s.key)).toEqual(['primo-arrivants', 'reconversion', 'garages', 'inactifs']);
    expect(segments.filter(isEngagementSegment).map((s) => s.key)).toEqual(['inactifs']);
  });

  it('caps the marketing pressure as the plan says', () => {
    expect(frequencyCap(byKey('primo-arrivants'))).toEqual({ maxEmails: 2, perDays: 7 });
    expect(frequencyCap(byKey('reconversion'))).toEqual({ maxEmails: 1, perDays: 7 });
    expect(frequencyCap(byKey('garages'))).toEqual({ maxEmails: 1, perDays: 14 });
    expect(frequencyCap(byKey('inactifs'))).toEqual({ maxEmails: 1, perDays: 30 });
  });
});

describe('segmentOf with the real segments', () => {
  it('puts the 22-year-old first-job guide lead from Île-de-France in primo-arrivants', () => {
    const profile: LeadProfile = { kind: 'guide', birthYear: 2004, situation: 'first-job', region: 'Île-de-France', createdAt: now, lastOpenAt: null };
    expect(segmentOf(profile, segments, now)).toBe('primo-arrivants');
    expect(seg({ kind: 'guide', ageBracket: '18-25', situation: 'first-job' })).toBe('primo-arrivants');
  });

  it('needs the whole age range under 26 and a first job for primo-arrivants', () => {
    expect(seg({ ageBracket: '26-30', situation: 'first-job' })).toBeNull();
    expect(seg({ birthYear: 2000, situation: 'first-job' })).toBeNull(); // 25 or 26
    expect(seg({ birthYear: 2001, situation: 'first-job' })).toBe('primo-arrivants');
    expect(seg({ ageBracket: '18-25', situation: 'employee-other-sector' })).toBeNull();
    expect(seg({ ageBracket: '18-25' })).toBeNull(); // situation unknown
  });

  it('puts the 35-year-old job seeker in reconversion (no current job, so not in automobile)', () => {
    expect(seg({ birthYear: 1991, situation: 'job-seeker' })).toBe('reconversion');
    expect(seg({ ageBracket: '31-45', situation: 'employee-other-sector' })).toBe('reconversion');
    expect(seg({ ageBracket: '46+', situation: 'employee-other-sector' })).toBe('reconversion');
  });

  it('keeps automotive employees, people of 30 or less and unknown situations out of reconversion', () => {
    expect(seg({ ageBracket: '31-45', situation: 'automotive-employee' })).toBeNull();
    expect(seg({ ageBracket: '26-30', situation: 'employee-other-sector' })).toBeNull();
    expect(seg({ birthYear: 1996, situation: 'job-seeker' })).toBeNull(); // 29 or 30
    expect(seg({ ageBracket: '31-45' })).toBeNull();
  });

  it('puts a garage training 4–8 people (or 9+) in garages, not one training 1–3', () => {
    expect(seg({ kind: 'garage-quote', companySize: '4-8' })).toBe('garages');
    expect(seg({ kind: 'garage-quote', companySize: '9+', situation: 'company' })).toBe('garages');
    expect(seg({ kind: 'garage-quote', companySize: '1-3' })).toBeNull();
    expect(seg({ kind: 'garage-quote' })).toBeNull(); // size unknown
    // A company contact over 30 is not « in reconversion ».
    expect(seg({ kind: 'garage-quote', situation: 'company', ageBracket: '31-45' })).toBeNull();
  });

  it('puts a lead whose last open was 31 days ago in inactifs, before any profile segment', () => {
    expect(seg({ lastOpenAt: daysAgo(31) })).toBe('inactifs');
    expect(seg({ ageBracket: '18-25', situation: 'first-job', lastOpenAt: daysAgo(31) })).toBe('inactifs');
    expect(seg({ kind: 'garage-quote', companySize: '4-8', lastOpenAt: daysAgo(31) })).toBe('inactifs');
    expect(seg({ ageBracket: '18-25', situation: 'first-job', lastOpenAt: daysAgo(30) })).toBe('primo-arrivants');
    expect(seg({ ageBracket: '18-25', situation: 'first-job', lastOpenAt: daysAgo(30.9) })).toBe('primo-arrivants');
  });

  it('counts a lead that never opened an e-mail as inactive 31 days after its creation; unknown opens never make it inactive', () => {
    expect(seg({ lastOpenAt: null, createdAt: daysAgo(31) })).toBe('inactifs');
    expect(seg({ lastOpenAt: null, createdAt: daysAgo(30) })).toBeNull();
    expect(seg({ lastOpenAt: undefined, createdAt: daysAgo(400) })).toBeNull();
    expect(segmentOf({ kind: 'newsletter', createdAt: now, lastOpenAt: null }, segments, now)).toBeNull();
  });

  it('takes the first matching segment in YAML order, engagement segments first wherever they are listed', () => {
    const primo = byKey('primo-arrivants');
    const inactifs = byKey('inactifs');
    const twins = [{ ...primo, key: 'first' }, { ...primo, key: 'second' }, inactifs];
    const young = lead({ ageBracket: '18-25', situation: 'first-job' });
    expect(segmentOf(young, twins, now)).toBe('first');
    expect(segmentOf(young, [...twins].reverse(), now)).toBe('second');
    expect(segmentOf({ ...young, lastOpenAt: daysAgo(31) }, twins, now)).toBe('inactifs');
    expect(segmentOf(young, [], now)).toBeNull();
  });
});

describe('capCheck', () => {
  const now = new Date('2026-12-10T12:00:00Z');
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const twoAWeek = { maxEmails: 2, perDays: 7 };

  it('allows while fewer e-mails than the cap were sent in the rolling window', () => {
    expect(capCheck([], twoAWeek, now)).toEqual({ allowed: true });
    expect(capCheck([ago(1)], twoAWeek, now)).toEqual({ allowed: true });
    expect(capCheck([ago(1), ago(7), ago(9)], twoAWeek, now)).toEqual({ allowed: true }); // 7 days ago has left the window
  });

  it('when full, waits until the oldest e-mail that counts leaves the window', () => {
    const check = capCheck([ago(1), ago(3), ago(20)], twoAWeek, now);
    expect(check).toEqual({ allowed: false, retryAt: new Date(ago(3).getTime() + 7 * 86_400_000 + 1000) });
    expect(capCheck([ago(1), ago(3)], twoAWeek, (check as { retryAt: Date }).retryAt)).toEqual({ allowed: true });
    expect(capCheck([ago(2)], { maxEmails: 1, perDays: 30 }, now)).toMatchObject({ allowed: false });
  });
});
