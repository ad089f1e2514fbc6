// The SEO lint: what Search Console would tell the content team weeks later, at build time.
// Pure: it takes the built pages as HTML strings, the sitemap URLs and the keyword map.
import { pageFacts, type PageFacts as HtmlFacts } from './page-facts.ts';

export interface BuiltPage {
  /** Site path, e.g. /formations/x/ */
  path: string;
  /** File the page was built to, for messages (e.g. dist/formations/x/index.html). */
  file: string;
  html: string;
  /** The page's facts when the build already read them (src/seo/built-site.ts); else parsed from html. */
  facts?: HtmlFacts;
}

export interface KeywordTarget {
  keyword: string;
  page: string;
  volume: number | null;
}

export interface LintProblem {
  file: string;
  rule: string;
  message: string;
}

export interface CoverageRow {
  keyword: string;
  volume: number | null;
  page: string;
  inTitle: boolean;
  inH1: boolean;
}

export const LIMITS = { titleMax: 60, descriptionMin: 70, descriptionMax: 160 } as const;

const STOPWORDS = new Set(['a', 'à', 'au', 'aux', 'de', 'des', 'du', 'd', 'la', 'le', 'les', 'l', 'en', 'et', 'pour', 'un', 'une', 'sur']);

/**
 * The words a keyword is compared on, the same for the SEO map and the Google Ads keywords:
 * lowercase and without accents (« Métier » = « metier »); a thousands separator dropped between
 * digits (« 1 490 », with a space, U+00A0 or U+202F, is « 1490 »); « € » read as « euro »
 * (« 890 € » = « 890 euros »); hyphens and apostrophes separate words (« primo-arrivant » =
 * « primo arrivant », « l’automobile » = « l automobile »); stop words dropped (a, à, au, aux, de,
 * des, du, d, la, le, les, l, en, et, pour, un, une, sur); a final s or x dropped from words of more
 * than three letters (« véhicules » = « véhicule », « euros » = « euro »). A keyword is carried by a
 * text when every one of its words is among the text's, in any order.
 */
export function tokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/(\d)\s(?=\d{3}(?!\d))/g, '$1')
    .replace(/€/g, ' euro ')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOPWORDS.has(w))
    .map((w) => (w.length > 3 && /[sx]$/.test(w) ? w.slice(0, -1) : w));
}

/** Every significant word of the keyword appears in the text (order-free, accent- and plural-insensitive). */
export function containsKeyword(text: string, keyword: string): boolean {
  const have = new Set(tokens(text));
  return tokens(keyword).every((w) => have.has(w));
}

interface PageFacts extends HtmlFacts {
  page: BuiltPage;
}

function facts(page: BuiltPage): PageFacts {
  return { ...(page.facts ?? pageFacts(page.html)), page };
}

/** A Google Ads campaign of campaigns.yaml: its keywords must land on one of its pages (title and h1). */
export interface AdsCampaignTarget {
  /** Index in googleAds, for messages (googleAds.<index>.keywords.<j>). */
  index: number;
  key: string;
  keywords: string[];
  landingPages: string[];
}

export interface AdsCoverageRow {
  campaign: string;
  keyword: string;
  /** The campaign's landing pages whose title and h1 both carry the keyword. */
  pages: string[];
}

export interface LintInput {
  pages: BuiltPage[];
  /** Google Ads campaigns (campaigns.yaml googleAds), when given. */
  ads?: AdsCampaignTarget[];
  /** Absolute URLs listed in the sitemap. */
  sitemap: string[];
  keywords: KeywordTarget[];
  site: string;
  /** Paths that exist in the build besides pages (files such as /rss.xml, /og/x.png). */
  files: Set<string>;
}

export function lintSite(input: LintInput): { problems: LintProblem[]; coverage: CoverageRow[]; adsCoverage: AdsCoverageRow[] } {
  const problems: LintProblem[] = [];
  const all = input.pages.map(facts);
  const byPath = new Map(all.map((f) => [f.page.path, f]));
  const report = (f: PageFacts | undefined, rule: string, message: string, file = f?.page.file ?? 'content/marketing/keywords.yaml') =>
    problems.push({ file, rule, message });
  const indexable = all.filter((f) => !f.noindex);
  const sitemapPaths = new Map(input.sitemap.map((u) => [new URL(u).pathname, u]));

  // Titles and descriptions: length and uniqueness among indexable pages.
  const seenTitles = new Map<string, string>();
  const seenDescriptions = new Map<string, string>();
  for (const f of indexable) {
    if (!f.title) report(f, 'title', 'balise <title> absente ou vide');
    else if ([...f.title].length > LIMITS.titleMax) report(f, 'title', `titre de ${[...f.title].length} caractères (${LIMITS.titleMax} au plus) : « ${f.title} »`);
    if (f.title && seenTitles.has(f.title)) report(f, 'title', `titre identique à celui de ${seenTitles.get(f.title)} : « ${f.title} »`);
    else seenTitles.set(f.title, f.page.path);
    const d = f.description ?? '';
    const length = [...d].length;
    if (!d) report(f, 'description', 'meta description absente');
    else if (length < LIMITS.descriptionMin || length > LIMITS.descriptionMax)
      report(f, 'description', `meta description de ${length} caractères (${LIMITS.descriptionMin} à ${LIMITS.descriptionMax})`);
    if (d && seenDescriptions.has(d)) report(f, 'description', `meta description identique à celle de ${seenDescriptions.get(d)}`);
    else if (d) seenDescriptions.set(d, f.page.path);
  }

  for (const f of all) {
    if (f.h1s.length !== 1) report(f, 'h1', `${f.h1s.length} titres h1 (il en faut exactement un)`);
    if (f.imagesWithoutAlt) report(f, 'alt', `${f.imagesWithoutAlt} image(s) sans attribut alt`);
    for (const href of f.links) {
      if (!href.startsWith('/') || href.startsWith('//')) continue;
      const path = href.split(/[?#]/)[0];
      if (!path) continue;
      const isFile = /\.[a-z0-9]+$/i.test(path);
      if (!isFile && !path.endsWith('/')) report(f, 'link', `lien interne sans barre oblique finale : ${href}`);
      else if (isFile ? !input.files.has(path) : !byPath.has(path)) report(f, 'link', `lien interne vers une page inexistante : ${href}`);
    }
    // Canonical: exactly one on indexable pages, equal to the sitemap URL.
    if (!f.noindex) {
      if (f.canonical.length !== 1) report(f, 'canonical', `${f.canonical.length} liens canonical (il en faut un)`);
      const inSitemap = sitemapPaths.get(f.page.path);
      if (!inSitemap) report(f, 'sitemap', 'page indexable absente du sitemap');
      else if (f.canonical[0] !== inSitemap) report(f, 'canonical', `canonical ${f.canonical[0]} différent de l’URL du sitemap ${inSitemap}`);
    } else if (sitemapPaths.has(f.page.path)) {
      report(f, 'sitemap', 'page noindex listée dans le sitemap');
    }
  }
  for (const path of sitemapPaths.keys()) if (!byPath.has(path)) report(undefined, 'sitemap', `le sitemap liste ${path}, qui n’existe pas`, 'sitemap-0.xml');

  // Keyword map: one page per keyword, the keyword in its title or h1, no page claimed twice as primary.
  const coverage: CoverageRow[] = [];
  const keywordsByKey = new Map<string, KeywordTarget[]>();
  for (const k of input.keywords) {
    const key = tokens(k.keyword).join(' ');
    keywordsByKey.set(key, [...(keywordsByKey.get(key) ?? []), k]);
  }
  for (const [, targets] of keywordsByKey) {
    const pages = new Set(targets.map((t) => t.page));
    if (pages.size > 1) report(undefined, 'keyword', `« ${targets[0].keyword} » vise ${pages.size} pages (cannibalisation) : ${[...pages].join(', ')}`);
  }
  for (const k of input.keywords) {
    const f = byPath.get(k.page);
    if (!f) {
      report(undefined, 'keyword', `« ${k.keyword} » vise ${k.page}, qui n’existe pas (aucune page ne porte ce mot-clé)`);
      coverage.push({ keyword: k.keyword, volume: k.volume, page: k.page, inTitle: false, inH1: false });
      continue;
    }
    const inTitle = containsKeyword(f.title, k.keyword);
    const inH1 = f.h1s.some((h) => containsKeyword(h, k.keyword));
    if (!inTitle && !inH1) report(f, 'keyword', `le mot-clé « ${k.keyword} » n’apparaît ni dans le titre ni dans le h1`);
    coverage.push({ keyword: k.keyword, volume: k.volume, page: k.page, inTitle, inH1 });
  }

  // Google Ads: every landing page exists and has a lead form (the attribution of a click without
  // JavaScript reaches the lead only through the form of the page it lands on, src/edge/routes/pages.ts);
  // every keyword is in the title and the h1 of one of its campaign's landing pages.
  const CAMPAIGNS = 'content/marketing/campaigns.yaml';
  const adsCoverage: AdsCoverageRow[] = [];
  for (const c of input.ads ?? []) {
    c.landingPages.forEach((path, j) => {
      const f = byPath.get(path);
      const where = `googleAds.${c.index}.landingPages.${j}`;
      if (!f) report(undefined, 'ads', `${where} : la page d’arrivée ${path} de la campagne « ${c.key} » n’existe pas dans le site construit`, CAMPAIGNS);
      else if (!/<form\b[^>]*\bdata-lead-form\b/.test(f.page.html)) report(undefined, 'ads', `${where} : la page d’arrivée ${path} de la campagne « ${c.key} » n’a pas de formulaire de demande (sans JavaScript, la provenance d’un clic ne passe que par le formulaire de la page d’arrivée)`, CAMPAIGNS);
    });
    c.keywords.forEach((keyword, j) => {
      const landed = c.landingPages.map((p) => byPath.get(p)).filter((f): f is PageFacts => Boolean(f));
      const pages = landed.filter((f) => containsKeyword(f.title, keyword) && f.h1s.some((h) => containsKeyword(h, keyword))).map((f) => f.page.path);
      adsCoverage.push({ campaign: c.key, keyword, pages });
      if (!pages.length && landed.length) {
        const half = landed.map((f) => `${f.page.path} (titre ${containsKeyword(f.title, keyword) ? 'oui' : 'non'}, h1 ${f.h1s.some((h) => containsKeyword(h, keyword)) ? 'oui' : 'non'})`);
        report(undefined, 'ads', `googleAds.${c.index}.keywords.${j} : le mot-clé « ${keyword} » de la campagne « ${c.key} » n’est dans le titre et le h1 d’aucune de ses pages d’arrivée : ${half.join(', ')}`, CAMPAIGNS);
      }
    });
  }
  return { problems, coverage, adsCoverage };
}

export function formatAdsCoverage(rows: AdsCoverageRow[]): string {
  const header = ['Campagne', 'Mot-clé Google Ads', 'Page d’arrivée (titre et h1)'];
  const lines = rows.map((r) => [r.campaign, r.keyword, r.pages.length ? r.pages.join(', ') : 'AUCUNE']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(row)].join('\n');
}

export function formatCoverage(rows: CoverageRow[]): string {
  const header = ['Mot-clé', 'Volume/mois', 'Page', 'Titre', 'H1'];
  const lines = rows.map((r) => [r.keyword, r.volume === null ? '—' : String(r.volume), r.page, r.inTitle ? 'oui' : 'non', r.inH1 ? 'oui' : 'non']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(row)].join('\n');
}
