// Nothing acknowledged is ever lost: concurrent lead submissions while the Node server is killed
// with SIGKILL; after a restart, every lead that got a 201 is in the store.
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueFormToken } from '../../src/edge/form-token';

// A port of its own per run: a leftover server can never answer in place of the one under test.
const PORT = 40_000 + Math.floor(Math.random() * 10_000);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const SECRET = 'durability-secret';
const ADMIN = 'durability-admin';
const DB = join(mkdtempSync(join(tmpdir(), 'durability-')), 'leads.db');

function start(): ChildProcess {
  // One process (no tsx wrapper), so that SIGKILL really kills the server.
  return spawn(process.execPath, ['--import', 'tsx', 'src/edge/node.ts'], {
    // Every submission comes from 127.0.0.1: the per-address limit is lifted, this test is about durability.
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', LEADS_DB: DB, FORM_SECRET: SECRET, ADMIN_TOKEN: ADMIN, LIMIT_PER_IP: '100000/600' },
    stdio: 'ignore',
  });
}

async function waitHealthy() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${ORIGIN}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

test('no acknowledged lead is lost when the server is killed (SIGKILL)', async () => {
  test.setTimeout(120_000);
  let server = start();
  await waitHealthy();
  const acknowledged: string[] = [];
  let sent = 0;
  let killed = false;
  const total = 400;
  const submit = async (i: number) => {
    const email = `durable.${i}@example.fr`;
    const body = JSON.stringify({ kind: 'guide', firstName: 'Test', email, formToken: await issueFormToken(SECRET, Date.now() - 5_000) });
    try {
      const res = await fetch(`${ORIGIN}/api/leads`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', Origin: ORIGIN },
        body,
      });
      if (res.status === 201) acknowledged.push(email);
    } catch {
      /* connection reset by the kill: not acknowledged */
    }
  };
  const workers = Array.from({ length: 16 }, async () => {
    while (sent < total) {
      const i = sent++;
      if (i === 150 && !killed) {
        killed = true;
        server.kill('SIGKILL');
      }
      await submit(i);
    }
  });
  await Promise.all(workers);
  expect(killed).toBe(true);
  // The kill really stopped the server: the last submissions were refused, not acknowledged.
  await expect(fetch(`${ORIGIN}/api/health`)).rejects.toThrow();
  expect(acknowledged.length).toBeGreaterThan(50);
  expect(acknowledged.length).toBeLessThan(total);

  server = start();
  await waitHealthy();
  const res = await fetch(`${ORIGIN}/api/admin/leads?since=1d&format=json`, { headers: { Authorization: `Bearer ${ADMIN}` } });
  const stored = new Set(((await res.json()) as { leads: { email: string }[] }).leads.map((l) => l.email));
  const lost = acknowledged.filter((e) => !stored.has(e));
  console.log(`durability: ${total} sent, ${acknowledged.length} acknowledged before the kill, ${stored.size} stored after restart, ${lost.length} lost`);
  expect(lost).toEqual([]);
  server.kill('SIGTERM');
});
