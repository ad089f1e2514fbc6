// The team's console, the audience measurement and the reports, on Node and in workerd + D1
// (issue « The back office »): sign-in and every refusal (wrong password, lockout, missing CSRF
// token, foreign origin, expired session, a sales account erasing), each written to the audit log;
// leads with their attribution, the CSV export, the score breakdown, callbacks, enrolments, the
// RGPD export and erasure; page views counted without a cookie; the KPI report from the store.
import { beforeEach, describe, expect, it } from 'vitest';
import { issueFormToken } from '../../src/edge/form-token';
import { emailHash } from '../../src/edge/signing';
import { createConsoleStore, type ConsoleStore } from '../../src/console/store';
import { hashPassword } from '../../src/console/auth';
import { kpiReportFrom, parsePeriod } from '../../src/console/kpi-data';
import { parisDay } from '../../src/lib/calendar';
import type { SqlDriver } from '../../src/edge/store/types';
import { ORIGIN, SECRET, type EdgeUnderTest } from './edge-suite';
import { testRules } from './test-rules';

const PASSWORD = 'Vidange-Courroie-2026';
const ADMIN = 'admin@mecaformation.fr';
const SALES = 'commercial@mecaformation.fr';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

export function consoleSuite(runtime: string, setup: () => Promise<EdgeUnderTest>) {
  let edge: EdgeUnderTest;
  let db: SqlDriver;
  let team: ConsoleStore;
  beforeEach(async () => {
    edge = await setup();
    db = (edge.store as unknown as { db: SqlDriver }).db;
    team = createConsoleStore(db);
    const now = new Date().toISOString();
    await team.createUser({ email: ADMIN, role: 'admin', passwordHash: await hashPassword(PASSWORD), now });
    await team.createUser({ email: SALES, role: 'sales', passwordHash: await hashPassword(PASSWORD), now });
  });

  const request = (path: string, init: RequestInit = {}, ip = '203.0.113.20') => edge.fetch(new Request(`${ORIGIN}${path}`, { redirect: 'manual', ...init }), ip);
  const cookieOf = (res: Response, name: string) => new RegExp(`${name}=([^;]*)`).exec(res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`)) ?? '')?.[1];
  const text = (res: Response) => res.clone().text();
  const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];

  /** Signs in through the form; returns the session cookie and a page's CSRF token. */
  async function signIn(email = ADMIN, password = PASSWORD, ip = '203.0.113.20') {
    const form = await request('/admin/connexion', {}, ip);
    const loginCookie = cookieOf(form, 'mf_admin_login')!;
    const res = await request(
      '/admin/connexion',
      { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mf_admin_login=${loginCookie}` }, body: new URLSearchParams({ csrf: csrfIn(await text(form))!, email, password, retour: '/admin/leads' }).toString() },
      ip,
    );
    return { res, session: cookieOf(res, 'mf_admin') };
  }
  async function session(email = ADMIN) {
    const { res, session } = await signIn(email);
    expect(res.status, await text(res)).toBe(303);
    const cookie = `mf_admin=${session}`;
    const home = await request('/admin/', { headers: { Cookie: cookie } });
    const csrf = csrfIn(await text(home))!;
    const get = (path: string) => request(path, { headers: { Cookie: cookie } });
    const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      request(path, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, ...headers }, body: new URLSearchParams({ csrf, ...fields }).toString() });
    return { cookie, csrf, get, post };
  }
  const submit = async (fields: Record<string, string>, ip = '198.18.1.1') =>
    request(
      '/api/leads',
      { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ formToken: await issueFormToken(SECRET, Date.now() - 10_000), ...fields }).toString() },
      ip,
    );
  const callback = (email = 'yanis@example.fr') =>
    submit({ kind: 'callback', firstName: 'Yanis', lastName: 'Benali', email, phone: '06 12 34 56 78', situation: 'job-seeker', utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'Primo_Arrivants', landingPage: '/formation-primo-arrivant-890-euros/' });
  const audit = (action: string) => db.all<{ outcome: string; detail: string; user_email: string | null }>('SELECT outcome, detail, user_email FROM audit_log WHERE action = ? ORDER BY at', [action]);

  describe(`${runtime}: console sign-in and refusals`, () => {
    it('a page without a session goes to the sign-in page; the pages are never cached nor indexed', async () => {
      const res = await request('/admin/leads');
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/connexion?retour=%2Fadmin%2Fleads');
      const login = await request('/admin/connexion');
      expect(login.status).toBe(200);
      expect(login.headers.get('cache-control')).toBe('no-store');
      expect(login.headers.get('x-robots-tag')).toBe('noindex, nofollow');
      const html = await text(login);
      expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
      expect(html).toContain('<html lang="fr">');
      // The CSRF token of the form is the login cookie's value (double submit).
      expect(csrfIn(html)).toBe(cookieOf(login, 'mf_admin_login'));
    });

    it('the right password opens a session: HttpOnly, Secure, SameSite=Strict cookie limited to /admin; back to the page asked for', async () => {
      const { res } = await signIn();
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/leads');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('mf_admin='))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\/admin/);
      // Only a hash of the token is stored.
      const [stored] = await db.all<{ token_hash: string }>('SELECT token_hash FROM sessions');
      expect(stored!.token_hash).not.toBe(cookieOf(res, 'mf_admin'));
      expect((await audit('connexion')).at(-1)).toMatchObject({ outcome: 'ok', user_email: ADMIN });
    });

    it('a wrong password is refused (401) and logged; the answer is the same for an unknown address', async () => {
      const wrong = await signIn(ADMIN, 'pas-le-bon-mot-de-passe');
      expect(wrong.res.status).toBe(401);
      expect(wrong.session).toBeUndefined();
      expect(await text(wrong.res)).toContain('Adresse e-mail ou mot de passe incorrect.');
      const unknown = await signIn('personne@example.fr', PASSWORD);
      expect(unknown.res.status).toBe(401);
      expect(await audit('connexion')).toEqual([
        { outcome: 'refused', detail: 'mot de passe incorrect', user_email: ADMIN },
        { outcome: 'refused', detail: 'adresse inconnue', user_email: null },
      ]);
    });

    it('after five failures the address is locked, even with the right password (429), and it is logged', async () => {
      for (let i = 0; i < 5; i++) expect((await signIn(ADMIN, `mauvais-${i}-mot-de-passe`, `198.51.100.${i + 1}`)).res.status).toBe(401);
      const locked = await signIn(ADMIN, PASSWORD, '198.51.100.99');
      expect(locked.res.status).toBe(429);
      expect(locked.session).toBeUndefined();
      expect((await audit('connexion')).at(-1)).toMatchObject({ outcome: 'refused', detail: 'verrouillage après plusieurs échecs' });
    });

    it('a sign-in without the form token, or from another origin, is refused (403) and logged', async () => {
      const noToken = await request('/admin/connexion', { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `email=${ADMIN}&password=${PASSWORD}` });
      expect(noToken.status).toBe(403);
      expect(cookieOf(noToken, 'mf_admin')).toBeUndefined();
      const foreign = await request('/admin/connexion', { method: 'POST', headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' }, body: `email=${ADMIN}&password=${PASSWORD}` });
      expect(foreign.status).toBe(403);
      expect((await audit('connexion')).map((a) => a.detail)).toEqual(['jeton CSRF absent ou invalide', 'origine étrangère']);
    });

    it('a POST without the session’s CSRF token, or with another one, is refused (403), changes nothing, and is logged', async () => {
      await callback();
      const admin = await session();
      const [task] = await team.tasks();
      for (const csrf of [undefined, 'forged-token']) {
        const res = await request(`/admin/taches/${task!.id}`, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: admin.cookie }, body: new URLSearchParams({ ...(csrf ? { csrf } : {}), note: 'x' }).toString() });
        expect(res.status).toBe(403);
        expect(await text(res)).toContain('jeton de sécurité absent');
      }
      expect((await team.tasks())[0]!.status).not.toBe('done');
      expect(await audit('csrf')).toHaveLength(2);
      // The same token from another site: refused on its origin.
      const foreign = await admin.post(`/admin/taches/${task!.id}`, { note: 'x' }, { Origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
    });

    it('an expired session (idle two hours) is refused and logged: a page goes to the sign-in page, a POST gets 401', async () => {
      const admin = await session();
      await db.batch([{ sql: 'UPDATE sessions SET last_seen_at = ?', params: [new Date(Date.now() - 3 * 3_600_000).toISOString()] }]);
      const page = await admin.get('/admin/leads');
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/admin/connexion?retour=%2Fadmin%2Fleads&expiree=1');
      expect(await db.all('SELECT * FROM sessions')).toHaveLength(0);
      const post = await admin.post('/admin/deconnexion', {});
      expect(post.status).toBe(401);
      expect((await audit('session-expiree')).map((a) => a.detail)).toEqual(['session expirée ou compte désactivé', 'session inconnue']);
    });

    it('a sales account may not erase, manage accounts or read the log: 403, nothing erased, each refusal logged', async () => {
      await callback();
      const lead = (await edge.store.findLeadByEmail('yanis@example.fr'))!;
      const sales = await session(SALES);
      const erase = await sales.post(`/admin/leads/${lead.id}/effacer`, { confirmer: 'EFFACER' });
      expect(erase.status).toBe(403);
      expect(await text(erase)).toContain('réservé à l’administration');
      expect(await edge.store.findLeadByEmail('yanis@example.fr')).not.toBeNull();
      expect((await sales.get('/admin/utilisateurs')).status).toBe(403);
      expect((await sales.post('/admin/utilisateurs', { email: 'x@mecaformation.fr', role: 'admin', password: PASSWORD })).status).toBe(403);
      expect((await sales.get('/admin/journal')).status).toBe(403);
      expect(await team.findUserByEmail('x@mecaformation.fr')).toBeNull();
      expect(await audit('effacement')).toEqual([{ outcome: 'refused', detail: 'rôle sales insuffisant', user_email: SALES }]);
      expect(await db.all("SELECT action FROM audit_log WHERE outcome = 'refused' AND user_email = ? ORDER BY at", [SALES])).toHaveLength(4);
      // The lead page says so instead of offering the button.
      expect(await text(await sales.get(`/admin/leads/${lead.id}`))).toContain('L’effacement (RGPD) est réservé à l’administration.');
    });

    it('signing out deletes the session', async () => {
      const admin = await session();
      const out = await admin.post('/admin/deconnexion', {});
      expect(out.status).toBe(303);
      expect((await admin.get('/admin/')).status).toBe(303);
    });
  });

  describe(`${runtime}: console work`, () => {
    it('finds the lead just submitted with its source and campaign, filters, sorts, exports the CSV with attribution (logged)', async () => {
      await callback();
      await submit({ kind: 'guide', firstName: 'Inès', email: 'ines@example.fr', landingPage: '/guide-gratuit/' }, '198.18.1.2');
      const admin = await session();
      const list = await text(await admin.get('/admin/leads'));
      expect(list).toContain('Yanis Benali');
      expect(list).toContain('Primo_Arrivants');
      expect(list).toContain('2 leads');
      const google = await text(await admin.get('/admin/leads?source=google'));
      expect(google).toContain('Yanis Benali');
      expect(google).not.toContain('Inès');
      expect(await text(await admin.get('/admin/leads?campagne=Primo_Arrivants&tri=score'))).toContain('1 lead');
      expect(await text(await admin.get('/admin/leads?q=ines'))).toContain('Inès');
      const csv = await admin.get('/admin/leads.csv?source=google');
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const rows = (await text(csv)).replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(rows).toHaveLength(2);
      const header = rows[0]!.split(';');
      const values = rows[1]!.split(';');
      const col = (name: string) => values[header.indexOf(name)];
      expect(col('email')).toBe('yanis@example.fr');
      expect(col('source')).toBe('google');
      expect(col('support')).toBe('cpc');
      expect(col('campagne')).toBe('Primo_Arrivants');
      expect(col('page_arrivee')).toBe('/formation-primo-arrivant-890-euros/');
      expect((await audit('export-csv'))[0]!.detail).toMatch(/^1 leads exportés/);
    });

    it('odd filters get a 422 naming the parameter and the rule, never a 500', async () => {
      const admin = await session();
      for (const [query, field] of [['du=2026-13-45', 'du'], ['page=abc', 'page'], ['temperature=tiede', 'temperature'], ['tri=prix', 'tri'], ['formation=inconnue', 'formation'], [`q=${'x'.repeat(101)}`, 'q']] as const) {
        const res = await admin.get(`/admin/leads?${query}`);
        expect(res.status, query).toBe(422);
        expect(await text(res)).toContain(`${field}\u202f:`);
      }
      expect((await admin.get('/admin/leads/not a lead')).status).toBe(404);
      expect((await admin.get('/admin/kpi?mois=2026-13')).status).toBe(422);
      expect((await admin.get('/admin/page-inconnue')).status).toBe(404);
      // Just over the 2 KiB cap: workerd answers early and closes the socket, so a body far over it
      // may still be in flight when the 413 comes (ECONNRESET on the client's side).
      const big = await admin.post('/admin/taches/x', { note: 'x'.repeat(2100) });
      expect(big.status).toBe(413);
    });

    it('a lead’s page: profile with the first touch, the score with the rule behind every point, consents with their proofs, the timeline', async () => {
      await callback();
      const lead = (await edge.store.findLeadByEmail('yanis@example.fr'))!;
      const admin = await session();
      const html = await text(await admin.get(`/admin/leads/${lead.id}`));
      expect(html).toContain('Première source');
      expect(html).toContain('google');
      expect(html).toContain('/formation-primo-arrivant-890-euros/');
      // Every point has its rule (lead-scoring.yaml): the callback request and the job seeker.
      const rules = testRules().marketing.leadScoring;
      const matched = [...rules.siteActions, ...rules.profile].filter((r) => html.includes(r.label));
      expect(matched.length).toBeGreaterThan(0);
      expect(html).toMatch(new RegExp(`Score\\u202f: ${lead.score} `));
      expect(html).toContain('Demande de rappel');
      expect(html).toContain('Preuves de consentement');
    });

    it('a callback is due, then done with a note and who did it; doing it twice is a 409', async () => {
      await callback();
      const admin = await session();
      const [task] = await team.tasks();
      expect(await text(await admin.get('/admin/taches'))).toContain('06\u00a012\u00a034\u00a056\u00a078');
      const done = await admin.post(`/admin/taches/${task!.id}`, { note: 'Rappelé, intéressé par le CAP' });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('/admin/taches?fait=tache');
      const [after] = await team.tasks();
      expect(after).toMatchObject({ status: 'done', note: 'Rappelé, intéressé par le CAP', done_by: ADMIN });
      expect((await admin.post(`/admin/taches/${task!.id}`, { note: '' })).status).toBe(409);
      expect(await text(await admin.get('/admin/taches?fait=tache'))).toContain('Rappel marqué fait.');
    });

    it('an enrolment is recorded with its amount and date, stops the enrolment reminders, and counts in the month’s revenue', async () => {
      await callback();
      const lead = (await edge.store.findLeadByEmail('yanis@example.fr'))!;
      const admin = await session();
      const today = parisDay(new Date());
      const bad = await admin.post('/admin/inscriptions', { lead: lead.id, training: '', amount: 'huit cents', date: today });
      expect(bad.status).toBe(422);
      expect(await text(bad)).toContain('Montant (€)\u202f:');
      const badDate = await admin.post('/admin/inscriptions', { lead: lead.id, amount: '890', date: '2026-02-30' });
      expect(badDate.status).toBe(422);
      const ok = await admin.post('/admin/inscriptions', { lead: lead.id, training: '', amount: '890', date: today });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe(`/admin/leads/${lead.id}?fait=inscription`);
      const byEmail = await admin.post('/admin/inscriptions', { email: 'inconnu@example.fr', amount: '890', date: today });
      expect(byEmail.status).toBe(422);
      const [enrolment] = await db.all<Record<string, unknown>>('SELECT * FROM enrolments');
      expect(enrolment).toMatchObject({ lead_id: lead.id, amount_eur: 890, enrolled_on: today, status: 'active', created_by: ADMIN });
      expect(await db.all("SELECT * FROM engagement WHERE lead_id = ? AND type = 'enrolment-completed'", [lead.id])).toHaveLength(1);
      const { report } = await kpiReportFrom({ console: team, marketing: testRules().marketing, trainingTitles: {}, today }, parsePeriod(undefined, undefined, new Date()));
      expect(report.totals).toMatchObject({ enrolments: 1, revenueEur: 890, leads: 1 });
      expect(await text(await admin.get('/admin/inscriptions'))).toContain('890\u00a0€');
      // Cancelled: out of the revenue.
      expect((await admin.post(`/admin/inscriptions/${enrolment!.id}/annuler`, {})).status).toBe(303);
      expect((await kpiReportFrom({ console: team, marketing: testRules().marketing, trainingTitles: {}, today }, parsePeriod(undefined, undefined, new Date()))).report.totals.revenueEur).toBe(0);
    });

    it('RGPD access: the export holds everything about the person, and is logged', async () => {
      await callback();
      const lead = (await edge.store.findLeadByEmail('yanis@example.fr'))!;
      const admin = await session();
      const res = await admin.post(`/admin/leads/${lead.id}/export`, {});
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="donnees-/);
      const data = (await res.json()) as { lead: { email: string }; events: unknown[]; consents: unknown[]; tasks: unknown[] };
      expect(data.lead.email).toBe('yanis@example.fr');
      expect(data.events).toHaveLength(1);
      expect(data.tasks).toHaveLength(1);
      expect(await audit('export-rgpd')).toHaveLength(1);
    });

    it('RGPD erasure by an admin: confirmation required; then every row of the person is gone, the address is suppressed, and it is logged', async () => {
      await callback();
      const lead = (await edge.store.findLeadByEmail('yanis@example.fr'))!;
      const admin = await session();
      await admin.post('/admin/inscriptions', { lead: lead.id, amount: '890', date: parisDay(new Date()) });
      const unconfirmed = await admin.post(`/admin/leads/${lead.id}/effacer`, { confirmer: 'effacer' });
      expect(unconfirmed.status).toBe(422);
      expect(await edge.store.findLeadByEmail('yanis@example.fr')).not.toBeNull();
      const res = await admin.post(`/admin/leads/${lead.id}/effacer`, { confirmer: 'EFFACER' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/leads?fait=efface');
      expect(await edge.store.findLeadByEmail('yanis@example.fr')).toBeNull();
      for (const table of ['lead_events', 'consents', 'email_jobs', 'tasks', 'engagement', 'confirmations', 'list_members', 'webinar_registrations']) {
        expect(await db.all(`SELECT * FROM ${table} WHERE lead_id = ?`, [lead.id]), table).toHaveLength(0);
      }
      // The school keeps its revenue, without the person.
      expect(await db.all('SELECT lead_id, note FROM enrolments')).toEqual([{ lead_id: null, note: null }]);
      expect(await db.all('SELECT reason FROM suppression WHERE email_hash = ?', [await emailHash('yanis@example.fr')])).toEqual([{ reason: 'erasure' }]);
      expect(JSON.stringify(await db.all('SELECT * FROM audit_log'))).not.toContain('yanis@example.fr');
      expect((await audit('effacement'))[0]).toMatchObject({ outcome: 'ok', user_email: ADMIN });
      expect((await admin.get(`/admin/leads/${lead.id}`)).status).toBe(404);
    });

    it('an admin creates a sales account (password rules enforced) and disables it, which closes its sessions', async () => {
      const admin = await session();
      const weak = await admin.post('/admin/utilisateurs', { email: 'nouveau@mecaformation.fr', role: 'sales', password: 'court' });
      expect(weak.status).toBe(422);
      expect(await text(weak)).toContain('12 caractères');
      expect((await admin.post('/admin/utilisateurs', { email: 'nouveau@mecaformation.fr', role: 'sales', password: 'Bougie-Allumage-77' })).status).toBe(303);
      expect((await signIn('nouveau@mecaformation.fr', 'Bougie-Allumage-77')).res.status).toBe(303);
      const user = (await team.findUserByEmail('nouveau@mecaformation.fr'))!;
      expect(user.role).toBe('sales');
      expect((await admin.post(`/admin/utilisateurs/${user.id}/desactiver`, {})).status).toBe(303);
      expect(await db.all('SELECT * FROM sessions WHERE user_id = ?', [user.id])).toHaveLength(0);
      expect((await signIn('nouveau@mecaformation.fr', 'Bougie-Allumage-77')).res.status).toBe(401);
    });

    it('every console page renders for an admin, in French, with the site’s stylesheet or the fallback', async () => {
      await callback();
      const admin = await session();
      for (const path of ['/admin/', '/admin/leads', '/admin/taches', '/admin/inscriptions', '/admin/webinaires', '/admin/kpi', '/admin/kpi?annee=2026', '/admin/audience', '/admin/experiences', '/admin/assistant', '/admin/utilisateurs', '/admin/journal', '/admin/mot-de-passe']) {
        const res = await admin.get(path);
        expect(res.status, path).toBe(200);
        const html = await text(res);
        expect(html, path).toContain('<html lang="fr">');
        expect(html, path).toMatch(/<h1[^>]*>/);
        expect(html, path).not.toMatch(/undefined|NaN|\[object Object\]/);
      }
      const experiments = await text(await admin.get('/admin/experiences'));
      for (const key of ['hero', 'cta', 'email-subject']) expect(experiments).toContain(`(${key}, `);
      expect(experiments).toContain('Pas encore de conclusion');
    });
  });

  describe(`${runtime}: the assistant's unanswered questions`, () => {
    const unanswered = (body: string, headers: Record<string, string> = {}) =>
      request('/api/assistant/unanswered', { method: 'POST', headers: { Origin: ORIGIN, 'User-Agent': BROWSER, 'Content-Type': 'application/json', ...headers }, body });

    it('are counted anonymised per day (no e-mail, no phone), shown in the console; odd or foreign requests store nothing', async () => {
      expect((await unanswered(JSON.stringify({ question: 'Vous formez le samedi ? Écrivez à jean.dupont@example.fr ou au 06 12 34 56 78', path: '/contact/' }))).status).toBe(204);
      expect((await unanswered(JSON.stringify({ question: 'Vous formez le samedi ? Écrivez à JEAN.DUPONT@example.fr ou au 0612345678', path: '/contact/' }))).status).toBe(204);
      expect((await unanswered('{"question": 12}')).status).toBe(422);
      expect((await unanswered('pas du json')).status).toBe(422);
      expect((await unanswered(JSON.stringify({ question: 'x', path: '//evil.example/' }))).status).toBe(422);
      expect((await unanswered(JSON.stringify({ question: 'Une question venue d’ailleurs' }), { Origin: 'https://evil.example' })).status).toBe(204);
      const rows = await db.all<{ question: string; count: number }>('SELECT question, count FROM assistant_unanswered');
      expect(rows).toEqual([{ question: 'vous formez le samedi ? écrivez à [e-mail] ou au [numéro]', count: 2 }]);
      const admin = await session();
      const page = await text(await admin.get('/admin/assistant'));
      expect(page).toContain('vous formez le samedi');
      expect(page).not.toContain('dupont');
    });
  });

  describe(`${runtime}: audience measurement without cookie`, () => {
    const page = (path: string, ip: string, ua = BROWSER, headers: Record<string, string> = {}) => request(path, { headers: { 'User-Agent': ua, ...headers } }, ip);

    it('counts unique visitors per day by a salted hash, page views per path, entry pages, referrers and devices; no cookie; robots and prefetches excluded', async () => {
      const first = await page('/', '192.0.2.1', BROWSER, { Referer: 'https://www.google.com/search?q=cap' });
      expect(first.status).toBe(200);
      expect(first.headers.getSetCookie()).toEqual([]);
      await page('/contact/', '192.0.2.1');
      await page('/', '192.0.2.2', PHONE);
      await page('/', '192.0.2.3', 'Googlebot/2.1 (+http://www.google.com/bot.html)');
      await page('/', '192.0.2.4', BROWSER, { 'Sec-Purpose': 'prefetch' });
      await page('/', '192.0.2.5', '');
      // A form started on /contact/ (the lead form's beacon, at most 1 KB).
      const beacon = await request('/api/m', { method: 'POST', headers: { Origin: ORIGIN, 'User-Agent': BROWSER, 'Content-Type': 'application/json' }, body: '{"type":"form-start","path":"/contact/"}' }, '192.0.2.1');
      expect(beacon.status).toBe(204);
      // (Its 2 KB cap is tried with the other routes' caps in the hostile suite.)
      const day = parisDay(new Date());
      expect(await team.audienceToday(day)).toEqual({ visitors: 2, training: 0, form: 1 });
      const daily = await team.audienceDaily(day, '9999-12-31');
      const count = (metric: string, dimension: string) => daily.find((r) => r.metric === metric && r.dimension === dimension)?.count;
      expect(count('pageviews', '/')).toBe(2);
      expect(count('pageviews', '/contact/')).toBe(1);
      expect(count('entry', '/')).toBe(2);
      expect(count('entry', '/contact/')).toBeUndefined();
      expect(count('referrer', 'google.com')).toBe(1);
      expect(count('referrer', '(direct)')).toBe(1);
      expect(count('device', 'ordinateur')).toBe(1);
      expect(count('device', 'mobile')).toBe(1);
      expect(count('form-start', '/contact/')).toBe(1);
      // Nothing per visitor but the day's hashes, never the address itself.
      expect(JSON.stringify(await db.all('SELECT * FROM audience_visitors'))).not.toContain('192.0.2');
    });

    it('the next day, the day is rolled up into counts and its hashes and salt are deleted; the KPI report reads them', async () => {
      await page('/', '192.0.2.1');
      await page('/contact/', '192.0.2.2');
      const today = parisDay(new Date());
      await edge.store.purgeExpired(new Date(Date.now() + 86_400_000));
      expect(await db.all('SELECT * FROM audience_visitors')).toHaveLength(0);
      expect(await db.all('SELECT * FROM audience_salts')).toHaveLength(0);
      const daily = await team.audienceDaily(today, '9999-12-31');
      expect(daily.find((r) => r.metric === 'visitors')?.count).toBe(2);
      const { report } = await kpiReportFrom({ console: team, marketing: testRules().marketing, trainingTitles: {}, today: parisDay(new Date(Date.now() + 86_400_000)) }, parsePeriod(today.slice(0, 7), undefined, new Date()));
      expect(report.totals).toMatchObject({ visitors: 2, pageViews: 2, daysMeasured: 1 });
      // The same figures in the console.
      const admin = await session();
      const audience = await text(await admin.get(`/admin/audience?mois=${today.slice(0, 7)}`));
      expect(audience).toMatch(/<strong>2<\/strong> visiteurs/);
    });
  });
}
