// Builds the pagefind search index from the built HTML, once the site is written.
// French stemming comes from <html lang="fr">. Pages opt in with data-pagefind-body on their
// <main> (the Base layout, for the pages src/lib/search-scope.ts keeps): once one page opts in,
// pagefind indexes only those, so listings, legal, thank-you and noindex pages stay out.
// Inside <main>, what is not the page's own text is left out: navigation (breadcrumbs, chapter
// links), asides (forms, related trainings), forms, and the cards that summarise other pages
// (data-pagefind-ignore on TrainingCard and ArticleCard): excerpts then quote the page itself.
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

/** Parts of <main> that are not the page's own text. */
export const EXCLUDED = ['nav', 'aside', 'form'];

let indexing: Promise<void> | undefined;

/**
 * The search index being written: pagefind reads dist/ in a process of its own while the other
 * checks run in this one (the pages' HTML is final once Astro has written it). A hook that adds
 * HTML to dist/ (the A/B variants, kept out of the index) waits for it first; a failure of
 * pagefind fails the build there.
 */
export function searchIndexed(): Promise<void> {
  return indexing ?? Promise.resolve();
}

export default function pagefindIntegration(): AstroIntegration {
  return {
    name: 'mecaformation:pagefind',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const started = Date.now();
        indexing = (async () => {
          const { index, errors } = await pagefind.createIndex({ forceLanguage: 'fr', excludeSelectors: EXCLUDED });
          if (!index) throw new Error(`pagefind: ${errors.join(', ')}`);
          const added = await index.addDirectory({ path: site });
          if (added.errors.length) throw new Error(`pagefind: ${added.errors.join(', ')}`);
          await index.writeFiles({ outputPath: `${site}pagefind` });
          await pagefind.close();
          logger.info(`indexed ${added.page_count} pages (${Date.now() - started} ms, beside the checks)`);
        })();
        // Awaited by searchIndexed(); no unhandled rejection meanwhile.
        indexing.catch(() => {});
      },
    },
  };
}
