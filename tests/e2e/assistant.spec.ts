// The site's assistant in Chromium, through the Node entry: nothing loads before the launcher is
// used; scenario, passage and hand-over answers; the callback form lands a lead; keyboard only and
// axe on the open dialog. And the question set (content/questions/questions.yaml): every question
// answered with a link to its page, from the index the build wrote, compared with pagefind.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { answer, unpackIndex } from '../../src/assistant/engine';
import { parseQuestions } from '../../src/assistant/questions';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const ADMIN = { Authorization: 'Bearer e2e-admin-token' };
const prices = parse(readFileSync('content/marketing/prices.yaml', 'utf8')) as { offers: Record<string, { amount: number }> };
const euros = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(n).replace(/\s/g, '\u202f');
const questions = parseQuestions(parse(readFileSync('content/questions/questions.yaml', 'utf8')));

// The cookie choice is made: the launcher waits while the banner asks.
test.beforeEach(async ({ context, baseURL }) => {
  await context.addCookies([{ name: 'mf_consent', value: 'refuse', url: baseURL! }]);
});

async function open(page: Page) {
  await page.getByRole('button', { name: 'Une question ?' }).click();
  const dialog = page.getByRole('dialog', { name: 'Une question ?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Votre question')).toBeFocused();
  return dialog;
}
async function ask(page: Page, question: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Votre question').fill(question);
  await dialog.getByRole('button', { name: 'Envoyer' }).click();
  await expect(dialog.locator('.assistant-assistant[aria-busy]')).toHaveCount(0);
  return dialog.locator('.assistant-assistant').last();
}

test('the launcher waits while the cookie banner asks, then appears', async ({ browser, baseURL }) => {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Vos choix sur les cookies' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Une question ?' })).toBeHidden();
  await page.getByRole('button', { name: /refuser/i }).first().click();
  await expect(page.getByRole('button', { name: 'Une question ?' })).toBeVisible();
});

test('no assistant script nor data loads before the launcher is used', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto('/formations/');
  await page.waitForLoadState('networkidle');
  expect(requests.filter((p) => /assistant/.test(p))).toEqual([]);
  await open(page);
  await expect.poll(() => requests.filter((p) => /assistant/.test(p)).length).toBeGreaterThan(0);
});

test('« combien ça coûte ? » gets the pricing scenario with the prices of prices.yaml and its follow-ups; axe finds nothing in the open dialog', async ({ page }) => {
  await page.goto('/');
  await open(page);
  const reply = await ask(page, 'combien ça coûte ?');
  await expect(reply).toContainText(`${euros(prices.offers['primo-arrivant']!.amount)}\u00a0€`);
  await expect(reply).toContainText(`${euros(prices.offers['equipe-garage']!.amount)}\u00a0€`);
  await expect(reply.getByRole('button', { name: 'Les financements possibles' })).toBeVisible();
  await expect(reply.getByRole('link', { name: 'S’inscrire' })).toHaveAttribute('href', '/inscription/');
  const violations = (await new AxeBuilder({ page }).withTags(WCAG).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations).toEqual([]);
  // A follow-up asks the next question.
  await reply.getByRole('button', { name: 'Les financements possibles' }).click();
  await expect(page.getByRole('dialog').locator('.assistant-assistant').last()).toContainText(/CPF|OPCO|financ/);
});

test('« habilitation électrique B2VL » gets a passage of the right training with a link to its section', async ({ page }) => {
  await page.goto('/contact/');
  await open(page);
  const reply = await ask(page, 'habilitation électrique B2VL');
  const link = reply.getByRole('link', { name: /^Lire la suite/ });
  await expect(link).toHaveAttribute('href', /^\/formations\/habilitation-electrique-vehicules\/#/);
  await link.click();
  await expect(page).toHaveURL(/\/formations\/habilitation-electrique-vehicules\/#/);
});

test('a question nobody can answer hands over: WhatsApp prefilled (digits only), a callback form that lands a lead, the hours', async ({ page, request }) => {
  await page.goto('/tarifs-financement/');
  await open(page);
  const question = 'Quel temps fera-t-il demain à Lyon ?';
  const reply = await ask(page, question);
  await expect(reply).toContainText('Je n’ai pas de réponse sûre');
  const wa = reply.getByRole('link', { name: 'Parler à un conseiller sur WhatsApp' });
  const href = (await wa.getAttribute('href'))!;
  expect(href).toMatch(/^https:\/\/wa\.me\/\d+\?text=/);
  expect(decodeURIComponent(new URL(href).searchParams.get('text')!)).toContain(question);
  expect(new URL(href).searchParams.get('text')).toContain('/tarifs-financement/');
  await expect(reply).toContainText('du lundi au vendredi');
  await reply.locator('summary', { hasText: 'Être rappelé' }).click();
  const email = `assistant.${Date.now()}@example.fr`;
  await reply.getByLabel('Prénom').fill('Nadia');
  await reply.getByLabel('Téléphone').fill('06 11 22 33 44');
  await reply.getByLabel(/^Adresse e-mail/).fill(email);
  await reply.getByLabel('Moment préféré pour l’appel').selectOption('morning');
  await page.waitForTimeout(2_100);
  await reply.getByRole('button', { name: 'Demander à être rappelé' }).click();
  await expect(reply).toContainText('C’est noté');
  const { leads } = (await (await request.get('/api/admin/leads?since=1d', { headers: ADMIN })).json()) as { leads: { email: string; lastKind: string }[] };
  expect(leads.find((l) => l.email === email)).toMatchObject({ lastKind: 'callback' });
});

test('keyboard only: the launcher opens the dialog, Escape closes it and the focus goes back to the launcher', async ({ page }) => {
  await page.goto('/formations/');
  const launcher = page.getByRole('button', { name: 'Une question ?' });
  await launcher.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Une question ?' });
  await expect(dialog.getByLabel('Votre question')).toBeFocused();
  await page.keyboard.type('prix');
  await page.keyboard.press('Enter');
  await expect(dialog.locator('[role="log"]')).toContainText('primo-arrivants');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(launcher).toBeFocused();
});

test('the question set: every question gets a link to its page (the index of the build); pagefind measured alongside', async ({ page }) => {
  const index = unpackIndex(JSON.parse(readFileSync('dist/assistant/index.json', 'utf8')));
  const { scenarios } = JSON.parse(readFileSync('dist/assistant/data.json', 'utf8'));
  const linkOf = (a: ReturnType<typeof answer>) => (a.kind === 'passage' ? a.url : a.kind === 'scenario' ? a.related?.url : undefined);
  const missed = questions.filter((q) => linkOf(answer(q.question, { scenarios, index }))?.split('#')[0] !== q.page).map((q) => q.question);
  const variants = questions.flatMap((q) => q.variants.map((v) => ({ v, page: q.page })));
  const variantHits = variants.filter(({ v, page }) => linkOf(answer(v, { scenarios, index }))?.split('#')[0] === page).length;
  // pagefind, the site's search, on the same questions (first result's page).
  await page.goto('/recherche/');
  const pagefindHits = await page.evaluate(async (qs) => {
    const pf = await import('/pagefind/pagefind.js' as string);
    let hits = 0;
    for (const q of qs) {
      const r = await pf.search(q.question);
      const first = r.results[0] ? await r.results[0].data() : null;
      if (first && new URL(first.url, location.origin).pathname === q.page) hits++;
    }
    return hits;
  }, questions.map((q) => ({ question: q.question, page: q.page })));
  console.log(`assistant: ${questions.length - missed.length}/${questions.length} questions and ${variantHits}/${variants.length} rephrasings answered with their page; pagefind's first result: ${pagefindHits}/${questions.length}`);
  expect(questions.length).toBeGreaterThanOrEqual(40);
  expect(missed).toEqual([]);
  expect(variantHits / variants.length).toBeGreaterThanOrEqual(0.85);
});
