// Collection queries shared by the routes, with the editorial calendar applied once.
import { getCollection, type CollectionEntry } from 'astro:content';
import { buildDate, publishedOnly, articleState } from './calendar';

export const BUILD_NOW = buildDate();

/** Articles a visitor may see: published ones in a build; everything (flagged) in `astro dev`. */
export async function visibleArticles(): Promise<CollectionEntry<'articles'>[]> {
  const all = await getCollection('articles');
  if (import.meta.env.DEV) return all.sort((a, b) => b.data.publishDate.getTime() - a.data.publishDate.getTime());
  return publishedOnly(all, BUILD_NOW);
}

export function stateOf(article: CollectionEntry<'articles'>) {
  return articleState(article, BUILD_NOW);
}

export async function trainingsInOrder(): Promise<CollectionEntry<'trainings'>[]> {
  return (await getCollection('trainings')).sort((a, b) => a.data.order - b.data.order);
}

export const ARTICLES_PER_PAGE = 6;

export function paginate<T>(items: T[], perPage = ARTICLES_PER_PAGE): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += perPage) pages.push(items.slice(i, i + perPage));
  return pages.length ? pages : [[]];
}
