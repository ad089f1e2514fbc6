// The edge's own pages (src/edge/responses.ts: form errors without JavaScript, confirmation,
// unsubscribe, cancellation) in the site's layout. The build writes a template page with the
// site's header, footer, fonts and stylesheet (src/pages/[edge]/erreur.astro →
// dist/_edge/erreur/index.html) and two slots; on the way out (src/edge/app.ts) a page of
// responses.ts has its title and content put in those slots. Both were escaped by responses.ts,
// and the slots are filled by splitting, so no text of a visitor is ever read as a pattern.
// Without the template (a build that predates it, a test site), the page stays as it is, with
// its small stylesheet (public/edge.css). Pure module: runs on Node and on Workers.

/** The template's folder name in dist/ (`_`: a build internal, never served at its address). */
export const EDGE_TEMPLATE_SEGMENT = '_edge';
export const EDGE_TEMPLATE_PATH = `/${EDGE_TEMPLATE_SEGMENT}/erreur/`;
export const EDGE_TITLE_SLOT = 'EDGE_SLOT_TITLE';
export const EDGE_BODY_SLOT = 'EDGE_SLOT_BODY';
/** The attribute that marks a page of responses.ts (and carries its escaped title). */
export const EDGE_PAGE_ATTRIBUTE = 'data-edge-page';

/**
 * The built template, ready to fill: the tags that describe the template's own address
 * (canonical, og:url) are dropped. Null when it lacks a slot (then pages keep their own shell).
 */
export function prepareTemplate(html: string): string | null {
  if (html.split(EDGE_BODY_SLOT).length !== 2 || !html.includes(EDGE_TITLE_SLOT)) return null;
  return html.replace(/<link rel="canonical"[^>]*>/g, '').replace(/<meta property="og:url"[^>]*>/g, '');
}

/** A page of responses.ts in the template; null when `page` is not one. */
export function inLayout(template: string, page: string): string | null {
  // The page's own <h1> (its title, escaped text) is the template's: the rest is the content.
  const main = new RegExp(`<main ${EDGE_PAGE_ATTRIBUTE}="([^"]*)"><h1[^>]*>[^<]*</h1>([\\s\\S]*)</main>`).exec(page);
  if (!main) return null;
  const [, title, body] = main;
  return template.split(EDGE_TITLE_SLOT).join(title!).split(EDGE_BODY_SLOT).join(body!);
}
