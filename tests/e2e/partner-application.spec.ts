// A partner application in Chromium, through the Node entry of `npm start`: the /parrainage/ form
// asks no learner question, lands on its own thank-you page, sends the applicant the
// acknowledgement with the date of the answer and the team its notice; the console's « Partenaires »
// page lists it under « Candidatures à traiter », creates the code from it and marks the answer
// done. Axe on each page.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { E2E_DB as DB, E2E_OUTBOX as OUTBOX, mailsTo, queryStore, scriptsReady } from './helpers';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const stamp = `${Date.now()}${Math.floor(Math.random() * 1e4)}`;
const violations = async (page: Page) => (await new AxeBuilder({ page }).withTags(WCAG).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

const query = queryStore;

test('a partner application: its own form and thank-you page, the acknowledgement and the team’s notice, then the code created from it in the console', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const email = `nadia.${stamp}@example.fr`;
  // A learner's form sends the audience's « form started » beacon; a partner's does not.
  await page.addInitScript(() => {
    const send = navigator.sendBeacon.bind(navigator);
    const w = window as unknown as { starts: number };
    w.starts = 0;
    navigator.sendBeacon = (url, data) => {
      if (String(url).endsWith('/api/m') && data instanceof Blob) void data.text().then((t) => t.includes('"form-start"') && (w.starts += 1));
      return send(url, data);
    };
  });
  const starts = () => page.evaluate(() => (window as unknown as { starts: number }).starts);
  await page.goto('/contact/');
  await scriptsReady(page);
  await page.locator('form[data-lead-form]').first().getByLabel('Prénom').focus();
  await expect.poll(starts).toBe(1);
  await page.goto('/parrainage/');
  await scriptsReady(page);
  const form = page.locator('#form-parrainage');
  // No learner question on a partner's form.
  await expect(form.getByLabel(/Votre situation/)).toHaveCount(0);
  await expect(form.getByLabel(/Formation qui vous intéresse/)).toHaveCount(0);
  await form.getByLabel('Prénom').fill('Nadia');
  await form.locator('input[name="lastName"]').fill('Roux');
  await form.getByLabel('Adresse e-mail').fill(email);
  await form.getByLabel('Programme qui vous intéresse').selectOption('partenaires-garages');
  await form.getByLabel(/Votre activité ou votre audience/).fill('Garage à Lyon, deux apprentis par an.');
  await page.waitForTimeout(2_100);
  expect(await starts()).toBe(0);
  await form.getByRole('button', { name: 'Envoyer ma candidature' }).click();
  await expect(page).toHaveURL(/\/merci\/partenariat\/$/);
  await expect(page.locator('h1')).toHaveText('Votre candidature est bien reçue');
  await expect(page.getByText(/aucun lien n’est actif avant/)).toBeVisible();
  expect(await violations(page)).toEqual([]);

  // Stored as what it is: a partner application with its programme, and a task due for the answer.
  const [event] = query<{ kind: string; submitted: string; message: string }>('SELECT e.kind, e.submitted, e.message FROM lead_events e JOIN leads l ON l.id = e.lead_id WHERE l.email = ?', email);
  expect(event!.kind).toBe('partner');
  expect(JSON.parse(event!.submitted)).toMatchObject({ firstName: 'Nadia', lastName: 'Roux', programme: 'partenaires-garages' });
  expect(event!.message).toBe('Garage à Lyon, deux apprentis par an.');
  const [task] = query<{ request: string; status: string; due_at: string }>('SELECT t.request, t.status, t.due_at FROM tasks t JOIN leads l ON l.id = t.lead_id WHERE l.email = ?', email);
  expect(task).toMatchObject({ request: 'partner-application', status: 'open' });

  // The automation sends both e-mails.
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/automation.ts', 'tick', '--now', new Date(Date.now() + 60_000).toISOString()], {
    env: { ...process.env, LEADS_DB: DB, OUTBOX_DIR: OUTBOX, SITE_URL: baseURL!, FORM_SECRET: 'e2e-secret' },
    encoding: 'utf8',
  });
  const [ack] = await mailsTo(email);
  expect(ack?.subject).toBe('Nous avons bien reçu votre candidature');
  expect(String(ack!.text)).toContain('programme «\u202fGarages partenaires\u202f»');
  expect(String(ack!.text)).toMatch(/au plus tard le (lundi|mardi|mercredi|jeudi|vendredi) \d{1,2} /);
  const notice = (await mailsTo('conseil@mecaformation.fr')).find((m) => m.subject?.includes('Nadia Roux'));
  expect(notice?.subject).toMatch(/^Candidature de partenaire à traiter avant le /);
  expect(String(notice!.text)).toContain('Programme\u202f: Garages partenaires');
  expect(String(notice!.text)).not.toContain('Score');

  // The console: the application waits under « Candidatures à traiter »; one button creates the code.
  const admin = `candidatures.${stamp}@mecaformation.fr`;
  const password = 'Soupape-Bielle-2026';
  execFileSync('node_modules/.bin/tsx', ['scripts/admin.ts', 'create-user', '--email', admin, '--role', 'sales'], { env: { ...process.env, LEADS_DB: DB, ADMIN_PASSWORD: password }, encoding: 'utf8' });
  await page.goto('/admin/partenaires');
  await page.getByLabel('Adresse e-mail').fill(admin);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const row = page.locator('tbody tr', { hasText: email });
  await expect(row).toContainText('Garages partenaires');
  await expect(row).toContainText('Garage à Lyon, deux apprentis par an.');
  expect(await violations(page)).toEqual([]);
  const replay = await row.locator('form').evaluate((f: HTMLFormElement) => new URLSearchParams([...new FormData(f)].map(([k, v]) => [k, String(v)])).toString());
  await row.getByRole('button', { name: 'Créer le code de Nadia Roux' }).click();
  await expect(page.getByRole('status').first()).toContainText('Partenaire enregistré');
  await expect(page.locator('h1')).toContainText('Nadia Roux');
  const [done] = query<{ status: string; note: string }>('SELECT t.status, t.note FROM tasks t JOIN leads l ON l.id = t.lead_id WHERE l.email = ?', email);
  expect(done!.status).toBe('done');
  expect(done!.note).toMatch(/^partenaire [2-9B-Z]{4}-[2-9B-Z]{4} créé$/);
  const [partner] = query<{ programme: string; name: string }>('SELECT programme, name FROM partners WHERE email = ?', email);
  expect(partner).toEqual({ programme: 'partenaires-garages', name: 'Nadia Roux' });

  // Answered: no longer waiting, and the same button again is refused (409), nothing created twice.
  await page.goto('/admin/partenaires');
  await expect(page.locator('tbody tr', { hasText: email }).getByRole('button')).toHaveCount(0);
  const again = await page.evaluate(
    async (body) => (await fetch('/admin/partenaires', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' })).status,
    replay,
  );
  expect(again).toBe(409);
  expect(query('SELECT id FROM partners WHERE email = ?', email)).toHaveLength(1);
});
