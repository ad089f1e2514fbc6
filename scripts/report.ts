// `npm run report -- <command>`: the console's figures for scripts.
//   kpis --month YYYY-MM | --year YYYY [--format json|csv]   the plan's KPIs against their targets
//   experiments [--format json]                              every experiment's statistics and verdict
//   stats --input FILE                                       the statistics for given counts
//   ads-conversions [--since 30d] [--lead-name N] [--enrolment-name N]
//                                                            Google Ads' click-conversion import file
//                                                            (CSV on stdout, a summary on stderr)
// kpis, experiments and ads-conversions read the local store (LEADS_DB, default .data/leads.db) and content/
// (CONTENT_ROOT); stats reads only FILE: {"variants": [{"key", "weight", "units", "conversions"}, …]},
// the first variant being the control, and prints per variant key, rate, lift, liftLow, liftHigh,
// pValue, chanceToWin, and the experiment's srmPValue.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseStatsInput, statsReport, ExperimentInputError } from '../src/marketing/experiment-stats';
import { toCsv } from '../src/lib/csv';
import { parisDay } from '../src/lib/calendar';

const USAGE = `Usage :
  npm run report -- kpis --month AAAA-MM [--format json|csv]
  npm run report -- kpis --year AAAA [--format json|csv]
  npm run report -- experiments [--format json]
  npm run report -- stats --input fichier.json
  npm run report -- ads-conversions [--since 30d] [--lead-name Lead] [--enrolment-name Inscription] > conversions.csv`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    month: { type: 'string' },
    year: { type: 'string' },
    format: { type: 'string', default: 'json' },
    input: { type: 'string' },
    since: { type: 'string', default: '30d' },
    'lead-name': { type: 'string' },
    'enrolment-name': { type: 'string' },
  },
});
const [command] = positionals;
const fail = (message: string, code = 2): never => {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(code);
};

if (command === 'stats') {
  if (!values.input) fail('--input : fichier JSON des comptes attendu.');
  let text: string;
  try {
    text = readFileSync(values.input!, 'utf8');
  } catch {
    fail(`--input : fichier introuvable ou illisible (${values.input}).`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text!);
  } catch (error) {
    fail(`${values.input} : JSON invalide (${(error as Error).message}).`);
  }
  const parsed = parseStatsInput(raw);
  if (!parsed.success) fail(new ExperimentInputError(parsed.problems.map((p) => `${values.input}, ${p}`)).message);
  else console.log(JSON.stringify(statsReport(parsed.data), null, 2));
} else if (command === 'ads-conversions') {
  const { parseSince } = await import('../src/lib/period');
  const days = parseSince(values.since, 30);
  if (days === null) fail(`--since : nombre de jours attendu, de 1d à 3650d, par exemple 30d (reçu : ${values.since}).`);
  for (const flag of ['lead-name', 'enrolment-name'] as const) {
    const v = values[flag];
    if (v !== undefined && (!v.trim() || v.length > 100 || /^[=+\-@]/.test(v))) fail(`--${flag} : nom de l’action de conversion attendu, tel qu’il est écrit dans Google Ads (100 caractères au plus, sans =, +, - ni @ au début).`);
  }
  const { openSqliteStore } = await import('../src/edge/store/sqlite');
  const { readRules } = await import('../src/edge/rules-snapshot');
  const { createConsoleStore } = await import('../src/console/store');
  const { conversionNames, loadAdsConversions } = await import('../src/console/ads-data');
  const rules = readRules(process.env.CONTENT_ROOT ?? 'content');
  const { driver } = await openSqliteStore(resolve(process.env.LEADS_DB ?? '.data/leads.db'));
  try {
    const names = conversionNames(rules.marketing, { lead: values['lead-name']?.trim(), enrolment: values['enrolment-name']?.trim() });
    const result = await loadAdsConversions(createConsoleStore(driver), names, new Date(), Number(days));
    process.stdout.write(result.csv);
    const leads = result.conversions.filter((c) => c.kind === 'lead').length;
    console.error(
      `${leads} lead(s) « ${names.lead} » et ${result.conversions.length - leads} inscription(s) « ${names.enrolment} » sur ${days} jour(s), avec un gclid.` +
        (result.iosOnly ? ` ${result.iosOnly} conversion(s) venue(s) d’un clic iOS (gbraid ou wbraid seulement) non listée(s) : ce fichier n’accepte que le gclid (l’API Google Ads accepte les deux autres).` : ''),
    );
  } finally {
    driver.close();
  }
} else if (command === 'kpis' || command === 'experiments') {
  if (!['json', ...(command === 'kpis' ? ['csv'] : [])].includes(values.format!)) fail(`--format : ${command === 'kpis' ? 'json ou csv' : 'json'} attendu (reçu : ${values.format}).`);
  const { openSqliteStore } = await import('../src/edge/store/sqlite');
  const { readRules } = await import('../src/edge/rules-snapshot');
  const { createConsoleStore } = await import('../src/console/store');
  const { createAutomation } = await import('../src/automation/engine');
  const { BadInput } = await import('../src/console/errors');
  const rules = readRules(process.env.CONTENT_ROOT ?? 'content');
  const { driver } = await openSqliteStore(resolve(process.env.LEADS_DB ?? '.data/leads.db'));
  const store = createConsoleStore(driver);
  try {
    if (command === 'kpis') {
      const { parsePeriod, kpiReportFrom } = await import('../src/console/kpi-data');
      if (!values.month === !values.year) fail('kpis : --month AAAA-MM ou --year AAAA attendu (l’un des deux).');
      let period;
      try {
        period = parsePeriod(values.month, values.year, new Date());
      } catch (error) {
        if (error instanceof BadInput) fail(`--${values.month ? 'month' : 'year'} : ${error.rule}.`);
        throw error;
      }
      const { report } = await kpiReportFrom({ console: store, marketing: rules.marketing, trainingTitles: rules.trainingTitles, today: parisDay(new Date()) }, period!);
      if (values.format === 'json') console.log(JSON.stringify(report, null, 2));
      else
        process.stdout.write(
          toCsv(
            report.kpis.map((k) => ({ periode: report.period.key, groupe: k.group, indicateur: k.key, libelle: k.label, valeur: k.value, objectif: k.targetForPeriod, base_objectif: k.targetBasis, unite: k.unit, statut: k.status, note: k.note })),
          ),
        );
    } else {
      const { experimentResults } = await import('../src/console/experiments');
      const automation = createAutomation({ db: driver, rules, mailer: { async send() {} }, siteUrl: rules.marketing.organization.siteUrl, secret: 'report' });
      const results = experimentResults(rules.marketing.experiments, rules.emails, { ab: await store.abCounts(), email: await automation.experimentStats() });
      console.log(
        JSON.stringify(
          results.map((r) => ({ key: r.key, label: r.label, status: r.status, metric: r.metric, units: r.unitLabel, conversions: r.conversionLabel, variants: r.stats.variants, srmPValue: r.stats.srmPValue, srmWarning: r.stats.srmWarning, verdict: { ...r.verdict, headline: r.headline }, next: r.next })),
          null,
          2,
        ),
      );
    }
  } finally {
    driver.close();
  }
} else {
  fail(command ? `Commande inconnue : ${command}.` : 'Commande manquante.');
}
