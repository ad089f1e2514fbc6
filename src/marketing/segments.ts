// E-mail segmentation (content/marketing/segments.yaml): which segment a lead belongs to, and the
// marketing pressure allowed for that segment.
//
// Pure module: no node:*, Astro or DOM import. It runs in Node, in workerd and in the browser.
//
// A lead belongs to one segment at most. Behavioural segments — those whose criteria only test
// e-mail engagement (daysSinceLastEmailOpen), i.e. « inactifs » (last open more than 30 days
// ago) — take precedence: a primo-arrivant who stopped opening our e-mails gets the reactivation
// content and the monthly cap, not two e-mails a week. Otherwise the first segment whose criteria
// all hold, in the order of segments.yaml, wins. No matching segment → null.
import type { LeadField, Segment } from './config';
import { profileFacts, type LeadProfile } from './lead-profile';
import { evaluateCriteria } from './scoring';

/** Fields describing engagement rather than who the lead is. */
const ENGAGEMENT_FIELDS: ReadonlySet<LeadField> = new Set<LeadField>(['daysSinceLastEmailOpen']);

/** Whether a segment is defined by engagement only (e.g. « inactifs »): it takes precedence over profile segments. */
export function isEngagementSegment(segment: Pick<Segment, 'criteria'>): boolean {
  return segment.criteria.length > 0 && segment.criteria.every((c) => ENGAGEMENT_FIELDS.has(c.field));
}

/** The key of the lead's segment at `now`, or null when none matches. */
export function segmentOf(profile: LeadProfile, segments: readonly Segment[], now: Date): string | null {
  const facts = profileFacts(profile, now);
  const ordered = [...segments.filter(isEngagementSegment), ...segments.filter((s) => !isEngagementSegment(s))];
  return ordered.find((s) => evaluateCriteria(s.criteria, facts))?.key ?? null;
}

/** At most `maxEmails` marketing e-mails per rolling window of `perDays` days. */
export function frequencyCap(segment: Pick<Segment, 'frequencyCap'>): { maxEmails: number; perDays: number } {
  return { maxEmails: segment.frequencyCap.maxEmails, perDays: segment.frequencyCap.perDays };
}

/**
 * Whether one more e-mail fits the cap at `now`, given when the lead's earlier e-mails were sent.
 * When it does not, `retryAt` is the first moment it will (the oldest e-mail that counts leaves the
 * rolling window): the e-mail waits, it is never dropped.
 */
export function capCheck(sentAt: readonly Date[], cap: { maxEmails: number; perDays: number }, now: Date): { allowed: true } | { allowed: false; retryAt: Date } {
  const windowMs = cap.perDays * 24 * 60 * 60 * 1000;
  const inWindow = sentAt
    .filter((d) => d.getTime() > now.getTime() - windowMs && d.getTime() <= now.getTime())
    .sort((a, b) => b.getTime() - a.getTime());
  if (inWindow.length < cap.maxEmails) return { allowed: true };
  return { allowed: false, retryAt: new Date(inWindow[cap.maxEmails - 1]!.getTime() + windowMs + 1000) };
}
