// The built site as the checks read it (src/seo/built-site.ts): at the start of each build, the
// worker that reads the pages while they render is started (src/build/worker-client.ts), and the
// middleware hands it every finished page. Listed before the hooks that read dist/; its last hook
// (backgroundChecks) waits for the work left running, then stops the worker.
import type { AstroIntegration } from 'astro';
import { forgetBuiltSite, SITE_MARKERS } from '../seo/built-site.ts';
import { endBuild, startBuild } from '../build/worker-client.ts';
import { backgroundJobsDone } from '../build/background.ts';

export default function builtSiteIntegration(): AstroIntegration {
  let root: URL | undefined;
  return {
    name: 'mecaformation:built-site',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = config.root;
      },
      'astro:build:start': () => {
        forgetBuiltSite();
        startBuild(root!, SITE_MARKERS);
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
