// The edge function: one Hono app, built from injected dependencies, that runs on Node
// (src/edge/node.ts) and on Cloudflare Workers (src/edge/worker.ts). No node:* import here.
import { Hono, type Context } from 'hono';
import type { Store } from './store/types';
import type { Marketing } from '../marketing/config';
import { FIELD_LABELS, normalizeEmail, parseLead } from '../marketing/lead-forms';
import { scoreLead } from '../marketing/scoring';
import { segmentOf } from '../marketing/segments';
import { checkFormToken, issueFormToken } from './form-token';
import {
  assign,
  CONSENT_COOKIE,
  experimentsForPage,
  isControl,
  isCrawler,
  parseCookies,
  variantFile,
  VISITOR_COOKIE,
  VISITOR_COOKIE_MAX_AGE,
  type WebExperiment,
} from './experiments';
import { withSecurityHeaders } from './security';
import { errorPage, infoPage, validationPage } from './responses';
import { normalizePath } from '../marketing/scoring';
import { CONSENT_MAX_AGE, LEAD_COOKIE, LEAD_MARK_COOKIE } from './cookies';
import { CONSENT_TEXT, CONSENT_TEXT_VERSION, TRACKING_TEXT, TRACKING_TEXT_VERSION } from './consent-text';
import { emailHash, safeEqual, signLead, verifyLead } from './signing';
import type { EmailTemplate } from '../automation/templates';
import type { Automation } from '../automation/engine';

export { emailHash };

/** 1×1 transparent GIF (open pixel). */
const PIXEL = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (ch) => ch.charCodeAt(0));

export interface RulesSnapshot {
  marketing: Marketing;
  trainings: string[];
  webinars: string[];
  trainingTitles: Record<string, string>;
  emails: EmailTemplate[];
}

export interface AppDeps {
  store: Store;
  /** Static files of the build (dist/): Workers ASSETS binding or a Node file server. */
  assets: { fetch(request: Request): Promise<Response> };
  rules: RulesSnapshot;
  clock?: () => Date;
  secrets: { formSecret: string; adminToken?: string };
  limits?: Partial<typeof DEFAULT_LIMITS>;
  /** The marketing-automation engine (triggers, tracking, unsubscribe). */
  automation?: Automation;
}

export const DEFAULT_LIMITS = {
  bodyBytes: 16 * 1024,
  minFillMs: 2_000,
  tokenMaxAgeMs: 24 * 60 * 60 * 1000,
  perIp: { limit: 20, windowSeconds: 600 },
  perEmail: { limit: 5, windowSeconds: 3600 },
};

const ACCEPTED_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'];

function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'local';
}

function wantsJson(c: Context): boolean {
  return (c.req.header('content-type') ?? '').startsWith('application/json') || (c.req.header('accept') ?? '').includes('application/json');
}

function sameOrigin(c: Context): boolean {
  const self = new URL(c.req.url).origin;
  const origin = c.req.header('origin');
  if (origin) return origin === self;
  const site = c.req.header('sec-fetch-site');
  if (site) return site === 'same-origin';
  const referer = c.req.header('referer');
  return Boolean(referer && new URL(referer).origin === self);
}

export function createApp(deps: AppDeps) {
  const app = new Hono();
  const now = deps.clock ?? (() => new Date());
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const experiments = deps.rules.marketing.experiments as unknown as WebExperiment[];
  const knownTrainings = new Set(deps.rules.trainings);
  const knownWebinars = new Set(deps.rules.webinars);

  app.use('*', async (c, next) => {
    await next();
    c.res = withSecurityHeaders(c.res);
  });

  /** An error for a person: JSON for scripts, a small French page for plain forms. */
  const fail = (c: Context, status: 400 | 403 | 404 | 413 | 415 | 429 | 503, code: string, message: string, headers: Record<string, string> = {}) => {
    for (const [k, v] of Object.entries(headers)) c.header(k, v);
    c.header('Cache-Control', 'no-store');
    if (wantsJson(c)) return c.json({ ok: false, error: code, message }, status);
    return c.html(errorPage('Votre demande n’a pas pu être envoyée', message, c.req.header('referer') ?? '/'), status);
  };

  app.get('/api/health', async (c) => {
    c.header('Cache-Control', 'no-store');
    const store = await deps.store.health().catch(() => false);
    return c.json({ ok: store, store: store ? 'reachable' : 'unreachable', time: now().toISOString() }, store ? 200 : 503);
  });

  app.get('/api/form-token', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ token: await issueFormToken(deps.secrets.formSecret, now().getTime()) });
  });

  // Consent choice without JavaScript (the banner's script sets the same cookie).
  app.post('/api/consent', async (c) => {
    if (!sameOrigin(c)) return fail(c, 403, 'origin', 'Requête refusée : elle ne vient pas de ce site.');
    const form = await c.req.parseBody();
    const choice = form.choice === 'accept' ? 'accept' : 'refuse';
    c.header('Set-Cookie', `${CONSENT_COOKIE}=${choice}; Path=/; Max-Age=${CONSENT_MAX_AGE}; SameSite=Lax; Secure`);
    if (choice === 'refuse') {
      for (const name of [VISITOR_COOKIE, LEAD_COOKIE, LEAD_MARK_COOKIE]) c.header('Set-Cookie', `${name}=; Path=/; Max-Age=0; SameSite=Lax; Secure`, { append: true });
    }
    const back = c.req.header('referer');
    const target = back && new URL(back).origin === new URL(c.req.url).origin ? new URL(back).pathname : '/';
    return c.redirect(target, 303);
  });

  app.post('/api/leads', async (c) => {
    // Every check runs before any write.
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!ACCEPTED_TYPES.includes(type)) return fail(c, 415, 'content-type', `Type de contenu non accepté (${type || 'absent'}) : formulaire ou JSON attendu.`);
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > limits.bodyBytes) return fail(c, 413, 'body-size', 'Les données envoyées sont trop volumineuses.');
    if (!sameOrigin(c)) return fail(c, 403, 'origin', 'Requête refusée : elle ne vient pas de ce site.');

    const raw = await c.req.raw.clone().arrayBuffer();
    if (raw.byteLength > limits.bodyBytes) return fail(c, 413, 'body-size', 'Les données envoyées sont trop volumineuses.');
    let values: Record<string, string>;
    try {
      if (type === 'application/json') {
        const parsed = JSON.parse(new TextDecoder().decode(raw)) as Record<string, unknown>;
        values = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'boolean' ? (v ? 'yes' : '') : String(v ?? '')]));
      } else {
        const body = await c.req.parseBody();
        values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      }
    } catch {
      return fail(c, 400, 'body', 'Les données envoyées sont illisibles.');
    }

    const current = now();
    const success = (duplicate: boolean) => {
      c.header('Cache-Control', 'no-store');
      const thanks = `/merci/?demande=${encodeURIComponent(values.kind ?? '')}`;
      if (wantsJson(c)) return c.json({ ok: true, duplicate, redirect: thanks }, 201);
      return c.redirect(thanks, 303);
    };
    // Honeypot: a robot filled the hidden field. It is told "thank you" and nothing is stored.
    if (values.website) return success(false);

    const token = await checkFormToken(values.formToken, deps.secrets.formSecret, current.getTime(), { minFillMs: limits.minFillMs, maxAgeMs: limits.tokenMaxAgeMs });
    if (!token.ok && token.reason === 'too-fast') {
      return fail(c, 429, 'too-fast', 'Formulaire envoyé trop vite : patientez quelques secondes puis renvoyez-le.', { 'Retry-After': String(Math.ceil(limits.minFillMs / 1000)) });
    }
    if (!token.ok) return fail(c, 403, `token-${token.reason}`, 'Ce formulaire a expiré ou n’est pas valide : rechargez la page, puis renvoyez-le.');

    const nowSeconds = Math.floor(current.getTime() / 1000);
    const ipLimit = await deps.store.rateLimit(`ip:${clientIp(c)}`, limits.perIp.limit, limits.perIp.windowSeconds, nowSeconds);
    if (!ipLimit.allowed) return fail(c, 429, 'rate-ip', 'Trop de demandes envoyées depuis votre connexion : réessayez plus tard.', { 'Retry-After': String(ipLimit.retryAfter) });

    const parsed = parseLead(values, { knownTrainings, knownWebinars });
    if (!parsed.ok) {
      c.header('Cache-Control', 'no-store');
      if (wantsJson(c)) return c.json({ ok: false, error: 'validation', errors: parsed.errors }, 422);
      const fresh = await issueFormToken(deps.secrets.formSecret, current.getTime() - limits.minFillMs);
      return c.html(validationPage({ errors: parsed.errors, values, labels: FIELD_LABELS, token: fresh, back: values.landingPage || '/' }), 422);
    }
    const lead = parsed.lead;
    const emailLimit = await deps.store.rateLimit(`email:${await emailHash(lead.email)}`, limits.perEmail.limit, limits.perEmail.windowSeconds, nowSeconds);
    if (!emailLimit.allowed) return fail(c, 429, 'rate-email', 'Trop de demandes pour cette adresse e-mail : réessayez plus tard.', { 'Retry-After': String(emailLimit.retryAfter) });

    const idempotencyKey = values.formToken!;
    if (await deps.store.findEventByIdempotencyKey(idempotencyKey)) return success(true);

    const existing = await deps.store.findLeadByEmail(lead.email);
    const merged = {
      firstName: lead.firstName,
      lastName: lead.lastName ?? existing?.lastName ?? null,
      phone: lead.phone ?? existing?.phone ?? null,
      situation: lead.situation ?? existing?.situation ?? null,
      ageBracket: lead.ageBracket ?? existing?.ageBracket ?? null,
      birthYear: lead.birthYear ?? existing?.birthYear ?? null,
      region: lead.region ?? existing?.region ?? null,
      company: lead.company ?? existing?.company ?? null,
      companySize: lead.companySize ?? existing?.companySize ?? null,
    };
    const createdAt = existing?.createdAt ?? current.toISOString();
    const profile = {
      kind: lead.kind,
      ageBracket: merged.ageBracket ?? undefined,
      birthYear: merged.birthYear ?? undefined,
      situation: merged.situation ?? undefined,
      region: merged.region ?? undefined,
      companySize: merged.companySize ?? undefined,
      createdAt: new Date(createdAt),
      // E-mail engagement is unknown at capture (the person is active right now).
      lastOpenAt: undefined,
    } as Parameters<typeof scoreLead>[0];
    const kinds = [...(existing ? await deps.store.eventKinds(existing.id) : []), lead.kind];
    const events = kinds.filter((k) => k === 'guide').map(() => ({ type: 'guide-download' }));
    const score = scoreLead(profile, events, deps.rules.marketing.leadScoring, current);
    const segment = segmentOf(profile, deps.rules.marketing.segments, current);
    const attribution = Object.fromEntries(
      (['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'gclid', 'ref', 'referrer', 'landingPage'] as const)
        .filter((k) => lead[k])
        .map((k) => [k, String(lead[k])]),
    );
    const saved = await deps.store.saveSubmission({
      lead: {
        id: existing?.id ?? crypto.randomUUID(),
        email: lead.email,
        ...merged,
        segment,
        score: score.score,
        temperature: score.temperature,
        // A new "no" never withdraws an earlier "yes" silently: withdrawal is the unsubscribe link.
        consentMarketing: lead.consentMarketing || Boolean(existing?.consentMarketing),
        consentTracking: lead.consentTracking || Boolean(existing?.consentTracking),
        createdAt,
        updatedAt: current.toISOString(),
      },
      event: { kind: lead.kind, training: lead.training ?? null, webinar: lead.webinar ?? null, message: lead.message ?? null, attribution, idempotencyKey },
      consent: { purpose: 'marketing-email', granted: lead.consentMarketing, textVersion: CONSENT_TEXT_VERSION, text: CONSENT_TEXT, form: lead.kind, page: lead.landingPage ?? null },
      tracking: { purpose: 'engagement-tracking', granted: lead.consentTracking, textVersion: TRACKING_TEXT_VERSION, text: TRACKING_TEXT, form: lead.kind, page: lead.landingPage ?? null },
      resubscribeHash: lead.consentMarketing ? await emailHash(lead.email) : undefined,
      now: current.toISOString(),
    });
    if (deps.automation && !saved.duplicate) {
      // The lead is stored whatever happens here; a scheduling error is logged, not shown.
      await deps.automation.onSubmission(saved.leadId, lead.kind, current, saved.eventId).catch((error) => console.error('automation:', error));
      // The score above counts the forms only: add back the e-mail and site engagement of a returning lead.
      await deps.automation.rescore(saved.leadId, current).catch((error) => console.error('automation:', error));
    }
    const cookies = parseCookies(c.req.header('cookie'));
    if (lead.consentTracking && cookies[CONSENT_COOKIE] === 'accept') await identify(c, saved.leadId);

    // Anonymous A/B conversion count for the page the form was on (never linked to the lead).
    const page = lead.landingPage ?? '';
    if (cookies[VISITOR_COOKIE] && cookies[CONSENT_COOKIE] === 'accept') {
      const pageExperiments = experimentsForPage(experiments, page);
      const assignment = assign(pageExperiments, cookies[VISITOR_COOKIE]);
      for (const [experiment, variant] of Object.entries(assignment)) await deps.store.countAb(experiment, variant, current.toISOString().slice(0, 10), 'conversions');
    }
    return success(false);
  });

  app.get('/api/admin/leads', async (c) => {
    c.header('Cache-Control', 'no-store');
    if (!isAdmin(c)) return unauthorized(c);
    const days = Number(/^(\d+)d$/.exec(c.req.query('since') ?? '7d')?.[1] ?? 7);
    const leads = await deps.store.listLeads(new Date(now().getTime() - days * 86_400_000).toISOString());
    if (c.req.query('format') === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      return c.body(toCsv(leads));
    }
    return c.json({ ok: true, leads });
  });

  /** Identification of a lead who accepted engagement tracking (and the banner's cookies). */
  async function identify(c: Context, leadId: string) {
    const token = await signLead(deps.secrets.formSecret, 'identify', leadId);
    c.header('Set-Cookie', `${LEAD_COOKIE}=${token}; Path=/; Max-Age=${VISITOR_COOKIE_MAX_AGE}; SameSite=Lax; Secure; HttpOnly`, { append: true });
    c.header('Set-Cookie', `${LEAD_MARK_COOKIE}=1; Path=/; Max-Age=${VISITOR_COOKIE_MAX_AGE}; SameSite=Lax; Secure`, { append: true });
  }

  const isAdmin = (c: Context) => {
    const expected = deps.secrets.adminToken;
    const given = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
    return Boolean(expected && given && safeEqual(given, expected));
  };
  const unauthorized = (c: Context) => c.json({ ok: false, error: 'unauthorized', message: 'Jeton d’administration manquant ou invalide.' }, 401);
  const noAutomation = (c: Context) => c.json({ ok: false, error: 'automation', message: 'Automatisation non configurée.' }, 503);

  // Click tracking: short links of our e-mails redirect to their target (our site's pages).
  app.get('/r/:token', async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    const hit = deps.automation ? await deps.automation.click(c.req.param('token'), now()) : null;
    if (!hit) return c.html(infoPage('Lien inconnu', 'Ce lien n’existe pas ou n’est plus valable : la page que vous cherchez est peut-être sur notre site.'), 404);
    const lead = await deps.store.findLeadById(hit.leadId);
    if (lead?.consentTracking && parseCookies(c.req.header('cookie'))[CONSENT_COOKIE] === 'accept') await identify(c, hit.leadId);
    return c.redirect(hit.url, 302);
  });

  // Open pixel (only in e-mails to leads who accepted engagement tracking).
  app.get('/api/o/:token', async (c) => {
    if (deps.automation) await deps.automation.open(c.req.param('token'), now());
    return c.body(PIXEL, 200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store, private' });
  });

  // Unsubscribe: the link in every e-mail (GET, then a confirmation page) and RFC 8058 one-click
  // POST from the mail client (List-Unsubscribe-Post: List-Unsubscribe=One-Click).
  /** Whether the link was valid. An erased lead's link is valid too: there is nothing left to send. */
  const unsubscribe = async (c: Context, source: string): Promise<boolean> => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    const leadId = await verifyLead(deps.secrets.formSecret, 'unsubscribe', c.req.param('token'));
    if (!leadId) return false;
    await deps.automation?.unsubscribe(leadId, now(), source);
    return true;
  };
  app.get('/api/unsubscribe/:token', async (c) => {
    if (!(await unsubscribe(c, 'lien de désabonnement'))) {
      return c.html(errorPage('Lien de désabonnement invalide', 'Ce lien n’est pas valide. Écrivez-nous depuis la page contact : nous vous désabonnerons.', '/contact/'), 400);
    }
    return c.html(infoPage('Votre désabonnement est confirmé', 'Vous ne recevrez plus nos e-mails de conseils et d’offres, ni aucun des e-mails qui étaient programmés. Vous pouvez vous réabonner à tout moment depuis un formulaire du site.'));
  });
  app.post('/api/unsubscribe/:token', async (c) => {
    if (await unsubscribe(c, 'désabonnement en un clic (RFC 8058)')) return c.body(null, 204);
    return c.json({ ok: false, error: 'token', message: 'Lien de désabonnement invalide.' }, 400);
  });

  // Site behaviour of identified leads who accepted tracking: a tiny beacon (src/lib/beacon-client.ts).
  app.post('/api/events', async (c) => {
    c.header('Cache-Control', 'no-store');
    if (!sameOrigin(c)) return c.json({ ok: false, error: 'origin', message: 'Requête refusée : elle ne vient pas de ce site.' }, 403);
    const cookies = parseCookies(c.req.header('cookie'));
    if (cookies[CONSENT_COOKIE] !== 'accept' || !deps.automation) return c.body(null, 204);
    const leadId = await verifyLead(deps.secrets.formSecret, 'identify', cookies[LEAD_COOKIE]);
    const lead = leadId ? await deps.store.findLeadById(leadId) : null;
    if (!lead?.consentTracking) return c.body(null, 204);
    let body: { type?: unknown; path?: unknown; seconds?: unknown };
    try {
      const raw = await c.req.text();
      if (raw.length > 1024) return c.json({ ok: false, error: 'body-size', message: 'Données trop volumineuses.' }, 413);
      body = JSON.parse(raw);
    } catch {
      return c.json({ ok: false, error: 'body', message: 'JSON attendu : {"type":"page-view","path":"/…/"} ou {"type":"session","seconds":N}.' }, 400);
    }
    const limit = await deps.store.rateLimit(`events:${lead.id}`, 120, 3600, Math.floor(now().getTime() / 1000));
    if (!limit.allowed) return c.json({ ok: false, error: 'rate', message: 'Trop d’événements.' }, 429);
    if (body.type === 'page-view' && typeof body.path === 'string' && /^\/[\w\-/.]{0,200}$/.test(body.path)) {
      await deps.automation.onSiteEvent(lead.id, { type: 'page-view', path: normalizePath(body.path) }, now());
    } else if (body.type === 'session' && typeof body.seconds === 'number' && body.seconds >= 0 && body.seconds <= 86_400) {
      await deps.automation.onSiteEvent(lead.id, { type: 'session', seconds: Math.round(body.seconds) }, now());
    } else {
      return c.json({ ok: false, error: 'validation', message: 'type : « page-view » avec path (chemin du site) ou « session » avec seconds (0 à 86 400).' }, 422);
    }
    return c.body(null, 204);
  });

  // Sales team: callback tasks, completed enrolments, Email_Subject results.
  app.get('/api/admin/tasks', async (c) => {
    c.header('Cache-Control', 'no-store');
    if (!isAdmin(c)) return unauthorized(c);
    if (!deps.automation) return noAutomation(c);
    return c.json({ ok: true, tasks: await deps.automation.tasks() });
  });
  app.post('/api/admin/tasks/:id/done', async (c) => {
    if (!isAdmin(c)) return unauthorized(c);
    if (!deps.automation) return noAutomation(c);
    const ok = await deps.automation.completeTask(c.req.param('id'), now());
    return ok ? c.json({ ok: true }) : c.json({ ok: false, error: 'not-found', message: 'Tâche inconnue ou déjà faite.' }, 404);
  });
  app.post('/api/admin/enrolments', async (c) => {
    if (!isAdmin(c)) return unauthorized(c);
    if (!deps.automation) return noAutomation(c);
    const { email } = (await c.req.json().catch(() => ({}))) as { email?: string };
    const lead = typeof email === 'string' ? await deps.store.findLeadByEmail(normalizeEmail(email)) : null;
    if (!lead) return c.json({ ok: false, error: 'not-found', message: 'email : aucune personne avec cette adresse.' }, 404);
    await deps.automation.completeEnrolment(lead.id, now());
    return c.json({ ok: true });
  });
  app.get('/api/admin/email-stats', async (c) => {
    c.header('Cache-Control', 'no-store');
    if (!isAdmin(c)) return unauthorized(c);
    if (!deps.automation) return noAutomation(c);
    return c.json({ ok: true, experiments: await deps.automation.experimentStats() });
  });

  app.all('/api/*', (c) => fail(c, 404, 'not-found', 'Adresse d’API inconnue.'));

  // Pages: A/B variants without flicker, and a fresh form token in every form.
  app.get('*', async (c) => {
    const url = new URL(c.req.url);
    if (url.pathname.startsWith('/_variants/')) return c.notFound();
    const cookies = parseCookies(c.req.header('cookie'));
    const pageExperiments = experimentsForPage(experiments, url.pathname);
    let response: Response;
    const headers: [string, string][] = [];
    // Variants and their cookie only with the visitor's consent (banner): otherwise the control,
    // no cookie, no count.
    if (pageExperiments.length && cookies[CONSENT_COOKIE] === 'accept') {
      let visitor = cookies[VISITOR_COOKIE];
      if (!visitor || !/^[0-9a-f-]{36}$/.test(visitor)) {
        visitor = crypto.randomUUID();
        headers.push(['Set-Cookie', `${VISITOR_COOKIE}=${visitor}; Path=/; Max-Age=${VISITOR_COOKIE_MAX_AGE}; SameSite=Lax; Secure; HttpOnly`]);
      }
      const assignment = assign(pageExperiments, visitor);
      response = isControl(pageExperiments, assignment)
        ? await deps.assets.fetch(c.req.raw)
        : await deps.assets.fetch(new Request(new URL(variantFile(url.pathname, assignment), url), c.req.raw));
      if (!isCrawler(c.req.header('user-agent')) && response.status === 200) {
        const day = now().toISOString().slice(0, 10);
        await Promise.all(Object.entries(assignment).map(([e, v]) => deps.store.countAb(e, v, day, 'exposures')));
      }
      headers.push(['Cache-Control', 'private, no-cache']);
    } else {
      response = await deps.assets.fetch(c.req.raw);
      if (pageExperiments.length) {
        headers.push(['Cache-Control', 'private, no-cache']);
        if (cookies[VISITOR_COOKIE]) headers.push(['Set-Cookie', `${VISITOR_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; Secure; HttpOnly`]);
      }
    }
    if ((response.headers.get('content-type') ?? '').includes('text/html')) {
      let html = await response.text();
      // A stored cookie choice: the banner is not shown (it is visible by default, for the first paint).
      if (cookies[CONSENT_COOKIE] === 'accept' || cookies[CONSENT_COOKIE] === 'refuse') html = html.replace(' data-consent-banner', ' data-consent-banner hidden');
      if (html.includes('data-form-token')) {
        const token = await issueFormToken(deps.secrets.formSecret, now().getTime());
        html = html.replaceAll('value="" data-form-token', `value="${token}" data-form-token`);
        if (!headers.some(([k]) => k === 'Cache-Control')) headers.push(['Cache-Control', 'private, no-store']);
      }
      response = new Response(html, response);
      // The body changed: the file's length no longer applies.
      response.headers.delete('content-length');
    } else {
      response = new Response(response.body, response);
    }
    for (const [name, value] of headers) response.headers.append(name, value);
    if (headers.some(([k]) => k === 'Cache-Control')) response.headers.set('Cache-Control', headers.filter(([k]) => k === 'Cache-Control').at(-1)![1]);
    return response;
  });

  return app;
}

function toCsv(rows: object[]): string {
  if (!rows.length) return '';
  const columns = Object.keys(rows[0]);
  const cell = (v: unknown) => {
    const s = v == null ? '' : String(v);
    return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((k) => cell((r as Record<string, unknown>)[k])).join(','))].join('\n') + '\n';
}
