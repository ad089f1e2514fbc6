// Small HTTP helpers shared by the route modules: who is asking (JSON or a person), whether the
// request comes from this site, and one way to refuse, in French, naming the rule.
import type { Context } from 'hono';
import { errorPage } from '../responses';
import { sameOriginPath } from './redirect';

export function wantsJson(c: Context): boolean {
  return (c.req.header('content-type') ?? '').startsWith('application/json') || (c.req.header('accept') ?? '').includes('application/json');
}

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * The origins of this site: the request's own, and the public one (SITE_URL, set on the context
 * by createApp) that a reverse proxy terminating TLS hides from the Node server (it sees
 * http://…, the browser says https://…).
 */
function selfOrigins(c: Context): string[] {
  const publicOrigin = (c.get as (key: string) => unknown)('publicOrigin');
  return [new URL(c.req.url).origin, ...(typeof publicOrigin === 'string' ? [publicOrigin] : [])];
}

/** Same-origin request: Origin, else Sec-Fetch-Site, else Referer (a malformed one is not this site). */
export function sameOrigin(c: Context): boolean {
  const self = selfOrigins(c);
  const origin = c.req.header('origin');
  if (origin) return self.includes(origin);
  const site = c.req.header('sec-fetch-site');
  if (site) return site === 'same-origin';
  const referer = originOf(c.req.header('referer'));
  return referer !== null && self.includes(referer);
}

/** The page to go back to: the Referer when it is a page of this site, else `fallback`. */
export function backPath(c: Context, fallback = '/'): string {
  const referer = originOf(c.req.header('referer'));
  const origin = referer && selfOrigins(c).includes(referer) ? referer : new URL(c.req.url).origin;
  return sameOriginPath(c.req.header('referer'), origin, fallback);
}

export type FailStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 503;

/** An error for a person: JSON for scripts, a small French page for plain forms; never cached. */
export function fail(c: Context, status: FailStatus, code: string, message: string, headers: Record<string, string> = {}) {
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  c.header('Cache-Control', 'no-store');
  if (wantsJson(c)) return c.json({ ok: false, error: code, message }, status);
  return c.html(errorPage('Votre demande n’a pas pu être envoyée', message, backPath(c)), status);
}

export const FOREIGN_ORIGIN = 'Requête refusée : elle ne vient pas de ce site.';
