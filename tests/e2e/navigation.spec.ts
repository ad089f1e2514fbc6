import { test, expect } from '@playwright/test';

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('the menu opens and leads to the catalogue, then to a training', async ({ page }) => {
    await page.goto('/');
    const desktopNav = page.getByRole('navigation', { name: 'Navigation principale' });
    await expect(desktopNav).toBeHidden();
    await page.locator('[data-mobile-menu] summary').tap();
    const mobileNav = page.getByRole('navigation', { name: 'Navigation mobile' });
    await expect(mobileNav).toBeVisible();
    await mobileNav.getByRole('link', { name: 'Formations', exact: true }).tap();
    await expect(page).toHaveURL(/\/formations\/$/);
    await expect(page.locator('h1')).toContainText('formations');
    await page.getByRole('link', { name: 'CAP Maintenance des véhicules' }).first().tap();
    await expect(page).toHaveURL(/\/formations\/cap-maintenance-vehicules\/$/);
    await expect(page.locator('h1')).toContainText('CAP Maintenance des véhicules');
  });

  test('no page content is wider than the screen', async ({ page }) => {
    for (const path of ['/', '/formations/', '/formations/cap-maintenance-vehicules/', '/tarifs-financement/', '/blog/']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});

test('lead forms are plain HTML forms posting to /api/leads', async ({ page }) => {
  for (const path of ['/guide-gratuit/', '/contact/', '/formations/vehicules-hybrides/', '/pour-qui/garages/']) {
    await page.goto(path);
    const form = page.locator('form[data-lead-form]').first();
    await expect(form).toHaveAttribute('action', '/api/leads');
    await expect(form).toHaveAttribute('method', 'post');
    await expect(form.locator('input[name="email"]')).toHaveAttribute('type', 'email');
  }
});
