// The Worker (src/edge/worker.ts) bundled for workerd as wrangler would, with the test rules
// (tests/shared/test-rules.ts) in place of the build's generated/rules.json. Inside the project:
// workerd refuses module paths outside its starting directory.
import { build, type BuildOptions } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { testRules } from './test-rules';

/** esbuild's options for a module that runs in workerd. */
export const WORKERD_BUILD: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'],
  logLevel: 'error',
};

/** Bundles the Worker into .cache/<dir>/worker.mjs and returns that path. */
export async function bundleTestWorker(dir: string): Promise<string> {
  mkdirSync(join('.cache', dir), { recursive: true });
  const rulesFile = resolve('.cache', dir, 'rules.json');
  writeFileSync(rulesFile, JSON.stringify(testRules()));
  const out = join('.cache', dir, 'worker.mjs');
  await build({
    ...WORKERD_BUILD,
    entryPoints: ['src/edge/worker.ts'],
    outfile: out,
    plugins: [{ name: 'test-rules', setup: (b) => b.onResolve({ filter: /generated\/rules\.json$/ }, () => ({ path: rulesFile })) }],
  });
  return out;
}
