// The same edge behaviour in the real Workers runtime (workerd) with D1 and static assets, under
// miniflare: the Worker entry (src/edge/worker.ts) is bundled as wrangler would bundle it.
import { afterAll, beforeAll, expect } from 'vitest';
import { join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import { d1Driver, type D1Database } from '../../src/edge/store/d1';
import { createSqlStore } from '../../src/edge/store/sql-store';
import { readMigrations } from '../../src/edge/store/sqlite';
import { bundleTestWorker } from '../shared/worker-bundle';
import { ADMIN_TOKEN, edgeSuite, fixtureSite, SECRET, type EdgeUnderTest } from '../shared/edge-suite';

import { TABLES, dumpTables } from '../shared/tables';
import { hostileSuite } from '../shared/hostile-suite';
import { promisesSuite } from '../shared/promises-suite';
import { consoleSuite } from '../shared/console-suite';
import { attributionSuite } from '../shared/attribution-suite';
import { SOCIAL_FEED_KEY, socialSuite } from '../shared/social-suite';
import { graphAnswer, WA_API_BASE, WA_ENV, whatsappSuite, type GraphCall, type WhatsappUnderTest } from '../shared/whatsapp-suite';
import { campaignSite, campaignsSuite } from '../shared/campaigns-suite';
// Requests the Worker made to Brevo's API and to the Graph API (outbound fetches are intercepted below).
import { partnersSuite } from '../shared/partners-suite';
// Requests the Worker made to Brevo's API (outbound fetches are intercepted below).
let brevo: { headers: Record<string, string>; body: Record<string, any> }[] = [];
let graphCalls: GraphCall[] = [];
let graphFailures = { count: 0, status: 0 };
let mf: Miniflare;
let db: D1Database;
let out: string;
/** One Worker per fixed clock (EDGE_NOW) for the WhatsApp suite, created when first needed. */
const clocks = new Map<string, { mf: Miniflare; db: D1Database }>();

function options(bindings: Record<string, string>, directory = fixtureSite()) {
  return {
    modules: true,
    scriptPath: out,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    bindings,
    outboundService: async (request: Request) => {
      const url = new URL(request.url).href;
      if (url.startsWith(`${WA_API_BASE}/`)) {
        graphCalls.push({ url, authorization: request.headers.get('authorization'), body: (await request.json()) as Record<string, any> });
        if (graphFailures.count > 0) {
          graphFailures.count--;
          return graphAnswer(graphCalls.length, graphFailures.status);
        }
        return graphAnswer(graphCalls.length);
      }
      if (url !== 'https://api.brevo.com/v3/smtp/email') return new Response('unexpected outbound request', { status: 599 });
      brevo.push({ headers: Object.fromEntries(request.headers), body: (await request.json()) as Record<string, any> });
      return new Response(JSON.stringify({ messageId: '<x@brevo>' }), { status: 201, headers: { 'content-type': 'application/json' } });
    },
    d1Databases: ['DB'],
    assets: {
      directory,
      binding: 'ASSETS',
      routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
      assetConfig: { html_handling: 'auto-trailing-slash' as const, not_found_handling: '404-page' as const },
    },
  };
}
const BINDINGS = { FORM_SECRET: SECRET, ADMIN_TOKEN, SOCIAL_FEED_KEY, BREVO_API_KEY: 'test-brevo-key', ...WA_ENV };

beforeAll(async () => {
  // The Worker bundled with the test rules (content/ plus the promises suite's fixtures).
  out = await bundleTestWorker('worker');
  mf = new Miniflare(options(BINDINGS));
  db = (await mf.getD1Database('DB')) as unknown as D1Database;
  await d1Driver(db).migrate(readMigrations());
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  for (const c of clocks.values()) await c.mf.dispose();
});

async function setup(): Promise<EdgeUnderTest> {
  return setupOn(mf, db);
}

async function setupOn(mf: Miniflare, db: D1Database): Promise<EdgeUnderTest> {
  for (const table of TABLES) await db.prepare(`DELETE FROM ${table}`).all();
  brevo = [];
  return {
    store: createSqlStore(d1Driver(db)),
    // The Cron Trigger, as Cloudflare fires it (scheduled handler), at a chosen time.
    async tick(now) {
      const worker = await mf.getWorker();
      const result = await (worker as unknown as { scheduled(o: { scheduledTime: Date; cron: string }): Promise<{ outcome: string }> }).scheduled({ scheduledTime: now, cron: '* * * * *' });
      if (result.outcome !== 'ok') throw new Error(`scheduled: ${result.outcome}`);
    },
    async outbox() {
      return brevo.map(({ headers, body }) => {
        expect(headers['api-key']).toBe('test-brevo-key');
        const attachments = (body.attachment ?? []).map((a: { name: string; content: string }) => ({ filename: a.name, content: Buffer.from(a.content, 'base64').toString('utf8') }));
        return { to: body.to[0].email, subject: body.subject, html: body.htmlContent, text: body.textContent, headers: body.headers, attachments };
      });
    },
    dump: () => dumpTables(d1Driver(db)),
    async fetch(request, ip) {
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      // Cloudflare sets CF-Connecting-IP to the client's address (replacing any value the client sent).
      const sent = { ...Object.fromEntries(request.headers), 'cf-connecting-ip': ip ?? '203.0.113.7' };
      const response = await mf.dispatchFetch(request.url, { method: request.method, headers: sent, body, redirect: 'manual' });
      // Headers one by one: several Set-Cookie headers must all survive.
      const headers = new Headers();
      for (const [name, value] of response.headers) if (name !== 'set-cookie') headers.set(name, value);
      for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
      return new Response(response.status === 204 || response.status === 304 ? null : await response.arrayBuffer(), { status: response.status, headers });
    },
  };
}

/** The Worker with its clock at `now` (EDGE_NOW), the Graph API faked by the outbound service. */
async function setupWhatsapp(now: Date): Promise<WhatsappUnderTest> {
  let clock = clocks.get(now.toISOString());
  if (!clock) {
    const instance = new Miniflare(options({ ...BINDINGS, EDGE_NOW: now.toISOString(), ALLOW_EDGE_NOW: '1' }));
    const database = (await instance.getD1Database('DB')) as unknown as D1Database;
    await d1Driver(database).migrate(readMigrations());
    clock = { mf: instance, db: database };
    clocks.set(now.toISOString(), clock);
  }
  const edge = await setupOn(clock.mf, clock.db);
  graphCalls = [];
  graphFailures = { count: 0, status: 0 };
  const database = clock.db;
  return {
    ...edge,
    graph: () => graphCalls,
    failNext: (count, status) => void (graphFailures = { count, status }),
    // The replies go out in ctx.waitUntil after the response: wait until none is due or in flight.
    async settle() {
      for (let i = 0; i < 200; i++) {
        const { results } = await database
          .prepare("SELECT COUNT(*) AS n FROM whatsapp_messages WHERE direction = 'out' AND (status = 'sending' OR (status = 'queued' AND next_attempt_at <= ?))")
          .bind(now.toISOString())
          .all();
        if (Number((results?.[0] as { n: number } | undefined)?.n) === 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('WhatsApp replies still queued after 5 s: ctx.waitUntil did not send them');
    },
  };
}

/** The Worker over pages with the campaign slots, its clock at `now` (EDGE_NOW, with ALLOW_EDGE_NOW=1). */
const campaignFiles = campaignSite();
const campaignClocks = new Map<string, { mf: Miniflare; db: D1Database }>();
async function setupCampaigns(now: Date): Promise<EdgeUnderTest> {
  let clock = campaignClocks.get(now.toISOString());
  if (!clock) {
    const instance = new Miniflare(options({ ...BINDINGS, EDGE_NOW: now.toISOString(), ALLOW_EDGE_NOW: '1' }, campaignFiles));
    const database = (await instance.getD1Database('DB')) as unknown as D1Database;
    await d1Driver(database).migrate(readMigrations());
    clock = { mf: instance, db: database };
    campaignClocks.set(now.toISOString(), clock);
  }
  return setupOn(clock.mf, clock.db);
}
afterAll(async () => {
  for (const c of campaignClocks.values()) await c.mf.dispose();
});

edgeSuite('Worker + D1 (workerd)', setup);
hostileSuite('Worker + D1 (workerd)', setup, { streaming: false });
promisesSuite('Worker + D1 (workerd)', setup);
consoleSuite('Worker + D1 (workerd)', setup);
attributionSuite('Worker + D1 (workerd)', setup);
socialSuite('Worker + D1 (workerd)', setup);
whatsappSuite('Worker + D1 (workerd)', setupWhatsapp);
partnersSuite('Worker + D1 (workerd)', setup);
campaignsSuite('Worker + D1 (workerd)', campaignFiles, setupCampaigns);
