// Builds the pagefind search index from the pages as they render: the build's worker feeds each
// one to pagefind's indexer (src/build/build-worker.ts) and writes the index once the site is
// written; without a worker, pagefind's command line reads dist/ instead.
// French stemming comes from <html lang="fr">. Pages opt in with data-pagefind-body on their
// <main> (the Base layout, for the pages src/lib/search-scope.ts keeps): once one page opts in,
// pagefind indexes only those, so listings, legal, thank-you and noindex pages stay out.
// Inside <main>, what is not the page's own text is left out (src/build/search-index.ts), and so
// are the cards that summarise other pages (data-pagefind-ignore on TrainingCard and ArticleCard):
// excerpts then quote the page itself.
import type { AstroIntegration } from 'astro';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inBackground } from '../build/background.ts';
import { buildWorker, indexWhileRendering } from '../build/worker-client.ts';
import { builtSite } from '../seo/built-site.ts';
import { indexedPages, SEARCH_INDEX } from '../build/search-index.ts';

/**
 * Pagefind's own binary, as its npm package finds it (PAGEFIND_BINARY_PATH, else the
 * @pagefind/<platform>-<arch> package of the lockfile).
 */
export function pagefindBinary(): string {
  if (process.env.PAGEFIND_BINARY_PATH) return process.env.PAGEFIND_BINARY_PATH;
  const require = createRequire(import.meta.url);
  const tried: string[] = [];
  for (const name of ['pagefind_extended', 'pagefind']) {
    const id = `@pagefind/${platform() === 'win32' ? 'windows' : platform()}-${arch()}/bin/${name}${platform() === 'win32' ? '.exe' : ''}`;
    try {
      return require.resolve(id);
    } catch {
      tried.push(id);
    }
  }
  throw new Error(`binaire introuvable (${tried.join(', ')}) : lancer « npm ci », ou PAGEFIND_BINARY_PATH=chemin`);
}

/** The command line of the index: French, the excluded parts, every HTML file of the site. */
export function pagefindArguments(site: string): string[] {
  return ['--site', site, '--force-language', SEARCH_INDEX.forceLanguage, ...SEARCH_INDEX.excludeSelectors.flatMap((s) => ['--exclude-selectors', s]), '--silent'];
}

/** The index from dist/ by pagefind's command line, in a process of its own. */
function indexFromDist(site: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const child = spawn(pagefindBinary(), pagefindArguments(site), { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', (error) => reject(new Error(`son binaire ne démarre pas : ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`échec (${signal ?? `code ${code}`})${errors.trim() ? ` :\n${errors.trim()}` : ''}`));
      resolve(indexedPages(join(site, 'pagefind')));
    });
  });
}

export default function pagefindIntegration(): AstroIntegration {
  return {
    name: 'mecaformation:pagefind',
    hooks: {
      'astro:config:done': () => {
        // Each page goes to pagefind's indexer as soon as it is rendered (src/build/build-worker.ts).
        indexWhileRendering(SEARCH_INDEX);
      },
      'astro:build:done': ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const started = Date.now();
        const indexing = (async () => {
          // The HTML files of dist/ that did not render through the middleware (public/…) are
          // read by the worker from the disk.
          const built = await builtSite(site, (message) => logger.info(message));
          const files = built.html.filter((h) => !h.streamed).map((h) => (h.page ? `${h.path.slice(1)}index.html` : h.path.slice(1)));
          const pending = buildWorker();
          const inWorker = pending ? await (await pending).search(site, files) : { failure: 'no build worker' };
          if (inWorker.outcome) {
            const { pages, fed, read, ms, reused } = inWorker.outcome;
            logger.info(reused ? `${pages} pages: the previous build's index, made from the same pages (linked from the build cache in ${ms} ms)` : `indexed ${pages} pages (${fed} fed while they rendered, ${read} read from dist/; written ${ms} ms after the pages, beside the checks)`);
            return;
          }
          rmSync(join(site, 'pagefind'), { recursive: true, force: true });
          const pages = await indexFromDist(site);
          logger.info(`indexed ${pages} pages from dist/ by pagefind's command line (${Date.now() - started} ms; the build worker could not: ${inWorker.failure})`);
        })();
        // Awaited by the build's last hook, which reports a failure as « pagefind : … ».
        inBackground('pagefind', indexing);
      },
    },
  };
}
