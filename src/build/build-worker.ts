// The build's worker thread (started by src/build/worker-client.ts, bundled by esbuild at the
// start of each build): on the other core, it reads each page Astro renders (its facts for the
// checks, src/seo/page-facts.ts), and after the pages it builds the assistant's index from the
// built files (src/assistant/build-index.ts) while the build's own thread runs the other checks.
import { parentPort, workerData } from 'node:worker_threads';
import { pageFacts, type PageFacts } from '../seo/page-facts';
import { writeAssistantIndex, type AssistantOutcome, type IndexedPage } from '../assistant/write-index';
import type { Question } from '../assistant/questions';

export type WorkerRequest =
  | { type: 'page'; path: string; bytes: Uint8Array }
  | { type: 'pages-end' }
  | { type: 'assistant'; dist: string; pages: IndexedPage[]; questions: Question[] };

export type WorkerReply =
  | { type: 'pages'; pages: [string, { bytes: number; facts: PageFacts }][]; failure?: undefined }
  | { type: 'pages'; pages?: undefined; failure: string }
  | { type: 'assistant'; outcome: AssistantOutcome; failure?: undefined }
  | { type: 'assistant'; outcome?: undefined; failure: string };

const markers = (workerData as { markers: string[] } | null)?.markers ?? [];
const pages = new Map<string, { bytes: number; facts: PageFacts }>();
const decoder = new TextDecoder();
let failure: string | undefined;

parentPort?.on('message', (message: WorkerRequest) => {
  switch (message.type) {
    case 'page':
      if (failure) return;
      try {
        pages.set(message.path, { bytes: message.bytes.byteLength, facts: pageFacts(decoder.decode(message.bytes), markers) });
      } catch (error) {
        failure = `${message.path} : ${(error as Error).message}`;
      }
      return;
    case 'pages-end':
      parentPort!.postMessage((failure ? { type: 'pages', failure } : { type: 'pages', pages: [...pages] }) satisfies WorkerReply);
      pages.clear();
      return;
    case 'assistant':
      try {
        parentPort!.postMessage({ type: 'assistant', outcome: writeAssistantIndex(message.dist, message.pages, message.questions) } satisfies WorkerReply);
      } catch (error) {
        parentPort!.postMessage({ type: 'assistant', failure: (error as Error).stack ?? String(error) } satisfies WorkerReply);
      }
      return;
  }
});
