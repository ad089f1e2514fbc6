// The network-level attacks, replayed against the Node entry (`npm start`'s server) on loopback,
// with the default limits and TRUST_PROXY unset: spoofed X-Forwarded-For headers, two real clients
// on two addresses, 200 MB bodies (the server's memory must not follow), a raw `//host` path.
// The request-level attacks are in tests/shared/hostile-suite.ts (Node and workerd).
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueFormToken } from '../../src/edge/form-token';
import { signLead } from '../../src/edge/signing';
import { floodRoutes } from '../../scripts/flood';

test.describe.configure({ mode: 'serial' });

const PORT = 40_000 + Math.floor(Math.random() * 10_000);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SECRET = 'hostile-secret';
const ADMIN = 'hostile-admin';
const DB = join(mkdtempSync(join(tmpdir(), 'hostile-')), 'leads.db');
let server: ChildProcess;

test.beforeAll(async () => {
  // One process (no tsx wrapper): its RSS is the server's.
  server = spawn(process.execPath, ['--import', 'tsx', 'src/edge/node.ts'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', LEADS_DB: DB, FORM_SECRET: SECRET, ADMIN_TOKEN: ADMIN, AUTOMATION_TICK_SECONDS: '0', OUTBOX_DIR: join(tmpdir(), `hostile-outbox-${PORT}`), TRUST_PROXY: '' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${ORIGIN}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
});

test.afterAll(() => {
  server?.kill('SIGTERM');
});

/** One raw HTTP request from a chosen local address (127.0.0.x are all loopback on Linux). */
function raw(options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; localAddress?: string }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: PORT, method: options.method ?? 'GET', path: options.path, headers: options.headers, localAddress: options.localAddress }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

async function leadBody(email: string) {
  return JSON.stringify({ kind: 'guide', firstName: 'Test', email, formToken: await issueFormToken(SECRET, Date.now() - 5_000) });
}

async function leadCount(): Promise<number> {
  const res = await fetch(`${ORIGIN}/api/admin/leads?since=1d`, { headers: { Authorization: `Bearer ${ADMIN}` } });
  return ((await res.json()) as { leads: unknown[] }).leads.length;
}

test('10 000 requests with distinct spoofed X-Forwarded-For headers create no more leads than the per-address limit', async () => {
  test.setTimeout(240_000);
  // The per-address limit counts in fixed windows of 600 s on the clock (src/edge/store/sql-store.ts):
  // a flood that straddles a window's end may place 20 in each. It starts with 90 s of its window left.
  const secondsLeft = 600 - (Math.floor(Date.now() / 1000) % 600);
  if (secondsLeft < 90) await new Promise((r) => setTimeout(r, (secondsLeft + 1) * 1000));
  const statuses = new Map<number, number>();
  let next = 0;
  const total = 10_000;
  const workers = Array.from({ length: 32 }, async () => {
    while (next < total) {
      const i = next++;
      const res = await raw({
        method: 'POST',
        path: '/api/leads',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Origin: ORIGIN,
          'X-Forwarded-For': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          'X-Real-IP': `172.16.${(i >> 8) & 255}.${i & 255}`,
          'CF-Connecting-IP': `192.168.${(i >> 8) & 255}.${i & 255}`,
        },
        body: await leadBody(`spoof.${i}@example.fr`),
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  });
  await Promise.all(workers);
  console.log(`spoofed X-Forwarded-For: ${total} requests → ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}`);
  expect(statuses.get(201)).toBe(20);
  expect(statuses.get(429)).toBe(total - 20);
  expect(await leadCount()).toBe(20);
});

test('two real clients on two addresses each get their own limit', async () => {
  for (const localAddress of ['127.0.0.2', '127.0.0.3']) {
    let accepted = 0;
    for (let i = 0; i < 22; i++) {
      const res = await raw({ method: 'POST', path: '/api/leads', localAddress, headers: { 'Content-Type': 'application/json', Accept: 'application/json', Origin: ORIGIN }, body: await leadBody(`client.${localAddress}.${i}@example.fr`) });
      if (res.status === 201) accepted++;
      else expect(JSON.parse(res.body).error).toBe('rate-ip');
    }
    expect(accepted, localAddress).toBe(20);
  }
  expect(await leadCount()).toBe(60);
});

test('a 200 MB body to any POST route is refused after at most the limit, the server’s memory rising by less than 20 MB', async () => {
  test.setTimeout(120_000);
  const routes = [
    '/api/leads',
    '/api/consent',
    '/api/events',
    `/api/unsubscribe/${await signLead(SECRET, 'unsubscribe', '00000000-0000-4000-8000-000000000000')}`,
    `/api/confirm/${await signLead(SECRET, 'confirm', '00000000-0000-4000-8000-000000000000')}`,
    '/api/admin/enrolments',
  ];
  const headers = { Origin: ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'mf_consent=accept', Authorization: `Bearer ${ADMIN}` };
  const result = await floodRoutes(PORT, server.pid!, routes, headers, 200 * 1024 * 1024);
  for (const a of result.answers) {
    console.log(`${a.path.slice(0, 40)}: ${a.status} after ${a.sentKiB} KiB sent`);
    expect(a.status, a.path).toBe(413);
    expect(a.sentKiB, a.path).toBeLessThan(200 * 1024);
  }
  console.log(`server RSS: ${(result.baselineKiB / 1024).toFixed(1)} MiB before, ${(result.peakKiB / 1024).toFixed(1)} MiB at most during the floods`);
  expect(result.riseKiB).toBeLessThan(20 * 1024);
  expect((await fetch(`${ORIGIN}/api/health`)).ok).toBe(true);
});

test('a raw //host path never redirects off the site', async () => {
  const res = await raw({ path: '//evil.example/..%2fformations' });
  expect(res.status).toBeLessThan(500);
  expect(String(res.headers.location ?? '')).not.toMatch(/^\/\/|evil\.example|^https?:/);
  const res2 = await raw({ path: '/\\evil.example/' });
  expect(String(res2.headers.location ?? '')).not.toMatch(/^\/\/|^\/\\|evil\.example/);
});
