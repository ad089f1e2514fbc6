// No placeholder in front of visitors: with SITE_ENV=production the build stops before rendering
// anything and lists every school fact still missing from organization.yaml (file and key). Other
// builds (npm start, the tests) go on and show each one marked « [à compléter : …] ».
import type { AstroIntegration } from 'astro';
import { readFileSync } from 'node:fs';
import { checkSchoolFacts } from '../lib/missing-facts.ts';

export default function schoolFacts(options: { file: string }): AstroIntegration {
  return {
    name: 'mecaformation:school-facts',
    hooks: {
      'astro:config:setup': ({ command, logger }) => {
        if (command !== 'build') return;
        const missing = checkSchoolFacts(process.env.SITE_ENV, readFileSync(options.file, 'utf8'), options.file.replace(/^\.\//, ''));
        if (missing.length) logger.warn(`${missing.length} fait(s) de l’école encore à compléter, affichés « [à compléter : …] » (SITE_ENV=production refuse de construire) : ${missing.map((m) => m.key).join(', ')}`);
      },
    },
  };
}
