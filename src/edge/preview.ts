// The console's preview of the site at another instant (README « Dated campaigns »): a cookie the
// console issues to a signed-in member only (POST /admin/apercu), that site pages honour to show
// the campaigns in force at that instant. The console's own session cookie is limited to /admin,
// so the site's pages cannot see it: the preview cookie carries the session's id (the SHA-256 the
// store keeps, never the token), its holder and its expiry, signed with the form secret; a page
// honours it only if the signature holds, it has not expired, and that session is still open in
// the store (signing out, the idle or absolute expiry, a disabled account end the preview at
// once). It is HttpOnly, SameSite=Strict, for an hour at most, and read only by GET pages: never
// by the API, the lead capture, the A/B counts or the audience.
import { hmac, safeEqual } from './signing';
import { setCookie } from './http/cookies';
import { IDLE_MINUTES } from '../console/session';
import type { Edge } from './deps';

export const PREVIEW_COOKIE = 'mf_preview';
/** An hour at most, and never past the session's own expiry. */
export const PREVIEW_SECONDS = 3600;

const FORMAT = /^v1\.(\d{1,15})\.(\d{1,15})\.([0-9a-f-]{36})\.([\w-]{43})\.([\w-]{43})$/;

export interface Preview {
  /** The instant the site is shown at (ms). */
  at: number;
  /** When the preview cookie expires (ms). */
  expires: number;
  userId: string;
  email: string;
}

const payload = (at: number, expires: number, userId: string, sessionHash: string) => `v1.${at}.${expires}.${userId}.${sessionHash}`;

/** The cookie's value and lifetime for a signed-in member's session. */
export async function issuePreview(secret: string, options: { at: number; now: number; userId: string; sessionHash: string; sessionExpiresAt: string }) {
  const expires = Math.min(options.now + PREVIEW_SECONDS * 1000, Date.parse(options.sessionExpiresAt));
  const data = payload(options.at, expires, options.userId, options.sessionHash);
  const value = `${data}.${await hmac(secret, `preview:${data}`)}`;
  const maxAge = Math.max(0, Math.floor((expires - options.now) / 1000));
  return { value, expires, cookie: setCookie(PREVIEW_COOKIE, value, { maxAge, httpOnly: true, sameSite: 'Strict' }) };
}

/** Removes the preview cookie. */
export const clearPreview = () => setCookie(PREVIEW_COOKIE, '', { maxAge: 0, httpOnly: true, sameSite: 'Strict' });

/**
 * The preview a cookie carries, or null: malformed, forged, expired, or its session closed (the
 * same rules as the console's guard, src/console/session.ts). `now` is the edge's real clock.
 */
export async function readPreview(edge: Pick<Edge, 'console' | 'secrets'>, value: string | undefined, now: Date): Promise<Preview | null> {
  const m = FORMAT.exec(value ?? '');
  if (!m || !edge.console) return null;
  const [, atText, expiresText, userId, sessionHash, signature] = m as unknown as [string, string, string, string, string, string];
  const data = payload(Number(atText), Number(expiresText), userId, sessionHash);
  if (!safeEqual(signature, await hmac(edge.secrets.formSecret, `preview:${data}`))) return null;
  const expires = Number(expiresText);
  if (expires <= now.getTime()) return null;
  const session = await edge.console.findSession(sessionHash);
  const idleLimit = new Date(now.getTime() - IDLE_MINUTES * 60_000).toISOString();
  if (!session || session.user.id !== userId || session.expiresAt <= now.toISOString() || session.lastSeenAt < idleLimit || session.user.disabledAt) return null;
  return { at: Number(atText), expires, userId, email: session.user.email };
}
