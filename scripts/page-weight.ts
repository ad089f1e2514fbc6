// Page weights of a built site, gzip-compressed: HTML per page, the JavaScript each page loads
// (its scripts and their static imports), the stylesheets pages link, fonts and LCP images.
// Used by the byte-budget test (tests/e2e/budgets.spec.ts) and by `npm run bench`.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

const KB = 1024;
export const BUDGETS = { html: 14 * KB, cssTotal: 15 * KB, jsPlain: 5 * KB, jsInteractive: 20 * KB, fontsTotal: 60 * KB, lcpImage: 60 * KB };

export interface PageWeight { page: string; kind: string; html: number; js: number; interactive: boolean; lcpImage: number | null }

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? walk(f) : [f];
  });
}

export function measureSite(DIST = 'dist') {
  const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
  const files = walk(DIST);
  // The content team's CMS (dist/cms/, noindex, a 2 MB application) is not a page visitors load:
  // outside the visitor budgets.
  const pages = files.filter((f) => f.endsWith('.html') && !relative(DIST, f).split('\\').join('/').startsWith('cms/'));
  /**
   * A script and every module it loads on the page's load (Vite chunks), as dist paths: its static
   * imports, and its dynamic imports but those loaded only on use (the assistant, on its
   * launcher's click) and the lead forms' module where the page has no lead form
   * (src/lib/page-scripts.ts).
   */
  function scriptClosure(src: string, hasLeadForm: boolean, seen = new Set<string>()): Set<string> {
    const file = join(DIST, src);
    if (seen.has(file) || !existsSync(file)) return seen;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    const statics = [...code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.{1,2}\/[^"']+|\/[^"']+)["']/g)];
    const dynamics = [...code.matchAll(/import\(\s*[`"'](\.{1,2}\/[^`"']+)[`"']\s*\)/g)].filter(
      (m) => !/\/assistant-client\./.test(m[1]) && (hasLeadForm || !/\/lead-form-client\./.test(m[1])),
    );
    for (const m of [...statics, ...dynamics]) {
      const target = m[1].startsWith('/') ? m[1] : posix.join(posix.dirname(src), m[1]);
      scriptClosure(target, hasLeadForm, seen);
    }
    return seen;
  }
  const rows: PageWeight[] = pages.map((file) => {
    const html = readFileSync(file, 'utf8');
    const page = `/${relative(DIST, file).split('\\').join('/').replace(/index\.html$/, '')}`;
    const kind = /data-page-kind="([^"]+)"/.exec(html)?.[1] ?? (page.startsWith('/_variants/') ? 'variante A/B' : 'autre');
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
    const closure = new Set<string>();
    for (const s of scripts) for (const f of scriptClosure(s, html.includes('data-lead-form'))) closure.add(f);
    const js = [...closure].reduce((n, f) => n + gz(f), 0);
    const interactive = /data-lead-form|data-search-form|data-chat/.test(html);
    const lcp = /<img[^>]+fetchpriority="high"[^>]*>/.exec(html)?.[0];
    const lcpSrc = lcp ? /src="([^"]+)"/.exec(lcp)?.[1] : undefined;
    return { page, kind, html: gzipSync(html, { level: 9 }).length, js, interactive, lcpImage: lcpSrc ? gz(join(DIST, lcpSrc)) : null };
  });
  // Every stylesheet a page links, plus the edge's own error pages' stylesheet (pagefind also writes
  // UI stylesheets that no page uses: they are not shipped to visitors).
  const stylesheets = new Set(['/edge.css', ...pages.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]))]);
  // A font embedded in a stylesheet (a data: URL, astro.config.mjs) counts as a font, at its
  // decoded size, and the rest of the stylesheet as CSS.
  const FONT_URL = /url\(\s*["']?data:font\/woff2?;base64,([A-Za-z0-9+/=]+)["']?\s*\)/g;
  let cssTotal = 0;
  let embeddedFonts = 0;
  for (const href of stylesheets) {
    if (!existsSync(join(DIST, href))) continue;
    const css = readFileSync(join(DIST, href), 'utf8');
    for (const m of css.matchAll(FONT_URL)) embeddedFonts += Buffer.from(m[1], 'base64').length;
    cssTotal += gzipSync(css.replace(FONT_URL, 'url()'), { level: 9 }).length;
  }
  const fontsTotal = embeddedFonts + files.filter((f) => /\.(woff2?)$/.test(f)).reduce((n, f) => n + statSync(f).size, 0);
  return { rows, cssTotal, fontsTotal, pages };
}

/** The table printed by the budget test and the bench: the heaviest page of each kind. */
export function weightTable(rows: PageWeight[]): string {
  const kb = (n: number) => (n / KB).toFixed(1);
  const byKind = new Map<string, PageWeight[]>();
  for (const r of rows) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
  const lines = ['| type de page | pages | HTML max (Ko) | JS max (Ko) | image LCP max (Ko) |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const [kind, list] of [...byKind].sort()) {
    const lcp = Math.max(...list.map((r) => r.lcpImage ?? 0));
    lines.push(`| ${kind} | ${list.length} | ${kb(Math.max(...list.map((r) => r.html)))} | ${kb(Math.max(...list.map((r) => r.js)))} | ${lcp ? kb(lcp) : '—'} |`);
  }
  return lines.join('\n');
}
