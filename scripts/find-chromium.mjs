// Finds a Chromium for the browser tests, in this order: an explicit environment variable,
// a system Chromium or Chrome, Playwright's own browser, `playwright install chromium`, and,
// as root on Debian or Ubuntu, `apt-get install -y chromium`. Prints the path, or exits 1
// with the one command to run.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const ENV_VARS = ['CHROMIUM_PATH', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH', 'CHROME_PATH'];
const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

function log(message) {
  process.stderr.write(`[find-chromium] ${message}\n`);
}

async function playwrightBrowser() {
  try {
    const { chromium } = await import('playwright-core');
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function run(command, args) {
  log(`${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 }).status === 0;
}

export async function findChromium() {
  for (const name of ENV_VARS) {
    const value = process.env[name];
    if (value) {
      if (existsSync(value)) return value;
      throw new Error(`${name}=${value} : fichier introuvable`);
    }
  }
  for (const path of SYSTEM) if (existsSync(path)) return path;
  const own = await playwrightBrowser();
  if (own) return own;
  if (run(process.execPath, ['node_modules/playwright-core/cli.js', 'install', 'chromium'])) {
    const installed = await playwrightBrowser();
    if (installed) return installed;
  }
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const debianLike = /^(ID|ID_LIKE)=.*(debian|ubuntu)/m.test(osRelease);
  if (process.getuid?.() === 0 && debianLike) {
    if (run('apt-get', ['update']) && run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'])) {
      for (const path of SYSTEM) if (existsSync(path)) return path;
    }
  }
  return undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = await findChromium();
  if (!path) {
    console.error('No Chromium found. Install one with:  sudo apt-get install -y chromium   (or set CHROMIUM_PATH)');
    process.exit(1);
  }
  console.log(path);
}
