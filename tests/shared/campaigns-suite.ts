// Dated campaigns at the edge (issue « Acquisition », part 3), on Node and in workerd + D1: the
// clock inside the 890 € campaign's window shows its banner on the home page and its hero copy;
// outside (before it starts, at its end), nothing; from the same built files, never rebuilt. The
// ETag is the served page's, so a copy kept from inside the window is not reused after its end.
// The console's preview: a signed-in member's cookie shows another instant with a ribbon; it is
// ignored (and removed) when forged, expired or its session closed, and never changes the API,
// the leads, the A/B counts or the audience.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createConsoleStore } from '../../src/console/store';
import { hashPassword, sha256 } from '../../src/console/auth';
import { issueFormToken } from '../../src/edge/form-token';
import { issuePreview } from '../../src/edge/preview';
import { variantFile } from '../../src/edge/experiments';
import { BANNER_SLOT, HERO_SLOT } from '../../src/lib/campaign-slots';
import type { SqlDriver } from '../../src/edge/store/types';
import { ORIGIN, SECRET, type EdgeUnderTest } from './edge-suite';

/** Before any campaign (1 December 2026, noon in Paris). */
export const BEFORE = new Date('2026-12-01T12:00:00+01:00');
/** The first instant of the 890 € launch (4 January 2027, midnight in Paris). */
export const START = new Date('2027-01-04T00:00:00+01:00');
/** Inside it (1 February 2027, 10:00 in Paris). */
export const INSIDE = new Date('2027-02-01T10:00:00+01:00');
/** Its end, excluded (4 April 2027, midnight in Paris, summer time). */
export const END = new Date('2027-04-04T00:00:00+02:00');
export const CAMPAIGN_INSTANTS = [BEFORE, START, INSIDE, END];

const PASSWORD = 'Courroie-Distribution-2027';
const MEMBER = 'marketing@mecaformation.fr';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

const page = (title: string, hero: boolean) =>
  `<!doctype html><html lang="fr"><head><title>${title}</title></head><body><header data-site-header>MécaFormation</header>${BANNER_SLOT}<main id="contenu"><section>${hero ? HERO_SLOT : ''}<h1 data-hero-title>${title}</h1></section><form><input type="hidden" name="formToken" value="" data-form-token></form></main></body></html>`;

/** Built pages as src/layouts/Base.astro and src/components/sections/Hero.astro write them (the slots), the home page's A/B variants too. */
export function campaignSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-site-'));
  const home = page('Devenez expert en mécanique', true);
  const files: Record<string, string> = {
    'index.html': home,
    'formations/index.html': page('Nos formations', false).replace(/<form>.*<\/form>/, ''),
    'pour-qui/reconversion/index.html': page('Reconversion', true),
    'pour-qui/primo-arrivants/index.html': page('Primo-arrivants', true),
    'formation-primo-arrivant-890-euros/index.html': page('Formation primo-arrivant à 890 euros', true),
    '404.html': page('Page introuvable', false),
  };
  for (const cta of ['a', 'b']) for (const hero of ['a', 'b']) if (cta !== 'a' || hero !== 'a') files[`${variantFile('/', { cta, hero }).slice(1)}index.html`] = home;
  for (const [file, html] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), html);
  }
  return dir;
}

/** Every file of a directory and its bytes, to show that nothing was rebuilt. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : (out[join(d, e.name).slice(dir.length)] = readFileSync(join(d, e.name), 'utf8'));
  };
  walk(dir);
  return out;
}

export function campaignsSuite(runtime: string, site: string, setup: (now: Date) => Promise<EdgeUnderTest>) {
  const get = (edge: EdgeUnderTest, path: string, headers: Record<string, string> = {}, ip = '203.0.113.30') => edge.fetch(new Request(`${ORIGIN}${path}`, { headers: { 'User-Agent': BROWSER, ...headers }, redirect: 'manual' }), ip);
  const banner = (html: string) => /<aside data-campaign-slot data-campaign="([\w-]+)"[^>]*>.*?<span[^>]*>(.*?)<\/span>/.exec(html);
  const heroCopy = (html: string) => /<p data-campaign-hero data-campaign="([\w-]+)"[^>]*><a href="([^"]+)"[^>]*>(.*?)<svg/.exec(html);
  let files: Record<string, string>;
  beforeAll(() => {
    files = snapshot(site);
  });

  describe(`${runtime}: dated campaigns applied by the edge, without a rebuild`, () => {
    it('inside the 890 € window: its banner on the home page and its hero copy; the same files outside it show nothing', async () => {
      const inside = await setup(INSIDE);
      const res = await get(inside, '/');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(banner(html)?.slice(1)).toEqual(['campagne-890-euros', '890\u00a0€\u202f: le tarif primo-arrivant pour votre formation automobile']);
      expect(html).toContain('<a href="/formation-primo-arrivant-890-euros/"');
      expect(html).toContain('Voir les conditions');
      expect(heroCopy(html)?.slice(1)).toEqual(['campagne-890-euros', '/formation-primo-arrivant-890-euros/', 'Primo-arrivant\u202f? Votre avenir commence ici']);
      expect(html).not.toContain(BANNER_SLOT);
      // Its audience's page too; not the reconversion page (kept for its own campaigns), and the
      // hero only where configured (the catalogue has none).
      expect(banner(await (await get(inside, '/pour-qui/primo-arrivants/')).text())?.[1]).toBe('campagne-890-euros');
      const reconversion = await (await get(inside, '/pour-qui/reconversion/')).text();
      expect(banner(reconversion)).toBeNull();
      expect(reconversion).toContain(BANNER_SLOT);
      expect(reconversion).toContain(HERO_SLOT);
      // Never on its own landing page.
      const landing = await (await get(inside, '/formation-primo-arrivant-890-euros/')).text();
      expect(landing).toContain(BANNER_SLOT);
      expect(landing).toContain(HERO_SLOT);

      for (const [when, expected] of [
        [BEFORE, null],
        [START, 'campagne-890-euros'],
        [END, null],
      ] as const) {
        const edge = await setup(when);
        const other = await (await get(edge, '/')).text();
        expect(banner(other)?.[1] ?? null, when.toISOString()).toBe(expected);
        if (expected === null) {
          // The slots stay empty and hidden: nothing takes room, nothing shifts.
          expect(other).toContain(`<header data-site-header>MécaFormation</header>${BANNER_SLOT}<main`);
          expect(other).toContain(`<section>${HERO_SLOT}<h1`);
        }
      }
      // The same built files throughout: nothing was rebuilt or rewritten on disk.
      expect(snapshot(site)).toEqual(files);
    });

    it('a page is never reused past a window’s bound: no-cache semantics and the ETag of the page as served', async () => {
      const inside = await setup(INSIDE);
      const first = await get(inside, '/formations/');
      expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
      const tag = first.headers.get('etag');
      expect(tag).toMatch(/^W\/"[\w-]+"$/);
      expect(banner(await first.text())?.[1]).toBe('campagne-890-euros');
      const again = await get(inside, '/formations/', { 'If-None-Match': tag! });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(tag);
      // After the end, the browser's copy (from inside the window) is not confirmed: a new page.
      const after = await setup(END);
      const revalidated = await get(after, '/formations/', { 'If-None-Match': tag! });
      expect(revalidated.status).toBe(200);
      expect(revalidated.headers.get('etag')).not.toBe(tag);
      expect(banner(await revalidated.text())).toBeNull();
      // A page with a form token is never stored at all.
      expect((await get(inside, '/')).headers.get('cache-control')).toMatch(/no-cache|no-store/);
    });
  });

  describe(`${runtime}: the console's preview of another date`, () => {
    async function signedIn(edge: EdgeUnderTest) {
      const db = (edge.store as unknown as { db: SqlDriver }).db;
      const team = createConsoleStore(db);
      await team.createUser({ email: MEMBER, role: 'sales', passwordHash: await hashPassword(PASSWORD), now: BEFORE.toISOString() });
      const cookieOf = (res: Response, name: string) => new RegExp(`${name}=([^;]*)`).exec(res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? '')?.[1];
      const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];
      const form = await edge.fetch(new Request(`${ORIGIN}/admin/connexion`));
      const login = await edge.fetch(
        new Request(`${ORIGIN}/admin/connexion`, {
          method: 'POST',
          redirect: 'manual',
          headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mf_admin_login=${cookieOf(form, 'mf_admin_login')}` },
          body: new URLSearchParams({ csrf: csrfIn(await form.text())!, email: MEMBER, password: PASSWORD, retour: '/admin/apercu' }).toString(),
        }),
      );
      expect(login.status).toBe(303);
      const token = cookieOf(login, 'mf_admin')!;
      const session = `mf_admin=${token}`;
      const picker = await edge.fetch(new Request(`${ORIGIN}/admin/apercu`, { headers: { Cookie: session } }));
      expect(picker.status).toBe(200);
      const consoleHtml = await picker.text();
      expect(consoleHtml).toContain('Prévisualiser le site à une date');
      const csrf = csrfIn(consoleHtml)!;
      const post = (path: string, fields: Record<string, string>, cookie = session) =>
        edge.fetch(new Request(`${ORIGIN}${path}`, { method: 'POST', redirect: 'manual', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie }, body: new URLSearchParams({ csrf, ...fields }).toString() }));
      const audit = (action: string) => db.all<{ outcome: string; target: string | null; detail: string | null; user_email: string | null }>('SELECT outcome, target, detail, user_email FROM audit_log WHERE action = ? ORDER BY at', [action]);
      return { db, session, token, post, audit, cookieOf };
    }

    it('a signed-in member previews 10 February 2027: the ribbon and the campaigns of that instant, for them only', async () => {
      const edge = await setup(BEFORE);
      const { session, post, audit, cookieOf, db } = await signedIn(edge);
      const set = await post('/admin/apercu', { instant: '2027-02-10T10:00', page: '/pour-qui/reconversion/' });
      expect(set.status).toBe(303);
      expect(set.headers.get('location')).toBe('/pour-qui/reconversion/');
      const setCookie = set.headers.getSetCookie().find((c) => c.startsWith('mf_preview='))!;
      expect(setCookie).toMatch(/; Path=\/; Max-Age=3600; SameSite=Strict; Secure; HttpOnly$/);
      const preview = `mf_preview=${cookieOf(set, 'mf_preview')}`;
      expect(await audit('apercu')).toEqual([expect.objectContaining({ outcome: 'ok', user_email: MEMBER, target: '2027-02-10T09:00:00.000Z' })]);

      // The preview cookie and the console's session both reach the site's pages in a browser
      // (Path=/ and Path=/admin): only the preview cookie is read there.
      const res = await get(edge, '/pour-qui/reconversion/', { Cookie: preview });
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(res.headers.get('etag')).toBeNull();
      const html = await res.text();
      expect(html).toContain('Aperçu au mercredi 10\u00a0février 2027 à 10\u00a0h (heure de Paris)');
      expect(html).toContain('href="/admin/apercu/arreter?retour=%2Fpour-qui%2Freconversion%2F"');
      expect(banner(html)?.[1]).toBe('saint-valentin-2027');
      const home = await (await get(edge, '/', { Cookie: preview })).text();
      expect(banner(home)?.[1]).toBe('campagne-890-euros');
      expect(heroCopy(home)?.[1]).toBe('campagne-890-euros');
      // Without the cookie, the site of today: nothing.
      const plain = await (await get(edge, '/')).text();
      expect(banner(plain)).toBeNull();
      expect(plain).not.toContain('data-campaign-preview');

      // Never the API, the leads, the A/B counts or the audience.
      const measured = ['ab_units', 'ab_counts', 'audience_daily', 'audience_visitors'];
      const pick = (dump: Record<string, unknown[]>) => Object.fromEntries(measured.map((t) => [t, dump[t]]));
      const before = pick(await edge.dump());
      await get(edge, '/', { Cookie: `${preview}; mf_consent=accept` }, '203.0.113.98');
      expect(pick(await edge.dump())).toEqual(before);
      // The same request without the preview is counted (so the comparison above can fail).
      await get(edge, '/', { Cookie: 'mf_consent=accept' }, '203.0.113.99');
      expect(pick(await edge.dump())).not.toEqual(before);
      const lead = await edge.fetch(
        new Request(`${ORIGIN}/api/leads`, {
          method: 'POST',
          headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: preview },
          body: new URLSearchParams({ kind: 'guide', firstName: 'Inès', email: 'ines.apercu@example.fr', formToken: await issueFormToken(SECRET, BEFORE.getTime() - 10_000) }).toString(),
        }),
        '198.18.7.7',
      );
      expect(lead.status).toBeLessThan(400);
      const [row] = await db.all<{ created_at: string }>('SELECT created_at FROM leads WHERE email = ?', ['ines.apercu@example.fr']);
      expect(row?.created_at.slice(0, 10)).toBe('2026-12-01');

      // The ribbon's link stops it and goes back to the page, as visitors see it.
      const stop = await edge.fetch(new Request(`${ORIGIN}/admin/apercu/arreter?retour=%2Fpour-qui%2Freconversion%2F`, { redirect: 'manual', headers: { Cookie: `${session}; ${preview}` } }));
      expect(stop.status).toBe(303);
      expect(stop.headers.get('location')).toBe('/pour-qui/reconversion/');
      expect(stop.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^mf_preview=; Path=\/; Max-Age=0; SameSite=Strict; Secure; HttpOnly$/));
      expect(await audit('apercu-fin')).toEqual([expect.objectContaining({ outcome: 'ok', user_email: MEMBER, target: '2027-02-10T09:00:00.000Z' })]);
      // A link to elsewhere is refused: back to the home page.
      const away = await edge.fetch(new Request(`${ORIGIN}/admin/apercu/arreter?retour=https%3A%2F%2Fevil.example%2F`, { redirect: 'manual', headers: { Cookie: session } }));
      expect(away.headers.get('location')).toBe('/');
    });

    it('ignores and removes a forged, expired or orphaned preview cookie; refuses an hour that does not exist', async () => {
      const edge = await setup(BEFORE);
      const { session, token, post } = await signedIn(edge);
      const set = await post('/admin/apercu', { instant: '2027-02-01T10:00', page: '/' });
      const value = /mf_preview=([^;]*)/.exec(set.headers.getSetCookie().join('\n'))![1]!;
      // The page a visitor without any cookie gets (its form token aside, fresh at each request).
      const untokened = (html: string) => html.replace(/value="[^"]*" data-form-token/g, 'value="…" data-form-token');
      const plain = untokened(await (await get(edge, '/')).text());
      const ignored = async (cookie: string, why: string) => {
        const res = await get(edge, '/', { Cookie: `mf_preview=${cookie}` });
        const html = await res.text();
        expect(banner(html), why).toBeNull();
        expect(html, why).not.toContain('data-campaign-preview');
        // Nothing changed for whoever sent it: the visitors' page, byte for byte.
        expect(untokened(html), why).toBe(plain);
        expect(res.headers.getSetCookie(), why).toContainEqual(expect.stringMatching(/^mf_preview=; Path=\/; Max-Age=0/));
      };
      expect(banner(await (await get(edge, '/', { Cookie: `mf_preview=${value}` })).text())?.[1]).toBe('campagne-890-euros');
      // Another instant with the same signature, a signature changed, garbage.
      await ignored(value.replace(/^v1\.\d+/, `v1.${Date.parse('2027-09-10T08:00:00Z')}`), 'instant changed');
      await ignored(value.slice(0, -2) + (value.endsWith('AA') ? 'BB' : 'AA'), 'signature changed');
      await ignored('v1.1.2.3', 'garbage');
      // Correctly signed (with the secret), but expired, or for a session that does not exist.
      const sessionHash = await sha256(token);
      const userId = /v1\.\d+\.\d+\.([0-9a-f-]{36})\./.exec(value)![1]!;
      const expired = await issuePreview(SECRET, { at: INSIDE.getTime(), now: BEFORE.getTime() - 7_200_000, userId, sessionHash, sessionExpiresAt: new Date(BEFORE.getTime() + 3_600_000).toISOString() });
      await ignored(expired.value, 'expired');
      const orphan = await issuePreview(SECRET, { at: INSIDE.getTime(), now: BEFORE.getTime(), userId, sessionHash: await sha256('not-a-session'), sessionExpiresAt: new Date(BEFORE.getTime() + 3_600_000).toISOString() });
      await ignored(orphan.value, 'no such session');
      // Signed out: the same cookie no longer holds.
      await post('/admin/deconnexion', {});
      await ignored(value, 'signed out');
      expect(session).toBeTruthy();

      const again = await setup(BEFORE);
      const member = await signedIn(again);
      const gap = await member.post('/admin/apercu', { instant: '2027-03-28T02:30', page: '/' });
      expect(gap.status).toBe(422);
      expect(await gap.text()).toContain('Date et heure\u202f: cette heure n’existe pas à Paris (passage à l’heure d’été).');
      expect(gap.headers.getSetCookie().some((c) => c.startsWith('mf_preview='))).toBe(false);
      const api = await member.post('/admin/apercu', { instant: '2027-02-01T10:00', page: '/api/leads' });
      expect(api.status).toBe(422);
      // Without a session, no preview.
      const anonymous = await again.fetch(new Request(`${ORIGIN}/admin/apercu`, { method: 'POST', redirect: 'manual', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'instant=2027-02-01T10%3A00&page=%2F' }));
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.getSetCookie().some((c) => c.startsWith('mf_preview='))).toBe(false);
    });
  });
}
