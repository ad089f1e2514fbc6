// `npm test`: every suite, in order, stopping at the first failure.
// 1. unit and Worker tests (vitest)  2. a production build with a pinned date (it runs the SEO
// lint)  3. the Nu Html Checker on every page of dist/  4. actionlint on the workflows and
// `wrangler deploy --dry-run`  5. browser tests (Playwright)  6. Lighthouse 100s on five pages.
import { spawnSync } from 'node:child_process';
import { findChromium } from './find-chromium.mjs';
import { findJava, INSTALL_HINT } from './find-java.mjs';

// A pinned build date makes the editorial calendar deterministic in tests: with the content's
// calendar (9 Nov – 4 Dec 2026) some articles are published and some are scheduled.
const TEST_BUILD_DATE = process.env.TEST_BUILD_DATE ?? '2026-11-23';

function step(title, command, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const chromium = await findChromium();
if (!chromium) {
  console.error('\nNo Chromium for the browser tests. Install one with:\n\n  sudo apt-get install -y chromium\n\n(or set CHROMIUM_PATH to a Chromium or Chrome executable)');
  process.exit(1);
}
console.log(`Chromium: ${chromium}`);

// Java for the Nu Html Checker (vnu.jar), found or installed before anything runs.
const java = findJava();
if (!java) {
  console.error(`\n${INSTALL_HINT}`);
  process.exit(1);
}
console.log(`Java: ${java}`);

const node = process.execPath;
step('Unit tests (vitest)', node, ['node_modules/vitest/vitest.mjs', 'run']);
step(`Build (BUILD_DATE=${TEST_BUILD_DATE})`, node, ['node_modules/astro/bin/astro.mjs', 'build'], { BUILD_DATE: TEST_BUILD_DATE });
// After the build, which writes Astro's generated types (.astro/): the code, the tests and the scripts.
step('Types (tsc --noEmit)', node, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
step('HTML validation (Nu Html Checker, every page of dist/)', node, ['scripts/validate-html.mjs', 'dist'], { VNU_JAVA: java });
step('Delivery: actionlint on the workflows, wrangler deploy --dry-run of the Worker', node, ['--import', 'tsx', 'scripts/check-deploy.ts']);
step('Browser tests (Playwright, Chromium)', node, ['node_modules/@playwright/test/cli.js', 'test'], { CHROMIUM_PATH: chromium, BUILD_DATE: TEST_BUILD_DATE });
step('Lighthouse: performance, accessibility, best practices and SEO at 100 on five pages (medians of 5 runs, each page on a quiet CPU)', node, ['--import', 'tsx', 'scripts/lighthouse.ts', '--assert', '--runs', '5'], { CHROMIUM_PATH: chromium, BUILD_DATE: TEST_BUILD_DATE });
