// `npm run lint:seo [dist]`: the SEO lint on an existing build.
import { formatAdsCoverage, formatCoverage, formatProblems, lintDist } from '../src/seo/lint-dist.ts';
import { SITE_URL } from '../src/lib/site-config.mjs';

const dist = process.argv[2] ?? 'dist';
const { problems, coverage, adsCoverage } = lintDist(dist, 'content/marketing/keywords.yaml', SITE_URL, 'content/marketing/campaigns.yaml');
console.log(formatCoverage(coverage));
console.log(`\n${formatAdsCoverage(adsCoverage)}`);
if (problems.length) {
  console.error(`\nSEO : ${problems.length} problème(s) :\n${formatProblems(problems)}`);
  process.exit(1);
}
console.log('\nSEO : aucun problème');
