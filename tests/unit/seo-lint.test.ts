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

  it('reads « € » as « euros », and the words of the Google Ads keywords in their landing pages’ titles', () => {
    expect(tokens('Formation à 890 €')).toEqual(['formation', '890', 'euro']);
    expect(containsKeyword('Formation primo-arrivant à 890\u00a0€ : les conditions', '890 euros formation')).toBe(true);
    expect(containsKeyword('Formation primo-arrivant à 890 euros', 'primo arrivant formation')).toBe(true);
    expect(containsKeyword('Reconversion mécanique : changer de métier pour l’automobile', 'changer métier automobile')).toBe(true);
    expect(containsKeyword('Former toute l’équipe du garage', 'formation équipe garage')).toBe(false);
    expect(containsKeyword('Formations pour les équipes de garages', 'formation équipe garage')).toBe(true);
    expect(containsKeyword('Le CAP Maintenance des véhicules automobiles', 'CAP automobile')).toBe(true);
    expect(containsKeyword('Formation à 890 €', '1490 euros formation')).toBe(false);
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

  it('Google Ads: every landing page exists and has a lead form; every keyword is in the title and the h1 of one of its campaign’s pages', () => {
    const form = '<form method="post" action="/api/leads" data-lead-form data-lead-kind="guide"></form>';
    const pages = [
      { path: '/a/', html: html('Formation primo-arrivant à 890 €', desc, '/a/', `<h1>Formation primo-arrivant à 890 euros : les conditions</h1>${form}`) },
      { path: '/b/', html: html('Formation d’équipe garage', `${desc} Pour les garages.`, '/b/', '<h1>Former votre équipe</h1>') },
    ];
    const lint = (ads: { index: number; key: string; keywords: string[]; landingPages: string[] }[]) =>
      lintSite({ pages: pages.map((p) => ({ ...p, file: `dist${p.path}index.html` })), sitemap: pages.map((p) => `${site}${p.path}`), keywords: [], site, files: new Set(), ads });
    const ok = lint([{ index: 0, key: 'primo-arrivants', keywords: ['890 euros formation', 'primo arrivant formation'], landingPages: ['/a/'] }]);
    expect(ok.problems).toEqual([]);
    expect(ok.adsCoverage).toEqual([
      { campaign: 'primo-arrivants', keyword: '890 euros formation', pages: ['/a/'] },
      { campaign: 'primo-arrivants', keyword: 'primo arrivant formation', pages: ['/a/'] },
    ]);
    const ads = (p: { rule: string }) => p.rule === 'ads';
    const bad = lint([{ index: 3, key: 'garages', keywords: ['formation équipe garage', '1490 euros formation'], landingPages: ['/b/', '/c/'] }]).problems.filter(ads).map((p) => `${p.file}: [${p.rule}] ${p.message}`);
    expect(bad).toEqual([
      'content/marketing/campaigns.yaml: [ads] googleAds.3.landingPages.0 : la page d’arrivée /b/ de la campagne « garages » n’a pas de formulaire de demande (sans JavaScript, la provenance d’un clic ne passe que par le formulaire de la page d’arrivée)',
      'content/marketing/campaigns.yaml: [ads] googleAds.3.landingPages.1 : la page d’arrivée /c/ de la campagne « garages » n’existe pas dans le site construit',
      // In the title, not in the h1 (« Former » is not « formation »): not enough.
      'content/marketing/campaigns.yaml: [ads] googleAds.3.keywords.0 : le mot-clé « formation équipe garage » de la campagne « garages » n’est dans le titre et le h1 d’aucune de ses pages d’arrivée : /b/ (titre oui, h1 non)',
      'content/marketing/campaigns.yaml: [ads] googleAds.3.keywords.1 : le mot-clé « 1490 euros formation » de la campagne « garages » n’est dans le titre et le h1 d’aucune de ses pages d’arrivée : /b/ (titre non, h1 non)',
    ]);
  });

  it('keeps noindex pages out of the sitemap', () => {
    const problems = run([{ path: '/merci/', html: html('Merci', desc, '/merci/', '<h1>Merci</h1>', '<meta name="robots" content="noindex, follow">') }]);
    expect(problems).toContainEqual(expect.stringMatching(/\[sitemap\] page noindex listée dans le sitemap/));
  });
});
