import { describe, expect, it } from 'vitest';
import { containsKeyword, lintSite, tokens, formatCoverage } from '../../src/seo/lint';
import { lintDist } from '../../src/seo/lint-dist';

const site = 'https://www.mecaformation.fr';
const FIXTURE = 'tests/fixtures/seo-site';

describe('keyword matching', () => {
  it('ignores case, accents, stop words, order and plurals', () => {
    expect(tokens('CAP maintenance des véhicules')).toEqual(['cap', 'maintenance', 'vehicule']);
    expect(containsKeyword('Formation mécanique à Paris et en Île-de-France', 'formation mécanique Paris')).toBe(true);
    expect(containsKeyword('Le CAP Maintenance des véhicules à distance', 'CAP maintenance véhicules')).toBe(true);
    expect(containsKeyword('Formation électrique', 'formation mécanique')).toBe(false);
  });

  it('reads a number with a thousands separator as one word', () => {
    expect(containsKeyword('Formation à 1 490 euros : le prix équipe garage', '1490 euros formation')).toBe(true);
    expect(containsKeyword('Formation à 1\u202F490 euros', '1490 euros formation')).toBe(true);
    expect(containsKeyword('De 1 à 8 personnes pour 490 euros', '1490 euros formation')).toBe(false);
  });
});

describe('SEO lint on a fixture site', () => {
  const { problems, coverage } = lintDist(FIXTURE, `${FIXTURE}/keywords.yaml`, site);
  const messages = problems.map((p) => `${p.file}: [${p.rule}] ${p.message}`);

  it('fails on a duplicate title, naming the file', () => {
    expect(messages).toContainEqual(expect.stringMatching(/formations\/b\/index\.html: \[title\] titre identique à celui de \/formations\/a\//));
  });

  it('fails on an image without alt, naming the file', () => {
    expect(messages).toContainEqual(expect.stringMatching(/formations\/a\/index\.html: \[alt\] 1 image\(s\) sans attribut alt/));
  });

  it('fails on a broken internal link and on a link without trailing slash', () => {
    expect(messages).toContainEqual(expect.stringMatching(/formations\/a\/index\.html: \[link\] lien interne vers une page inexistante : \/formations\/inexistante\//));
    expect(messages).toContainEqual(expect.stringMatching(/formations\/a\/index\.html: \[link\] lien interne sans barre oblique finale : \/contact$/));
  });

  it('accepts the healthy pages and reports keyword coverage', () => {
    expect(problems.filter((p) => /contact|fixtures\/seo-site\/index/.test(p.file))).toEqual([]);
    expect(coverage).toEqual([{ keyword: 'formation mécanique automobile', volume: 100, page: '/', inTitle: true, inH1: true }]);
    expect(formatCoverage(coverage)).toMatch(/formation mécanique automobile \| 100/);
  });
});

describe('SEO lint rules', () => {
  const html = (title: string, description: string, path: string, h1 = '<h1>Titre</h1>', extra = '') =>
    `<html><head><title>${title}</title><meta name="description" content="${description}"><link rel="canonical" href="${site}${path}">${extra}</head><body>${h1}</body></html>`;
  const desc = 'Une description assez longue pour respecter la limite basse de soixante-dix caractères.';
  const run = (pages: { path: string; html: string }[], keywords: { keyword: string; page: string; volume: number | null }[] = [], sitemap?: string[]) =>
    lintSite({
      pages: pages.map((p) => ({ ...p, file: `dist${p.path}index.html` })),
      sitemap: sitemap ?? pages.map((p) => `${site}${p.path}`),
      keywords,
      site,
      files: new Set(),
    }).problems.map((p) => `${p.file}: [${p.rule}] ${p.message}`);

  it('checks title length, description bounds, h1 count, canonical vs sitemap', () => {
    const problems = run([
      { path: '/a/', html: html('x'.repeat(61), 'trop court', '/a/', '<h1>1</h1><h1>2</h1>') },
      { path: '/b/', html: html('B', desc, '/autre/') },
    ]);
    expect(problems).toContainEqual(expect.stringMatching(/dist\/a\/index\.html: \[title\] titre de 61 caractères/));
    expect(problems).toContainEqual(expect.stringMatching(/dist\/a\/index\.html: \[description\] meta description de 10 caractères/));
    expect(problems).toContainEqual(expect.stringMatching(/dist\/a\/index\.html: \[h1\] 2 titres h1/));
    expect(problems).toContainEqual(expect.stringMatching(/dist\/b\/index\.html: \[canonical\] canonical .*\/autre\/ différent/));
  });

  it('flags cannibalisation, keywords on missing pages, and a keyword absent from title and h1', () => {
    const pages = [{ path: '/a/', html: html('Formation mécanique', desc, '/a/') }, { path: '/b/', html: html('Autre chose', desc, '/b/') }];
    const problems = run(pages, [
      { keyword: 'formation mécanique', page: '/a/', volume: 1 },
      { keyword: 'Formation Mécanique', page: '/b/', volume: 1 },
      { keyword: 'formation hydrogène', page: '/b/', volume: null },
      { keyword: 'reconversion', page: '/c/', volume: null },
    ]);
    expect(problems).toContainEqual(expect.stringMatching(/\[keyword\] « formation mécanique » vise 2 pages \(cannibalisation\)/));
    expect(problems).toContainEqual(expect.stringMatching(/dist\/b\/index\.html: \[keyword\] le mot-clé « formation hydrogène » n’apparaît ni dans le titre ni dans le h1/));
    expect(problems).toContainEqual(expect.stringMatching(/\[keyword\] « reconversion » vise \/c\/, qui n’existe pas/));
  });

  it('keeps noindex pages out of the sitemap', () => {
    const problems = run([{ path: '/merci/', html: html('Merci', desc, '/merci/', '<h1>Merci</h1>', '<meta name="robots" content="noindex, follow">') }]);
    expect(problems).toContainEqual(expect.stringMatching(/\[sitemap\] page noindex listée dans le sitemap/));
  });
});
