// Pages: A/B variants without flicker, a fresh form token in every form, the landing's attribution
// in its forms' hidden fields, the cookie banner hidden once a choice is stored, the campaign in
// force in the page's slots (src/edge/campaigns.ts). Paths are normalised first: the prebuilt
// variants and the CDN's configuration files are never served however the path is spelled (%5F,
// //, %2f, case).
import { Hono } from 'hono';
import type { Edge } from '../deps';
import { parseCookies, setCookie } from '../http/cookies';
import { sameOriginPath } from '../http/redirect';
import { experimentsForPage, assign, isControl, isCrawler, variantFile } from '../experiments';
import { abUnit, issueVisitor, readVisitor } from '../identity';
import { addressBucket } from '../http/client-address';
import { issueFormToken } from '../form-token';
import { fillLandingAttribution } from '../landing-attribution';
import { CONSENT_COOKIE, VISIT_COOKIE, VISIT_SECONDS, VISITOR_COOKIE } from '../cookies';
import { parisDay } from '../../lib/calendar';
import { applyCampaigns, bodyTag, campaignsOf, tagMatches, unconditional } from '../campaigns';
import { clearPreview, PREVIEW_COOKIE, readPreview } from '../preview';
import { deviceClass, isBot, isTrainingPage, referrerDomain } from '../../marketing/audience';
import { applyReferral, INVITATION_PATH, pageReferral } from '../referral';
import type { Context } from 'hono';

/** A person's page view: not a robot, not a prefetch or prerender. */
function measurable(c: Context): boolean {
  const purpose = `${c.req.header('sec-purpose') ?? ''} ${c.req.header('purpose') ?? ''}`;
  return !isBot(c.req.header('user-agent')) && !/prefetch|prerender/i.test(purpose);
}

/** Paths of dist/ that are build internals, not pages: variants, the edge pages' template, CDN configuration. */
const HIDDEN = /^\/(?:_variants(?:\/|$)|_edge(?:\/|$)|_headers$|_redirects$|_routes\.json$)/i;

/** The decoded path with `\` as `/`, slashes collapsed and dot-segments resolved; null when it does not decode. */
export function canonicalPath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const collapsed = decoded.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  // RFC 3986 §5.2.4: `/x/../_variants/` is `/_variants/` (the file server would resolve it too).
  return new URL(collapsed.replace(/[?#]/g, encodeURIComponent), 'http://x').pathname;
}

/** The site's own 404 page (French), with status 404. */
export async function notFoundPage(edge: Edge, request: Request): Promise<Response> {
  const res = await edge.assets.fetch(new Request(new URL('/404.html', request.url), { method: 'GET' }));
  return new Response(res.ok ? res.body : '<!doctype html><html lang="fr"><title>Page introuvable</title><h1>Page introuvable</h1></html>', {
    status: 404,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' },
  });
}

export function pageRoutes(edge: Edge) {
  const app = new Hono();
  app.on(['GET', 'HEAD'], '*', async (c) => {
    const url = new URL(c.req.url);
    const path = canonicalPath(url.pathname);
    if (path === null) return c.html('<!doctype html><html lang="fr"><title>Adresse invalide</title><p>Adresse invalide.</p></html>', 400);
    if (HIDDEN.test(path)) return notFoundPage(edge, c.req.raw);
    // `//x`, `/\x` or encoded dot-segments: redirected to their canonical form on this site (the
    // asset server's own redirects would otherwise read `//x` as another host).
    if (/\/\/|\\|%5c|%2e|%2f|\/\.\.?(\/|$)/i.test(url.pathname) && path !== url.pathname) {
      return c.redirect(sameOriginPath(`${path}${url.search}`, url.origin), 308);
    }

    const cookies = parseCookies(c.req.header('cookie'));
    // A partner's code (/parrainage/CODE/, ?ref=, the consented cookie): never an error page.
    const referral = await pageReferral(edge, path, url, cookies).catch((error) => (console.error('referral:', error), null));
    const pageExperiments = experimentsForPage(edge.experiments, url.pathname);
    let response: Response;
    const headers: [string, string][] = [];
    // The edge rewrites pages (campaigns, tokens): the files are asked for unconditionally and
    // the edge answers 304 itself, against the ETag of the page as served.
    const assetRequest = unconditional(referral?.landing ? new Request(new URL(INVITATION_PATH, url), c.req.raw) : c.req.raw);
    // A signed-in member's preview of another instant (src/edge/preview.ts); a cookie that does
    // not hold is ignored and removed. Never a visitor's page view, never an A/B count.
    const preview = cookies[PREVIEW_COOKIE] ? await readPreview(edge, cookies[PREVIEW_COOKIE], edge.now()) : null;
    if (cookies[PREVIEW_COOKIE] && !preview) headers.push(['Set-Cookie', clearPreview()]);
    // Variants and their cookie only with the visitor's consent (banner): otherwise the control,
    // no cookie, no count.
    if (pageExperiments.length && cookies[CONSENT_COOKIE] === 'accept') {
      let visitor = await readVisitor(edge.secrets.formSecret, cookies[VISITOR_COOKIE]);
      let countable = !isCrawler(c.req.header('user-agent')) && c.req.method === 'GET' && !preview;
      if (!visitor) {
        const fresh = await issueVisitor(edge.secrets.formSecret);
        visitor = fresh.id;
        headers.push(['Set-Cookie', fresh.cookie], ['Set-Cookie', setCookie(VISIT_COOKIE, '1', { maxAge: VISIT_SECONDS, httpOnly: true })]);
        // Dropping or forging the cookie makes a new visitor: new units are capped per address.
        if (countable) {
          const { limit, windowSeconds } = edge.limits.abUnitsPerIp;
          countable = (await edge.store.rateLimit(`abunits:${addressBucket(edge.clientAddress(c))}`, limit, windowSeconds, Math.floor(edge.now().getTime() / 1000))).allowed;
        }
      }
      const assignment = assign(pageExperiments, visitor);
      response = isControl(pageExperiments, assignment)
        ? await edge.assets.fetch(assetRequest)
        : await edge.assets.fetch(new Request(new URL(variantFile(url.pathname, assignment), url), assetRequest));
      // Counted once per visitor and experiment, only for an id the edge issued (a made-up cookie
      // gets a new id), never for crawlers.
      if (countable && response.status === 200) {
        const day = edge.now().toISOString().slice(0, 10);
        const unit = await abUnit(edge.secrets.formSecret, visitor);
        for (const [experiment, variant] of Object.entries(assignment)) await edge.store.exposeUnit(experiment, unit, variant, day);
      }
      headers.push(['Cache-Control', 'private, no-cache']);
    } else {
      response = await edge.assets.fetch(assetRequest);
      if (pageExperiments.length) {
        headers.push(['Cache-Control', 'private, no-cache']);
        if (cookies[VISITOR_COOKIE]) headers.push(['Set-Cookie', setCookie(VISITOR_COOKIE, '', { maxAge: 0, httpOnly: true })]);
      }
    }
    // The asset server's own redirects (trailing slash) must stay on this site.
    if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
      const location = sameOriginPath(response.headers.get('location'), url.origin);
      response = new Response(null, { status: response.status, headers: { Location: location, 'Cache-Control': response.headers.get('cache-control') ?? 'no-cache' } });
    }
    // Audience measurement (exempt from consent): a visitor's page view, robots and prefetches aside.
    if (edge.audience && !preview && c.req.method === 'GET' && response.status === 200 && (response.headers.get('content-type') ?? '').includes('text/html') && measurable(c)) {
      await edge.audience
        .pageView({
          day: parisDay(edge.now()),
          path: (referral?.landing ? INVITATION_PATH : path).slice(0, 200),
          visitorKey: `${edge.clientAddress(c) ?? ''}|${c.req.header('user-agent') ?? ''}`,
          referrer: referrerDomain(c.req.header('referer'), [url.hostname, ...(edge.publicOrigin ? [new URL(edge.publicOrigin).hostname] : [])]),
          device: deviceClass(c.req.header('user-agent')),
          trainingPage: isTrainingPage(path),
        })
        .catch((error) => console.error('audience:', error));
    }
    // A partner link whose code leads nowhere (unknown, disabled, mistyped): counted for the team
    // (console « Partenaires »), robots and prefetches aside, on the pages served (200, or the
    // referral page's 404), never on a file or a redirect.
    const page = (response.headers.get('content-type') ?? '').includes('text/html') && (response.status === 200 || response.status === 404);
    if (edge.audience && !preview && c.req.method === 'GET' && referral?.unknown && page && measurable(c)) {
      await edge.audience.unknownReferral(parisDay(edge.now()), referral.unknown).catch((error) => console.error('audience:', error));
    }
    // A/B: a visit lasts while pages follow within 30 minutes (a form sent then converts).
    const visitSet = headers.some(([k, v]) => k === 'Set-Cookie' && v.startsWith(`${VISIT_COOKIE}=`));
    if (!visitSet && cookies[CONSENT_COOKIE] === 'accept' && (await readVisitor(edge.secrets.formSecret, cookies[VISITOR_COOKIE])) && (response.headers.get('content-type') ?? '').includes('text/html')) {
      headers.push(['Set-Cookie', setCookie(VISIT_COOKIE, '1', { maxAge: VISIT_SECONDS, httpOnly: true })]);
      if (!headers.some(([k]) => k === 'Cache-Control')) headers.push(['Cache-Control', 'private, no-cache']);
    }
    let served: string | null = null;
    if ((response.headers.get('content-type') ?? '').includes('text/html')) {
      let html = await response.text();
      // A stored cookie choice: the banner is not shown (it is visible by default, for the first paint).
      if (cookies[CONSENT_COOKIE] === 'accept' || cookies[CONSENT_COOKIE] === 'refuse') html = html.replace(' data-consent-banner', ' data-consent-banner hidden');
      // The campaign in force now (or at the previewed instant): banner and hero copy.
      html = applyCampaigns(html, campaignsOf(edge.rules.marketing.campaigns), path, preview?.at ?? edge.now().getTime(), preview !== null);
      if (preview) headers.push(['Cache-Control', 'private, no-store']);
      if (html.includes('data-form-token')) {
        const token = await issueFormToken(edge.secrets.formSecret, edge.now().getTime());
        html = html.replaceAll('value="" data-form-token', `value="${token}" data-form-token`);
        if (!headers.some(([k]) => k === 'Cache-Control')) headers.push(['Cache-Control', 'private, no-store']);
      }
      if (referral) {
        html = applyReferral(html, referral);
        if (referral.code || referral.landing) headers.push(['Cache-Control', 'private, no-store']);
      }
      // The landing's utm_*, gclid, gbraid, wbraid and external referrer in the forms' hidden fields (no JavaScript needed).
      html = fillLandingAttribution(html, url, c.req.header('referer'), [url.hostname, ...(edge.publicOrigin ? [new URL(edge.publicOrigin).hostname] : [])]);
      response = new Response(c.req.method === 'HEAD' ? null : html, referral?.landing && !referral.landing.known && response.status === 200 ? { status: 404, headers: response.headers } : response);
      // The body changed: the file's length and validators no longer apply.
      response.headers.delete('content-length');
      response.headers.delete('etag');
      response.headers.delete('last-modified');
      served = html;
    } else {
      response = new Response(response.body, response);
    }
    if (referral?.cookie) headers.push(['Set-Cookie', referral.cookie]);
    if (referral?.cookie && !headers.some(([k]) => k === 'Cache-Control')) headers.push(['Cache-Control', 'private, no-cache']);
    // The articles' share kits (dist/partage/) are files for the team, not pages to index.
    if (path.startsWith('/partage/')) headers.push(['X-Robots-Tag', 'noindex']);
    for (const [name, value] of headers) response.headers.append(name, value);
    if (headers.some(([k]) => k === 'Cache-Control')) response.headers.set('Cache-Control', headers.filter(([k]) => k === 'Cache-Control').at(-1)![1]);
    if (served !== null) {
      // A page is never reused without asking the edge (a campaign ends at an exact instant); its
      // ETag is the served body's, so a revalidation after a window's bound gets the new page.
      const cacheControl = response.headers.get('cache-control') ?? '';
      if (!/no-store|no-cache|private/.test(cacheControl)) response.headers.set('Cache-Control', 'public, max-age=0, must-revalidate');
      if (c.req.method === 'GET' && response.status === 200 && !/no-store/.test(cacheControl)) {
        const tag = await bodyTag(served);
        response.headers.set('ETag', tag);
        if (tagMatches(c.req.header('if-none-match'), tag)) {
          const notModified = new Headers(response.headers);
          notModified.delete('content-type');
          return new Response(null, { status: 304, headers: notModified });
        }
      }
    }
    return response;
  });
  return app;
}
