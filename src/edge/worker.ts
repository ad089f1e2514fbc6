// Cloudflare Workers entry: the same app over the static assets binding (dist/) and D1.
// wrangler.jsonc routes only the paths that need the edge to this Worker (run_worker_first).
import { createApp, type RulesSnapshot } from './app';
import { createSqlStore } from './store/sql-store';
import { d1Driver, type D1Database } from './store/d1';
// Written at build by src/integrations/edge-rules.ts from content/ (YAML is not bundled).
import rules from './generated/rules.json';

export interface Env {
  ASSETS: { fetch(request: Request): Promise<Response> };
  DB: D1Database;
  FORM_SECRET: string;
  ADMIN_TOKEN?: string;
}

let cached: { env: Env; app: ReturnType<typeof createApp> } | undefined;

function appFor(env: Env) {
  if (cached?.env !== env) {
    if (!env.FORM_SECRET) throw new Error('FORM_SECRET manquant : wrangler secret put FORM_SECRET');
    cached = {
      env,
      app: createApp({
        store: createSqlStore(d1Driver(env.DB)),
        assets: env.ASSETS,
        rules: rules as unknown as RulesSnapshot,
        secrets: { formSecret: env.FORM_SECRET, adminToken: env.ADMIN_TOKEN },
      }),
    };
  }
  return cached.app;
}

export default {
  fetch(request: Request, env: Env, ctx: unknown) {
    return appFor(env).fetch(request, env, ctx as never);
  },
};
