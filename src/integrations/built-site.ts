// The built site as the checks read it (src/seo/built-site.ts): at the start of each build, the
// worker that reads the pages while they render is started (src/build/worker-client.ts), and the
// middleware hands it every finished page. Listed before the hooks that read dist/; its last hook
// stops the worker once every check has had its answer.
import type { AstroIntegration } from 'astro';
import { buildWorker, forgetBuiltSite, startBuiltSite } from '../seo/built-site.ts';
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
        startBuiltSite(root!);
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
          (await buildWorker())?.stop();
          forgetBuiltSite();
        }
      },
    },
  };
}
