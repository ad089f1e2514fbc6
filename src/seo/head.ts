// The whole <head> as data (Starlight's pattern): pages describe themselves, this pure function
// turns that into tags, and Head.astro only renders them. Every URL goes through canonical.ts.
import { absoluteUrl } from './canonical';

export interface HeadTag {
  tag: 'title' | 'meta' | 'link';
  attrs: Record<string, string>;
  content?: string;
}

export interface SeoConfig {
  siteName: string;
  /** `%s` is the page title; used only when the result stays within maxTitleLength. */
  titleTemplate: string;
  homeTitle: string;
  maxTitleLength: number;
  site: string;
  locale: string;
  twitterCard: 'summary_large_image';
}

export interface PageSeo {
  title: string;
  description: string;
  /** Path of the page on the site, e.g. /formations/ (from Astro.url.pathname). */
  path: string;
  noindex?: boolean;
  /**
   * False for a page with no address of its own, such as the 404 page served at every unknown URL:
   * no canonical and no og:url (the page is noindex too).
   */
  canonical?: boolean;
  ogType?: 'website' | 'article';
  /** Path of the page's OG image (see og.ts), absent for pages without one. */
  ogImage?: string;
  ogImageAlt?: string;
  publishedTime?: Date;
  modifiedTime?: Date;
  /** Kind shown on the OG image and used by search filters. */
  kind?: string;
}

/** The <title>: the template when it fits in maxTitleLength, the bare title otherwise. */
export function pageTitle(seo: Pick<PageSeo, 'title' | 'path'>, config: SeoConfig): string {
  if (seo.path === '/') return config.homeTitle;
  const templated = config.titleTemplate.replace('%s', seo.title);
  return templated.length <= config.maxTitleLength ? templated : seo.title;
}

export function buildHead(seo: PageSeo, config: SeoConfig): HeadTag[] {
  const canonical = absoluteUrl(seo.path, config.site);
  const title = pageTitle(seo, config);
  const meta = (key: 'name' | 'property', id: string, content: string): HeadTag => ({ tag: 'meta', attrs: { [key]: id, content } });
  const addressed = seo.canonical !== false;
  if (!addressed && !seo.noindex) throw new Error(`${seo.path} : une page sans canonical doit être noindex`);
  const tags: HeadTag[] = [
    { tag: 'title', attrs: {}, content: title },
    meta('name', 'description', seo.description),
    ...(addressed ? [{ tag: 'link', attrs: { rel: 'canonical', href: canonical } } satisfies HeadTag] : []),
    meta('name', 'robots', seo.noindex ? 'noindex, follow' : 'index, follow, max-image-preview:large'),
    meta('property', 'og:type', seo.ogType ?? 'website'),
    meta('property', 'og:locale', config.locale),
    meta('property', 'og:site_name', config.siteName),
    meta('property', 'og:title', seo.title),
    meta('property', 'og:description', seo.description),
    ...(addressed ? [meta('property', 'og:url', canonical)] : []),
    meta('name', 'twitter:card', config.twitterCard),
    meta('name', 'twitter:title', seo.title),
    meta('name', 'twitter:description', seo.description),
  ];
  if (seo.ogImage) {
    const image = absoluteUrl(seo.ogImage, config.site);
    tags.push(
      meta('property', 'og:image', image),
      meta('property', 'og:image:type', 'image/png'),
      meta('property', 'og:image:width', '1200'),
      meta('property', 'og:image:height', '630'),
      meta('property', 'og:image:alt', seo.ogImageAlt ?? seo.title),
      meta('name', 'twitter:image', image),
    );
  }
  if (seo.ogType === 'article') {
    if (seo.publishedTime) tags.push(meta('property', 'article:published_time', seo.publishedTime.toISOString()));
    if (seo.modifiedTime) tags.push(meta('property', 'article:modified_time', seo.modifiedTime.toISOString()));
  }
  tags.push(
    { tag: 'link', attrs: { rel: 'alternate', type: 'application/rss+xml', title: `Blog ${config.siteName}`, href: absoluteUrl('/rss.xml', config.site) } },
    { tag: 'link', attrs: { rel: 'sitemap', type: 'application/xml', href: absoluteUrl('/sitemap-index.xml', config.site) } },
  );
  return dedupe(tags);
}

/** Later tags win over earlier ones with the same identity (name, property or rel+href kind). */
function dedupe(tags: HeadTag[]): HeadTag[] {
  const key = (t: HeadTag) =>
    t.tag === 'title' ? 'title' : t.tag === 'meta' ? `meta:${t.attrs.name ?? t.attrs.property}` : `link:${t.attrs.rel}:${t.attrs.type ?? ''}`;
  const seen = new Map<string, HeadTag>();
  for (const t of tags) seen.set(key(t), t);
  return [...seen.values()];
}
