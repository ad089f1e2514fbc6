// Node entry used by `npm start`: the edge app over dist/ with leads in SQLite (.data/leads.db).
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { nodeAssets } from './node-assets';
import { openSqliteStore } from './store/sqlite';
import { readRules } from './rules-snapshot';
import { localSecret } from './local-secret';
import { compress } from './node-compress';

const root = resolve(process.env.DIST_DIR ?? 'dist');
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? '127.0.0.1';
const dbFile = resolve(process.env.LEADS_DB ?? '.data/leads.db');

const { store, driver } = await openSqliteStore(dbFile);
const app = createApp({
  store,
  assets: nodeAssets(root),
  rules: readRules(process.env.CONTENT_ROOT ?? 'content'),
  secrets: { formSecret: process.env.FORM_SECRET ?? localSecret(resolve('.data/form-secret')), adminToken: process.env.ADMIN_TOKEN },
});

const server = serve({ fetch: async (request) => compress(request, await app.fetch(request)), port, hostname: host }, (info) => {
  console.log(`MécaFormation: http://localhost:${info.port}/ (listening on ${host}; site: ${root}; leads: ${dbFile})`);
});

function shutdown() {
  server.close(() => {
    driver.close();
    process.exit(0);
  });
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
