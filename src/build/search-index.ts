// The search index's settings and its written summary, shared by the two ways the build writes it:
// pagefind's Node API in the build worker (src/build/build-worker.ts) and its command line
// (src/integrations/pagefind.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * French stemming whatever a page says, and the parts of <main> that are not the page's own text:
 * navigation (breadcrumbs, chapter links), asides (forms, related trainings), forms.
 */
export const SEARCH_INDEX = { forceLanguage: 'fr', excludeSelectors: ['nav', 'aside', 'form'] };

/** How many pages the index written in `dir` (dist/pagefind/) holds, from its entry file. */
export function indexedPages(dir: string): number {
  const entry = JSON.parse(readFileSync(join(dir, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
  return Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
}
