// Lead forms in Chromium, with and without JavaScript, checked in the store through the
// protected sales export (ADMIN_TOKEN of playwright.config.ts).
import { test, expect, type Page, type APIRequestContext } from '@playwright/test';
import { nextWebinar } from './helpers';

const ADMIN = { Authorization: 'Bearer e2e-admin-token' };
const unique = (label: string) => `${label}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.fr`;

async function storedLead(request: APIRequestContext, email: string) {
  const res = await request.get('/api/admin/leads?since=1d', { headers: ADMIN });
  expect(res.status()).toBe(200);
  const { leads } = (await res.json()) as { leads: { email: string; lastKind: string; consentMarketing: boolean; lastTraining: string | null }[] };
  return leads.find((l) => l.email === email);
}

// The edge refuses forms sent faster than a person could fill them (2 s).
const humanDelay = (page: Page) => page.waitForTimeout(2_100);

interface FormCase {
  path: string;
  kind: string;
  fill: (page: Page, email: string) => Promise<void>;
}

const base = async (page: Page, email: string, form = page.locator('form[data-lead-form]').first()) => {
  await form.getByLabel('Prénom').fill('Inès');
  await form.locator('input[name="lastName"]').fill('Martin');
  await form.getByLabel('Adresse e-mail').fill(email);
};
const THANKS: Record<string, { path: string; title: string }> = {
  guide: { path: '/merci/guide/conseils/', title: 'Votre guide est prêt' },
  callback: { path: '/merci/demande/', title: 'Votre demande est bien reçue' },
  info: { path: '/merci/demande/', title: 'Votre demande est bien reçue' },
  'garage-quote': { path: '/merci/demande/', title: 'Votre demande est bien reçue' },
  webinar: { path: '/merci/webinaire/', title: 'Votre place est réservée' },
  newsletter: { path: '/merci/lettre/', title: 'confirmez votre inscription' },
  enrolment: { path: '/merci/inscription/', title: 'Votre demande d’inscription est enregistrée' },
};
const cases: FormCase[] = [
  { path: '/guide-gratuit/', kind: 'guide', fill: async (page, email) => base(page, email) },
  {
    path: '/contact/',
    kind: 'callback',
    fill: async (page, email) => {
      await base(page, email);
      const form = page.locator('form[data-lead-form]').first();
      await form.getByLabel(/^Téléphone/).fill('06 12 34 56 78');
      await form.getByLabel('Votre situation').selectOption('job-seeker');
    },
  },
  { path: `/webinaires/${nextWebinar()}/`, kind: 'webinar', fill: async (page, email) => {
    await base(page, email);
    await page.locator('form[data-lead-form]').first().getByLabel('Votre situation').selectOption('employee-other-sector');
  } },
  { path: '/blog/', kind: 'newsletter', fill: async (page, email) => base(page, email) },
  {
    path: '/pour-qui/garages/',
    kind: 'garage-quote',
    fill: async (page, email) => {
      await base(page, email);
      const form = page.locator('form[data-lead-form]').first();
      await form.getByLabel(/^Téléphone/).fill('+33 1 84 60 00 00');
      await form.getByLabel('Nom du garage').fill('Garage du Centre');
      await form.getByLabel('Nombre de personnes à former').selectOption('4-8');
    },
  },
  {
    path: '/inscription/?formation=vehicules-hybrides',
    kind: 'enrolment',
    fill: async (page, email) => {
      await base(page, email);
      await page.locator('form[data-lead-form]').first().getByLabel('Votre situation').selectOption('first-job');
    },
  },
  {
    path: '/parrainage/',
    kind: 'info',
    fill: async (page, email) => {
      await base(page, email);
      await page.locator('form[data-lead-form]').first().getByLabel('Votre situation').selectOption('automotive-employee');
    },
  },
];

for (const js of [true, false]) {
  test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled: js });
    for (const c of cases) {
      test(`the ${c.kind} form of ${c.path} submits and the lead is stored`, async ({ page, request }) => {
        const email = unique(`${c.kind}-${js ? 'js' : 'nojs'}`);
        await page.goto(c.path);
        await c.fill(page, email);
        if (c.kind === 'guide') await page.getByLabel(/J’accepte de recevoir/).first().check();
        await humanDelay(page);
        await page.locator('form[data-lead-form]').first().getByRole('button', { name: /./ }).last().click();
        // Each kind of request has its own thank-you page, saying what was sent.
        const thanks = THANKS[c.kind]!;
        await expect(page).toHaveURL(new RegExp(`${thanks.path.replace(/\//g, '\\/')}$`));
        await expect(page.locator('h1')).toContainText(thanks.title);
        const lead = await storedLead(request, email);
        expect(lead, email).toMatchObject({ email, lastKind: c.kind });
        if (c.kind === 'guide') expect(lead!.consentMarketing).toBe(true);
        if (c.kind === 'enrolment' && js) expect(lead!.lastTraining).toBe('vehicules-hybrides');
      });
    }
  });
}

test('with JavaScript, errors appear next to the fields and nothing is sent', async ({ page, request }) => {
  await page.goto('/contact/');
  const form = page.locator('form[data-lead-form]').first();
  await form.getByLabel('Prénom').fill('Inès');
  await form.locator('input[name="lastName"]').fill('Martin');
  await form.getByLabel('Adresse e-mail').fill('ines@exemple');
  await form.getByLabel(/^Téléphone/).fill('12');
  await form.getByRole('button', { name: 'Être rappelé' }).click();
  await expect(page).toHaveURL(/\/contact\/$/);
  const email = form.getByLabel('Adresse e-mail');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('[data-field-error="email"]')).toContainText('adresse e-mail');
  await expect(form.locator('[data-field-error="phone"]')).toContainText('numéro de téléphone français');
  expect(await storedLead(request, 'ines@exemple')).toBeUndefined();
});

test('without JavaScript, a French page lists the errors and keeps what was typed', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/guide-gratuit/');
  const form = page.locator('form[data-lead-form]').first();
  // The browser's own checks pass (a required text and a valid address); the server's rules do not.
  await form.getByLabel('Prénom').fill('Inès www.promo.example');
  await form.getByLabel('Adresse e-mail').fill('ines.nojs@example.fr');
  await humanDelay(page);
  const [response] = await Promise.all([page.waitForResponse('**/api/leads'), form.getByRole('button', { name: /Télécharger le guide/ }).click()]);
  expect(response.status()).toBe(422);
  await expect(page.locator('h1')).toHaveText('Quelques informations à corriger');
  await expect(page.locator('main li').first()).toContainText('liens ne sont pas acceptés');
  await expect(page.locator('input[name="email"]')).toHaveValue('ines.nojs@example.fr');
  await expect(page.locator('input[name="firstName"]')).toHaveValue('Inès www.promo.example');
  // Corrected, the same page sends the lead.
  await page.locator('input[name="firstName"]').fill('Inès');
  await page.getByRole('button', { name: 'Envoyer' }).click();
  await expect(page).toHaveURL(/\/merci\/guide\/$/);
  await context.close();
});
