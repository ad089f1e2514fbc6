// The signed identifiers the edge issues in cookies, and what they prove:
// - the A/B visitor id (mf_vid, with the banner's consent): counted only if the edge issued it;
// - the lead identification (mf_lead, with tracking consent and the banner's consent): 'first' when
//   issued at an address's first sign-up, 'proven' when the browser followed a link e-mailed to
//   that address (a tracked link or the double opt-in): only 'proven' lets a later submission
//   change the lead (src/marketing/lead-merge.ts).
import type { Context } from 'hono';
import { hmac, signLead, verifyLead } from './signing';
import { COOKIE_MAX_AGE, LEAD_COOKIE, LEAD_MARK_COOKIE, VISITOR_COOKIE } from './cookies';
import { setCookie } from './http/cookies';

export async function issueVisitor(secret: string): Promise<{ id: string; cookie: string }> {
  const id = crypto.randomUUID();
  return { id, cookie: setCookie(VISITOR_COOKIE, await signLead(secret, 'visitor', id), { maxAge: COOKIE_MAX_AGE, httpOnly: true }) };
}

/** The visitor id of a cookie the edge signed, or null (missing, forged or from before signing). */
export function readVisitor(secret: string, value: string | undefined): Promise<string | null> {
  return verifyLead(secret, 'visitor', value);
}

/** The A/B unit stored for a visitor: an HMAC, so the stored value is never the cookie's id. */
export async function abUnit(secret: string, visitorId: string): Promise<string> {
  return (await hmac(secret, `ab-unit:${visitorId}`)).slice(0, 22);
}

export async function identifiedLead(secret: string, value: string | undefined): Promise<{ leadId: string; proven: boolean } | null> {
  const proven = await verifyLead(secret, 'identify-proven', value);
  if (proven) return { leadId: proven, proven: true };
  const first = await verifyLead(secret, 'identify', value);
  return first ? { leadId: first, proven: false } : null;
}

/** Sets the identification cookie (HttpOnly) and its script-visible mark for the beacon. */
export async function identify(c: Context, secret: string, leadId: string, level: 'first' | 'proven') {
  const token = await signLead(secret, level === 'proven' ? 'identify-proven' : 'identify', leadId);
  c.header('Set-Cookie', setCookie(LEAD_COOKIE, token, { maxAge: COOKIE_MAX_AGE, httpOnly: true }), { append: true });
  c.header('Set-Cookie', setCookie(LEAD_MARK_COOKIE, '1', { maxAge: COOKIE_MAX_AGE }), { append: true });
}
