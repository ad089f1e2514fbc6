// On-site search (/recherche/, pagefind): results as you type, true counts with « Afficher plus »,
// folded filters below the count, excerpts from the pages' own text, listings and legal pages out
// of the index, keyboard use, a phone's first screen, and the page without JavaScript.
import { test, expect, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { scriptsReady, sitemapPaths } from './helpers';
import { isSearchExcluded } from '../../src/lib/search-scope';

const results = (page: Page) => page.locator('[data-search-results] > li');
const resultLinks = (page: Page) => page.locator('[data-search-results] a[data-result-link]');
const count = (page: Page) => page.locator('[data-search-count]');
/** Every result's path, « Afficher plus » clicked until none is left. */
async function allResultPaths(page: Page): Promise<string[]> {
  const more = page.locator('[data-search-more]');
  while (await more.isVisible()) {
    const shown = await results(page).count();
    await more.click();
    await expect(results(page)).not.toHaveCount(shown);
  }
  return (await resultLinks(page).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname)));
}

test('results appear while typing, without Enter, and the address keeps the words', async ({ page }) => {
  await page.goto('/recherche/');
  await page.getByLabel('Mots recherchés').pressSequentially('hydrog', { delay: 40 });
  await expect(page.locator('[data-search-results] a[href="/formations/vehicules-hydrogene/"]')).toBeVisible();
  await expect(count(page)).toContainText('pour «\u202fhydrog\u202f»');
  await expect(page).toHaveURL(/\?q=hydrog$/);
  // Emptied, the field brings back the site's sections.
  await page.getByLabel('Mots recherchés').fill('');
  await expect(results(page)).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Parcourir le site' })).toBeVisible();
});

test('finds a training by an inflected form, from the header entry; Enter moves to the results', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Rechercher sur le site' }).click();
  await page.getByLabel('Mots recherchés').fill('calibrages');
  await page.getByLabel('Mots recherchés').press('Enter');
  await expect(page.locator('[data-search-results] a[href="/formations/calibrage-adas/"]')).toBeVisible();
  await expect(page.locator('[data-search-results]')).toBeFocused();
});

test('words typed before the search script runs are kept and searched (a fast visitor, a slow network)', async ({ page }) => {
  // The pages' scripts held back until the field is filled: they start after the visitor typed.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/_astro/*.js', async (route) => {
    await held;
    await route.continue();
  });
  // A module script holds DOMContentLoaded back: the page is used as soon as its field is there.
  await page.goto('/recherche/', { waitUntil: 'commit' });
  await page.getByLabel('Mots recherchés').fill('calibrages');
  release();
  await scriptsReady(page);
  await expect(page.getByLabel('Mots recherchés')).toHaveValue('calibrages');
  await expect(page.locator('[data-search-results] a[href="/formations/calibrage-adas/"]')).toBeVisible();
});

test('the count is the true total; « Afficher plus » loads the rest ten at a time and focuses the first new one', async ({ page }) => {
  await page.goto('/recherche/?q=formation');
  await expect(results(page)).toHaveCount(10);
  const total = Number(/^(\d+)/.exec((await count(page).textContent())!.replace(/\s/g, ''))![1]);
  expect(total).toBeGreaterThan(20);
  const more = page.locator('[data-search-more]');
  await expect(more).toHaveText(`Afficher 10\u00a0résultats de plus (${total - 10} restants)`);
  await more.click();
  await expect(results(page)).toHaveCount(20);
  await expect(resultLinks(page).nth(10)).toBeFocused();
  expect(await allResultPaths(page)).toHaveLength(total);
  await expect(more).toBeHidden();
});

test('listings, legal and thank-you pages are out of the index; the other sitemap pages are in', async ({ page }) => {
  const out = ['/', '/formations/', '/blog/', '/blog/page/2/', '/blog/categorie/financement/', '/webinaires/', '/guide/', '/mentions-legales/', '/cgv/', '/confidentialite/'];
  const kept = ['/formations/vehicules-hybrides/', '/blog/guide-complet-cap-mva-2027/', '/guide/financement/', '/webinaires/vehicules-hybrides/', '/tarifs-financement/', '/accessibilite/', '/pour-qui/garages/'];
  expect(out.filter((p) => !isSearchExcluded(p))).toEqual([]);
  expect(kept.filter(isSearchExcluded)).toEqual([]);
  // The build marks exactly the searchable pages (src/lib/search-scope.ts) and no noindex page.
  for (const path of sitemapPaths()) {
    const html = readFileSync(`dist${path}index.html`, 'utf8');
    expect(html.includes('data-pagefind-body'), path).toBe(!isSearchExcluded(path));
  }
  for (const file of ['merci/guide/index.html', 'merci/demande/index.html', '404.html', 'recherche/index.html']) expect(readFileSync(`dist/${file}`, 'utf8'), file).not.toContain('data-pagefind-body');
  // The index holds every page that opts in (fed to pagefind while it rendered), and no A/B copy.
  const html = (readdirSync('dist', { recursive: true }) as string[]).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind'));
  const variants = html.filter((f) => f.startsWith('_variants'));
  expect(variants.length).toBeGreaterThan(0);
  for (const file of variants) expect(readFileSync(`dist/${file}`, 'utf8'), file).not.toContain('data-pagefind-body');
  const optIn = html.filter((f) => readFileSync(`dist/${f}`, 'utf8').includes('data-pagefind-body'));
  const entry = JSON.parse(readFileSync('dist/pagefind/pagefind-entry.json', 'utf8')) as { languages: { fr: { page_count: number } } };
  expect(entry.languages.fr.page_count).toBe(optIn.length);
  for (const [query, excluded] of [
    ['mentions légales', ['/mentions-legales/']],
    ['conditions générales de vente', ['/cgv/']],
    ['données personnelles', ['/confidentialite/']],
    ['formations', ['/', '/formations/']],
    ['articles', ['/blog/', '/blog/page/2/']],
    ['votre guide est prêt', ['/merci/guide/', '/merci/guide/conseils/']],
  ] as const) {
    await page.goto(`/recherche/?q=${encodeURIComponent(query)}`);
    await expect(count(page)).not.toBeEmpty();
    const paths = await allResultPaths(page);
    expect(paths.filter((p) => (excluded as readonly string[]).includes(p) || p.startsWith('/merci/') || p.startsWith('/blog/categorie/')), query).toEqual([]);
  }
});

test('excerpts quote the page itself, not cards, forms or breadcrumbs', async ({ page }) => {
  // Before: every page with a form matched « prénom » (its label), and card text made excerpts
  // such as « Durée70 h. Tarif 1 290 € ».
  await page.goto('/recherche/?q=pr%C3%A9nom');
  await expect(count(page)).not.toBeEmpty();
  const paths = await allResultPaths(page);
  expect(paths.filter((p) => p.startsWith('/formations/') || p === '/contact/')).toEqual([]);
  await page.goto('/recherche/?q=tarif');
  await expect(results(page).first()).toBeVisible();
  const excerpts = await page.locator('[data-search-results] li p.mt-1').allTextContents();
  expect(excerpts.filter((e) => /Durée\s*\d+\s*h\.?\s*Tarif/.test(e) || /Accueil\s*›/.test(e))).toEqual([]);
});

test('filters are folded below the count and narrow the results by type', async ({ page }) => {
  await page.goto('/recherche/?q=hydrog%C3%A8ne');
  const filters = page.locator('[data-search-filters]');
  await expect(results(page).first()).toBeVisible();
  await expect(filters).not.toHaveAttribute('open');
  await expect(page.getByRole('checkbox').first()).toBeHidden();
  const before = await count(page).textContent();
  await filters.locator('summary').click();
  await page.getByRole('checkbox', { name: /^Article/ }).check();
  await expect(filters.locator('summary')).toContainText('(1\u00a0filtre actif)');
  await expect.poll(async () => [...new Set(await page.locator('[data-result-type]').allTextContents())]).toEqual(['Article']);
  await expect(count(page)).toContainText('avec ces filtres');
  await page.getByRole('button', { name: 'Retirer les filtres' }).click();
  await expect(count(page)).toHaveText(before!);
});

test('by keyboard: ↓ from the field to the results, ↑/↓ between them, ↑ back; the count is announced politely', async ({ page }) => {
  await page.goto('/recherche/');
  const field = page.getByLabel('Mots recherchés');
  await field.pressSequentially('hybride');
  await expect(results(page).first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(resultLinks(page).first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(resultLinks(page).nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(field).toBeFocused();
  const status = page.getByRole('status');
  await expect(status).toHaveText(/^\d+\u00a0résultats pour «\u202fhybride\u202f»$/);
  expect(await status.getAttribute('role')).toBe('status');
  // The results list itself is not a live region (it would be read out in full).
  expect(await page.locator('[aria-live]').count()).toBe(0);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the first result starts within the first screen, above the cookie banner', async ({ page }) => {
    await page.goto('/recherche/?q=hybride');
    await expect(results(page).first()).toBeVisible();
    const top = await results(page).first().evaluate((li) => li.getBoundingClientRect().top);
    const banner = await page.locator('[data-consent-banner]').evaluate((b) => b.getBoundingClientRect().top);
    expect(top).toBeLessThan(450);
    expect(top).toBeLessThan(banner);
  });
});

test('without JavaScript the page offers the site by section', async ({ browser, request }) => {
  // (Chromium with scripts turned off by Playwright does not render <noscript>: checked in the HTML.)
  expect(await (await request.get('/recherche/')).text()).toMatch(/<noscript><p[^>]*>La recherche instantanée a besoin de JavaScript\./);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/recherche/?q=hybride');
  const browse = page.locator('[data-search-browse]');
  for (const path of ['/formations/', '/tarifs-financement/', '/guide/', '/blog/', '/webinaires/', '/contact/', '/pour-qui/garages/']) {
    await expect(browse.locator(`a[href="${path}"]`)).toBeVisible();
  }
  await context.close();
});
