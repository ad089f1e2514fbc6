// The built site as the build's checks read it, in one pass over dist/: every HTML file is read
// and parsed once (src/seo/page-facts.ts) for all of them (SEO lint, OG images, the assistant's
// index, the campaigns' slots), instead of each check walking dist/ and parsing the pages again.
// Only the facts are kept, never the pages: a page's HTML is read again only when a check asks
// for it (the assistant's few indexed pages, a Google Ads landing page's form). The facts are
// computed while the pages render, on the other core (src/build/worker-client.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pageFacts, type PageFacts } from './page-facts.ts';
import { BANNER_SLOT, HERO_SLOT } from '../lib/campaign-slots.ts';
import { buildWorker, type StreamedFacts } from '../build/worker-client.ts';

/** The marker strings whose presence every page records (the campaigns' slots). */
export const SITE_MARKERS = [BANNER_SLOT, HERO_SLOT] as const;

export interface BuiltHtml {
  /** Site path: /x/ for dist/x/index.html, /404.html for another HTML file. */
  path: string;
  /** The file, relative to the working directory, for messages (dist/x/index.html). */
  file: string;
  /** True for dist/…/index.html (a page at a /…/ URL). */
  page: boolean;
  facts: PageFacts;
  /** True when its facts were read while it rendered (the file is what the build worker saw). */
  streamed: boolean;
  /** The HTML, read again from the file at each use (never kept). */
  readonly html: string;
}

export interface BuiltSite {
  dist: string;
  /** Every HTML file but the A/B variants' copies (dist/_variants/). */
  html: BuiltHtml[];
  /** By site path. */
  byPath: Map<string, BuiltHtml>;
  /** The other files, as site paths (/rss.xml, /_astro/x.css, /og/x.png …). */
  files: Set<string>;
}

/**
 * Reads dist/ once: the facts of every HTML file and the list of the others. A page whose facts
 * were computed while it rendered (`streamed`, src/build/worker-client.ts) and whose file still has
 * the same size is not read again.
 */
export function readBuiltSite(dist: string, markers: readonly string[] = SITE_MARKERS, streamed?: StreamedFacts): BuiltSite & { reread: number } {
  const html: BuiltHtml[] = [];
  const files = new Set<string>();
  let reread = 0;
  const walk = (dir: string, sitePath: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        // A/B copies of pages, served at the public URL: not pages of their own; and the search
        // index, written beside this pass by pagefind's own process.
        if (sitePath === '/' && (entry.name === '_variants' || entry.name === 'pagefind')) continue;
        walk(full, `${sitePath}${entry.name}/`);
      } else if (entry.name.endsWith('.html')) {
        const page = entry.name === 'index.html';
        const path = page ? sitePath : `${sitePath}${entry.name}`;
        const file = relative('.', full).split(sep).join('/');
        // Astro renders 404.html at /404/ (trailingSlash: 'always').
        const known = streamed?.get(path) ?? (page ? undefined : streamed?.get(path.replace(/\.html$/, '/')));
        let facts = known && statSync(full).size === known.bytes ? known.facts : undefined;
        const streamedPage = facts !== undefined;
        if (!facts) {
          facts = pageFacts(readFileSync(full, 'utf8'), markers);
          reread++;
        }
        html.push({ path, file, page, facts, streamed: streamedPage, get html() { return readFileSync(full, 'utf8'); } });
      } else files.add(`${sitePath}${entry.name}`);
    }
  };
  walk(dist, '/');
  return { dist, html, byPath: new Map(html.map((h) => [h.path, h])), files, reread };
}

let current: { dist: string; site: Promise<BuiltSite> } | undefined;

/**
 * The built site, read at the first call after the pages are written and shared by the hooks of
 * one build that follow (they run one after the other; a hook that adds pages the checks must
 * see runs before the first of them), with the facts the build's worker read while the pages
 * rendered (src/build/worker-client.ts), when there is one. `log` reports how it was read.
 */
export function builtSite(dist: string, log?: (message: string) => void): Promise<BuiltSite> {
  if (current?.dist === dist) return current.site;
  const started = Date.now();
  const site = (async () => {
    const worker = buildWorker();
    const outcome = worker ? await (await worker).pages() : undefined;
    if (outcome?.contentFailure) throw new Error(outcome.contentFailure);
    const read = readBuiltSite(dist, SITE_MARKERS, outcome?.facts);
    const how = outcome?.facts ? `${outcome.facts.size} read while they rendered` : `none read while they rendered${outcome?.failure ? ` (${outcome.failure})` : ''}`;
    log?.(`built site: ${read.html.length} HTML files, ${how}, ${read.reread} parsed from dist/ (${Date.now() - started} ms)`);
    return read;
  })();
  current = { dist, site };
  return site;
}

/** At the start and the end of a build: the site of the last one is forgotten. */
export function forgetBuiltSite(): void {
  current = undefined;
}
