// Builds the pagefind search index from the built HTML, once the site is written.
// French stemming comes from <html lang="fr">. Pages opt in with data-pagefind-body on their
// <main> (the Base layout, for the pages src/lib/search-scope.ts keeps): once one page opts in,
// pagefind indexes only those, so listings, legal, thank-you and noindex pages stay out.
// Inside <main>, what is not the page's own text is left out: navigation (breadcrumbs, chapter
// links), asides (forms, related trainings), forms, and the cards that summarise other pages
// (data-pagefind-ignore on TrainingCard and ArticleCard): excerpts then quote the page itself.
import type { AstroIntegration } from 'astro';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inBackground } from '../build/background.ts';

/** Parts of <main> that are not the page's own text. */
export const EXCLUDED = ['nav', 'aside', 'form'];

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
  throw new Error(`pagefind : binaire introuvable (${tried.join(', ')}) : lancer « npm ci », ou PAGEFIND_BINARY_PATH=chemin`);
}

/** The command line of the index: French, the excluded parts, every HTML file of the site. */
export function pagefindArguments(site: string): string[] {
  return ['--site', site, '--force-language', 'fr', ...EXCLUDED.flatMap((s) => ['--exclude-selectors', s]), '--silent'];
}

let indexing: Promise<void> | undefined;

/**
 * The search index being written: pagefind's binary reads dist/ in a process of its own, on the
 * other core, while the checks run in this one (the pages' HTML is final once Astro has written
 * it; a process, not pagefind's Node API, whose requests wait for this thread's event loop and so
 * for the checks). A hook that adds HTML to dist/ (the A/B variants, kept out of the index) waits
 * for it first; a failure of pagefind fails the build there, or in the build's last hook.
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
        indexing = new Promise<void>((resolve, reject) => {
          const child = spawn(pagefindBinary(), pagefindArguments(site), { stdio: ['ignore', 'ignore', 'pipe'] });
          let errors = '';
          child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
          child.on('error', (error) => reject(new Error(`pagefind : ${error.message}`)));
          child.on('exit', (code, signal) => {
            if (code === 0) {
              const entry = JSON.parse(readFileSync(join(site, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
              const pages = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
              logger.info(`indexed ${pages} pages (${Date.now() - started} ms, beside the checks)`);
              resolve();
            } else reject(new Error(`pagefind : échec (${signal ?? `code ${code}`}) :\n${errors.trim()}`));
          });
        });
        // Awaited by searchIndexed() and by the build's last hook, which reports a failure.
        inBackground('pagefind', indexing);
      },
    },
  };
}
