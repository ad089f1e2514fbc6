// The behaviour of the edge function, written once and run against the Node entry's pieces
// (node:sqlite) in tests/unit/edge-node.test.ts and against the Worker in workerd + D1 under
// miniflare in tests/worker/edge-worker.test.ts.
import { beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { issueFormToken } from '../../src/edge/form-token';
import { variantFile } from '../../src/edge/experiments';
import type { Store } from '../../src/edge/store/types';

export const ORIGIN = 'https://www.mecaformation.fr';
export const SECRET = 'test-secret';
export const ADMIN_TOKEN = 'admin-token-123';

/** A tiny built site: the home page with its variants, a page with a form, a 404 page. */
export function fixtureSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edge-site-'));
  const files: Record<string, string> = {
    'index.html': '<html><body><h1 data-hero-title>Devenez expert en mécanique</h1></body></html>',
    [`${variantFile('/', { cta: 'a', hero: 'b' }).slice(1)}index.html`]: '<html><body><h1 data-hero-title>Formation automobile à 890 €</h1></body></html>',
    [`${variantFile('/', { cta: 'b', hero: 'a' }).slice(1)}index.html`]: '<html><body><h1 data-hero-title>Devenez expert en mécanique</h1><a data-cta>Commencer maintenant</a></body></html>',
    [`${variantFile('/', { cta: 'b', hero: 'b' }).slice(1)}index.html`]: '<html><body><h1 data-hero-title>Formation automobile à 890 €</h1><a data-cta>Commencer maintenant</a></body></html>',
    'contact/index.html': '<html><body><form><input type="hidden" name="formToken" value="" data-form-token></form></body></html>',
    // An Ads landing page with two lead forms, their hidden attribution fields as LeadForm.astro writes them.
    'formation-primo-arrivant-890-euros/index.html': `<html><body><h1>Formation primo-arrivant à 890 euros</h1>${['guide', 'callback'].map((kind) => `<form method="post" action="/api/leads" data-lead-form data-lead-kind="${kind}"><input type="hidden" name="kind" value="${kind}"><input type="hidden" name="landingPage" value="/formation-primo-arrivant-890-euros/" data-attribution-slot><input type="hidden" name="formToken" value="" data-form-token></form>`).join('')}</body></html>`,
    '404.html': '<html><body><h1>Page introuvable</h1></body></html>',
    // One article's share kit, as the build draws it (src/integrations/og-images.ts); the others not built.
    'partage/formation-a-distance-5-avantages/1200x630.png': 'PNG',
    'banniere/index.html': '<html><body><main><h1>Page</h1></main><section id="consentement" data-consent-banner><p>Vos choix</p></section></body></html>',
    // The edge pages' layout, as src/pages/[edge]/erreur.astro builds it (src/edge/edge-layout.ts).
    '_edge/erreur/index.html':
      '<!doctype html><html lang="fr"><head><title>EDGE_SLOT_TITLE | MécaFormation</title><link rel="canonical" href="https://www.mecaformation.fr/_edge/erreur/"><meta property="og:title" content="EDGE_SLOT_TITLE"><link rel="stylesheet" href="/_astro/Base.css"></head><body><header data-site-header>MécaFormation</header><main id="contenu"><h1>EDGE_SLOT_TITLE</h1><div data-edge-content>EDGE_SLOT_BODY</div></main><footer data-site-footer>Mentions légales</footer><section id="consentement" data-consent-banner>Vos choix</section></body></html>',
    // The referral landing page and a page whose form has the « Code de parrainage » field, as
    // the build writes them (src/components/ui/ReferralField.astro): tests/shared/partners-suite.ts.
    'parrainage/invitation/index.html': '<html><body><h1>On vous a recommandé MécaFormation</h1><div data-referral-notice></div><form><input type="hidden" name="formToken" value="" data-form-token><details data-referral open class="x"><summary>Vous avez un code de parrainage ?</summary><input id="f-ref" name="ref" value="" data-referral-code></details></form></body></html>',
    'inscription/index.html': '<html><body><h1>Inscription</h1><form><input type="hidden" name="formToken" value="" data-form-token><details data-referral class="x"><summary>Vous avez un code de parrainage ?</summary><input id="f-ref" name="ref" value="" data-referral-code></details></form></body></html>',
  };
  return writeSite(dir, files);
}

/** Writes `files` (path in the site → content) under `dir`, a built site for the edge's tests. */
export function writeSite(dir: string, files: Record<string, string>): string {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

export interface SentEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Attached files as text (a webinar's calendar invitation). */
  attachments?: { filename: string; content: string }[];
}

export interface EdgeUnderTest {
  /** One request from a client at `clientIp` (Node: the socket's address; Worker: CF-Connecting-IP). */
  fetch(request: Request, clientIp?: string): Promise<Response>;
  /** Every row of every table, to assert that a request wrote nothing. */
  dump(): Promise<Record<string, unknown[]>>;
  store: Store;
  /** One tick of the automation engine at `now` (Node: a call; Worker: its Cron Trigger). */
  tick(now: Date): Promise<void>;
  /** E-mails delivered so far (Node: the Mailer; Worker: the Brevo API requests). */
  outbox(): Promise<SentEmail[]>;
}

export function edgeSuite(runtime: string, setup: () => Promise<EdgeUnderTest>) {
  let edge: EdgeUnderTest;
  let store: Store;
  const app = { request: (url: string, init?: RequestInit, ip = '203.0.113.7') => edge.fetch(new Request(url, init), ip) };
  beforeEach(async () => {
    edge = await setup();
    store = edge.store;
  });

  async function token(ageMs = 10_000) {
    return issueFormToken(SECRET, Date.now() - ageMs);
  }
  const guide = async (extra: Record<string, string> = {}) => ({
    kind: 'guide',
    firstName: 'Inès',
    email: 'Ines.Martin@Example.fr',
    landingPage: '/guide-gratuit/',
    formToken: await token(),
    ...extra,
  });
  function post(body: Record<string, string>, init: { json?: boolean; headers?: Record<string, string>; ip?: string } = {}) {
    const headers: Record<string, string> = { Origin: ORIGIN, ...init.headers };
    if (init.json) {
      headers['Content-Type'] ??= 'application/json';
      headers.Accept = 'application/json';
      return app.request(`${ORIGIN}/api/leads`, { method: 'POST', headers, body: JSON.stringify(body) }, init.ip);
    }
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
    return app.request(`${ORIGIN}/api/leads`, { method: 'POST', headers, body: new URLSearchParams(body).toString() }, init.ip);
  }

  describe(`${runtime}: POST /api/leads`, () => {
    it('stores a plain-form guide lead and answers 303 to the thank-you page', async () => {
      const res = await post(await guide({ consentMarketing: 'yes' }));
      expect(res.status).toBe(303);
      // Its own thank-you page, with the download, saying the advice e-mails will come (box ticked).
      expect(res.headers.get('location')).toBe('/merci/guide/conseils/');
      const lead = await store.findLeadByEmail('ines.martin@example.fr');
      expect(lead).toMatchObject({ firstName: 'Inès', consentMarketing: true });
      expect(lead!.score).toBeGreaterThanOrEqual(10); // guide download
      const exported = await store.exportLead('ines.martin@example.fr');
      expect(exported!.consents).toEqual([
        expect.objectContaining({ purpose: 'marketing-email', granted: true, form: 'guide', page: '/guide-gratuit/' }),
        expect.objectContaining({ purpose: 'engagement-tracking', granted: false, form: 'guide', page: '/guide-gratuit/' }),
      ]);
    });

    it('answers 201 JSON to scripts, and accepts multipart', async () => {
      const res = await post(await guide(), { json: true });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ ok: true, redirect: '/merci/guide/' });
      const form = new FormData();
      for (const [k, v] of Object.entries(await guide({ email: 'autre@example.fr' }))) form.append(k, v);
      const multipart = await app.request(`${ORIGIN}/api/leads`, { method: 'POST', headers: { Origin: ORIGIN }, body: form });
      expect(multipart.status).toBe(303);
      expect(await store.findLeadByEmail('autre@example.fr')).not.toBeNull();
    });

    it('upserts by normalised email and keeps every submission as an event', async () => {
      await post(await guide());
      await post({ kind: 'callback', firstName: 'Inès', lastName: 'Martin', email: ' INES.martin@example.fr ', phone: '06 12 34 56 78', situation: 'job-seeker', formToken: await token() });
      const lead = await store.findLeadByEmail('ines.martin@example.fr');
      expect(lead).toMatchObject({ phone: '+33612345678', situation: 'job-seeker', lastName: 'Martin' });
      expect(await store.eventKinds(lead!.id)).toEqual(['guide', 'callback']);
    });

    it('takes a callback with a first name, a phone number, an e-mail and a preferred time only', async () => {
      const res = await post({ kind: 'callback', firstName: 'Yanis', email: 'yanis@example.fr', phone: '06 12 34 56 78', preferredTime: 'morning', landingPage: '/contact/', formToken: await token() });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/merci/demande/');
      const exported = await store.exportLead('yanis@example.fr');
      expect(exported!.lead).toMatchObject({ firstName: 'Yanis', phone: '+33612345678', lastName: null, situation: null });
      // The slot is the request's, kept with it for the advisers (not a lead's field).
      expect(exported!.events[0]).toMatchObject({ kind: 'callback', submitted: { firstName: 'Yanis', phone: '+33612345678', preferredTime: 'morning' } });
      await edge.tick(new Date(Date.now() + 60_000));
      const note = (await edge.outbox()).find((m) => m.to === 'conseil@mecaformation.fr');
      expect(note?.text).toContain('Moment préféré pour l’appel\u202f: Le matin (9\u00a0h – 12\u00a0h)');
      const wrong = await post({ kind: 'callback', firstName: 'Yanis', email: 'y2@example.fr', phone: '06 12 34 56 78', preferredTime: 'night', formToken: await token() }, { json: true });
      expect(wrong.status).toBe(422);
      expect(((await wrong.json()) as { errors: Record<string, string> }).errors).toEqual({ preferredTime: 'Choisissez un moment de la journée dans la liste.' });
    });

    it('the thank-you page’s follow-up only fills what a known lead lacks, and stores nothing for another address', async () => {
      await post(await guide({ ageBracket: '26-30' }));
      const before = await store.findLeadByEmail('ines.martin@example.fr');
      expect(before).toMatchObject({ ageBracket: '26-30', region: null, phone: null });
      // From the same browser, unproven: gaps are filled, a different answer changes nothing, no e-mail asks to confirm.
      const res = await post({ kind: 'profile', email: 'Ines.Martin@example.fr', ageBracket: '46+', region: 'Bretagne', phone: '06 12 34 56 78', landingPage: '/merci/guide/', formToken: await token() });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/merci/profil/');
      expect(await store.findLeadByEmail('ines.martin@example.fr')).toMatchObject({ firstName: 'Inès', ageBracket: '26-30', region: 'Bretagne', phone: '+33612345678' });
      expect(await store.eventKinds(before!.id)).toEqual(['guide', 'profile']);
      await edge.tick(new Date(Date.now() + 60_000));
      expect((await edge.outbox()).filter((m) => /confirm/i.test(m.subject))).toEqual([]);
      // An address with no lead: the same answer, nothing written.
      const dump = await edge.dump();
      const other = await post({ kind: 'profile', email: 'inconnu@example.fr', region: 'Corse', formToken: await token() });
      expect(other.status).toBe(303);
      expect(other.headers.get('location')).toBe('/merci/profil/');
      const after = await edge.dump();
      expect({ leads: after.leads, lead_events: after.lead_events, consents: after.consents }).toEqual({ leads: dump.leads, lead_events: dump.lead_events, consents: dump.consents });
      // It has no first name to give: a profile alone never makes a lead, and asks for no consent box.
      expect((await post({ kind: 'profile', email: 'inconnu@example.fr', formToken: await token() }, { json: true })).status).toBe(201);
      expect(await store.findLeadByEmail('inconnu@example.fr')).toBeNull();
    });

    it('makes a double submit of one form render produce one result', async () => {
      const body = await guide();
      const [a, b] = await Promise.all([post(body, { json: true }), post(body, { json: true })]);
      expect([a.status, b.status]).toEqual([201, 201]);
      const lead = await store.findLeadByEmail('ines.martin@example.fr');
      expect(await store.eventKinds(lead!.id)).toEqual(['guide']);
    });

    it('never defaults marketing consent to yes', async () => {
      await post(await guide());
      expect((await store.findLeadByEmail('ines.martin@example.fr'))!.consentMarketing).toBe(false);
    });

    it('answers 422 with per-field French messages (JSON) and writes nothing', async () => {
      const res = await post({ ...(await guide()), email: 'pas-une-adresse', firstName: 'Voir www.spam.example' }, { json: true });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { errors: Record<string, string> };
      expect(Object.keys(body.errors).sort()).toEqual(['email', 'firstName']);
      expect(body.errors.email).toMatch(/adresse e-mail/);
      expect(await store.listLeads('2000-01-01')).toEqual([]);
    });

    it('answers a French HTML page listing each error with the values kept, without JavaScript', async () => {
      const res = await post({ ...(await guide()), email: 'pas-une-adresse' });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('<html lang="fr">');
      expect(html).toMatch(/Adresse e-mail|E-mail/i);
      expect(html).toContain('value="pas-une-adresse"');
      expect(html).toContain('value="Inès"');
      expect(html).toMatch(/name="formToken" value="\d{13}\./);
    });

    it('shows that page in the site layout (header, footer, stylesheet), everything typed escaped', async () => {
      const typed = '</main><script>alert(1)</script>EDGE_SLOT_BODY EDGE_SLOT_TITLE $& $1';
      const res = await post({ ...(await guide()), email: 'pas-une-adresse', lastName: typed });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      const html = await res.text();
      expect(html).toContain('<header data-site-header>MécaFormation</header>');
      expect(html).toContain('<footer data-site-footer>Mentions légales</footer>');
      expect(html).toContain('<link rel="stylesheet" href="/_astro/Base.css">');
      expect(html).not.toContain('/edge.css');
      expect(html).toContain('<title>Quelques informations à corriger | MécaFormation</title>');
      expect(html).toContain('<h1>Quelques informations à corriger</h1>');
      expect(html).toContain('content="Quelques informations à corriger"');
      // The template's own address is not the page's.
      expect(html).not.toContain('rel="canonical"');
      // Escaped once, never read as markup or as a slot (one main, one script-free body).
      expect(html).toContain('value="&lt;/main&gt;&lt;script&gt;alert(1)&lt;/script&gt;EDGE_SLOT_BODY EDGE_SLOT_TITLE $&amp; $1"');
      expect(html.match(/<main/g)).toHaveLength(1);
      expect(html).not.toContain('<script>');
      expect(html.split('EDGE_SLOT_TITLE').length).toBe(2);
      // The error is marked on its field, with a message next to it.
      expect(html).toMatch(/<input class="field [^"]*" id="f-email" name="email" value="pas-une-adresse" aria-invalid="true" aria-describedby="e-email">/);
      expect(html).toMatch(/<p class="err[^"]*" id="e-email"><svg aria-hidden="true"[^>]*>.*<\/svg><span>Cette adresse e-mail n’est pas valide\.<\/span><\/p>/);
      // The cookie banner is there for a first visit, hidden once a choice is stored.
      expect(html).toContain('<section id="consentement" data-consent-banner>');
      const chosen = await post({ ...(await guide()), email: 'pas-une-adresse' }, { headers: { Cookie: 'mf_consent=refuse' } });
      expect(await chosen.text()).toContain('data-consent-banner hidden');
    });

    it('shows the other edge pages in the layout too, and never serves the template at its own address', async () => {
      const foreign = await app.request(`${ORIGIN}/api/leads`, { method: 'POST', headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'kind=guide' });
      expect(foreign.status).toBe(403);
      const html = await foreign.text();
      if (/^text\/html/.test(foreign.headers.get('content-type') ?? '')) expect(html).toContain('<header data-site-header>');
      const unknown = await app.request(`${ORIGIN}/r/unknown-link`);
      expect(unknown.status).toBe(404);
      expect(await unknown.text()).toMatch(/<footer data-site-footer>[\s\S]*<h1>Lien inconnu<\/h1>|<h1>Lien inconnu<\/h1>[\s\S]*<footer data-site-footer>/);
      for (const path of ['/_edge/erreur/', '/_edge/erreur/index.html', '/%5Fedge/erreur/', '/_EDGE/erreur/']) expect((await app.request(`${ORIGIN}${path}`)).status, path).toBe(404);
    });

    it('fakes success for the honeypot and stores nothing', async () => {
      const res = await post(await guide({ website: 'http://spam.example' }));
      expect(res.status).toBe(303);
      expect(await store.findLeadByEmail('ines.martin@example.fr')).toBeNull();
    });

    it('rejects a form sent too fast (429 + Retry-After), a missing or forged token (403)', async () => {
      const fast = await post(await guide({ formToken: await token(100) }), { json: true });
      expect(fast.status).toBe(429);
      expect(fast.headers.get('retry-after')).toBe('2');
      expect(((await fast.json()) as { message: string }).message).toMatch(/trop vite/);
      const missing = await post({ ...(await guide()), formToken: '' }, { json: true });
      expect(missing.status).toBe(403);
      const forged = await post({ ...(await guide()), formToken: `${Date.now() - 10_000}.abc.forged` }, { json: true });
      expect(forged.status).toBe(403);
      expect(await store.listLeads('2000-01-01')).toEqual([]);
    });

    it('rejects another origin (403), a bad content type (415) and a big body (413)', async () => {
      expect((await post(await guide(), { headers: { Origin: 'https://evil.example' } })).status).toBe(403);
      const text = await app.request(`${ORIGIN}/api/leads`, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'text/plain' }, body: 'x' });
      expect(text.status).toBe(415);
      expect(await text.text()).toMatch(/Type de contenu non accepté/);
      // Just over the 16 KiB cap: workerd answers early and closes the socket, so a body far over
      // it may still be in flight when the 413 comes (ECONNRESET on the client's side).
      const big = await post({ ...(await guide()), message: 'x'.repeat(16 * 1024) });
      expect(big.status).toBe(413);
      expect(await store.listLeads('2000-01-01')).toEqual([]);
    });

    it('limits submissions per IP and per email (429 with Retry-After)', async () => {
      for (let i = 0; i < 5; i++) expect((await post(await guide({ formToken: await token(10_000 + i) }))).status).toBe(303);
      const sixth = await post(await guide({ formToken: await token(20_000) }), { json: true });
      expect(sixth.status).toBe(429);
      expect(((await sixth.json()) as { error: string }).error).toBe('rate-email');
      expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
      let last: Response | undefined;
      for (let i = 0; i < 20; i++) last = await post(await guide({ email: `p${i}@example.fr`, formToken: await token(30_000 + i) }), { json: true });
      expect(last!.status).toBe(429);
      expect(((await last!.json()) as { error: string }).error).toBe('rate-ip');
    });
  });

  describe(`${runtime}: pages and experiments`, () => {
    const get = (path: string, cookie = '', ua = 'Mozilla/5.0 Chrome/150') => app.request(`${ORIGIN}${path}`, { headers: { Cookie: cookie, 'User-Agent': ua } });

    it('serves the control with no cookie and no count without consent, or after a refusal', async () => {
      for (const cookie of ['', 'mf_consent=refuse; mf_vid=11111111-1111-4111-8111-111111111111']) {
        const res = await get('/', cookie);
        expect(await res.text()).toContain('Devenez expert');
        expect(res.headers.get('cache-control')).toBe('private, no-cache');
        expect(res.headers.get('vary') ?? '').not.toMatch(/cookie/i);
        const setCookie = res.headers.get('set-cookie') ?? '';
        expect(setCookie.includes('mf_vid=') ? /Max-Age=0/.test(setCookie) : true).toBe(true);
      }
      expect(await store.abCounts()).toEqual([]);
    });

    it('with consent: a sticky variant, a 13-month first-party cookie, anonymous counts', async () => {
      const first = await get('/', 'mf_consent=accept');
      const cookie = first.headers.get('set-cookie')!;
      // Signed by the edge: a made-up id is not counted (it is replaced).
      expect(cookie).toMatch(/mf_vid=[0-9a-f-]{36}\.[\w-]{32}; Path=\/; Max-Age=34128000/);
      const id = /mf_vid=([^;]+)/.exec(cookie)![1];
      const bodies = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const res = await get('/', `mf_consent=accept; mf_vid=${id}`);
        expect(res.status).toBe(200);
        // The visitor id is never extended; only the 30-minute visit is renewed.
        expect(res.headers.getSetCookie().filter((c) => !c.startsWith('mf_visit='))).toEqual([]);
        bodies.add(await res.text());
      }
      expect(bodies.size).toBe(1);
      const counts = await store.abCounts();
      // One visitor is one unit per experiment (hero + cta), however many times they come back.
      expect(counts.reduce((n, c) => n + c.exposures, 0)).toBe(2);
    });

    it('treats crawlers like everyone but does not count them', async () => {
      const res = await get('/', 'mf_consent=accept', 'Googlebot/2.1');
      expect(res.status).toBe(200);
      expect(await store.abCounts()).toEqual([]);
    });

    it('puts a fresh signed token in every form and never caches such pages', async () => {
      const res = await get('/contact/');
      const html = await res.text();
      expect(html).toMatch(/name="formToken" value="\d{13}\.[0-9a-f]{32}\.[\w-]+" data-form-token/);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    });

    it('hides the variant files', async () => {
      expect((await get(variantFile('/', { cta: 'b', hero: 'a' }))).status).toBe(404);
    });
  });

  describe(`${runtime}: security, health, admin`, () => {
    it('sets the security headers on every response', async () => {
      for (const res of [await app.request(`${ORIGIN}/`), await app.request(`${ORIGIN}/api/health`)]) {
        expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
        expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
        expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
      }
    });

    it('reports store reachability', async () => {
      const res = await app.request(`${ORIGIN}/api/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, store: 'reachable' });
    });

    it('protects the sales export with a token (401), and exports CSV with it, never cached', async () => {
      await post(await guide());
      expect((await app.request(`${ORIGIN}/api/admin/leads`)).status).toBe(401);
      expect((await app.request(`${ORIGIN}/api/admin/leads`, { headers: { Authorization: 'Bearer admin-token-12' } })).status).toBe(401);
      const res = await app.request(`${ORIGIN}/api/admin/leads?since=7d&format=csv`, { headers: { Authorization: 'Bearer admin-token-123' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      // French Excel and LibreOffice: BOM, semicolons, CRLF.
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM
      expect(new TextDecoder().decode(bytes)).toMatch(/^id;email;.*\r\n.*ines\.martin@example\.fr/s);
    });
  });

  describe(`${runtime}: cookie banner`, () => {
    it('is in the page for a first visit, hidden by the edge once a choice is stored', async () => {
      expect(await (await app.request(`${ORIGIN}/banniere/`)).text()).toContain('<section id="consentement" data-consent-banner>');
      for (const choice of ['accept', 'refuse']) {
        const html = await (await app.request(`${ORIGIN}/banniere/`, { headers: { Cookie: `mf_consent=${choice}` } })).text();
        expect(html).toContain('<section id="consentement" data-consent-banner hidden>');
      }
    });
  });

  describe(`${runtime}: marketing automation`, () => {
    const DAY = 86_400_000;
    const scoreOf = async () => (await store.findLeadByEmail('ines.martin@example.fr'))!.score;

    it('sends the first welcome e-mail on tick; its link redirects and scores; the beacon scores; one-click unsubscribe stops everything', async () => {
      const res = await post(await guide({ consentMarketing: 'yes', consentTracking: 'yes' }), { headers: { Cookie: 'mf_consent=accept' } });
      expect(res.status).toBe(303);
      const identity = /mf_lead=([^;,]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      expect(identity).toBeTruthy();
      await edge.tick(new Date(Date.now() + 60_000));
      const [mail, ...rest] = await edge.outbox();
      expect(rest).toHaveLength(0);
      expect(mail).toMatchObject({ to: 'ines.martin@example.fr' });
      expect(mail!.text).toContain('Bonjour Inès,');
      expect(mail!.html).toContain('Bonjour Inès,');
      expect(mail!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

      // Click: 302 to the page, +5 (clic_email).
      const before = await scoreOf();
      const link = /https:\/\/www\.mecaformation\.fr\/r\/[\w-]+/.exec(mail!.html)![0];
      const click = await app.request(link, { headers: { Cookie: 'mf_consent=accept' } });
      expect(click.status).toBe(302);
      expect(click.headers.get('location')).toMatch(/^\/[a-z0-9-/]*$/); // a path of this site
      expect(await scoreOf()).toBe(before + 5);
      expect((await app.request(`${ORIGIN}/r/inconnu123`)).status).toBe(404);

      // Beacon of an identified lead who accepted tracking: the pricing page, +15.
      const beacon = (body: unknown, cookie = `mf_consent=accept; mf_lead=${identity}`) =>
        app.request(`${ORIGIN}/api/events`, { method: 'POST', headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect((await beacon({ type: 'page-view', path: '/tarifs-financement/' })).status).toBe(204);
      expect(await scoreOf()).toBe(before + 20);
      expect((await beacon({ type: 'page-view', path: 'javascript:alert(1)' })).status).toBe(422);
      // Without the banner's consent or with a forged identity: nothing recorded.
      expect((await beacon({ type: 'page-view', path: '/temoignages/' }, `mf_lead=${identity}`)).status).toBe(204);
      expect((await beacon({ type: 'page-view', path: '/temoignages/' }, `mf_consent=accept; mf_lead=${identity!.slice(0, -2)}xx`)).status).toBe(204);
      expect(await scoreOf()).toBe(before + 20);

      // A new form from the same person keeps the engagement points.
      const again = await post(await guide({ consentMarketing: 'yes', consentTracking: 'yes', email: 'ines.martin@example.fr' }), { headers: { Cookie: 'mf_consent=accept' }, ip: '203.0.113.8' });
      expect(again.status).toBe(303);
      expect(await scoreOf()).toBe(before + 20);

      // RFC 8058 one-click unsubscribe, then nothing more, whatever was scheduled.
      const unsubscribe = /^<(https:[^>]+)>$/.exec(mail!.headers['List-Unsubscribe']!)![1]!;
      const u = await app.request(unsubscribe, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(u.status).toBe(204);
      expect((await store.findLeadByEmail('ines.martin@example.fr'))!.consentMarketing).toBe(false);
      await edge.tick(new Date(Date.now() + 20 * DAY));
      // No marketing e-mail after the unsubscribe (the guide asked for again is sent: it is what the person requested).
      expect((await edge.outbox()).filter((m) => m.headers['List-Unsubscribe'])).toHaveLength(1);
      // The link in the e-mail (GET) shows a page whose button posts; a forged one is refused.
      const page = await app.request(unsubscribe);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<form method="post" action="\/api\/unsubscribe\/[^"]+"[^>]*><button type="submit"[^>]*>Me désabonner/);
      expect((await app.request(`${ORIGIN}/api/unsubscribe/00000000-0000-4000-8000-000000000000.${'x'.repeat(32)}`)).status).toBe(400);
    });

    it('a callback request creates a task for the sales team and notifies them on tick', async () => {
      const res = await post(await guide({ kind: 'callback', lastName: 'Martin', phone: '06 12 34 56 78', situation: 'job-seeker', ageBracket: '18-25', training: 'cap-maintenance-vehicules' }));
      expect(res.status).toBe(303);
      await edge.tick(new Date(Date.now() + 60_000));
      const [note] = await edge.outbox();
      expect(note?.to).toBe('conseil@mecaformation.fr');
      expect(note?.text).toContain('+33612345678');
      const tasks = await app.request(`${ORIGIN}/api/admin/tasks`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(await tasks.json()).toMatchObject({ ok: true, tasks: [expect.objectContaining({ status: 'open', email: 'ines.martin@example.fr' })] });
      expect((await app.request(`${ORIGIN}/api/admin/tasks`)).status).toBe(401);
    });
  });
}
