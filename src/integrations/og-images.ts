// After the build, draws the OG image that each built page announces in <meta property="og:image">,
// from the page's own og:title and kind. SKIP_OG=1 skips drawing (fast test builds).
import type { AstroIntegration } from 'astro';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'node-html-parser';
import { writeOgImages, type OgJob } from '../seo/og';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? htmlFiles(full) : name.endsWith('.html') ? [full] : [];
  });
}

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
        for (const file of htmlFiles(root)) {
          const doc = parse(readFileSync(file, 'utf8'));
          const image = doc.querySelector('meta[property="og:image"]')?.getAttribute('content');
          if (!image) continue;
          const title = doc.querySelector('meta[property="og:title"]')?.getAttribute('content');
          const kind = doc.querySelector('meta[name="og-kind"]')?.getAttribute('content') ?? '';
          if (!title) throw new Error(`${relative(root, file)}: og:image sans og:title`);
          jobs.push({ input: { title, kind, siteName: options.siteName, tagline: options.tagline }, outFile: join(root, new URL(image).pathname) });
        }
        const started = Date.now();
        const { rendered, cached } = await writeOgImages(jobs, options.cacheDir);
        logger.info(`OG images: ${rendered} generated, ${cached} from cache (${Date.now() - started} ms)`);
      },
    },
  };
}
