// OG images: one 1200×630 PNG per indexable page, drawn by satori from a TypeScript template and
// rasterised by resvg. Fonts are TTF files shipped in the repo (satori cannot read WOFF2), so no
// network is needed. Each image is cached under a hash of everything that shapes it: a rebuild
// with unchanged content renders nothing.
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { renderAsync as RenderAsync } from '@resvg/resvg-js';

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
  /**
   * The share kit's other formats (src/marketing/social-calendar.ts SHARE_FORMATS): a square
   * Instagram post and a vertical story / TikTok / Shorts cover. Absent: the 1200×630 OG image
   * (left out of the cache key, so the OG images already cached stay valid).
   */
  format?: '1080x1080' | '1080x1920';
}

/** Width and height of an image of this input. */
export function ogSize(input: Pick<OgInput, 'format'>): { width: number; height: number } {
  return input.format === '1080x1080' ? { width: 1080, height: 1080 } : input.format === '1080x1920' ? { width: 1080, height: 1920 } : { width: 1200, height: 630 };
}

type Node = { type: string; props: { style?: Record<string, unknown>; children?: (Node | string)[] | Node | string; src?: string; width?: number; height?: number } };
const h = (type: string, style: Record<string, unknown>, children?: Node['props']['children']): Node => ({ type, props: { style, children } });

/** The logo's mark and the wordmark with the teal « é », at a font size. */
function wordmark(siteName: string, fontSize: number): Node {
  const [before, after] = siteName.includes('é') ? [siteName.slice(0, siteName.indexOf('é')), siteName.slice(siteName.indexOf('é') + 1)] : [siteName, ''];
  const mark = Math.round(fontSize * 1.27);
  return h('div', { display: 'flex', alignItems: 'center', fontSize, fontWeight: 800 }, [
    { type: 'img', props: { src: MARK, width: mark, height: mark, style: { marginRight: Math.round(fontSize * 0.4) } } },
    before,
    h('span', { color: '#5fd4dc' }, siteName.includes('é') ? 'é' : ''),
    after,
  ]);
}

/**
 * The share kit's square (1080×1080) and vertical (1080×1920) layouts, same brand as the OG card:
 * kind in teal, the title as large as it fits, the amber rule, the wordmark and the tagline. The
 * vertical one keeps its text inside the middle of the frame, clear of the bands that Instagram
 * and TikTok cover with their own buttons (about 250 px at the top, 340 px at the bottom, the
 * right edge on TikTok).
 */
function shareTemplate(input: OgInput & { format: '1080x1080' | '1080x1920' }): Node {
  const vertical = input.format === '1080x1920';
  const { width, height } = ogSize(input);
  const long = input.title.length > 70;
  const medium = input.title.length > 45;
  const size = vertical ? (long ? 76 : medium ? 88 : 100) : long ? 64 : medium ? 74 : 86;
  const pad = vertical ? { top: 260, bottom: 360, left: 96, right: 150 } : { top: 80, bottom: 72, left: 88, right: 88 };
  const inner = width - pad.left - pad.right;
  // Fixed heights, as in the OG card: satori lays out a column of text boxes more reliably so.
  const kind = vertical ? 60 : 50;
  const brand = vertical ? 200 : 170;
  const title = height - pad.top - pad.bottom - kind - brand;
  return h('div', { width, height, display: 'flex', flexDirection: 'column', backgroundColor: '#0a1530', color: '#ffffff', padding: `${pad.top}px ${pad.right}px ${pad.bottom}px ${pad.left}px`, fontFamily: 'Figtree' }, [
    h('div', { display: 'flex', height: kind, flexShrink: 0, fontSize: vertical ? 40 : 34, fontWeight: 800, color: '#5fd4dc', textTransform: 'uppercase', letterSpacing: 2 }, input.kind),
    h('div', { display: 'flex', height: title, flexShrink: 0, alignItems: 'center', fontSize: size, fontWeight: 800, lineHeight: 1.1, width: inner }, input.title),
    h('div', { display: 'flex', flexDirection: 'column', width: inner, height: brand, flexShrink: 0, justifyContent: 'flex-end', borderTop: '6px solid #f5a524', paddingTop: 32 }, [
      wordmark(input.siteName, vertical ? 52 : 46),
      h('div', { display: 'flex', marginTop: 18, fontSize: vertical ? 32 : 28, color: '#e6ebf4' }, input.tagline),
    ]),
  ]);
}

/** The template: navy card, kind in teal, title, the logo's mark and the wordmark with the teal « é ». */
export function ogTemplate(input: OgInput): Node {
  if (input.format) return shareTemplate({ ...input, format: input.format });
  const size = input.title.length > 70 ? 56 : input.title.length > 45 ? 66 : 76;
  return h('div', { width: 1200, height: 630, display: 'flex', flexDirection: 'column', backgroundColor: '#0a1530', color: '#ffffff', padding: '56px 72px 48px', fontFamily: 'Figtree' }, [
    h('div', { display: 'flex', fontSize: 30, fontWeight: 800, color: '#5fd4dc', textTransform: 'uppercase', letterSpacing: 2 }, input.kind),
    h('div', { display: 'flex', height: 390, flexShrink: 0, alignItems: 'center', fontSize: size, fontWeight: 800, lineHeight: 1.1, width: 1056 }, input.title),
    h('div', { display: 'flex', width: 1056, height: 96, flexShrink: 0, justifyContent: 'space-between', alignItems: 'flex-end', borderTop: '4px solid #f5a524', paddingTop: 24 }, [
      wordmark(input.siteName, 44),
      h('div', { display: 'flex', fontSize: 26, color: '#e6ebf4' }, input.tagline),
    ]),
  ]);
}

// satori and resvg are loaded with the first image to draw: a build whose images are all cached
// (most builds) never loads them.
let drawing: Promise<{ satori: typeof import('satori').default; renderAsync: typeof RenderAsync }> | undefined;
const drawingLibraries = () => (drawing ??= Promise.all([import('satori'), import('@resvg/resvg-js')]).then(([s, r]) => ({ satori: s.default, renderAsync: r.renderAsync })));

export async function renderOgPng(input: OgInput): Promise<Buffer> {
  const { width, height } = ogSize(input);
  const { satori, renderAsync } = await drawingLibraries();
  const svg = await satori(ogTemplate(input) as never, { width, height, fonts: loadFonts() });
  // renderAsync, not `new Resvg().render()`: resvg-js 2.6 keeps the 3 MB pixmap of every synchronous
  // render in native memory that V8 never collects (thx/resvg-js#216), which made a 4 000-page build
  // run out of memory. Satori draws text as paths, so no system font is needed.
  const image = await renderAsync(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } });
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

/**
 * Draws images in worker threads, one per core (the build's thread only writes the PNGs it gets
 * back): satori is synchronous JavaScript, so a cold build of thousands of pages spreads over the
 * cores instead of queueing on the main thread.
 */
export async function renderInPool(inputs: OgInput[], onImage: (index: number, png: Buffer) => void, size = Math.min(availableParallelism(), inputs.length)): Promise<void> {
  if (!inputs.length) return;
  const workerFile = join(dirname(fileURLToPath(import.meta.url)), 'og-worker.ts');
  let next = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerFile);
      const send = () => {
        if (next >= inputs.length) return void worker.terminate().then(() => resolve(), reject);
        const id = next++;
        worker.postMessage({ id, input: inputs[id] });
      };
      worker.on('message', ({ id, png, error }: { id: number; png?: Uint8Array; error?: string }) => {
        if (error) {
          void worker.terminate();
          return reject(new Error(`OG « ${inputs[id]!.title} » : ${error}`));
        }
        onImage(id, Buffer.from(png!.buffer, png!.byteOffset, png!.byteLength));
        send();
      });
      worker.on('error', reject);
      send();
    });
  await Promise.all(Array.from({ length: size }, one));
}

/** A folder, in one system call when its parent exists (thousands of share kits' folders). */
function makeDir(dir: string) {
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') mkdirSync(dir, { recursive: true });
    else if (code !== 'EEXIST') throw error;
  }
}

/**
 * Writes every image, from the cache when possible: only the images whose inputs changed (cache
 * key: a hash of everything that shapes them) are drawn, in the worker pool unless `render` is
 * given (tests). Returns how many were rendered and reused.
 */
export async function writeOgImages(jobs: OgJob[], cacheDir: string, render?: (input: OgInput) => Promise<Buffer>) {
  mkdirSync(cacheDir, { recursive: true });
  const cacheFiles = jobs.map((job) => join(cacheDir, `${ogCacheKey(job.input)}.png`));
  // Two jobs with the same input (an article's OG image and its share kit's 1200×630) render once.
  const missing = new Map<string, OgInput>();
  cacheFiles.forEach((file, i) => {
    if (!missing.has(file) && !existsSync(file)) missing.set(file, jobs[i]!.input);
  });
  const files = [...missing.keys()];
  const inputs = [...missing.values()];
  if (render) for (const [i, input] of inputs.entries()) writeFileSync(files[i]!, await render(input));
  else await renderInPool(inputs, (i, png) => writeFileSync(files[i]!, png));
  const dirs = new Set<string>();
  jobs.forEach((job, i) => {
    const dir = dirname(job.outFile);
    if (!dirs.has(dir)) makeDir(dir);
    dirs.add(dir);
    // A hard link to the cached image (no copy), a copy across file systems. Never written
    // through: a file already there is unlinked first, so the cache entry cannot be overwritten.
    try {
      linkSync(cacheFiles[i]!, job.outFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        unlinkSync(job.outFile);
        linkSync(cacheFiles[i]!, job.outFile);
      } else copyFileSync(cacheFiles[i]!, job.outFile);
    }
  });
  return { rendered: files.length, cached: jobs.length - files.length };
}
