// The content team's CMS at /cms/ (Sveltia CMS, Decap-compatible): after the build, its
// configuration is generated from the zod schemas, checked against the JSON Schema the CMS ships
// (a problem stops the build and names the field), and written to dist/cms/ with the pinned bundle.
// Not a page of the site: noindex, outside the sitemap (not an Astro route) and outside the search
// index (written after pagefind, and without data-pagefind-body).
import type { AstroIntegration } from 'astro';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSchemas } from '../cms/load-schemas.ts';
import { cmsConfig } from '../cms/config.ts';
import { formatCmsProblems, sveltiaSchema, validateCmsConfig } from '../cms/validate.ts';
import { writeCms } from '../cms/page.ts';
import { SVELTIA_VERSION } from '../cms/sveltia.ts';

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * The GitHub repository the CMS commits to: CMS_REPO, else GITHUB_REPOSITORY (set by GitHub
 * Actions, where the site is built for deployment), else the `origin` remote when it is on GitHub.
 */
export function cmsRepo(env: Record<string, string | undefined> = process.env, remote = gitRemote): string | undefined {
  for (const value of [env.CMS_REPO, env.GITHUB_REPOSITORY]) if (value && REPO.test(value)) return value;
  const url = remote();
  const m = url && /github\.com[:/]([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(url);
  return m ? m[1] : undefined;
}

function gitRemote(): string | undefined {
  try {
    return execFileSync('git', ['config', '--get', 'remote.origin.url'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export default function cms(options: { siteUrl: string }): AstroIntegration {
  // The configuration needs the schemas and content/, not the pages: it is generated and checked
  // from the start of the build, while Vite bundles (this thread waits for it then), and written
  // to dist/cms/ after the pages.
  let prepared: Promise<{ config: ReturnType<typeof cmsConfig>; repo: string | undefined }> | undefined;
  let cacheDir: string | undefined;
  const prepare = async () => {
    const repo = cmsRepo();
    const config = cmsConfig(await loadSchemas(), { repo: repo ?? 'CMS_REPO-non-configure/depot', siteUrl: options.siteUrl });
    // Checked once per configuration: the last one the CMS's schema accepted is remembered in the
    // build cache by its hash and the schema's (compiling the schema takes 0.4 s of the build's thread).
    const schema = sveltiaSchema();
    const checked = cacheDir ? join(cacheDir, 'cms-config-checked.txt') : undefined;
    const key = createHash('sha256').update(JSON.stringify(schema)).update(JSON.stringify(config)).digest('hex');
    if (checked && existsSync(checked) && readFileSync(checked, 'utf8') === key) return { config, repo };
    const problems = validateCmsConfig(config, schema);
    if (problems.length) {
      throw new Error(`CMS : configuration refusée par le schéma de Sveltia CMS ${SVELTIA_VERSION} (node_modules/@sveltia/cms/schema/sveltia-cms.json) :\n${formatCmsProblems(problems)}`);
    }
    if (checked) {
      mkdirSync(cacheDir!, { recursive: true });
      writeFileSync(checked, key);
    }
    return { config, repo };
  };
  return {
    name: 'mecaformation:cms',
    hooks: {
      'astro:config:done': ({ config }) => {
        cacheDir = fileURLToPath(config.cacheDir);
      },
      'astro:build:start': () => {
        prepared = prepare();
        // Awaited after the pages; no unhandled rejection meanwhile.
        prepared.catch(() => {});
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { config, repo } = await (prepared ?? prepare());
        prepared = undefined;
        if (!repo) {
          logger.warn('CMS : dépôt GitHub inconnu (CMS_REPO=proprietaire/depot, ou GITHUB_REPOSITORY sous GitHub Actions) : /cms/ ne pourra pas enregistrer.');
        }
        const { configBytes } = writeCms(fileURLToPath(dir), config);
        logger.info(`/cms/: Sveltia CMS ${SVELTIA_VERSION}, ${config.collections.filter((c) => !c.divider).length} collections, config.yml ${(configBytes / 1024).toFixed(0)} KB${repo ? `, dépôt ${repo}` : ''}`);
      },
    },
  };
}
