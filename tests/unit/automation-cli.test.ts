// `npm run automation -- …` on a real SQLite file and outbox folder, including two tick
// processes started at the same time on the same database.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../shared/automation-fixture';

const T0 = new Date('2026-12-01T08:30:00Z');

function env(dir: string) {
  return { ...process.env, LEADS_DB: join(dir, 'leads.db'), OUTBOX_DIR: join(dir, 'outbox'), FORM_SECRET: 'cli-secret', SITE_URL: 'http://localhost:4321' };
}
const args = (...rest: string[]) => ['--import', 'tsx', 'scripts/automation.ts', ...rest];

describe('npm run automation', () => {
  it('tick --now sends what is due then; status and tasks list the work; a bad date is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'automation-cli-'));
    const f = await fixture(join(dir, 'leads.db'));
    await f.submit(T0, { email: 'cli@example.org', firstName: 'Nora' }, 'guide');
    await f.submit(T0, { email: 'appel@example.org', firstName: 'Yanis', phone: '+33612345678' }, 'info');
    f.driver.close();

    const tick = spawnSync(process.execPath, args('tick', '--now', new Date(T0.getTime() + 60_000).toISOString()), { env: env(dir), encoding: 'utf8' });
    expect(tick.status, tick.stderr).toBe(0);
    // Welcome day 1 (with the guide), the advisers' notification, and the acknowledgement of the
    // information request (with the day of the callback).
    expect(tick.stdout).toMatch(/3 envoyé\(s\)/);
    expect(readdirSync(join(dir, 'outbox'))).toHaveLength(3);

    const status = spawnSync(process.execPath, args('status', '--email', 'CLI@example.org'), { env: env(dir), encoding: 'utf8' });
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toContain('welcome/01-guide');
    expect(status.stdout).toContain('welcome/14-derniere');

    const tasks = spawnSync(process.execPath, args('tasks'), { env: env(dir), encoding: 'utf8' });
    expect(tasks.stdout).toContain('appel@example.org');

    const bad = spawnSync(process.execPath, args('tick', '--now', 'demain'), { env: env(dir), encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--now : date ISO 8601 attendue');
  }, 60_000);

  it('two tick processes at once on one database send each e-mail once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'automation-cli-'));
    const f = await fixture(join(dir, 'leads.db'));
    for (let i = 0; i < 25; i++) await f.submit(T0, { email: `p${i}@example.org` }, 'guide');
    f.driver.close();
    const run = () =>
      new Promise<number>((resolve) => spawn(process.execPath, args('tick', '--now', new Date(T0.getTime() + 60_000).toISOString()), { env: env(dir), stdio: 'ignore' }).on('exit', (code) => resolve(code ?? 1)));
    expect(await Promise.all([run(), run(), run()])).toEqual([0, 0, 0]);
    expect(readdirSync(join(dir, 'outbox'))).toHaveLength(25);
    const check = await fixture(join(dir, 'leads.db'));
    const sent = (await check.automation.jobs()).filter((j) => j.status === 'sent');
    expect(sent).toHaveLength(25);
  }, 60_000);
});
