import { test, expect } from '@playwright/test';
import { parse } from 'node-html-parser';
import { readFileSync } from 'node:fs';
import { sitemapPaths } from './helpers';

const locs = readFileSync('dist/sitemap-0.xml', 'utf8').match(/<loc>[^<]+<\/loc>/g)!.map((l) => l.slice(5, -6));

test('robots.txt points at the sitemap index, which lists the sitemap', async ({ request }) => {
  const robots = await (await request.get('/robots.txt')).text();
  expect(robots).toMatch(/^Sitemap: https:\/\/[^/]+\/sitemap-index\.xml$/m);
  const index = await (await request.get('/sitemap-index.xml')).text();
  expect(index).toContain('/sitemap-0.xml');
});

test('every sitemap URL has a real lastmod', () => {
  const xml = readFileSync('dist/sitemap-0.xml', 'utf8');
  const urls = xml.match(/<url>.*?<\/url>/g)!;
  const withoutDate = urls.filter((u) => !/<lastmod>\d{4}-\d{2}-\d{2}/.test(u)).map((u) => /<loc>([^<]+)/.exec(u)![1]);
  // Pages generated from code only get their source's last commit date; none may be missing.
  expect(withoutDate.filter((u) => !u.includes('/blog/page/'))).toEqual([]);
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

test('the RSS feed lists exactly the published articles, with absolute links', async ({ request }) => {
  const rss = await (await request.get('/rss.xml')).text();
  const links = [...rss.matchAll(/<item>[\s\S]*?<link>([^<]+)<\/link>/g)].map((m) => new URL(m[1]).pathname).sort();
  const published = sitemapPaths().filter((p) => /^\/blog\/(?!page\/|categorie\/)[^/]+\/$/.test(p)).sort();
  expect(links).toEqual(published);
});
