// OG images: one 1200×630 PNG per indexable page, drawn by satori from a TypeScript template and
// rasterised by resvg. Fonts are TTF files shipped in the repo (satori cannot read WOFF2), so no
// network is needed. Each image is cached under a hash of everything that shapes it: a rebuild
// with unchanged content renders nothing.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import satori from 'satori';
import { renderAsync } from '@resvg/resvg-js';

/** Bump when the template changes, so cached images are redrawn. */
export const TEMPLATE_VERSION = 5;

const FONT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'fonts');
// The logo's mark (src/assets/brand/logo-mark.svg), in the teal tile of the navy-background logo.
const MARK = `data:image/svg+xml;base64,${Buffer.from(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../assets/brand/logo-mark.svg'), 'utf8').replaceAll('#0f1f3d', '#0e7c86')).toString('base64')}`;
let fonts: { name: string; data: Buffer; weight: 400 | 800; style: 'normal' }[] | undefined;
function loadFonts() {
  fonts ??= [
    // The site's font, as static instances of the variable file (scripts/fonts/build-fonts.py).
    { name: 'Figtree', data: readFileSync(join(FONT_DIR, 'Figtree-Regular.ttf')), weight: 400, style: 'normal' },
    { name: 'Figtree', data: readFileSync(join(FONT_DIR, 'Figtree-ExtraBold.ttf')), weight: 800, style: 'normal' },
  ];
  return fonts;
}

export interface OgInput {
  title: string;
  kind: string;
  siteName: string;
  tagline: string;
}

type Node = { type: string; props: { style?: Record<string, unknown>; children?: (Node | string)[] | Node | string; src?: string; width?: number; height?: number } };
const h = (type: string, style: Record<string, unknown>, children?: Node['props']['children']): Node => ({ type, props: { style, children } });

/** The template: navy card, kind in teal, title, the logo's mark and the wordmark with the teal « é ». */
export function ogTemplate(input: OgInput): Node {
  const size = input.title.length > 70 ? 56 : input.title.length > 45 ? 66 : 76;
  const [before, after] = input.siteName.includes('é') ? [input.siteName.slice(0, input.siteName.indexOf('é')), input.siteName.slice(input.siteName.indexOf('é') + 1)] : [input.siteName, ''];
  return h('div', { width: 1200, height: 630, display: 'flex', flexDirection: 'column', backgroundColor: '#0a1530', color: '#ffffff', padding: '56px 72px 48px', fontFamily: 'Figtree' }, [
    h('div', { display: 'flex', fontSize: 30, fontWeight: 800, color: '#5fd4dc', textTransform: 'uppercase', letterSpacing: 2 }, input.kind),
    h('div', { display: 'flex', height: 390, flexShrink: 0, alignItems: 'center', fontSize: size, fontWeight: 800, lineHeight: 1.1, width: 1056 }, input.title),
    h('div', { display: 'flex', width: 1056, height: 96, flexShrink: 0, justifyContent: 'space-between', alignItems: 'flex-end', borderTop: '4px solid #f5a524', paddingTop: 24 }, [
      h('div', { display: 'flex', alignItems: 'center', fontSize: 44, fontWeight: 800 }, [
        { type: 'img', props: { src: MARK, width: 56, height: 56, style: { marginRight: 18 } } },
        before,
        h('span', { color: '#5fd4dc' }, input.siteName.includes('é') ? 'é' : ''),
        after,
      ]),
      h('div', { display: 'flex', fontSize: 26, color: '#e6ebf4' }, input.tagline),
    ]),
  ]);
}

export async function renderOgPng(input: OgInput): Promise<Buffer> {
  const svg = await satori(ogTemplate(input) as never, { width: 1200, height: 630, fonts: loadFonts() });
  // renderAsync, not `new Resvg().render()`: resvg-js 2.6 keeps the 3 MB pixmap of every synchronous
  // render in native memory that V8 never collects (thx/resvg-js#216), which made a 4 000-page build
  // run out of memory. Satori draws text as paths, so no system font is needed.
  const image = await renderAsync(svg, { fitTo: { mode: 'width', value: 1200 }, font: { loadSystemFonts: false } });
  return image.asPng();
}

export function ogCacheKey(input: OgInput): string {
  return createHash('sha256').update(JSON.stringify({ v: TEMPLATE_VERSION, ...input })).digest('hex').slice(0, 32);
}

export interface OgJob {
  input: OgInput;
  /** Absolute output file, e.g. dist/og/formations/x.png. */
  outFile: string;
}

/** Writes every image, from the cache when possible. Returns how many were rendered and reused. */
export async function writeOgImages(jobs: OgJob[], cacheDir: string, render: (input: OgInput) => Promise<Buffer> = renderOgPng) {
  mkdirSync(cacheDir, { recursive: true });
  let rendered = 0;
  let cached = 0;
  // Satori runs on the main thread while resvg rasterises on libuv's pool: a few jobs in flight
  // keep both busy.
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const cacheFile = join(cacheDir, `${ogCacheKey(job.input)}.png`);
      if (existsSync(cacheFile)) {
        cached++;
      } else {
        writeFileSync(cacheFile, await render(job.input));
        rendered++;
      }
      mkdirSync(dirname(job.outFile), { recursive: true });
      copyFileSync(cacheFile, job.outFile);
    }
  };
  await Promise.all(Array.from({ length: 3 }, lane));
  return { rendered, cached };
}
