// After the build, draws the free guide's PDF (content/guide/*.md, school facts filled) into
// dist/guide/devenir-mecanicien-automobile-a-distance.pdf, with pdfkit: no browser.
// The content is checked before the pages are built (fast feedback): an unknown %%marker%% or
// anything the PDF cannot draw (HTML, images, code…) fails the build with the file and line.
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGuide, loadGuideFonts } from '../guide/load.ts';
import { parseGuide, renderGuide } from '../guide/pdf.ts';
import { guidePdfPath } from '../lib/guide.ts';
import { buildDate } from '../lib/calendar.ts';

/** The renderer's source: a change to it draws the PDF again. */
const RENDERER = ['pdf.ts', 'markdown.ts', 'load.ts'].map((f) => fileURLToPath(new URL(`../guide/${f}`, import.meta.url)));

export default function guidePdf(options: { contentRoot: string; cacheDir?: string }): AstroIntegration {
  const cacheDir = options.cacheDir ?? '.cache/guide';
  let siteUrl: string | undefined;
  const load = () => loadGuide(options.contentRoot, { siteUrl, date: buildDate() });
  return {
    name: 'mecaformation:guide-pdf',
    hooks: {
      'astro:config:done': ({ config }) => {
        siteUrl = config.site;
      },
      'astro:build:start': () => {
        parseGuide(load());
      },
      'astro:server:start': ({ logger }) => {
        try {
          parseGuide(load());
        } catch (error) {
          logger.error((error as Error).message);
        }
      },
      // `astro dev` draws the PDF on request, so that links to it work while writing.
      'astro:server:setup': ({ server, logger }) => {
        server.middlewares.use((req, res, next) => {
          if (req.url?.split('?')[0] !== guidePdfPath) return next();
          renderGuide(load(), loadGuideFonts()).then(
            ({ pdf }) => {
              res.setHeader('Content-Type', 'application/pdf');
              res.end(pdf);
            },
            (error: Error) => {
              logger.error(error.message);
              res.statusCode = 500;
              res.setHeader('Content-Type', 'text/plain; charset=utf-8');
              res.end(error.message);
            },
          );
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const started = Date.now();
        const doc = load();
        const dist = fileURLToPath(dir);
        // A PDF is kept by its readers: a link to a page the site does not have stays broken.
        const { links } = parseGuide(doc);
        const missing = links.filter((l) => !existsSync(join(dist, l.path, 'index.html')) && !existsSync(join(dist, l.path)));
        if (missing.length) {
          throw new Error(`Guide PDF : liens vers des pages absentes du site :\n${missing.map((l) => `  - ${l.file}:${l.line}: ${l.path}`).join('\n')}`);
        }
        // Drawn only when something that shapes it changed: the guide's text (facts and date
        // filled), the fonts and the renderer's own source are the cache key.
        const fonts = loadGuideFonts();
        const key = createHash('sha256').update(JSON.stringify(doc)).update(fonts.regular).update(fonts.bold);
        for (const file of RENDERER) key.update(readFileSync(file));
        const cached = join(cacheDir, `${key.digest('hex').slice(0, 32)}.pdf`);
        let pages: number;
        let pdf: Buffer;
        if (existsSync(cached) && existsSync(`${cached}.json`)) {
          pdf = readFileSync(cached);
          pages = (JSON.parse(readFileSync(`${cached}.json`, 'utf8')) as { pages: number }).pages;
        } else {
          ({ pdf, pages } = await renderGuide(doc, fonts));
          mkdirSync(cacheDir, { recursive: true });
          writeFileSync(cached, pdf);
          writeFileSync(`${cached}.json`, JSON.stringify({ pages }));
        }
        const outFile = join(dist, guidePdfPath);
        mkdirSync(dirname(outFile), { recursive: true });
        writeFileSync(outFile, pdf);
        logger.info(`guide PDF: ${pages} pages, ${Math.round(pdf.length / 1024)} KB (${Date.now() - started} ms)`);
      },
    },
  };
}
