// The marketing automation end to end, as the issue describes it: through the server of
// `npm start`, a person downloads the guide; `npm run automation -- tick --now …` at days 1, 3, 7
// and 14 leaves the four personalised e-mails in the outbox; clicking a link of an e-mail in the
// browser lands on the page and raises the lead's score.
import { test, expect, type APIRequestContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';

const ADMIN = { Authorization: 'Bearer e2e-admin-token' };
const OUTBOX = '.data/e2e-outbox';
const DAY = 86_400_000;

function tick(now: Date, baseURL: string) {
  return execFileSync(process.execPath, ['--import', 'tsx', 'scripts/automation.ts', 'tick', '--now', now.toISOString()], {
    env: { ...process.env, LEADS_DB: '.data/e2e-leads.db', OUTBOX_DIR: OUTBOX, SITE_URL: baseURL, FORM_SECRET: 'e2e-secret' },
    encoding: 'utf8',
  });
}

async function mailsTo(email: string): Promise<ParsedMail[]> {
  if (!existsSync(OUTBOX)) return [];
  const parsed = await Promise.all(readdirSync(OUTBOX).filter((f) => f.endsWith('.eml')).map((f) => simpleParser(readFileSync(join(OUTBOX, f)))));
  return parsed.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === email).sort((a, b) => a.date!.getTime() - b.date!.getTime());
}

async function scoreOf(request: APIRequestContext, email: string) {
  const { leads } = (await (await request.get('/api/admin/leads?since=1d', { headers: ADMIN })).json()) as { leads: { email: string; score: number }[] };
  return leads.find((l) => l.email === email)?.score;
}

test('guide form → four welcome e-mails at days 1, 3, 7, 14 → a click raises the score', async ({ page, request, baseURL, context }) => {
  test.setTimeout(120_000);
  const email = `guide.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.fr`;
  await context.addCookies([{ name: 'mf_consent', value: 'accept', url: baseURL! }]);
  await page.goto('/guide-gratuit/');
  const form = page.locator('form[data-lead-form]').first();
  await form.getByLabel('Prénom').fill('Inès');
  await form.getByLabel('Adresse e-mail').fill(email);
  await form.getByLabel(/recevoir par e-mail les conseils/).check();
  await form.getByLabel(/mesure l’ouverture de ses e-mails/).check();
  await page.waitForTimeout(2_100);
  const submittedAt = Date.now();
  await form.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/\/merci\//);

  const subjects: string[] = [];
  for (const day of [1, 3, 7, 14]) {
    tick(new Date(submittedAt + (day - 1) * DAY + 60_000), baseURL!);
    const mails = await mailsTo(email);
    expect(mails, `after the tick of day ${day}`).toHaveLength(subjects.length + 1);
    const latest = mails.find((m) => !subjects.includes(m.subject!))!;
    subjects.push(latest.subject!);
    expect(latest.text).toContain('Bonjour Inès,');
    expect(latest.html).toContain('Bonjour Inès,');
    expect(latest.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(latest.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toMatch(/\/api\/unsubscribe\//);
  }
  // Nothing more after the series.
  tick(new Date(submittedAt + 20 * DAY), baseURL!);
  expect(await mailsTo(email)).toHaveLength(4);

  const before = await scoreOf(request, email);
  const [first] = await mailsTo(email);
  const link = new RegExp(`${baseURL!.replace(/[.:/]/g, '\\$&')}/r/[\\w-]+`).exec(String(first!.html))![0];
  await page.goto(link);
  await expect(page).not.toHaveURL(/\/r\//);
  await expect(page.locator('h1')).toBeVisible();
  // +5 for the click; the landing page's own visit counts too when it is a scored page.
  const landed = new URL(page.url()).pathname;
  const visit = ({ '/temoignages/': 5, '/tarifs-financement/': 15 } as Record<string, number>)[landed] ?? 0;
  await expect.poll(() => scoreOf(request, email)).toBe(before! + 5 + visit);

  // Identified (the form set the cookies, with both consents): the pricing page's beacon, +15.
  await page.goto('/tarifs-financement/');
  await expect.poll(() => scoreOf(request, email)).toBe(before! + 20 + visit);
  // After refusing cookies in the banner's management form, visits are no longer measured.
  await context.addCookies([{ name: 'mf_consent', value: 'refuse', url: baseURL! }]);
  await page.goto('/temoignages/');
  await page.waitForTimeout(500);
  expect(await scoreOf(request, email)).toBe(before! + 20 + visit);
});
