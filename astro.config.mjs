// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import tailwindcss from '@tailwindcss/vite';
import pagefind from './src/integrations/pagefind.ts';
import { SITE_URL, isSitemapExcluded } from './src/lib/site-config.mjs';

export default defineConfig({
  site: SITE_URL,
  trailingSlash: 'always',
  build: { format: 'directory' },
  // 'jsx' (the Astro 7 default) glues words around inline links in prose.
  compressHTML: true,
  prefetch: false,
  // Tests validate copies of content/ (CONTENT_ROOT) with their own cache.
  cacheDir: process.env.ASTRO_CACHE_DIR ?? './node_modules/.astro',
  integrations: [mdx(), sitemap({ filter: (page) => !isSitemapExcluded(new URL(page).pathname) }), pagefind()],
  vite: { plugins: [tailwindcss()] },
});
