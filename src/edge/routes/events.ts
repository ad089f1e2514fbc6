// The engagement beacon (src/lib/beacon-client.ts): page views and one « 5 minutes » session per
// visit of an identified lead who accepted tracking and the banner's cookies. Anything else is
// answered 204 and recorded nowhere.
import { Hono } from 'hono';
import type { Edge } from '../deps';
import { bodyCap } from '../http/body';
import { FOREIGN_ORIGIN, sameOrigin } from '../http/respond';
import { parseCookies } from '../http/cookies';
import { identifiedLead } from '../identity';
import { normalizePath } from '../../marketing/scoring';
import { CONSENT_COOKIE, LEAD_COOKIE } from '../cookies';

export function eventRoutes(edge: Edge) {
  const app = new Hono();
  app.post('/api/events', bodyCap(edge.limits.smallBodyBytes, 'un événement de visite'), async (c) => {
    c.header('Cache-Control', 'no-store');
    if (!sameOrigin(c)) return c.json({ ok: false, error: 'origin', message: FOREIGN_ORIGIN }, 403);
    const cookies = parseCookies(c.req.header('cookie'));
    if (cookies[CONSENT_COOKIE] !== 'accept' || !edge.automation) return c.body(null, 204);
    const identity = await identifiedLead(edge.secrets.formSecret, cookies[LEAD_COOKIE]);
    const lead = identity ? await edge.store.findLeadById(identity.leadId) : null;
    if (!lead?.consentTracking) return c.body(null, 204);
    let body: { type?: unknown; path?: unknown; seconds?: unknown };
    try {
      body = JSON.parse(await c.req.text());
      if (!body || typeof body !== 'object') throw new Error('not an object');
    } catch {
      return c.json({ ok: false, error: 'body', message: 'JSON attendu : {"type":"page-view","path":"/…/"} ou {"type":"session","seconds":N}.' }, 400);
    }
    const { limit, windowSeconds } = edge.limits.eventsPerLead;
    const allowed = await edge.store.rateLimit(`events:${lead.id}`, limit, windowSeconds, Math.floor(edge.now().getTime() / 1000));
    if (!allowed.allowed) return c.json({ ok: false, error: 'rate', message: 'Trop d’événements : réessayez plus tard.' }, 429, { 'Retry-After': String(allowed.retryAfter) });
    if (body.type === 'page-view' && typeof body.path === 'string' && /^\/(?!\/)[\w\-/.]{0,200}$/.test(body.path)) {
      await edge.automation.onSiteEvent(lead.id, { type: 'page-view', path: normalizePath(body.path) }, edge.now());
    } else if (body.type === 'session' && typeof body.seconds === 'number' && Number.isFinite(body.seconds) && body.seconds >= 0 && body.seconds <= 86_400) {
      await edge.automation.onSiteEvent(lead.id, { type: 'session', seconds: Math.round(body.seconds) }, edge.now());
    } else {
      return c.json({ ok: false, error: 'validation', message: 'type : « page-view » avec path (chemin du site) ou « session » avec seconds (0 à 86 400).' }, 422);
    }
    return c.body(null, 204);
  });
  return app;
}
