// The edge function tried as an attacker would: one test per hole found by hostile testing
// (issue « Trust at the edge »), each asserting the status, the French message, and that the
// store and the outbox are unchanged (rate-limit counters aside: counting the attack is the point).
// Run on Node (tests/unit/edge-node.test.ts) and in workerd + D1 (tests/worker/edge-worker.test.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { issueFormToken } from '../../src/edge/form-token';
import { signLead } from '../../src/edge/signing';
import { variantFile } from '../../src/edge/experiments';
import { ADMIN_TOKEN, ORIGIN, SECRET, type EdgeUnderTest } from './edge-suite';

const ALICE = 'alice@example.fr';

export function hostileSuite(runtime: string, setup: () => Promise<EdgeUnderTest>, options: { streaming: boolean }) {
  let edge: EdgeUnderTest;
  beforeEach(async () => {
    edge = await setup();
  });
  const request = (path: string, init: RequestInit = {}, ip = '203.0.113.7') => edge.fetch(new Request(`${ORIGIN}${path}`, init), ip);
  const token = (ageMs = 10_000) => issueFormToken(SECRET, Date.now() - ageMs);
  const form = async (fields: Record<string, string>) => ({ kind: 'guide', firstName: 'Alice', email: ALICE, landingPage: '/guide-gratuit/', formToken: await token(), ...fields });
  const post = (body: Record<string, string> | string, init: { headers?: Record<string, string>; ip?: string; json?: boolean } = {}) =>
    request(
      '/api/leads',
      {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': init.json ? 'application/json' : 'application/x-www-form-urlencoded', ...(init.json ? { Accept: 'application/json' } : {}), ...init.headers },
        body: typeof body === 'string' ? body : init.json ? JSON.stringify(body) : new URLSearchParams(body).toString(),
      },
      init.ip,
    );
  /** The store without the rate-limit counters and the clock's own monthly runs, and the e-mails sent so far. */
  const state = async () => {
    const { rate_limits: _, automation_runs: __, ...tables } = await edge.dump();
    return { tables, outbox: await edge.outbox() };
  };
  const lead = async () => (await edge.store.findLeadByEmail(ALICE))!;
  const message = async (res: Response) => ((await res.clone().json()) as { message?: string; errors?: Record<string, string> });

  describe(`${runtime}: hostile requests`, () => {
    it('1. a submission with a known address takes nothing over: no field replaced, no cookie, no tracking consent, only a confirmation to the owner', async () => {
      await post(await form({ consentMarketing: 'yes' }));
      const before = await lead();
      const attack = await post(await form({ kind: 'newsletter', firstName: 'Mallory', consentMarketing: 'yes', consentTracking: 'yes' }), { headers: { Cookie: 'mf_consent=accept' }, ip: '198.51.100.66' });
      expect(attack.status).toBe(303);
      // The same cookies as for an unknown address (the answer tells nothing), but an inert identity.
      const inert = /mf_lead=([^;]+)/.exec(attack.headers.get('set-cookie') ?? '')?.[1];
      expect(inert).toBeTruthy();
      expect(inert!.startsWith(before.id)).toBe(false);
      const after = await lead();
      expect(after).toMatchObject({ firstName: 'Alice', consentTracking: false, consentMarketing: true, score: before.score });
      const exported = (await edge.store.exportLead(ALICE))!;
      expect(exported.consents.filter((c) => (c as { granted: boolean }).granted)).toHaveLength(1); // Alice's own marketing consent
      expect(exported.events).toHaveLength(2); // the submission is kept as an event, unverified
      expect(exported.events[1]).toMatchObject({ kind: 'newsletter', trusted: false, submitted: { firstName: 'Mallory' } });
      // Ten beacon calls without a proven identity change nothing.
      for (let i = 0; i < 10; i++) {
        const beacon = await request('/api/events', { method: 'POST', headers: { Origin: ORIGIN, Cookie: 'mf_consent=accept', 'Content-Type': 'application/json' }, body: '{"type":"page-view","path":"/tarifs-financement/"}' });
        expect(beacon.status).toBe(204);
      }
      expect((await lead()).score).toBe(before.score);
      // What goes out: Alice's welcome e-mail, and one confirmation link to Alice herself (in her own name).
      await edge.tick(new Date(Date.now() + 60_000));
      const sent = await edge.outbox();
      expect(sent.map((m) => m.to)).toEqual([ALICE, ALICE]);
      const confirmation = sent.find((m) => /Confirmez votre demande/.test(m.subject))!;
      expect(confirmation.text).toContain('Bonjour Alice,');
      expect(confirmation.text).not.toContain('Mallory');
      expect(confirmation.headers['List-Unsubscribe']).toBeUndefined();
      // The owner confirms: the changes apply, with the double opt-in as proof.
      const link = /https:\/\/www\.mecaformation\.fr(\/api\/confirm\/[\w.-]+)/.exec(confirmation.text)![1]!;
      const page = await request(link);
      expect(page.status).toBe(200);
      const shown = await page.text();
      expect(shown).toContain('la mesure de l’ouverture de nos e-mails');
      expect(shown).toContain('Prénom : Mallory');
      expect((await lead()).consentTracking).toBe(false); // a GET changes nothing
      const confirmed = await request(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
      expect(confirmed.status).toBe(200);
      expect(await lead()).toMatchObject({ consentTracking: true, firstName: 'Mallory' });
      const proofs = (await edge.store.exportLead(ALICE))!.consents as { purpose: string; proof: string }[];
      expect(proofs.find((c) => c.purpose === 'engagement-tracking' && c.proof?.startsWith('double-opt-in'))).toBeTruthy();
      // A second POST does nothing more.
      expect(await (await request(link, { method: 'POST', body: '' })).text()).toContain('déjà confirmée');
    });

    it('2. a body over the limit is refused with 413 naming the limit, after at most the limit’s bytes, on every POST route', async () => {
      const routes: [string, Record<string, string>, string][] = [
        ['/api/leads', { 'Content-Type': 'application/x-www-form-urlencoded' }, '16\u00a0Ko'],
        ['/api/consent', { 'Content-Type': 'application/x-www-form-urlencoded' }, '2\u00a0Ko'],
        ['/api/events', { 'Content-Type': 'application/json', Cookie: 'mf_consent=accept' }, '2\u00a0Ko'],
        [`/api/unsubscribe/${await signLead(SECRET, 'unsubscribe', '00000000-0000-4000-8000-000000000000')}`, { 'Content-Type': 'application/x-www-form-urlencoded' }, '2\u00a0Ko'],
        [`/api/confirm/${await signLead(SECRET, 'confirm', '00000000-0000-4000-8000-000000000000')}`, { 'Content-Type': 'application/x-www-form-urlencoded' }, '2\u00a0Ko'],
        ['/api/admin/enrolments', { 'Content-Type': 'application/json', Authorization: `Bearer ${ADMIN_TOKEN}` }, '2\u00a0Ko'],
        ['/api/m', { 'Content-Type': 'application/json' }, '2\u00a0Ko'],
        ['/api/ab/click', { 'Content-Type': 'application/json', Cookie: 'mf_consent=accept' }, '2\u00a0Ko'],
        ['/admin/connexion', { 'Content-Type': 'application/x-www-form-urlencoded' }, '2\u00a0Ko'],
        ['/admin/taches/x', { 'Content-Type': 'application/x-www-form-urlencoded' }, '2\u00a0Ko'],
      ];
      const before = await state();
      for (const [path, headers, limit] of routes) {
        let pulled = 0;
        // workerd answers early and closes the socket: there, a body 1 KiB over the route's own cap,
        // or the client's write meets the closed socket (ECONNRESET) before the answer is read.
        const total = options.streaming ? 200 * 1024 * 1024 : (Number.parseInt(limit, 10) + 1) * 1024;
        const chunk = new Uint8Array(options.streaming ? 64 * 1024 : 1024).fill(0x61);
        // A chunked body (no Content-Length) that is produced only as it is read.
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (pulled >= total) return controller.close();
            pulled += chunk.length;
            controller.enqueue(chunk);
          },
        });
        const res = await request(path, { method: 'POST', headers: { Origin: ORIGIN, Accept: 'application/json', ...headers }, body, duplex: 'half' } as RequestInit);
        expect(res.status, path).toBe(413);
        expect((await message(res)).message, path).toContain(`limite de ${limit}`);
        if (options.streaming) expect(pulled, path).toBeLessThanOrEqual(17 * 1024 + 2 * chunk.length);
      }
      // A declared Content-Length over the limit is refused without reading.
      const declared = await request('/api/leads', { method: 'POST', headers: { Origin: ORIGIN, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '20000' }, body: 'x'.repeat(20_000) });
      expect(declared.status).toBe(413);
      expect(await state()).toEqual(before);
    });

    it('3. neither an erasure nor an unsubscribe is undone by a new submission: the suppression stays, no sequence restarts', async () => {
      await post(await form({ consentMarketing: 'yes' }));
      await edge.tick(new Date(Date.now() + 60_000));
      const unsubscribe = /^<(https:[^>]+)>$/.exec((await edge.outbox())[0]!.headers['List-Unsubscribe']!)![1]!;
      expect((await edge.fetch(new Request(unsubscribe, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' }))).status).toBe(204);
      await post(await form({ consentMarketing: 'yes' }));
      expect((await lead()).consentMarketing).toBe(false);
      await edge.tick(new Date(Date.now() + 120_000));
      await edge.tick(new Date(Date.now() + 30 * 86_400_000));
      // After the unsubscribe: the guide asked for, and the confirmation link (the owner may
      // re-subscribe); no welcome e-mail.
      expect((await edge.outbox()).slice(1).map((m) => m.subject)).toEqual([expect.stringMatching(/^Votre guide/), expect.stringMatching(/Confirmez votre demande/)]);
      expect((await edge.outbox()).slice(1).every((m) => !m.headers['List-Unsubscribe'])).toBe(true);

      await edge.store.eraseLead('bob@example.fr', 'unused', new Date().toISOString());
      await post(await form({ email: 'bob@example.fr', firstName: 'Bob', consentMarketing: 'yes' }));
      const { emailHash } = await import('../../src/edge/signing');
      await edge.store.eraseLead('bob@example.fr', await emailHash('bob@example.fr'), new Date().toISOString());
      expect(await edge.store.isSuppressed(await emailHash('bob@example.fr'))).toBe(true);
      const again = await post(await form({ email: 'bob@example.fr', firstName: 'Bob', consentMarketing: 'yes' }));
      expect(again.status).toBe(303);
      expect(await edge.store.isSuppressed(await emailHash('bob@example.fr'))).toBe(true);
      expect((await edge.store.findLeadByEmail('bob@example.fr'))!.consentMarketing).toBe(false);
    });

    it('4. the per-address limit: spoofed X-Forwarded-For headers are ignored, and two real clients get a limit each', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await post(await form({ email: `p${i}@example.fr`, formToken: await token(10_000 + i) }), { json: true, headers: { 'X-Forwarded-For': `10.0.${i}.1`, 'X-Real-IP': `10.1.${i}.1`, 'CF-Connecting-IP': `10.2.${i}.1` }, ip: '192.0.2.10' });
        statuses.push(res.status);
      }
      expect(statuses.filter((s) => s === 201)).toHaveLength(20);
      expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
      expect((await edge.store.listLeads('2000-01-01')).length).toBe(20);
      const other = await post(await form({ email: 'other@example.fr' }), { json: true, ip: '192.0.2.11' });
      expect(other.status).toBe(201);
      // IPv6 clients are limited by their /64.
      for (let i = 0; i < 20; i++) await post(await form({ email: `v6-${i}@example.fr`, formToken: await token(40_000 + i) }), { json: true, ip: `2001:db8:1:2::${i + 1}` });
      const v6 = await post(await form({ email: 'v6-last@example.fr' }), { json: true, ip: '2001:db8:1:2:ffff::1' });
      expect(v6.status).toBe(429);
      expect((await message(v6)).message).toMatch(/Trop de demandes envoyées depuis votre connexion/);
      // Expired rows are purged.
      expect((await edge.dump()).rate_limits.length).toBeGreaterThan(0);
      const purged = await edge.store.purgeExpired(new Date(Date.now() + 2 * 3600_000));
      expect(purged.rateLimits).toBeGreaterThan(0);
      expect((await edge.dump()).rate_limits).toEqual([]);
    });

    it('5. CSV exports neutralise formulas (= + - @) and quote CR, LF and separators', async () => {
      await post(await form({ firstName: '=cmd|\' /C calc\'!A', lastName: '@SOMME(A;B)', consentMarketing: 'yes' }));
      const res = await request('/api/admin/leads?format=csv', { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      const csv = new TextDecoder().decode(await res.arrayBuffer());
      expect(csv).toContain(";'=cmd|' /C calc'!A;");
      expect(csv).toContain(';"\'@SOMME(A;B)";');
      expect(csv).not.toMatch(/;=/);
      expect(csv).not.toMatch(/;@/);
    });

    it('6. no redirect leaves the site: //host paths and Referer paths beginning with // or /\\', async () => {
      const res = await request('//evil.example/..%2fformations', { redirect: 'manual' });
      expect([301, 302, 303, 307, 308, 404]).toContain(res.status);
      const location = res.headers.get('location') ?? '';
      expect(location).not.toMatch(/^\/\/|^\/\\|evil\.example|^https?:/);
      for (const referer of [`${ORIGIN}//evil.example/x`, `${ORIGIN}/\\evil.example/x`, 'https://evil.example/', 'javascript:alert(1)']) {
        const consent = await request('/api/consent', { method: 'POST', headers: { Origin: ORIGIN, Referer: referer, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'choice=accept' });
        expect(consent.status).toBe(303);
        expect(consent.headers.get('location'), referer).toMatch(/^\/(?![/\\])/);
      }
    });

    it('7. a malformed cookie (x=%) gives no error: pages answer 200 and a form is stored once', async () => {
      expect((await request('/', { headers: { Cookie: 'x=%; mf_consent=accept; y=%E0%A4%A' } })).status).toBe(200);
      const res = await post(await form({}), { headers: { Cookie: 'x=%; mf_consent=accept' } });
      expect(res.status).toBe(303);
      expect((await edge.store.exportLead(ALICE))!.events).toHaveLength(1);
    });

    it('8. control, bidi and line-separator characters in a name are refused with a French message; nothing stored or sent', async () => {
      const before = await state();
      for (const firstName of ['Alice\r\nVotre compte est suspendu', 'Alice\u2028Appelez le 08 99', 'Alice\u202eesab', 'Al\u0000ice', 'Ali\u200bce']) {
        const res = await post(await form({ firstName }), { json: true });
        expect(res.status, JSON.stringify(firstName)).toBe(422);
        expect((await message(res)).errors!.firstName).toMatch(/caractères invisibles ou de mise en forme/);
      }
      await edge.tick(new Date(Date.now() + 60_000));
      expect(await state()).toEqual(before);
      // The message keeps its newlines (rendered as text), but not the other controls.
      const ok = await post(await form({ kind: 'info', lastName: 'Martin', situation: 'job-seeker', message: 'Ligne 1\r\nLigne 2' }), { json: true });
      expect(ok.status).toBe(201);
      const bad = await post(await form({ kind: 'info', lastName: 'Martin', situation: 'job-seeker', message: 'a\u202eb', email: 'x@example.fr' }), { json: true });
      expect(bad.status).toBe(422);
    });

    it('9. counted once: an e-mail link replayed scores +5 once; a visitor is one A/B unit; made-up visitor cookies are replaced and capped per address', async () => {
      await post(await form({ consentMarketing: 'yes' }));
      await edge.tick(new Date(Date.now() + 60_000));
      const link = /https:\/\/www\.mecaformation\.fr(\/r\/[\w-]+)/.exec((await edge.outbox())[0]!.html)![1]!;
      const before = (await lead()).score;
      for (let i = 0; i < 5; i++) expect((await request(link)).status).toBe(302);
      expect((await lead()).score).toBe(before + 5);

      const ua = { 'User-Agent': 'Mozilla/5.0 Chrome/150' };
      const first = await request('/', { headers: { ...ua, Cookie: 'mf_consent=accept' } });
      const vid = /mf_vid=([^;]+)/.exec(first.headers.get('set-cookie')!)![1];
      for (let i = 0; i < 10; i++) await request('/', { headers: { ...ua, Cookie: `mf_consent=accept; mf_vid=${vid}` } });
      const exposures = async () => (await edge.store.abCounts()).reduce((n, c) => n + c.exposures, 0);
      expect(await exposures()).toBe(2); // hero + cta, once
      for (let i = 0; i < 50; i++) {
        const res = await request('/', { headers: { ...ua, Cookie: 'mf_consent=accept; mf_vid=11111111-1111-4111-8111-111111111111' } }, '198.51.100.9');
        expect(res.headers.get('set-cookie')).toMatch(/mf_vid=[0-9a-f-]{36}\.[\w-]{32}/); // replaced by a signed id
      }
      expect(await exposures()).toBe(2 + 30 * 2); // at most 30 new visitors an hour from one address
    });

    it('10. smaller points: malformed Referer, huge since, hidden build files, Bearer, GET unsubscribe, javascript: back link, non-text values', async () => {
      await post(await form({ consentMarketing: 'yes' }));
      const before = await state();
      const consent = await request('/api/consent', { method: 'POST', headers: { Origin: ORIGIN, Referer: 'http://[', 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'choice=refuse' });
      expect(consent.status).toBe(303);
      expect(consent.headers.get('location')).toBe('/');
      const noOrigin = await post(await form({}), { headers: { Origin: '', Referer: 'http://[' } });
      expect(noOrigin.status).toBe(403);

      const since = await request('/api/admin/leads?since=99999999999d', { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(since.status).toBe(400);
      expect((await message(since)).message).toMatch(/since : nombre de jours/);

      for (const path of ['/%5Fvariants/cta-b.hero-a/', '//_variants/cta-b.hero-a/', '/_variants%2fcta-b.hero-a/', `${variantFile('/', { cta: 'b', hero: 'a' })}`, '/_headers', '/_Variants/cta-b.hero-a/']) {
        const res = await request(path, { redirect: 'manual' });
        if (res.status === 308) expect((await request(res.headers.get('location')!)).status, path).toBe(404);
        else expect(res.status, path).toBe(404);
      }

      expect((await request('/api/admin/leads', { headers: { Authorization: ADMIN_TOKEN } })).status).toBe(401);
      expect((await request('/api/admin/leads', { headers: { Authorization: `Basic ${ADMIN_TOKEN}` } })).status).toBe(401);

      const unsubscribe = `/api/unsubscribe/${await signLead(SECRET, 'unsubscribe', (await lead()).id)}`;
      const page = await request(unsubscribe);
      expect(page.status).toBe(200);
      expect((await lead()).consentMarketing).toBe(true); // a mail scanner's GET changes nothing

      const back = await post(await form({ email: 'pas-une-adresse', landingPage: 'javascript:alert(1)' }));
      expect(back.status).toBe(422);
      expect(await back.text()).not.toContain('href="javascript:');

      for (const body of [
        JSON.stringify({ ...(await form({})), firstName: { toString: 'x' } }),
        JSON.stringify({ ...(await form({})), consentMarketing: ['yes'] }),
        JSON.stringify({ ...(await form({})), email: ['a@example.fr', 'b@example.fr'] }),
      ]) {
        const res = await post(body, { json: true });
        expect(res.status).toBe(422);
        expect(Object.values((await message(res)).errors!)[0]).toMatch(/doit être un texte/);
      }
      const repeated = await post(`${new URLSearchParams(await form({})).toString()}&email=b%40example.fr`);
      expect(repeated.status).toBe(422);
      expect(await repeated.text()).toContain('Une seule valeur est attendue pour ce champ.');
      expect(await state()).toEqual(before);
    });
  });
}
