import { defineConfig, devices } from '@playwright/test';

// Browser tests run against the built site (dist/) served by the Node entry of the edge function,
// in the system Chromium (scripts/find-chromium.mjs), headless and offline.
const port = Number(process.env.E2E_PORT ?? 4399);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'fr-FR',
    launchOptions: {
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    // A fresh store and outbox at each run: rate limits and e-mails of an earlier run do not leak in.
    command: 'rm -rf .data/e2e-leads.db .data/e2e-leads.db-wal .data/e2e-leads.db-shm .data/e2e-outbox && node_modules/.bin/tsx src/edge/node.ts',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      LEADS_DB: '.data/e2e-leads.db',
      OUTBOX_DIR: '.data/e2e-outbox',
      SITE_URL: `http://127.0.0.1:${port}`,
      FORM_SECRET: 'e2e-secret',
      ADMIN_TOKEN: 'e2e-admin-token',
      // The CMS's sign-in routes answer (tests/e2e/cms.spec.ts); GitHub is never reached with these.
      GITHUB_CLIENT_ID: 'e2e-client-id',
      GITHUB_CLIENT_SECRET: 'e2e-client-secret',
      // The browser tests all connect from 127.0.0.1 (one client address): the per-address limit
      // is raised here; tests/e2e/hostile.spec.ts checks the real limits on a server of its own.
      LIMIT_PER_IP: '10000/600',
      LIMIT_AB_UNITS_PER_IP: '100000/3600',
      // The WhatsApp webhook (tests/e2e/whatsapp.spec.ts): verified and signed, but no access token,
      // so replies wait in the queue (offline: nothing reaches Meta).
      WHATSAPP_VERIFY_TOKEN: 'e2e-verify-token',
      WHATSAPP_APP_SECRET: 'e2e-app-secret',
    },
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
