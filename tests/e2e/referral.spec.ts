// The referral code in Chromium, through the Node entry of `npm start`: a partner made with
// `npm run partners -- add`, its link /parrainage/CODE/ and ?ref=CODE filling the visible
// « Code de parrainage (facultatif) » field, which the visitor can change or clear, with and
// without JavaScript; kept across pages only after the banner's consent; the lead carries the
// code; unknown codes and the partner's private page; axe on these pages.
import { test, expect, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';

const DB = '.data/e2e-leads.db';
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const stamp = `${Date.now()}${Math.floor(Math.random() * 1e4)}`;

test.describe.configure({ mode: 'serial' });

let code = '';
let space = '';
/** A lead of the no-JavaScript test that came with the code (its enrolment is recorded below). */
let referred = '';

function partners(args: string[], baseURL: string) {
  return execFileSync('node_modules/.bin/tsx', ['scripts/partners.ts', ...args], { env: { ...process.env, LEADS_DB: DB, SITE_URL: baseURL, FORM_SECRET: 'e2e-secret' }, encoding: 'utf8' });
}
function referralOf(email: string): string | null | undefined {
  const db = new DatabaseSync(DB, { readOnly: true });
  try {
    return (db.prepare('SELECT referral_code FROM leads WHERE email = ?').get(email) as { referral_code: string | null } | undefined)?.referral_code;
  } finally {
    db.close();
  }
}
const violations = async (page: Page) => (await new AxeBuilder({ page }).withTags(WCAG).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
const field = (page: Page) => page.locator('#form-invitation').getByLabel('Code de parrainage (facultatif)');

async function sendInvitation(page: Page, email: string) {
  const form = page.locator('#form-invitation');
  await form.getByLabel('Prénom').fill('Sofiane');
  await form.locator('input[name="lastName"]').fill('Haddad');
  await form.getByLabel('Adresse e-mail').fill(email);
  await form.getByLabel('Votre situation').selectOption('job-seeker');
  await page.waitForTimeout(2_100);
  await form.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(page).toHaveURL(/\/merci\//);
}
const context = (browser: Browser, baseURL: string | undefined, javaScriptEnabled = true) => browser.newContext({ baseURL, javaScriptEnabled, locale: 'fr-FR' });

test.beforeAll(({ baseURL }) => {
  const out = partners(['add', '--programme', 'alumni', '--name', 'Karim Benali', '--email', `karim.${stamp}@example.fr`], baseURL!);
  code = /Code : ([2-9B-Z]{4}-[2-9B-Z]{4})/.exec(out)![1]!;
  space = new URL(/Espace du partenaire \(lien privé\) : (\S+)/.exec(out)![1]!).pathname;
});

test('with JavaScript: the link fills the visible field, which can be changed or cleared; the lead carries the code', async ({ browser, baseURL }) => {
  const page = await (await context(browser, baseURL)).newPage();
  await page.goto(`/parrainage/${code.toLowerCase()}/`);
  await expect(page.getByRole('status').filter({ hasText: `Votre code de parrainage ${code} est valide` })).toBeVisible();
  await expect(field(page)).toBeVisible();
  await expect(field(page)).toHaveValue(code);
  expect(await violations(page)).toEqual([]);
  // Changed, then cleared: the visitor decides.
  await field(page).fill('ZZZZ-ZZZZ');
  await expect(field(page)).toHaveValue('ZZZZ-ZZZZ');
  await field(page).fill('');
  await expect(field(page)).toHaveValue('');
  // A typo is told next to the field (the edge checks the code), then fixed.
  await field(page).fill('ZZZZ-ZZZZ');
  const email = `filleul.js.${stamp}@example.fr`;
  const form = page.locator('#form-invitation');
  await form.getByLabel('Prénom').fill('Sofiane');
  await form.locator('input[name="lastName"]').fill('Haddad');
  await form.getByLabel('Adresse e-mail').fill(email);
  await form.getByLabel('Votre situation').selectOption('job-seeker');
  await page.waitForTimeout(2_100);
  await form.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(page.locator('[data-field-error="ref"]')).toContainText('n’existe pas ou n’est plus actif');
  await expect(field(page)).toBeFocused();
  await field(page).fill(code.replace('-', ' ').toLowerCase());
  await form.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(page).toHaveURL(/\/merci\//);
  expect(referralOf(email)).toBe(code);
});

test('with JavaScript: ?ref=CODE on any page fills its folded field; not kept on the next page without consent, kept with it, forgotten once cleared', async ({ browser, baseURL }) => {
  const page = await (await context(browser, baseURL)).newPage();
  await page.goto(`/contact/?ref=${code}`);
  const contact = page.locator('form[data-lead-form]').first().getByLabel('Code de parrainage (facultatif)');
  await expect(contact).toBeVisible();
  await expect(contact).toHaveValue(code);
  // No consent yet: the next page knows nothing of it, and no cookie was set.
  await page.goto('/guide-gratuit/');
  const guide = page.locator('form[data-lead-form]').first().getByLabel('Code de parrainage (facultatif)');
  await expect(guide).toBeHidden();
  await expect(guide).toHaveValue('');
  expect((await page.context().cookies()).some((c) => c.name === 'mf_ref')).toBe(false);
  // With consent (the banner), the code is kept across pages.
  await page.goto(`/contact/?ref=${code}`);
  await page.getByRole('button', { name: 'Tout accepter' }).click();
  await expect.poll(async () => (await page.context().cookies()).find((c) => c.name === 'mf_ref')?.value).toBe(code);
  await page.goto('/guide-gratuit/');
  await expect(guide).toBeVisible();
  await expect(guide).toHaveValue(code);
  // Cleared by the visitor: forgotten.
  await guide.fill('');
  await guide.blur();
  await expect.poll(async () => (await page.context().cookies()).some((c) => c.name === 'mf_ref')).toBe(false);
  await page.goto('/contact/');
  await expect(page.locator('form[data-lead-form]').first().getByLabel('Code de parrainage (facultatif)')).toHaveValue('');
});

test('without JavaScript: the edge fills the field from the link and from ?ref=; the visitor clears or keeps it; the lead carries what was sent', async ({ browser, baseURL }) => {
  const page = await (await context(browser, baseURL, false)).newPage();
  await page.goto(`/parrainage/${code}/`);
  await expect(field(page)).toBeVisible();
  await expect(field(page)).toHaveValue(code);
  const kept = `filleul.nojs.${stamp}@example.fr`;
  await sendInvitation(page, kept);
  expect(referralOf(kept)).toBe(code);
  referred = kept;

  await page.goto(`/parrainage/${code}/`);
  await field(page).fill('');
  const cleared = `sans.code.${stamp}@example.fr`;
  await sendInvitation(page, cleared);
  expect(referralOf(cleared)).toBeNull();

  await page.goto(`/inscription/?ref=${code.toLowerCase()}`);
  const enrolment = page.locator('form[data-lead-form]').first().getByLabel('Code de parrainage (facultatif)');
  await expect(enrolment).toBeVisible();
  await expect(enrolment).toHaveValue(code);
  await enrolment.fill('AB');
  await expect(enrolment).toHaveValue('AB');
});

test('an unknown code: the referral page says so (404), the field is empty; the private page shows the referral without the person; a bad token is a French 404', async ({ browser, baseURL }) => {
  const page = await (await context(browser, baseURL)).newPage();
  const res = await page.goto('/parrainage/ZZZZ-ZZZZ/');
  expect(res!.status()).toBe(404);
  await expect(page.getByRole('alert').filter({ hasText: 'n’existe pas ou n’est plus actif' })).toBeVisible();
  await expect(field(page)).toHaveValue('');
  expect(await violations(page)).toEqual([]);

  // The enrolment of a referred lead, recorded from the terminal: 2 490 € today.
  const recorded = execFileSync('node_modules/.bin/tsx', ['scripts/automation.ts', 'complete-enrolment', '--email', referred, '--amount', '2490'], { env: { ...process.env, LEADS_DB: DB, OUTBOX_DIR: '.data/e2e-outbox' }, encoding: 'utf8' });
  expect(recorded).toContain(`code de parrainage ${code}`);
  const own = await page.goto(space);
  expect(own!.status()).toBe(200);
  await expect(page.locator('h1')).toHaveText('Votre espace partenaire');
  await expect(page.getByText(code).first()).toBeVisible();
  await expect(page.locator('tbody tr').first()).toContainText('en délai de rétractation');
  await expect(page.locator('tbody tr').first()).toContainText('2\u202f490\u00a0€');
  await expect(page.locator('dd', { hasText: 'dû à la fin du délai' })).toHaveText('100\u00a0€ dont 100\u00a0€ en délai de rétractation (dû à la fin du délai)');
  await expect(page.locator('body')).not.toContainText('Sofiane');
  await expect(page.locator('body')).not.toContainText('Haddad');
  expect(await violations(page)).toEqual([]);
  const bad = await page.goto(space.replace(/(.)\/$/, (_, last: string) => `${last === 'A' ? 'B' : 'A'}/`));
  expect(bad!.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Espace partenaire introuvable');
});

test('the console’s « Partenaires » pages: a partner added from the form, its statement and links; axe on each', async ({ browser, baseURL }) => {
  const admin = `partenaires.${stamp}@mecaformation.fr`;
  const password = 'Soupape-Bielle-2026';
  execFileSync('node_modules/.bin/tsx', ['scripts/admin.ts', 'create-user', '--email', admin, '--role', 'admin'], { env: { ...process.env, LEADS_DB: DB, ADMIN_PASSWORD: password }, encoding: 'utf8' });
  const page = await (await context(browser, baseURL)).newPage();
  await page.goto('/admin/partenaires');
  await page.getByLabel('Adresse e-mail').fill(admin);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.locator('h1')).toHaveText('Partenaires : parrainage et affiliation');
  await expect(page.locator('tbody tr', { hasText: code })).toContainText('Karim Benali');
  expect(await violations(page)).toEqual([]);
  await page.getByLabel('Programme').selectOption('partenaires-garages');
  await page.getByLabel('Nom (personne ou garage)').fill('Garage du Centre');
  await page.getByLabel('E-mail').fill(`garage.${stamp}@example.fr`);
  await page.getByRole('button', { name: 'Créer le code', exact: true }).click();
  await expect(page.getByRole('status').first()).toContainText('Partenaire enregistré');
  await expect(page.locator('h1')).toContainText('Garage du Centre');
  await expect(page.getByText(/\/parrainage\/[2-9B-Z]{4}-[2-9B-Z]{4}\//).first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.goto('/admin/partenaires');
  await page.locator('tbody tr', { hasText: code }).getByRole('link', { name: code }).click();
  await expect(page.locator('tbody tr').first()).toContainText('2\u202f490\u00a0€');
  await expect(page.locator('dd', { hasText: 'encore en délai de rétractation' })).toHaveText('100\u00a0€ dont 100\u00a0€ encore en délai de rétractation');
  expect(await violations(page)).toEqual([]);
});
