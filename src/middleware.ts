// Every HTML page, at build for prerendered pages and in `astro dev`, is finished here
// (src/lib/finish-page.ts: school facts, links to unpublished articles, task lists, French
// typography). At build, the build's worker finishes it on the other core while Astro renders the
// next pages (src/build/worker-client.ts): Astro writes the page as rendered, and the worker's
// finished file replaces it once every page is written, before any check reads dist/.
import { defineMiddleware } from 'astro:middleware';
import { getCollection } from 'astro:content';
import { finishPage, type PageContext } from './lib/finish-page';
import { schoolFacts } from './lib/school-facts';
import { marketing } from './lib/marketing';
import { BUILD_NOW } from './lib/content';
import { isPublished } from './lib/calendar';
import { routes } from './seo/canonical';
import { finishInWorker } from './build/worker-client';

const encoder = new TextEncoder();

let context: Promise<PageContext> | undefined;
function pageContext(): Promise<PageContext> {
  context ??= getCollection('articles').then((all) => ({
    facts: schoolFacts(marketing.organization),
    unpublished: import.meta.env.DEV ? [] : all.filter((a) => !isPublished(a, BUILD_NOW)).map((a) => routes.article(a.id)),
  }));
  return context;
}

export const onRequest = defineMiddleware(async (context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.includes('text/html')) return response;
  const html = await response.text();
  const finishing = await pageContext();
  // Encoded once, for the file Astro writes and for the worker, which gets its own copy.
  const rendered = encoder.encode(html);
  if (finishInWorker(context.url.pathname, rendered, finishing)) return new Response(rendered, { status: response.status, headers: response.headers });
  return new Response(finishPage(html, finishing), { status: response.status, headers: response.headers });
});
