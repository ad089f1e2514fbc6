// A/B hero and CTA variants served by the edge: sticky, split near the weights, control on refusal.
import { test, expect } from '@playwright/test';

const VARIANT_B = 'Formation automobile à 890';
const CONTROL = 'Devenez expert en mécanique';

test('a consenting visitor keeps one variant over 20 visits', async ({ page, context }) => {
  await context.addCookies([{ name: 'mf_consent', value: 'accept', url: 'http://127.0.0.1' }]);
  const seen = new Set<string>();
  for (let i = 0; i < 20; i++) {
    await page.goto('/');
    seen.add((await page.locator('[data-hero-title]').textContent())!.replace(/\s+/g, ' ').trim());
  }
  expect(seen.size).toBe(1);
  const cookies = await context.cookies();
  const vid = cookies.find((c) => c.name === 'mf_vid')!;
  expect(vid.httpOnly).toBe(true);
  // 13 months at most.
  expect(vid.expires * 1000 - Date.now()).toBeLessThanOrEqual(396 * 86_400_000);
});

test('1 000 fresh consenting visitors split near the 50/50 weights', async ({ request }) => {
  let b = 0;
  for (let i = 0; i < 1000; i++) {
    const res = await request.get('/', { headers: { Cookie: 'mf_consent=accept' } });
    expect(res.headers()['cache-control']).toBe('private, no-cache');
    expect(res.headers()['vary'] ?? '').not.toMatch(/cookie/i);
    if ((await res.text()).includes(VARIANT_B)) b++;
  }
  expect(b).toBeGreaterThan(450);
  expect(b).toBeLessThan(550);
});

test('refusing in the banner gives the control and no measurement cookie', async ({ page, context }) => {
  await page.goto('/');
  const banner = page.getByRole('region', { name: 'Vos choix sur les cookies' });
  await expect(banner).toBeVisible();
  await expect(banner.getByRole('button', { name: 'Tout refuser' })).toBeVisible();
  await banner.getByRole('button', { name: 'Tout refuser' }).click();
  await expect(banner).toBeHidden();
  for (let i = 0; i < 5; i++) {
    await page.goto('/');
    await expect(page.locator('[data-hero-title]')).toHaveText(CONTROL);
    await expect(banner).toBeHidden();
  }
  expect((await context.cookies()).map((c) => c.name)).toEqual(['mf_consent']);
});

test('the choice can be changed without JavaScript from the privacy page', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/confidentialite/#gerer-cookies');
  await page.getByRole('main').getByRole('button', { name: 'Tout accepter' }).click();
  await expect(page).toHaveURL(/\/confidentialite\/$/);
  expect((await context.cookies()).find((c) => c.name === 'mf_consent')?.value).toBe('accept');
  // The choice is stored: the edge no longer shows the banner.
  await expect(page.getByRole('region', { name: 'Vos choix sur les cookies' })).toBeHidden();
  await context.close();
});

test('without JavaScript, the banner is there from the first paint and its buttons work', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/formations/');
  const banner = page.getByRole('region', { name: 'Vos choix sur les cookies' });
  await expect(banner).toBeVisible();
  await banner.getByRole('button', { name: 'Tout refuser' }).click();
  await expect(page).toHaveURL(/\/formations\/$/);
  expect((await context.cookies()).find((c) => c.name === 'mf_consent')?.value).toBe('refuse');
  await expect(banner).toBeHidden();
  await context.close();
});
