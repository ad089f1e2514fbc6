import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { sitemapPaths } from './helpers';

const paths = sitemapPaths();
// Pages kept out of the sitemap (noindex) must be just as accessible.
const unlisted = ['/recherche/', '/merci/'];

test('the sitemap lists the whole site', () => {
  // 13 trainings, 4 audience pages, 6 keyword pages, legal pages, blog… (a floor, not an exact count).
  expect(paths.length).toBeGreaterThan(50);
  for (const p of paths) expect(p.endsWith('/'), p).toBe(true);
});

for (const path of [...paths, ...unlisted]) {
  test(`${path} answers 200, has one h1 and no WCAG 2.2 A/AA violation`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.locator('h1')).toHaveCount(1);
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
      .analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    expect(summary, `axe violations on ${path}`).toEqual([]);
  });
}

test('an unknown page answers 404 with the French error page', async ({ page }) => {
  const response = await page.goto('/cette-page-n-existe-pas/');
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toContainText('introuvable');
});
