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

const SCHOOL_FACTS = schoolFacts(marketing.organization);

let unpublished: Promise<Set<string>> | undefined;
function unpublishedPaths(): Promise<Set<string>> {
  unpublished ??= getCollection('articles').then(
    (all) => new Set(import.meta.env.DEV ? [] : all.filter((a) => !isPublished(a, BUILD_NOW)).map((a) => routes.article(a.id))),
  );
  return unpublished;
}

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.includes('text/html')) return response;
  const html = unlinkPaths(fillMarkers(await response.text(), SCHOOL_FACTS), await unpublishedPaths());
  return new Response(frenchHtml(html), { status: response.status, headers: response.headers });
});
