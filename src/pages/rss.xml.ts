import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { visibleArticles } from '../lib/content';
import { absoluteUrl, routes } from '../seo/canonical';
import { marketing } from '../lib/marketing';

export async function GET(context: APIContext) {
  const articles = await visibleArticles();
  return rss({
    title: `Blog ${marketing.organization.name}`,
    description: 'Formations, financement, métiers et nouvelles technologies de la mécanique automobile.',
    site: context.site!,
    trailingSlash: true,
    customData: '<language>fr-FR</language>',
    items: articles.map((a) => ({
      title: a.data.title,
      description: a.data.description,
      pubDate: a.data.publishDate,
      link: absoluteUrl(routes.article(a.id), context.site!),
      categories: [a.data.category],
    })),
  });
}
