// Fails the build when a page is weak for search engines (see src/seo/lint.ts) or when a Google Ads
// keyword does not land on a page carrying it, and prints both coverage tables. Runs after the
// sitemap is written.
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { formatAdsCoverage, formatCoverage, formatProblems, lintDist } from '../seo/lint-dist.ts';
import { builtSite } from '../seo/built-site.ts';

export default function seoLint(options: { keywordsFile: string; campaignsFile?: string; site: string }): AstroIntegration {
  return {
    name: 'mecaformation:seo-lint',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const { problems, coverage, adsCoverage } = lintDist(dist, options.keywordsFile, options.site, options.campaignsFile, await builtSite(dist));
        logger.info(`couverture des mots-clés :\n${formatCoverage(coverage)}`);
        if (adsCoverage.length) logger.info(`mots-clés Google Ads et pages d’arrivée :\n${formatAdsCoverage(adsCoverage)}`);
        if (problems.length) {
          throw new Error(`SEO : ${problems.length} problème(s) :\n${formatProblems(problems)}`);
        }
        logger.info('SEO : aucun problème');
      },
    },
  };
}
