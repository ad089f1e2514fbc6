// The edge behaviour on Node: the app with node:sqlite and the Node file server of dist/.
import { createApp } from '../../src/edge/app';
import { sqliteDriver, readMigrations } from '../../src/edge/store/sqlite';
import { createSqlStore } from '../../src/edge/store/sql-store';
import { nodeAssets } from '../../src/edge/node-assets';
import { readRules } from '../../src/edge/rules-snapshot';
import { ADMIN_TOKEN, edgeSuite, fixtureSite, ORIGIN, SECRET } from '../shared/edge-suite';
import { createAutomation } from '../../src/automation/engine';
import { RecordingMailer } from '../shared/automation-fixture';

const site = fixtureSite();
const rules = readRules('content');

edgeSuite('Node + SQLite', async () => {
  const driver = sqliteDriver(':memory:');
  await driver.migrate(readMigrations());
  const store = createSqlStore(driver);
  const mailer = new RecordingMailer();
  const automation = createAutomation({ db: driver, rules, mailer, siteUrl: ORIGIN, secret: SECRET });
  const app = createApp({ store, assets: nodeAssets(site), rules, secrets: { formSecret: SECRET, adminToken: ADMIN_TOKEN }, automation });
  return {
    fetch: (request) => Promise.resolve(app.fetch(request)),
    store,
    tick: async (now) => void (await automation.tick(now)),
    outbox: async () => mailer.sent.map((m) => ({ to: m.to.email, subject: m.subject, html: m.html, text: m.text, headers: m.headers })),
  };
});
