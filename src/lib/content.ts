// Collection queries shared by the routes, with the editorial calendar applied once.
import { getCollection, type CollectionEntry } from 'astro:content';
import { buildDate, newestFirst, publishedOnly, articleState } from './calendar';
import { ARTICLES_PER_PAGE } from './site-config.mjs';

export const BUILD_NOW = buildDate();

/** Articles a visitor may see: published ones in a build; everything (flagged) in `astro dev`. */
export async function visibleArticles(): Promise<CollectionEntry<'articles'>[]> {
  if (import.meta.env.DEV) {
    const all = await getCollection('articles');
    return all.sort(newestFirst);
  }
  // A build's collection never changes: query it once. Every listing page asked for the whole
  // collection again, which cost ~25 MB of native memory per page with 1 000 articles.
  published ??= getCollection('articles').then((all) => publishedOnly(all, BUILD_NOW));
  return [...(await published)];
}
let published: Promise<CollectionEntry<'articles'>[]> | undefined;

export function stateOf(article: CollectionEntry<'articles'>) {
  return articleState(article, BUILD_NOW);
}

export async function trainingsInOrder(): Promise<CollectionEntry<'trainings'>[]> {
  return (await getCollection('trainings')).sort((a, b) => a.data.order - b.data.order);
}

export { ARTICLES_PER_PAGE };

export function paginate<T>(items: T[], perPage = ARTICLES_PER_PAGE): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += perPage) pages.push(items.slice(i, i + perPage));
  return pages.length ? pages : [[]];
}
