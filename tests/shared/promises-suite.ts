// What the site promises, kept (issue « Promises kept »), on Node and in workerd + D1: the guide
// and the e-mails people ask for, whatever the marketing box says; webinars with their seats,
// waiting list, calendar invitations and reminders; broadcasts to consenting members only, once;
// a newsletter that sends nothing until confirmed.
import { beforeEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { issueFormToken } from '../../src/edge/form-token';
import { guidePaths } from '../../src/lib/guide';
import { ORIGIN, SECRET, type EdgeUnderTest, type SentEmail } from './edge-suite';
import { BROADCAST_DELAY_MS, TEST_WEBINAR, testRules } from './test-rules';

const HOUR = 3_600_000;
const marketing = (m: SentEmail) => Boolean(m.headers['List-Unsubscribe']);

export function promisesSuite(runtime: string, setup: () => Promise<EdgeUnderTest>) {
  let edge: EdgeUnderTest;
  let ip = 0;
  beforeEach(async () => {
    edge = await setup();
  });
  const request = (path: string, init: RequestInit = {}) => edge.fetch(new Request(path.startsWith('http') ? path : `${ORIGIN}${path}`, init), `198.18.0.${(ip++ % 250) + 1}`);
  const post = async (fields: Record<string, string>) =>
    request('/api/leads', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ formToken: await issueFormToken(SECRET, Date.now() - 10_000 - ip), ...fields }).toString(),
    });
  const to = async (email: string) => (await edge.outbox()).filter((m) => m.to === email);
  const linkIn = (m: SentEmail, path: RegExp) => new RegExp(`https://www\\.mecaformation\\.fr(${path.source})`).exec(m.text)?.[1];

  describe(`${runtime}: what a person asks for is sent`, () => {
    it('the guide with the required fields only: its own thank-you page, exactly one e-mail with the PDF link, no marketing', async () => {
      const res = await post({ kind: 'guide', firstName: 'Inès', email: 'ines@example.fr', landingPage: '/guide-gratuit/' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/merci/guide/');
      await edge.tick(new Date(Date.now() + 60_000));
      await edge.tick(new Date(Date.now() + 20 * 86_400_000));
      const mails = await to('ines@example.fr');
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toMatch(/^Votre guide/);
      expect(mails[0]!.text).toContain(`https://www.mecaformation.fr${guidePaths.pdf}`);
      expect(marketing(mails[0]!)).toBe(false);
      // The legal footer of a transactional e-mail.
      expect(mails[0]!.text).toMatch(/à la suite d’une demande faite sur le site/);
    });

    it('with the marketing box: one e-mail at once, the welcome e-mail, which carries the guide; the sequence goes on', async () => {
      const res = await post({ kind: 'guide', firstName: 'Inès', email: 'ines@example.fr', consentMarketing: 'yes' });
      expect(res.headers.get('location')).toBe('/merci/guide/conseils/');
      await edge.tick(new Date(Date.now() + 60_000));
      const mails = await to('ines@example.fr');
      expect(mails).toHaveLength(1);
      expect(marketing(mails[0]!)).toBe(true);
      expect(mails[0]!.text).toContain(`https://www.mecaformation.fr${guidePaths.pdf}`);
      await edge.tick(new Date(Date.now() + 2 * 86_400_000 + 60_000));
      expect(await to('ines@example.fr')).toHaveLength(2); // day 3
    });

    it('a callback request is acknowledged with the day the call will come, whatever the box says', async () => {
      await post({ kind: 'callback', firstName: 'Yanis', lastName: 'B', email: 'yanis@example.fr', phone: '06 12 34 56 78', situation: 'job-seeker' });
      await edge.tick(new Date(Date.now() + 60_000));
      const [ack] = await to('yanis@example.fr');
      expect(ack!.subject).toBe('Nous avons bien reçu votre demande');
      expect(ack!.text).toMatch(/au plus tard le (lundi|mardi|mercredi|jeudi|vendredi) \d{1,2}(er)? \p{L}+ \d{4} à \d{1,2}\u00a0h/u);
      expect(marketing(ack!)).toBe(false);
      expect((await edge.outbox()).some((m) => m.to === 'conseil@mecaformation.fr')).toBe(true);
      expect(ack!.text).toContain('vous rappelle au numéro que vous avez indiqué');
      const [notice] = (await edge.outbox()).filter((m) => m.to === 'conseil@mecaformation.fr');
      expect(notice!.text).toMatch(/^Nouvelle demande de rappel\u202f: à rappeler avant le /);
    });

    it('an information request without a phone number is answered by e-mail, as the acknowledgement and the advisers are told', async () => {
      const res = await post({ kind: 'info', firstName: 'Lina', lastName: 'M', email: 'lina@example.fr', situation: 'job-seeker', landingPage: '/parrainage/' });
      expect(res.headers.get('location')).toBe('/merci/demande/');
      await edge.tick(new Date(Date.now() + 60_000));
      const [ack] = await to('lina@example.fr');
      expect(ack!.subject).toBe('Nous avons bien reçu votre demande');
      expect(ack!.text).toContain('vous répond par e-mail, à cette adresse, au plus tard le ');
      expect(ack!.text).not.toContain('au numéro que vous avez indiqué');
      const [notice] = (await edge.outbox()).filter((m) => m.to === 'conseil@mecaformation.fr');
      expect(notice!.text).toMatch(/^Nouvelle demande d’information\u202f: à recontacter par e-mail \(aucun numéro donné\) avant le /);
      expect(notice!.text).toContain('Téléphone\u202f: non renseigné');
    });

    it('a partner application gets its own thank-you page and acknowledgement (the programme, the date of the answer); the team a notice to send the convention, no learner score', async () => {
      const res = await post({ kind: 'partner', firstName: 'Nadia', lastName: 'Roux', email: 'nadia@example.fr', programme: 'partenaires-garages', message: 'Garage à Lyon.', landingPage: '/parrainage/' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/merci/partenariat/');
      await edge.tick(new Date(Date.now() + 60_000));
      const [ack, ...more] = await to('nadia@example.fr');
      expect(more).toHaveLength(0);
      expect(ack!.subject).toBe('Nous avons bien reçu votre candidature');
      expect(ack!.text).toContain('programme «\u202fGarages partenaires\u202f»');
      expect(ack!.text).toMatch(/au plus tard le (lundi|mardi|mercredi|jeudi|vendredi) \d{1,2}(er)? \p{L}+ \d{4}/u);
      expect(marketing(ack!)).toBe(false);
      const [notice] = (await edge.outbox()).filter((m) => m.to === 'conseil@mecaformation.fr');
      expect(notice!.subject).toMatch(/^Candidature de partenaire à traiter avant le .*Nadia Roux$/);
      expect(notice!.text).toMatch(/^Nouvelle candidature de partenaire \(programme «\u202fGarages partenaires\u202f»\)\u202f: répondre par e-mail avec la convention avant le /);
      expect(notice!.text).toContain('Message\u202f: Garage à Lyon.');
      expect(notice!.text).not.toMatch(/Score|Situation|Formation\u202f:/);
      // An unknown programme is refused in French, naming the field; nothing is stored.
      const refused = await post({ kind: 'partner', firstName: 'Nadia', lastName: 'Roux', email: 'nadia2@example.fr', programme: 'influenceurs-tiktok' });
      expect(refused.status).toBe(422);
      expect(await refused.text()).toContain('Choisissez un programme dans la liste.');
      expect(await to('nadia2@example.fr')).toHaveLength(0);
    });
  });

  describe(`${runtime}: webinars end to end`, () => {
    const webinar = () => testRules().webinarEvents.find((w) => w.slug === TEST_WEBINAR)!;
    const register = (email: string, firstName: string) => post({ kind: 'webinar', webinar: TEST_WEBINAR, firstName, lastName: 'Test', email, situation: 'job-seeker' });

    it('seats up to the capacity, then a waiting list; an invitation a standard parser reads; reminders the day before and an hour before; a cancellation moves the list up', async () => {
      expect((await register('a@example.fr', 'Anna')).headers.get('location')).toBe('/merci/webinaire/');
      expect((await register('b@example.fr', 'Bruno')).headers.get('location')).toBe('/merci/webinaire/');
      // Capacity 2: the third lands on the waiting list.
      expect((await register('c@example.fr', 'Chloé')).headers.get('location')).toBe('/merci/webinaire/attente/');
      await edge.tick(new Date(Date.now() + 60_000));
      const [confirmation] = await to('a@example.fr');
      expect(confirmation!.subject).toBe('Inscription confirmée : Webinaire de test'.replace(' :', '\u202f:'));
      expect(confirmation!.text).toContain('https://visio.example/salle-de-test');
      const ics = confirmation!.attachments!.find((a) => a.filename.endsWith('.ics'))!;
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.content)).getFirstSubcomponent('vevent')!);
      expect(event.uid).toBe(`webinaire-${TEST_WEBINAR}@www.mecaformation.fr`);
      expect(event.startDate.toJSDate().toISOString()).toBe(webinar().startsAt);
      expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(60 * 60_000);
      expect(event.summary).toContain('Webinaire de test');
      expect(event.location).toBe('https://visio.example/salle-de-test');
      expect(new ICAL.Component(ICAL.parse(ics.content)).getFirstPropertyValue('method')).toBe('REQUEST');
      const [waiting] = await to('c@example.fr');
      expect(waiting!.subject).toMatch(/^Liste d’attente/);
      expect(waiting!.text).toContain('en position 1');
      expect(waiting!.attachments ?? []).toHaveLength(0);

      // Bruno cancels with the link of his e-mail (GET shows a button; POST frees the seat).
      const [bruno] = await to('b@example.fr');
      const cancel = linkIn(bruno!, /\/api\/webinars\/cancel\/[\w.-]+/)!;
      expect(await (await request(cancel)).text()).toContain('Annuler mon inscription');
      expect((await request(cancel, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' })).status).toBe(200);
      await edge.tick(new Date(Date.now() + 2 * 60_000));
      const chloe = await to('c@example.fr');
      expect(chloe.map((m) => m.subject)).toEqual([expect.stringMatching(/^Liste d’attente/), expect.stringMatching(/^Une place s’est libérée/)]);
      expect(chloe[1]!.attachments!.some((a) => a.content.includes('BEGIN:VEVENT'))).toBe(true);

      // The day before, then an hour before: Anna and Chloé, not Bruno.
      const start = new Date(webinar().startsAt).getTime();
      await edge.tick(new Date(start - 24 * HOUR + 60_000));
      await edge.tick(new Date(start - HOUR + 60_000));
      for (const email of ['a@example.fr', 'c@example.fr']) {
        const subjects = (await to(email)).map((m) => m.subject);
        expect(subjects.filter((s) => s.startsWith('Demain'))).toHaveLength(1);
        expect(subjects.filter((s) => s.startsWith('Dans une heure'))).toHaveLength(1);
      }
      expect((await to('b@example.fr')).map((m) => m.subject).filter((s) => /^(Demain|Dans une heure)/.test(s))).toHaveLength(0);
    });

    it('refuses a registration once the session has started or for an unknown webinar (422 in French)', async () => {
      const res = await request('/api/leads', {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ kind: 'webinar', webinar: 'vehicules-electriques-2026', firstName: 'Anna', lastName: 'T', email: 'late@example.fr', situation: 'job-seeker', formToken: await issueFormToken(SECRET, Date.now() - 10_000) }),
      });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { errors: Record<string, string> }).errors.webinar).toMatch(/n’est plus ouvert aux inscriptions/);
    });
  });

  describe(`${runtime}: newsletters and broadcasts`, () => {
    it('a newsletter sign-up receives nothing but the confirmation until it is confirmed; then it is a member', async () => {
      expect((await post({ kind: 'newsletter', firstName: 'Lise', email: 'lise@example.fr' })).headers.get('location')).toBe('/merci/lettre/');
      await edge.tick(new Date(Date.now() + 60_000));
      const mails = await to('lise@example.fr');
      expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/Confirmez votre demande/)]);
      const link = linkIn(mails[0]!, /\/api\/confirm\/[\w.-]+/)!;
      expect(await (await request(link)).text()).toContain('recevoir la lettre d’information mensuelle');
      expect((await request(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'request=0' })).status).toBe(200);
      expect(((await edge.store.exportLead('lise@example.fr'))!.lists as { list: string; status: string }[])).toEqual([expect.objectContaining({ list: 'newsletter', status: 'active' })]);
    });

    it('a broadcast dated now reaches each consenting member of its audience once, and no suppressed or unconsenting address', async () => {
      // A confirmed newsletter member, two garages with the box ticked (one later unsubscribed), a garage without it.
      await post({ kind: 'newsletter', firstName: 'Lise', email: 'lise@example.fr' });
      const garage = (email: string, consent: boolean) =>
        post({ kind: 'garage-quote', firstName: 'Marc', lastName: 'T', email, phone: '01 84 60 00 00', company: 'Garage du Centre', companySize: '4-8', situation: 'company', ...(consent ? { consentMarketing: 'yes' } : {}) });
      await garage('garage@example.fr', true);
      await garage('parti@example.fr', true);
      await garage('sans@example.fr', false);
      await edge.tick(new Date(Date.now() + 30_000));
      const confirm = linkIn((await to('lise@example.fr'))[0]!, /\/api\/confirm\/[\w.-]+/)!;
      await request(confirm, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'request=0' });
      const parti = (await edge.store.findLeadByEmail('parti@example.fr'))!;
      const { signLead } = await import('../../src/edge/signing');
      await request(`/api/unsubscribe/${await signLead(SECRET, 'unsubscribe', parti.id)}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      // The broadcast is due an hour after the rules were made: these ticks turn it into jobs once and send it.
      for (let i = 1; i <= 3; i++) await edge.tick(new Date(Date.now() + BROADCAST_DELAY_MS + i * 60_000));
      const got = async (email: string) => (await to(email)).filter((m) => m.subject === 'Un envoi de test').length;
      expect(await got('lise@example.fr')).toBe(1);
      expect(await got('garage@example.fr')).toBe(1);
      expect(await got('parti@example.fr')).toBe(0);
      expect(await got('sans@example.fr')).toBe(0);
      const received = (await edge.outbox()).find((m) => m.subject === 'Un envoi de test')!;
      expect(received.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    });
  });
}
