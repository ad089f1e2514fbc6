// What the edge app is built from: every dependency injected (store, static assets, rules,
// clock, secrets, limits, automation, the client's address), resolved once for the route modules.
import type { Context } from 'hono';
import type { Store } from './store/types';
import type { Marketing } from '../marketing/config';
import type { EmailTemplate } from '../automation/templates';
import type { Automation } from '../automation/engine';
import { DEFAULT_LIMITS, type Limits } from './limits';
import type { WebExperiment } from './experiments';
import type { WebinarInfo } from '../marketing/webinars';
import type { SocialSources } from '../marketing/social-calendar';
import type { TestimonialFacts, TrainingFacts } from '../conversations/whatsapp-flow';
import type { SqlDriver } from './store/types';
import { createConsoleStore, type ConsoleStore } from '../console/store';
import { createAudience, type Audience } from './audience';
import { createWhatsapp, type Whatsapp, type WhatsappConfig } from '../automation/whatsapp';
import { createPartnerStore, type PartnerStore } from '../partners/store';

/** An article of content/articles, as the monthly newsletter lists it. */
export interface ArticleInfo {
  slug: string;
  title: string;
  description: string;
  /** YYYY-MM-DD (the editorial calendar's day, Europe/Paris). */
  publishDate: string;
  draft: boolean;
}

export interface RulesSnapshot {
  marketing: Marketing;
  trainings: string[];
  webinars: string[];
  webinarEvents: WebinarInfo[];
  articles: ArticleInfo[];
  /** The built site's stylesheet path (written by the build; the console links it). */
  stylesheet?: string | null;
  trainingTitles: Record<string, string>;
  /** Prices, publics and funding of each training, for the WhatsApp conversation. */
  trainingFacts: TrainingFacts[];
  testimonials: TestimonialFacts[];
  emails: EmailTemplate[];
  /** What the social calendar draws on (src/edge/social-sources.ts); absent in older snapshots. */
  social?: SocialSources;
}

export interface AppDeps {
  store: Store;
  /** Static files of the build (dist/): Workers ASSETS binding or a Node file server. */
  assets: { fetch(request: Request): Promise<Response> };
  rules: RulesSnapshot;
  clock?: () => Date;
  /** socialFeedKey: any new value changes the social calendar feed's address (routes/social.ts). */
  secrets: { formSecret: string; adminToken?: string; socialFeedKey?: string };
  limits?: Partial<Limits>;
  /** The marketing-automation engine (triggers, tracking, unsubscribe). */
  automation?: Automation;
  /**
   * The client's address as this runtime knows it (Node: the socket, or a trusted proxy's
   * X-Forwarded-For; Workers: CF-Connecting-IP). Never a header the client chose.
   */
  clientAddress?: (c: Context) => string | undefined;
  /** The public site URL (SITE_URL): its origin counts as this site's behind a TLS proxy. */
  siteUrl?: string;
  /** After an erasure from the console: what the runtime keeps outside the store (Node: the outbox's copies). */
  afterErase?: (emailJobIds: string[]) => Promise<void>;
  /** The WhatsApp Business Platform line: its configuration and the Graph API's fetch. */
  whatsapp?: { config: WhatsappConfig; fetch: typeof fetch };
  /**
   * Work that continues after the response where the runtime has no ExecutionContext (Node: a
   * background promise). Workers use ctx.waitUntil; without either, the work is awaited.
   */
  defer?: (work: Promise<unknown>) => void;
  /**
   * The CMS's GitHub sign-in (src/edge/routes/cms.ts): the OAuth app's id and secret
   * (GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET; without them the routes answer 503), and the fetch
   * that exchanges the code with GitHub (tests pass a fake).
   */
  cms?: { clientId?: string; clientSecret?: string; fetch?: typeof fetch };
}

export interface Edge {
  publicOrigin: string | null;
  /** The console's queries and the audience recorder, over the store's own SQL driver. */
  console: ConsoleStore | null;
  audience: Audience | null;
  /** Partners and referral codes (src/partners/store.ts), over the same driver. */
  partners: PartnerStore | null;
  /** The site's stylesheet (/_astro/….css), for the console's pages. */
  stylesheet: string | null;
  afterErase?: AppDeps['afterErase'];
  /** The WhatsApp line, when the store exposes SQL (null otherwise: the webhook answers 503). */
  whatsapp: { config: WhatsappConfig; service: Whatsapp } | null;
  defer?: AppDeps['defer'];
  store: Store;
  assets: AppDeps['assets'];
  rules: RulesSnapshot;
  now: () => Date;
  secrets: AppDeps['secrets'];
  limits: Limits;
  automation?: Automation;
  clientAddress: (c: Context) => string | undefined;
  experiments: WebExperiment[];
  knownTrainings: ReadonlySet<string>;
  knownWebinars: ReadonlySet<string>;
  cms: { clientId?: string; clientSecret?: string; fetch: typeof fetch };
}

export function resolveDeps(deps: AppDeps): Edge {
  let publicOrigin: string | null = null;
  try {
    publicOrigin = deps.siteUrl ? new URL(deps.siteUrl).origin : null;
  } catch {
    publicOrigin = null;
  }
  const db = (deps.store as { db?: SqlDriver }).db;
  return {
    publicOrigin,
    console: db ? createConsoleStore(db) : null,
    audience: db ? createAudience(db) : null,
    partners: db ? createPartnerStore(db) : null,
    stylesheet: deps.rules.stylesheet ?? null,
    afterErase: deps.afterErase,
    whatsapp:
      db && deps.whatsapp
        ? {
            config: deps.whatsapp.config,
            service: createWhatsapp({ db, rules: deps.rules, config: deps.whatsapp.config, fetch: deps.whatsapp.fetch, siteUrl: deps.siteUrl ?? deps.rules.marketing.organization.siteUrl }),
          }
        : null,
    defer: deps.defer,
    store: deps.store,
    assets: deps.assets,
    rules: deps.rules,
    now: deps.clock ?? (() => new Date()),
    secrets: deps.secrets,
    limits: { ...DEFAULT_LIMITS, ...deps.limits },
    automation: deps.automation,
    clientAddress: deps.clientAddress ?? (() => undefined),
    experiments: deps.rules.marketing.experiments as unknown as WebExperiment[],
    knownTrainings: new Set(deps.rules.trainings),
    knownWebinars: new Set(deps.rules.webinars),
    cms: { clientId: deps.cms?.clientId || undefined, clientSecret: deps.cms?.clientSecret || undefined, fetch: deps.cms?.fetch ?? ((input, init) => fetch(input, init)) },
  };
}
