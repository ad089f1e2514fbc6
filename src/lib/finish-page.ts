// What every HTML page goes through once rendered (the middleware, or at build the build's worker
// on the other core: src/build/build-worker.ts): the school facts filled in (%%markers%% of the
// legal pages), links to articles not published yet turned into text, the guide's task lists made
// usable, and French typography. Pure: no Astro, Vite or node:* import.
import { frenchHtml } from './typography.ts';
import { fillMarkers } from './placeholders.ts';
import { unlinkPaths } from './unpublished-links.ts';
import type { SchoolFacts } from './school-facts.ts';

/** What finishing a page needs besides its HTML (plain data: it is posted to the build's worker). */
export interface PageContext {
  facts: SchoolFacts;
  /** Site paths of the articles not published yet (/blog/x/). */
  unpublished: string[];
}

const unpublishedSets = new WeakMap<PageContext, Set<string>>();

/** The page as it is written and served. Throws on an unknown %%marker%%. */
export function finishPage(html: string, context: PageContext): string {
  let unpublished = unpublishedSets.get(context);
  if (!unpublished) unpublishedSets.set(context, (unpublished = new Set(context.unpublished)));
  return frenchHtml(usableTaskLists(unlinkPaths(fillMarkers(html, context.facts), unpublished)));
}

/**
 * Markdown task lists (the guide's checklist) become boxes a reader can tick while reading, each
 * labelled by its own text (WCAG 1.3.1, 4.1.2), instead of disabled, unlabelled inputs.
 */
export function usableTaskLists(html: string): string {
  if (!html.includes('task-list-item')) return html;
  return html.replace(/<li class="task-list-item"><input type="checkbox" disabled(?:="")?>\s*([\s\S]*?)<\/li>/g, '<li class="task-list-item"><label><input type="checkbox"> $1</label></li>');
}
