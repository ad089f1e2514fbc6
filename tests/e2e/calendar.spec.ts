import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { articlesOnDisk, sitemapPaths } from './helpers';

// The build under test was made with BUILD_DATE (scripts/test.mjs pins it).
const today = (process.env.BUILD_DATE ?? new Date().toISOString()).slice(0, 10);
const articles = articlesOnDisk();
const published = articles.filter((a) => !a.draft && a.publishDate <= today);
const hidden = articles.filter((a) => a.draft || a.publishDate > today);

test('the content calendar has both published and scheduled articles', () => {
  expect(published.length).toBeGreaterThan(0);
  expect(hidden.length).toBeGreaterThan(0);
});

test('scheduled and draft articles appear nowhere', async ({ page, request }) => {
  const sitemap = sitemapPaths();
  const rss = readFileSync('dist/rss.xml', 'utf8');
  await page.goto('/blog/');
  const blogLinks = await page.locator('main a[href^="/blog/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const a of hidden) {
    const path = `/blog/${a.slug}/`;
    expect((await request.get(path)).status(), path).toBe(404);
    expect(sitemap).not.toContain(path);
    expect(rss).not.toContain(path);
    expect(blogLinks).not.toContain(path);
  }
});

test('published articles are in the blog, the sitemap and the RSS feed', async ({ page }) => {
  const sitemap = sitemapPaths();
  const rss = readFileSync('dist/rss.xml', 'utf8');
  for (const a of published) {
    const path = `/blog/${a.slug}/`;
    expect(sitemap).toContain(path);
    expect(rss).toContain(path);
  }
  const newest = [...published].sort((x, y) => y.publishDate.localeCompare(x.publishDate))[0];
  await page.goto('/blog/');
  await expect(page.locator(`main a[href="/blog/${newest.slug}/"]`).first()).toBeVisible();
});
