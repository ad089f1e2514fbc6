// The bare Astro baseline of `npm run bench`: the same corpus (CONTENT_ROOT/articles/*.mdx) built
// by a plain Astro 7 site with only MDX, the sitemap and Tailwind v4, no integration of ours.
// The site's warm build is compared with this one, side by side in the same run.
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  site: 'https://bare.example',
  trailingSlash: 'always',
  cacheDir: process.env.ASTRO_CACHE_DIR ?? './node_modules/.astro',
  integrations: [mdx(), sitemap()],
  build: { format: 'directory' },
  vite: { plugins: [tailwindcss()] },
});
