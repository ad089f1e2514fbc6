// The team's token-protected API (Authorization: Bearer $ADMIN_TOKEN): sales export (with each
// lead's first and last non-direct touch), callback tasks, completed enrolments, Email_Subject results. Never cached.
import { Hono, type Context } from 'hono';
import type { Edge } from '../deps';
import { bodyCap } from '../http/body';
import { safeEqual } from '../signing';
import { toCsv } from '../../lib/csv';
import { normalizeEmail } from '../../marketing/lead-forms';
import { parseSince } from '../../lib/period';
import { flattenTouches } from '../../marketing/attribution';

export function adminApiRoutes(edge: Edge) {
  const app = new Hono();
  const isAdmin = (c: Context) => {
    const expected = edge.secrets.adminToken;
    const m = /^Bearer ([\x21-\x7e]+)$/.exec(c.req.header('authorization') ?? '');
    return Boolean(expected && m && safeEqual(m[1]!, expected));
  };
  const unauthorized = (c: Context) => c.json({ ok: false, error: 'unauthorized', message: 'Authorization : « Bearer <jeton> » attendu, jeton d’administration manquant ou invalide.' }, 401);
  const noAutomation = (c: Context) => c.json({ ok: false, error: 'automation', message: 'Automatisation non configurée.' }, 503);

  app.use('/api/admin/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    if (!isAdmin(c)) return unauthorized(c);
    await next();
  });

  app.get('/api/admin/leads', async (c) => {
    const days = parseSince(c.req.query('since'));
    if (days === null) return c.json({ ok: false, error: 'since', message: 'since : nombre de jours attendu, de 1d à 3650d (par exemple 7d).' }, 400);
    const format = c.req.query('format') ?? 'json';
    if (format !== 'json' && format !== 'csv') return c.json({ ok: false, error: 'format', message: 'format : « json » ou « csv » attendu.' }, 400);
    const leads = await edge.store.listLeads(new Date(edge.now().getTime() - days * 86_400_000).toISOString());
    if (format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="leads-${edge.now().toISOString().slice(0, 10)}.csv"`);
      // First and last non-direct touch as columns (firstTouch_*, lastTouch_*); the JSON keeps them as objects.
      return c.body(toCsv(leads.map(flattenTouches)));
    }
    return c.json({ ok: true, leads });
  });

  app.get('/api/admin/tasks', async (c) => {
    if (!edge.automation) return noAutomation(c);
    return c.json({ ok: true, tasks: await edge.automation.tasks() });
  });
  app.post('/api/admin/tasks/:id/done', bodyCap(edge.limits.smallBodyBytes, 'une tâche'), async (c) => {
    if (!edge.automation) return noAutomation(c);
    const ok = await edge.automation.completeTask(c.req.param('id'), edge.now());
    return ok ? c.json({ ok: true }) : c.json({ ok: false, error: 'not-found', message: 'Tâche inconnue ou déjà faite.' }, 404);
  });
  app.post('/api/admin/enrolments', bodyCap(edge.limits.smallBodyBytes, 'une inscription'), async (c) => {
    if (!edge.automation) return noAutomation(c);
    const body = (await c.req.json().catch(() => null)) as { email?: unknown } | null;
    if (!body || typeof body.email !== 'string') return c.json({ ok: false, error: 'email', message: 'email : adresse e-mail attendue (texte), par exemple {"email": "x@exemple.fr"}.' }, 422);
    const lead = await edge.store.findLeadByEmail(normalizeEmail(body.email));
    if (!lead) return c.json({ ok: false, error: 'not-found', message: 'email : aucune personne avec cette adresse.' }, 404);
    await edge.automation.completeEnrolment(lead.id, edge.now());
    return c.json({ ok: true });
  });
  app.get('/api/admin/email-stats', async (c) => {
    if (!edge.automation) return noAutomation(c);
    return c.json({ ok: true, experiments: await edge.automation.experimentStats() });
  });
  return app;
}
