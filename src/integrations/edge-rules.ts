// Writes the marketing rules and content slugs as JSON for the Worker bundle
// (src/edge/generated/rules.json, not committed), from the same files the Node entry reads, and
// checks that every link of the e-mails leads to a page of the built site.
import type { AstroIntegration } from 'astro';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRules, readRulesWithBuild } from '../edge/rules-snapshot.ts';
import type { RulesSnapshot } from '../edge/deps.ts';
import { checkEmailLinks } from '../automation/compile-emails.ts';
import { scheduledArticles } from '../lib/agenda.ts';
import { buildDate, parisDay } from '../lib/calendar.ts';
import { checkCampaignPages, siteCampaigns, type BuiltPages } from '../marketing/campaign-windows.ts';
import { builtSite } from '../seo/built-site.ts';
import { BANNER_SLOT, HERO_SLOT } from '../lib/campaign-slots.ts';

/** The built pages (dist/…/index.html but the A/B variants), from the build's one pass over dist/. */
async function builtPages(dist: string): Promise<BuiltPages> {
  const pages = (await builtSite(dist)).html.filter((h) => h.page);
  const byPath = new Map(pages.map((h) => [h.path, h]));
  return { paths: pages.map((h) => h.path), exists: (path) => byPath.has(path), carries: (path, marker) => byPath.get(path)?.facts.markers.has(marker) ?? false };
}

export default function edgeRules(options: { contentRoot: string; outFile: string }): AstroIntegration {
  // Read once per build (at its start, content does not change while pages are built).
  let rules: RulesSnapshot | undefined;
  return {
    name: 'mecaformation:edge-rules',
    hooks: {
      // Marketing YAML and e-mails are checked before the pages are built (fast feedback), and
      // reported in `astro dev` without stopping the server.
      'astro:build:start': ({ logger }) => {
        rules = readRules(options.contentRoot);
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
      'astro:build:done': async ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const built = readRulesWithBuild(options.contentRoot, dist, rules);
        if (!built.stylesheet) throw new Error('dist/index.html : feuille de style /_astro/….css introuvable (la console la relie).');
        const { errors, warnings } = checkEmailLinks(
          built.emails,
          (path) => existsSync(join(dist, path, 'index.html')) || existsSync(join(dist, path)),
          (path) => /^\/blog\/[a-z0-9-]+\/$/.test(path) && existsSync(join(options.contentRoot, 'articles', `${path.split('/')[2]}.mdx`)),
        );
        for (const w of warnings) logger.warn(w);
        if (errors.length) throw new Error(`Liens d’e-mails vers des pages absentes du site :\n${errors.map((e) => `  - ${e}`).join('\n')}`);
        // The dated campaigns (campaigns.yaml, windows and site): their pages exist and carry the slot.
        const campaigns = siteCampaigns(built.marketing.campaigns);
        const campaignProblems = checkCampaignPages(campaigns, await builtPages(dist), { banner: BANNER_SLOT, hero: HERO_SLOT }, buildDate());
        if (campaignProblems.length) throw new Error(`Campagnes datées invalides :\n${campaignProblems.map((e) => `  - ${e}`).join('\n')}`);
        logger.info(`${campaigns.length} dated campaign(s) checked against the built pages (campaigns.yaml)`);
        mkdirSync(dirname(options.outFile), { recursive: true });
        writeFileSync(options.outFile, JSON.stringify(built));
        logger.info(`edge rules written to ${options.outFile}`);
      },
    },
  };
}
