// The build's worker thread (src/build/build-worker.ts), seen from the build's own thread. At the
// start of a build it is bundled by esbuild (the worker runs outside Vite: its imports are
// resolved ahead) and started; the middleware (src/middleware.ts) hands it every page Astro
// renders through a sink on globalThis (the middleware runs in Astro's prerender bundle, a module
// graph apart from the integrations'). Whatever goes wrong with the worker, each request resolves
// with the reason instead of a result, and the build does the work in its own thread.
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PageFacts } from '../seo/page-facts.ts';
import type { SearchOutcome, WorkerOptions, WorkerReply, WorkerRequest } from './build-worker.ts';
import type { AssistantOutcome, IndexedPage } from '../assistant/write-index.ts';
import type { Question } from '../assistant/questions.ts';

const SINK = Symbol.for('mecaformation.page-sink');

/** What receives the pages: their site path (/x/ or /404.html) and final HTML, as UTF-8. */
interface PageSink {
  add(path: string, bytes: Uint8Array): void;
}

/**
 * Called by the middleware for every rendered HTML page, with the bytes the page is written as;
 * a no-op without a build worker. The worker gets a copy it owns (transferred, not cloned: a
 * structured clone of the string cost more than the copy and the encoding together).
 */
export function sendPage(pathname: string, bytes: Uint8Array): void {
  const sink = (globalThis as { [SINK]?: PageSink })[SINK];
  // /x/ is dist/x/index.html; /404 (or /404.html) is dist/404.html (format: 'directory').
  sink?.add(pathname.endsWith('/') || pathname.endsWith('.html') ? pathname : `${pathname}.html`, bytes);
}

export type StreamedFacts = Map<string, { bytes: number; facts: PageFacts }>;

export interface BuildWorker {
  /** The facts of every page sent, once Astro has rendered them all. */
  pages(): Promise<{ facts?: StreamedFacts; failure?: string }>;
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
  (globalThis as { [SINK]?: PageSink })[SINK] = { add: (path, bytes) => post({ type: 'page', path, bytes: bytes.slice() }) };
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
      if (reply?.type !== 'pages') return { failure: failure ?? 'no reply' };
      return reply.pages ? { facts: new Map(reply.pages) } : { failure: reply.failure ?? 'no pages' };
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
 * At the start of a build: its worker, reading the pages (and their `markers`) while they render,
 * and feeding them to the search index when its integration asked for it.
 */
export function startBuild(root: URL, markers: readonly string[]): void {
  current = startBuildWorker(root, { markers: [...markers], search: searchOptions });
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
