// The same edge behaviour in the real Workers runtime (workerd) with D1 and static assets, under
// miniflare: the Worker entry (src/edge/worker.ts) is bundled as wrangler would bundle it.
import { afterAll, beforeAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { d1Driver, type D1Database } from '../../src/edge/store/d1';
import { createSqlStore } from '../../src/edge/store/sql-store';
import { readMigrations } from '../../src/edge/store/sqlite';
import { readRules } from '../../src/edge/rules-snapshot';
import { ADMIN_TOKEN, edgeSuite, fixtureSite, SECRET } from '../shared/edge-suite';

const TABLES = ['consents', 'lead_events', 'leads', 'suppression', 'ab_counts', 'rate_limits'];
let mf: Miniflare;
let db: D1Database;

beforeAll(async () => {
  // The rules JSON the build writes for the Worker bundle.
  mkdirSync('src/edge/generated', { recursive: true });
  writeFileSync('src/edge/generated/rules.json', JSON.stringify(readRules('content')));
  // Inside the project: workerd refuses module paths outside its starting directory.
  const out = join('.cache', 'worker', 'worker.mjs');
  await build({ entryPoints: ['src/edge/worker.ts'], bundle: true, format: 'esm', platform: 'neutral', conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'], outfile: out, logLevel: 'error' });
  mf = new Miniflare({
    modules: true,
    scriptPath: out,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    bindings: { FORM_SECRET: SECRET, ADMIN_TOKEN },
    d1Databases: ['DB'],
    assets: {
      directory: fixtureSite(),
      binding: 'ASSETS',
      routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
      assetConfig: { html_handling: 'auto-trailing-slash', not_found_handling: '404-page' },
    },
  });
  db = (await mf.getD1Database('DB')) as unknown as D1Database;
  await d1Driver(db).migrate(readMigrations());
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

edgeSuite('Worker + D1 (workerd)', async () => {
  for (const table of TABLES) await db.prepare(`DELETE FROM ${table}`).all();
  return {
    store: createSqlStore(d1Driver(db)),
    async fetch(request) {
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      const response = await mf.dispatchFetch(request.url, { method: request.method, headers: Object.fromEntries(request.headers), body, redirect: 'manual' });
      return new Response(response.status === 204 || response.status === 304 ? null : await response.arrayBuffer(), { status: response.status, headers: Object.fromEntries(response.headers) });
    },
  };
});
