// Writes the assistant's retrieval index of the built pages (dist/assistant/index.json). Run in
// the build's worker thread (src/build/build-worker.ts), or in the build's own thread when the
// worker could not start.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexSite, type PageHtml } from './build-index.ts';
import { packIndex } from './engine.ts';
import type { Question } from './questions.ts';
import { collectGarbage } from '../build/gc.ts';

const GC_EVERY_PAGES = 15;

/** A built page as the index reads it: its path, its file, its publication time ('' if none). */
export interface IndexedPage {
  path: string;
  file: string;
  publishedTime: string;
}

export interface AssistantOutcome {
  pages: number;
  sections: number;
  faq: number;
  /** Questions whose page or section does not exist: nothing is written then. */
  problems: string[];
  bytes: number;
  ms: number;
}

export function writeAssistantIndex(dist: string, list: IndexedPage[], questions: Question[]): AssistantOutcome {
  const started = Date.now();
  // Each page read becomes a DOM (linkedom) that is garbage once its sections are taken: collected
  // every few pages, the heap stays small instead of growing by 0.1 GB over the ninety pages.
  let read = 0;
  const pages: PageHtml[] = list.map((p) => ({
    path: p.path,
    publishedTime: p.publishedTime,
    get html() {
      if (++read % GC_EVERY_PAGES === 0) collectGarbage();
      return readFileSync(p.file, 'utf8');
    },
  }));
  const report = indexSite(pages, questions);
  const outcome = { pages: report.pages, sections: report.sections, faq: report.faq, problems: report.problems, bytes: 0, ms: 0 };
  if (!report.problems.length) {
    const json = JSON.stringify(packIndex(report.index));
    mkdirSync(join(dist, 'assistant'), { recursive: true });
    writeFileSync(join(dist, 'assistant', 'index.json'), json);
    outcome.bytes = json.length;
  }
  return { ...outcome, ms: Date.now() - started };
}
