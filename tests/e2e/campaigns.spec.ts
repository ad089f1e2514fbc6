// Dated campaigns in Chromium (issue « Acquisition », part 3), through the real Node server over
// the same dist/, never rebuilt: a server started with EDGE_NOW inside the 890 € launch (as
// `EDGE_NOW=2027-02-01T10:00:00+01:00 npm start`) shows the banner under the header and the hero
// copy, server-rendered (no layout shift), accessible, valid HTML; a second one, with EDGE_NOW at
// the window's end, shows neither. On the shared server (today's clock): a console member previews
// 1 February 2027, sees the ribbon and the banner on the site's pages, then stops previewing.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRules } from '../../src/edge/rules-snapshot';
import { inForce, siteCampaigns } from '../../src/marketing/campaign-windows';
import { BANNER_SLOT, HERO_SLOT } from '../../src/lib/campaign-slots';
import { formatErrors, validateDocuments } from '../../scripts/validate-html.mjs';
import { BUDGETS } from '../../scripts/page-weight';
import { gzipSync } from 'node:zlib';

test.describe.configure({ mode: 'serial' });

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
/** Inside the 890 € launch (4 January to 3 April 2027, Paris). */
const INSIDE = '2027-02-01T10:00:00+01:00';
/** The first instant after it (4 April 2027, midnight in Paris, summer time). */
const AFTER = '2027-04-04T00:00:00+02:00';
const DB = '.data/e2e-leads.db';
const PASSWORD = 'Carburateur-Double-Corps-2027';
const MEMBER = `apercu.${Date.now()}${Math.floor(Math.random() * 1e4)}@mecaformation.fr`;
const BANNER = '890\u00a0€\u202f: le tarif primo-arrivant pour votre formation automobile';

interface Server {
  process: ChildProcess;
  origin: string;
  log: string;
}
const servers: Record<'inside' | 'after', Server> = {} as never;
let distBefore: string;

const violations = async (page: Page) => (await new AxeBuilder({ page }).withTags(WCAG).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

/** A digest of every file of dist/ (the built site both servers serve): it must not change. */
function distDigest(): string {
  const hash = createHash('sha256');
  for (const e of readdirSync('dist', { recursive: true, withFileTypes: true }).filter((x) => x.isFile()).map((x) => join(x.parentPath, x.name)).sort()) {
    hash.update(e).update(readFileSync(e));
  }
  return hash.digest('hex');
}

/** The layout shifts of the page so far (PerformanceObserver, buffered). */
const layoutShift = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!entry.hadRecentInput) total += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 500);
      }),
  );

/** A port the system says is free now (other servers run on this machine). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** `npm run serve` with EDGE_NOW set (the Node entry, over dist/ as built), on a port of its own. */
async function start(edgeNow: string, attempt = 1): Promise<Server> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/edge/node.ts'], {
    env: { ...process.env, EDGE_NOW: edgeNow, PORT: String(port), HOST: '127.0.0.1', LEADS_DB: join(mkdtempSync(join(tmpdir(), 'campaigns-')), 'leads.db'), FORM_SECRET: 'campaigns-secret', AUTOMATION_TICK_SECONDS: '0', OUTBOX_DIR: join(tmpdir(), `campaigns-outbox-${port}`), SITE_ENV: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server: Server = { process: child, origin, log: '' };
  child.stdout!.on('data', (d) => (server.log += d));
  child.stderr!.on('data', (d) => (server.log += d));
  for (let i = 0; i < 150 && child.exitCode === null; i++) {
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGTERM');
  // Taken between the probe and the listen by another process: another port.
  if (server.log.includes('EADDRINUSE') && attempt < 3) return start(edgeNow, attempt + 1);
  throw new Error(`server did not start:\n${server.log}`);
}

test.beforeAll(async () => {
  distBefore = distDigest();
  servers.inside = await start(INSIDE);
  servers.after = await start(AFTER);
});

test.afterAll(() => {
  for (const s of Object.values(servers)) s?.process.kill('SIGTERM');
});

test('EDGE_NOW inside the 890 € launch: the banner and the hero copy, in the HTML as served, with no layout shift', async ({ browser }) => {
  expect(servers.inside.log).toContain('EDGE_NOW is set');
  const page = await (await browser.newContext({ baseURL: servers.inside.origin, locale: 'fr-FR' })).newPage();
  await page.goto('/');
  const banner = page.getByRole('complementary', { name: 'À la une' });
  await expect(banner).toContainText(BANNER);
  const link = banner.getByRole('link', { name: 'Voir les conditions' });
  await expect(link).toHaveAttribute('href', '/formation-primo-arrivant-890-euros/');
  // Right under the header, before the main content.
  expect(await page.evaluate(() => document.querySelector('[data-campaign-slot]')?.nextElementSibling?.tagName)).toBe('MAIN');
  expect(await page.evaluate(() => document.querySelector('body > header')!.compareDocumentPosition(document.querySelector('[data-campaign-slot]')!) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();
  const hero = page.locator('[data-campaign-hero] a');
  await expect(hero).toHaveText('Primo-arrivant\u202f? Votre avenir commence ici');
  await expect(hero).toHaveAttribute('href', '/formation-primo-arrivant-890-euros/');
  expect((await banner.boundingBox())!.height).toBeGreaterThan(30);
  expect(await layoutShift(page)).toBe(0);
  expect(await violations(page)).toEqual([]);
  const home = await (await fetch(`${servers.inside.origin}/`)).text();

  // A page the campaign leaves alone: the slot is there, empty, hidden, of no height.
  await page.goto('/pour-qui/reconversion/');
  await expect(page.locator('[data-campaign-slot]')).toBeHidden();
  expect(await page.locator('[data-campaign-slot]').evaluate((e) => e.getBoundingClientRect().height)).toBe(0);
  await expect(page.locator('[data-campaign-hero]')).toBeHidden();
  expect(await layoutShift(page)).toBe(0);

  // The catalogue: the banner, no hero copy (not configured there); the landing page itself: neither.
  await page.goto('/formations/');
  await expect(page.getByRole('complementary', { name: 'À la une' })).toContainText(BANNER);
  expect(await violations(page)).toEqual([]);
  await page.goto('/formation-primo-arrivant-890-euros/');
  await expect(page.getByRole('complementary', { name: 'À la une' })).toHaveCount(0);

  expect(formatErrors(validateDocuments({ 'home-with-campaign.html': home }))).toBe('');
});

test('the HTML budget holds with the banner and the hero copy, on every page as served inside the window', async () => {
  // As tests/e2e/budgets.spec.ts measures the built files (gzip level 9), the form token left empty.
  const paths = readdirSync('dist', { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === 'index.html')
    .map((e) => `/${join(e.parentPath, '/').slice('dist/'.length)}`.replace(/\/+$/, '/'))
    .filter((p) => !p.startsWith('/_'));
  expect(paths.length).toBeGreaterThan(50);
  const over: string[] = [];
  let withBanner = 0;
  for (const path of paths) {
    const html = (await (await fetch(`${servers.inside.origin}${path}`)).text()).replace(/value="[^"]*" data-form-token/g, 'value="" data-form-token');
    if (html.includes('data-campaign="campagne-890-euros"')) withBanner++;
    const size = gzipSync(html, { level: 9 }).length;
    if (size > BUDGETS.html) over.push(`${path} : ${(size / 1024).toFixed(2)} Ko`);
  }
  expect(withBanner).toBeGreaterThan(paths.length / 2);
  expect(over).toEqual([]);
});

test('EDGE_NOW at the end of the window, over the same dist/: no banner, no hero copy, nothing takes room', async ({ browser }) => {
  expect(servers.after.log).toContain('EDGE_NOW is set');
  const page = await (await browser.newContext({ baseURL: servers.after.origin, locale: 'fr-FR' })).newPage();
  for (const path of ['/', '/formations/', '/pour-qui/primo-arrivants/']) {
    await page.goto(path);
    await expect(page.getByRole('complementary', { name: 'À la une' }), path).toHaveCount(0);
    await expect(page.locator('[data-campaign-slot]'), path).toBeHidden();
    expect(await page.locator('[data-campaign-slot]').evaluate((e) => e.getBoundingClientRect().height), path).toBe(0);
    await expect(page.locator('[data-campaign-hero]:visible'), path).toHaveCount(0);
    await expect(page.getByText(BANNER)).toHaveCount(0);
  }
  // The HTML as served is the file as built, its slots empty.
  const home = await (await fetch(`${servers.after.origin}/`)).text();
  expect(home).toContain(BANNER_SLOT);
  expect(home).toContain(HERO_SLOT);
  // And the inside server still shows it at the same moment: two clocks, one build.
  expect(await (await fetch(`${servers.inside.origin}/`)).text()).toContain('data-campaign="campagne-890-euros"');
  // Nothing was rebuilt or rewritten in dist/ while both served it.
  expect(distDigest()).toBe(distBefore);
});

test('the console previews 1 February 2027: the ribbon and the banner on the site, then stop previewing', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  execFileSync('node_modules/.bin/tsx', ['scripts/admin.ts', 'create-user', '--email', MEMBER, '--role', 'sales'], { env: { ...process.env, LEADS_DB: DB, ADMIN_PASSWORD: PASSWORD }, encoding: 'utf8' });
  const page = await (await browser.newContext({ baseURL, locale: 'fr-FR' })).newPage();
  await page.goto('/admin/apercu');
  await page.getByLabel('Adresse e-mail').fill(MEMBER);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.goto('/admin/apercu');
  await expect(page.locator('h1')).toHaveText('Prévisualiser le site à une date');
  await expect(page.getByRole('table')).toContainText('Lancement primo-arrivants');
  expect(await violations(page)).toEqual([]);

  await page.getByLabel('Date et heure (heure de Paris)').fill('2027-02-01T10:00');
  await page.getByLabel('Page à ouvrir').fill('/');
  await page.getByRole('button', { name: 'Prévisualiser', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  const ribbon = page.getByRole('complementary', { name: 'Aperçu de l’équipe' });
  await expect(ribbon).toContainText('Aperçu au lundi 1er\u00a0février 2027 à 10\u00a0h (heure de Paris)');
  await expect(page.getByRole('complementary', { name: 'À la une' })).toContainText(BANNER);
  expect(await violations(page)).toEqual([]);
  // On every page of the site while it lasts.
  await page.goto('/formations/');
  await expect(ribbon).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'À la une' })).toContainText(BANNER);
  // A visitor who forges the cookie (another instant under the member's signature) sees the
  // site of today, and the cookie is removed.
  const real = (await page.context().cookies()).find((c) => c.name === 'mf_preview')!;
  expect(real.httpOnly).toBe(true);
  const visitor = await browser.newContext({ baseURL, locale: 'fr-FR' });
  await visitor.addCookies([{ ...real, value: real.value.replace(/^v1\.\d+/, `v1.${Date.parse(INSIDE) + 60_000}`) }]);
  const forged = await visitor.newPage();
  await forged.goto('/formations/');
  await expect(forged.getByRole('complementary', { name: 'Aperçu de l’équipe' })).toHaveCount(0);
  const todayBanner = inForce(siteCampaigns(readRules('content').marketing.campaigns), 'banner', '/formations/', Date.now());
  if (!todayBanner) await expect(forged.getByRole('complementary', { name: 'À la une' })).toHaveCount(0);
  expect((await visitor.cookies()).some((c) => c.name === 'mf_preview')).toBe(false);
  await visitor.close();

  await ribbon.getByRole('link', { name: 'Arrêter l’aperçu' }).click();
  await expect(page).toHaveURL(/\/formations\/$/);
  await expect(page.getByRole('complementary', { name: 'Aperçu de l’équipe' })).toHaveCount(0);
  // The site as visitors see it today (a banner only if today is inside a window).
  const list = siteCampaigns(readRules('content').marketing.campaigns);
  const today = inForce(list, 'banner', '/formations/', Date.now());
  if (today) await expect(page.getByRole('complementary', { name: 'À la une' })).toHaveAttribute('data-campaign', today.campaign.key);
  else await expect(page.getByRole('complementary', { name: 'À la une' })).toHaveCount(0);
  expect((await page.context().cookies()).some((c) => c.name === 'mf_preview')).toBe(false);
});
