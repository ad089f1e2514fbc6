// The content team's CMS at /cms/ in Chromium (issue 16): with Sveltia's test backend (files kept in
// the browser's origin private file system, which the test fills with the repository's content and
// reads back), every collection shows with its French hints, and an article created through the
// interface is saved as a file whose frontmatter the real articles schema accepts. Then the GitHub
// sign-in window talks to the CMS through the edge's OAuth routes, under /cms/'s CSP and COOP.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadSchemas } from '../../src/cms/load-schemas';

type Field = { name: string; label?: string; hint?: string; widget: string };
type Collection = { name?: string; label?: string; divider?: boolean; fields?: Field[]; files?: { name: string; label: string; fields: Field[] }[] };

const built = parse(readFileSync('dist/cms/config.yml', 'utf8')) as { collections: Collection[] };
const collections = built.collections.filter((c) => !c.divider);
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** Serves /cms/config.yml with another backend (the build's is GitHub). */
async function serveConfig(page: Page, change: (config: Record<string, unknown>) => void) {
  await page.route(/\/cms\/config\.yml(\?|$)/, async (route) => {
    const response = await route.fetch();
    const config = parse(await response.text());
    change(config);
    await route.fulfill({ response, body: stringify(config) });
  });
}

/** The repository files the test backend starts with (the relation widget lists the trainings). */
function repositoryFiles(): { path: string; text: string }[] {
  return ['content/trainings', 'content/articles', 'content/questions', 'content/marketing'].flatMap((dir) => readdirSync(dir).map((f) => ({ path: `${dir}/${f}`, text: readFileSync(join(dir, f), 'utf8') })));
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

test('/cms/ with the test backend: every collection with its French hints, and a new article saved as a valid file', async ({ page }) => {
  test.setTimeout(120_000);
  const started = Date.now();
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  await serveConfig(page, (config) => {
    config.backend = { name: 'test-repo' };
    // The editorial workflow needs GitHub (branches, pull requests): the test backend saves directly.
    config.publish_mode = 'simple';
  });
  const response = await page.goto('/cms/');
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
  await page.evaluate(async (files) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('sveltia-cms-test', { create: true });
    for (const { path, text } of files) {
      const parts = path.split('/');
      let dir = root;
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const writable = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
      await writable.write(text);
      await writable.close();
    }
  }, repositoryFiles());

  // French interface, the test repository.
  await page.getByRole('button', { name: 'Travailler avec un dépôt de test' }).click();
  const nav = page.getByRole('navigation').or(page.locator('body'));
  for (const c of collections) await expect(nav.getByText(c.label!, { exact: true }).first(), c.label).toBeVisible();

  // Each collection's editor shows its fields with their hints.
  for (const c of collections) {
    const hash = c.fields ? `#/collections/${c.name}/new` : `#/collections/${c.name}/entries/${c.files![0].name}`;
    await page.evaluate((h) => (location.hash = h), hash);
    let fields = c.fields ?? c.files![0].fields;
    // A file holding a list (the questions): the fields of its first item, opened.
    const list = fields.length === 1 && (fields[0] as Field & { root?: boolean; fields?: Field[] }).root ? (fields[0] as Field & { fields: Field[] }) : null;
    if (list) {
      await page.getByRole('button', { name: 'Développer' }).first().click();
      fields = list.fields;
    }
    const hinted = fields.filter((f) => f.hint && ['string', 'text', 'number', 'boolean', 'select', 'datetime', 'relation', 'markdown'].includes(f.widget)).slice(0, 3);
    // (The editor draws the fields further down as they are scrolled to: the first ones are checked.)
    expect(hinted.length, c.name).toBeGreaterThan(0);
    for (const f of hinted) await expect(page.getByText(unescape(f.hint!), { exact: true }).first(), `${c.name}.${f.name}`).toBeVisible();
  }

  // A new article, through the interface.
  await page.evaluate(() => (location.hash = '#/collections/articles/new'));
  await page.getByRole('textbox', { name: 'Titre', exact: true }).fill('Passer au véhicule électrique en atelier');
  await page.getByRole('textbox', { name: 'Description', exact: true }).fill('Habilitation, sécurité, diagnostic : les étapes pour qu’un mécanicien passe sereinement au véhicule électrique en 2027.');
  await page.getByRole('textbox', { name: 'Date de publication', exact: true }).fill('2026-12-15');
  await page.getByRole('combobox', { name: 'Catégorie' }).click();
  await page.getByRole('option', { name: 'Nouvelles technologies' }).click();
  await page.getByRole('checkbox', { name: 'Reconversion professionnelle' }).check();
  await page.getByRole('checkbox', { name: 'Garages et entreprises' }).check();
  await page.getByRole('combobox', { name: 'Formations liées' }).click();
  await page.getByRole('option', { name: /habilitation/i }).first().click();
  await page.getByRole('textbox', { name: 'Texte', exact: true }).click();
  await page.keyboard.type('Le véhicule électrique change le quotidien de l’atelier.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('## Les étapes');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Commencer par l’habilitation électrique.');
  await page.getByRole('button', { name: 'Enregistrer' }).click();

  // The file the test backend holds, as it would be committed.
  const path = 'content/articles/passer-au-vehicule-electrique-en-atelier.mdx';
  const read = () =>
    page.evaluate(async (p) => {
      let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('sveltia-cms-test');
      const parts = p.split('/');
      try {
        for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
        return await (await (await dir.getFileHandle(parts.at(-1)!)).getFile()).text();
      } catch {
        return null;
      }
    }, path);
  await expect.poll(read, { timeout: 15_000 }).not.toBeNull();
  const file = (await read())!;
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(file);
  expect(m, file).not.toBeNull();
  const frontmatter = parse(m![1]!);
  const { collections: schemas } = await loadSchemas();
  const result = schemas.articles.schema.safeParse(frontmatter);
  expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  expect(frontmatter).toMatchObject({
    title: 'Passer au véhicule électrique en atelier',
    publishDate: '2026-12-15',
    category: 'technologies',
    audiences: ['reconversion', 'garages'],
    trainings: ['habilitation-electrique-vehicules'],
    draft: false,
  });
  for (const slug of frontmatter.trainings) expect(existsSync(`content/trainings/${slug}.mdx`), slug).toBe(true);
  expect(m![2]).toMatch(/Le véhicule électrique change le quotidien de l’atelier\.[\s\S]*## Les étapes[\s\S]*Commencer par l’habilitation électrique\./);
  // Nothing the CMS needed was refused by /cms/'s policy.
  expect(await cspViolations(page)).toEqual([]);
  console.log(`CMS : ${collections.length} collections, article créé et vérifié en ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('the GitHub sign-in window reports to the CMS through the edge’s OAuth routes', async ({ page, context, baseURL }) => {
  test.setTimeout(60_000);
  await serveConfig(page, (config) => {
    (config.backend as Record<string, unknown>).base_url = baseURL;
  });
  // GitHub's authorize page, played by the test: it sends the window back with a code and the state.
  let state: string | null = null;
  await context.route('https://github.com/login/oauth/authorize**', async (route) => {
    const url = new URL(route.request().url());
    state = url.searchParams.get('state');
    expect(url.searchParams.get('redirect_uri')).toBe(`${baseURL}/api/cms/callback`);
    await route.fulfill({ status: 302, headers: { Location: `${baseURL}/api/cms/callback?code=e2e-code&state=${encodeURIComponent(state!)}` } });
  });
  await page.goto('/cms/');
  const popupPromise = page.waitForEvent('popup');
  // (Sveltia isolates the service's name with U+2068 and U+2069.)
  await page.getByRole('button', { name: /^Se connecter avec \W?GitHub\W?$/ }).click();
  const popup = await popupPromise;
  // The edge exchanges the code with GitHub, which is unreachable here (or refuses the test's
  // client): the window posts the error, and the CMS, still its opener, shows it in French.
  await expect(page.getByText(/Impossible de demander un jeton d’accès/)).toBeVisible({ timeout: 20_000 });
  expect(state).toMatch(/^\d{13}\./);
  await expect.poll(() => popup.isClosed()).toBe(true);
});

test('/cms/ is not a page of the site: noindex, outside the sitemap and the search index', async ({ request }) => {
  const html = await (await request.get('/cms/')).text();
  expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
  const sitemaps = readdirSync('dist').filter((f) => /^sitemap-\d+\.xml$/.test(f));
  expect(sitemaps.length).toBeGreaterThan(0);
  for (const f of sitemaps) expect(readFileSync(join('dist', f), 'utf8')).not.toContain('/cms/');
  const fragments = readdirSync('dist/pagefind/fragment').map((f) => JSON.parse(gunzipSync(readFileSync(join('dist/pagefind/fragment', f))).toString('utf8').replace(/^pagefind_dcd/, '')).url as string);
  expect(fragments.length).toBeGreaterThan(50);
  expect(fragments.filter((url) => url.startsWith('/cms'))).toEqual([]);
});
