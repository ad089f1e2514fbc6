// Copies the app's secrets from the CI environment to the Worker (`wrangler secret bulk`), so that
// the repository's secrets are the one place they are kept. Only the variables that are set are
// sent; the JSON file lives in a private temporary folder and is deleted at once.
//   node scripts/sync-secrets.mjs --config .cache/wrangler.deploy.jsonc
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

export const SECRETS = ['FORM_SECRET', 'ADMIN_TOKEN', 'SOCIAL_FEED_KEY', 'BREVO_API_KEY', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET'];

const { values } = parseArgs({ options: { config: { type: 'string', default: 'wrangler.jsonc' } } });
const present = Object.fromEntries(SECRETS.filter((name) => process.env[name]).map((name) => [name, process.env[name]]));
if (!present.FORM_SECRET) {
  console.error('FORM_SECRET absent : le Worker refuse de démarrer sans lui (secret du dépôt FORM_SECRET).');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
const file = join(dir, 'secrets.json');
try {
  writeFileSync(file, JSON.stringify(present), { mode: 0o600 });
  const result = spawnSync('npx', ['wrangler', 'secret', 'bulk', file, '--config', values.config], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log(`Secrets envoyés : ${Object.keys(present).join(', ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
