// The WhatsApp line's edges on Node (the shared suite, tests/shared/whatsapp-suite.ts, covers the
// behaviour on both runtimes): configuration, an unconfigured webhook, refused sends, concurrent
// messages of one person, a message delivered late, a status that arrives before its send is
// recorded, a missing access token.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/edge/app';
import { sqliteDriver, readMigrations } from '../../src/edge/store/sqlite';
import { createSqlStore } from '../../src/edge/store/sql-store';
import { createWhatsapp, DEFAULT_GRAPH_BASE, whatsappConfigFromEnv, type WhatsappConfig } from '../../src/automation/whatsapp';
import { clockFromEnv } from '../../src/edge/clock';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../src/edge/limits';
import { parseWebhook } from '../../src/conversations/whatsapp-cloud';
import { testRules } from '../shared/test-rules';
import { ORIGIN, SECRET } from '../shared/edge-suite';
import { graphAnswer, OPEN_NOW, WA_ENV } from '../shared/whatsapp-suite';

const rules = testRules();
const WA = '33612345678';
const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));
const text = (body: string, at: Date, id: string) => ({ from: WA, id, timestamp: seconds(at), type: 'text', text: { body } });
const payload = (messages: unknown[], statuses: unknown[] = []) =>
  parseWebhook({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: WA_ENV.WHATSAPP_PHONE_NUMBER_ID }, messages, statuses } }] }] });

async function line(config: WhatsappConfig = whatsappConfigFromEnv(WA_ENV), answer: (n: number) => Response | Promise<Response> = (n) => graphAnswer(n)) {
  const db = sqliteDriver(':memory:');
  await db.migrate(readMigrations());
  const calls: Record<string, any>[] = [];
  const service = createWhatsapp({ db, rules, config, fetch: async (_url, init) => (calls.push(JSON.parse(String(init?.body))), answer(calls.length)), siteUrl: ORIGIN });
  return { db, service, calls };
}

describe('WhatsApp configuration', () => {
  it('reads the five variables; the API base defaults to Meta’s Graph API with its current version', () => {
    expect(whatsappConfigFromEnv({})).toEqual({ verifyToken: null, appSecret: null, token: null, phoneNumberId: null, apiBase: DEFAULT_GRAPH_BASE });
    expect(DEFAULT_GRAPH_BASE).toBe('https://graph.facebook.com/v26.0');
    expect(whatsappConfigFromEnv({ ...WA_ENV, WHATSAPP_API_BASE: 'https://graph.facebook.com/v25.0/' }).apiBase).toBe('https://graph.facebook.com/v25.0');
    expect(whatsappConfigFromEnv({ WHATSAPP_API_BASE: 'http://localhost:9999/v26.0' }).apiBase).toBe('http://localhost:9999/v26.0');
  });

  it('a wrong value names its variable', () => {
    expect(() => whatsappConfigFromEnv({ WHATSAPP_API_BASE: 'graph.facebook.com' })).toThrow(/^WHATSAPP_API_BASE : adresse attendue/);
    expect(() => whatsappConfigFromEnv({ WHATSAPP_API_BASE: 'http://graph.facebook.com/v26.0' })).toThrow(/^WHATSAPP_API_BASE : adresse https:\/\/ attendue/);
    expect(() => whatsappConfigFromEnv({ WHATSAPP_PHONE_NUMBER_ID: '+33 6 89' })).toThrow(/^WHATSAPP_PHONE_NUMBER_ID : identifiant numérique attendu/);
    expect(() => limitsFromEnv({ LIMIT_WHATSAPP_BODY_BYTES: '64 Ko' })).toThrow(/^LIMIT_WHATSAPP_BODY_BYTES : nombre positif attendu/);
    expect(DEFAULT_LIMITS.whatsappBodyBytes).toBe(256 * 1024);
  });

  it('EDGE_NOW (tests only) is parsed strictly', () => {
    expect(clockFromEnv({})).toBeUndefined();
    expect(clockFromEnv({ EDGE_NOW: '2026-11-28T10:00:00Z' })!().toISOString()).toBe('2026-11-28T10:00:00.000Z');
    expect(clockFromEnv({ EDGE_NOW: '2026-11-28T11:00:00+01:00' })!().toISOString()).toBe('2026-11-28T10:00:00.000Z');
    for (const bad of ['2026-11-28', '2026-11-28T10:00:00', 'samedi', '2026-13-01T10:00:00Z']) expect(() => clockFromEnv({ EDGE_NOW: bad }), bad).toThrow(/^EDGE_NOW : instant ISO 8601 avec fuseau attendu/);
  });

  it('without its secrets the webhook says so (503), naming the variable', async () => {
    const db = sqliteDriver(':memory:');
    await db.migrate(readMigrations());
    const app = createApp({ store: createSqlStore(db), assets: { fetch: async () => new Response('') }, rules, secrets: { formSecret: SECRET }, whatsapp: { config: whatsappConfigFromEnv({}), fetch } });
    const get = await app.request('/api/whatsapp?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1');
    expect(get.status).toBe(503);
    expect(((await get.json()) as { message: string }).message).toContain('WHATSAPP_VERIFY_TOKEN manquant');
    const post = await app.request('/api/whatsapp', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(503);
    expect(((await post.json()) as { message: string }).message).toContain('WHATSAPP_APP_SECRET manquant');
    // And without the WhatsApp line at all (another store): 503 too, never a 500.
    const bare = createApp({ store: createSqlStore(db), assets: { fetch: async () => new Response('') }, rules, secrets: { formSecret: SECRET } });
    expect((await bare.request('/api/whatsapp', { method: 'POST', body: '{}' })).status).toBe(503);
  });
});

describe('WhatsApp delivery', () => {
  it('a send the Graph API refuses for good (400) fails at once, with its reason; a throttled one (429) is retried', async () => {
    const { db, service } = await line(undefined, (n) =>
      n === 1 ? Response.json({ error: { message: '(#131009) Parameter value is not valid', code: 131009 } }, { status: 400 }) : Response.json({ error: { message: 'Rate limit hit', code: 130429 } }, { status: 429 }),
    );
    await service.receive(payload([text('Bonjour', new Date(OPEN_NOW.getTime() - 60_000), 'wamid.a')]), OPEN_NOW);
    await service.deliver(OPEN_NOW);
    const [first] = await db.all<Record<string, unknown>>("SELECT * FROM whatsapp_messages WHERE direction = 'out'");
    expect(first).toMatchObject({ status: 'failed', attempts: 1 });
    expect(String(first!.error)).toBe('Graph API 400 (code 131009) : (#131009) Parameter value is not valid');
    await service.receive(payload([text('Tarifs', new Date(OPEN_NOW.getTime() - 30_000), 'wamid.b')]), OPEN_NOW);
    const report = await service.deliver(OPEN_NOW);
    expect(report.retried).toBe(1);
    expect((await db.all<{ status: string }>("SELECT status FROM whatsapp_messages WHERE direction = 'out' ORDER BY created_at, seq")).map((r) => r.status)).toEqual(['failed', 'queued']);
  });

  it('after the last retry of automation.yaml the message is marked failed, kept with its last error', async () => {
    const { db, service } = await line(undefined, () => new Response('upstream down', { status: 502 }));
    await service.receive(payload([text('Bonjour', new Date(OPEN_NOW.getTime() - 60_000), 'wamid.a')]), OPEN_NOW);
    let at = OPEN_NOW;
    for (const wait of [0, ...rules.marketing.automation.delivery.retryMinutes.slice(0, 2)]) {
      at = new Date(at.getTime() + wait * 60_000 + 1000);
      await service.deliver(at);
    }
    expect((await db.all<Record<string, unknown>>("SELECT status, attempts, error FROM whatsapp_messages WHERE direction = 'out'"))[0]).toMatchObject({ status: 'queued', attempts: 3 });
    // Four hours later (within the 24-hour window), every remaining retry.
    for (const wait of rules.marketing.automation.delivery.retryMinutes.slice(2)) {
      at = new Date(at.getTime() + wait * 60_000 + 1000);
      await service.deliver(at);
    }
    const [row] = await db.all<Record<string, unknown>>("SELECT status, attempts, error FROM whatsapp_messages WHERE direction = 'out'");
    expect(row).toMatchObject({ status: 'failed', attempts: rules.marketing.automation.delivery.retryMinutes.length + 1 });
    expect(String(row!.error)).toContain('Graph API 502');
  });

  it('without WHATSAPP_TOKEN the replies wait (retried), never dropped; past the 24-hour window they are not sent', async () => {
    const { db, service, calls } = await line({ ...whatsappConfigFromEnv(WA_ENV), token: null });
    await service.receive(payload([text('Bonjour', new Date(OPEN_NOW.getTime() - 60_000), 'wamid.a')]), OPEN_NOW);
    await service.deliver(OPEN_NOW);
    const [row] = await db.all<Record<string, unknown>>("SELECT status, error FROM whatsapp_messages WHERE direction = 'out'");
    expect(row).toMatchObject({ status: 'queued', error: 'WHATSAPP_TOKEN manquant : le message attend la configuration' });
    await service.deliver(new Date(OPEN_NOW.getTime() + 25 * 3_600_000));
    expect((await db.all<Record<string, unknown>>("SELECT status FROM whatsapp_messages WHERE direction = 'out'"))[0]!.status).toBe('window-closed');
    expect(calls).toEqual([]);
  });

  it('a status that arrives before its send recorded the wamid is kept and applied', async () => {
    let release!: () => void;
    const { db, service } = await line(undefined, (n) => new Promise<Response>((resolve) => (release = () => resolve(graphAnswer(n)))));
    await service.receive(payload([text('Bonjour', new Date(OPEN_NOW.getTime() - 60_000), 'wamid.a')]), OPEN_NOW);
    const sending = service.deliver(OPEN_NOW);
    await new Promise((r) => setTimeout(r, 20));
    await service.receive(payload([], [{ id: 'wamid.out.1', status: 'delivered', timestamp: seconds(OPEN_NOW), recipient_id: WA }]), OPEN_NOW);
    release();
    await sending;
    expect((await db.all<{ status: string }>("SELECT status FROM whatsapp_messages WHERE direction = 'out'"))[0]!.status).toBe('delivered');
  });
});

describe('WhatsApp conversations under concurrency and retries', () => {
  it('two messages of one person applied at the same moment: both stored, each answered from the state the other left', async () => {
    const { db, service } = await line();
    await service.receive(payload([text('Bonjour', new Date(OPEN_NOW.getTime() - 120_000), 'wamid.0')]), OPEN_NOW);
    await Promise.all([
      service.receive(payload([{ from: WA, id: 'wamid.1', timestamp: seconds(new Date(OPEN_NOW.getTime() - 60_000)), type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'menu/rappel', title: 'Demander un rappel' } } }]), OPEN_NOW),
      service.receive(payload([{ from: WA, id: 'wamid.2', timestamp: seconds(new Date(OPEN_NOW.getTime() - 59_000)), type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'menu/rappel', title: 'Demander un rappel' } } }]), OPEN_NOW),
    ]);
    expect(await db.all("SELECT id FROM whatsapp_messages WHERE direction = 'in'")).toHaveLength(3);
    // One callback, not two: the second turn saw the first one's task.
    expect(await db.all('SELECT id FROM tasks')).toHaveLength(1);
    const [contact] = await db.all<{ version: number }>('SELECT version FROM whatsapp_contacts');
    expect(contact!.version).toBe(3);
  });

  it('a message older than one already answered (a late retry) is kept and not answered out of context', async () => {
    const { db, service } = await line();
    await service.receive(payload([text('Bonjour', new Date(OPEN_NOW.getTime() - 60_000), 'wamid.new')]), OPEN_NOW);
    const report = await service.receive(payload([text('Tarifs ?', new Date(OPEN_NOW.getTime() - 600_000), 'wamid.old')]), OPEN_NOW);
    expect(report).toMatchObject({ messages: 0, late: 1 });
    expect((await db.all<{ status: string }>("SELECT status FROM whatsapp_messages WHERE wamid = 'wamid.old'"))[0]!.status).toBe('late');
    expect(await db.all("SELECT id FROM whatsapp_messages WHERE direction = 'out'")).toHaveLength(1);
  });
});
