// Paid search in Chromium, through the Node entry of `npm start`: a Google Ads URL (utm and gclid)
// with JavaScript off → the landing page's form → the lead carries them (sales export) → `npm run
// report -- ads-conversions` lists it in Google's format. With JavaScript on, the form script keeps
// what the edge wrote, and the next page's form gets the visit's attribution.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { zonedDateTime } from '../../src/lib/zoned';

const DB = '.data/e2e-leads.db';
const ADMIN = { Authorization: 'Bearer e2e-admin-token' };
const LANDING = '/formation-primo-arrivant-890-euros/';
const stamp = `${Date.now()}${Math.floor(Math.random() * 1e4)}`;

interface Touch { at: string; utm_source?: string; utm_medium?: string; utm_campaign?: string; gclid?: string; entryPage?: string; landingPage?: string }
async function storedLead(request: APIRequestContext, email: string) {
  const res = await request.get('/api/admin/leads?since=1d', { headers: ADMIN });
  expect(res.status()).toBe(200);
  const { leads } = (await res.json()) as { leads: { email: string; firstTouch: Touch | null; lastTouch: Touch | null }[] };
  return leads.find((l) => l.email === email);
}

test('JavaScript off: an Ads URL → the landing page’s form → the lead carries utm and gclid → the Google Ads conversions file lists it', async ({ browser, request }) => {
  const gclid = `E2e-${stamp}`;
  const email = `ads.${stamp}@example.fr`;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${LANDING}?utm_source=google&utm_medium=cpc&utm_campaign=Primo_Arrivants&gclid=${gclid}`);
  const form = page.locator('form[data-lead-form]').first();
  // The edge wrote the click into the form (no script ran).
  await expect(form.locator('input[name="gclid"]')).toHaveValue(gclid);
  await expect(form.locator('input[name="utm_campaign"]')).toHaveValue('Primo_Arrivants');
  await form.getByLabel('Prénom').fill('Samir');
  await form.getByLabel('Adresse e-mail').fill(email);
  await page.waitForTimeout(2_100);
  await form.getByRole('button', { name: /./ }).last().click();
  await expect(page).toHaveURL(/\/merci\/guide\/$/);
  await context.close();

  const lead = await storedLead(request, email);
  const touch = { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'Primo_Arrivants', gclid, entryPage: LANDING, landingPage: LANDING };
  expect(lead?.firstTouch).toMatchObject(touch);
  expect(lead?.lastTouch).toMatchObject(touch);

  // The CLI on the e2e store, as the team runs it before an upload to Google Ads.
  const csv = execFileSync('node_modules/.bin/tsx', ['scripts/report.ts', 'ads-conversions', '--since', '1d'], { env: { ...process.env, LEADS_DB: DB }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = csv.split('\r\n');
  expect(lines.slice(0, 2)).toEqual(['Parameters:TimeZone=Europe/Paris', 'Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency']);
  expect(lines).toContain(`${gclid},Lead,${zonedDateTime(new Date(lead!.firstTouch!.at))},,`);
  expect(lines.at(-1)).toBe('');
});

test('JavaScript on: the script keeps the edge’s values on the landing page, and carries the visit to the next page’s form', async ({ page }) => {
  const gclid = `E2eJs-${stamp}`;
  await page.goto(`${LANDING}?utm_source=google&utm_medium=cpc&utm_campaign=Primo_Arrivants&gclid=${gclid}`);
  const form = page.locator('form[data-lead-form]').first();
  await expect(form.locator('input[name="gclid"]')).toHaveValue(gclid);
  await expect(form.locator('input[name="entryPage"]')).toHaveValue(LANDING);
  // One field each: the script added none of its own next to the edge's.
  await expect(form.locator('input[name="utm_source"]')).toHaveCount(1);
  await page.goto('/contact/');
  const next = page.locator('form[data-lead-form]').first();
  await expect(next.locator('input[name="gclid"]')).toHaveValue(gclid);
  await expect(next.locator('input[name="utm_campaign"]')).toHaveValue('Primo_Arrivants');
  await expect(next.locator('input[name="entryPage"]')).toHaveValue(LANDING);
});
