// The site's promises through the Node server of `npm start`, in Chromium: the guide form with
// only its required fields leads to a working download of a valid tagged French PDF and leaves
// exactly one e-mail, with the link; the nurturing sequence starts only with the box ticked; a
// webinar page offers its calendar file; a past webinar's page is its replay page.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { mailsTo, nextWebinar } from './helpers';

const OUTBOX = '.data/e2e-outbox';
const env = (baseURL: string) => ({ ...process.env, LEADS_DB: '.data/e2e-leads.db', OUTBOX_DIR: OUTBOX, SITE_URL: baseURL, FORM_SECRET: 'e2e-secret' });

function automation(baseURL: string, ...args: string[]) {
  return execFileSync(process.execPath, ['--import', 'tsx', 'scripts/automation.ts', ...args], { env: env(baseURL), encoding: 'utf8' });
}
const unique = (label: string) => `${label}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.fr`;

for (const withBox of [false, true]) {
  test(`the guide form ${withBox ? 'with' : 'without'} the advice box: a tagged French PDF to download, one e-mail with the link${withBox ? ', the welcome sequence scheduled' : ', no sequence'}`, async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    const email = unique(withBox ? 'guide-box' : 'guide-only');
    await page.goto('/guide-gratuit/');
    const form = page.locator('form[data-lead-form]').first();
    await form.getByLabel('Prénom').fill('Inès');
    await form.getByLabel('Adresse e-mail').fill(email);
    if (withBox) await form.getByLabel(/J’accepte de recevoir/).check();
    await page.waitForTimeout(2_100);
    await form.getByRole('button', { name: /Télécharger le guide/ }).click();
    await expect(page).toHaveURL(withBox ? /\/merci\/guide\/conseils\/$/ : /\/merci\/guide\/$/);
    await expect(page.locator('h1')).toHaveText('Votre guide est prêt');
    await expect(page.getByText(withBox ? /Vous recevrez ensuite nos conseils/ : /vous ne recevrez rien d’autre de notre part/)).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le guide (PDF)' }).click()]);
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    const pdf = await getDocument({ data: bytes, useSystemFonts: false }).promise;
    expect(pdf.numPages).toBeGreaterThanOrEqual(12);
    // pdf.js returns the catalog's /MarkInfo as a Map.
    const mark = (await pdf.getMarkInfo()) as Map<string, unknown> | { Marked?: boolean } | null;
    expect(mark instanceof Map ? mark.get('Marked') : mark?.Marked).toBe(true);
    const { info } = (await pdf.getMetadata()) as { info: Record<string, unknown> };
    expect(info.Language).toBe('fr-FR');
    expect(info.Title).toBe('Devenir mécanicien automobile, même à distance');

    automation(baseURL!, 'tick', '--now', new Date(Date.now() + 60_000).toISOString());
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(String(mails[0]!.text)).toContain(`${baseURL}/guide/devenir-mecanicien-automobile-a-distance.pdf`);
    expect(mails[0]!.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(withBox);
    const status = automation(baseURL!, 'status', '--email', email);
    expect(status.includes('welcome/14-derniere')).toBe(withBox);
  });
}

test('a webinar page offers its calendar file, which a standard parser reads', async ({ page, request }) => {
  const slug = nextWebinar();
  await page.goto(`/webinaires/${slug}/`);
  const link = page.getByRole('link', { name: /Ajouter à mon agenda/ });
  await expect(link).toHaveAttribute('href', `/webinaires/${slug}.ics`);
  const res = await request.get(`/webinaires/${slug}.ics`);
  expect(res.headers()['content-type']).toContain('text/calendar');
  const calendar = new ICAL.Component(ICAL.parse(await res.text()));
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  expect(event.uid).toBe(`webinaire-${slug}@www.mecaformation.fr`);
  expect(event.summary).toMatch(/^Webinaire MécaFormation/);
  expect(event.endDate.toJSDate().getTime()).toBeGreaterThan(event.startDate.toJSDate().getTime());
  expect(String(calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('url'))).toContain(`/webinaires/${slug}/`);
});

test('a past webinar’s page is its replay page: registration closed, no offer in its JSON-LD', async ({ page }) => {
  await page.goto('/webinaires/vehicules-electriques-2026/');
  await expect(page.getByRole('heading', { name: /Replay bientôt disponible|Le replay est disponible/ })).toBeVisible();
  await expect(page.getByText('Les inscriptions sont closes.')).toBeVisible();
  await expect(page.locator('form[data-lead-form]')).toHaveCount(0);
  const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').allTextContents()).find((t) => t.includes('"Event"'))!);
  expect(ld.eventStatus).toBe('https://schema.org/EventScheduled');
  expect(ld.offers).toBeUndefined();
});
