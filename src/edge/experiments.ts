// A/B variants at the edge: which prebuilt file a visitor gets for a page, without flicker.
// The same naming is used by the build (src/integrations/ab-variants.ts) and the edge.
import { pickVariant } from '../marketing/bucketing.ts';

export interface WebExperiment {
  key: string;
  status: string;
  channel: string;
  pages?: string[];
  variants: { key: string; weight: number; text: string }[];
}

export { CONSENT_COOKIE, VISITOR_COOKIE, COOKIE_MAX_AGE as VISITOR_COOKIE_MAX_AGE } from './cookies.ts';

export function runningWebExperiments(all: WebExperiment[]): WebExperiment[] {
  return all.filter((e) => e.channel === 'web' && e.status === 'running' && (e.pages?.length ?? 0) > 0);
}

export function experimentsForPage(all: WebExperiment[], path: string): WebExperiment[] {
  return runningWebExperiments(all).filter((e) => e.pages!.includes(path));
}

export type Assignment = Record<string, string>;

/** The prebuilt page of a combination of variants, e.g. /_variants/formations/x/cta-b.hero-a/ (a folder
 * with index.html, served the same way by Workers Static Assets and the Node file server). */
export function variantFile(path: string, assignment: Assignment): string {
  const combo = Object.keys(assignment)
    .sort()
    .map((k) => `${k}-${assignment[k]}`)
    .join('.');
  return `/_variants${path}${combo}/`;
}

export function isControl(experiments: WebExperiment[], assignment: Assignment): boolean {
  return experiments.every((e) => assignment[e.key] === e.variants[0].key);
}

export function assign(experiments: WebExperiment[], visitorId: string): Assignment {
  return Object.fromEntries(experiments.map((e) => [e.key, pickVariant(e, visitorId)]));
}

/** Every combination of variants of the experiments of one page. */
export function allAssignments(experiments: WebExperiment[]): Assignment[] {
  return experiments.reduce<Assignment[]>(
    (combos, e) => combos.flatMap((c) => e.variants.map((v) => ({ ...c, [e.key]: v.key }))),
    [{}],
  );
}

const BOT = /bot|crawl|spider|slurp|bingpreview|facebookexternalhit|headless|lighthouse|pingdom|uptime/i;
/** Crawlers get a variant like everyone (no cloaking) but are not counted. */
export function isCrawler(userAgent: string | undefined): boolean {
  return !userAgent || BOT.test(userAgent);
}
