// After the build, writes one static HTML file per combination of variants of the running web
// experiments of content/marketing/experiments.yaml, e.g. dist/_variants/cta-b.hero-a/index.html for
// the home page. The edge serves them at the public URL (rewrite, 200): no flicker. They keep the
// page's canonical (the public URL) and are never listed in the sitemap or the search index.
import type { AstroIntegration } from 'astro';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { builtSite } from '../seo/built-site.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { frenchText } from '../lib/typography.ts';
import { allAssignments, isControl, runningWebExperiments, variantFile, type WebExperiment } from '../edge/experiments.ts';

/** Which element of the page each experiment changes (data attribute set by the components). */
export const TARGETS: Record<string, string> = { hero: 'data-hero-title', cta: 'data-cta' };

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function applyVariant(html: string, experiment: WebExperiment, variantKey: string, file: string): string {
  const attribute = TARGETS[experiment.key];
  if (!attribute) throw new Error(`content/marketing/experiments.yaml: ${experiment.key}: aucun élément de page associé (connus : ${Object.keys(TARGETS).join(', ')})`);
  const variant = experiment.variants.find((v) => v.key === variantKey)!;
  const pattern = new RegExp(`(<(\\w+)\\b[^>]*\\b${attribute}\\b[^>]*>)([\\s\\S]*?)(</\\2>)`);
  if (!pattern.test(html)) throw new Error(`${file}: l’expérience « ${experiment.key} » vise cette page (content/marketing/experiments.yaml, pages), mais elle n’a pas d’élément ${attribute} : le grand titre d’une page d’atterrissage est son h1, avec son mot-clé, et n’est pas testé`);
  return html.replace(pattern, (_, open: string, _tag: string, _old: string, close: string) => `${open}${frenchText(escapeHtml(variant.text))}${close}`);
}

/** A variant's copy of a page, out of the search index: its <main> no longer opts in. */
export function withoutSearchBody(html: string): string {
  return html.replace(/(<main\b[^>]*?)\s+data-pagefind-body(?:="[^"]*")?/, '$1');
}

export default function abVariants(options: { experimentsFile: string }): AstroIntegration {
  return {
    name: 'mecaformation:ab-variants',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        // The finished pages (src/seo/built-site.ts), not Astro's files as rendered.
        await builtSite(root);
        const experiments = runningWebExperiments(parse(readFileSync(options.experimentsFile, 'utf8')) as WebExperiment[]);
        const pages = [...new Set(experiments.flatMap((e) => e.pages!))];
        let written = 0;
        for (const path of pages) {
          const source = join(root, path, 'index.html');
          if (!existsSync(source)) throw new Error(`content/marketing/experiments.yaml: la page ${path} n’existe pas dans le site construit`);
          const html = readFileSync(source, 'utf8');
          const onPage = experiments.filter((e) => e.pages!.includes(path));
          for (const assignment of allAssignments(onPage)) {
            if (isControl(onPage, assignment)) continue;
            let variantHtml = html;
            for (const e of onPage) variantHtml = applyVariant(variantHtml, e, assignment[e.key], source);
            // Never in the search index, whichever way it reads the site: pagefind indexes only
            // the pages that opt in (src/integrations/pagefind.ts).
            variantHtml = withoutSearchBody(variantHtml);
            const out = join(root, variantFile(path, assignment), 'index.html');
            mkdirSync(dirname(out), { recursive: true });
            writeFileSync(out, variantHtml);
            written++;
          }
        }
        logger.info(`${written} variant page(s) for ${experiments.length} running experiment(s) on ${pages.length} page(s)`);
      },
    },
  };
}
