// The built site as the build's checks read it, in one pass over dist/: every HTML file is read
// and parsed once (src/seo/page-facts.ts) for all of them (SEO lint, OG images, the assistant's
// index, the campaigns' slots), instead of each check walking dist/ and parsing the pages again.
// Only the facts are kept, never the pages: a page's HTML is read again only when a check asks
// for it (the assistant's few indexed pages, a Google Ads landing page's form).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pageFacts, type PageFacts } from './page-facts';
import { BANNER_SLOT, HERO_SLOT } from '../lib/campaign-slots';

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

/** Reads dist/ once: the facts of every HTML file and the list of the others. */
export function readBuiltSite(dist: string, markers: readonly string[] = SITE_MARKERS): BuiltSite {
  const html: BuiltHtml[] = [];
  const files = new Set<string>();
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
        const file = relative('.', full).split(sep).join('/');
        html.push({ path: page ? sitePath : `${sitePath}${entry.name}`, file, page, facts: pageFacts(readFileSync(full, 'utf8'), markers), get html() { return readFileSync(full, 'utf8'); } });
      } else files.add(`${sitePath}${entry.name}`);
    }
  };
  walk(dist, '/');
  return { dist, html, byPath: new Map(html.map((h) => [h.path, h])), files };
}

let current: BuiltSite | undefined;

/**
 * The built site, read at the first call after the pages are written and shared by the hooks of
 * one build that follow (they run one after the other). `forgetBuiltSite()` at the start of a
 * build; a hook that adds HTML pages must do it before the checks read the site.
 */
export function builtSite(dist: string): BuiltSite {
  if (current?.dist !== dist) current = readBuiltSite(dist);
  return current;
}

export function forgetBuiltSite(): void {
  current = undefined;
}
