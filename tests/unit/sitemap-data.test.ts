// The sitemap's dates (src/seo/sitemap-data.ts) on a small content tree: the blog's later pages
// and the « Pour qui ? » index get a real lastmod, never none.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sitemapData } from '../../src/seo/sitemap-data';
import { ARTICLES_PER_PAGE } from '../../src/lib/site-config.mjs';

const root = mkdtempSync(join(tmpdir(), 'sitemap-data-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(dir: string, name: string, frontmatter: string) {
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, name), `---\n${frontmatter}\n---\n\nTexte.\n`);
}

// 8 published articles (2 pages of 6), one scheduled after the build date, one draft.
for (let i = 1; i <= 8; i++) {
  const updated = i === 1 ? '\nupdatedDate: 2026-11-22' : '';
  write('articles', `a${i}.mdx`, `category: technologies\npublishDate: 2026-11-${String(i).padStart(2, '0')}${updated}`);
}
write('articles', 'later.mdx', 'category: technologies\npublishDate: 2026-12-01');
write('articles', 'draft.mdx', 'category: technologies\npublishDate: 2026-11-09\ndraft: true');
write('landings', 'reconversion.mdx', 'kind: audience\naudience: reconversion\nupdatedDate: 2026-11-18');
write('landings', 'garages.mdx', 'kind: audience\naudience: garages\nupdatedDate: 2026-11-12');
write('landings', 'formation-x.mdx', 'kind: keyword\nupdatedDate: 2026-11-21');

describe('sitemap lastmod', () => {
  const { lastmod } = sitemapData(root, '2026-11-23');

  it('dates every page of the blog: a later page changed at the newest publication, or at a later update of one of its articles', () => {
    expect(ARTICLES_PER_PAGE).toBe(6);
    expect(lastmod.get('/blog/')).toBe('2026-11-22'); // a1 updated on the 22nd
    // Page 2 lists a2 and a1 (the oldest): a1's update on the 22nd is the latest change.
    expect(lastmod.get('/blog/page/2/')).toBe('2026-11-22');
    expect(lastmod.has('/blog/page/3/')).toBe(false);
  });

  it('without updates, a later page changed when the newest article came out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitemap-data-'));
    try {
      mkdirSync(join(dir, 'articles'));
      for (let i = 1; i <= 7; i++) writeFileSync(join(dir, 'articles', `a${i}.mdx`), `---\ncategory: parcours\npublishDate: 2026-11-${String(10 + i)}\n---\n`);
      expect(sitemapData(dir, '2026-11-23').lastmod.get('/blog/page/2/')).toBe('2026-11-17');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dates « Pour qui ? » by the newest audience page, not by keyword landings', () => {
    expect(lastmod.get('/pour-qui/')).toBe('2026-11-18');
    expect(lastmod.get('/pour-qui/garages/')).toBe('2026-11-12');
  });
});
