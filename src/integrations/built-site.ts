// The built site as the checks read it (src/seo/built-site.ts): at the start of each build, the
// worker that finishes and reads the pages while they render is started (src/build/
// worker-client.ts), and the middleware hands it every rendered page. Listed before the hooks that
// read dist/: once the pages are written, it waits for the finished ones to replace Astro's. Its
// last hook (backgroundChecks) waits for the work left running, then stops the worker.
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { builtSite, forgetBuiltSite, SITE_MARKERS } from '../seo/built-site.ts';
import { endBuild, startBuild } from '../build/worker-client.ts';
import { collectGarbage } from '../build/gc.ts';
import { backgroundJobsDone } from '../build/background.ts';

export default function builtSiteIntegration(): AstroIntegration {
  let root: URL | undefined;
  let outDir: URL | undefined;
  let cacheDir: URL | undefined;
  return {
    name: 'mecaformation:built-site',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = config.root;
        outDir = config.outDir;
        cacheDir = config.cacheDir;
      },
      'astro:build:start': () => {
        forgetBuiltSite();
        startBuild(root!, outDir!, cacheDir!, SITE_MARKERS);
      },
      // Every later hook reads the finished pages; the checks start from a collected heap.
      'astro:build:done': async ({ dir, logger }) => {
        await builtSite(fileURLToPath(dir), (message) => logger.info(message));
        collectGarbage();
      },
    },
  };
}

/** Last of the integrations: waits for the work the hooks left running, then stops the worker. */
export function backgroundChecks(): AstroIntegration {
  return {
    name: 'mecaformation:background-checks',
    hooks: {
      'astro:build:done': async () => {
        try {
          await backgroundJobsDone();
        } finally {
          await endBuild();
          forgetBuiltSite();
        }
      },
    },
  };
}
