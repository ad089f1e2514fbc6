import { describe, expect, it } from 'vitest';
import { buildHead, pageTitle, type SeoConfig } from '../../src/seo/head';

const config: SeoConfig = {
  siteName: 'MécaFormation',
  titleTemplate: '%s | MécaFormation',
  homeTitle: 'MécaFormation : formation mécanique automobile à distance',
  maxTitleLength: 60,
  site: 'https://www.mecaformation.fr',
  locale: 'fr_FR',
  twitterCard: 'summary_large_image',
};
const attr = (tags: ReturnType<typeof buildHead>, key: string, id: string) => tags.filter((t) => t.attrs[key] === id);

describe('head builder', () => {
  const tags = buildHead({ title: 'Véhicules hybrides', description: 'Une description.', path: '/formations/vehicules-hybrides', ogImage: '/og/formations/vehicules-hybrides.png' }, config);

  it('uses the title template when it fits, the bare title otherwise, the home title on /', () => {
    expect(pageTitle({ title: 'Blog', path: '/blog/' }, config)).toBe('Blog | MécaFormation');
    const long = 'Un titre de page très long qui approche déjà la limite';
    expect(pageTitle({ title: long, path: '/x/' }, config)).toBe(long);
    expect(pageTitle({ title: 'ignored', path: '/' }, config)).toBe(config.homeTitle);
  });

  it('emits exactly one absolute canonical with the trailing slash, and the same og:url', () => {
    const canonical = tags.filter((t) => t.attrs.rel === 'canonical');
    expect(canonical).toHaveLength(1);
    expect(canonical[0].attrs.href).toBe('https://www.mecaformation.fr/formations/vehicules-hybrides/');
    expect(attr(tags, 'property', 'og:url')[0].attrs.content).toBe(canonical[0].attrs.href);
  });

  it('emits French Open Graph and Twitter tags with an absolute image', () => {
    expect(attr(tags, 'property', 'og:locale')[0].attrs.content).toBe('fr_FR');
    expect(attr(tags, 'property', 'og:image')[0].attrs.content).toBe('https://www.mecaformation.fr/og/formations/vehicules-hybrides.png');
    expect(attr(tags, 'property', 'og:image:width')[0].attrs.content).toBe('1200');
    expect(attr(tags, 'name', 'twitter:card')[0].attrs.content).toBe('summary_large_image');
    expect(attr(tags, 'name', 'robots')[0].attrs.content).toMatch(/^index/);
  });

  it('links the RSS feed and the sitemap', () => {
    expect(tags.find((t) => t.attrs.type === 'application/rss+xml')?.attrs.href).toBe('https://www.mecaformation.fr/rss.xml');
    expect(tags.find((t) => t.attrs.rel === 'sitemap')?.attrs.href).toBe('https://www.mecaformation.fr/sitemap-index.xml');
  });

  it('gives a page without an address of its own (the 404 page) no canonical and no og:url, and wants it noindex', () => {
    const notFound = buildHead({ title: 'Page introuvable', description: 'd', path: '/404/', noindex: true, canonical: false }, config);
    expect(notFound.filter((t) => t.attrs.rel === 'canonical')).toHaveLength(0);
    expect(attr(notFound, 'property', 'og:url')).toHaveLength(0);
    expect(attr(notFound, 'name', 'robots')[0].attrs.content).toBe('noindex, follow');
    expect(() => buildHead({ title: 'x', description: 'd', path: '/x/', canonical: false }, config)).toThrow(/noindex/);
  });

  it('marks noindex pages and gives them no image', () => {
    const noindex = buildHead({ title: 'Merci', description: 'd', path: '/merci/', noindex: true }, config);
    expect(attr(noindex, 'name', 'robots')[0].attrs.content).toBe('noindex, follow');
    expect(attr(noindex, 'property', 'og:image')).toHaveLength(0);
  });

  it('adds article dates for articles, and never duplicates a tag', () => {
    const article = buildHead({ title: 'A', description: 'd', path: '/blog/a/', ogType: 'article', publishedTime: new Date('2026-11-09T00:00:00Z') }, config);
    expect(attr(article, 'property', 'article:published_time')[0].attrs.content).toBe('2026-11-09T00:00:00.000Z');
    const keys = article.map((t) => `${t.tag}:${t.attrs.name ?? t.attrs.property ?? t.attrs.rel}:${t.attrs.type ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

