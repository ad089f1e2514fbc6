// Keyboard-only use, visible focus, and axe on the forms in their error state.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const violations = async (page: import('@playwright/test').Page) =>
  (await new AxeBuilder({ page }).withTags(WCAG).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

test('the skip link comes first and is visible when focused', async ({ page }) => {
  await page.goto('/formations/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#contenu$/);
});

test.describe('on a phone, with the keyboard only', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the header menu opens and a link is followed', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // wordmark
    await page.keyboard.press('Tab'); // menu
    const summary = page.locator('[data-mobile-menu] summary');
    await expect(summary).toBeFocused();
    const outline = await summary.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('navigation', { name: 'Navigation mobile' })).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('navigation', { name: 'Navigation mobile' }).getByRole('link', { name: 'Formations', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/formations\/$/);
  });
});

test('a form is filled and sent with the keyboard only, errors reachable', async ({ page }) => {
  await page.goto('/guide-gratuit/');
  const form = page.locator('form[data-lead-form]');
  await form.getByLabel('Prénom').focus();
  await page.keyboard.type('Inès');
  await page.keyboard.press('Tab');
  await expect(form.locator('input[name="lastName"]')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('Adresse e-mail')).toBeFocused();
  await page.keyboard.type('ines@exemple');
  await page.keyboard.press('Enter');
  // The error moves the focus to the field to correct.
  await expect(form.getByLabel('Adresse e-mail')).toBeFocused();
  await expect(form.getByLabel('Adresse e-mail')).toHaveAttribute('aria-invalid', 'true');
  expect(await violations(page)).toEqual([]);
});

test('the no-JavaScript error page passes axe', async ({ browser, page: checker }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/contact/');
  const form = page.locator('form[data-lead-form]');
  await form.getByLabel('Prénom').fill('www.exemple.fr');
  await form.locator('input[name="lastName"]').fill('Martin');
  await form.getByLabel('Adresse e-mail').fill('ines.kb@example.fr');
  await form.getByLabel(/^Téléphone/).fill('0612345678');
  await form.getByLabel('Votre situation').selectOption('first-job');
  await page.waitForTimeout(2_100);
  await form.getByRole('button', { name: 'Être rappelé' }).click();
  await expect(page.locator('h1')).toHaveText('Quelques informations à corriger');
  // axe runs as a script: check the same page in a browser with JavaScript on.
  const html = await page.content();
  await context.close();
  await checker.goto('/merci/');
  await checker.setContent(html);
  await expect(checker.locator('h1')).toHaveText('Quelques informations à corriger');
  expect(await violations(checker)).toEqual([]);
});

test('the search page with results and filters passes axe', async ({ page }) => {
  await page.goto('/recherche/?q=hybride');
  await expect(page.locator('#resultats li').first()).toBeVisible();
  await expect(page.getByRole('checkbox').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
