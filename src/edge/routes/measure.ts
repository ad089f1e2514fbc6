// Two tiny beacons of the site's script: a form was started (audience measurement, anonymous
// aggregates, exempt from consent) and the CTA button was clicked (the CTA test's own metric, for
// consenting visitors with an edge-signed id only). Nothing else is accepted or stored.
import { Hono } from 'hono';
import type { Edge } from '../deps';
import { bodyCap } from '../http/body';
import { sameOrigin } from '../http/respond';
import { parseCookies } from '../http/cookies';
import { abUnit, readVisitor } from '../identity';
import { addressBucket } from '../http/client-address';
import { parisDay } from '../../lib/calendar';
import { isBot } from '../../marketing/audience';
import { runningWebExperiments } from '../experiments';
import { CONSENT_COOKIE, VISITOR_COOKIE } from '../cookies';

const PATH = /^\/(?!\/)[\w\-/.]{0,200}$/;

export function measureRoutes(edge: Edge) {
  const app = new Hono();
  const read = async (text: string) => {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      return body && typeof body === 'object' ? body : null;
    } catch {
      return null;
    }
  };

  app.post('/api/m', bodyCap(edge.limits.smallBodyBytes, 'une mesure'), async (c) => {
    c.header('Cache-Control', 'no-store');
    if (!sameOrigin(c)) return c.body(null, 204);
    const body = await read(await c.req.text());
    if (!body || body.type !== 'form-start' || typeof body.path !== 'string' || !PATH.test(body.path)) {
      return c.json({ ok: false, error: 'validation', message: 'JSON attendu : {"type":"form-start","path":"/…/"}.' }, 422);
    }
    if (!edge.audience || isBot(c.req.header('user-agent'))) return c.body(null, 204);
    const limit = await edge.store.rateLimit(`measure:${addressBucket(edge.clientAddress(c))}`, 120, 3600, Math.floor(edge.now().getTime() / 1000));
    if (!limit.allowed) return c.body(null, 204);
    await edge.audience.formStart({ day: parisDay(edge.now()), path: body.path, visitorKey: `${edge.clientAddress(c) ?? ''}|${c.req.header('user-agent') ?? ''}` });
    return c.body(null, 204);
  });

  app.post('/api/ab/click', bodyCap(edge.limits.smallBodyBytes, 'un clic mesuré'), async (c) => {
    c.header('Cache-Control', 'no-store');
    if (!sameOrigin(c)) return c.body(null, 204);
    const body = await read(await c.req.text());
    const experiment = runningWebExperiments(edge.experiments).find((e) => e.key === body?.experiment && (e as { metric?: string }).metric === 'click-rate');
    if (!experiment) return c.json({ ok: false, error: 'validation', message: 'experiment : clé d’un test en cours mesuré au clic attendue.' }, 422);
    const cookies = parseCookies(c.req.header('cookie'));
    const visitor = cookies[CONSENT_COOKIE] === 'accept' ? await readVisitor(edge.secrets.formSecret, cookies[VISITOR_COOKIE]) : null;
    if (visitor && !isBot(c.req.header('user-agent'))) await edge.store.clickUnit(experiment.key, await abUnit(edge.secrets.formSecret, visitor), edge.now().toISOString().slice(0, 10));
    return c.body(null, 204);
  });
  return app;
}
