// Node entry used by `npm start`: the edge app over dist/ with leads in SQLite (.data/leads.db).
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { clientAddress, parseTrustProxy } from './http/client-address';
import { limitsFromEnv } from './limits';
import { createApp } from './app';
import { nodeAssets } from './node-assets';
import { openSqliteStore } from './store/sqlite';
import { readRulesWithBuild } from './rules-snapshot';
import { localSecret } from './local-secret';
import { compress } from './node-compress';
import { createAutomation } from '../automation/engine';
import { nodeMailer } from '../automation/mailer-node';
import { createWhatsapp, whatsappConfigFromEnv } from '../automation/whatsapp';
import { clockFromEnv, frozenClockWarning } from './clock';

const root = resolve(process.env.DIST_DIR ?? 'dist');
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? '127.0.0.1';
const dbFile = resolve(process.env.LEADS_DB ?? '.data/leads.db');
const outbox = resolve(process.env.OUTBOX_DIR ?? '.data/outbox');

const { store, driver } = await openSqliteStore(dbFile);
const rules = readRulesWithBuild(process.env.CONTENT_ROOT ?? 'content', root);
const formSecret = process.env.FORM_SECRET ?? localSecret(resolve('.data/form-secret'));
const automation = createAutomation({
  db: driver,
  rules,
  mailer: nodeMailer(),
  siteUrl: process.env.SITE_URL ?? `http://localhost:${port}`,
  secret: formSecret,
});
// The WhatsApp line (WHATSAPP_* variables, README « WhatsApp »): replies are sent after the
// webhook's response, and again at every tick for what failed.
const siteUrl = process.env.SITE_URL ?? `http://localhost:${port}`;
const whatsappConfig = whatsappConfigFromEnv(process.env);
const whatsapp = createWhatsapp({ db: driver, rules, config: whatsappConfig, fetch: (input, init) => fetch(input, init), siteUrl });
// EDGE_NOW: the site as it will be at that instant (README « Dated campaigns »); refused with
// SITE_ENV=production (the server does not start).
const clock = clockFromEnv(process.env);
if (clock) console.warn(frozenClockWarning(clock()));
// The client's address is the socket's; X-Forwarded-For only from the proxies TRUST_PROXY names.
const trust = parseTrustProxy(process.env.TRUST_PROXY);
const app = createApp({
  store,
  assets: nodeAssets(root),
  rules,
  secrets: { formSecret, adminToken: process.env.ADMIN_TOKEN, socialFeedKey: process.env.SOCIAL_FEED_KEY },
  limits: limitsFromEnv(process.env),
  automation,
  clientAddress: (c) => clientAddress(getConnInfo(c).remote.address, c.req.header('x-forwarded-for'), trust),
  siteUrl,
  clock,
  whatsapp: { config: whatsappConfig, fetch: (input, init) => fetch(input, init) },
  // Node keeps running after the response: the replies are sent in the background.
  defer: (work) => void work.catch((error) => console.error('background work failed:', error)),
  // The CMS's GitHub sign-in (/api/cms/auth, /api/cms/callback): 503 without them.
  cms: { clientId: process.env.GITHUB_CLIENT_ID, clientSecret: process.env.GITHUB_CLIENT_SECRET },
  // An erasure also deletes the local copies of the person's e-mails (.data/outbox/<job>.eml).
  afterErase: async (jobIds) => {
    for (const id of jobIds) rmSync(join(outbox, `${id}.eml`), { force: true });
  },
});

// The automation engine ticks on an interval (automation.yaml tickSeconds; AUTOMATION_TICK_SECONDS
// overrides it, 0 turns it off: `npm run automation -- tick` then runs it by hand).
const tickSeconds = Number(process.env.AUTOMATION_TICK_SECONDS ?? rules.marketing.automation.tickSeconds);
let ticking = false;
const ticker =
  tickSeconds > 0
    ? setInterval(async () => {
        if (ticking) return;
        ticking = true;
        try {
          const r = await automation.tick(new Date());
          await store.purgeExpired(new Date());
          const w = await whatsapp.deliver(new Date());
          if (w.accepted || w.retried || w.failed || w.windowClosed) console.log(`whatsapp: ${w.accepted} accepted, ${w.retried} to retry, ${w.failed} failed, ${w.windowClosed} outside the 24-hour window`);
          if (r.claimed || r.overdueTasks) console.log(`automation: ${r.sent} sent, ${r.deferred} deferred, ${r.retried} to retry, ${r.failed} failed, ${r.overdueTasks} task(s) now overdue`);
        } catch (error) {
          console.error('automation tick failed:', error);
        } finally {
          ticking = false;
        }
      }, tickSeconds * 1000)
    : undefined;

// The second argument carries the socket (getConnInfo reads the client address from it).
const server = serve({ fetch: async (request, env) => compress(request, await app.fetch(request, env)), port, hostname: host }, (info) => {
  console.log(`MécaFormation: http://localhost:${info.port}/ (listening on ${host}; site: ${root}; leads: ${dbFile}; e-mails: ${process.env.SMTP_URL ? 'SMTP' : (process.env.OUTBOX_DIR ?? '.data/outbox')})`);
});

function shutdown() {
  if (ticker) clearInterval(ticker);
  server.close(() => {
    driver.close();
    process.exit(0);
  });
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
