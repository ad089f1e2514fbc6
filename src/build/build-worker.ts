// The build's worker thread (started by src/build/worker-client.ts, bundled by esbuild at the
// start of each build): on the other core, it finishes each page Astro renders (src/lib/
// finish-page.ts: school facts, typography…) into a staging folder, reads it (its facts for the
// checks, src/seo/page-facts.ts) and hands it to pagefind's indexer (a process of its own, fed
// through pagefind's Node API while the pages render); once Astro has written every page, the
// finished files replace Astro's; then it writes the search index and builds the assistant's
// index from the built files (src/assistant/build-index.ts) while the build's own thread runs the
// other checks.
import { parentPort, workerData } from 'node:worker_threads';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import { pageFacts, type PageFacts } from '../seo/page-facts';
import { indexedPages, type SEARCH_INDEX } from './search-index';
import { writeAssistantIndex, type AssistantOutcome, type IndexedPage } from '../assistant/write-index';
import type { Question } from '../assistant/questions';
import { finishPage, type PageContext } from '../lib/finish-page';
import { SearchReuse } from './search-reuse';
import { pageFileOf } from './page-file';
import { collectGarbage, GC_EVERY_PAGES } from './gc';

/** What the worker is started with. */
export interface WorkerOptions {
  markers: string[];
  /** pagefind's index options (src/integrations/pagefind.ts); none: no search index here. */
  search?: typeof SEARCH_INDEX;
  /** The output folder, and the folder beside it where finished pages wait for Astro's to be written. */
  dist: string;
  staging: string;
  /** Where the search index is kept for the next build (src/build/search-reuse.ts); none: never reused. */
  searchCache?: string;
}

export type WorkerRequest =
  | { type: 'context'; context: PageContext }
  | { type: 'page'; path: string; bytes: Uint8Array }
  | { type: 'pages-end'; id: number }
  | { type: 'search'; id: number; dist: string; files: string[] }
  | { type: 'assistant'; id: number; dist: string; pages: IndexedPage[]; questions: Question[] };

/** `reused`: the previous build's index, linked from the cache (nothing fed). */
export type SearchOutcome = { pages: number; fed: number; read: number; ms: number; reused: boolean };

/** A reply carries its request's id, and either its result or the reason it has none. */
export type WorkerReply = { id: number; failure?: string } & (
  | { type: 'pages'; pages?: [string, { bytes: number; facts: PageFacts }][]; contentFailure?: string }
  | { type: 'search'; outcome?: SearchOutcome }
  | { type: 'assistant'; outcome?: AssistantOutcome }
);

const WRITE_BOUND_MS = 300_000;
const options = workerData as WorkerOptions;
const pages = new Map<string, { bytes: number; facts: PageFacts }>();
const decoder = new TextDecoder();
const encoder = new TextEncoder();
let failure: string | undefined;
/** A page that cannot be finished (its content is wrong): the build fails, naming it. */
let contentFailure: string | undefined;
let context: PageContext | undefined;

/** The search index being fed: one pagefind index, every page added as it comes. */
function startIndex(settings: typeof SEARCH_INDEX) {
  const index = pagefind.createIndex(settings).then(({ index, errors }) => {
    if (!index) throw new Error(errors.join('; ') || 'no index');
    return index;
  });
  index.catch(() => {});
  const adding: Promise<void>[] = [];
  const add = (sourcePath: string, content: string) => {
    const added = index.then(async (i) => {
      const { errors } = await i.addHTMLFile({ sourcePath, content });
      if (errors.length) throw new Error(`${sourcePath} : ${errors.join('; ')}`);
    });
    added.catch(() => {});
    adding.push(added);
  };
  return { index, adding, add, fed: 0 };
}
let search: ReturnType<typeof startIndex> | undefined;

/**
 * The previous build's index, reused while every page given to the index is the one it was made
 * from (src/build/search-reuse.ts); pagefind starts at the first page that differs, and is given
 * the pages seen before it.
 */
const reuse = options.search && options.searchCache ? new SearchReuse(options.searchCache, pagefindVersion(), JSON.stringify(options.search)) : undefined;
/** The version of pagefind's package (its entry is lib/index.js; the package does not export its package.json). */
function pagefindVersion(): string {
  const file = fileURLToPath(new URL('../package.json', import.meta.resolve('pagefind')));
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: string };
  if (pkg.name !== 'pagefind') throw new Error(`${file} is not pagefind's package.json`);
  return pkg.version;
}
/**
 * Finished pages waiting in the staging folder, by the file of dist/ each replaces (the file
 * pagefind would have read: pageFileOf); a page seen is read again from there until it is moved.
 */
const staged = new Map<string, string>();

/** pagefind started, and given every page seen so far but `except` (read again from the disk). */
function indexFromSeen(settings: typeof SEARCH_INDEX, except?: string): ReturnType<typeof startIndex> {
  const started = startIndex(settings);
  for (const seen of reuse?.files() ?? []) {
    if (seen === except) continue;
    started.add(seen, readFileSync(staged.get(seen) ?? join(options.dist, seen), 'utf8'));
    started.fed++;
  }
  return started;
}

/** Gives the index `file` (dist/-relative) unless the kept index still fits. */
function index(file: string, html: string, bytes: Uint8Array): void {
  if (!options.search) return;
  if (reuse?.see(file, bytes) && !search) return;
  search ??= indexFromSeen(options.search, file);
  search.add(file, html);
  search.fed++;
}

const reply = (message: WorkerReply) => parentPort!.postMessage(message);

parentPort?.on('message', async (message: WorkerRequest) => {
  switch (message.type) {
    case 'context':
      context = message.context;
      return;
    case 'page': {
      if (failure || contentFailure) return;
      let html: string;
      try {
        html = finishPage(decoder.decode(message.bytes), context!);
      } catch (error) {
        contentFailure = `${message.path} : ${(error as Error).message}`;
        return;
      }
      try {
        const bytes = encoder.encode(html);
        if (!staged.size) mkdirSync(options.staging, { recursive: true });
        const file = join(options.staging, `${staged.size}.html`);
        writeFileSync(file, bytes);
        const page = pageFileOf(message.path);
        staged.set(page, file);
        pages.set(message.path, { bytes: bytes.byteLength, facts: pageFacts(html, options.markers) });
        index(page, html, bytes);
        if (staged.size % GC_EVERY_PAGES === 0) collectGarbage();
      } catch (error) {
        failure = `${message.path} : ${(error as Error).message}`;
      }
      return;
    }
    case 'pages-end': {
      // Astro has written every page: each finished file replaces Astro's.
      if (!failure && !contentFailure) {
        try {
          for (const [page, file] of staged) renameSync(file, join(options.dist, page));
        } catch (error) {
          failure = `finished pages not moved into ${options.dist}: ${(error as Error).message}`;
        }
      }
      rmSync(options.staging, { recursive: true, force: true });
      staged.clear();
      reply(contentFailure ? { id: message.id, type: 'pages', contentFailure } : failure ? { id: message.id, type: 'pages', failure } : { id: message.id, type: 'pages', pages: [...pages] });
      pages.clear();
      return;
    }
    case 'search': {
      const started = Date.now();
      try {
        if (!options.search) throw new Error('no search index in this worker');
        // The HTML files of dist/ whose page was not seen while it rendered, read from the disk.
        for (const file of message.files) {
          const bytes = readFileSync(join(message.dist, file));
          index(file, decoder.decode(bytes), bytes);
        }
        const outputPath = join(message.dist, 'pagefind');
        if (!search && reuse?.restore(outputPath)) {
          reply({ id: message.id, type: 'search', outcome: { pages: indexedPages(outputPath), fed: 0, read: message.files.length, ms: Date.now() - started, reused: true } });
          return;
        }
        // Every page the same but one gone: the index is built from those seen.
        search ??= indexFromSeen(options.search);
        const built = await search.index;
        await Promise.all(search.adding);
        // pagefind's Node API never answers if its process dies while it writes: a bound, far
        // above the seconds a write takes, turns that into a failure (and the command line's try).
        let timer: ReturnType<typeof setTimeout> | undefined;
        const written = await Promise.race([
          built.writeFiles({ outputPath }),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from pagefind after ${WRITE_BOUND_MS / 1000} s`)), WRITE_BOUND_MS))),
        ]).finally(() => clearTimeout(timer));
        if (written.errors.length) throw new Error(written.errors.join('; '));
        // Kept for the next build; the index is written whatever becomes of the cache.
        try {
          reuse?.save(outputPath);
        } catch {
          /* not kept: the next build indexes its pages */
        }
        reply({ id: message.id, type: 'search', outcome: { pages: indexedPages(outputPath), fed: search.fed, read: message.files.length, ms: Date.now() - started, reused: false } });
      } catch (error) {
        reply({ id: message.id, type: 'search', failure: (error as Error).message ?? String(error) });
      } finally {
        await pagefind.close();
      }
      return;
    }
    case 'assistant':
      try {
        reply({ id: message.id, type: 'assistant', outcome: writeAssistantIndex(message.dist, message.pages, message.questions) });
      } catch (error) {
        reply({ id: message.id, type: 'assistant', failure: (error as Error).stack ?? String(error) });
      }
      return;
  }
});
