// After the build, draws the OG image that each built page announces in <meta property="og:image">,
// from the page's own og:title and kind, and each article's share kit: the same card in the three
// formats of src/marketing/social-calendar.ts (dist/partage/<slug>/1200x630.png, 1080x1080.png,
// 1080x1920.png; served noindex, never in the sitemap). SKIP_OG=1 skips drawing (fast test builds).
import type { AstroIntegration } from 'astro';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOgImages, type OgJob } from '../seo/og.ts';
import { builtSite } from '../seo/built-site.ts';
import { SHARE_FORMATS, shareKitPath } from '../marketing/social-calendar.ts';

export default function ogImages(options: { cacheDir: string; siteName: string; tagline: string }): AstroIntegration {
  return {
    name: 'mecaformation:og-images',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        if (process.env.SKIP_OG) {
          logger.info('SKIP_OG set: no OG image drawn');
          return;
        }
        const root = fileURLToPath(dir);
        const jobs: OgJob[] = [];
        let kits = 0;
        for (const page of (await builtSite(root)).html) {
          const { image, title, kind = '', type } = page.facts.og;
          if (!image) continue;
          if (!title) throw new Error(`${page.file}: og:image sans og:title`);
          const input = { title, kind, siteName: options.siteName, tagline: options.tagline };
          jobs.push({ input, outFile: join(root, new URL(image).pathname) });
          // An article's share kit: the 1200×630 is the OG image itself (same cache entry).
          const article = /^\/blog\/([a-z0-9-]+)\/$/.exec(page.path);
          if (article && type === 'article') {
            for (const f of SHARE_FORMATS) {
              jobs.push({ input: f.key === '1200x630' ? input : { ...input, format: f.key }, outFile: join(root, shareKitPath(article[1]!), `${f.key}.png`) });
              kits++;
            }
          }
        }
        const started = Date.now();
        const { rendered, cached } = await writeOgImages(jobs, options.cacheDir);
        logger.info(`OG images: ${rendered} generated, ${cached} from cache, ${kits} of them for the articles' share kits (${Date.now() - started} ms)`);
      },
    },
  };
}
