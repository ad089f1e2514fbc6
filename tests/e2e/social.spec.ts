// The social calendar's public side, on the built site (issue 15, part 4): every published
// article's share kit in dist/partage/<slug>/ at the three sizes, served noindex and kept out of
// the sitemap; and, while organization.yaml names no social profile, no social link in the footer
// and no sameAs in the Organization JSON-LD.
import { test, expect } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { sitemapPaths } from './helpers';
import { SHARE_FORMATS } from '../../src/marketing/social-calendar';

/** The slugs of the articles this build published (their page announces og:type article). */
function builtArticles(): string[] {
  return readdirSync('dist/blog', { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join('dist/blog', d.name, 'index.html')))
    .filter((d) => readFileSync(join('dist/blog', d.name, 'index.html'), 'utf8').includes('<meta property="og:type" content="article">'))
    .map((d) => d.name);
}

test('every published article has its share kit at the three sizes, noindex, out of the sitemap', async ({ request }) => {
  const slugs = builtArticles();
  expect(slugs.length).toBeGreaterThan(3);
  // Only articles: no kit for a page that is not one.
  expect(readdirSync('dist/partage').sort()).toEqual([...slugs].sort());
  for (const slug of slugs) {
    for (const f of SHARE_FORMATS) {
      const png = readFileSync(join('dist/partage', slug, `${f.key}.png`));
      expect(png.subarray(1, 4).toString(), `${slug}/${f.key}`).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], `${slug}/${f.key}`).toEqual([f.width, f.height]);
    }
  }
  const res = await request.get(`/partage/${slugs[0]}/1080x1920.png`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('image/png');
  expect(res.headers()['x-robots-tag']).toBe('noindex');
  expect(sitemapPaths().some((p) => p.startsWith('/partage/'))).toBe(false);
});

test('no social profile filled: no social link in the footer, no sameAs', async ({ page }) => {
  const org = parseYaml(readFileSync('content/marketing/organization.yaml', 'utf8')) as { social: Record<string, string | null> };
  test.skip(Object.values(org.social).some(Boolean), 'organization.yaml names a social profile');
  await page.goto('/');
  const footer = page.locator('footer');
  await expect(footer).toBeVisible();
  await expect(footer.getByRole('list', { name: 'Réseaux sociaux' })).toHaveCount(0);
  await expect(footer.locator('a[href*="linkedin.com"], a[href*="facebook.com"], a[href*="instagram.com"], a[href*="tiktok.com"], a[href*="youtube.com"]')).toHaveCount(0);
  await expect(footer.getByRole('link', { name: /^MécaFormation sur / })).toHaveCount(0);
  const ld = (await page.locator('script[type="application/ld+json"]').allTextContents()).join('\n');
  expect(ld).toContain('EducationalOrganization');
  expect(ld).not.toContain('sameAs');
});
