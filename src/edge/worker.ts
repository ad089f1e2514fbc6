// Cloudflare Workers entry: the same app over the static assets binding (dist/) and D1.
// wrangler.jsonc routes only the paths that need the edge to this Worker (run_worker_first).
import { createApp, type RulesSnapshot } from './app';
import { createSqlStore } from './store/sql-store';
import { d1Driver, type D1Database } from './store/d1';
// Written at build by src/integrations/edge-rules.ts from content/ (YAML is not bundled).
import rules from './generated/rules.json';
import { createAutomation } from '../automation/engine';
import { brevoMailer, type Mailer } from '../automation/mailer';
import { limitsFromEnv } from './limits';
import { createWhatsapp, whatsappConfigFromEnv } from '../automation/whatsapp';
import { clockFromEnv } from './clock';

export interface Env {
  ASSETS: { fetch(request: Request): Promise<Response> };
  DB: D1Database;
  FORM_SECRET: string;
  ADMIN_TOKEN?: string;
  /** Optional: a new value changes the address of the social calendar feed (README « Social calendar »). */
  SOCIAL_FEED_KEY?: string;
  /** Brevo API key (wrangler secret put BREVO_API_KEY): e-mails are sent through Brevo's HTTP API. */
  BREVO_API_KEY?: string;
  /** Origin of the links in e-mails; defaults to organization.yaml siteUrl. */
  SITE_URL?: string;
  /** The CMS's GitHub OAuth app (wrangler secret put GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET). */
  GITHUB_CLIENT_ID?: string;
  GITHUB_CLIENT_SECRET?: string;
  /** Tests only: another Brevo-compatible endpoint. */
  BREVO_ENDPOINT?: string;
  /** WhatsApp Business Platform (README « WhatsApp »): secrets, except the API base and the number id. */
  WHATSAPP_VERIFY_TOKEN?: string;
  WHATSAPP_APP_SECRET?: string;
  WHATSAPP_TOKEN?: string;
  WHATSAPP_PHONE_NUMBER_ID?: string;
  WHATSAPP_API_BASE?: string;
  /** Previews and tests only: a fixed instant for the edge's clock (src/edge/clock.ts), with ALLOW_EDGE_NOW=1. */
  EDGE_NOW?: string;
  /** '1' lets EDGE_NOW stop the clock on this deployment (never set it in production). */
  ALLOW_EDGE_NOW?: string;
  /** LIMIT_* variables (README, « Configuration »), as wrangler vars. */
  [limit: `LIMIT_${string}`]: string | undefined;
}

/** Without a Brevo key nothing can be delivered: the tick fails the send, which is retried later. */
const missingMailer: Mailer = {
  async send() {
    throw new Error('BREVO_API_KEY manquant : wrangler secret put BREVO_API_KEY');
  },
};

let cached:
  | { env: Env; app: ReturnType<typeof createApp>; automation: ReturnType<typeof createAutomation>; store: ReturnType<typeof createSqlStore>; whatsapp: ReturnType<typeof createWhatsapp> }
  | undefined;

// Workers' fetch, called unbound (a method taken off globalThis can throw « Illegal invocation »).
const graphFetch: typeof fetch = (input, init) => fetch(input, init);

function appFor(env: Env) {
  if (cached?.env !== env) {
    if (!env.FORM_SECRET) throw new Error('FORM_SECRET manquant : wrangler secret put FORM_SECRET');
    const snapshot = rules as unknown as RulesSnapshot;
    const db = d1Driver(env.DB);
    const automation = createAutomation({
      db,
      rules: snapshot,
      mailer: env.BREVO_API_KEY ? brevoMailer(env.BREVO_API_KEY, fetch, env.BREVO_ENDPOINT) : missingMailer,
      siteUrl: env.SITE_URL ?? snapshot.marketing.organization.siteUrl,
      secret: env.FORM_SECRET,
    });
    const store = createSqlStore(db);
    const siteUrl = env.SITE_URL ?? snapshot.marketing.organization.siteUrl;
    const whatsappConfig = whatsappConfigFromEnv(env as unknown as Record<string, unknown>);
    cached = {
      env,
      automation,
      store,
      whatsapp: createWhatsapp({ db, rules: snapshot, config: whatsappConfig, fetch: graphFetch, siteUrl }),
      app: createApp({
        store,
        assets: env.ASSETS,
        rules: snapshot,
        secrets: { formSecret: env.FORM_SECRET, adminToken: env.ADMIN_TOKEN, socialFeedKey: env.SOCIAL_FEED_KEY },
        limits: limitsFromEnv(env as unknown as Record<string, unknown>),
        automation,
        // Set by Cloudflare to the connecting client's address (a value sent by the client is replaced).
        clientAddress: (c) => c.req.header('cf-connecting-ip'),
        siteUrl,
        clock: clockFromEnv(env as unknown as Record<string, unknown>, 'workers'),
        // Replies go out through ctx.waitUntil after the webhook's response (src/edge/routes/whatsapp.ts).
        whatsapp: { config: whatsappConfig, fetch: graphFetch },
        cms: { clientId: env.GITHUB_CLIENT_ID, clientSecret: env.GITHUB_CLIENT_SECRET },
      }),
    };
  }
  return cached;
}

export default {
  fetch(request: Request, env: Env, ctx: unknown) {
    return appFor(env).app.fetch(request, env, ctx as never);
  },
  /** Cron Trigger (wrangler.jsonc triggers.crons): one tick of the automation engine. */
  async scheduled(controller: { scheduledTime: number }, env: Env) {
    try {
      const { automation, store, whatsapp } = appFor(env);
      const report = await automation.tick(new Date(controller.scheduledTime));
      await store.purgeExpired(new Date(controller.scheduledTime));
      // WhatsApp replies not sent yet (a failed send, a webhook whose waitUntil was cut short).
      const delivery = await whatsapp.deliver(new Date(controller.scheduledTime));
      console.log('automation tick', JSON.stringify({ ...report, whatsapp: delivery }));
    } catch (error) {
      console.error('automation tick failed:', (error as Error).stack ?? error);
      throw error;
    }
  },
};
