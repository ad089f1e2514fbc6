// Which pages the on-site search (/recherche/, pagefind) indexes. A result must be a page that
// answers a question: listings of other pages (home, catalogue, blog pages and categories, the
// webinar list, the guide's table of contents) would only repeat their cards' text, and legal
// pages (notice, terms of sale, privacy) drown real answers for common words. noindex pages
// (thank-you pages, 404, the search page itself) are never indexed either.
// The Base layout marks the main content of the other pages with data-pagefind-body; pagefind
// then indexes only the pages that carry it.

/** Listings: their content is other pages' cards. */
const LISTINGS = ['/', '/formations/', '/blog/', '/webinaires/', '/guide/'];
/** Listings with their own sub-pages: /blog/page/2/, /blog/categorie/financement/. */
const LISTING_PREFIXES = ['/blog/page/', '/blog/categorie/'];
/** Legal pages (content/pages), reachable from every footer. */
const LEGAL = ['/mentions-legales/', '/cgv/', '/confidentialite/'];

/** True when the page at `pathname` (e.g. "/formations/") is kept out of the search index. */
export function isSearchExcluded(pathname: string): boolean {
  return LISTINGS.includes(pathname) || LEGAL.includes(pathname) || LISTING_PREFIXES.some((p) => pathname.startsWith(p));
}
