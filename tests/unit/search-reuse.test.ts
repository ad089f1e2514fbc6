// The previous build's search index is reused only when it was made from exactly the same pages,
// settings and pagefind version (src/build/search-reuse.ts).
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SearchReuse } from '../../src/build/search-reuse';

const bytes = (s: string) => new TextEncoder().encode(s);
const pages = { 'index.html': '<main data-pagefind-body>Accueil</main>', 'blog/a/index.html': '<main data-pagefind-body>A</main>', '404.html': '<p>Introuvable</p>' };

/** A build: the pages seen, then the kept index restored, or a new one "written" by pagefind and kept. */
function build(cache: string, list: Record<string, string>, version = '1.6.0', settings = '{"forceLanguage":"fr"}') {
  const out = mkdtempSync(join(tmpdir(), 'search-out-'));
  const reuse = new SearchReuse(cache, version, settings);
  const fits = Object.entries(list).map(([file, html]) => reuse.see(file, bytes(html)));
  const output = join(out, 'pagefind');
  const restored = reuse.restore(output);
  if (!restored) {
    // What pagefind would write: one file per page, and an entry.
    mkdirSync(join(output, 'fragment'), { recursive: true });
    writeFileSync(join(output, 'pagefind-entry.json'), JSON.stringify(Object.keys(list)));
    for (const [i, file] of Object.keys(list).entries()) writeFileSync(join(output, 'fragment', `${i}.pf_fragment`), file);
    reuse.save(output);
  }
  return { restored, fits, output, files: reuse.files() };
}

describe('search index reuse', () => {
  it('builds the first time, then links the kept files when every page is the same', () => {
    const cache = join(mkdtempSync(join(tmpdir(), 'search-cache-')), 'search-index');
    const first = build(cache, pages);
    expect(first.restored).toBe(false);
    expect(first.fits).toEqual([false, false, false]);
    const second = build(cache, pages);
    expect(second.restored).toBe(true);
    expect(second.fits).toEqual([true, true, true]);
    expect(readFileSync(join(second.output, 'pagefind-entry.json'), 'utf8')).toBe(readFileSync(join(first.output, 'pagefind-entry.json'), 'utf8'));
    expect(readdirSync(join(second.output, 'fragment')).sort()).toEqual(['0.pf_fragment', '1.pf_fragment', '2.pf_fragment']);
    // Linked, not copied (same file system).
    expect(statSync(join(second.output, 'pagefind-entry.json')).nlink).toBeGreaterThan(1);
    expect(second.files).toEqual(Object.keys(pages));
  });

  it('is not reused when a page changed, and tells so from that page on', () => {
    const cache = join(mkdtempSync(join(tmpdir(), 'search-cache-')), 'search-index');
    build(cache, pages);
    const changed = build(cache, { ...pages, 'blog/a/index.html': '<main data-pagefind-body>A, corrigé</main>' });
    expect(changed.restored).toBe(false);
    expect(changed.fits).toEqual([true, false, false]);
    // The new index is the one kept.
    expect(build(cache, { ...pages, 'blog/a/index.html': '<main data-pagefind-body>A, corrigé</main>' }).restored).toBe(true);
  });

  it('is not reused when a page was added or removed', () => {
    const cache = join(mkdtempSync(join(tmpdir(), 'search-cache-')), 'search-index');
    build(cache, pages);
    expect(build(cache, { ...pages, 'blog/b/index.html': '<main data-pagefind-body>B</main>' }).restored).toBe(false);
    build(cache, pages);
    const { '404.html': _, ...fewer } = pages;
    const removed = build(cache, fewer);
    expect(removed.fits).toEqual([true, true]);
    expect(removed.restored).toBe(false);
  });

  it('is not reused by another pagefind version or other settings', () => {
    const cache = join(mkdtempSync(join(tmpdir(), 'search-cache-')), 'search-index');
    build(cache, pages);
    expect(build(cache, pages, '1.7.0').restored).toBe(false);
    expect(build(cache, pages, '1.7.0', '{"forceLanguage":"en"}').restored).toBe(false);
    expect(build(cache, pages, '1.7.0', '{"forceLanguage":"en"}').restored).toBe(true);
  });

  it('builds the index when the kept files are gone or the manifest is unreadable', () => {
    const cache = join(mkdtempSync(join(tmpdir(), 'search-cache-')), 'search-index');
    build(cache, pages);
    writeFileSync(join(cache, 'manifest.json'), '{ pas du JSON');
    expect(build(cache, pages).restored).toBe(false);
    expect(build(cache, pages).restored).toBe(true);
    for (const name of readdirSync(cache)) if (name.startsWith('index-')) rmSync(join(cache, name), { recursive: true });
    expect(existsSync(join(cache, 'manifest.json'))).toBe(true);
    expect(build(cache, pages).restored).toBe(false);
    expect(build(cache, pages).restored).toBe(true);
  });
});
