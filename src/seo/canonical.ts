// Every internal URL the site emits goes through these helpers, so that they all carry the
// trailing slash (astro.config.mjs: trailingSlash 'always') and absolute ones use `site`.
import { SITE_URL } from '../lib/site-config.mjs';

/** Normalises a site path: leading slash, trailing slash on pages, none on files (rss.xml). */
export function pagePath(path: string): string {
  const [pathname, rest = ''] = splitSuffix(path);
  let p = pathname.startsWith('/') ? pathname : `/${pathname}`;
  p = p.replace(/\/{2,}/g, '/');
  const isFile = /\.[a-z0-9]+$/i.test(p);
  if (!isFile && !p.endsWith('/')) p += '/';
  return p + rest;
}

function splitSuffix(path: string): [string, string] {
  const index = path.search(/[?#]/);
  return index === -1 ? [path, ''] : [path.slice(0, index), path.slice(index)];
}

/** Absolute URL on the public site (canonical, og:url, sitemap, RSS). */
export function absoluteUrl(path: string, site: string | URL = SITE_URL): string {
  return new URL(pagePath(path), site).href;
}

export const routes = {
  home: () => '/',
  trainings: () => '/formations/',
  training: (slug: string) => `/formations/${slug}/`,
  blog: (page = 1) => (page <= 1 ? '/blog/' : `/blog/page/${page}/`),
  article: (slug: string) => `/blog/${slug}/`,
  category: (slug: string) => `/blog/categorie/${slug}/`,
  audiences: () => '/pour-qui/',
  audience: (slug: string) => `/pour-qui/${slug}/`,
  landing: (slug: string) => `/${slug}/`,
  webinars: () => '/webinaires/',
  webinar: (slug: string) => `/webinaires/${slug}/`,
  page: (slug: string) => `/${slug}/`,
} as const;
