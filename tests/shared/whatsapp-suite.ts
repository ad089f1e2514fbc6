// The WhatsApp Business Platform webhook (issue « Conversations », part 4), on Node and in
// workerd + D1, against a local fake of the Graph API that records what it receives: Meta's GET
// verification, signed POSTs (X-Hub-Signature-256), the welcome list, the absence message outside
// business hours, a callback task, idempotency on the message id, delivery statuses, the 24-hour
// window, a failed send retried, the conversation in the console, the RGPD export and erasure.
import { beforeEach, describe, expect, it } from 'vitest';
import { createConsoleStore } from '../../src/console/store';
import { hashPassword } from '../../src/console/auth';
import { issueFormToken } from '../../src/edge/form-token';
import type { SqlDriver } from '../../src/edge/store/types';
import { ORIGIN, SECRET, type EdgeUnderTest } from './edge-suite';

export const WA_APP_SECRET = 'test-whatsapp-app-secret';
export const WA_VERIFY_TOKEN = 'test-whatsapp-verify-token';
export const WA_TOKEN = 'test-whatsapp-access-token';
export const WA_PHONE_ID = '1098765432';
export const WA_API_BASE = 'https://graph.test/v26.0';
/** The environment both runtimes are configured with (Node: variables; Worker: bindings). */
// The body cap is lowered to 16 KB here: workerd answers a 413 early and closes the socket, so the
// refused body must fit in the socket's buffers (the default, 256 KB, is in src/edge/limits.ts).
export const WA_ENV = { WHATSAPP_VERIFY_TOKEN: WA_VERIFY_TOKEN, WHATSAPP_APP_SECRET: WA_APP_SECRET, WHATSAPP_TOKEN: WA_TOKEN, WHATSAPP_PHONE_NUMBER_ID: WA_PHONE_ID, WHATSAPP_API_BASE: WA_API_BASE, LIMIT_WHATSAPP_BODY_BYTES: '16384' };
/** Wednesday 25 November 2026, 10:00 in Paris: the team is there. */
export const OPEN_NOW = new Date('2026-11-25T09:00:00Z');
/** Saturday 28 November 2026, 11:00 in Paris: nobody until Monday 30 November, 9:00. */
export const CLOSED_NOW = new Date('2026-11-28T10:00:00Z');

export interface GraphCall {
  url: string;
  authorization: string | null;
  body: Record<string, any>;
}

export interface WhatsappUnderTest extends EdgeUnderTest {
  /** What the fake Graph API received so far. */
  graph(): GraphCall[];
  /** The next `count` sends get this HTTP status (and a Graph error body) from the fake. */
  failNext(count: number, status: number): void;
  /** Waits until the replies sent after the webhook's response are done. */
  settle(): Promise<void>;
}

/** The fake Graph API's answer to POST /<id>/messages: the wamid of the n-th message. */
export function graphAnswer(n: number, failure?: number): Response {
  if (failure) return Response.json({ error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 131016, fbtrace_id: 'x' } }, { status: failure });
  return Response.json({ messaging_product: 'whatsapp', contacts: [{ input: '33612345678', wa_id: '33612345678' }], messages: [{ id: `wamid.out.${n}` }] });
}

const WA = '33612345678';
const encoder = new TextEncoder();

async function sign(body: string, secret = WA_APP_SECRET) {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `sha256=${[...new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body)))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

let seq = 0;
/** A messages webhook as Meta sends it (one entry, one change). */
export function webhook(value: { messages?: unknown[]; statuses?: unknown[]; name?: string }, phoneNumberId = WA_PHONE_ID) {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '33689457231', phone_number_id: phoneNumberId },
              ...(value.messages ? { contacts: [{ profile: { name: value.name ?? 'Yanis' }, wa_id: WA }] } : {}),
              ...(value.messages ? { messages: value.messages } : {}),
              ...(value.statuses ? { statuses: value.statuses } : {}),
            },
          },
        ],
      },
    ],
  });
}
const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));
export const textMessage = (body: string, at: Date, id = `wamid.in.${++seq}`) => ({ from: WA, id, timestamp: seconds(at), type: 'text', text: { body } });
export const listReply = (rowId: string, title: string, at: Date, id = `wamid.in.${++seq}`) => ({ from: WA, id, timestamp: seconds(at), type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: rowId, title } } });
const buttonReply = (buttonId: string, title: string, at: Date, id = `wamid.in.${++seq}`) => ({ from: WA, id, timestamp: seconds(at), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: buttonId, title } } });
const status = (wamid: string, s: string, at: Date, errors?: unknown[]) => ({ id: wamid, status: s, timestamp: seconds(at), recipient_id: WA, ...(errors ? { errors } : {}) });

export function whatsappSuite(runtime: string, setup: (now: Date) => Promise<WhatsappUnderTest>) {
  let edge: WhatsappUnderTest;
  let db: SqlDriver;
  let now: Date;
  const use = async (at: Date) => {
    now = at;
    edge = await setup(at);
    db = (edge.store as unknown as { db: SqlDriver }).db;
  };
  const request = (path: string, init: RequestInit = {}) => edge.fetch(new Request(`${ORIGIN}${path}`, { redirect: 'manual', ...init }), '157.240.0.1');
  async function post(body: string, signature?: string | null) {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'facebookexternalua' };
    if (signature !== null) headers['X-Hub-Signature-256'] = signature ?? (await sign(body));
    return request('/api/whatsapp', { method: 'POST', headers, body });
  }
  /** A signed webhook, then the replies it caused, sent. */
  async function deliver(body: string) {
    const res = await post(body);
    expect(res.status, await res.clone().text()).toBe(200);
    await edge.settle();
    return res;
  }
  const minuteAgo = () => new Date(now.getTime() - 60_000);
  const messages = (direction?: 'in' | 'out') =>
    db.all<Record<string, any>>(`SELECT * FROM whatsapp_messages ${direction ? 'WHERE direction = ?' : ''} ORDER BY created_at, seq`, direction ? [direction] : []);
  const rowsOf = (call: GraphCall | undefined) => (call?.body.interactive?.action?.sections ?? []).flatMap((s: { rows: { id: string; title: string }[] }) => s.rows);

  describe(`${runtime}: WhatsApp webhook, verification`, () => {
    beforeEach(() => use(OPEN_NOW), 60_000);

    it('Meta’s GET verification: the challenge as text/plain with the right token; 403 otherwise; 400 without a challenge', async () => {
      const ok = await request(`/api/whatsapp?hub.mode=subscribe&hub.verify_token=${WA_VERIFY_TOKEN}&hub.challenge=1158201444`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await ok.text()).toBe('1158201444');
      const wrong = await request('/api/whatsapp?hub.mode=subscribe&hub.verify_token=autre-jeton&hub.challenge=1158201444');
      expect(wrong.status).toBe(403);
      expect((await wrong.json()) as object).toMatchObject({ ok: false, error: 'verification' });
      expect((await request(`/api/whatsapp?hub.mode=unsubscribe&hub.verify_token=${WA_VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(403);
      expect((await request(`/api/whatsapp?hub.verify_token=${WA_VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(403);
      const noChallenge = await request(`/api/whatsapp?hub.mode=subscribe&hub.verify_token=${WA_VERIFY_TOKEN}`);
      expect(noChallenge.status).toBe(400);
      expect(((await noChallenge.json()) as { message: string }).message).toMatch(/^hub\.challenge/);
      expect((await request('/api/whatsapp', { method: 'PUT' })).status).toBe(405);
    });

    it('a bad or missing signature: 401 and nothing stored, nothing sent', async () => {
      const before = await edge.dump();
      const body = webhook({ messages: [textMessage('Bonjour', minuteAgo())] });
      for (const signature of [null, 'sha256=', `sha256=${'0'.repeat(64)}`, await sign(body, 'un-autre-secret'), await sign(`${body} `), (await sign(body)).replace('sha256=', 'sha1=')]) {
        const res = await post(body, signature);
        expect(res.status, String(signature)).toBe(401);
        expect(((await res.json()) as { error: string }).error).toBe('signature');
      }
      await edge.settle();
      expect(await edge.dump()).toEqual(before);
      expect(edge.graph()).toEqual([]);
    });

    it('signed but odd JSON: 400 naming the rule, nothing stored; not for our number: 200, ignored', async () => {
      const before = await edge.dump();
      const bad = async (body: string) => {
        const res = await post(body);
        expect(res.status, body).toBe(400);
        return ((await res.json()) as { message: string }).message;
      };
      expect(await bad('{"object": ')).toBe('corps : JSON en UTF-8 attendu.');
      expect(await bad('{"object":"whatsapp_business_account","entry":{}}')).toBe('entry : tableau attendu.');
      expect(await bad(webhook({ messages: [{ from: WA, timestamp: '1', type: 'text', text: { body: 'x' } }] }))).toBe('entry[0].changes[0].value.messages[0].id : identifiant de message attendu (wamid…, 256 caractères au plus).');
      expect(await bad(webhook({ statuses: [{ id: 'wamid.x', status: 'read', timestamp: 'hier', recipient_id: WA }] }))).toMatch(/statuses\[0\]\.timestamp : horodatage en secondes/);
      const other = await post(webhook({ messages: [textMessage('Bonjour', minuteAgo())] }, '5550001111'));
      expect(other.status).toBe(200);
      expect(((await other.json()) as { ignored: number }).ignored).toBe(1);
      await edge.settle();
      expect(await edge.dump()).toEqual(before);
    });

    it('a body over the cap (LIMIT_WHATSAPP_BODY_BYTES) is refused before its signature is even checked (413)', async () => {
      const before = await edge.dump();
      const res = await post(webhook({ messages: [textMessage('x'.repeat(17 * 1024), minuteAgo())] }));
      expect(res.status).toBe(413);
      expect(((await res.json()) as { message: string }).message).toContain('limite de 16\u00a0Ko pour une notification WhatsApp');
      expect(await edge.dump()).toEqual(before);
    });
  });

  describe(`${runtime}: WhatsApp conversations during business hours`, () => {
    beforeEach(() => use(OPEN_NOW), 60_000);

    it('a signed « Bonjour »: 200, and the fake Graph API receives the welcome list with the four choices', async () => {
      const started = Date.now();
      const res = await post(webhook({ messages: [textMessage('Bonjour', minuteAgo())] }));
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect((await res.json()) as object).toMatchObject({ ok: true, messages: 1, duplicates: 0 });
      await edge.settle();
      const calls = edge.graph();
      expect(calls).toHaveLength(1);
      const [call] = calls;
      expect(call!.url).toBe(`${WA_API_BASE}/${WA_PHONE_ID}/messages`);
      expect(call!.authorization).toBe(`Bearer ${WA_TOKEN}`);
      expect(call!.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: WA, type: 'interactive', interactive: { type: 'list', body: { text: expect.stringContaining('Merci de nous contacter') } } });
      expect(rowsOf(call).map((r: { title: string }) => r.title)).toEqual(['Voir nos formations', 'Tarifs et financement', 'Demander un rappel', 'Témoignages d’apprenants']);
      // Stored: the person (by number, with their profile name), what they said, the reply and its wamid.
      const [contact] = await db.all<Record<string, unknown>>('SELECT * FROM whatsapp_contacts');
      expect(contact).toMatchObject({ wa_id: WA, profile_name: 'Yanis', lead_id: null });
      expect((await messages()).map((x) => [x.direction, x.status, x.wamid?.startsWith('wamid.out') ? 'out' : x.wamid?.startsWith('wamid.in') ? 'in' : null])).toEqual([
        ['in', 'received', 'in'],
        ['out', 'accepted', 'out'],
      ]);
    });

    it('the same message id twice (Meta retries): one reply', async () => {
      const body = webhook({ messages: [textMessage('Bonjour', minuteAgo(), 'wamid.retried')] });
      await deliver(body);
      const again = await deliver(body);
      expect((await again.json()) as object).toMatchObject({ messages: 0, duplicates: 1 });
      // At the same moment, twice more.
      await Promise.all([post(body), post(body)]);
      await edge.settle();
      expect(edge.graph()).toHaveLength(1);
      expect(await messages('in')).toHaveLength(1);
    });

    it('« Demander un rappel » in the list: a callback task for the number, in the team’s list of callbacks', async () => {
      await deliver(webhook({ messages: [textMessage('Bonjour', new Date(now.getTime() - 120_000))] }));
      await deliver(webhook({ messages: [listReply('menu/rappel', 'Demander un rappel', minuteAgo())] }));
      const [task] = await db.all<Record<string, unknown>>('SELECT * FROM tasks');
      expect(task).toMatchObject({ kind: 'callback', request: 'whatsapp', whatsapp_id: WA, lead_id: null, status: 'open' });
      // 24 hours later is a business time (Thursday 10:00 in Paris).
      expect(task!.due_at).toBe('2026-11-26T09:00:00.000Z');
      const confirmation = edge.graph().at(-1)!;
      expect(confirmation.body.type).toBe('text');
      expect(confirmation.body.text.body).toContain('+33\u00a06\u00a012\u00a034\u00a056\u00a078');
      // Asked again: no second task.
      await deliver(webhook({ messages: [listReply('menu/rappel', 'Demander un rappel', new Date(now.getTime() - 30_000))] }));
      expect(await db.all('SELECT id FROM tasks')).toHaveLength(1);
      expect(edge.graph().at(-1)!.body.text.body).toContain('déjà enregistrée');
      // The team sees it with the number, linked to the conversation.
      const team = await consoleSession();
      const page = await (await team.get('/admin/taches')).text();
      expect(page).toContain(`/admin/whatsapp/${WA}`);
      expect(page).toContain('06\u00a012\u00a034\u00a056\u00a078');
      expect(page).toContain('Yanis (WhatsApp)');
    });

    it('demande_info: situation and training as lists, the guide’s PDF as a document, then a proposed callback accepted', async () => {
      const at = (s: number) => new Date(now.getTime() - s * 1000);
      await deliver(webhook({ messages: [textMessage('Bonjour', at(300))] }));
      await deliver(webhook({ messages: [listReply('menu/formations', 'Voir nos formations', at(240))] }));
      expect(rowsOf(edge.graph().at(-1)).map((r: { id: string }) => r.id)).toContain('formations/sit/primo-arrivants');
      await deliver(webhook({ messages: [listReply('formations/sit/primo-arrivants', 'Primo-arrivants', at(180))] }));
      expect(rowsOf(edge.graph().at(-1)).map((r: { id: string }) => r.id)).toContain('formations/fo/cap-maintenance-vehicules');
      await deliver(webhook({ messages: [listReply('formations/fo/cap-maintenance-vehicules', 'CAP MVA à distance', at(120))] }));
      const [doc, page, proposal] = edge.graph().slice(-3);
      expect(doc!.body).toMatchObject({ type: 'document', document: { link: 'https://www.mecaformation.fr/guide/devenir-mecanicien-automobile-a-distance.pdf', filename: 'devenir-mecanicien-automobile-a-distance.pdf' } });
      expect(page!.body.text.body).toContain('https://www.mecaformation.fr/formations/cap-maintenance-vehicules/');
      expect(proposal!.body).toMatchObject({ type: 'interactive', interactive: { type: 'button', action: { buttons: [{ reply: { id: 'rappel/oui' } }, { reply: { id: 'rappel/non' } }] } } });
      await deliver(webhook({ messages: [buttonReply('rappel/oui', 'Oui, rappelez-moi', at(60))] }));
      expect(await db.all('SELECT id FROM tasks WHERE whatsapp_id = ?', [WA])).toHaveLength(1);
    });

    it('tarifs: the price of prices.yaml for the person’s case (890 € for a primo-arrivant on the CAP, paid personally)', async () => {
      const at = (s: number) => new Date(now.getTime() - s * 1000);
      for (const [i, [id, title]] of ([
        ['menu/tarifs-financement', 'Tarifs et financement'],
        ['tarifs-financement/sit/primo-arrivants', 'Primo-arrivants'],
        ['tarifs-financement/fo/cap-maintenance-vehicules', 'CAP MVA à distance'],
        ['tarifs-financement/fin/autofinancement', 'Financement personnel'],
      ] as const).entries()) {
        await deliver(webhook({ messages: [listReply(id, title, at(300 - i * 60))] }));
      }
      const quote = edge.graph().at(-2)!.body.text.body as string;
      expect(quote).toContain('890\u00a0€ au lieu de 2\u202f490\u00a0€');
      expect(quote).toContain('acompte de 267\u00a0€ au plus');
      expect(edge.graph().at(-1)!.body.interactive.type).toBe('button');
    });

    it('delivery statuses are recorded per outgoing message, never moving back; a failure keeps its reason', async () => {
      await deliver(webhook({ messages: [textMessage('Bonjour', minuteAgo())] }));
      const [out] = await messages('out');
      const wamid = String(out!.wamid);
      await deliver(webhook({ statuses: [status(wamid, 'sent', now), status(wamid, 'delivered', now)] }));
      expect((await messages('out'))[0]!.status).toBe('delivered');
      await deliver(webhook({ statuses: [status(wamid, 'read', now)] }));
      await deliver(webhook({ statuses: [status(wamid, 'delivered', now)] }));
      expect((await messages('out'))[0]!.status).toBe('read');
      // Repeated webhooks add nothing.
      expect(await db.all('SELECT status FROM whatsapp_statuses ORDER BY at, status')).toHaveLength(3);
      await deliver(webhook({ messages: [textMessage('Tarifs ?', new Date(now.getTime() - 30_000))] }));
      const second = (await messages('out')).at(-1)!;
      await deliver(webhook({ statuses: [status(String(second.wamid), 'failed', now, [{ code: 131026, title: 'Message undeliverable' }])] }));
      const failed = (await messages('out')).at(-1)!;
      expect(failed.status).toBe('failed');
      expect(failed.error).toBe('131026 Message undeliverable');
    });

    it('a message that reaches us after the 24-hour window gets no free-form reply: the reply is recorded as not sent', async () => {
      await deliver(webhook({ messages: [textMessage('Bonjour', new Date(now.getTime() - 25 * 3_600_000))] }));
      expect(edge.graph()).toEqual([]);
      const out = await messages('out');
      expect(out.length).toBeGreaterThan(0);
      expect(out.every((x) => x.status === 'window-closed' && /fenêtre de 24 h fermée/.test(String(x.error)))).toBe(true);
    });

    it('a failed send is retried with automation.yaml’s backoff at the next tick, in order, never lost', async () => {
      edge.failNext(1, 503);
      await deliver(webhook({ messages: [textMessage('Bonjour', minuteAgo())] }));
      const [queued] = await messages('out');
      expect(queued).toMatchObject({ status: 'queued', attempts: 1 });
      expect(String(queued!.error)).toMatch(/Graph API 503 \(code 131016\)/);
      expect(edge.graph()).toHaveLength(1);
      await edge.tick(new Date(now.getTime() + 30_000)); // not due yet (1 minute)
      expect(edge.graph()).toHaveLength(1);
      await edge.tick(new Date(now.getTime() + 61_000));
      expect(edge.graph()).toHaveLength(2);
      expect((await messages('out'))[0]).toMatchObject({ status: 'accepted', attempts: 2, error: null });
    });
  });

  describe(`${runtime}: WhatsApp outside business hours`, () => {
    beforeEach(() => use(CLOSED_NOW), 60_000);

    it('« Bonjour » on a Saturday: the welcome, then the absence message saying when a person is there (Monday 9:00)', async () => {
      await deliver(webhook({ messages: [textMessage('Bonjour', minuteAgo())] }));
      const calls = edge.graph();
      expect(calls.map((c) => c.body.type)).toEqual(['interactive', 'text']);
      const absence = calls[1]!.body.text.body as string;
      expect(absence).toContain('du lundi au vendredi, de 9');
      expect(absence).toContain('à partir du lundi 30\u00a0novembre à 9\u00a0h');
      // A callback asked on Saturday is due at the opening on Monday.
      await deliver(webhook({ messages: [listReply('menu/rappel', 'Demander un rappel', new Date(now.getTime() - 30_000))] }));
      expect((await db.all<{ due_at: string }>('SELECT due_at FROM tasks'))[0]!.due_at).toBe('2026-11-30T08:00:00.000Z');
      expect(edge.graph().filter((c) => c.body.type === 'text' && /Nos conseillers répondent/.test(c.body.text.body))).toHaveLength(1);
    });
  });

  describe(`${runtime}: WhatsApp in the console and the RGPD`, () => {
    beforeEach(() => use(OPEN_NOW), 60_000);

    it('the conversation has its page; linked to a lead it shows on the lead’s page, is in its export and goes with its erasure', async () => {
      await deliver(webhook({ messages: [textMessage('Bonjour', new Date(now.getTime() - 120_000))] }));
      await deliver(webhook({ messages: [listReply('menu/rappel', 'Demander un rappel', minuteAgo())] }));
      // A lead with the same number, from the site's callback form.
      const lead = await request('/api/leads', {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ formToken: await issueFormToken(SECRET, now.getTime() - 10_000), kind: 'callback', firstName: 'Yanis', lastName: 'Benali', email: 'yanis@example.fr', phone: '06 12 34 56 78', situation: 'job-seeker' }).toString(),
      });
      expect(lead.status, await lead.clone().text()).toBe(303);
      const [{ id: leadId }] = (await db.all<{ id: string }>('SELECT id FROM leads')) as [{ id: string }];
      const admin = await consoleSession();
      // Not linked yet: the lead's page says a conversation of the same number exists, unverified.
      let leadPage = await (await admin.get(`/admin/leads/${leadId}`)).text();
      expect(leadPage).toContain('id="whatsapp"');
      expect(leadPage).toContain('Une conversation WhatsApp vient du numéro de ce lead');
      const convo = await (await admin.get(`/admin/whatsapp/${WA}`)).text();
      expect(convo).toContain('Demander un rappel');
      expect(convo).toContain('Merci de nous contacter');
      expect((await admin.get('/admin/whatsapp')).status).toBe(200);
      // The team links it after checking.
      const linked = await admin.post(`/admin/whatsapp/${WA}/rattacher`, { email: 'yanis@example.fr' });
      expect(linked.status).toBe(303);
      leadPage = await (await admin.get(`/admin/leads/${leadId}`)).text();
      expect(leadPage).toContain('rattachée par l’équipe');
      expect(leadPage).toContain('Réponse automatique');
      expect((await db.all<{ lead_id: string }>('SELECT lead_id FROM tasks WHERE whatsapp_id = ?', [WA]))[0]!.lead_id).toBe(leadId);
      const exported = (await (await admin.post(`/admin/leads/${leadId}/export`, {})).json()) as { whatsapp: { contact: { number: string }; messages: { direction: string }[]; callbacks: unknown[] }[] };
      expect(exported.whatsapp).toHaveLength(1);
      expect(exported.whatsapp[0]!.contact.number).toBe(`+${WA}`);
      expect(exported.whatsapp[0]!.messages.filter((x) => x.direction === 'in')).toHaveLength(2);
      expect(exported.whatsapp[0]!.callbacks).toHaveLength(1);
      // Erasure of the lead: the conversation, its statuses and its callback go too.
      expect((await admin.post(`/admin/leads/${leadId}/effacer`, { confirmer: 'EFFACER' })).status).toBe(303);
      for (const table of ['whatsapp_contacts', 'whatsapp_messages', 'whatsapp_statuses', 'tasks', 'leads']) expect(await db.all(`SELECT * FROM ${table}`), table).toEqual([]);
      // The audit log never keeps the number.
      expect(JSON.stringify(await db.all('SELECT * FROM audit_log'))).not.toContain(WA);
    });

    it('a conversation with no lead has its own export and erasure (admin only)', async () => {
      await deliver(webhook({ messages: [textMessage('Bonjour', minuteAgo())] }));
      const [out] = await messages('out');
      await deliver(webhook({ statuses: [status(String(out!.wamid), 'delivered', now)] }));
      const sales = await consoleSession('commercial@mecaformation.fr', 'sales');
      const exported = (await (await sales.post(`/admin/whatsapp/${WA}/export`, {})).json()) as { messages: unknown[]; statuses: unknown[] };
      expect(exported.messages).toHaveLength(2);
      expect(exported.statuses).toHaveLength(1);
      expect((await sales.post(`/admin/whatsapp/${WA}/effacer`, { confirmer: 'EFFACER' })).status).toBe(403);
      const admin = await consoleSession();
      expect((await admin.post(`/admin/whatsapp/${WA}/effacer`, { confirmer: 'non' })).status).toBe(422);
      expect((await admin.post(`/admin/whatsapp/${WA}/effacer`, { confirmer: 'EFFACER' })).status).toBe(303);
      for (const table of ['whatsapp_contacts', 'whatsapp_messages', 'whatsapp_statuses']) expect(await db.all(`SELECT * FROM ${table}`), table).toEqual([]);
      expect((await admin.get(`/admin/whatsapp/${WA}`)).status).toBe(404);
    });
  });

  /** A console account and its session (sign-in through the form). */
  async function consoleSession(email = 'admin@mecaformation.fr', role: 'admin' | 'sales' = 'admin') {
    const team = createConsoleStore(db);
    const password = 'Vidange-Courroie-2026';
    if (!(await team.findUserByEmail(email))) await team.createUser({ email, role, passwordHash: await hashPassword(password), now: now.toISOString() });
    const form = await request('/admin/connexion');
    const loginCookie = /mf_admin_login=([^;]*)/.exec(form.headers.getSetCookie().join('\n'))![1]!;
    const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const res = await request('/admin/connexion', {
      method: 'POST',
      headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mf_admin_login=${loginCookie}` },
      body: new URLSearchParams({ csrf: csrfOf(await form.text()), email, password, retour: '/admin/' }).toString(),
    });
    expect(res.status).toBe(303);
    const cookie = `mf_admin=${/mf_admin=([^;]*)/.exec(res.headers.getSetCookie().find((c) => c.startsWith('mf_admin='))!)![1]}`;
    const csrf = csrfOf(await (await request('/admin/', { headers: { Cookie: cookie } })).text());
    return {
      get: (path: string) => request(path, { headers: { Cookie: cookie } }),
      post: (path: string, fields: Record<string, string>) =>
        request(path, { method: 'POST', headers: { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie }, body: new URLSearchParams({ csrf, ...fields }).toString() }),
    };
  }
}
