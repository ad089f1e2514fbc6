// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import tailwindcss from '@tailwindcss/vite';
import pagefind from './src/integrations/pagefind.ts';
import ogImages from './src/integrations/og-images.ts';
import seoLint from './src/integrations/seo-lint.ts';
import abVariants from './src/integrations/ab-variants.ts';
import edgeRules from './src/integrations/edge-rules.ts';
import guidePdf from './src/integrations/guide-pdf.ts';
import assistantIndex from './src/integrations/assistant-index.ts';
import schoolFacts from './src/integrations/school-facts.ts';
import cms from './src/integrations/cms.ts';
import cleanDist from './src/integrations/clean-dist.ts';
import builtSite, { backgroundChecks } from './src/integrations/built-site.ts';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const organization = parse(readFileSync('./content/marketing/organization.yaml', 'utf8'));
import { SITE_URL, isSitemapExcluded } from './src/lib/site-config.mjs';
import { sitemapData, sourceLastmod } from './src/seo/sitemap-data.ts';

// Astro's content data store (cacheDir/data-store.json) belongs to one content folder: reused with
// another CONTENT_ROOT, .astro/content-modules.mjs points at the old folder's files and Rolldown
// fails (« failed to resolve import astro:content-layer-deferred-module »). The folder the store
// was filled from is recorded beside it; another folder starts from an empty store.
const cacheDir = process.env.ASTRO_CACHE_DIR ?? './node_modules/.astro';
{
  const contentFolder = resolve(process.env.CONTENT_ROOT ?? './content');
  const stamp = join(cacheDir, 'content-root.txt');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== contentFolder) {
    rmSync(join(cacheDir, 'data-store.json'), { force: true });
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(stamp, contentFolder);
  }
}

const today = (process.env.BUILD_DATE ? new Date(process.env.BUILD_DATE) : new Date()).toISOString().slice(0, 10);
const sitemapFacts = sitemapData(process.env.CONTENT_ROOT ?? './content', today);

export default defineConfig({
  site: SITE_URL,
  trailingSlash: 'always',
  // 'jsx' (the Astro 7 default) glues words around inline links in prose.
  compressHTML: true,
  prefetch: false,
  // Tests validate copies of content/ (CONTENT_ROOT) with their own cache.
  cacheDir,
  integrations: [
    // The previous output moved aside and deleted in the background, not file by file by Astro.
    cleanDist(),
    // SITE_ENV=production refuses to build while a school fact is still PLACEHOLDER.
    schoolFacts({ file: `${process.env.CONTENT_ROOT ?? './content'}/marketing/organization.yaml` }),
    mdx(),
    sitemap({
      filter: (page) => {
        const path = new URL(page).pathname;
        return !isSitemapExcluded(path) && !sitemapFacts.noindex.has(path);
      },
      serialize: (item) => {
        const path = new URL(item.url).pathname;
        const lastmod = sitemapFacts.lastmod.get(path) ?? sourceLastmod(path, today);
        // Every URL gets a real date: a page that none of the rules of src/seo/sitemap-data.ts
        // dates is a new kind of page, to add there (never the build time).
        if (!lastmod) throw new Error(`sitemap : aucune date de dernière modification pour ${path} (src/seo/sitemap-data.ts)`);
        return { ...item, lastmod };
      },
    }),
    // The free guide as a tagged PDF (dist/guide/…pdf), before the built site is read and its links checked.
    guidePdf({ contentRoot: process.env.CONTENT_ROOT ?? './content', cacheDir: process.env.GUIDE_CACHE_DIR ?? '.cache/guide' }),
    // The pages finished and their facts read while they render, by the build's worker; once they
    // are written, the finished pages replace Astro's before the checks below read them (src/seo/built-site.ts).
    builtSite(),
    // The search index: each page fed to pagefind's indexer as it renders, by the build's worker,
    // and the index written while the checks below run.
    pagefind(),
    assistantIndex({ contentRoot: process.env.CONTENT_ROOT ?? './content' }),
    seoLint({ keywordsFile: './content/marketing/keywords.yaml', campaignsFile: './content/marketing/campaigns.yaml', site: SITE_URL }),
    // The OG cache lives outside dist/ so that it survives rebuilds.
    ogImages({ cacheDir: process.env.OG_CACHE_DIR ?? '.cache/og', siteName: organization.name, tagline: organization.tagline }),
    // Last: variant files are copies of finished pages, kept out of the search index and sitemap.
    abVariants({ experimentsFile: './content/marketing/experiments.yaml' }),
    edgeRules({ contentRoot: process.env.CONTENT_ROOT ?? './content', outFile: './src/edge/generated/rules.json' }),
    // The content team's CMS (dist/cms/), after the search index and the pages' checks: not a page.
    cms({ siteUrl: SITE_URL }),
    // Last: waits for what the hooks above left running on the other core (the assistant's index).
    backgroundChecks(),
  ],
  // Scripts and styles always as files: the CSP allows only 'self' (src/edge/security.ts).
  build: { format: 'directory', inlineStylesheets: 'never' },
  // Assets as files (CSP), but the logo's two SVG files and the font, data: URLs in the stylesheet,
  // so that the first screen costs no request besides the stylesheet (src/components/ui/Wordmark.astro,
  // src/styles/global.css).
  vite: { plugins: [tailwindcss()], build: { assetsInlineLimit: (file) => /[\\/]src[\\/]assets[\\/]brand[\\/]logo(-white)?\.svg$/.test(file) || /[\\/]src[\\/]assets[\\/]fonts[\\/]figtree-latin\.woff2$/.test(file) } },
});
