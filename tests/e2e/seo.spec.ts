import { test, expect } from '@playwright/test';
import { parse } from 'node-html-parser';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { sitemapPaths } from './helpers';
import { htmlFiles } from '../../scripts/validate-html.mjs';
import { auditJsonLd } from '../shared/jsonld-audit';
import { CATEGORY_LABELS } from '../../src/lib/taxonomy';

const locs = readFileSync('dist/sitemap-0.xml', 'utf8').match(/<loc>[^<]+<\/loc>/g)!.map((l) => l.slice(5, -6));

test('robots.txt points at the sitemap index, which lists the sitemap', async ({ request }) => {
  const robots = await (await request.get('/robots.txt')).text();
  expect(robots).toMatch(/^Sitemap: https:\/\/[^/]+\/sitemap-index\.xml$/m);
  const index = await (await request.get('/sitemap-index.xml')).text();
  expect(index).toContain('/sitemap-0.xml');
});

test('every sitemap URL has a real lastmod, the blog’s later pages included', () => {
  const xml = readFileSync('dist/sitemap-0.xml', 'utf8');
  const urls = xml.match(/<url>.*?<\/url>/g)!;
  expect(urls.length).toBe(locs.length);
  const withoutDate = urls.filter((u) => !/<lastmod>\d{4}-\d{2}-\d{2}/.test(u)).map((u) => /<loc>([^<]+)/.exec(u)![1]);
  // Pages generated from code only get their source's last commit date; none may be missing
  // (the build fails on one: astro.config.mjs, sitemap serialize).
  expect(withoutDate).toEqual([]);
  const lastmod = (path: string) => new RegExp(`<loc>[^<]*${path}</loc><lastmod>(\\d{4}-\\d{2}-\\d{2})`).exec(xml)?.[1];
  expect(locs.some((l) => l.endsWith('/blog/page/2/'))).toBe(true);
  // A later page of the blog changed when the newest article came out (every article moved by one).
  expect(lastmod('/blog/page/2/')).toBe(lastmod('/blog/'));
});

test('the 404 page has no canonical or og:url and is noindex', () => {
  const doc = parse(readFileSync('dist/404.html', 'utf8'));
  expect(doc.querySelectorAll('link[rel="canonical"]')).toHaveLength(0);
  expect(doc.querySelector('meta[property="og:url"]')).toBeNull();
  expect(doc.querySelector('meta[name="robots"]')?.getAttribute('content')).toMatch(/^noindex/);
  expect(locs.filter((l) => l.includes('404'))).toEqual([]);
});

// Every page of dist/, the noindex ones and the A/B variants included.
const builtPages = htmlFiles('dist').map((file) => ({ file, name: `/${relative('dist', file)}` }));

test('JSON-LD of every built page: schema.org context and known types, references resolved on the page, ISO 8601 durations and dates, no Markdown, no placeholder', () => {
  expect(builtPages.length).toBeGreaterThan(50);
  const problems: string[] = [];
  let nodes = 0;
  for (const { file, name } of builtPages) {
    const blocks = parse(readFileSync(file, 'utf8')).querySelectorAll('script[type="application/ld+json"]').map((b) => b.textContent);
    nodes += blocks.length;
    problems.push(...auditJsonLd(blocks).map((p) => `${name} ${p}`));
  }
  expect(nodes).toBeGreaterThan(builtPages.length);
  expect(problems).toEqual([]);
});

test('breadcrumbs: only the last crumb is the current page, every other one links to a page that exists', () => {
  const paths = new Set(sitemapPaths());
  const problems: string[] = [];
  for (const { file, name } of builtPages) {
    const nav = parse(readFileSync(file, 'utf8')).querySelector('nav[aria-label="Fil d’Ariane"]');
    if (!nav) continue;
    const items = nav.querySelectorAll('li');
    const current = nav.querySelectorAll('[aria-current]');
    if (current.length !== 1 || !items.at(-1)!.querySelector('[aria-current="page"]')) problems.push(`${name}: ${current.length} aria-current`);
    for (const link of items.slice(0, -1)) {
      const href = link.querySelector('a')?.getAttribute('href');
      if (!href) problems.push(`${name}: « ${link.textContent.trim()} » sans lien`);
      else if (!paths.has(href)) problems.push(`${name}: lien ${href} hors du sitemap`);
    }
  }
  expect(problems).toEqual([]);
});

test('« Pour qui ? » lists every audience page, and each of them links back to it', async ({ request }) => {
  const audiences = sitemapPaths().filter((p) => /^\/pour-qui\/[^/]+\/$/.test(p));
  expect(audiences.length).toBe(4);
  const doc = parse(await (await request.get('/pour-qui/')).text());
  expect(doc.querySelectorAll('h2 a').map((a) => a.getAttribute('href')).sort()).toEqual(audiences.sort());
  for (const path of audiences) {
    const page = parse(await (await request.get(path)).text());
    expect(page.querySelector('nav[aria-label="Fil d’Ariane"] a[href="/pour-qui/"]')?.textContent, path).toBe('Pour qui\u202f?');
  }
});

for (const loc of locs) {
  const path = new URL(loc).pathname;
  test(`${path}: one canonical equal to the sitemap URL, a PNG og:image, JSON-LD that parses`, async ({ request }) => {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    const doc = parse(await response.text());
    const canonicals = doc.querySelectorAll('link[rel="canonical"]').map((l) => l.getAttribute('href'));
    expect(canonicals).toEqual([loc]);
    const image = doc.querySelector('meta[property="og:image"]')?.getAttribute('content');
    expect(image, 'og:image').toBeTruthy();
    const png = await request.get(new URL(image!).pathname);
    expect(png.status()).toBe(200);
    expect(png.headers()['content-type']).toBe('image/png');
    expect((await png.body()).subarray(1, 4).toString()).toBe('PNG');
    const blocks = doc.querySelectorAll('script[type="application/ld+json"]');
    if (path !== '/') expect(blocks.length).toBeGreaterThan(0); // BreadcrumbList below the home page
    for (const block of blocks) {
      const data = JSON.parse(block.textContent);
      expect(data['@context']).toBe('https://schema.org');
    }
  });
}

test('the RSS feed parses as XML: channel link to the blog, atom:link self, lastBuildDate, categories as labels', async ({ request, page }) => {
  const response = await request.get('/rss.xml');
  const xml = await response.text();
  // The browser's own XML parser: a feed that is not well-formed XML gives a parsererror.
  const feed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const channel = doc.querySelector('rss > channel');
    const self = channel ? [...channel.children].find((e) => e.namespaceURI === 'http://www.w3.org/2005/Atom' && e.localName === 'link') : undefined;
    const child = (name: string) => [...(channel?.children ?? [])].find((e) => e.localName === name && !e.namespaceURI)?.textContent ?? null;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      version: doc.documentElement.getAttribute('version'),
      link: child('link'),
      lastBuildDate: child('lastBuildDate'),
      self: self ? { href: self.getAttribute('href'), rel: self.getAttribute('rel'), type: self.getAttribute('type') } : null,
      items: [...doc.querySelectorAll('item')].map((item) => ({
        pubDate: item.querySelector('pubDate')?.textContent ?? '',
        categories: [...item.querySelectorAll('category')].map((c) => c.textContent),
      })),
    };
  }, xml);
  expect(feed.error).toBeNull();
  expect(feed.version).toBe('2.0');
  const site = new URL(locs[0]!).origin;
  expect(feed.link).toBe(`${site}/blog/`);
  expect(feed.self).toEqual({ href: `${site}/rss.xml`, rel: 'self', type: 'application/rss+xml' });
  expect(feed.items.length).toBeGreaterThan(0);
  // lastBuildDate: an RFC 822 date, not before the newest item (an update may be later).
  expect(feed.lastBuildDate).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  const newest = Math.max(...feed.items.map((i) => Date.parse(i.pubDate)));
  expect(Date.parse(feed.lastBuildDate!)).toBeGreaterThanOrEqual(newest);
  const labels = new Set(Object.values(CATEGORY_LABELS));
  for (const item of feed.items) {
    expect(item.categories).toHaveLength(1);
    expect(labels.has(item.categories[0] as never), String(item.categories[0])).toBe(true);
  }
});

test('the RSS feed lists exactly the published articles, with absolute links', async ({ request }) => {
  const rss = await (await request.get('/rss.xml')).text();
  const links = [...rss.matchAll(/<item>[\s\S]*?<link>([^<]+)<\/link>/g)].map((m) => new URL(m[1]).pathname).sort();
  const published = sitemapPaths().filter((p) => /^\/blog\/(?!page\/|categorie\/)[^/]+\/$/.test(p)).sort();
  expect(links).toEqual(published);
});
