// The banner's choice without JavaScript (its script sets the same cookie): a small form post,
// then back to the page it came from (a path of this site only).
import { Hono } from 'hono';
import type { Edge } from '../deps';
import { bodyCap } from '../http/body';
import { backPath, fail, FOREIGN_ORIGIN, sameOrigin } from '../http/respond';
import { setCookie } from '../http/cookies';
import { CONSENT_COOKIE, CONSENT_MAX_AGE, LEAD_COOKIE, LEAD_MARK_COOKIE, REFERRAL_COOKIE, VISITOR_COOKIE } from '../cookies';

export function consentRoutes(edge: Edge) {
  const app = new Hono();
  app.post('/api/consent', bodyCap(edge.limits.smallBodyBytes, 'le choix des cookies'), async (c) => {
    if (!sameOrigin(c)) return fail(c, 403, 'origin', FOREIGN_ORIGIN);
    let choice = 'refuse';
    try {
      const form = await c.req.parseBody();
      choice = form.choice === 'accept' ? 'accept' : 'refuse';
    } catch {
      return fail(c, 400, 'body', 'Choix illisible : « accept » ou « refuse » attendu dans le champ choice.');
    }
    c.header('Set-Cookie', setCookie(CONSENT_COOKIE, choice, { maxAge: CONSENT_MAX_AGE }));
    if (choice === 'refuse') {
      for (const name of [VISITOR_COOKIE, LEAD_COOKIE, LEAD_MARK_COOKIE, REFERRAL_COOKIE]) c.header('Set-Cookie', setCookie(name, '', { maxAge: 0 }), { append: true });
    }
    return c.redirect(backPath(c), 303);
  });
  return app;
}
