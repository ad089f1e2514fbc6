// Keyboard-only use, visible focus, and axe on the forms in their error state.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { scriptsReady } from './helpers';

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
    // The cookie banner comes next (first in the document, src/layouts/Base.astro): its policy
    // link and its two choices.
    const banner = page.locator('[data-consent-banner]');
    for (const name of ['Notre politique de cookies', 'Tout refuser', 'Tout accepter']) {
      await page.keyboard.press('Tab');
      await expect(banner.getByRole(name.startsWith('Notre') ? 'link' : 'button', { name })).toBeFocused();
    }
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

  test('Escape closes the open menu and gives the focus back to its toggle', async ({ page }) => {
    await page.goto('/');
    await scriptsReady(page);
    const summary = page.locator('[data-mobile-menu] summary');
    const menu = page.getByRole('navigation', { name: 'Navigation mobile' });
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(summary).toBeFocused();
    // Tabbing out of the open menu closes it as well.
    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    const links = await menu.getByRole('link').count();
    for (let i = 0; i <= links; i++) await page.keyboard.press('Tab');
    await expect(menu).toBeHidden();
  });

  test('the cookie banner does not cover the open menu', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('[data-consent-banner]')).toBeVisible();
    await page.locator('[data-mobile-menu] summary').click();
    const covered = await page.getByRole('navigation', { name: 'Navigation mobile' }).getByRole('link').evaluateAll((links) =>
      links
        .filter((a) => {
          const r = a.getBoundingClientRect();
          return !a.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
        })
        .map((a) => a.textContent!.trim()),
    );
    expect(covered).toEqual([]);
  });
});

test('a form is filled and sent with the keyboard only, errors reachable', async ({ page }) => {
  await page.goto('/guide-gratuit/');
  await scriptsReady(page);
  const form = page.locator('form[data-lead-form]');
  await form.getByLabel('Prénom').focus();
  await page.keyboard.type('Inès');
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
  await form.getByLabel('Adresse e-mail').fill('ines.kb@example.fr');
  await form.getByLabel(/^Téléphone/).fill('0612345678');
  await form.getByLabel('Moment préféré pour l’appel').selectOption('morning');
  await page.waitForTimeout(2_100);
  await form.getByRole('button', { name: 'Être rappelé' }).click();
  await expect(page.locator('h1')).toHaveText('Quelques informations à corriger');
  // In the site's layout: its header, footer and stylesheet (src/edge/edge-layout.ts).
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeAttached();
  await expect(page.locator('footer')).toContainText('Mentions légales');
  expect(await page.locator('link[rel="stylesheet"]').getAttribute('href')).toMatch(/^\/_astro\/.+\.css$/);
  expect(await page.locator('h1').evaluate((h) => getComputedStyle(h).fontFamily)).toContain('Figtree');
  await expect(page.locator('#f-firstName')).toHaveAttribute('aria-invalid', 'true');
  expect(await page.locator('#f-firstName').evaluate((el) => getComputedStyle(el).borderTopColor)).toBe('rgb(163, 18, 42)');
  await expect(page.locator('#f-preferredTime')).toHaveValue('morning');
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
  await page.locator('[data-search-filters] summary').click();
  await expect(page.getByRole('checkbox').first()).toBeVisible();
  await page.locator('[data-search-more]').click();
  expect(await violations(page)).toEqual([]);
});

/**
 * Tabs through the whole page (until the focus goes round: back to the body or to its first stop)
 * and returns the focus stops outside the cookie banner whose centre the banner covers (WCAG 2.2
 * SC 2.4.11), or that are off screen.
 */
async function obscuredStops(page: import('@playwright/test').Page) {
  const obscured: string[] = [];
  let stops = 0;
  for (let i = 0; i < 300; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const banner = document.querySelector('[data-consent-banner]')!;
      if (!el || el === document.body) return { end: true };
      const w = window as unknown as { firstStop?: Element };
      if (w.firstStop === el) return { end: true };
      w.firstStop ??= el;
      if (banner.contains(el)) return { end: false, inBanner: true };
      const rect = el.getBoundingClientRect();
      const x = rect.left + rect.width / 2;
      const y = rect.top + rect.height / 2;
      const hit = document.elementFromPoint(x, y);
      return { end: false, label: `${el.tagName.toLowerCase()} « ${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 40)} »`, covered: !hit || banner.contains(hit) };
    });
    if (r.end) break;
    if (r.inBanner) continue;
    stops++;
    if (r.covered) obscured.push(r.label!);
  }
  return { stops, obscured };
}

for (const viewport of [{ width: 390, height: 844 }, { width: 1366, height: 900 }]) {
  test.describe(`${viewport.width} px wide, with the cookie banner shown`, () => {
    test.use({ viewport });
    for (const path of ['/', '/formations/vehicules-hybrides/', '/contact/']) {
      test(`${path}: no focused element is hidden under the banner (SC 2.4.11)`, async ({ page }) => {
        await page.goto(path);
        await expect(page.locator('[data-consent-banner]')).toBeVisible();
        const { stops, obscured } = await obscuredStops(page);
        expect(stops).toBeGreaterThan(30);
        expect(obscured).toEqual([]);
      });
    }
  });
}

test('without JavaScript too, the banner hides no focused element', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/formations/vehicules-hybrides/');
  const { stops, obscured } = await obscuredStops(page);
  expect(stops).toBeGreaterThan(30);
  expect(obscured).toEqual([]);
  await context.close();
});

test('the room kept below the page grows when the banner outgrows it (zoom, a narrow screen), never less than the banner', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto('/formations/vehicules-hybrides/');
  await scriptsReady(page);
  const room = () =>
    page.evaluate(() => ({
      kept: parseFloat(getComputedStyle(document.documentElement).paddingBottom),
      banner: document.querySelector('[data-consent-banner]')!.getBoundingClientRect().height,
    }));
  const first = await room();
  expect(first.kept).toBeGreaterThanOrEqual(first.banner);
  // A banner taller than the default 20rem (as with large text): the script measures it again.
  await page.locator('[data-consent-banner] p').evaluate((p) => {
    p.style.fontSize = '2rem';
  });
  await expect.poll(async () => {
    const r = await room();
    return r.banner > 320 && r.kept >= r.banner;
  }).toBe(true);
});
