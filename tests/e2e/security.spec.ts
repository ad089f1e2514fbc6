import { test, expect } from '@playwright/test';

test('pages work under the Content Security Policy (no violation, scripts and search run)', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  for (const path of ['/', '/contact/', '/formations/vehicules-hybrides/', '/blog/guide-complet-cap-mva-2027/']) {
    const response = await page.goto(path);
    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'self'/);
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  }
  await page.goto('/recherche/?q=hybride');
  await expect(page.locator('#resultats li').first()).toBeVisible();
  expect(violations).toEqual([]);
});
