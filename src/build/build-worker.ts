// The build's worker thread (started by src/build/worker-client.ts, bundled by esbuild at the
// start of each build): on the other core, it reads each page Astro renders (its facts for the
// checks, src/seo/page-facts.ts) and hands it to pagefind's indexer (a process of its own, fed
// through pagefind's Node API while the pages render); after the pages, it writes the search index
// and builds the assistant's index from the built files (src/assistant/build-index.ts) while the
// build's own thread runs the other checks.
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { pageFacts, type PageFacts } from '../seo/page-facts';
import { indexedPages, type SEARCH_INDEX } from './search-index';
import { writeAssistantIndex, type AssistantOutcome, type IndexedPage } from '../assistant/write-index';
import type { Question } from '../assistant/questions';

/** What the worker is started with. */
export interface WorkerOptions {
  markers: string[];
  /** pagefind's index options (src/integrations/pagefind.ts); none: no search index here. */
  search?: typeof SEARCH_INDEX;
}

export type WorkerRequest =
  | { type: 'page'; path: string; bytes: Uint8Array }
  | { type: 'pages-end'; id: number }
  | { type: 'search'; id: number; dist: string; files: string[] }
  | { type: 'assistant'; id: number; dist: string; pages: IndexedPage[]; questions: Question[] };

export type SearchOutcome = { pages: number; fed: number; read: number; ms: number };

/** A reply carries its request's id, and either its result or the reason it has none. */
export type WorkerReply = { id: number; failure?: string } & (
  | { type: 'pages'; pages?: [string, { bytes: number; facts: PageFacts }][] }
  | { type: 'search'; outcome?: SearchOutcome }
  | { type: 'assistant'; outcome?: AssistantOutcome }
);

const WRITE_BOUND_MS = 300_000;
const options = (workerData as WorkerOptions | null) ?? { markers: [] };
const pages = new Map<string, { bytes: number; facts: PageFacts }>();
const decoder = new TextDecoder();
let failure: string | undefined;

/** The search index being fed: one pagefind index, every page added as it comes. */
const search = options.search
  ? (() => {
      const index = pagefind.createIndex(options.search).then(({ index, errors }) => {
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
    })()
  : undefined;

/** dist/x/index.html for /x/, dist/404.html for /404.html: the file pagefind would have read. */
const sourcePath = (path: string) => (path.endsWith('/') ? `${path.slice(1)}index.html` : path.slice(1));

const reply = (message: WorkerReply) => parentPort!.postMessage(message);

parentPort?.on('message', async (message: WorkerRequest) => {
  switch (message.type) {
    case 'page': {
      if (failure) return;
      try {
        const html = decoder.decode(message.bytes);
        pages.set(message.path, { bytes: message.bytes.byteLength, facts: pageFacts(html, options.markers) });
        if (search) {
          search.add(sourcePath(message.path), html);
          search.fed++;
        }
      } catch (error) {
        failure = `${message.path} : ${(error as Error).message}`;
      }
      return;
    }
    case 'pages-end':
      reply(failure ? { id: message.id, type: 'pages', failure } : { id: message.id, type: 'pages', pages: [...pages] });
      pages.clear();
      return;
    case 'search': {
      const started = Date.now();
      try {
        if (!search) throw new Error('no search index in this worker');
        // The HTML files of dist/ whose page was not seen while it rendered, read from the disk.
        for (const file of message.files) search.add(file, readFileSync(join(message.dist, file), 'utf8'));
        const index = await search.index;
        await Promise.all(search.adding);
        // pagefind's Node API never answers if its process dies while it writes: a bound, far
        // above the seconds a write takes, turns that into a failure (and the command line's try).
        let timer: ReturnType<typeof setTimeout> | undefined;
        const written = await Promise.race([
          index.writeFiles({ outputPath: join(message.dist, 'pagefind') }),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from pagefind after ${WRITE_BOUND_MS / 1000} s`)), WRITE_BOUND_MS))),
        ]).finally(() => clearTimeout(timer));
        if (written.errors.length) throw new Error(written.errors.join('; '));
        reply({ id: message.id, type: 'search', outcome: { pages: indexedPages(join(message.dist, 'pagefind')), fed: search.fed, read: message.files.length, ms: Date.now() - started } });
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
