// `npm run partners -- …` and `npm run automation -- complete-enrolment` on a real SQLite file:
// a partner added from the terminal (code and links printed), an enrolment with its amount and the
// lead's code, the statement as JSON and CSV; odd arguments exit 2 with a French message.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMigrations, sqliteDriver } from '../../src/edge/store/sqlite';
import { parisDay } from '../../src/lib/calendar';

const run = (dir: string, script: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    env: { ...process.env, LEADS_DB: join(dir, 'leads.db'), OUTBOX_DIR: join(dir, 'outbox'), FORM_SECRET: 'cli-secret', SITE_URL: 'https://www.mecaformation.fr' },
    encoding: 'utf8',
  });

describe('npm run partners and complete-enrolment', () => {
  it('adds a partner, records a referred enrolment of 2 490 €, and gives its statement', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'partners-cli-'));
    const add = run(dir, 'partners', 'add', '--programme', 'influencer', '--name', 'Léa Mécanique', '--email', 'Lea@Example.fr', '--phone', '06 11 22 33 44');
    expect(add.status, add.stderr).toBe(0);
    const code = /^Code : ([2-9B-Z]{4}-[2-9B-Z]{4})$/m.exec(add.stdout)![1]!;
    expect(add.stdout).toContain(`Lien de parrainage : https://www.mecaformation.fr/parrainage/${code}/`);
    expect(add.stdout).toMatch(/Espace du partenaire \(lien privé\) : https:\/\/www\.mecaformation\.fr\/partenaires\/espace\/[0-9a-f-]{36}\.[\w-]{32}\//);
    expect(add.stdout).toContain('programme « Influenceurs et influenceuses automobile »');
    const again = run(dir, 'partners', 'add', '--programme', 'alumni', '--name', 'Léa M.', '--email', 'lea@example.fr');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`un partenaire actif a déjà cette adresse (code ${code})`);

    // A lead who came with the code (as the edge stores it).
    const db = sqliteDriver(join(dir, 'leads.db'));
    await db.migrate(readMigrations());
    await db.batch([{ sql: "INSERT INTO leads (id, email, first_name, score, temperature, created_at, updated_at, referral_code, referral_at) VALUES ('0a0a0a0a-0000-4000-8000-000000000001', 'abonne@example.fr', 'Yanis', 0, 'froid', '2026-01-01', '2026-01-01', ?, '2026-01-01')", params: [code] }]);
    db.close();

    const noAmount = run(dir, 'automation', 'complete-enrolment', '--email', 'abonne@example.fr');
    expect(noAmount.status).toBe(2);
    expect(noAmount.stderr).toContain('--amount (Montant (€)) : obligatoire');
    const badDate = run(dir, 'automation', 'complete-enrolment', '--email', 'abonne@example.fr', '--amount', '2490', '--date', '2026-02-30');
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toContain('--date (Date d’inscription) : date attendue au format AAAA-MM-JJ');
    const badAmount = run(dir, 'automation', 'complete-enrolment', '--email', 'abonne@example.fr', '--amount', 'deux mille');
    expect(badAmount.stderr).toContain('--amount (Montant (€)) : montant en euros attendu');
    const day = parisDay(new Date());
    const ok = run(dir, 'automation', 'complete-enrolment', '--email', 'abonne@example.fr', '--amount', '2 490', '--training', 'cap-maintenance-vehicules');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`Inscription enregistrée : 2\u202f490\u00a0€ le ${day}, code de parrainage ${code} (Influenceurs et influenceuses automobile)`);

    const json = run(dir, 'partners', 'statement', '--code', code.toLowerCase(), '--year', day.slice(0, 4));
    expect(json.status, json.stderr).toBe(0);
    const statement = JSON.parse(json.stdout);
    expect(statement).toMatchObject({ partner: { code, programme: 'influenceurs-auto' }, withdrawalWindowDays: 14, referrals: 1, commissionEur: 124.5, totalEur: 124.5, perks: ['Accès à la plateforme premium'] });
    expect(statement.lines).toEqual([expect.objectContaining({ enrolledOn: day, amountEur: 2490, status: 'pending', commissionEur: 124.5 })]);
    expect(json.stdout).not.toContain('abonne@example.fr');
    expect(json.stdout).not.toContain('Yanis');
    const csv = run(dir, 'partners', 'statement', '--code', code, '--year', day.slice(0, 4), '--format', 'csv');
    expect(csv.stdout.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('date_inscription;formation;montant_eur;statut;annulee_le;fin_delai_retractation;rang_annee;commission_eur;prime_eur;places_offertes');
    expect(csv.stdout).toContain('"124,50"');

    for (const [args, message] of [
      [['statement', '--code', code, '--year', '26'], '--year : année attendue'],
      [['statement', '--code', 'ZZZZ-ZZZZ', '--year', '2026'], '--code : aucun partenaire avec le code ZZZZ-ZZZZ'],
      [['statement', '--code', 'abc', '--year', '2026'], '--code : code de parrainage attendu'],
      [['add', '--programme', 'parrain', '--name', 'X Y', '--email', 'x@example.fr'], '--programme (Programme)'],
      [['add', '--programme', 'garage', '--name', 'Garage', '--email', 'g@example.fr', '--phone', '12'], '--phone (Téléphone)'],
      [['frobnicate'], 'Commande inconnue : frobnicate.'],
    ] as const) {
      const res = run(dir, 'partners', ...args);
      expect(res.status, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toContain(message);
    }

    // --sql prints the statement for D1 and writes nothing.
    const sql = run(dir, 'partners', 'add', '--programme', 'garage', '--name', 'Garage de l’Étang', '--email', 'etang@example.fr', '--sql');
    expect(sql.status, sql.stderr).toBe(0);
    expect(sql.stdout).toMatch(/^INSERT INTO partners \(id, code, programme, name, email, phone, created_at, created_by\) VALUES \('[0-9a-f-]{36}', '[2-9B-Z]{4}-[2-9B-Z]{4}', 'partenaires-garages', 'Garage de l’Étang', 'etang@example.fr', NULL, '[^']+', 'npm run partners'\);\n$/);
    const list = run(dir, 'partners', 'list');
    expect(list.stdout).not.toContain('etang@example.fr');
    expect(list.stdout).toContain(`${code}\tinfluenceurs-auto\tLéa Mécanique <lea@example.fr>\tactif\t1 demande(s), 1 inscription(s)`);
    const disable = run(dir, 'partners', 'disable', '--code', code);
    expect(disable.stdout).toContain(`Code ${code} désactivé`);
    expect(run(dir, 'partners', 'disable', '--code', code).status).toBe(2);
  }, 120_000);
});
