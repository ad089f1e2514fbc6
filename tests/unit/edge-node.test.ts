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
import { CLIENT_ID, CLIENT_SECRET, cmsFixtureSite, cmsSuite, type TokenAnswer } from '../shared/cms-suite';

const site = fixtureSite();
const rules = testRules();

async function setup(): Promise<EdgeUnderTest> {
  const driver = sqliteDriver(':memory:');
  await driver.migrate(readMigrations());
  const store = createSqlStore(driver);
  const mailer = new RecordingMailer();
  const automation = createAutomation({ db: driver, rules, mailer, siteUrl: ORIGIN, secret: SECRET });
  const app = createApp({
    store,
    assets: nodeAssets(site),
    rules,
    secrets: { formSecret: SECRET, adminToken: ADMIN_TOKEN },
    automation,
    clientAddress: (c) => clientAddress(getConnInfo(c).remote.address, c.req.header('x-forwarded-for'), parseTrustProxy(undefined)),
    siteUrl: ORIGIN,
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

edgeSuite('Node + SQLite', setup);
hostileSuite('Node + SQLite', setup, { streaming: true });
promisesSuite('Node + SQLite', setup);
consoleSuite('Node + SQLite', setup);

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
