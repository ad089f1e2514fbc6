// The brand font (Figtree) is embedded in the stylesheet (src/styles/global.css): no font request
// at all, and no layout shift. `font-display: optional`: the first page of a visit may keep the
// metric-matched fallback (Chrome lays it out before the font is decoded) and is never redrawn; the
// next pages are drawn in Figtree from their first paint.
import { test, expect, type Page } from '@playwright/test';

/** The first word of the h1 as drawn, and the same word measured in Figtree and in the fallback. */
function firstWord(page: Page) {
  return page.evaluate(() => {
    const h1 = document.querySelector('h1')!;
    const text = [...h1.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && (n as Text).data.trim() !== '') as Text;
    const word = text.data.trim().split(/\s+/)[0]!;
    const range = document.createRange();
    range.setStart(text, text.data.indexOf(word));
    range.setEnd(text, text.data.indexOf(word) + word.length);
    const style = getComputedStyle(h1);
    const context = document.createElement('canvas').getContext('2d')!;
    const width = (family: string) => {
      context.font = `${style.fontWeight} ${style.fontSize} ${family}`;
      return context.measureText(word).width;
    };
    return { word, drawn: range.getBoundingClientRect().width, figtree: width('Figtree'), fallback: width('"Figtree Fallback DejaVu"') };
  });
}

const shifts = (page: Page) => page.evaluate(() => (window as unknown as { shifts: number }).shifts);

for (const [first, next] of [
  ['/', '/formations/cap-maintenance-vehicules/'],
  ['/blog/guide-complet-cap-mva-2027/', '/'],
] as const) {
  test(`${first} then ${next}: no font request, no layout shift; the next page is drawn in Figtree`, async ({ browser }) => {
    // A new context: nothing cached, as for a visitor coming from a search.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const fontRequests: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'font') fontRequests.push(r.url());
    });
    await page.addInitScript(() => {
      (window as unknown as { shifts: number }).shifts = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { value: number })[]) (window as unknown as { shifts: number }).shifts += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(first);
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300);
    expect(await shifts(page), `${first}: layout shift`).toBe(0);
    await page.goto(next);
    await page.evaluate(() => document.fonts.ready);
    const measured = await firstWord(page);
    expect(Math.abs(measured.figtree - measured.fallback), 'the two faces must differ for this check to mean anything').toBeGreaterThan(0.5);
    expect(Math.abs(measured.drawn - measured.figtree), JSON.stringify(measured)).toBeLessThan(0.5);
    await page.waitForTimeout(300);
    expect(await shifts(page), `${next}: layout shift`).toBe(0);
    expect(fontRequests).toEqual([]);
    await context.close();
  });
}
