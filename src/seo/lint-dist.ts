// Runs the SEO lint (lint.ts) on a built site directory. Used after `astro build` (integration)
// and by `npm run lint:seo`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readBuiltSite, type BuiltSite } from './built-site.ts';
import { formatAdsCoverage, formatCoverage, lintSite, type AdsCampaignTarget, type BuiltPage, type KeywordTarget, type LintProblem } from './lint.ts';

/** The Google Ads campaigns of campaigns.yaml as the lint reads them (the file's schema is checked by src/marketing/config.ts). */
function adsCampaigns(campaignsFile: string | undefined): AdsCampaignTarget[] {
  if (!campaignsFile || !existsSync(campaignsFile)) return [];
  const data = parse(readFileSync(campaignsFile, 'utf8')) as { googleAds?: { key: string; keywords?: string[]; landingPages?: string[] }[] };
  return (data.googleAds ?? []).map((c, index) => ({ index, key: c.key, keywords: c.keywords ?? [], landingPages: c.landingPages ?? [] }));
}

export function lintDist(distDir: string, keywordsFile: string, site: string, campaignsFile?: string, built: BuiltSite = readBuiltSite(distDir)) {
  const pages: BuiltPage[] = built.html.filter((h) => h.page).map((h) => ({ path: h.path, file: h.file, facts: h.facts, get html() { return h.html; } }));
  // Every file but the pages: assets, feeds, PDFs, and HTML files that are not /…/ pages (404.html).
  const others = new Set([...built.files, ...built.html.filter((h) => !h.page).map((h) => h.path)]);
  const sitemap = [...built.files].filter((f) => /^\/sitemap-\d+\.xml$/.test(f)).flatMap((f) => [...readFileSync(join(distDir, f), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
  const keywords = (existsSync(keywordsFile) ? (parse(readFileSync(keywordsFile, 'utf8')) as KeywordTarget[]) : []).map(({ keyword, page, volume }) => ({ keyword, page, volume }));
  return lintSite({ pages, sitemap, keywords, site, files: others, ads: adsCampaigns(campaignsFile) });
}

export function formatProblems(problems: LintProblem[]): string {
  return problems.map((p) => `  ${p.file}: [${p.rule}] ${p.message}`).join('\n');
}

export { formatAdsCoverage, formatCoverage };
