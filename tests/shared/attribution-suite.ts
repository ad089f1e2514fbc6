// Paid search on both runtimes (Node + SQLite, Worker + D1 under miniflare): an Ads landing page
// requested with utm and gclid comes with its forms' hidden fields filled by the edge (no
// JavaScript, no cookie), escaped and bounded; the form sent as is gives the lead its first and
// last non-direct touch, in every export; the console downloads Google Ads' conversion file.
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { issueFormToken } from '../../src/edge/form-token';
import { createConsoleStore, type ConsoleStore } from '../../src/console/store';
import { hashPassword } from '../../src/console/auth';
import { parisDay } from '../../src/lib/calendar';
import { zonedDateTime } from '../../src/lib/zoned';
import type { SqlDriver } from '../../src/edge/store/types';
import { ADMIN_TOKEN, ORIGIN, SECRET, type EdgeUnderTest } from './edge-suite';

const LANDING = '/formation-primo-arrivant-890-euros/';
const ADS_QUERY = '?utm_source=google&utm_medium=cpc&utm_campaign=Primo_Arrivants&gclid=TeSt123';
const ADMIN = 'admin@mecaformation.fr';
const PASSWORD = 'Vidange-Courroie-2026';

/** The hidden fields of each lead form of a page, decoded, and the raw HTML of the page. */
function formsOf(html: string) {
  return parse(html)
    .querySelectorAll('form[data-lead-form]')
    .map((form) => Object.fromEntries(form.querySelectorAll('input[type="hidden"]').map((i) => [i.getAttribute('name')!, i.getAttribute('value') ?? ''])));
}

export function attributionSuite(runtime: string, setup: () => Promise<EdgeUnderTest>) {
  let edge: EdgeUnderTest;
  let team: ConsoleStore;
  const get = (path: string, headers: Record<string, string> = {}) => edge.fetch(new Request(`${ORIGIN}${path}`, { headers, redirect: 'manual' }), '198.18.7.1');
  /** Sends a page's form as a browser without JavaScript would: its hidden fields as served, plus what the visitor typed. */
  const send = async (hidden: Record<string, string>, typed: Record<string, string>) =>
    edge.fetch(
      new Request(`${ORIGIN}/api/leads`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        // The token the page carried is seconds old; the visitor took longer than that to fill the form.
        body: new URLSearchParams({ ...hidden, ...typed, formToken: await issueFormToken(SECRET, Date.now() - 10_000) }).toString(),
      }),
      '198.18.7.1',
    );

  describe(`${runtime}: paid search attribution without JavaScript`, () => {
    // Inside the describe: in workerd the suites share one D1 database, which setup() empties.
    beforeEach(async () => {
      edge = await setup();
      team = createConsoleStore((edge.store as unknown as { db: SqlDriver }).db);
    });

    it('an Ads landing page requested with utm and gclid: every form’s hidden fields carry them, with the entry page; no cookie, never cached', async () => {
      const res = await get(`${LANDING}${ADS_QUERY}`);
      expect(res.status).toBe(200);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      const forms = formsOf(await res.text());
      expect(forms).toHaveLength(2);
      for (const form of forms) {
        expect(form).toMatchObject({ utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'Primo_Arrivants', gclid: 'TeSt123', entryPage: LANDING, utm_term: '', gbraid: '', referrer: '' });
        expect(form.formToken).not.toBe('');
      }
      // gbraid/wbraid and an external referrer too; this site as referrer is no source.
      const ios = formsOf(await (await get(`${LANDING}?wbraid=Wb-1&gbraid=Gb_2`, { Referer: 'https://www.google.com/' })).text())[0]!;
      expect(ios).toMatchObject({ wbraid: 'Wb-1', gbraid: 'Gb_2', referrer: 'https://www.google.com/', utm_source: '' });
      const inside = formsOf(await (await get(LANDING, { Referer: `${ORIGIN}/formations/` })).text())[0]!;
      // No source: the edge writes no field at all (the page stays as built).
      for (const field of ['referrer', 'entryPage', 'utm_source', 'gclid']) expect(inside).not.toHaveProperty(field);
    });

    it('a hostile value is escaped and bounded: no markup gets out of the attribute', async () => {
      const evil = '"><script>alert(1)</script><input name="x" value=\'';
      const res = await get(`${LANDING}?utm_source=${encodeURIComponent(evil)}&utm_campaign=${'c'.repeat(5000)}&utm_term=a%0Ab&gclid=${encodeURIComponent('<b>&"')}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).not.toContain('<script>');
      expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;input name=&quot;x&quot; value=&#39;" data-attribution');
      const [form] = formsOf(html);
      expect(form!.utm_source).toBe(evil);
      expect(form!.utm_campaign).toBe('c'.repeat(200));
      expect(form!.utm_term).toBe('');
      expect(form!.gclid).toBe('<b>&"');
      // Still two forms, each with its own fields: nothing was injected.
      expect(parse(html).querySelectorAll('form[data-lead-form]')).toHaveLength(2);
      expect(parse(html).querySelectorAll('input[name="x"]')).toHaveLength(0);
    });

    it('the landing page’s form sent as is: the lead carries utm and gclid as its first and last touch, in the sales export (JSON, CSV) and the RGPD export', async () => {
      const [guide] = formsOf(await (await get(`${LANDING}${ADS_QUERY}`)).text());
      const res = await send(guide!, { firstName: 'Inès', email: 'ines@example.fr' });
      expect(res.status).toBe(303);
      const lead = (await edge.store.findLeadByEmail('ines@example.fr'))!;
      const touch = { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'Primo_Arrivants', gclid: 'TeSt123', entryPage: LANDING, landingPage: LANDING };
      expect(lead.firstTouch).toEqual({ at: expect.any(String), ...touch });
      expect(lead.lastTouch).toEqual(lead.firstTouch);

      const api = (format: string) => edge.fetch(new Request(`${ORIGIN}/api/admin/leads?since=1d&format=${format}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } }));
      const json = (await (await api('json')).json()) as { leads: { email: string; firstTouch: unknown; lastTouch: unknown }[] };
      expect(json.leads.find((l) => l.email === 'ines@example.fr')).toMatchObject({ firstTouch: touch, lastTouch: touch });
      const [header, row] = (await (await api('csv')).text()).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
      const cell = (name: string) => row![header!.indexOf(name)];
      expect([cell('firstTouch_gclid'), cell('firstTouch_utm_campaign'), cell('lastTouch_utm_source'), cell('lastTouch_entryPage')]).toEqual(['TeSt123', 'Primo_Arrivants', 'google', LANDING]);
      expect((await edge.store.exportLead('ines@example.fr'))!.lead).toMatchObject({ firstTouch: touch, lastTouch: touch });
    });

    it('a later direct visit leaves the last touch; a later newsletter visit moves it; the first touch never changes', async () => {
      const [guide] = formsOf(await (await get(`${LANDING}${ADS_QUERY}`)).text());
      await send(guide!, { firstName: 'Inès', email: 'ines@example.fr' });
      const first = (await edge.store.findLeadByEmail('ines@example.fr'))!.firstTouch;
      // Direct: the same page, no parameter, no referrer.
      const [direct] = formsOf(await (await get(LANDING)).text());
      expect((await send({ ...direct!, kind: 'newsletter' }, { firstName: 'Inès', email: 'ines@example.fr' })).status).toBe(303);
      expect(await edge.store.findLeadByEmail('ines@example.fr')).toMatchObject({ firstTouch: first, lastTouch: first });
      // Back from the newsletter: a new source.
      const [mail] = formsOf(await (await get(`${LANDING}?utm_source=newsletter&utm_medium=email&utm_campaign=decembre`)).text());
      await send({ ...mail!, kind: 'callback' }, { firstName: 'Inès', email: 'ines@example.fr', phone: '06 12 34 56 78' });
      const lead = (await edge.store.findLeadByEmail('ines@example.fr'))!;
      expect(lead.firstTouch).toEqual(first);
      expect(lead.lastTouch).toMatchObject({ utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'decembre', landingPage: LANDING });
      expect(lead.lastTouch).not.toHaveProperty('gclid');
    });

    it('the console downloads Google Ads’ conversion file: the lead and its enrolment, in Google’s format; the download is audited', async () => {
      const [guide] = formsOf(await (await get(`${LANDING}${ADS_QUERY}`)).text());
      await send(guide!, { firstName: 'Inès', email: 'ines@example.fr' });
      const lead = (await edge.store.findLeadByEmail('ines@example.fr'))!;
      const now = new Date();
      await team.recordEnrolment({ leadId: lead.id, training: 'cap-maintenance-vehicules', amountEur: 2490, enrolledOn: parisDay(now), by: ADMIN, now: now.toISOString() });
      await team.createUser({ email: ADMIN, role: 'admin', passwordHash: await hashPassword(PASSWORD), now: now.toISOString() });
      // Sign in as the console's form does.
      const login = await get('/admin/connexion');
      const loginCookie = /mf_admin_login=([^;]*)/.exec(login.headers.getSetCookie().join('\n'))![1]!;
      const csrf = /name="csrf" value="([^"]+)"/.exec(await login.text())![1]!;
      const signed = await edge.fetch(
        new Request(`${ORIGIN}/admin/connexion`, { method: 'POST', redirect: 'manual', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mf_admin_login=${loginCookie}` }, body: new URLSearchParams({ csrf, email: ADMIN, password: PASSWORD, retour: '/admin/kpi' }).toString() }),
        '198.18.7.2',
      );
      expect(signed.status).toBe(303);
      const cookie = `mf_admin=${/mf_admin=([^;]*)/.exec(signed.headers.getSetCookie().find((c) => c.startsWith('mf_admin='))!)![1]}`;
      const kpi = await (await get('/admin/kpi', { Cookie: cookie })).text();
      expect(kpi).toContain('action="/admin/conversions-google-ads.csv"');
      expect(kpi).toContain('Coût par lead');
      const file = await get('/admin/conversions-google-ads.csv?jours=30', { Cookie: cookie });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="conversions-google-ads-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(await file.text()).toBe(
        [
          'Parameters:TimeZone=Europe/Paris',
          'Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency',
          `TeSt123,Lead,${zonedDateTime(new Date(lead.firstTouch!.at))},,`,
          // Recorded on its day: at that time (never before the click: one second after it if it were).
          `TeSt123,Inscription,${zonedDateTime(now.getTime() > Date.parse(lead.firstTouch!.at) ? now : new Date(Date.parse(lead.firstTouch!.at) + 1000))},2490,EUR`,
          '',
        ].join('\r\n'),
      );
      const [entry] = await team.auditLog(1);
      expect(entry).toMatchObject({ action: 'export-conversions-google-ads', outcome: 'ok', user_email: ADMIN, detail: '1 leads et 1 inscriptions sur 30 jours' });
      const odd = await get('/admin/conversions-google-ads.csv?jours=0', { Cookie: cookie });
      expect(odd.status).toBe(422);
      expect(await odd.text()).toContain('jours\u202f: nombre de jours attendu, de 1 à 365');
      // Without a session: the sign-in page, no file.
      expect((await get('/admin/conversions-google-ads.csv')).status).toBe(303);
    });
  });
}
