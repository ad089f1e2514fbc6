// The edge behaviour on Node: the app with node:sqlite and the Node file server of dist/.
import { createApp } from '../../src/edge/app';
import { sqliteDriver, readMigrations } from '../../src/edge/store/sqlite';
import { createSqlStore } from '../../src/edge/store/sql-store';
import { nodeAssets } from '../../src/edge/node-assets';
import { testRules } from '../shared/test-rules';
import { ADMIN_TOKEN, edgeSuite, fixtureSite, ORIGIN, SECRET, type EdgeUnderTest } from '../shared/edge-suite';
import { createAutomation } from '../../src/automation/engine';
import { RecordingMailer } from '../shared/automation-fixture';
import { getConnInfo } from '@hono/node-server/conninfo';
import { clientAddress, parseTrustProxy } from '../../src/edge/http/client-address';
import { dumpTables } from '../shared/tables';
import { hostileSuite } from '../shared/hostile-suite';
import { promisesSuite } from '../shared/promises-suite';
import { consoleSuite } from '../shared/console-suite';
import { attributionSuite } from '../shared/attribution-suite';
import { SOCIAL_FEED_KEY, socialSuite } from '../shared/social-suite';
import { graphAnswer, WA_ENV, whatsappSuite, type GraphCall, type WhatsappUnderTest } from '../shared/whatsapp-suite';
import { createWhatsapp, whatsappConfigFromEnv } from '../../src/automation/whatsapp';
import { limitsFromEnv } from '../../src/edge/limits';
import { partnersSuite } from '../shared/partners-suite';
import { campaignSite, campaignsSuite } from '../shared/campaigns-suite';
import { clockFromEnv } from '../../src/edge/clock';
import { CLIENT_ID, CLIENT_SECRET, cmsFixtureSite, cmsSuite, type TokenAnswer } from '../shared/cms-suite';

const site = fixtureSite();
const rules = testRules();

async function setup(now?: Date, files = site): Promise<EdgeUnderTest> {
  const driver = sqliteDriver(':memory:');
  await driver.migrate(readMigrations());
  const store = createSqlStore(driver);
  const mailer = new RecordingMailer();
  const automation = createAutomation({ db: driver, rules, mailer, siteUrl: ORIGIN, secret: SECRET });
  const app = createApp({
    store,
    assets: nodeAssets(files),
    rules,
    secrets: { formSecret: SECRET, adminToken: ADMIN_TOKEN, socialFeedKey: SOCIAL_FEED_KEY },
    automation,
    clientAddress: (c) => clientAddress(getConnInfo(c).remote.address, c.req.header('x-forwarded-for'), parseTrustProxy(undefined)),
    siteUrl: ORIGIN,
    // As the Node entry reads it (src/edge/node.ts): EDGE_NOW, an ISO instant with its offset.
    clock: now ? clockFromEnv({ EDGE_NOW: now.toISOString() }) : undefined,
  });
  return {
    // The socket's remote address, as @hono/node-server gives it to getConnInfo().
    fetch: (request, ip) => Promise.resolve(app.fetch(request, { incoming: { socket: { remoteAddress: ip ?? '203.0.113.7' } } })),
    dump: () => dumpTables(driver),
    store,
    tick: async (now) => void (await automation.tick(now)),
    outbox: async () => mailer.sent.map((m) => ({ to: m.to.email, subject: m.subject, html: m.html, text: m.text, headers: m.headers, attachments: m.attachments })),
  };
}

edgeSuite('Node + SQLite', () => setup());
hostileSuite('Node + SQLite', () => setup(), { streaming: true });
promisesSuite('Node + SQLite', () => setup());
consoleSuite('Node + SQLite', () => setup());
attributionSuite('Node + SQLite', () => setup());
socialSuite('Node + SQLite', () => setup());
// The edge's clock at a chosen instant (as EDGE_NOW sets it), over pages with the campaign slots.
const campaignFiles = campaignSite();
campaignsSuite('Node + SQLite', campaignFiles, (now) => setup(now, campaignFiles));

/** The same edge with the WhatsApp line, its clock at `now`, against a fake Graph API. */
async function setupWhatsapp(now: Date): Promise<WhatsappUnderTest> {
  const driver = sqliteDriver(':memory:');
  await driver.migrate(readMigrations());
  const store = createSqlStore(driver);
  const mailer = new RecordingMailer();
  const automation = createAutomation({ db: driver, rules, mailer, siteUrl: ORIGIN, secret: SECRET });
  const calls: GraphCall[] = [];
  let failures = { count: 0, status: 0 };
  const graph: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization'), body: JSON.parse(String(init?.body)) });
    if (failures.count > 0) {
      failures.count--;
      return graphAnswer(calls.length, failures.status);
    }
    return graphAnswer(calls.length);
  };
  const config = whatsappConfigFromEnv(WA_ENV);
  const pending: Promise<unknown>[] = [];
  const app = createApp({
    store,
    assets: nodeAssets(site),
    rules,
    secrets: { formSecret: SECRET, adminToken: ADMIN_TOKEN },
    automation,
    clientAddress: (c) => clientAddress(getConnInfo(c).remote.address, c.req.header('x-forwarded-for'), parseTrustProxy(undefined)),
    siteUrl: ORIGIN,
    clock: () => new Date(now.getTime()),
    limits: limitsFromEnv(WA_ENV),
    whatsapp: { config, fetch: graph },
    defer: (work) => void pending.push(work),
  });
  const whatsapp = createWhatsapp({ db: driver, rules, config, fetch: graph, siteUrl: ORIGIN });
  return {
    fetch: (request, ip) => Promise.resolve(app.fetch(request, { incoming: { socket: { remoteAddress: ip ?? '203.0.113.7' } } })),
    dump: () => dumpTables(driver),
    store,
    // As src/edge/node.ts ticks: the engine, then the WhatsApp replies still to send.
    tick: async (at) => {
      await automation.tick(at);
      await whatsapp.deliver(at);
    },
    outbox: async () => mailer.sent.map((m) => ({ to: m.to.email, subject: m.subject, html: m.html, text: m.text, headers: m.headers, attachments: m.attachments })),
    graph: () => calls,
    failNext: (count, status) => void (failures = { count, status }),
    settle: async () => {
      while (pending.length) await pending.shift();
    },
  };
}

whatsappSuite('Node + SQLite', setupWhatsapp);
partnersSuite('Node + SQLite', setup);

// The CMS's sign-in: the app with and without the GitHub OAuth app, GitHub's token endpoint faked.
const cmsSite = cmsFixtureSite();
async function cmsSetup() {
  const driver = sqliteDriver(':memory:');
  await driver.migrate(readMigrations());
  const store = createSqlStore(driver);
  let answer: TokenAnswer = 'network-error';
  const requests: { url: string; body: Record<string, unknown> }[] = [];
  const github = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), body: JSON.parse(String(init?.body)) });
    if (answer === 'network-error') throw new TypeError('fetch failed');
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
  const make = (configured: boolean) =>
    createApp({ store, assets: nodeAssets(cmsSite), rules, secrets: { formSecret: SECRET }, siteUrl: ORIGIN, cms: configured ? { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: github } : {} });
  const app = make(true);
  const bare = make(false);
  return {
    fetch: (request: Request) => Promise.resolve(app.fetch(request)),
    fetchUnconfigured: (request: Request) => Promise.resolve(bare.fetch(request)),
    async github(next?: TokenAnswer) {
      if (next) answer = next;
      return requests;
    },
  };
}
cmsSuite('Node + SQLite', cmsSetup);
