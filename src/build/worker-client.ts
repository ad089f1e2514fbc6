// The build's worker thread (src/build/build-worker.ts), seen from the build's own thread. At the
// start of a build it is bundled by esbuild (the worker runs outside Vite: its imports are
// resolved ahead) and started; the middleware (src/middleware.ts) hands it every page Astro
// renders through a sink on globalThis (the middleware runs in Astro's prerender bundle, a module
// graph apart from the integrations'). Whatever goes wrong with the worker, each request resolves
// with the reason instead of a result, and the build does the work in its own thread.
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PageFacts } from '../seo/page-facts.ts';
import type { SearchOutcome, WorkerOptions, WorkerReply, WorkerRequest } from './build-worker.ts';
import type { AssistantOutcome, IndexedPage } from '../assistant/write-index.ts';
import type { Question } from '../assistant/questions.ts';
import { finishPage, type PageContext } from '../lib/finish-page.ts';
import { pageFileOf } from './page-file.ts';
import { collectGarbage, GC_EVERY_PAGES } from './gc.ts';

const SINK = Symbol.for('mecaformation.page-sink');

/** What receives the pages: their site path (/x/ or /404.html) and HTML as rendered, as UTF-8. */
interface PageSink {
  finish(path: string, bytes: Uint8Array, context: PageContext): boolean;
}

/**
 * The site path of a rendered page: /x/ for dist/x/index.html, /404.html for dist/404.html (format:
 * 'directory'; Astro renders its error pages at /404/ and /500/ and writes them as 404.html, 500.html).
 */
const sitePath = (pathname: string) => {
  const error = /^\/(404|500)\/?$/.exec(pathname);
  if (error) return `/${error[1]}.html`;
  return pathname.endsWith('/') || pathname.endsWith('.html') ? pathname : `${pathname}.html`;
};

/**
 * Called by the middleware for every rendered HTML page, with the bytes Astro will write: true
 * when the build's worker takes the page to finish it (src/lib/finish-page.ts) and to read it,
 * its finished file replacing Astro's once every page is written; false without a worker (in
 * `astro dev`, or once it has failed), and the middleware finishes the page itself. The worker
 * gets a copy it owns (transferred, not cloned: a structured clone of the string cost more than
 * the copy and the encoding together).
 */
export function finishInWorker(pathname: string, bytes: Uint8Array, context: PageContext): boolean {
  const sink = (globalThis as { [SINK]?: PageSink })[SINK];
  return sink ? sink.finish(sitePath(pathname), bytes, context) : false;
}

/**
 * The pages Astro wrote as rendered, finished where they are (read, finished, written again): the
 * build's own way when its worker failed after it had taken them. Finishing is idempotent, so a
 * page the worker had already replaced comes out the same.
 */
export function finishOnDisk(dist: string, paths: readonly string[], context: PageContext): void {
  for (const path of paths) {
    const file = join(dist, pageFileOf(path));
    writeFileSync(file, finishPage(readFileSync(file, 'utf8'), context));
  }
}

export type StreamedFacts = Map<string, { bytes: number; facts: PageFacts }>;

export interface BuildWorker {
  /**
   * Once Astro has written every page: the finished pages in place of Astro's files, and the facts
   * of every page sent; `contentFailure`, a page that cannot be finished (an unknown %%marker%%),
   * fails the build. When the worker failed, the pages it took are finished here, from the disk.
   */
  pages(): Promise<{ facts?: StreamedFacts; failure?: string; contentFailure?: string }>;
  /**
   * The search index, written to dist/pagefind/ from the pages fed while they rendered and the
   * HTML `files` of dist/ (relative paths) that were not.
   */
  search(dist: string, files: string[]): Promise<{ outcome?: SearchOutcome; failure?: string }>;
  /** The assistant's index, written to dist/assistant/index.json by the worker. */
  assistant(dist: string, pages: IndexedPage[], questions: Question[]): Promise<{ outcome?: AssistantOutcome; failure?: string }>;
  stop(): void;
}

/** A request that waits for a reply, before `ask` gives it its id (each member of the union apart). */
type WithoutId<R> = R extends { id: number } ? Omit<R, 'id'> : never;

/** Bundles the worker into the project's cache and starts it; pages sent meanwhile wait for it. */
export async function startBuildWorker(root: URL, options: WorkerOptions): Promise<BuildWorker> {
  const queue: WorkerRequest[] = [];
  let worker: Worker | undefined;
  let failure: string | undefined;
  // Requests waiting for their reply, by id: the worker answers the search index when pagefind
  // has written it, possibly after a later request.
  const waiting = new Map<number, (reply: WorkerReply | undefined) => void>();
  let nextId = 0;
  const release = () => {
    for (const w of waiting.values()) w(undefined);
    waiting.clear();
  };
  const post = (request: WorkerRequest) => (worker ? worker.postMessage(request, request.type === 'page' ? [request.bytes.buffer as ArrayBuffer] : []) : failure ? undefined : queue.push(request));
  // The pages the worker took to finish, and what finishing them needs (the same for every page).
  const taken: string[] = [];
  let context: PageContext | undefined;
  (globalThis as { [SINK]?: PageSink })[SINK] = {
    finish: (path, bytes, pageContext) => {
      if (failure) return false;
      if (pageContext !== context) post({ type: 'context', context: (context = pageContext) });
      post({ type: 'page', path, bytes: bytes.slice() });
      taken.push(path);
      // Rendering leaves mostly garbage: collected every few hundred pages, the heap stays near
      // what is alive instead of growing by hundreds of MB.
      if (taken.length % GC_EVERY_PAGES === 0) collectGarbage();
      return true;
    },
  };
  const ready = (async () => {
    const outdir = join(fileURLToPath(root), 'node_modules', '.cache', 'mecaformation');
    mkdirSync(outdir, { recursive: true });
    // node_modules stay imports of the bundle, resolved from node_modules/.cache/ at run time.
    const bundled = await build({ entryPoints: [fileURLToPath(new URL('src/build/build-worker.ts', root))], outdir, write: false, bundle: true, platform: 'node', format: 'esm', target: 'node24', packages: 'external', logLevel: 'silent' });
    const code = bundled.outputFiles[0]!.contents;
    // Named by its content, written whole (a temporary file renamed): builds running side by side
    // (the tests') share it, and none starts a worker from a file still being written.
    const outfile = join(outdir, `build-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(outfile)) {
      const temporary = `${outfile}.${process.pid}.tmp`;
      writeFileSync(temporary, code);
      renameSync(temporary, outfile);
      // The bundles of earlier versions of the worker, but one a build started within the hour may still load.
      for (const name of readdirSync(outdir)) {
        const old = join(outdir, name);
        if (/^build-worker-.*\.mjs$/.test(name) && old !== outfile && Date.now() - statSync(old).mtimeMs > 3_600_000) rmSync(old, { force: true });
      }
    }
    worker = new Worker(outfile, { workerData: options });
    // Pages alone never keep the build alive; a request waiting for its reply does (ask below).
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      w?.(reply);
    });
    worker.on('error', (error) => {
      failure ??= error.message;
      release();
    });
    // A worker that ends without an error (terminated, or exited) answers nothing more.
    worker.on('exit', (code) => {
      failure ??= `worker exited (code ${code})`;
      release();
    });
    for (const request of queue.splice(0)) worker.postMessage(request, request.type === 'page' ? [request.bytes.buffer as ArrayBuffer] : []);
  })().catch((error: Error) => {
    failure = `worker did not start: ${error.message}`;
    queue.length = 0;
  });
  const ask = async (request: WithoutId<WorkerRequest>): Promise<WorkerReply | undefined> => {
    await ready;
    if (!worker || failure) return undefined;
    worker.ref();
    const id = nextId++;
    return new Promise<WorkerReply | undefined>((resolve) => {
      waiting.set(id, resolve);
      worker!.postMessage({ ...request, id });
    }).finally(() => {
      if (!waiting.size) worker?.unref();
    });
  };
  return {
    pages: async () => {
      delete (globalThis as { [SINK]?: PageSink })[SINK];
      const reply = await ask({ type: 'pages-end' });
      if (reply?.type === 'pages' && reply.contentFailure) return { contentFailure: reply.contentFailure };
      if (reply?.type === 'pages' && reply.pages) return { facts: new Map(reply.pages) };
      // The worker failed: Astro's files of the pages it took are finished here.
      if (context) finishOnDisk(options.dist, taken, context);
      rmSync(options.staging, { recursive: true, force: true });
      return { failure: (reply?.type === 'pages' && reply.failure) || failure || 'no reply' };
    },
    search: async (dist, files) => {
      if (!options.search) return { failure: 'no search index in this worker' };
      const reply = await ask({ type: 'search', dist, files });
      if (reply?.type !== 'search') return { failure: failure ?? 'no reply' };
      return reply.outcome ? { outcome: reply.outcome } : { failure: reply.failure ?? 'no outcome' };
    },
    assistant: async (dist, pages, questions) => {
      const reply = await ask({ type: 'assistant', dist, pages, questions });
      if (reply?.type !== 'assistant') return { failure: failure ?? 'no reply' };
      return reply.outcome ? { outcome: reply.outcome } : { failure: reply.failure ?? 'no outcome' };
    },
    stop: () => {
      delete (globalThis as { [SINK]?: PageSink })[SINK];
      void worker?.terminate();
    },
  };
}

let current: Promise<BuildWorker> | undefined;
let searchOptions: WorkerOptions['search'];

/** Set by the search index's integration (src/integrations/pagefind.ts): its pages fed while they render. */
export function indexWhileRendering(options: NonNullable<WorkerOptions['search']>): void {
  searchOptions = options;
}

/**
 * At the start of a build: its worker, finishing and reading the pages (and their `markers`) while
 * they render, and feeding them to the search index when its integration asked for it.
 */
export function startBuild(root: URL, outDir: URL, cacheDir: URL, markers: readonly string[]): void {
  const dist = fileURLToPath(outDir);
  // Beside the output folder (the same file system: a rename moves a finished page into place).
  const staging = join(dirname(dist), `.${basename(dist)}-finishing-${process.pid}`);
  current = startBuildWorker(root, { markers: [...markers], search: searchOptions, dist, staging, searchCache: join(fileURLToPath(cacheDir), 'search-index') });
}

/** The worker of the build under way, when it started one (not in `astro dev`, nor in the tests' direct calls). */
export function buildWorker(): Promise<BuildWorker> | undefined {
  return current;
}

/** At the end of a build: its worker stopped. */
export async function endBuild(): Promise<void> {
  const worker = current;
  current = undefined;
  (await worker)?.stop();
}
