// The blog's RSS 2.0 feed: channel link to the blog, atom:link rel="self" (RSS Best Practices),
// lastBuildDate = the newest publication or update among the articles (a real date, not the
// build time), categories with the labels visitors read.
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { visibleArticles } from '../lib/content';
import { absoluteUrl, routes } from '../seo/canonical';
import { marketing } from '../lib/marketing';
import { CATEGORY_LABELS } from '../lib/taxonomy';

export async function GET(context: APIContext) {
  const articles = await visibleArticles();
  const lastChange = Math.max(...articles.map((a) => (a.data.updatedDate ?? a.data.publishDate).getTime()));
  const self = absoluteUrl('/rss.xml', context.site!);
  return rss({
    title: `Blog ${marketing.organization.name}`,
    description: 'Formations, financement, métiers et nouvelles technologies de la mécanique automobile.',
    site: absoluteUrl(routes.blog(), context.site!),
    trailingSlash: true,
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: [
      '<language>fr-FR</language>',
      `<atom:link href="${self}" rel="self" type="application/rss+xml"/>`,
      ...(articles.length ? [`<lastBuildDate>${new Date(lastChange).toUTCString()}</lastBuildDate>`] : []),
    ].join(''),
    items: articles.map((a) => ({
      title: a.data.title,
      description: a.data.description,
      pubDate: a.data.publishDate,
      link: absoluteUrl(routes.article(a.id), context.site!),
      categories: [CATEGORY_LABELS[a.data.category]],
    })),
  });
}
