// The build's worker finishes the pages Astro renders (src/lib/finish-page.ts) and its files
// replace Astro's once every page is written (src/build/worker-client.ts): driven here as the
// middleware and the built-site hook drive it, on a folder that stands for dist/.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { finishInWorker, finishOnDisk, startBuildWorker } from '../../src/build/worker-client';
import { finishPage, type PageContext } from '../../src/lib/finish-page';

const root = pathToFileURL(`${process.cwd()}/`);
const encoder = new TextEncoder();
const context: PageContext = {
  facts: { siret: { value: 'PLACEHOLDER', label: 'SIRET' }, email: { value: 'contact@example.fr', label: 'e-mail' } },
  unpublished: ['/blog/bientot/'],
};
const pages: Record<string, string> = {
  '/': '<html lang="fr"><body><p>Formation de 780 h : 890 € ! L\'atelier « ici ».</p></body></html>',
  '/mentions-legales/': '<html lang="fr"><body><p>SIRET : %%siret%%, écrire à %%email%%</p></body></html>',
  '/blog/a/': '<html lang="fr"><body><p>Lire <a href="/blog/bientot/">la suite</a> et <a href="/blog/a/">ceci</a>.</p></body></html>',
  '/404/': '<html lang="fr"><head><title>Page introuvable</title></head><body><h1>Oups ?</h1></body></html>',
};
const fileOf = (path: string) => (path === '/404/' ? '404.html' : `${path.slice(1)}index.html`);

/** Astro's part: each page written as rendered, once the middleware has handed it to the worker. */
function render(dist: string, list: Record<string, string>): boolean[] {
  return Object.entries(list).map(([path, html]) => {
    const bytes = encoder.encode(html);
    const taken = finishInWorker(path, bytes, context);
    mkdirSync(join(dist, path === '/404/' ? '' : path.slice(1)), { recursive: true });
    writeFileSync(join(dist, fileOf(path)), taken ? bytes : finishPage(html, context));
    return taken;
  });
}

function site() {
  const parent = mkdtempSync(join(tmpdir(), 'build-worker-'));
  const dist = join(parent, 'dist');
  mkdirSync(dist);
  return { parent, dist, staging: join(parent, '.dist-finishing-test') };
}

describe('the build worker finishes the pages', { timeout: 60_000 }, () => {
  it('replaces each file Astro wrote by the finished page once all are written, and reads its facts', async () => {
    const { parent, dist, staging } = site();
    const worker = await startBuildWorker(root, { markers: [], dist, staging });
    expect(render(dist, pages)).toEqual([true, true, true, true]);
    // Until the pages are all written, Astro's files stay as rendered.
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe(pages['/']);
    const outcome = await worker.pages();
    worker.stop();
    expect(outcome.failure).toBeUndefined();
    for (const [path, html] of Object.entries(pages)) expect(readFileSync(join(dist, fileOf(path)), 'utf8'), path).toBe(finishPage(html, context));
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toContain('780\u00a0h\u202f: 890\u00a0€\u202f! L’atelier «\u202fici\u202f»');
    expect(readFileSync(join(dist, 'mentions-legales/index.html'), 'utf8')).toContain('[à compléter\u202f: SIRET]');
    expect(readFileSync(join(dist, 'blog/a/index.html'), 'utf8')).toContain('<span>la suite</span>');
    // The facts are the finished page's, by the site path the checks use (/404.html for the 404 page).
    expect(outcome.facts!.get('/404.html')!.facts.title).toBe('Page introuvable');
    expect(outcome.facts!.get('/404.html')!.bytes).toBe(readFileSync(join(dist, '404.html')).byteLength);
    expect(outcome.facts!.get('/')!.bytes).toBe(readFileSync(join(dist, 'index.html')).byteLength);
    expect(existsSync(staging)).toBe(false);
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  it('fails the build on a page it cannot finish, naming the page and the marker', async () => {
    const { dist, staging } = site();
    const worker = await startBuildWorker(root, { markers: [], dist, staging });
    render(dist, { ...pages, '/cgv/': '<p>%%inconnu%%</p>' });
    const outcome = await worker.pages();
    worker.stop();
    expect(outcome.contentFailure).toMatch(/^\/cgv\/ : Marqueur inconnu %%inconnu%%/);
    expect(existsSync(staging)).toBe(false);
  });

  it('when the worker cannot write its files, the pages it took are finished from the disk', async () => {
    const { dist, staging } = site();
    // A file where the staging folder should be: the worker fails on the first page.
    writeFileSync(staging, 'not a folder');
    const worker = await startBuildWorker(root, { markers: [], dist, staging });
    expect(render(dist, pages)).toEqual([true, true, true, true]);
    const outcome = await worker.pages();
    worker.stop();
    expect(outcome.failure).toMatch(/^\/ : /);
    expect(outcome.facts).toBeUndefined();
    for (const [path, html] of Object.entries(pages)) expect(readFileSync(join(dist, fileOf(path)), 'utf8'), path).toBe(finishPage(html, context));
  });

  it('once the worker has stopped, the middleware finishes the pages itself', async () => {
    const { dist, staging } = site();
    const worker = await startBuildWorker(root, { markers: [], dist, staging });
    worker.stop();
    expect(finishInWorker('/', encoder.encode(pages['/']!), context)).toBe(false);
  });

  it('finishing is idempotent: a page finished twice (a worker that failed after moving it) is unchanged', () => {
    const { dist } = site();
    writeFileSync(join(dist, 'index.html'), finishPage(pages['/']!, context));
    finishOnDisk(dist, ['/'], context);
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).toBe(finishPage(pages['/']!, context));
  });
});
