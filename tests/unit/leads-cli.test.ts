import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/edge/store/sqlite';
import { emailHash } from '../../src/edge/app';

const DB = join(mkdtempSync(join(tmpdir(), 'leads-cli-')), 'leads.db');
const cli = (...args: string[]) => spawnSync('node_modules/.bin/tsx', ['scripts/leads.ts', ...args], { env: { ...process.env, LEADS_DB: DB }, encoding: 'utf8' });

describe('npm run leads', { timeout: 30_000 }, () => {
  it('exports, lists and erases a lead', async () => {
    const { store, driver } = await openSqliteStore(DB);
    const now = new Date().toISOString();
    await store.saveSubmission({
      mode: 'new',
      lead: { id: 'l1', email: 'ines@example.fr', firstName: 'Inès', lastName: 'Martin', phone: '+33612345678', situation: 'job-seeker', ageBracket: '26-30', birthYear: null, region: 'Île-de-France', company: null, companySize: null, segment: 'reconversion', score: 30, temperature: 'warm', consentMarketing: true, createdAt: now, updatedAt: now },
      event: { kind: 'callback', training: 'vehicules-hybrides', webinar: null, message: 'Bonjour, « question » ; merci', attribution: { utm_source: 'google' }, idempotencyKey: 'k1' },
      consents: [{ purpose: 'marketing-email', granted: true, textVersion: 'v1', text: 'J’accepte…', form: 'callback', page: '/contact/' }],
      now,
    });
    driver.close();

    const exported = cli('export', '--email', ' INES@example.fr ');
    expect(exported.status).toBe(0);
    const data = JSON.parse(exported.stdout);
    expect(data.lead).toMatchObject({ email: 'ines@example.fr', phone: '+33612345678' });
    expect(data.events[0]).toMatchObject({ kind: 'callback', attribution: { utm_source: 'google' } });
    expect(data.consents[0]).toMatchObject({ granted: true, form: 'callback', page: '/contact/' });

    const list = cli('list', '--since', '7d', '--format', 'csv');
    expect(list.stdout).toMatch(/^\uFEFFupdatedAt;email;/);
    expect(list.stdout).toContain('ines@example.fr');
    expect(list.stdout).toContain(";'+33612345678;"); // shown as text, never as a formula or a number

    const erased = cli('erase', '--email', 'ines@example.fr');
    expect(erased.stdout).toMatch(/effacées/);
    const reopened = await openSqliteStore(DB);
    expect(await reopened.store.findLeadByEmail('ines@example.fr')).toBeNull();
    expect(await reopened.store.isSuppressed(await emailHash('ines@example.fr'))).toBe(true);
    reopened.driver.close();
    expect(cli('export', '--email', 'ines@example.fr').status).toBe(2);
  });

  it('explains its usage on a bad command', () => {
    const res = cli('delete');
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/Commande inconnue : delete/);
    expect(res.stderr).toMatch(/npm run leads -- export --email/);
  });
});
