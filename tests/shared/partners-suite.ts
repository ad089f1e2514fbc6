// Referral and affiliation end to end, on Node and in workerd + D1 (issue « Acquisition », part 1):
// a partner recorded in the console, its link /parrainage/CODE/ filling the visible « Code de
// parrainage » field (without JavaScript: the edge writes it), a lead carrying the code, an
// enrolment of 2 490 € → the statement shows 100 €; the 10th referral of the year adds 500 €; the
// 5th garage enrolment earns a free place; an influencer gets 5 % of the revenue; a cancellation
// within the withdrawal window reverses, after it does not; self-referral, unknown and disabled
// codes refused; the private page shows no personal data; a bad token is a 404.
import { beforeEach, describe, expect, it } from 'vitest';
import { issueFormToken } from '../../src/edge/form-token';
import { createConsoleStore } from '../../src/console/store';
import { hashPassword } from '../../src/console/auth';
import { parisDay } from '../../src/lib/calendar';
import { addDays } from '../../src/marketing/commissions';
import { REFERRAL_SELF, REFERRAL_UNKNOWN } from '../../src/edge/lead-capture';
import { REFERRAL_ALPHABET } from '../../src/marketing/referral-code';
import type { SqlDriver } from '../../src/edge/store/types';
import { ORIGIN, SECRET, type EdgeUnderTest } from './edge-suite';

const PASSWORD = 'Embrayage-Cardan-2026';
const ADMIN = 'direction@mecaformation.fr';
const SALES = 'ventes@mecaformation.fr';
const NBSP = '\u00a0';

export function partnersSuite(runtime: string, setup: () => Promise<EdgeUnderTest>) {
  // Scoped: a file-level beforeEach would run (and, in workerd, wipe the shared D1) before the other suites' tests too.
  describe(`${runtime}: referral and affiliation`, () => partnerTests(runtime, setup));
}

function partnerTests(runtime: string, setup: () => Promise<EdgeUnderTest>) {
  let edge: EdgeUnderTest;
  let db: SqlDriver;
  let ip = 0;
  beforeEach(async () => {
    edge = await setup();
    db = (edge.store as unknown as { db: SqlDriver }).db;
    const team = createConsoleStore(db);
    const now = new Date().toISOString();
    await team.createUser({ email: ADMIN, role: 'admin', passwordHash: await hashPassword(PASSWORD), now });
    await team.createUser({ email: SALES, role: 'sales', passwordHash: await hashPassword(PASSWORD), now });
  });

  const request = (path: string, init: RequestInit = {}, from = '203.0.113.30') => edge.fetch(new Request(`${ORIGIN}${path}`, { redirect: 'manual', ...init }), from);
  const text = (res: Response) => res.clone().text();
  const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  const today = () => parisDay(new Date());

  async function session(email = ADMIN) {
    const form = await request('/admin/connexion');
    const login = /mf_admin_login=([^;]*)/.exec(cookieOf(form, 'mf_admin_login')!)![1];
    const res = await request('/admin/connexion', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mf_admin_login=${login}` },
      body: new URLSearchParams({ csrf: csrfIn(await text(form))!, email, password: PASSWORD, retour: '/admin/' }).toString(),
    });
    expect(res.status).toBe(303);
    const cookie = `mf_admin=${/mf_admin=([^;]*)/.exec(cookieOf(res, 'mf_admin')!)![1]}`;
    const csrf = csrfIn(await text(await request('/admin/', { headers: { Cookie: cookie } })))!;
    return {
      get: (path: string) => request(path, { headers: { Cookie: cookie } }),
      post: (path: string, fields: Record<string, string>) =>
        request(path, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie }, body: new URLSearchParams({ csrf, ...fields }).toString() }),
    };
  }
  type Team = Awaited<ReturnType<typeof session>>;

  /** A partner added through the console's form; its row. */
  async function addPartner(team: Team, programme: string, name: string, email: string, phone = '') {
    const res = await team.post('/admin/partenaires', { programme, name, email, phone });
    expect(res.status, await text(res)).toBe(303);
    const id = /\/admin\/partenaires\/([\w-]+)\?fait=partenaire$/.exec(res.headers.get('location') ?? '')![1]!;
    const [row] = await db.all<{ id: string; code: string }>('SELECT id, code FROM partners WHERE id = ?', [id]);
    return row!;
  }
  /** A plain form post (no JavaScript) to /api/leads from a client address of its own. */
  async function submit(fields: Record<string, string>, init: { json?: boolean; cookie?: string } = {}) {
    const body = { formToken: await issueFormToken(SECRET, Date.now() - 10_000), ...fields };
    const headers: Record<string, string> = { Origin: ORIGIN, ...(init.cookie ? { Cookie: init.cookie } : {}) };
    ip += 1;
    const from = `198.18.${Math.floor(ip / 250)}.${(ip % 250) + 1}`;
    if (init.json) return request('/api/leads', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) }, from);
    return request('/api/leads', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() }, from);
  }
  const info = (email: string, ref: string, extra: Record<string, string> = {}) =>
    ({ kind: 'info', firstName: 'Sofiane', lastName: 'Haddad', email, situation: 'job-seeker', landingPage: '/parrainage/invitation/', ...(ref ? { ref } : {}), ...extra });
  const leadId = async (email: string) => (await edge.store.findLeadByEmail(email))!.id;
  /** A referred lead (through the form) and its enrolment recorded in the console. */
  async function referredEnrolment(team: Team, code: string, email: string, amount: string, date = today()) {
    expect((await submit(info(email, code))).status).toBe(303);
    const res = await team.post('/admin/inscriptions', { lead: await leadId(email), training: '', amount, date });
    expect(res.status, await text(res)).toBe(303);
  }
  const csvOf = async (team: Team, partnerId: string, query = `annee=${today().slice(0, 4)}`) => {
    const res = await team.get(`/admin/partenaires/${partnerId}/releve.csv?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = (await text(res)).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';').map((c) => c.replace(/^"|"$/g, '')));
    return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])));
  };

  describe(`${runtime}: a partner's code travels without tracking`, () => {
    it('the link /parrainage/CODE/ serves the referral page with the code in the visible field, without a cookie unless the banner was accepted', async () => {
      const team = await session(SALES);
      const { code } = await addPartner(team, 'ambassadeurs-alumni', 'Karim Benali', 'karim.benali@example.fr', '06 11 22 33 44');
      expect(code).toMatch(/^[2-9B-DF-HJ-KMNP-TV-XZ]{4}-[2-9B-DF-HJ-KMNP-TV-XZ]{4}$/);
      // Typed as anyone would: lowercase, no hyphen, no trailing slash.
      const page = await request(`/parrainage/${code.replace('-', '').toLowerCase()}`);
      expect(page.status).toBe(200);
      const html = await text(page);
      expect(html).toContain(`value="${code}" data-referral-code="edge"`);
      expect(html).toContain('<details data-referral open');
      expect(html).toContain(`Votre code de parrainage ${code} est valide`);
      expect(html).toContain('Ambassadeurs anciens élèves');
      expect(html).toMatch(/name="formToken" value="\d{13}\./);
      expect(page.headers.get('cache-control')).toBe('private, no-store');
      expect(cookieOf(page, 'mf_ref')).toBeUndefined();
      // With the banner's consent the code is kept across pages (first-party cookie, 30 days).
      const consented = await request(`/parrainage/${code}/`, { headers: { Cookie: 'mf_consent=accept' } });
      expect(cookieOf(consented, 'mf_ref')).toMatch(new RegExp(`^mf_ref=${code}; Path=/; Max-Age=2592000; SameSite=Lax; Secure$`));
      const later = await text(await request('/inscription/', { headers: { Cookie: `mf_consent=accept; mf_ref=${code}` } }));
      expect(later).toContain(`value="${code}" data-referral-code="edge"`);
      // Without consent a leftover cookie is ignored and deleted.
      const refused = await request('/inscription/', { headers: { Cookie: `mf_consent=refuse; mf_ref=${code}` } });
      expect(await text(refused)).toContain('value="" data-referral-code="edge"');
      expect(cookieOf(refused, 'mf_ref')).toMatch(/^mf_ref=; Path=\/; Max-Age=0/);
      // Refusing in the banner (no JavaScript) deletes it too.
      const consent = await request('/api/consent', { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mf_ref=${code}` }, body: 'choice=refuse' });
      expect(consent.headers.getSetCookie().some((c) => c.startsWith('mf_ref=;') && c.includes('Max-Age=0'))).toBe(true);
    });

    it('?ref=CODE on any page fills the field of that page only; an unknown one fills nothing', async () => {
      const team = await session();
      const { code } = await addPartner(team, 'partenaires-garages', 'Garage du Centre', 'contact@garage-centre.example');
      const html = await text(await request(`/inscription/?ref=${code.toLowerCase()}`));
      expect(html).toContain(`value="${code}" data-referral-code="edge"`);
      expect(html).toContain('<details data-referral open class="x">');
      const next = await text(await request('/inscription/'));
      expect(next).toContain('value="" data-referral-code');
      expect(next).not.toContain('<details data-referral open');
      const unknown = await text(await request('/inscription/?ref=ZZZZ-ZZZZ'));
      expect(unknown).toContain('value="" data-referral-code="edge"');
      // A page without a form is served as it was, and the code is not kept without consent.
      const home = await request(`/?ref=${code}`);
      expect(home.status).toBe(200);
      expect(cookieOf(home, 'mf_ref')).toBeUndefined();
    });

    it('a code created from an application takes the application’s own details, never the form’s; a bad or used candidature is refused; a partner application carries no referral code', async () => {
      expect((await submit({ kind: 'partner', firstName: 'Nadia', lastName: 'Roux', email: 'nadia@garage.example', phone: '06 12 34 56 78', programme: 'partenaires-garages', ref: 'ZZZZ-ZZZZ' })).status).toBe(303);
      const [event] = await db.all<{ attribution: string }>("SELECT attribution FROM lead_events WHERE kind = 'partner'");
      expect(JSON.parse(event!.attribution)).not.toHaveProperty('ref');
      const [task] = await db.all<{ id: string }>("SELECT t.id FROM tasks t JOIN lead_events e ON e.id = t.source_event WHERE e.kind = 'partner'");
      const sales = await session(SALES);
      expect((await sales.post('/admin/partenaires', { candidature: '../x' })).status).toBe(422);
      // Forged fields beside the candidature are ignored.
      const res = await sales.post('/admin/partenaires', { candidature: task!.id, programme: 'influenceurs-auto', name: 'Quelqu’un d’autre', email: 'other@example.fr' });
      expect(res.status, await text(res)).toBe(303);
      const rows = await db.all<{ programme: string; name: string; email: string; phone: string }>('SELECT programme, name, email, phone FROM partners');
      expect(rows).toEqual([{ programme: 'partenaires-garages', name: 'Nadia Roux', email: 'nadia@garage.example', phone: '+33612345678' }]);
      const [done] = await db.all<{ status: string; note: string; done_by: string }>('SELECT status, note, done_by FROM tasks WHERE id = ?', [task!.id]);
      expect(done).toMatchObject({ status: 'done', done_by: SALES });
      expect(done!.note).toMatch(/^partenaire [2-9B-Z]{4}-[2-9B-Z]{4} créé$/);
      expect((await sales.post('/admin/partenaires', { candidature: task!.id })).status).toBe(409);
      expect(await db.all('SELECT id FROM partners')).toHaveLength(1);
    });

    it('a link whose code leads nowhere is counted for the team (per code and day, no cookie, robots aside) and listed in the console with the partner of a disabled code; 50 codes a day at most are named', async () => {
      const admin = await session();
      const partner = await addPartner(admin, 'ambassadeurs-alumni', 'Inès Martin', 'ines@alumni.example');
      const gone = await addPartner(admin, 'partenaires-garages', 'Garage Fermé', 'contact@garage-ferme.example');
      expect((await admin.post(`/admin/partenaires/${gone.id}/desactiver`, {})).status).toBe(303);
      const counted = async () =>
        Object.fromEntries((await db.all<{ dimension: string; count: number }>("SELECT dimension, count FROM audience_daily WHERE metric = 'referral-unknown' ORDER BY dimension")).map((r) => [r.dimension, Number(r.count)]));
      // A person's browser (a request without a User-Agent is a robot's).
      const visit = (path: string, headers: Record<string, string> = {}) => request(path, { headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', ...headers } });
      await visit('/inscription/?ref=zzzz-zzzz');
      await visit('/parrainage/ZZZZZZZZ/');
      await visit('/parrainage/nimporte/');
      await visit(`/?ref=${gone.code}`);
      // An active partner's link, a robot and a prefetch count nothing.
      await visit(`/parrainage/${partner.code}/`);
      await visit('/?ref=BBBB-BBBB', { 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
      await visit('/?ref=CCCC-CCCC', { 'Sec-Purpose': 'prefetch' });
      expect(await counted()).toEqual({ '(mal formé)': 1, [gone.code]: 1, 'ZZZZ-ZZZZ': 2 });
      const page = await text(await admin.get('/admin/partenaires'));
      expect(page).toContain('Liens de parrainage sans code actif (30 derniers jours)');
      expect(page).toMatch(new RegExp(`<strong>${gone.code}</strong></td><td[^>]*>1</td>.*désactivé le .*Garage Fermé`, 's'));
      expect(page).toMatch(/<strong>ZZZZ-ZZZZ<\/strong><\/td><td[^>]*>2<\/td>.*jamais attribué/s);
      // Made-up links by the hundred cannot grow the table: after 50 codes a day, « (autres) ».
      for (let i = 0; i < 60; i++) await visit(`/?ref=${REFERRAL_ALPHABET[i % 27]}${REFERRAL_ALPHABET[Math.floor(i / 27)]}BB-BBBB`);
      const after = await counted();
      expect(Object.keys(after)).toHaveLength(51);
      expect(after['(autres)']).toBe(60 - (50 - 3));
    });

    it('an unknown, malformed or disabled code: the referral page with a French message, status 404, never a 5xx; the value is escaped', async () => {
      for (const path of ['/parrainage/ZZZZ-ZZZZ/', '/parrainage/nimporte/', '/parrainage/%22%3E%3Cscript%3Ealert(1)%3C%20script%3E/']) {
        const res = await request(path);
        expect(res.status, path).toBe(404);
        const html = await text(res);
        expect(html, path).toContain('n’existe pas ou n’est plus actif');
        expect(html, path).toContain('value="" data-referral-code="edge"');
        expect(html, path).not.toContain('<script>');
      }
      expect(await text(await request('/parrainage/%3Cscript%3E/'))).toContain('«\u202f&lt;script&gt;\u202f»');
      const admin = await session();
      const partner = await addPartner(admin, 'influenceurs-auto', 'Léa Mécanique', 'lea@example.fr');
      // Only an admin disables a code (sales: 403, logged).
      const sales = await session(SALES);
      expect((await sales.post(`/admin/partenaires/${partner.id}/desactiver`, {})).status).toBe(403);
      expect(await db.all("SELECT outcome FROM audit_log WHERE action = 'desactivation-partenaire'")).toEqual([{ outcome: 'refused' }]);
      expect((await admin.post(`/admin/partenaires/${partner.id}/desactiver`, {})).status).toBe(303);
      expect((await admin.post(`/admin/partenaires/${partner.id}/desactiver`, {})).status).toBe(409);
      const disabled = await request(`/parrainage/${partner.code}/`);
      expect(disabled.status).toBe(404);
      expect(await text(disabled)).toContain('n’existe pas ou n’est plus actif');
      const res = await submit(info('sofiane@example.fr', partner.code), { json: true });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ errors: { ref: REFERRAL_UNKNOWN } });
    });
  });

  describe(`${runtime}: the code at submission`, () => {
    it('is checked and kept on the lead; the first valid code wins; an unknown one is a 422 naming the field, with the form offered again (no JavaScript)', async () => {
      const team = await session();
      const a = await addPartner(team, 'ambassadeurs-alumni', 'Karim Benali', 'karim.benali@example.fr');
      const b = await addPartner(team, 'ambassadeurs-alumni', 'Nadia Roux', 'nadia.roux@example.fr');
      const unknown = await submit(info('sofiane@example.fr', 'ZZZZ-ZZZZ'));
      expect(unknown.status).toBe(422);
      const page = await text(unknown);
      expect(page).toContain('Code de parrainage');
      expect(page).toContain('n’existe pas ou n’est plus actif');
      expect(page).toContain('name="ref" value="ZZZZ-ZZZZ"');
      expect(await edge.store.findLeadByEmail('sofiane@example.fr')).toBeNull();
      const malformed = await submit(info('sofiane@example.fr', 'PARRAIN_42'), { json: true });
      expect(malformed.status).toBe(422);
      expect(((await malformed.json()) as { errors: { ref: string } }).errors.ref).toMatch(/n’a pas la bonne forme/);

      expect((await submit(info('sofiane@example.fr', a.code.toLowerCase().replace('-', ' ')))).status).toBe(303);
      const [lead] = await db.all<{ referral_code: string }>('SELECT referral_code FROM leads WHERE email = ?', ['sofiane@example.fr']);
      expect(lead!.referral_code).toBe(a.code);
      const [event] = await db.all<{ attribution: string }>('SELECT attribution FROM lead_events');
      expect(JSON.parse(event!.attribution).ref).toBe(a.code);
      // A later request with another partner's code does not steal the referral.
      expect((await submit({ ...info('sofiane@example.fr', b.code), kind: 'callback', phone: '06 98 76 54 32' })).status).toBe(303);
      expect((await db.all<{ referral_code: string }>('SELECT referral_code FROM leads WHERE email = ?', ['sofiane@example.fr']))[0]!.referral_code).toBe(a.code);
      // The leads' CSV export says it.
      const csv = await text(await team.get('/admin/leads.csv'));
      expect(csv).toContain('code_parrainage');
      expect(csv).toContain(a.code);
    });

    it('a self-referral is refused: the partner’s own address (any case, +tag) or phone; the visitor is told', async () => {
      const team = await session();
      const { code } = await addPartner(team, 'ambassadeurs-alumni', 'Karim Benali', 'karim.benali@example.fr', '06 11 22 33 44');
      const sameMail = await submit(info('Karim.Benali+formation@Example.fr', code), { json: true });
      expect(sameMail.status).toBe(422);
      expect(await sameMail.json()).toMatchObject({ ok: false, errors: { ref: REFERRAL_SELF } });
      const samePhone = await submit({ ...info('cousin@example.fr', code), kind: 'callback', phone: '+33 6 11 22 33 44' }, { json: true });
      expect(samePhone.status).toBe(422);
      expect(await samePhone.json()).toMatchObject({ errors: { ref: REFERRAL_SELF } });
      expect(await db.all('SELECT * FROM leads')).toEqual([]);
      // Cleared, the same request goes through, without a referral.
      expect((await submit(info('karim.benali@example.fr', ''))).status).toBe(303);
      const id = await leadId('karim.benali@example.fr');
      // And the team cannot type the partner's own code on their enrolment either.
      const typed = await team.post('/admin/inscriptions', { lead: id, amount: '2490', date: today(), parrainage: code });
      expect(typed.status).toBe(422);
      expect(await text(typed)).toContain('Code de parrainage\u202f: c’est le code de la personne qui s’inscrit');
      expect(await db.all('SELECT * FROM enrolments')).toEqual([]);
    });
  });

  describe(`${runtime}: commissions and statements`, () => {
    it('an alumni ambassador’s link → a lead with the code → an enrolment of 2 490 € → the statement shows 100 €; the private page shows no personal data; a bad token is a 404', async () => {
      const team = await session();
      const partner = await addPartner(team, 'ambassadeurs-alumni', 'Karim Benali', 'karim.benali@example.fr');
      const landing = await text(await request(`/parrainage/${partner.code}/`));
      const filled = /name="ref" value="([^"]*)"/.exec(landing)![1]!;
      expect(filled).toBe(partner.code);
      expect((await submit({ ...info('sofiane.haddad@example.fr', filled), phone: '06 98 76 54 32' })).status).toBe(303);
      const res = await team.post('/admin/inscriptions', { lead: await leadId('sofiane.haddad@example.fr'), training: 'cap-maintenance-vehicules', amount: '2 490', date: today() });
      expect(res.status, await text(res)).toBe(303);
      expect(await db.all('SELECT partner_code, amount_eur FROM enrolments')).toEqual([{ partner_code: partner.code, amount_eur: 2490 }]);
      expect((await db.all<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'inscription'"))[0]!.detail).toContain(`code de parrainage ${partner.code}`);

      const statement = await text(await team.get(`/admin/partenaires/${partner.id}`));
      expect(statement).toContain(`Total</dt><dd>100${NBSP}€ dont 100${NBSP}€ encore en délai de rétractation`);
      expect(statement).toContain(`2${'\u202f'}490${NBSP}€`);
      const [line] = await csvOf(team, partner.id);
      expect(line).toMatchObject({ date_inscription: today(), montant_eur: '2490,00', statut: 'en délai de rétractation', commission_eur: '100,00', prime_eur: '0,00', places_offertes: '0' });
      expect((await db.all("SELECT outcome FROM audit_log WHERE action = 'releve-partenaire-csv'")).length).toBe(1);

      // The private page: signed link shown in the console; code, link, earnings, no name, e-mail or phone of the referred.
      const space = /(\/partenaires\/espace\/[\w.-]+\/)/.exec(statement)![1]!;
      const page = await request(space);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('x-robots-tag')).toBe('noindex, nofollow');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await text(page);
      // In the site's layout (the edge's own pages), under its one title.
      expect(html).toContain('data-site-header');
      expect(html.match(/<h1[^>]*>Votre espace partenaire<\/h1>/g)).toHaveLength(1);
      expect(html).toContain(partner.code);
      expect(html).toContain(`${ORIGIN}/parrainage/${partner.code}/`);
      expect(html).toContain(`100${NBSP}€`);
      expect(html).toContain('en délai de rétractation');
      for (const personal of ['Sofiane', 'Haddad', 'sofiane.haddad', '98 76 54 32', '+33698765432']) expect(html, personal).not.toContain(personal);
      const csv = await text(await team.get(`/admin/partenaires/${partner.id}/releve.csv`));
      for (const personal of ['Sofiane', 'Haddad', 'sofiane.haddad']) expect(csv, personal).not.toContain(personal);
      // A tampered token, another purpose's signature, garbage: the same French 404.
      const [id, sig] = space.split('/')[3]!.split('.') as [string, string];
      for (const bad of [`${id}.${sig.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A'))}`, `${crypto.randomUUID()}.${sig}`, 'nimporte-quoi']) {
        const res404 = await request(`/partenaires/espace/${bad}/`);
        expect(res404.status, bad).toBe(404);
        expect(await text(res404)).toContain('Espace partenaire introuvable');
      }
      expect((await request(`${space}?annee=deux-mille`)).status).toBe(400);
    });

    it('the 10th referral of the year adds the 500 € bonus', async () => {
      const team = await session();
      const partner = await addPartner(team, 'ambassadeurs-alumni', 'Karim Benali', 'karim.benali@example.fr');
      for (let i = 1; i <= 9; i++) await referredEnrolment(team, partner.code, `filleul${i}@example.fr`, '890');
      const nine = await csvOf(team, partner.id);
      expect(nine.at(-1)).toMatchObject({ date_inscription: 'TOTAL', commission_eur: '900,00', prime_eur: '0,00' });
      await referredEnrolment(team, partner.code, 'filleul10@example.fr', '890');
      const ten = await csvOf(team, partner.id);
      expect(ten.find((l) => l.rang_annee === '10')).toMatchObject({ commission_eur: '100,00', prime_eur: '500,00' });
      expect(ten.at(-1)).toMatchObject({ commission_eur: '1000,00', prime_eur: '500,00' });
      expect(await text(await team.get(`/admin/partenaires/${partner.id}`))).toContain(`Total</dt><dd>1${'\u202f'}500${NBSP}€`);
    });

    it('the 5th garage enrolment of the year earns a free place', async () => {
      const team = await session();
      const partner = await addPartner(team, 'partenaires-garages', 'Garage du Centre', 'contact@garage-centre.example', '01 23 45 67 89');
      for (let i = 1; i <= 4; i++) await referredEnrolment(team, partner.code, `apprenti${i}@example.fr`, '1490');
      expect((await csvOf(team, partner.id)).at(-1)).toMatchObject({ commission_eur: '800,00', places_offertes: '0' });
      await referredEnrolment(team, partner.code, 'apprenti5@example.fr', '1490');
      const five = await csvOf(team, partner.id);
      expect(five.find((l) => l.rang_annee === '5')).toMatchObject({ commission_eur: '200,00', places_offertes: '1' });
      expect(five.at(-1)).toMatchObject({ commission_eur: '1000,00', prime_eur: '0,00', places_offertes: '1' });
    });

    it('an influencer’s statement shows 5 % of the revenue they brought, and the premium access', async () => {
      const team = await session();
      const partner = await addPartner(team, 'influenceurs-auto', 'Léa Mécanique', 'lea@example.fr');
      await referredEnrolment(team, partner.code, 'abonne1@example.fr', '2490');
      await referredEnrolment(team, partner.code, 'abonne2@example.fr', '890');
      const lines = await csvOf(team, partner.id);
      expect(lines.map((l) => l.commission_eur)).toEqual(['124,50', '44,50', '169,00']);
      expect(lines.at(-1)!.formation).toContain('Accès à la plateforme premium');
      const page = await text(await team.get(`/admin/partenaires/${partner.id}`));
      expect(page).toContain(`124,50${NBSP}€`);
      expect(page).toContain('Accès à la plateforme premium');
    });

    it('a cancellation within the withdrawal window reverses the commission; after it, the commission stays', async () => {
      const team = await session();
      const partner = await addPartner(team, 'ambassadeurs-alumni', 'Karim Benali', 'karim.benali@example.fr');
      await referredEnrolment(team, partner.code, 'tot@example.fr', '2490');
      const early = addDays(today(), -20);
      await referredEnrolment(team, partner.code, 'tard@example.fr', '2490', early);
      const rows = await db.all<{ id: string; enrolled_on: string }>('SELECT id, enrolled_on FROM enrolments ORDER BY enrolled_on DESC');
      // Cancelled today: within the 14 days of the first, 20 days after the second.
      for (const r of rows) expect((await team.post(`/admin/inscriptions/${r.id}/annuler`, { date: today() })).status).toBe(303);
      // A cancellation date before the enrolment, or in the future, is refused naming the field.
      expect((await team.post(`/admin/inscriptions/${rows[0]!.id}/annuler`, { date: addDays(today(), 3) })).status).toBe(422);
      const lines = async (year: string) => csvOf(team, partner.id, `annee=${year}`);
      const current = await lines(today().slice(0, 4));
      expect(current.find((l) => l.date_inscription === today())).toMatchObject({ statut: 'annulée dans le délai : commission annulée', commission_eur: '0,00', rang_annee: '' });
      const earlyYear = early.slice(0, 4) === today().slice(0, 4) ? current : await lines(early.slice(0, 4));
      expect(earlyYear.find((l) => l.date_inscription === early)).toMatchObject({ statut: 'annulée après le délai : commission maintenue', commission_eur: '100,00' });
    });

    it('the console: partners list and pages render in French; odd input is a 422 naming the field; one code per person', async () => {
      const team = await session(SALES);
      for (const [fields, field] of [
        [{ programme: 'parrains', name: 'X Y', email: 'x@example.fr' }, 'Programme'],
        [{ programme: 'ambassadeurs-alumni', name: 'K', email: 'x@example.fr' }, 'Nom'],
        [{ programme: 'ambassadeurs-alumni', name: 'Voir https://spam.example', email: 'x@example.fr' }, 'Nom'],
        [{ programme: 'ambassadeurs-alumni', name: 'Karim', email: 'pas-une-adresse' }, 'E-mail'],
        [{ programme: 'ambassadeurs-alumni', name: 'Karim', email: 'x@example.fr', phone: '12' }, 'Téléphone'],
      ] as const) {
        const res = await team.post('/admin/partenaires', fields);
        expect(res.status, field).toBe(422);
        expect(await text(res)).toContain(`${field}\u202f:`);
      }
      const partner = await addPartner(team, 'ambassadeurs-alumni', 'Karim Benali', 'karim.benali@example.fr');
      const twice = await team.post('/admin/partenaires', { programme: 'influenceurs-auto', name: 'Karim B.', email: 'KARIM.BENALI@example.fr' });
      expect(twice.status).toBe(422);
      expect(await text(twice)).toContain(partner.code);
      expect((await db.all<{ detail: string }>("SELECT detail FROM audit_log WHERE action = 'partenaire-ajout'"))).toHaveLength(1);
      for (const path of ['/admin/partenaires', `/admin/partenaires/${partner.id}`, `/admin/partenaires/${partner.id}?mois=${today().slice(0, 7)}`, '/admin/inscriptions']) {
        const res = await team.get(path);
        expect(res.status, path).toBe(200);
        const html = await text(res);
        expect(html, path).toContain('<html lang="fr">');
        expect(html, path).not.toMatch(/undefined|NaN|\[object Object\]/);
      }
      expect(await text(await team.get(`/admin/partenaires/${partner.id}`))).toContain('réservée à l’administration');
      expect((await team.get(`/admin/partenaires/${partner.id}?annee=26`)).status).toBe(422);
      expect((await team.get('/admin/partenaires/inconnu')).status).toBe(404);
    });
  });
}
