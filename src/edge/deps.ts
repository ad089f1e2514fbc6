// What the edge app is built from: every dependency injected (store, static assets, rules,
// clock, secrets, limits, automation, the client's address), resolved once for the route modules.
import type { Context } from 'hono';
import type { Store } from './store/types';
import type { Marketing } from '../marketing/config';
import type { EmailTemplate } from '../automation/templates';
import type { Automation } from '../automation/engine';
import { DEFAULT_LIMITS, type Limits } from './limits';
import type { WebExperiment } from './experiments';

export interface RulesSnapshot {
  marketing: Marketing;
  trainings: string[];
  webinars: string[];
  trainingTitles: Record<string, string>;
  emails: EmailTemplate[];
}

export interface AppDeps {
  store: Store;
  /** Static files of the build (dist/): Workers ASSETS binding or a Node file server. */
  assets: { fetch(request: Request): Promise<Response> };
  rules: RulesSnapshot;
  clock?: () => Date;
  secrets: { formSecret: string; adminToken?: string };
  limits?: Partial<Limits>;
  /** The marketing-automation engine (triggers, tracking, unsubscribe). */
  automation?: Automation;
  /**
   * The client's address as this runtime knows it (Node: the socket, or a trusted proxy's
   * X-Forwarded-For; Workers: CF-Connecting-IP). Never a header the client chose.
   */
  clientAddress?: (c: Context) => string | undefined;
}

export interface Edge {
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
}

export function resolveDeps(deps: AppDeps): Edge {
  return {
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
  };
}
