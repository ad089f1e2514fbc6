// Writes the marketing rules and content slugs as JSON for the Worker bundle
// (src/edge/generated/rules.json, not committed), from the same files the Node entry reads, and
// checks that every link of the e-mails leads to a page of the built site.
import type { AstroIntegration } from 'astro';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRules, readRulesWithBuild } from '../edge/rules-snapshot';
import { checkEmailLinks } from '../automation/compile-emails';
import { scheduledArticles } from '../lib/agenda';
import { buildDate, parisDay } from '../lib/calendar';

export default function edgeRules(options: { contentRoot: string; outFile: string }): AstroIntegration {
  return {
    name: 'mecaformation:edge-rules',
    hooks: {
      // Marketing YAML and e-mails are checked before the pages are built (fast feedback), and
      // reported in `astro dev` without stopping the server.
      'astro:build:start': ({ logger }) => {
        const rules = readRules(options.contentRoot);
        // The editorial calendar must not run dry: a warning when no article is scheduled soon.
        const now = buildDate();
        if (!scheduledArticles(rules.articles, now, 14).length) {
          logger.warn(`Calendrier éditorial : aucun article programmé dans les 14 jours après le ${parisDay(now)} (content/articles/, publishDate). « npm run calendar » montre les semaines à venir.`);
        }
      },
      'astro:server:start': ({ logger }) => {
        try {
          readRules(options.contentRoot);
        } catch (error) {
          logger.error((error as Error).message);
        }
      },
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const rules = readRulesWithBuild(options.contentRoot, dist);
        if (!rules.stylesheet) throw new Error('dist/index.html : feuille de style /_astro/….css introuvable (la console la relie).');
        const { errors, warnings } = checkEmailLinks(
          rules.emails,
          (path) => existsSync(join(dist, path, 'index.html')) || existsSync(join(dist, path)),
          (path) => /^\/blog\/[a-z0-9-]+\/$/.test(path) && existsSync(join(options.contentRoot, 'articles', `${path.split('/')[2]}.mdx`)),
        );
        for (const w of warnings) logger.warn(w);
        if (errors.length) throw new Error(`Liens d’e-mails vers des pages absentes du site :\n${errors.map((e) => `  - ${e}`).join('\n')}`);
        mkdirSync(dirname(options.outFile), { recursive: true });
        writeFileSync(options.outFile, JSON.stringify(rules));
        logger.info(`edge rules written to ${options.outFile}`);
      },
    },
  };
}
