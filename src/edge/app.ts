// The edge function: one Hono app, built from injected dependencies, that runs on Node
// (src/edge/node.ts) and on Cloudflare Workers (src/edge/worker.ts). No node:* import here, and no
// route logic: each concern is a route module of src/edge/routes/, mounted below.
import { Hono, type Context, type Next } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { resolveDeps, type AppDeps } from './deps';
import { withSecurityHeaders } from './security';
import { fail } from './http/respond';
import { healthRoutes } from './routes/health';
import { consentRoutes } from './routes/consent';
import { leadRoutes } from './routes/leads';
import { eventRoutes } from './routes/events';
import { emailLinkRoutes } from './routes/email-links';
import { adminApiRoutes } from './routes/admin-api';
import { webinarRoutes } from './routes/webinars';
import { measureRoutes } from './routes/measure';
import { consoleRoutes } from './routes/console';
import { assistantRoutes } from './routes/assistant';
import { whatsappRoutes } from './routes/whatsapp';
import { partnerRoutes } from './routes/partners';
import { socialRoutes } from './routes/social';
import { cmsRoutes } from './routes/cms';
import { notFoundPage, pageRoutes } from './routes/pages';
import { EDGE_PAGE_ATTRIBUTE, EDGE_TEMPLATE_PATH, inLayout, prepareTemplate } from './edge-layout';
import { parseCookies } from './http/cookies';
import { CONSENT_COOKIE } from './cookies';

export type { AppDeps, RulesSnapshot } from './deps';
export { emailHash } from './signing';
export { DEFAULT_LIMITS } from './limits';

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Every API path and the methods it takes (the route modules): others answer 405 with Allow. */
const API_METHODS: [string, string[]][] = [
  ['/api/health', ['GET']],
  ['/api/form-token', ['GET']],
  ['/api/consent', ['POST']],
  ['/api/leads', ['POST']],
  ['/api/events', ['POST']],
  ['/api/m', ['POST']],
  ['/api/ab/click', ['POST']],
  ['/api/assistant/unanswered', ['POST']],
  ['/api/o/:token', ['GET']],
  ['/api/unsubscribe/:token', ['GET', 'POST']],
  ['/api/confirm/:token', ['GET', 'POST']],
  ['/api/webinars/cancel/:token', ['GET', 'POST']],
  ['/api/admin/leads', ['GET']],
  ['/api/admin/tasks', ['GET']],
  ['/api/admin/tasks/:id/done', ['POST']],
  ['/api/admin/enrolments', ['POST']],
  ['/api/admin/email-stats', ['GET']],
  ['/api/whatsapp', ['GET', 'POST']],
  ['/api/calendrier-social/:file', ['GET']],
  ['/api/cms/auth', ['GET']],
  ['/api/cms/callback', ['GET']],
];

export function createApp(deps: AppDeps) {
  const edge = resolveDeps(deps);
  const app = new Hono();

  app.use('*', async (c, next) => {
    if (edge.publicOrigin) (c.set as (key: string, value: unknown) => void)('publicOrigin', edge.publicOrigin);
    await next();
    c.res = withSecurityHeaders(c.res, new URL(c.req.url).pathname);
  });

  // The edge's own HTML pages (errors, confirmations: src/edge/responses.ts) in the site's layout,
  // from the template the build writes (src/edge/edge-layout.ts), read at each use (always the
  // current build's stylesheet). Without it they keep their small shell. They are answered under
  // /api/ (forms, e-mail links), /r/ (tracked links) and /partenaires/ (a partner's private page).
  const inSiteLayout = async (c: Context, next: Next) => {
    await next();
    if (!(c.res.headers.get('content-type') ?? '').startsWith('text/html') || !c.res.body) return;
    const page = await c.res.clone().text();
    if (!page.includes(EDGE_PAGE_ATTRIBUTE)) return;
    const res = await edge.assets.fetch(new Request(new URL(EDGE_TEMPLATE_PATH, c.req.url), { method: 'GET' })).catch(() => null);
    const template = res?.ok && (res.headers.get('content-type') ?? '').startsWith('text/html') ? prepareTemplate(await res.text()) : null;
    let html = template ? inLayout(template, page) : null;
    if (!html) return;
    // A stored cookie choice: no banner (as on the site's pages, src/edge/routes/pages.ts).
    const choice = parseCookies(c.req.header('cookie'))[CONSENT_COOKIE];
    if (choice === 'accept' || choice === 'refuse') html = html.replace(' data-consent-banner', ' data-consent-banner hidden');
    const headers = new Headers(c.res.headers);
    headers.delete('content-length');
    c.res = new Response(html, { status: c.res.status, headers });
  };
  app.use('/api/*', inSiteLayout);
  app.use('/r/*', inSiteLayout);
  app.use('/partenaires/*', inSiteLayout);

  app.route('/', healthRoutes(edge));
  app.route('/', consentRoutes(edge));
  app.route('/', leadRoutes(edge));
  app.route('/', eventRoutes(edge));
  app.route('/', emailLinkRoutes(edge));
  app.route('/', adminApiRoutes(edge));
  app.route('/', webinarRoutes(edge));
  app.route('/', measureRoutes(edge));
  app.route('/', assistantRoutes(edge));
  app.route('/', consoleRoutes(edge));
  app.route('/', whatsappRoutes(edge));
  app.route('/', partnerRoutes(edge));
  app.route('/', socialRoutes(edge));
  app.route('/', cmsRoutes(edge));

  // An API path that exists with another method: 405 with the methods it takes; otherwise 404.
  for (const [path, methods] of API_METHODS) {
    const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
    app.on(ALL_METHODS.filter((m) => !allow.includes(m)), path, (c) =>
      fail(c, 405, 'method', `Méthode ${c.req.method} non acceptée à cette adresse : ${allow.join(', ')} attendu.`, { Allow: allow.join(', ') }),
    );
  }
  app.all('/api/*', (c) => fail(c, 404, 'not-found', 'Adresse d’API inconnue.'));
  app.route('/', pageRoutes(edge));
  app.all('*', (c) => fail(c, 405, 'method', `Méthode ${c.req.method} non acceptée : cette adresse ne s’ouvre qu’en GET.`, { Allow: 'GET, HEAD' }));
  app.notFound((c) => notFoundPage(edge, c.req.raw));

  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    console.error('edge error:', error);
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: false, error: 'server', message: 'Erreur du serveur : votre demande n’a pas été traitée, réessayez dans un instant.' }, 500);
  });

  return app;
}
