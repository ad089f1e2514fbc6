// Signing in and out of the console, and the guard of every other console route: a session in the
// store (only a SHA-256 of the cookie's token), an HttpOnly Secure SameSite=Strict cookie limited to
// /admin, an absolute and an idle expiry, a CSRF token checked on every POST, a lockout after
// repeated failures, and every refusal written to the audit log.
import type { Context, MiddlewareHandler } from 'hono';
import type { ConsoleStore, UserRecord } from './store';
import type { Store } from '../edge/store/types';
import { hashPassword, randomToken, sha256, verifyPassword, type Role } from './auth';
import { parseCookies, setCookie } from '../edge/http/cookies';
import { sameOrigin } from '../edge/http/respond';
import { safeEqual } from '../edge/signing';
import { normalizeEmail } from '../marketing/lead-forms';

export const SESSION_COOKIE = 'mf_admin';
export const LOGIN_COOKIE = 'mf_admin_login';
export const SESSION_HOURS = 8;
export const IDLE_MINUTES = 120;
/** Failures allowed per address (and per client address, ×4) in 15 minutes before the lockout. */
export const MAX_FAILURES = 5;
const LOCK_SECONDS = 900;

export interface SessionDeps {
  console: ConsoleStore;
  store: Store;
  now: () => Date;
  clientBucket: (c: Context) => string;
}

export interface ConsoleViewer {
  user: UserRecord;
  csrf: string;
  tokenHash: string;
}

const cookieOptions = (maxAge: number) => ({ maxAge, httpOnly: true, sameSite: 'Strict' as const, path: '/admin' });
/** A fixed hash to verify against when the address is unknown: the answer takes the same time. */
let DUMMY: Promise<string> | null = null;

export function ip(c: Context, deps: SessionDeps) {
  return deps.clientBucket(c);
}

/** GET /admin/connexion: a double-submit token for the sign-in form (no session yet). */
export function loginToken(c: Context): string {
  const token = randomToken(18);
  c.header('Set-Cookie', setCookie(LOGIN_COOKIE, token, cookieOptions(1800)), { append: true });
  return token;
}

export type SignInResult = { ok: true; user: UserRecord } | { ok: false; reason: 'csrf' | 'locked' | 'invalid' | 'origin' };

export async function signIn(c: Context, deps: SessionDeps, form: Record<string, unknown>): Promise<SignInResult> {
  const now = deps.now();
  const audit = (outcome: 'ok' | 'refused', detail: string, user?: UserRecord | null) =>
    deps.console.audit({ at: now.toISOString(), user: user ? { id: user.id, email: user.email } : null, action: 'connexion', target: typeof form.email === 'string' ? form.email.slice(0, 254) : null, detail, outcome, ip: ip(c, deps) });
  if (!sameOrigin(c)) {
    await audit('refused', 'origine étrangère');
    return { ok: false, reason: 'origin' };
  }
  const cookie = parseCookies(c.req.header('cookie'))[LOGIN_COOKIE];
  if (typeof form.csrf !== 'string' || !cookie || !safeEqual(form.csrf, cookie)) {
    await audit('refused', 'jeton CSRF absent ou invalide');
    return { ok: false, reason: 'csrf' };
  }
  const email = typeof form.email === 'string' ? normalizeEmail(form.email).slice(0, 254) : '';
  const password = typeof form.password === 'string' ? form.password.slice(0, 200) : '';
  const nowSeconds = Math.floor(now.getTime() / 1000);
  // Counted before checking the password, so that a locked address answers the same whether known or not.
  const byEmail = await deps.store.rateLimit(`login:${await sha256(email)}`, MAX_FAILURES, LOCK_SECONDS, nowSeconds);
  const byIp = await deps.store.rateLimit(`login-ip:${ip(c, deps)}`, MAX_FAILURES * 4, LOCK_SECONDS, nowSeconds);
  if (!byEmail.allowed || !byIp.allowed) {
    await audit('refused', 'verrouillage après plusieurs échecs');
    return { ok: false, reason: 'locked' };
  }
  const user = email ? await deps.console.findUserByEmail(email) : null;
  DUMMY ??= hashPassword(randomToken());
  const valid = await verifyPassword(password, user?.passwordHash ?? (await DUMMY));
  if (!user || !valid || user.disabledAt) {
    if (user) await deps.console.recordFailure(user.id);
    await audit('refused', !user ? 'adresse inconnue' : user.disabledAt ? 'compte désactivé' : 'mot de passe incorrect', user);
    return { ok: false, reason: 'invalid' };
  }
  // A success clears the address's failures.
  await deps.store.rateLimit(`login:${await sha256(email)}`, MAX_FAILURES, 1, nowSeconds);
  const token = randomToken();
  await deps.console.createSession({
    tokenHash: await sha256(token),
    userId: user.id,
    csrf: randomToken(24),
    now: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString(),
  });
  await deps.console.recordLogin(user.id, now.toISOString());
  await audit('ok', 'connexion réussie', user);
  c.header('Set-Cookie', setCookie(SESSION_COOKIE, token, cookieOptions(SESSION_HOURS * 3600)), { append: true });
  c.header('Set-Cookie', setCookie(LOGIN_COOKIE, '', cookieOptions(0)), { append: true });
  return { ok: true, user };
}

export async function signOut(c: Context, deps: SessionDeps, viewer: ConsoleViewer) {
  await deps.console.deleteSession(viewer.tokenHash);
  await deps.console.audit({ at: deps.now().toISOString(), user: viewer.user, action: 'deconnexion', outcome: 'ok', ip: ip(c, deps) });
  c.header('Set-Cookie', setCookie(SESSION_COOKIE, '', cookieOptions(0)), { append: true });
}

/**
 * Guards every console route but the sign-in: a valid session (absolute and idle expiry, account
 * enabled), and on every POST the same origin and the session's CSRF token. A GET without a
 * session goes to the sign-in page; a refused POST answers 403. Every refusal is audited.
 */
export function requireSession(deps: SessionDeps, onRefusal: (c: Context, status: 401 | 403, reason: string) => Response | Promise<Response>): MiddlewareHandler {
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    const now = deps.now();
    const token = parseCookies(c.req.header('cookie'))[SESSION_COOKIE];
    const session = token ? await deps.console.findSession(await sha256(token)) : null;
    const idleLimit = new Date(now.getTime() - IDLE_MINUTES * 60_000).toISOString();
    const audit = (action: string, detail: string, user?: UserRecord | null) =>
      deps.console.audit({ at: now.toISOString(), user: user ? { id: user.id, email: user.email } : null, action, target: c.req.path, detail, outcome: 'refused', ip: ip(c, deps) });
    if (!session || session.expiresAt <= now.toISOString() || session.lastSeenAt < idleLimit || session.user.disabledAt) {
      if (session) await deps.console.deleteSession(session.tokenHash);
      if (token) await audit('session-expiree', session ? 'session expirée ou compte désactivé' : 'session inconnue', session?.user);
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const back = encodeURIComponent(c.req.path);
        return c.redirect(`/admin/connexion?retour=${back}${token ? '&expiree=1' : ''}`, 303);
      }
      return onRefusal(c, 401, token ? 'Votre session a expiré : reconnectez-vous.' : 'Connexion requise.');
    }
    if (c.req.method === 'POST') {
      if (!sameOrigin(c)) {
        await audit('csrf', 'origine étrangère', session.user);
        return onRefusal(c, 403, 'Requête refusée : elle ne vient pas de la console.');
      }
      const form = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
      if (typeof form.csrf !== 'string' || !safeEqual(form.csrf, session.csrf)) {
        await audit('csrf', 'jeton CSRF absent ou invalide', session.user);
        return onRefusal(c, 403, 'Formulaire expiré ou incomplet (jeton de sécurité absent) : rechargez la page et recommencez.');
      }
      (c.set as (k: string, v: unknown) => void)('form', form);
    }
    await deps.console.touchSession(session.tokenHash, now.toISOString());
    (c.set as (k: string, v: unknown) => void)('viewer', { user: session.user, csrf: session.csrf, tokenHash: session.tokenHash } satisfies ConsoleViewer);
    await next();
  };
}

export const viewerOf = (c: Context) => (c.get as (k: string) => unknown)('viewer') as ConsoleViewer;
export const formOf = (c: Context) => ((c.get as (k: string) => unknown)('form') ?? {}) as Record<string, unknown>;

/** Refuses an action the role may not do, and audits it. */
export async function forbid(c: Context, deps: SessionDeps, action: string, role: Role) {
  const viewer = viewerOf(c);
  await deps.console.audit({ at: deps.now().toISOString(), user: viewer.user, action, target: c.req.path, detail: `rôle ${role} insuffisant`, outcome: 'refused', ip: ip(c, deps) });
}
