// The first screen without a render-blocking request (issue 16): after the build, every page of
// dist/ (A/B variants and the edge's template included, the CMS aside) gets the CSS of the first
// screen inline in its head, and links the whole stylesheet at the end of its body, where it no
// longer holds the first paint. The inline CSS is one and the same for every page (the rules that
// match the first screens of all pages of a kind, computed by beasties), so that the CSP allows
// them by a handful of hashes (src/edge/security.ts; the build writes them to
// dist/_edge/style-hashes.json, read by src/edge/rules-snapshot.ts); only the first screen, not
// the whole stylesheet.
import type { AstroIntegration } from 'astro';
import Beasties from 'beasties';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type HTMLElement } from 'node-html-parser';
import { campaignMarkupSample } from '../edge/campaigns';
import { EDGE_TEMPLATE_SEGMENT, STYLE_HASHES_FILE } from '../edge/edge-layout';

const LINK = /<link rel="stylesheet" href="(\/_astro\/[\w.-]+\.css)">/;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    return statSync(file).isDirectory() ? htmlFiles(file) : name.endsWith('.html') ? [file] : [];
  });
}

/** How many elements of the main content, in document order, the first screen is taken to hold. */
export const FIRST_SCREEN_ELEMENTS = 40;

/**
 * A page's first screen: the body without the footer, and of the main content its first
 * FIRST_SCREEN_ELEMENTS elements in document order (breadcrumbs, hero or title). What is not
 * drawn before an interaction is left out: elements marked hidden, and the content of a closed
 * <details> (the mobile menu) other than its summary. Fixed elements (consent banner, assistant's
 * launcher) are kept: they show on the first screen wherever they sit in the source.
 */
export function firstScreen(html: string, limit = FIRST_SCREEN_ELEMENTS): string {
  const body = parse(html).querySelector('body');
  if (!body) return '';
  for (const el of body.querySelectorAll('footer, script, template, [hidden]')) el.remove();
  for (const details of body.querySelectorAll('details:not([open])')) for (const child of [...details.childNodes]) if ((child as HTMLElement).tagName !== 'SUMMARY') child.remove();
  const main = body.querySelector('main');
  let count = 0;
  const keep = (node: HTMLElement) => {
    for (const child of [...node.childNodes]) {
      if (child.nodeType !== 1) continue;
      if (count >= limit) child.remove();
      else {
        count++;
        keep(child as HTMLElement);
      }
    }
  };
  if (main) keep(main);
  return `<div class="${body.getAttribute('class') ?? ''}">${body.innerHTML}</div>`;
}

/** The CSP source of an inline style: 'sha256-…' of its exact text. */
export function styleHash(css: string): string {
  return `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
}

/** The critical CSS of a set of first screens, against the stylesheet `sheet` (text). */
export async function criticalCss(screens: string[], href: string, sheet: string): Promise<string> {
  const beasties = new Beasties({ path: '/', preload: 'body', pruneSource: false, compress: true, fonts: true, logLevel: 'silent' });
  beasties.readFile = () => sheet;
  const doc = `<!doctype html><html lang="fr"><head><link rel="stylesheet" href="${href}"></head><body>${screens.join('')}</body></html>`;
  const out = await beasties.process(doc);
  const style = /<style>([\s\S]*?)<\/style>/.exec(out)?.[1];
  if (!style) throw new Error(`CSS critique : beasties n’a rien extrait de ${href}`);
  return style;
}

/** The page with `css` inline in its head and its stylesheet link moved to the end of its body. */
export function inlineFirstScreen(html: string, css: string): string {
  const link = LINK.exec(html);
  if (!link) return html;
  const withoutLink = html.replace(link[0], `<style>${css}</style>`);
  return withoutLink.replace('</body>', () => `${link[0]}</body>`);
}

export default function criticalCssIntegration(): AstroIntegration {
  return {
    name: 'mecaformation:critical-css',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const pages = htmlFiles(dist).filter((f) => !relative(dist, f).split('\\').join('/').startsWith('cms/'));
        const linked = new Map<string, string[]>();
        for (const file of pages) {
          const href = LINK.exec(readFileSync(file, 'utf8'))?.[1];
          if (href) linked.set(href, [...(linked.get(href) ?? []), file]);
        }
        if (linked.size !== 1) throw new Error(`CSS critique : les pages relient ${linked.size} feuilles de style (${[...linked.keys()].join(', ')}), une seule attendue`);
        const [[href, files]] = [...linked];
        const sheet = readFileSync(join(dist, href), 'utf8');
        // One CSS per kind of page (data-page-kind: the layouts differ by kind), the union of its
        // pages' first screens: a handful of hashes in the CSP, each CSS near a page's own.
        const byKind = new Map<string, string[]>();
        for (const file of files) {
          const kind = /<body[^>]*data-page-kind="([^"]+)"/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
          byKind.set(kind, [...(byKind.get(kind) ?? []), file]);
        }
        const hashes: string[] = [];
        for (const [kind, group] of byKind) {
          const screens = new Set<string>([`<div>${campaignMarkupSample()}</div>`]);
          for (const file of group) screens.add(firstScreen(readFileSync(file, 'utf8')));
          const css = await criticalCss([...screens], href, sheet);
          for (const file of group) writeFileSync(file, inlineFirstScreen(readFileSync(file, 'utf8'), css));
          hashes.push(styleHash(css));
          logger.info(`${kind || 'sans type'} : ${group.length} pages, CSS du premier écran en ligne (${(Buffer.byteLength(css) / 1024).toFixed(1)} Ko)`);
        }
        mkdirSync(join(dist, EDGE_TEMPLATE_SEGMENT), { recursive: true });
        writeFileSync(join(dist, STYLE_HASHES_FILE), JSON.stringify([...new Set(hashes)]));
        logger.info(`${href} en fin de page ; ${hashes.length} empreintes pour la CSP (${STYLE_HASHES_FILE})`);
      },
    },
  };
}
