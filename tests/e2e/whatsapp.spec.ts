// The WhatsApp line in Chromium, through the Node entry of `npm start`: Meta's verification, two
// signed webhooks (« Bonjour », then « Demander un rappel »), the conversation and its callback in
// the console, axe on its pages; the site's wa.me links, digits only and prefilled.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';

const DB = '.data/e2e-leads.db';
const PASSWORD = 'Boite-de-Vitesse-2026';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
const stamp = `${Date.now()}${Math.floor(Math.random() * 1e4)}`;
const ADMIN = `whatsapp.${stamp}@mecaformation.fr`;
// A number of its own per run (the store outlives a test, not a run).
const WA = `3361${stamp.slice(-7).padStart(7, '0')}`;

const violations = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(WCAG).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

function webhook(message: Record<string, unknown>) {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '1098765432' }, contacts: [{ profile: { name: 'Nadia' }, wa_id: WA }], messages: [{ from: WA, timestamp: String(Math.floor(Date.now() / 1000) - 30), ...message }] } }] }],
  });
}
const signature = (body: string) => `sha256=${createHmac('sha256', 'e2e-app-secret').update(body).digest('hex')}`;

test('WhatsApp: verification, signed messages, the conversation and its callback in the console (axe)', async ({ browser, baseURL, request }) => {
  test.setTimeout(120_000);
  const verified = await request.get('/api/whatsapp?hub.mode=subscribe&hub.verify_token=e2e-verify-token&hub.challenge=424242');
  expect(verified.status()).toBe(200);
  expect(await verified.text()).toBe('424242');
  for (const message of [
    { id: `wamid.e2e.${stamp}.1`, type: 'text', text: { body: 'Bonjour' } },
    { id: `wamid.e2e.${stamp}.2`, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'menu/rappel', title: 'Demander un rappel' } } },
  ]) {
    const body = webhook(message);
    const res = await request.post('/api/whatsapp', { headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature(body) }, data: body });
    expect(res.status(), await res.text()).toBe(200);
  }
  const forged = await request.post('/api/whatsapp', { headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature('autre chose') }, data: webhook({ id: 'wamid.forged', type: 'text', text: { body: 'x' } }) });
  expect(forged.status()).toBe(401);

  execFileSync('node_modules/.bin/tsx', ['scripts/admin.ts', 'create-user', '--email', ADMIN, '--role', 'admin'], { env: { ...process.env, LEADS_DB: DB, ADMIN_PASSWORD: PASSWORD }, encoding: 'utf8' });
  const page = await (await browser.newContext({ baseURL, userAgent: DESKTOP_UA, locale: 'fr-FR' })).newPage();
  await page.goto('/admin/');
  await page.getByLabel('Adresse e-mail').fill(ADMIN);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/admin\/$/);

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'WhatsApp' }).click();
  await expect(page.locator('h1')).toHaveText('Conversations WhatsApp');
  const row = page.locator('tbody tr', { hasText: 'Nadia' });
  await expect(row).toContainText('Choix : Demander un rappel');
  expect(await violations(page)).toEqual([]);
  await row.getByRole('link').first().click();
  await expect(page.locator('h1')).toContainText('WhatsApp');
  // No access token in this run: the replies wait, and say why.
  await expect(page.getByText('WHATSAPP_TOKEN manquant').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Messages, du plus ancien au plus récent' })).toContainText('Merci de nous contacter');
  expect(await violations(page)).toEqual([]);

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Rappels' }).click();
  await expect(page.locator('tbody tr', { hasText: 'Nadia (WhatsApp)' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the site’s WhatsApp links: digits only, a prefilled message per quick reply on /contact/, the training’s page on its page', async ({ page }) => {
  await page.goto('/contact/');
  const links = page.locator('a[href^="https://wa.me/"]');
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(hrefs.length).toBe(5);
  for (const href of hrefs) expect(href).toMatch(/^https:\/\/wa\.me\/\d+(\?text=[^ ]+)?$/);
  expect(hrefs.map((h) => decodeURIComponent(h.split('?text=')[1] ?? ''))).toContain('Bonjour, je souhaite qu’un conseiller ou une conseillère me rappelle.');
  await page.goto('/formations/vehicules-hybrides/');
  const training = await page.getByRole('link', { name: 'écrivez-nous sur WhatsApp' }).getAttribute('href');
  expect(decodeURIComponent(training!.split('?text=')[1]!)).toContain('/formations/vehicules-hybrides/');
});
