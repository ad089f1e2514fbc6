// `npm run report`: the statistics of given counts agree with GrowthBook's published formulas to
// four decimal places (computed here independently of src/marketing/experiment-stats.ts), and the
// KPI and experiment reports read the local store.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/edge/store/sqlite';
import { createConsoleStore } from '../../src/console/store';

const dir = mkdtempSync(join(tmpdir(), 'report-'));
const run = (args: string[], env: Record<string, string> = {}) => spawnSync('node_modules/.bin/tsx', ['scripts/report.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const statsOf = (variants: { key: string; weight: number; units: number; conversions: number }[]) => {
  const file = join(dir, `stats-${Math.random()}.json`);
  writeFileSync(file, JSON.stringify({ variants }));
  const out = run(['stats', '--input', file]);
  expect(out.status, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as { variants: Record<string, number | string | null>[]; srmPValue: number | null };
};

// Standard normal CDF (Abramowitz–Stegun 7.1.26 is too coarse for 4 dp: erf by its series instead).
function erf(x: number): number {
  // Maclaurin series, exact to 1e-15 for |x| < 3; beyond, the continued fraction of erfc.
  if (Math.abs(x) < 3) {
    let sum = x;
    let term = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (Math.abs(x) + f);
  const erfc = Math.exp(-x * x) / Math.sqrt(Math.PI) / (Math.abs(x) + f);
  return Math.sign(x) * (1 - erfc);
}
const phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));

describe('npm run report -- stats', () => {
  it('agrees to 4 dp with GrowthBook\'s formulas (docs « Statistical Details »: delta method for the relative lift, Gaussian Bayesian with a flat prior, SRM chi-square)', () => {
    const [a, b] = [
      { key: 'a', weight: 0.5, units: 10_000, conversions: 1_000 },
      { key: 'b', weight: 0.5, units: 10_200, conversions: 1_120 },
    ];
    const out = statsOf([a!, b!]);
    const pa = a!.conversions / a!.units;
    const pb = b!.conversions / b!.units;
    // Proportion metric: variance p(1 − p) (gbstats ProportionStatistic).
    const va = pa * (1 - pa);
    const vb = pb * (1 - pb);
    const lift = (pb - pa) / pa;
    // Delta method, relative effect: Var = vb/(nb·pa²) + va·pb²/(na·pa⁴).
    const se = Math.sqrt(vb / (b!.units * pa * pa) + (va * pb * pb) / (a!.units * pa ** 4));
    // Bayesian, flat prior: chance to win = 1 − Φ(0; lift, se) = Φ(lift / se).
    const chance = phi(lift / se);
    // Large samples: the Welch t is the normal to well below 1e-4.
    const p = 2 * (1 - phi(Math.abs(lift / se)));
    const low = lift - 1.959964 * se;
    const high = lift + 1.959964 * se;
    // SRM: chi-square with 1 degree of freedom, expected units by weight.
    const total = a!.units + b!.units;
    const chi = ((a!.units - total / 2) ** 2 + (b!.units - total / 2) ** 2) / (total / 2);
    const srm = 2 * (1 - phi(Math.sqrt(chi)));
    const v = out.variants[1]!;
    expect(out.variants[0]).toMatchObject({ key: 'a', lift: null, pValue: null, chanceToWin: null });
    expect(out.variants[0]!.rate as number).toBeCloseTo(pa, 4);
    expect(v.key).toBe('b');
    expect(v.rate as number).toBeCloseTo(pb, 4);
    expect(v.lift as number).toBeCloseTo(lift, 4);
    expect(v.liftLow as number).toBeCloseTo(low, 4);
    expect(v.liftHigh as number).toBeCloseTo(high, 4);
    expect(v.pValue as number).toBeCloseTo(p, 4);
    expect(v.chanceToWin as number).toBeCloseTo(chance, 4);
    expect(out.srmPValue as number).toBeCloseTo(srm, 4);
  });

  it('a sample-ratio mismatch shows in srmPValue (GrowthBook warns below 0.001)', () => {
    const out = statsOf([
      { key: 'a', weight: 0.5, units: 5_000, conversions: 400 },
      { key: 'b', weight: 0.5, units: 5_400, conversions: 450 },
    ]);
    const chi = (200 ** 2 + 200 ** 2) / 5_200;
    expect(out.srmPValue!).toBeCloseTo(2 * (1 - phi(Math.sqrt(chi))), 4);
    expect(out.srmPValue!).toBeLessThan(0.001);
  });

  it('refuses a bad file naming the field and the rule, with exit code 2', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ variants: [{ key: 'a', weight: 1, units: 10, conversions: 11 }] }));
    const out = run(['stats', '--input', file]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('variants[0].conversions');
    writeFileSync(file, '{ pas du json');
    expect(run(['stats', '--input', file]).stderr).toContain('JSON invalide');
    expect(run(['stats', '--input', join(dir, 'absent.json')]).stderr).toContain('fichier introuvable');
  });
});

describe('npm run report -- kpis and experiments', () => {
  it('reads the local store: the month’s KPIs as JSON and CSV, the experiments with their verdict', async () => {
    const db = join(dir, 'leads.db');
    const { driver } = await openSqliteStore(db);
    const team = createConsoleStore(driver);
    const now = new Date().toISOString();
    await driver.batch([{ sql: "INSERT INTO leads (id, email, first_name, created_at, updated_at, score, temperature) VALUES ('l1', 'a@example.fr', 'Anna', ?, ?, 40, 'warm')", params: [now, now] }]);
    await team.recordEnrolment({ leadId: 'l1', training: null, amountEur: 1490, enrolledOn: now.slice(0, 10), by: 'test', now });
    // A contact who only applied to a partner programme is no lead of the KPIs; one who also asked
    // for information is.
    await driver.batch([
      { sql: "INSERT INTO leads (id, email, first_name, created_at, updated_at, score, temperature) VALUES ('p1', 'p@example.fr', 'Paul', ?, ?, 0, 'cold'), ('p2', 'q@example.fr', 'Quentin', ?, ?, 0, 'cold')", params: [now, now, now, now] },
      { sql: "INSERT INTO lead_events (id, lead_id, kind, created_at) VALUES ('e1', 'p1', 'partner', ?), ('e2', 'p2', 'partner', ?), ('e3', 'p2', 'info', ?)", params: [now, now, now] },
    ]);
    driver.close();
    const month = now.slice(0, 7);
    const json = run(['kpis', '--month', month, '--format', 'json'], { LEADS_DB: db });
    expect(json.status, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { totals: { leads: number; qualifiedLeads: number; revenueEur: number }; kpis: { key: string; status: string }[] };
    expect(report.totals).toMatchObject({ leads: 2, qualifiedLeads: 1, revenueEur: 1490 });
    expect(report.kpis.find((k) => k.key === 'bounce-rate')!.status).toBe('non-mesurable');
    const csv = run(['kpis', '--month', month, '--format', 'csv'], { LEADS_DB: db });
    expect(csv.stdout.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('periode;groupe;indicateur;libelle;valeur;objectif;base_objectif;unite;statut;note');
    expect(csv.stdout).toContain(`${month};conversion;enrolments;`);
    const experiments = JSON.parse(execFileSync('node_modules/.bin/tsx', ['scripts/report.ts', 'experiments', '--format', 'json'], { encoding: 'utf8', env: { ...process.env, LEADS_DB: db } })) as { key: string; verdict: { headline: string } }[];
    expect(experiments.map((e) => e.key)).toEqual(['hero', 'cta', 'email-subject']);
    expect(experiments[0]!.verdict.headline).toBe('Pas encore de conclusion');
    expect(run(['kpis', '--month', '2026-13'], { LEADS_DB: db }).stderr).toContain('--month : mois attendu au format AAAA-MM');
    expect(run(['kpis'], { LEADS_DB: db }).status).toBe(2);
  }, 60_000);
});

describe('npm run report -- ads-conversions', () => {
  it('writes Google Ads’ click-conversion import file from the local store: a lead with a gclid, its enrolment; iOS clicks counted, not listed', async () => {
    const db = join(dir, 'ads.db');
    const { driver } = await openSqliteStore(db);
    const team = createConsoleStore(driver);
    const clicked = new Date(Date.now() - 2 * 86_400_000);
    const at = clicked.toISOString();
    const touch = JSON.stringify({ at, utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'Primo_Arrivants', gclid: 'TeSt123', entryPage: '/formation-primo-arrivant-890-euros/' });
    const ios = JSON.stringify({ at, gbraid: 'ios-1' });
    await driver.batch([
      { sql: "INSERT INTO leads (id, email, first_name, created_at, updated_at, score, temperature, first_touch, last_touch) VALUES ('l1', 'a@example.fr', 'Anna', ?, ?, 40, 'warm', ?, ?)", params: [at, at, touch, touch] },
      { sql: "INSERT INTO leads (id, email, first_name, created_at, updated_at, score, temperature, first_touch, last_touch) VALUES ('l2', 'b@example.fr', 'Bruno', ?, ?, 40, 'warm', ?, ?)", params: [at, at, ios, ios] },
      { sql: "INSERT INTO leads (id, email, first_name, created_at, updated_at, score, temperature) VALUES ('l3', 'c@example.fr', 'Chloé', ?, ?, 40, 'warm')", params: [at, at] },
    ]);
    const { zonedDateTime } = await import('../../src/lib/zoned');
    const recorded = new Date();
    await team.recordEnrolment({ leadId: 'l1', training: 'cap-maintenance-vehicules', amountEur: 2490, enrolledOn: zonedDateTime(recorded).slice(0, 10), by: 'test', now: recorded.toISOString() });
    driver.close();
    const out = run(['ads-conversions', '--since', '7d'], { LEADS_DB: db });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toBe(
      [
        'Parameters:TimeZone=Europe/Paris',
        'Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency',
        `TeSt123,Lead,${zonedDateTime(clicked)},,`,
        `TeSt123,Inscription,${zonedDateTime(recorded)},2490,EUR`,
        '',
      ].join('\r\n'),
    );
    expect(out.stderr).toContain('1 lead(s) « Lead » et 1 inscription(s) « Inscription » sur 7 jour(s)');
    expect(out.stderr).toContain('1 conversion(s) venue(s) d’un clic iOS (gbraid ou wbraid seulement) non listée(s)');
    const named = run(['ads-conversions', '--since', '7d', '--lead-name', 'Demande de guide'], { LEADS_DB: db });
    expect(named.stdout.split('\r\n')[2]).toBe(`TeSt123,Demande de guide,${zonedDateTime(clicked)},,`);
    // The lead (two days ago) is out of a one-day window; the enrolment (today) is in.
    expect(run(['ads-conversions', '--since', '1d'], { LEADS_DB: db }).stdout.split('\r\n').slice(2)).toEqual([`TeSt123,Inscription,${zonedDateTime(recorded)},2490,EUR`, '']);
    expect(run(['ads-conversions', '--since', 'trente'], { LEADS_DB: db }).stderr).toContain('--since : nombre de jours attendu');
    expect(run(['ads-conversions', '--lead-name', '=HYPERLINK()'], { LEADS_DB: db }).status).toBe(2);
  }, 60_000);
});
