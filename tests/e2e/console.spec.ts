// The team's console in Chromium, through the Node entry of `npm start`: an account made with the
// CLI, sign-in, the lead just submitted with its source and campaign, its score breakdown, its
// callback done, an enrolment, an erasure (gone from the store, on the suppression list), this
// month's KPIs against the targets with their charts; axe and the Nu Html Checker on every console
// page.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { emailHash } from '../../src/edge/signing';
import { formatErrors, validateDocuments } from '../../scripts/validate-html.mjs';
import { queryStore, scriptsReady } from './helpers';

const DB = '.data/e2e-leads.db';
const PASSWORD = 'Boite-de-Vitesse-2026';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// A person's browser: headless Chromium says « HeadlessChrome », which the audience counts as a robot.
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

const stamp = `${Date.now()}${Math.floor(Math.random() * 1e4)}`;
const ADMIN = `direction.${stamp}@mecaformation.fr`;
const SALES = `ventes.${stamp}@mecaformation.fr`;
const LEAD = `karim.${stamp}@example.fr`;
const OTHER = `effacer.${stamp}@example.fr`;

test.describe.configure({ mode: 'serial' });

/** Every console HTML document served to a page, as sent (POST results and error pages too). */
const served: Promise<[string, string]>[] = [];
function recordDocuments(page: Page) {
  page.on('response', (response) => {
    const url = new URL(response.url());
    const html = response.headers()['content-type']?.startsWith('text/html') && (response.status() < 300 || response.status() >= 400);
    if (response.request().resourceType() !== 'document' || !url.pathname.startsWith('/admin') || !html) return;
    served.push(response.text().then((text) => [`${served.length} ${response.request().method()} ${url.pathname}`, text]));
  });
  return page;
}

const violations = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(WCAG).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

function cli(args: string[]) {
  return execFileSync('node_modules/.bin/tsx', ['scripts/admin.ts', ...args], { env: { ...process.env, LEADS_DB: DB, ADMIN_PASSWORD: PASSWORD }, encoding: 'utf8' });
}
const query = queryStore;

async function submitCallback(page: Page, email: string, firstName: string) {
  // First touch: an ad's landing page with its UTM parameters, then the contact form.
  await page.goto('/formation-primo-arrivant-890-euros/?utm_source=google&utm_medium=cpc&utm_campaign=Primo_Arrivants');
  // The landing's scripts keep its campaign for the visit (they start after the first paint).
  await scriptsReady(page);
  await page.goto('/contact/');
  const form = page.locator('form[data-lead-form]').first();
  await form.getByLabel('Prénom').fill(firstName);
  await form.getByLabel('Adresse e-mail').fill(email);
  await form.getByLabel(/^Téléphone/).fill('06 98 76 54 32');
  await form.getByLabel('Moment préféré pour l’appel').selectOption('late');
  await page.waitForTimeout(2_100);
  await form.getByRole('button', { name: 'Être rappelé' }).click();
  await expect(page).toHaveURL(/\/merci\/demande\/$/);
  // The thank-you page's optional follow-up: the situation the short form no longer asks.
  const followUp = page.locator('form#form-profil');
  await expect(followUp.getByLabel('Adresse e-mail')).toHaveValue(email);
  await followUp.getByLabel(/^Votre situation/).selectOption('job-seeker');
  await page.waitForTimeout(2_100);
  await followUp.getByRole('button', { name: 'Envoyer ces précisions' }).click();
  await expect(page).toHaveURL(/\/merci\/profil\/$/);
}

async function signIn(page: Page, email: string) {
  await page.goto('/admin/');
  await expect(page).toHaveURL(/\/admin\/connexion\?retour=%2Fadmin%2F$/);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/admin\/$/);
}

test('the console end to end: CLI account, sign-in, lead, score, callback, enrolment, erasure, KPIs with charts; axe and vnu on every page', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const newPage = async () => recordDocuments(await (await browser.newContext({ baseURL, userAgent: DESKTOP_UA, locale: 'fr-FR' })).newPage());
  expect(cli(['create-user', '--email', ADMIN, '--role', 'admin'])).toContain('Compte créé');
  expect(cli(['create-user', '--email', SALES, '--role', 'sales'])).toContain('Compte créé');

  const visitor = await newPage();
  await submitCallback(visitor, LEAD, 'Karim');
  await submitCallback(await newPage(), OTHER, 'Paul');

  const page = await newPage();
  // The sign-in page, a wrong password first.
  await page.goto('/admin/connexion');
  expect(await violations(page)).toEqual([]);
  await page.getByLabel('Adresse e-mail').fill(ADMIN);
  await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toContainText('Adresse e-mail ou mot de passe incorrect.');
  expect(await violations(page)).toEqual([]);
  await signIn(page, ADMIN);
  await expect(page.locator('h1')).toHaveText('Tableau de bord');
  expect(await violations(page)).toEqual([]);

  // The lead just submitted, with its source and campaign.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Leads' }).click();
  await page.getByLabel('Recherche (nom, e-mail, téléphone)').fill(LEAD);
  await page.getByRole('button', { name: 'Filtrer' }).click();
  const row = page.locator('tbody tr', { hasText: LEAD });
  await expect(row).toContainText('google');
  await expect(row).toContainText('Primo_Arrivants');
  expect(await violations(page)).toEqual([]);

  // Its page: the score with the rule behind every point.
  await row.getByRole('link', { name: 'Karim' }).click();
  await expect(page.locator('h1')).toHaveText('Karim');
  const score = page.getByRole('region', { name: 'Règles qui donnent des points' });
  await expect(score.locator('tbody tr').first()).toBeVisible();
  // Where it came from: the ad's landing page, as its first touch (and its last non-direct one).
  await expect(page.getByRole('region', { name: 'Provenance' }).getByText('/formation-primo-arrivant-890-euros/')).toHaveCount(2);
  expect(await violations(page)).toEqual([]);

  // Its callback, done with a note.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Rappels' }).click();
  const task = page.locator('tbody tr', { hasText: 'Karim' });
  await expect(task).toContainText('06\u00a098\u00a076\u00a054\u00a032');
  // When the person asked to be called (the callback form's preferred time).
  await expect(task).toContainText('En fin de journée (17\u00a0h – 18\u00a0h)');
  expect(await violations(page)).toEqual([]);
  await task.getByLabel('Note d’appel').fill('Rappelé : dossier CAP envoyé');
  await task.getByRole('button', { name: 'Marquer fait' }).click();
  await expect(page.getByRole('status').first()).toContainText('Rappel marqué fait.');
  await expect(page.locator('tbody tr', { hasText: 'Karim' })).toContainText('Rappelé : dossier CAP envoyé');
  expect(query<{ status: string }>("SELECT t.status FROM tasks t JOIN leads l ON l.id = t.lead_id WHERE l.email = ?", LEAD)).toEqual([{ status: 'done' }]);

  // An enrolment with its amount and date.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Inscriptions' }).click();
  const enrol = page.locator('form[action="/admin/inscriptions"]');
  await enrol.getByLabel('E-mail du lead').fill(LEAD);
  await enrol.getByLabel('Montant (€)').fill('890');
  await enrol.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').first()).toContainText('Inscription enregistrée');
  await expect(page.locator('tbody tr', { hasText: 'Karim' })).toContainText('890\u00a0€');
  expect(await violations(page)).toEqual([]);

  // Erasure of the other lead: gone from the store, its address on the suppression list.
  await page.goto(`/admin/leads?q=${encodeURIComponent(OTHER)}`);
  await page.locator('tbody tr', { hasText: OTHER }).getByRole('link').first().click();
  await page.getByLabel('Tapez EFFACER pour confirmer').fill('EFFACER');
  await page.getByRole('button', { name: 'Effacer définitivement (RGPD)' }).click();
  await expect(page.getByRole('status').first()).toContainText('Données effacées');
  expect(query('SELECT id FROM leads WHERE email = ?', OTHER)).toEqual([]);
  expect(query('SELECT reason FROM suppression WHERE email_hash = ?', await emailHash(OTHER))).toEqual([{ reason: 'erasure' }]);

  // This month's KPIs against the plan's targets, with charts.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Indicateurs' }).click();
  await expect(page.locator('h1')).toContainText('Indicateurs du plan');
  await expect(page.getByText('Visiteurs uniques').first()).toBeVisible();
  await expect(page.getByText(/objectif 5\u202f000/).first()).toBeVisible();
  await expect(page.getByText('Non mesuré par le site').first()).toBeVisible();
  const charts = page.locator('svg[role="img"]');
  expect(await charts.count()).toBeGreaterThan(2);
  await expect(charts.first()).toHaveAttribute('aria-label', /.+/);
  expect(await violations(page)).toEqual([]);

  // Every other console page, axe-clean.
  for (const path of ['/admin/kpi?annee=2026', '/admin/audience', '/admin/experiences', '/admin/webinaires', '/admin/utilisateurs', '/admin/journal', '/admin/mot-de-passe', '/admin/reseaux-sociaux', '/admin/page-inconnue']) {
    await page.goto(path);
    expect(await violations(page), path).toEqual([]);
  }
  await expect(page.locator('h1')).toHaveText('Page introuvable');
  await page.goto('/admin/journal');
  await expect(page.locator('tbody')).toContainText('effacement');

  // A sales account may not erase: refused, and logged.
  const sales = await newPage();
  await signIn(sales, SALES);
  await sales.goto(`/admin/leads?q=${encodeURIComponent(LEAD)}`);
  await sales.locator('tbody tr', { hasText: LEAD }).getByRole('link').first().click();
  await expect(sales.getByText('L’effacement (RGPD) est réservé à l’administration.')).toBeVisible();
  expect(await violations(sales)).toEqual([]);
  await sales.goto('/admin/utilisateurs');
  await expect(sales.locator('h1')).toHaveText('Action réservée');
  expect(await violations(sales)).toEqual([]);
  // The HTML of every console page served above, valid (one JVM for all of them).
  const documents = Object.fromEntries(await Promise.all(served));
  expect(Object.keys(documents).length).toBeGreaterThan(15);
  expect(formatErrors(validateDocuments(documents))).toBe('');
});
