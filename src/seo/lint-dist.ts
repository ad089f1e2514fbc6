// Runs the SEO lint (lint.ts) on a built site directory. Used after `astro build` (integration)
// and by `npm run lint:seo`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { formatAdsCoverage, formatCoverage, lintSite, type AdsCampaignTarget, type BuiltPage, type KeywordTarget, type LintProblem } from './lint';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** The Google Ads campaigns of campaigns.yaml as the lint reads them (the file's schema is checked by src/marketing/config.ts). */
function adsCampaigns(campaignsFile: string | undefined): AdsCampaignTarget[] {
  if (!campaignsFile || !existsSync(campaignsFile)) return [];
  const data = parse(readFileSync(campaignsFile, 'utf8')) as { googleAds?: { key: string; keywords?: string[]; landingPages?: string[] }[] };
  return (data.googleAds ?? []).map((c, index) => ({ index, key: c.key, keywords: c.keywords ?? [], landingPages: c.landingPages ?? [] }));
}

export function lintDist(distDir: string, keywordsFile: string, site: string, campaignsFile?: string) {
  const files = walk(distDir);
  const pages: BuiltPage[] = [];
  const others = new Set<string>();
  for (const file of files) {
    const rel = `/${relative(distDir, file).split(sep).join('/')}`;
    if (rel.startsWith('/_variants/')) continue; // A/B copies of pages, served at the public URL
    // Read when the lint needs it, never kept: thousands of pages are not all held in memory.
    if (rel.endsWith('/index.html')) pages.push({ path: rel.slice(0, -'index.html'.length), file: relative('.', file), get html() { return readFileSync(file, 'utf8'); } });
    else others.add(rel);
  }
  const sitemapFiles = files.filter((f) => /sitemap-\d+\.xml$/.test(f));
  const sitemap = sitemapFiles.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
  const keywords = (existsSync(keywordsFile) ? (parse(readFileSync(keywordsFile, 'utf8')) as KeywordTarget[]) : []).map(({ keyword, page, volume }) => ({ keyword, page, volume }));
  return lintSite({ pages, sitemap, keywords, site, files: others, ads: adsCampaigns(campaignsFile) });
}

export function formatProblems(problems: LintProblem[]): string {
  return problems.map((p) => `  ${p.file}: [${p.rule}] ${p.message}`).join('\n');
}

export { formatAdsCoverage, formatCoverage };
