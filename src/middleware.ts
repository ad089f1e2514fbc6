// Post-processes every HTML page, at build for prerendered pages and in `astro dev`:
// fills the school facts (%%markers%% of the legal pages), turns links to not-yet-published
// articles into text, and applies French typography.
import { defineMiddleware } from 'astro:middleware';
import { getCollection } from 'astro:content';
import { frenchHtml } from './lib/typography';
import { fillMarkers } from './lib/placeholders';
import { schoolFacts } from './lib/school-facts';
import { marketing } from './lib/marketing';
import { unlinkPaths } from './lib/unpublished-links';
import { BUILD_NOW } from './lib/content';
import { isPublished } from './lib/calendar';
import { routes } from './seo/canonical';
import { sendPage } from './build/worker-client';

const SCHOOL_FACTS = schoolFacts(marketing.organization);
const encoder = new TextEncoder();

let unpublished: Promise<Set<string>> | undefined;
function unpublishedPaths(): Promise<Set<string>> {
  unpublished ??= getCollection('articles').then(
    (all) => new Set(import.meta.env.DEV ? [] : all.filter((a) => !isPublished(a, BUILD_NOW)).map((a) => routes.article(a.id))),
  );
  return unpublished;
}

export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.includes('text/html')) return response;
  const html = usableTaskLists(unlinkPaths(fillMarkers(await response.text(), SCHOOL_FACTS), await unpublishedPaths()));
  // Encoded once, for the file Astro writes and, at build, for the checks of the built site,
  // which read it now on the other core (src/build/worker-client.ts).
  const page = encoder.encode(frenchHtml(html));
  sendPage(context.url.pathname, page);
  return new Response(page, { status: response.status, headers: response.headers });
});

/**
 * Markdown task lists (the guide's checklist) become boxes a reader can tick while reading, each
 * labelled by its own text (WCAG 1.3.1, 4.1.2), instead of disabled, unlabelled inputs.
 */
export function usableTaskLists(html: string): string {
  if (!html.includes('task-list-item')) return html;
  return html.replace(/<li class="task-list-item"><input type="checkbox" disabled(?:="")?>\s*([\s\S]*?)<\/li>/g, '<li class="task-list-item"><label><input type="checkbox"> $1</label></li>');
}
