// Security review of the edge function (Node + SQLite). One test per finding: each FAILS on the
// reviewed code and passes once the hole is closed (it asserts the correct behaviour). The
// « held » block at the end replays attacks that held, where the existing suites lacked coverage.
//
// Races: on Workers + D1 every query is an I/O wait, so two requests served by one isolate
// interleave between queries. node:sqlite answers synchronously, so the tests reproduce the
// interleaving deterministically: `pauseAfter(sql, action)` runs `action` (a whole other request)
// right after the first query matching `sql` returns, then lets the paused request go on.
import { describe, expect, it } from 'vitest';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from '../../src/edge/app';
import { sqliteDriver, readMigrations } from '../../src/edge/store/sqlite';
import { createSqlStore } from '../../src/edge/store/sql-store';
import type { SqlDriver } from '../../src/edge/store/types';
import { nodeAssets } from '../../src/edge/node-assets';
import { readRules } from '../../src/edge/rules-snapshot';
import { createAutomation } from '../../src/automation/engine';
import { clientAddress, parseTrustProxy } from '../../src/edge/http/client-address';
import { issueFormToken } from '../../src/edge/form-token';
import { emailHash, signLead } from '../../src/edge/signing';
import { variantFile } from '../../src/edge/experiments';
import { RecordingMailer } from '../shared/automation-fixture';
import { ADMIN_TOKEN, fixtureSite, ORIGIN, SECRET } from '../shared/edge-suite';

const site = fixtureSite();
const rules = readRules('content');
const DAY = 86_400_000;
const ALICE = 'alice@example.fr';

async function setup(options: { clock?: () => Date; trustProxy?: string } = {}) {
  const raw = sqliteDriver(':memory:');
  await raw.migrate(readMigrations());
  let pause: { sql: string; action: () => Promise<unknown> } | null = null;
  const after = async (sql: string) => {
    if (pause && sql.trim().startsWith(pause.sql)) {
      const { action } = pause;
      pause = null;
      await action();
    }
  };
  const driver: SqlDriver = {
    migrate: (m) => raw.migrate(m),
    async all(sql, params) {
      const rows = await raw.all(sql, params);
      await after(sql);
      return rows as never;
    },
    async batch(statements) {
      const results = await raw.batch(statements);
      for (const s of statements) await after(s.sql);
      return results;
    },
  };
  const store = createSqlStore(driver);
  const mailer = new RecordingMailer();
  const automation = createAutomation({ db: driver, rules, mailer, siteUrl: ORIGIN, secret: SECRET });
  const app = createApp({
    store,
    assets: nodeAssets(site),
    rules,
    clock: options.clock,
    secrets: { formSecret: SECRET, adminToken: ADMIN_TOKEN },
    automation,
    clientAddress: (c) => clientAddress(getConnInfo(c).remote.address, c.req.header('x-forwarded-for'), parseTrustProxy(options.trustProxy)),
    // As src/edge/node.ts passes SITE_URL.
    siteUrl: ORIGIN,
  });
  const request = (path: string, init: RequestInit = {}, ip = '203.0.113.7') =>
    Promise.resolve(app.fetch(new Request(path.startsWith('http') ? path : `${ORIGIN}${path}`, init), { incoming: { socket: { remoteAddress: ip } } }));
  const post = (body: Record<string, string>, init: { cookie?: string; ip?: string; json?: boolean } = {}) =>
    request(
      '/api/leads',
      {
        method: 'POST',
        headers: {
          Origin: ORIGIN,
          ...(init.json === false ? { 'Content-Type': 'application/x-www-form-urlencoded' } : { 'Content-Type': 'application/json', Accept: 'application/json' }),
          ...(init.cookie ? { Cookie: init.cookie } : {}),
        },
        body: init.json === false ? new URLSearchParams(body).toString() : JSON.stringify(body),
      },
      init.ip,
    );
  const lead = async (email = ALICE) => (await store.findLeadByEmail(email))!;
  const rows = (sql: string, params: unknown[] = []) => raw.all(sql, params);
  return {
    request,
    post,
    store,
    mailer,
    automation,
    lead,
    rows,
    tick: (at: Date) => automation.tick(at),
    /** Runs `action` right after the next query beginning with `sql` returns, before the paused request goes on. */
    pauseAfter(sql: string, action: () => Promise<unknown>) {
      pause = { sql, action };
    },
  };
}
type Edge = Awaited<ReturnType<typeof setup>>;

let n = 0;
const token = () => issueFormToken(SECRET, Date.now() - 10_000 - ++n);
const form = async (fields: Record<string, string> = {}) => ({ kind: 'guide', firstName: 'Alice', email: ALICE, landingPage: '/guide-gratuit/', formToken: await token(), ...fields });
const confirmLinks = (e: Edge) =>
  e.mailer.sent.filter((m) => /Confirmez votre demande/.test(m.subject)).map((m) => /https:\/\/www\.mecaformation\.fr(\/api\/confirm\/[\w.-]+)/.exec(m.text)![1]!);
const setCookieNames = (res: Response) => res.headers.getSetCookie().map((c) => c.split('=')[0]).sort();

describe('review findings (each fails until fixed)', () => {
  it('[medium] enumeration: POST /api/leads with the tracking box and the banner accepted sets mf_lead for an unknown address only, so the response tells known and suppressed addresses apart', async () => {
    const e = await setup();
    await e.post(await form({ consentMarketing: 'yes' }));
    await e.post(await form({ email: 'gone@example.fr' }));
    await e.store.eraseLead('gone@example.fr', await emailHash('gone@example.fr'), new Date().toISOString());
    const answers: Response[] = [];
    for (const [email, ip] of [['nobody@example.fr', '198.51.100.1'], [ALICE, '198.51.100.2'], ['gone@example.fr', '198.51.100.3']] as const) {
      const res = await e.post({ ...(await form({ email, firstName: 'X', consentTracking: 'yes' })) }, { cookie: 'mf_consent=accept', ip });
      expect(res.status).toBe(201);
      answers.push(res);
    }
    const [unknown, known, erased] = answers.map(setCookieNames);
    // Same answer whatever the address: status, body and headers (README « Lead capture »).
    expect(known).toEqual(unknown);
    expect(erased).toEqual(unknown);
  });

  it('[medium] Node behind the TLS-terminating reverse proxy TRUST_PROXY is for: every form POST is refused 403 « ne vient pas de ce site » (Origin https://… vs the http:// URL node-server builds)', async () => {
    const e = await setup({ trustProxy: 'loopback' });
    // What @hono/node-server hands the app behind nginx/Caddy: a plain-HTTP socket from 127.0.0.1, the public Host.
    const res = await e.request(
      'http://www.mecaformation.fr/api/leads',
      {
        method: 'POST',
        headers: { Origin: ORIGIN, 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '198.51.100.20', 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(await form()),
      },
      '127.0.0.1',
    );
    expect(res.status).toBe(201);
  });

  it('[medium] an unverified submission steers the owner’s automation: kind=enrolment for a known address stops her welcome sequence and schedules « finish your enrolment » reminders to her', async () => {
    const e = await setup();
    const t0 = Date.now();
    await e.post(await form({ consentMarketing: 'yes' }));
    await e.tick(new Date(t0 + 60_000)); // welcome day 1
    const attack = await e.post(await form({ kind: 'enrolment', firstName: 'Mallory', lastName: 'X', situation: 'job-seeker' }), { ip: '198.51.100.66' });
    expect(attack.status).toBe(201);
    const id = (await e.lead()).id;
    for (let i = 1; i <= 4; i++) await e.tick(new Date(t0 + 2 * DAY + i * 60_000));
    // Nothing the owner did not ask for is sent on her behalf…
    expect(e.mailer.sent.map((m) => m.subject)).not.toContain('Votre inscription est presque terminée');
    // …and what she asked for goes on: the day-3 welcome e-mail is sent, not cancelled as « stopped:enrolment ».
    expect((await e.automation.jobs(id)).find((j) => String(j.template).startsWith('welcome/03'))).toMatchObject({ status: 'sent' });
  });

  it('[medium] double opt-in flood: two submissions for a known address at once each e-mail a confirmation link (the rule is one a day per lead)', async () => {
    const e = await setup();
    await e.post(await form());
    e.pauseAfter('SELECT * FROM confirmations WHERE lead_id = ?', async () => {
      expect((await e.post(await form({ kind: 'newsletter' }), { ip: '198.51.100.2' })).status).toBe(201);
    });
    expect((await e.post(await form({ kind: 'newsletter' }), { ip: '198.51.100.1' })).status).toBe(201);
    await e.tick(new Date(Date.now() + 60_000));
    await e.tick(new Date(Date.now() + 120_000));
    expect(confirmLinks(e)).toHaveLength(1);
  });

  it('[medium] an attacker’s pending confirmation swallows the owner’s own request: within 24 h her consent rides on a link that only shows the attacker’s changes, and is never confirmable', async () => {
    const e = await setup();
    await e.post(await form());
    await e.post(await form({ kind: 'newsletter', firstName: 'Mallory' }), { ip: '198.51.100.66' });
    const own = await e.post(await form({ consentMarketing: 'yes' }), { ip: '198.51.100.7' });
    expect(own.status).toBe(201); // acknowledged to the owner
    for (const at of [60_000, DAY + 60_000, 2 * DAY + 60_000]) await e.tick(new Date(Date.now() + at));
    // One link lists both requests, each with its own box: she confirms hers and unticks the attacker's.
    const links = confirmLinks(e);
    expect(links.length).toBeGreaterThanOrEqual(1);
    const page = await (await e.request(links.at(-1)!)).text();
    expect(page).toContain('recevoir par e-mail les conseils et offres');
    expect(page).toContain('Mallory');
    const ownBox = /<input [^>]*id="r-(\d+)" name="request" value="\d+" checked><div><label for="r-\d+"[^>]*>[^<]*\(guide gratuit\)/.exec(page)![1]!;
    const confirmed = await e.request(links.at(-1)!, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `request=${ownBox}` });
    expect(confirmed.status).toBe(200);
    expect(await e.lead()).toMatchObject({ consentMarketing: true, firstName: 'Alice' });
  });

  it('[medium] lost update: an unverified submission racing a one-click unsubscribe writes back the stale consents, so tracking (pixel, beacon) resumes after the withdrawal', async () => {
    const e = await setup();
    await e.post(await form({ consentMarketing: 'yes', consentTracking: 'yes' }), { cookie: 'mf_consent=accept' });
    await e.tick(new Date(Date.now() + 60_000));
    const unsubscribe = /^<(https:[^>]+)>$/.exec(e.mailer.sent[0]!.headers['List-Unsubscribe']!)![1]!;
    e.pauseAfter('SELECT * FROM leads WHERE email = ?', async () => {
      const u = await e.request(unsubscribe, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(u.status).toBe(204);
    });
    expect((await e.post(await form({ firstName: 'Mallory' }), { ip: '198.51.100.66' })).status).toBe(201);
    expect(await e.lead()).toMatchObject({ consentMarketing: false, consentTracking: false });
  });

  it('[low] two submissions of a new address at once are both taken as its first sign-up: the later one replaces the name and withdraws the consent the first recorded', async () => {
    const e = await setup();
    const carol = 'carol@example.fr';
    e.pauseAfter('SELECT * FROM leads WHERE email = ?', async () => {
      expect((await e.post(await form({ email: carol, firstName: 'Carol', consentMarketing: 'yes' }), { ip: '198.51.100.2' })).status).toBe(201);
    });
    expect((await e.post(await form({ email: carol, firstName: 'Mallory' }), { ip: '198.51.100.66' })).status).toBe(201);
    // Carol's submission committed first: Mallory's is a submission for a known address.
    expect(await e.lead(carol)).toMatchObject({ firstName: 'Carol', consentMarketing: true });
    expect((await e.store.exportLead(carol))!.consents.filter((c) => (c as { purpose: string }).purpose === 'marketing-email')).toHaveLength(1);
  });

  it('[low] two POSTs of one confirmation link at once record the double opt-in consent twice (same clock reading, as in a Worker isolate)', async () => {
    const fixed = new Date();
    const e = await setup({ clock: () => fixed });
    await e.post(await form());
    await e.post(await form({ consentTracking: 'yes' }), { ip: '198.51.100.7' });
    await e.tick(new Date(fixed.getTime() + 60_000));
    const [link] = confirmLinks(e);
    const confirm = () => e.request(link!, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
    e.pauseAfter('SELECT * FROM confirmations WHERE id = ?', async () => expect((await confirm()).status).toBe(200));
    expect((await confirm()).status).toBe(200);
    expect(await e.rows("SELECT id FROM consents WHERE proof LIKE 'double-opt-in%'")).toHaveLength(1);
  });

  it('[low] two loads of one open pixel at once count the open twice (+2 each)', async () => {
    const e = await setup();
    await e.post(await form({ consentMarketing: 'yes', consentTracking: 'yes' }));
    await e.tick(new Date(Date.now() + 60_000));
    const pixel = /https:\/\/www\.mecaformation\.fr(\/api\/o\/[\w-]+)/.exec(e.mailer.sent[0]!.html)![1]!;
    const before = (await e.lead()).score;
    e.pauseAfter("SELECT 1 AS x FROM engagement WHERE job_id = ? AND type = 'email-open'", async () => expect((await e.request(pixel)).status).toBe(200));
    expect((await e.request(pixel)).status).toBe(200);
    expect(await e.rows("SELECT id FROM engagement WHERE type = 'email-open'")).toHaveLength(1);
    expect((await e.lead()).score).toBe(before + 2);
  });

  it('[low] a form token reused with other content is answered 201 « merci » and the submission is dropped (acknowledged, then lost)', async () => {
    const e = await setup();
    const shared = await token();
    expect((await e.post(await form({ formToken: shared }))).status).toBe(201);
    // Same page render, second request (back button / bfcache, or a second form on the page).
    const second = await e.post(await form({ formToken: shared, email: 'bob@example.fr', firstName: 'Bob', kind: 'newsletter' }));
    const stored = Boolean(await e.store.findLeadByEmail('bob@example.fr'));
    // Either it is stored, or it is refused (409) — never acknowledged and dropped.
    expect({ acknowledged: second.status < 400, stored }).not.toEqual({ acknowledged: true, stored: false });
  });

  it('[low] 500 instead of 422: a repeated field named toString (or valueOf, hasOwnProperty…) on the no-JS path makes validationPage call escape() on Object.prototype.toString', async () => {
    const e = await setup();
    const urlencoded = await e.request('/api/leads', { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'toString=a&toString=b' });
    expect(urlencoded.status).toBe(422);
    expect(await urlencoded.text()).toContain('Une seule valeur est attendue pour ce champ.');
    const json = await e.request('/api/leads', { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'Application/JSON' }, body: '{"valueOf":[1]}' });
    expect(json.status).toBe(422);
  });

  it('[low] Node: encoded dot-segments reach the hidden build files (GET /x/..%2f_variants/… serves a variant, /x/..%2f_headers the CDN config)', async () => {
    const e = await setup();
    for (const path of ['/x/..%2f_variants/cta-b.hero-a/', '/foo%2f..%2f_variants%2fcta-b.hero-a/', `/x/..%2f${variantFile('/', { cta: 'b', hero: 'b' }).slice(1)}`]) {
      let res = await e.request(path, { redirect: 'manual' });
      if (res.status === 308 || res.status === 307) res = await e.request(res.headers.get('location')!);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('Commencer maintenant');
    }
  });

  it('[low] erased address: an unverified submission re-creates the lead with the typed name, so the double opt-in e-mail greets the erased person with attacker text and the address is back in the sales export', async () => {
    const e = await setup();
    await e.post(await form({ email: 'bob@example.fr', firstName: 'Bob' }));
    await e.store.eraseLead('bob@example.fr', await emailHash('bob@example.fr'), new Date().toISOString());
    // A phone number cannot be put in a name (digits are refused), nor a link.
    expect((await e.post(await form({ kind: 'newsletter', email: 'bob@example.fr', firstName: 'URGENT rappelez le 08 99 00 00 00' }), { ip: '198.51.100.65' })).status).toBe(422);
    const bait = 'URGENT rappelez-nous';
    expect((await e.post(await form({ kind: 'newsletter', email: 'bob@example.fr', firstName: bait, consentMarketing: 'yes' }), { ip: '198.51.100.66' })).status).toBe(201);
    await e.tick(new Date(Date.now() + 60_000));
    for (const m of e.mailer.sent) {
      expect(m.text).not.toContain(bait);
      expect(m.to.name ?? '').not.toContain(bait);
    }
    const exported = await e.request('/api/admin/leads?format=json', { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(JSON.stringify(await exported.json())).not.toContain('bob@example.fr');
  });

  it('[low] a repeated field is refused in a form but not in JSON: {"email":"a…","email":"b…"} is stored silently under the last one', async () => {
    const e = await setup();
    const body = JSON.stringify(await form()).replace('"email":"alice@example.fr"', '"email":"alice@example.fr","email":"bob@example.fr"');
    const res = await e.request('/api/leads', { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/json', Accept: 'application/json' }, body });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: Record<string, string> }).errors.email).toBe('Une seule valeur est attendue pour ce champ.');
  });

  it('[low] GET /api/leads (an API path that exists with another method) answers 404 « Adresse d’API inconnue » instead of 405 with Allow, as app.ts says', async () => {
    const e = await setup();
    for (const [method, path, allow] of [['GET', '/api/leads', 'POST'], ['PUT', '/api/consent', 'POST'], ['DELETE', '/api/health', 'GET, HEAD']] as const) {
      const res = await e.request(path, { method, headers: { Accept: 'application/json' } });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow'), `${method} ${path}`).toContain(allow.split(',')[0]);
    }
  });

  it('[low] hidden build paths answer Hono’s English text/plain « 404 Not Found », not the French 404 page', async () => {
    const e = await setup();
    const res = await e.request('/_variants/cta-b.hero-a/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type') ?? '').toContain('text/html');
    expect(await res.text()).not.toBe('404 Not Found');
  });
});

describe('review: attacks that held (coverage the suites lacked)', () => {
  it('signed tokens do not cross purposes over HTTP: unsubscribe ↔ confirm ↔ identification cookie ↔ visitor cookie', async () => {
    const e = await setup();
    await e.post(await form({ consentMarketing: 'yes', consentTracking: 'yes' }), { cookie: 'mf_consent=accept' });
    const id = (await e.lead()).id;
    await e.post(await form({ kind: 'newsletter' }), { ip: '198.51.100.1' });
    const confirmationId = String((await e.rows('SELECT id FROM confirmations'))[0]!.id);
    const unsubscribeToken = await signLead(SECRET, 'unsubscribe', id);
    const confirmToken = await signLead(SECRET, 'confirm', confirmationId);
    const before = await e.lead();
    // An unsubscribe token (leaked by a forwarded e-mail) as a confirmation, an identification or a visitor id.
    expect((await e.request(`/api/confirm/${unsubscribeToken}`, { method: 'POST', body: '' })).status).toBe(404);
    const asLead = await e.post(await form({ firstName: 'Mallory', consentMarketing: 'yes' }), { cookie: `mf_consent=accept; mf_lead=${unsubscribeToken}`, ip: '198.51.100.2' });
    expect(asLead.status).toBe(201);
    expect(await e.lead()).toMatchObject({ firstName: 'Alice' });
    // A confirmation token as an unsubscribe link, a visitor id as an identification.
    expect((await e.request(`/api/unsubscribe/${confirmToken}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(400);
    const visitor = await signLead(SECRET, 'visitor', id);
    const beacon = await e.request('/api/events', { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/json', Cookie: `mf_consent=accept; mf_lead=${visitor}` }, body: '{"type":"page-view","path":"/tarifs-financement/"}' });
    expect(beacon.status).toBe(204);
    expect(await e.lead()).toMatchObject({ consentMarketing: true, score: before.score });
    expect(await e.rows("SELECT id FROM engagement WHERE type = 'page-view'")).toEqual([]);
    // A first-sign-up identification is not a proven one: it changes nothing on the lead.
    const first = await signLead(SECRET, 'identify', id);
    await e.post(await form({ firstName: 'Mallory' }), { cookie: `mf_consent=accept; mf_lead=${first}`, ip: '198.51.100.3' });
    expect((await e.lead()).firstName).toBe('Alice');
  });

  it('a confirmation link expires after 7 days: GET and POST answer 410 in French and apply nothing', async () => {
    let now = new Date();
    const e = await setup({ clock: () => now });
    await e.post(await form());
    await e.post(await form({ consentTracking: 'yes', firstName: 'Mallory' }), { ip: '198.51.100.1' });
    await e.tick(new Date(now.getTime() + 60_000));
    const [link] = confirmLinks(e);
    now = new Date(now.getTime() + 7 * DAY + 1000);
    const get = await e.request(link!);
    expect(get.status).toBe(410);
    expect(await get.text()).toContain('Lien de confirmation expiré');
    expect((await e.request(link!, { method: 'POST', body: '' })).status).toBe(410);
    expect(await e.lead()).toMatchObject({ firstName: 'Alice', consentTracking: false });
  });

  it('two spellings of one mailbox (Kelvin sign K, upper case, spaces) reach the same lead with the known-address rules; NFD and full-width spellings are refused', async () => {
    const e = await setup();
    await e.post(await form({ email: 'karim@example.fr', firstName: 'Karim', consentMarketing: 'yes' }));
    const res = await e.post(await form({ email: ' \u212AARIM@Example.FR ', firstName: 'Mallory', consentTracking: 'yes' }), { cookie: 'mf_consent=accept', ip: '198.51.100.1' });
    expect(res.status).toBe(201);
    // An inert identity, as for any address (the answer tells nothing), never Karim's.
    expect(res.headers.getSetCookie().join()).not.toContain(`mf_lead=${(await e.lead('karim@example.fr')).id}`);
    expect(await e.store.listLeads('2000-01-01')).toHaveLength(1);
    expect(await e.lead('karim@example.fr')).toMatchObject({ firstName: 'Karim', consentTracking: false });
    for (const email of ['karim@exa\u0301mple.fr', '\uff4barim@example.fr', 'karim@example.fr\u200b']) {
      const bad = await e.post(await form({ email }), { ip: '198.51.100.2' });
      expect(bad.status, email).toBe(422);
    }
  });

  it('markup in reflected values is escaped on the no-JS error page and the confirmation page', async () => {
    const e = await setup();
    const xss = '"><img src=x onerror=alert(1)>';
    const res = await e.request('/api/leads', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Referer: `${ORIGIN}/contact/?q=${encodeURIComponent(xss)}` },
      body: new URLSearchParams({ ...(await form({ email: xss })), [xss]: xss }).toString(),
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain('<img');
    expect(html).toContain('&quot;&gt;&lt;img');
    await e.post(await form());
    await e.post(await form({ firstName: 'Mal\'lory "&', consentTracking: 'yes' }), { ip: '198.51.100.1' });
    await e.tick(new Date(Date.now() + 60_000));
    const page = await (await e.request(confirmLinks(e)[0]!)).text();
    expect(page).toContain('Prénom : Mal\'lory &quot;&amp;');
  });

  it('odd input never gets a 5xx: deep JSON, __proto__ keys, broken multipart, bad escapes, huge query and cookies, odd methods', async () => {
    const e = await setup();
    const H = { Origin: ORIGIN };
    const t = await token();
    const cases: [string, RequestInit][] = [
      ['/api/leads', { method: 'POST', headers: { ...H, 'Content-Type': 'application/json' }, body: `{"a":${'['.repeat(7000)}${']'.repeat(7000)}}` }],
      ['/api/leads', { method: 'POST', headers: { ...H, 'Content-Type': 'application/json' }, body: '['.repeat(8000) + ']'.repeat(8000) }],
      ['/api/leads', { method: 'POST', headers: { ...H, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...(await form()), formToken: t }).replace('{', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},') }],
      ['/api/leads', { method: 'POST', headers: { ...H, 'Content-Type': 'multipart/form-data; boundary=zzz' }, body: '--zzz\r\nContent-Disposition: form-data; name="x"\r\n\r\nv\r\n' }],
      ['/api/leads', { method: 'POST', headers: { ...H, 'Content-Type': 'multipart/form-data' }, body: 'x' }],
      ['/api/leads', { method: 'POST', headers: { ...H, 'Content-Type': 'application/json' }, body: '\uFEFF{}' }],
      ['/api/leads', { method: 'POST', headers: { ...H, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `kind=guide&firstName=A&email=a%40b.fr&formToken=${'1'.repeat(13)}.${'a'.repeat(15000)}.x` }],
      ['/api/events', { method: 'POST', headers: { ...H, 'Content-Type': 'application/json', Cookie: 'mf_consent=accept' }, body: '{"__proto__":{"type":"page-view"}}' }],
      ['/api/consent', { method: 'POST', headers: { ...H, 'Content-Type': 'multipart/form-data; boundary=q' }, body: 'garbage' }],
      ['/api/admin/enrolments', { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` }, body: '{"__proto__":{"email":"alice@example.fr"}}' }],
      ['/api/admin/tasks/%ZZ/done', { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } }],
      ['/api/admin/leads?since=%ZZ', { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } }],
      ['/api/confirm/%ZZ', {}],
      [`/api/confirm/${'a'.repeat(10_000)}`, { method: 'POST' }],
      ['/r/%ZZ', {}],
      ['/api/o/%ZZ', {}],
      ['/api/unsubscribe/', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }],
      ['/api/unsubscribe/%ZZ', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }],
      ['/%ZZ', {}],
      ['/%C0%AE%C0%AE/', {}],
      [`/?${'a'.repeat(100_000)}`, { headers: { Cookie: `mf_consent=accept; mf_vid=${'x'.repeat(8000)}` } }],
      ['/', { headers: { Cookie: Array.from({ length: 5000 }, (_, i) => `c${i}=%`).join('; '), Authorization: 'Bearer '.padEnd(50_000, 'x') } }],
      ['/contact/', { method: 'HEAD' }],
      ['/', { method: 'OPTIONS' }],
      ['/contact/', { method: 'PATCH', body: 'x' }],
    ];
    for (const [path, init] of cases) {
      const res = await e.request(path, init);
      expect(res.status, `${init.method ?? 'GET'} ${path.slice(0, 60)}`).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The one well-formed submission among them (with __proto__ and constructor keys) is stored, unpolluted.
    const stored = await e.store.listLeads('2000-01-01');
    expect(stored.map((l) => l.email)).toEqual([ALICE]);
    expect((stored[0] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
});
