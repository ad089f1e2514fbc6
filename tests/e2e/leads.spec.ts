// Lead forms in Chromium, with and without JavaScript, checked in the store through the
// protected sales export (ADMIN_TOKEN of playwright.config.ts).
import { test, expect, type Page, type APIRequestContext } from '@playwright/test';
import { nextWebinar, scriptsReady } from './helpers';

const ADMIN = { Authorization: 'Bearer e2e-admin-token' };
const unique = (label: string) => `${label}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.fr`;

async function storedLead(request: APIRequestContext, email: string) {
  const res = await request.get('/api/admin/leads?since=1d', { headers: ADMIN });
  expect(res.status()).toBe(200);
  const { leads } = (await res.json()) as { leads: { email: string; lastKind: string; consentMarketing: boolean; lastTraining: string | null; region: string | null; ageBracket: string | null; phone: string | null }[] };
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
  // The guide and the callback do not ask for the last name.
  if (await form.locator('input[name="lastName"]').count()) await form.locator('input[name="lastName"]').fill('Martin');
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
  partner: { path: '/merci/partenariat/', title: 'Votre candidature est bien reçue' },
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
      await form.getByLabel('Moment préféré pour l’appel').selectOption('afternoon');
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
    kind: 'partner',
    fill: async (page, email) => {
      await base(page, email);
      await page.locator('form[data-lead-form]').first().getByLabel('Programme qui vous intéresse').selectOption('ambassadeurs-alumni');
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
  await scriptsReady(page);
  const form = page.locator('form[data-lead-form]').first();
  await form.getByLabel('Prénom').fill('Inès');
  await form.getByLabel('Adresse e-mail').fill('ines@exemple');
  await form.getByLabel(/^Téléphone/).fill('12');
  await form.getByRole('button', { name: 'Être rappelé' }).click();
  await expect(page).toHaveURL(/\/contact\/$/);
  const email = form.getByLabel('Adresse e-mail');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('[data-field-error="email"]')).toContainText('adresse e-mail');
  await expect(form.locator('[data-field-error="phone"]')).toContainText('numéro de téléphone français');
  // A visible error state, not colour alone: a thicker red border, an icon and the message.
  for (const name of ['email', 'phone']) {
    const field = form.locator(`[name="${name}"]`);
    expect(await field.evaluate((el) => [getComputedStyle(el).borderTopColor, getComputedStyle(el).borderTopWidth])).toEqual(['rgb(163, 18, 42)', '2px']);
    await expect(form.locator(`[data-field-error="${name}"] svg[aria-hidden="true"]`)).toBeVisible();
  }
  expect(await form.getByLabel('Prénom').evaluate((el) => getComputedStyle(el).borderTopWidth)).toBe('1px');
  expect(await storedLead(request, 'ines@exemple')).toBeUndefined();
});

test('the shortest forms: the guide asks 3 things, the callback 4 (the referral code folded aside), before the two consent boxes', async ({ page }) => {
  const asked = (path: string) =>
    page.goto(path).then(() =>
      page.locator('form[data-lead-form]').first().evaluate((form) =>
        [...form.querySelectorAll<HTMLInputElement>('input:not([type=hidden]):not([type=checkbox]), select, textarea')].filter((el) => el.offsetParent !== null && !el.closest('details:not([open])')).map((el) => el.name),
      ),
    );
  expect(await asked('/guide-gratuit/')).toEqual(['firstName', 'email', 'situation']);
  expect(await asked('/contact/')).toEqual(['firstName', 'phone', 'email', 'preferredTime']);
  expect(await asked('/formations/vehicules-hybrides/')).toEqual(['firstName', 'phone', 'email', 'preferredTime']);
  // On a training page the callback says which training, without a question.
  await expect(page.locator('form[data-lead-form] input[type=hidden][name="training"]')).toHaveValue('vehicules-hybrides');
  expect(await page.locator('form[data-lead-form] input[type=checkbox]').count()).toBe(2);
});

for (const viewport of [{ width: 390, height: 844 }, { width: 1366, height: 900 }]) {
  test(`at ${viewport.width} px, no list cuts any of its choices (the age list used to read « Je préfère n »)`, async ({ page }) => {
    await page.setViewportSize(viewport);
    for (const path of ['/inscription/', `/webinaires/${nextWebinar()}/`, '/contact/', '/formations/vehicules-hybrides/', '/guide-gratuit/', '/merci/guide/', '/merci/demande/']) {
      await page.goto(path);
      const cut = await page.locator('form[data-lead-form] select').evaluateAll((selects) =>
        (selects as HTMLSelectElement[]).flatMap((s) => {
          const probe = document.createElement('span');
          probe.style.font = getComputedStyle(s).font;
          probe.style.position = 'absolute';
          probe.style.whiteSpace = 'nowrap';
          document.body.append(probe);
          // Each choice, once chosen, must fit with the side padding and the arrow.
          const wide = [...s.options].filter((o) => {
            probe.textContent = o.text;
            return probe.getBoundingClientRect().width + 40 > s.clientWidth;
          });
          probe.remove();
          return wide.map((o) => `${s.name}: « ${o.text} » (${s.clientWidth} px)`);
        }),
      );
      expect(cut, path).toEqual([]);
    }
  });
}

for (const js of [true, false]) {
  test(`${js ? 'with' : 'without'} JavaScript, the thank-you page asks the rest, optional, and only fills what was missing`, async ({ browser, request }) => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const email = unique(`profil-${js ? 'js' : 'nojs'}`);
    await page.goto('/guide-gratuit/');
    const form = page.locator('form[data-lead-form]').first();
    await form.getByLabel('Prénom').fill('Inès');
    await form.getByLabel('Adresse e-mail').fill(email);
    await humanDelay(page);
    await form.getByRole('button', { name: /Télécharger le guide/ }).click();
    await expect(page).toHaveURL(/\/merci\/guide\/$/);
    const followUp = page.locator('form#form-profil');
    await expect(followUp.getByRole('button', { name: 'Compléter ma demande' })).toBeVisible();
    // With JavaScript the address of the request is already there (this tab only).
    if (js) await expect(followUp.getByLabel('Adresse e-mail')).toHaveValue(email);
    else await followUp.getByLabel('Adresse e-mail').fill(email);
    await followUp.getByLabel(/^Votre âge/).selectOption('26-30');
    await followUp.getByLabel(/^Votre région/).selectOption('Bretagne');
    await humanDelay(page);
    await followUp.getByRole('button', { name: 'Compléter ma demande' }).click();
    await expect(page).toHaveURL(/\/merci\/profil\/$/);
    await expect(page.locator('h1')).toHaveText('Merci pour ces précisions');
    expect(await storedLead(request, email)).toMatchObject({ email, region: 'Bretagne', ageBracket: '26-30', phone: null, lastKind: 'profile' });
    await context.close();
  });
}

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
