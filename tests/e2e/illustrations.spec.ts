// The illustrations fetched only after the first paint (src/components/ui/Illustration.astro,
// `lazy`; src/lib/deferred-images.ts): none is requested before the pages' module, each appears
// once the scripts ran, at the size its placeholder kept; without JavaScript the <noscript> copy
// is the image.
import { test, expect, type Page } from '@playwright/test';
import { scriptsReady } from './helpers';

const PAGES = ['/', '/formations/maintenance-vehicules-electriques/'];
const ILLUSTRATION = /\/_astro\/(audience|tech|spot)-[\w-]+\.[\w-]+\.svg$/;

/** The boxes of the page's illustration images (waiting or not), in document order. */
const boxes = (page: Page) =>
  page.locator('img[data-src], img[src^="/_astro/"]').evaluateAll((imgs) =>
    imgs.map((img) => {
      const r = img.getBoundingClientRect();
      return { src: img.getAttribute('data-src') ?? img.getAttribute('src'), x: Math.round(r.x), y: Math.round(r.y + scrollY), width: Math.round(r.width), height: Math.round(r.height) };
    }),
  );

for (const path of PAGES) {
  test(`${path}: the illustrations wait for the pages' scripts, then appear`, async ({ page, request }) => {
    const html = await (await request.get(path)).text();
    const deferred = [...html.matchAll(/<img src="(data:image\/svg\+xml,[^"]+)" data-src="([^"]+)"[^>]*><noscript><img src="([^"]+)"/g)];
    expect(deferred.length).toBeGreaterThan(0);
    for (const [, placeholder, src, fallback] of deferred) {
      expect(src).toMatch(ILLUSTRATION);
      expect(fallback, 'the <noscript> copy shows the same file').toBe(src);
      expect(placeholder).toMatch(/viewBox='0%200%20\d+%20\d+'/);
    }
    // No illustration outside <noscript> but these (a plain <img> would be fetched before the paint).
    expect(html.replace(/<noscript>.*?<\/noscript>/gs, '').match(/<img\b[^>]*?\ssrc="\/_astro\/(audience|tech|spot)-/g)).toBeNull();

    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(path);
    await scriptsReady(page);
    const module = requests.findIndex((p) => /\/_astro\/PageScripts\.[^/]+\.js$/.test(p));
    expect(module, 'the pages’ module was requested').toBeGreaterThan(-1);
    expect(requests.slice(0, module).filter((p) => ILLUSTRATION.test(p)), 'illustrations requested before the pages’ module').toEqual([]);
    await expect(page.locator('img[data-src]')).toHaveCount(0);

    // Every one loads once near the screen (native lazy loading), in place of its placeholder.
    const imgs = page.locator('main img[src^="/_astro/"]');
    const count = await imgs.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const img = imgs.nth(i);
      if (!(await img.isVisible())) continue;
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { message: await img.getAttribute('src') ?? '' }).toBe(true);
    }
  });

  test(`${path}: the placeholders keep each illustration's box (no layout shift)`, async ({ page, browser, baseURL }) => {
    // Without the pages' module the placeholders stay: their boxes against those of the images.
    await page.route(/\/_astro\/PageScripts\.[^/]+\.js$/, (route) => route.abort());
    await page.goto(path);
    await page.waitForLoadState('load');
    await page.evaluate(() => document.fonts.ready);
    await expect(page.locator('img[data-src]').first()).toBeAttached();
    const before = await boxes(page);
    expect(before.length).toBeGreaterThan(0);

    const context = await browser.newContext({ baseURL, viewport: page.viewportSize() ?? undefined, locale: 'fr-FR' });
    const loaded = await context.newPage();
    await loaded.goto(path);
    await scriptsReady(loaded);
    await loaded.evaluate(() => document.fonts.ready);
    expect(await boxes(loaded)).toEqual(before);
    await context.close();
  });

  test(`${path}: without JavaScript the <noscript> copies are the illustrations`, async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(path);
    const placeholders = page.locator('img[data-src]');
    const count = await placeholders.count();
    expect(count).toBeGreaterThan(0);
    for (const placeholder of await placeholders.all()) await expect(placeholder).toBeHidden();
    // Without scripting the <noscript> content is parsed: one real <img> per placeholder.
    const copies = page.locator('noscript > img[src^="/_astro/"]');
    await expect(copies).toHaveCount(count);
    const first = copies.filter({ visible: true }).first();
    await first.scrollIntoViewIfNeeded();
    await expect.poll(() => first.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    await context.close();
  });
}
