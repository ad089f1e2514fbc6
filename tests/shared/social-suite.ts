// The social calendar served by the edge, on Node and in workerd + D1 (issue 15, part 4): the
// console's « Réseaux sociaux » page for signed-in members, its .ics download, and the signed feed
// a calendar application subscribes to (no session; a wrong token is a 404). Each feed is parsed
// with ical.js and must list the coming weeks.
import { beforeEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { createConsoleStore } from '../../src/console/store';
import { hashPassword } from '../../src/console/auth';
import { parisDay } from '../../src/lib/calendar';
import { addDays, weekStart } from '../../src/marketing/social-calendar';
import type { SqlDriver } from '../../src/edge/store/types';
import { socialFeedPath } from '../../src/edge/routes/social';
import { ORIGIN, SECRET, type EdgeUnderTest } from './edge-suite';

/** The edges under test run with SOCIAL_FEED_KEY set to this (the Worker's binding, Node's secret). */
export const SOCIAL_FEED_KEY = 'test-feed-key-1';
const PASSWORD = 'Calendrier-Social-2026';
const MEMBER = 'communication@mecaformation.fr';

export function socialSuite(runtime: string, setup: () => Promise<EdgeUnderTest>) {
  let edge: EdgeUnderTest;

  const request = (path: string, init: RequestInit = {}) => edge.fetch(new Request(`${ORIGIN}${path}`, { redirect: 'manual', ...init }), '203.0.113.40');
  const cookieOf = (res: Response, name: string) => new RegExp(`${name}=([^;]*)`).exec(res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? '')?.[1];
  async function signedIn() {
    const form = await request('/admin/connexion');
    const html = await form.text();
    const res = await request('/admin/connexion', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mf_admin_login=${cookieOf(form, 'mf_admin_login')}` },
      body: new URLSearchParams({ csrf: /name="csrf" value="([^"]+)"/.exec(html)![1]!, email: MEMBER, password: PASSWORD, retour: '/admin/' }).toString(),
    });
    expect(res.status).toBe(303);
    const cookie = `mf_admin=${cookieOf(res, 'mf_admin')}`;
    return (path: string) => request(path, { headers: { Cookie: cookie } });
  }
  const events = (ics: string) => new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const weeksOf = (list: ICAL.Event[]) => [...new Set(list.map((e) => weekStart(parisDay(e.startDate.toJSDate()))))].sort();

  describe(`${runtime}: the social calendar`, () => {
    // Inside the describe: the Worker's suites share one D1 database, which setup() empties.
    beforeEach(async () => {
      edge = await setup();
      const team = createConsoleStore((edge.store as unknown as { db: SqlDriver }).db);
      await team.createUser({ email: MEMBER, role: 'sales', passwordHash: await hashPassword(PASSWORD), now: new Date().toISOString() });
    });

    it('the console page needs a session; signed in, it shows the weeks by day, network, theme, text and link', async () => {
      const anonymous = await request('/admin/reseaux-sociaux');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toBe('/admin/connexion?retour=%2Fadmin%2Freseaux-sociaux');
      expect((await request('/admin/reseaux-sociaux.ics')).status).toBe(303);

      const get = await signedIn();
      const res = await get('/admin/reseaux-sociaux?du=2026-11-23&semaines=2');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain('<h1 class="text-3xl">Réseaux sociaux</h1>');
      expect(html).toContain('aria-current="page">Réseaux sociaux</a>');
      expect(html.match(/<h2 id="semaine-/g)).toHaveLength(2);
      expect(html).toContain('lundi 23\u00a0novembre, 8\u00a0h\u00a030');
      expect(html).toContain('samedi 28\u00a0novembre et dimanche 29\u00a0novembre');
      expect(html).toContain('utm_source=linkedin&amp;utm_medium=social&amp;utm_campaign=calendrier-social&amp;utm_content=2026-11-23');
      // Example testimonials are flagged, never offered as real.
      expect(html).toContain('À remplacer\u202f: ne pas publier tel quel.');
      // The share kits of the published articles: previews of the three formats once the build has
      // drawn them (the fixture site has one article's), else a note, never a broken image.
      expect(html).toMatch(/<details id="kit-[a-z0-9-]+"/);
      const built = /<details id="kit-formation-a-distance-5-avantages"[\s\S]*?<\/details>/.exec(html)![0];
      for (const size of ['1200x630', '1080x1080', '1080x1920']) expect(built).toContain(`<img src="/partage/formation-a-distance-5-avantages/${size}.png" alt=""`);
      expect(built).toContain('<label for="kit-formation-a-distance-5-avantages-linkedin" class="font-bold">Texte pour LinkedIn</label>');
      const pending = /<details id="kit-vehicules-electriques-10-points-cles"[\s\S]*?<\/details>/.exec(html)![0];
      expect(pending).not.toContain('<img');
      expect(pending).toContain('Images pas encore dessinées');
      // A wrong value: 422 naming the field and the rule.
      const bad = await get('/admin/reseaux-sociaux?semaines=99');
      expect(bad.status).toBe(422);
      expect(await bad.text()).toContain('semaines\u202f: nombre entier de 1 à 26 attendu.');
      expect((await get('/admin/reseaux-sociaux?du=2026-02-30')).status).toBe(422);
    });

    it('the download and the signed feed parse with ical.js and list the coming weeks; a wrong token is a 404', async () => {
      const get = await signedIn();
      const download = await get('/admin/reseaux-sociaux.ics?du=2026-11-23&semaines=3');
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(download.headers.get('content-disposition')).toBe('attachment; filename="calendrier-social-2026-11-23.ics"');
      const downloaded = events(await download.text());
      expect(weeksOf(downloaded)).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
      expect(downloaded[0]!.summary).toMatch(/^LinkedIn — Conseil technique\u202f: /);

      // The subscription address shown on the page opens without a session.
      const page = await (await get('/admin/reseaux-sociaux')).text();
      const feedUrl = /id="f-abonnement" type="url" readonly value="([^"]+)"/.exec(page)![1]!;
      const path = new URL(feedUrl).pathname;
      expect(path).toMatch(/^\/api\/calendrier-social\/[\w-]{32}\.ics$/);
      // Signed with SOCIAL_FEED_KEY: the address without it (or with another key) opens nothing.
      expect(path).toBe(await socialFeedPath({ formSecret: SECRET, socialFeedKey: SOCIAL_FEED_KEY }));
      for (const revoked of [await socialFeedPath({ formSecret: SECRET }), await socialFeedPath({ formSecret: SECRET, socialFeedKey: 'test-feed-key-0' })]) {
        expect(revoked).not.toBe(path);
        expect((await request(revoked)).status, revoked).toBe(404);
      }
      const feed = await request(path);
      expect(feed.status).toBe(200);
      expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      expect(feed.headers.get('x-robots-tag')).toBe('noindex, nofollow');
      const list = events(await feed.text());
      const monday = weekStart(parisDay(new Date()));
      expect(weeksOf(list)).toEqual(Array.from({ length: 8 }, (_, i) => addDays(monday, 7 * i)));
      expect(list.every((e) => /@www\.mecaformation\.fr$/.test(e.uid))).toBe(true);

      // Another token, a truncated one, another extension: nothing.
      const token = path.slice('/api/calendrier-social/'.length, -4);
      for (const wrong of [`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}.ics`, `${token.slice(0, 31)}.ics`, `${token}.txt`]) {
        const res = await request(`/api/calendrier-social/${wrong}`);
        expect(res.status, wrong).toBe(404);
        expect(res.headers.get('content-type')).not.toContain('text/calendar');
      }
      const post = await request(path, { method: 'POST', headers: { Origin: ORIGIN } });
      expect(post.status).toBe(405);
    });
  });
}
