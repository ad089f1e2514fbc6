// Post-processes every HTML page, at build for prerendered pages and in `astro dev`:
// fills the school facts (%%markers%% of the legal pages) and applies French typography.
import { defineMiddleware } from 'astro:middleware';
import { frenchHtml } from './lib/typography';
import { fillMarkers } from './lib/placeholders';
import { SCHOOL_FACTS } from './lib/school-facts';

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.includes('text/html')) return response;
  const html = await response.text();
  return new Response(frenchHtml(fillMarkers(html, SCHOOL_FACTS)), { status: response.status, headers: response.headers });
});
