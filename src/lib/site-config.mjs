// Build-wide constants read by astro.config.mjs (plain JS: the config is loaded before Vite).
export const SITE_URL = process.env.SITE_URL ?? 'https://www.mecaformation.fr';

// Paths that are never listed in the sitemap: thank-you pages (/merci/…), error pages, the search page,
// the referral landing page (noindex: served at each partner's link), and the legal pages flagged
// noindex (kept in sync by tests/unit/site-config.test.ts).
export const SITEMAP_EXCLUDED = ['/merci/', '/404/', '/recherche/', '/parrainage/invitation/'];

/** @param {string} pathname */
export function isSitemapExcluded(pathname) {
  // /_edge/: the layout template of the edge's own pages (src/edge/edge-layout.ts), not a page.
  return SITEMAP_EXCLUDED.includes(pathname) || pathname.startsWith('/_variants/') || pathname.startsWith('/_edge/') || pathname.startsWith('/merci/');
}

// Articles per page of the blog's listing (/blog/, /blog/page/2/…): read by the pages and the sitemap.
export const ARTICLES_PER_PAGE = 6;
