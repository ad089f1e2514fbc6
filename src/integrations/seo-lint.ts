// Fails the build when a page is weak for search engines (see src/seo/lint.ts), and prints the
// keyword coverage table. Runs after the sitemap is written.
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { formatCoverage, formatProblems, lintDist } from '../seo/lint-dist';

export default function seoLint(options: { keywordsFile: string; site: string }): AstroIntegration {
  return {
    name: 'mecaformation:seo-lint',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const { problems, coverage } = lintDist(fileURLToPath(dir), options.keywordsFile, options.site);
        logger.info(`couverture des mots-clés :\n${formatCoverage(coverage)}`);
        if (problems.length) {
          throw new Error(`SEO : ${problems.length} problème(s) :\n${formatProblems(problems)}`);
        }
        logger.info('SEO : aucun problème');
      },
    },
  };
}
