// The marketing plan's KPIs (content/marketing/kpis.yaml) computed from what the school measures,
// against the plan's targets, for a calendar month or a calendar year (Europe/Paris).
//
// Pure module: no node:*, Astro or DOM import. It runs in Node, in workerd and in the browser.
// The caller (the team console) reads its tables and passes plain rows; nothing here queries.
//
// Decisions:
// - Qualified lead: a lead whose temperature is one of kpis.yaml `qualifiedLead.temperatures`
//   (warm and hot). The temperature is the lead's current one, so a month's figure can still rise.
// - The plan's lead figures chain on qualified leads (5 000 visitors × 8 % = 400 qualified leads;
//   400 × 8 % = 32 enrolments; 15 € / 8 % ≈ 187 € per customer), so the lead conversion rate, the
//   enrolment conversion rate and the cost per lead use qualified leads; each note also gives the
//   figure for all leads.
// - Periods: a target with period `month` is compared as is on a month and × 12 on a year
//   (targetBasis 'months-summed'); a target with period `year` is compared as is on a year and,
//   on a month, as one twelfth of it (targetBasis 'prorata', flagged in the note: a linear share
//   of a seasonal business, for guidance only); a rate, cost or ratio target (period null, or a
//   yearly ratio) holds for any period (targetBasis 'any-period').
// - Comparators (kpis.yaml: eq = value to reach, lt = stay below, gt = stay above): `eq` is
//   reached when the value is at least the target, except for costs (cost-per-lead,
//   cost-per-customer), where a target is a ceiling: « 15 € par lead » is reached at 15 € or less.
//   `lt` and `gt` are strict.
// - Status: 'atteint' / 'non-atteint' against targetForPeriod; 'non-mesurable' when the site does
//   not measure it, by design (bounce rate and session duration: the audience measurement exempt
//   from consent keeps no identifier beyond the day, so there is no session; customer lifetime
//   value: it needs years of purchases per customer); 'pas-de-donnees' when it is measurable but
//   the period lacks an input (no audience measured, no lead to divide by, no spend).
//   A cost with spend but no lead or enrolment is 'non-atteint' with value null (no division).
// - Unique visitors: the audience measurement recognises a visitor within a day only, so a
//   period's « visiteurs uniques » is the sum of each day's unique visitors (said in the note).
// - Revenue: the sum of the active enrolments of the period, whatever brought them (their
//   attribution to marketing is not measured); ROI = revenue / spend (« 13:1 » = 13).
// - Campaign matching: a lead's utm_campaign matches a campaigns.yaml campaign when, once
//   normalised (accents dropped, lower case, every run of other characters turned into « - »), it
//   equals the campaign's key or its normalised seedName: « Formation_Generale », « formation
//   générale » and « formation-generale » all match formation-generale; « formation-generale-2026 »
//   does not (no prefix matching: a suffixed name is reported as its own campaign).
import type { Marketing, SpendEntry } from './config';
import { formatEuros, frenchText, NBSP, NNBSP } from '../lib/typography';
import { monthName, zonedMonth, zonedTime } from '../lib/zoned';

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/** A calendar month ('2026-12') or a calendar year ('2026') of Europe/Paris. */
export type KpiPeriod = { kind: 'month'; key: string } | { kind: 'year'; key: string };

/** Audience measured over the period (daily aggregates summed), or null when nothing was measured. */
export interface AudienceInput {
  /** Sum of each measured day's unique visitors. */
  visitors: number;
  pageViews: number;
  /** Days of the period with a measurement. */
  daysMeasured: number;
  /** Days of the period (must match the period: 31 for '2026-12'). */
  daysInPeriod: number;
}

/** A lead created in the period, with its first-touch attribution (every row counts as one lead). */
export interface LeadRow {
  /** ISO instant of creation, e.g. '2026-12-03T09:15:00.000Z'. */
  createdAt: string;
  /** Current temperature: a key of lead-scoring.yaml thresholds (cold, warm, hot). */
  temperature: string;
  /** Form kind of the first request (guide, info, callback…). */
  kind: string;
  source: string | null;
  medium: string | null;
  campaign: string | null;
  landingPage: string | null;
  training: string | null;
  region: string | null;
}

/** An enrolment recorded by the team, dated in the period. */
export interface EnrolmentRow {
  /** Local date (Europe/Paris), 'YYYY-MM-DD'. */
  enrolledOn: string;
  amountEur: number;
  status: 'active' | 'cancelled';
  /**
   * utm_campaign of the enrolled person's lead, when the caller joins it (null: none). Leave it
   * out (undefined) when enrolments are not joined to leads: costs per enrolment per campaign are
   * then not computed.
   */
  campaign?: string | null;
}

/** Spend of one campaign in one month: entered by the team, or the plan's budget as a fallback. */
export interface SpendRow {
  month: string;
  /** A key of campaigns.yaml (googleAds or special). */
  campaign: string;
  amountEur: number;
  origin: 'saisie' | 'budget';
}

/** Visitors at each step of the site's funnel over the period, or null when not measured. */
export interface FunnelInput {
  landings: number;
  trainingPageVisitors: number;
  formStarters: number;
  leads: number;
  enrolments: number;
}

export interface KpiInput {
  period: KpiPeriod;
  audience: AudienceInput | null;
  leads: readonly LeadRow[];
  enrolments: readonly EnrolmentRow[];
  /** Build it with `mergeSpend` (console entries, campaigns.yaml spend, budget fallback). */
  spend: readonly SpendRow[];
  funnel: FunnelInput | null;
  /** The parsed plan: targets, the qualified-lead rule, campaign keys, temperature labels. */
  marketing: Pick<Marketing, 'kpis' | 'campaigns' | 'leadScoring'>;
  /** Optional display names: training slug → title, region slug → name. */
  labels?: { trainings?: Record<string, string>; regions?: Record<string, string> };
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

export type KpiStatus = 'atteint' | 'non-atteint' | 'non-mesurable' | 'pas-de-donnees';
export type KpiGroup = 'traffic' | 'conversion' | 'roi' | 'annual';
/**
 * How targetForPeriod was derived from the plan's target:
 * 'period' the target is set for this kind of period; 'months-summed' a monthly target × 12 on a
 * year; 'prorata' a yearly target / 12 on a month (for guidance); 'any-period' a rate, cost or
 * ratio, the same whatever the period.
 */
export type TargetBasis = 'period' | 'months-summed' | 'prorata' | 'any-period';
export type KpiUnit = 'count' | 'percent' | 'eur' | 'minutes' | 'ratio';

export interface KpiResult {
  /** `${group}/${key}`, unique in the report (unique-visitors is both a traffic and an annual KPI). */
  id: string;
  group: KpiGroup;
  key: string;
  label: string;
  unit: KpiUnit;
  comparator: 'eq' | 'lt' | 'gt';
  /** 'higher': reached at or above the target (eq); 'lower': at or below (eq on a cost). */
  direction: 'higher' | 'lower';
  /** The plan's target as written in kpis.yaml, for its own period. */
  target: number;
  targetPeriod: 'month' | 'year' | 'session' | null;
  /** The target this report's period is compared with. */
  targetForPeriod: number;
  targetBasis: TargetBasis;
  /** Measured value in the KPI's unit (percent: 8 = 8 %; ratio: 13 = 13:1), null when none. */
  value: number | null;
  /** French text of the value and of targetForPeriod (« 1 490 € », « 8,3 % », « 12,7:1 »). */
  display: { value: string | null; target: string };
  status: KpiStatus;
  /** What the figure is based on, in French. */
  note: string;
}

export interface BreakdownRow {
  /** Grouping value (normalised campaign key for campaigns), null for « (direct) » / « (non renseigné) ». */
  key: string | null;
  label: string;
  leads: number;
  qualifiedLeads: number;
  /** Share of all leads of the period, in percent. */
  sharePercent: number;
}

export interface CampaignRow {
  key: string;
  label: string;
  /** 'google-ads' and 'special' come from campaigns.yaml; 'autre' is a utm_campaign matching none. */
  kind: 'google-ads' | 'special' | 'autre';
  leads: number;
  qualifiedLeads: number;
  /** Active enrolments attributed to the campaign, null when enrolments are not joined to leads. */
  enrolments: number | null;
  spendEur: number | null;
  spendOrigin: 'saisie' | 'budget' | 'mixte' | null;
  /** Spend / qualified leads of the campaign. */
  costPerLead: number | null;
  /** Spend / all leads of the campaign, qualified or not. */
  costPerAnyLead: number | null;
  /** Spend / active enrolments of the campaign. */
  costPerEnrolment: number | null;
  note: string;
}

export interface FunnelStep {
  key: keyof FunnelInput;
  label: string;
  value: number;
  /** value / previous step's value × 100, null for the first step or after a step at 0. */
  fromPreviousPercent: number | null;
  /** 100 − fromPreviousPercent: the share lost since the previous step (negative if it grew). */
  dropOffPercent: number | null;
  /** value / first step's value × 100. */
  fromFirstPercent: number | null;
}

export type LeadDimension = 'source' | 'medium' | 'campaign' | 'landingPage' | 'training' | 'region' | 'kind' | 'temperature';

export interface KpiReport {
  period: {
    kind: 'month' | 'year';
    key: string;
    /** « décembre 2026 », « 2026 ». */
    label: string;
    /** First instant of the period and first instant after it (ISO, UTC). */
    start: string;
    end: string;
    days: number;
    months: string[];
  };
  qualifiedLead: { temperatures: string[]; labels: string[] };
  totals: {
    visitors: number | null;
    pageViews: number | null;
    daysMeasured: number;
    leads: number;
    qualifiedLeads: number;
    enrolments: number;
    cancelledEnrolments: number;
    revenueEur: number;
    /** Null when there is no spend row at all. */
    spendEur: number | null;
    spendEnteredEur: number;
    spendBudgetEur: number;
  };
  kpis: KpiResult[];
  breakdowns: {
    leadsBy: Record<LeadDimension, BreakdownRow[]>;
    campaigns: CampaignRow[];
    funnel: FunnelStep[] | null;
  };
}

/** The input was refused; `problems` lists one French message per field. */
export class KpiInputError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Données des indicateurs invalides${NNBSP}:\n- ${problems.join('\n- ')}`);
    this.name = 'KpiInputError';
    this.problems = problems;
  }
}

// ---------------------------------------------------------------------------------------------
// French formatting
// ---------------------------------------------------------------------------------------------

const nf0 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const eur2 = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** « 1 000 » (U+202F between groups). */
export const formatCount = (n: number): string => nf0.format(n);
const nfSmall = new Intl.NumberFormat('fr-FR', { maximumSignificantDigits: 2 });
/** « 8,3 % », « 0,032 % » (two significant digits below 1 %, so a small rate never reads 0 %); U+00A0 before %. */
export const formatPercent = (n: number): string => `${n !== 0 && Math.abs(n) < 1 ? nfSmall.format(n) : nf1.format(n)}${NBSP}%`;
/** « 1 490 € », « 13,33 € »: no cents on whole amounts (src/lib/typography.ts formatEuros). */
export const formatEur = (n: number): string => (Math.abs(n - Math.round(n)) < 0.005 ? formatEuros(Math.round(n)) : eur2.format(n));
/** « 12,7:1 » (kpis.yaml writes ratios as « 13:1 »). */
export const formatRatio = (n: number): string => `${nf1.format(n)}:1`;

export function formatKpiValue(value: number, unit: KpiUnit): string {
  switch (unit) {
    case 'count':
      return formatCount(value);
    case 'percent':
      return formatPercent(value);
    case 'eur':
      return formatEur(value);
    case 'minutes':
      return `${nf1.format(value)}${NBSP}min`;
    case 'ratio':
      return formatRatio(value);
  }
}

/** French typography on a sentence built here (U+202F before : ; ! ?, U+00A0 before € and %). */
const fr = (s: string) => frenchText(s);
const plural = (n: number, one: string, many: string) => (n >= 2 ? many : one);

// ---------------------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------------------

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const YEAR_RE = /^(\d{4})$/;
const DAY_RE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const pad = (n: number) => String(n).padStart(2, '0');
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Bounds, days and months of a period; throws KpiInputError on a malformed key. */
export function periodInfo(period: KpiPeriod): KpiReport['period'] {
  if (period?.kind === 'month' && MONTH_RE.test(period.key)) {
    const [y, m] = period.key.split('-').map(Number) as [number, number];
    const next = m === 12 ? [y + 1, 1] : [y, m + 1];
    return {
      kind: 'month',
      key: period.key,
      label: monthName(y, m),
      start: zonedTime(y, m, 1, '00:00').toISOString(),
      end: zonedTime(next[0]!, next[1]!, 1, '00:00').toISOString(),
      days: daysInMonth(y, m),
      months: [period.key],
    };
  }
  if (period?.kind === 'year' && YEAR_RE.test(period.key)) {
    const y = Number(period.key);
    const months = Array.from({ length: 12 }, (_, i) => `${y}-${pad(i + 1)}`);
    return {
      kind: 'year',
      key: period.key,
      label: period.key,
      start: zonedTime(y, 1, 1, '00:00').toISOString(),
      end: zonedTime(y + 1, 1, 1, '00:00').toISOString(),
      days: months.reduce((s, _, i) => s + daysInMonth(y, i + 1), 0),
      months,
    };
  }
  throw new KpiInputError([
    `period${NNBSP}: attendu { kind: 'month', key: 'AAAA-MM' } ou { kind: 'year', key: 'AAAA' } (reçu ${JSON.stringify(period)})`,
  ]);
}

// ---------------------------------------------------------------------------------------------
// Spend: console entries, campaigns.yaml spend, budget fallback
// ---------------------------------------------------------------------------------------------

/**
 * The spend rows of a period: for each month and campaign, the console's entry, else the entry of
 * campaigns.yaml `spend`, else (Google Ads campaigns only) the plan's budgetPerMonthEur, flagged
 * 'budget'. Special campaigns have no fallback: the plan gives no dates for them. Enter 0 for a
 * campaign that did not run, or its budget is counted.
 */
export function mergeSpend(
  period: KpiPeriod,
  campaigns: Pick<Marketing['campaigns'], 'googleAds' | 'special' | 'spend'>,
  consoleEntries: readonly SpendEntry[] = [],
): SpendRow[] {
  const { months } = periodInfo(period);
  const inPeriod = new Set(months);
  const byKey = new Map<string, SpendRow>();
  const id = (month: string, campaign: string) => `${month} ${campaign}`;
  for (const e of campaigns.spend) if (inPeriod.has(e.month)) byKey.set(id(e.month, e.campaign), { ...e, origin: 'saisie' });
  for (const e of consoleEntries) if (inPeriod.has(e.month)) byKey.set(id(e.month, e.campaign), { month: e.month, campaign: e.campaign, amountEur: e.amountEur, origin: 'saisie' });
  for (const month of months) {
    for (const g of campaigns.googleAds) {
      if (!byKey.has(id(month, g.key))) byKey.set(id(month, g.key), { month, campaign: g.key, amountEur: g.budgetPerMonthEur, origin: 'budget' });
    }
  }
  const order = new Map([...campaigns.googleAds, ...campaigns.special].map((c, i) => [c.key, i]));
  return [...byKey.values()].sort(
    (a, b) => a.month.localeCompare(b.month) || (order.get(a.campaign) ?? 1e9) - (order.get(b.campaign) ?? 1e9) || a.campaign.localeCompare(b.campaign),
  );
}

// ---------------------------------------------------------------------------------------------
// Campaign matching
// ---------------------------------------------------------------------------------------------

/** « Formation_Générale » → « formation-generale ». */
export function normalizeCampaign(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

interface KnownCampaign {
  key: string;
  label: string;
  kind: 'google-ads' | 'special';
}

function knownCampaigns(c: Pick<Marketing['campaigns'], 'googleAds' | 'special'>): KnownCampaign[] {
  return [
    ...c.googleAds.map((g) => ({ key: g.key, label: g.label, kind: 'google-ads' as const, seed: g.seedName })),
    ...c.special.map((s) => ({ key: s.key, label: s.title, kind: 'special' as const, seed: s.seedName })),
  ];
}

/** The campaigns.yaml key a utm_campaign matches (see the rule at the top), or null. */
export function matchCampaign(utmCampaign: string | null, campaigns: Pick<Marketing['campaigns'], 'googleAds' | 'special'>): string | null {
  if (utmCampaign === null) return null;
  const n = normalizeCampaign(utmCampaign);
  if (!n) return null;
  for (const c of [...campaigns.googleAds, ...campaigns.special]) {
    if (n === c.key || n === normalizeCampaign(c.seedName)) return c.key;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Input checks
// ---------------------------------------------------------------------------------------------

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isAmount = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

function check(input: KpiInput, info: KpiReport['period']): void {
  const problems: string[] = [];
  const bad = (path: string, rule: string, got?: unknown) =>
    problems.push(`${path}${NNBSP}: ${rule}${got === undefined ? '' : ` (reçu ${typeof got === 'number' ? String(got) : JSON.stringify(got)})`}`);
  const months = new Set(info.months);

  const a = input.audience;
  if (a !== null) {
    if (typeof a !== 'object') bad('audience', 'objet { visitors, pageViews, daysMeasured, daysInPeriod } ou null attendu', a);
    else {
      for (const k of ['visitors', 'pageViews', 'daysMeasured', 'daysInPeriod'] as const) {
        if (!isCount(a[k])) bad(`audience.${k}`, 'entier positif ou nul attendu', a[k]);
      }
      if (isCount(a.daysInPeriod) && a.daysInPeriod !== info.days) bad('audience.daysInPeriod', `${info.days} attendu pour ${info.key}`, a.daysInPeriod);
      if (isCount(a.daysMeasured) && a.daysMeasured > info.days) bad('audience.daysMeasured', `au plus ${info.days} jours pour ${info.key}`, a.daysMeasured);
    }
  }

  input.leads.forEach((l, i) => {
    const t = typeof l.createdAt === 'string' ? Date.parse(l.createdAt) : NaN;
    if (Number.isNaN(t)) bad(`leads.${i}.createdAt`, 'date ISO attendue', l.createdAt);
    else if (!months.has(zonedMonth(new Date(t)).key)) bad(`leads.${i}.createdAt`, `hors de la période ${info.key} (heure de Paris)`, l.createdAt);
    if (typeof l.temperature !== 'string') bad(`leads.${i}.temperature`, 'texte attendu', l.temperature);
    for (const k of ['source', 'medium', 'campaign', 'landingPage', 'training', 'region'] as const) {
      if (l[k] !== null && typeof l[k] !== 'string') bad(`leads.${i}.${k}`, 'texte ou null attendu', l[k]);
    }
  });

  input.enrolments.forEach((e, i) => {
    if (typeof e.enrolledOn !== 'string' || !DAY_RE.test(e.enrolledOn)) bad(`enrolments.${i}.enrolledOn`, 'date AAAA-MM-JJ attendue', e.enrolledOn);
    else if (!months.has(e.enrolledOn.slice(0, 7))) bad(`enrolments.${i}.enrolledOn`, `hors de la période ${info.key}`, e.enrolledOn);
    if (!isAmount(e.amountEur)) bad(`enrolments.${i}.amountEur`, 'montant positif ou nul attendu', e.amountEur);
    if (e.status !== 'active' && e.status !== 'cancelled') bad(`enrolments.${i}.status`, '« active » ou « cancelled » attendu', e.status);
  });

  const seen = new Map<string, number>();
  input.spend.forEach((s, i) => {
    if (typeof s.month !== 'string' || !MONTH_RE.test(s.month)) bad(`spend.${i}.month`, 'mois AAAA-MM attendu', s.month);
    else if (!months.has(s.month)) bad(`spend.${i}.month`, `hors de la période ${info.key}`, s.month);
    if (!isAmount(s.amountEur)) bad(`spend.${i}.amountEur`, 'montant positif ou nul attendu', s.amountEur);
    if (s.origin !== 'saisie' && s.origin !== 'budget') bad(`spend.${i}.origin`, '« saisie » ou « budget » attendu', s.origin);
    const k = `${s.month} ${s.campaign}`;
    if (seen.has(k)) bad(`spend.${i}`, `la campagne ${s.campaign} a déjà une dépense pour ${s.month} (spend.${seen.get(k)})`);
    else seen.set(k, i);
  });

  const f = input.funnel;
  if (f !== null) {
    for (const k of FUNNEL_KEYS) if (!isCount(f?.[k])) bad(`funnel.${k}`, 'entier positif ou nul attendu', f?.[k]);
  }
  if (problems.length > 0) throw new KpiInputError(problems);
}

// ---------------------------------------------------------------------------------------------
// KPIs
// ---------------------------------------------------------------------------------------------

/** KPIs where less is better: an `eq` target is a ceiling. */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['cost-per-lead', 'cost-per-customer']);
/** Units that add up over time (a yearly target is 12 monthly ones); the others are rates. */
const EXTENSIVE: ReadonlySet<KpiUnit> = new Set(['count', 'eur']);
const EPSILON = 1e-9;

interface Measure {
  value: number | null;
  /** Forces a status (non-mesurable, pas-de-donnees, or non-atteint for a cost over 0 units). */
  status?: KpiStatus;
  note: string;
}

interface Facts {
  info: KpiReport['period'];
  audience: AudienceInput | null;
  leads: number;
  qualified: number;
  qualifiedWords: string;
  enrolments: number;
  cancelled: number;
  revenue: number;
  spend: number | null;
  spendNote: string;
}

function audienceBasis(f: Facts): string {
  const a = f.audience!;
  return a.daysMeasured === f.info.days
    ? `sur les ${f.info.days} jours de la période`
    : `sur ${a.daysMeasured} ${plural(a.daysMeasured, 'jour mesuré', 'jours mesurés')} sur ${f.info.days}`;
}

const noAudience = (f: Facts): Measure | null =>
  f.audience === null || f.audience.daysMeasured === 0
    ? { value: null, status: 'pas-de-donnees', note: `Aucune mesure d’audience sur ${f.info.label}.` }
    : null;

const NO_SESSION =
  'le site ne reconstitue aucune visite : par choix, la mesure d’audience exemptée de consentement ne garde aucun identifiant au-delà du jour, donc ni session, ni parcours, ni durée.';

function spendNote(rows: readonly SpendRow[]): string {
  const entered = rows.filter((r) => r.origin === 'saisie').reduce((s, r) => s + r.amountEur, 0);
  const budget = rows.filter((r) => r.origin === 'budget').reduce((s, r) => s + r.amountEur, 0);
  const hasEntered = rows.some((r) => r.origin === 'saisie');
  const hasBudget = rows.some((r) => r.origin === 'budget');
  if (!hasEntered) return `dépense : budget prévu par le plan (${formatEur(budget)}), aucune dépense réelle saisie`;
  if (!hasBudget) return `dépense : ${formatEur(entered)} saisis par l’équipe`;
  return `dépense : ${formatEur(entered)} saisis et ${formatEur(budget)} de budget prévu pour les campagnes et mois sans saisie`;
}

function cost(spend: number | null, units: number, what: string, none: string, f: Facts): Measure {
  if (spend === null) return { value: null, status: 'pas-de-donnees', note: 'Aucune dépense saisie ni budget de campagne sur la période.' };
  if (units === 0) {
    return spend > 0
      ? { value: null, status: 'non-atteint', note: `${formatEur(spend)} pour ${none} : coût non défini (${f.spendNote}).` }
      : { value: null, status: 'pas-de-donnees', note: `Ni dépense ni ${what} sur la période.` };
  }
  return { value: spend / units, note: `${formatEur(spend)} pour ${units} ${what} (${f.spendNote}).` };
}

function roi(f: Facts): Measure {
  if (f.spend === null) return { value: null, status: 'pas-de-donnees', note: 'Aucune dépense saisie ni budget de campagne sur la période.' };
  if (f.spend === 0) return { value: null, status: 'pas-de-donnees', note: `Dépense nulle : retour sur investissement non défini (${f.spendNote}).` };
  return {
    value: f.revenue / f.spend,
    note: `${formatEur(f.revenue)} de chiffre d’affaires (inscriptions actives) pour ${formatEur(f.spend)} de dépense marketing (${f.spendNote}).`,
  };
}

const MEASURES: Record<string, (f: Facts) => Measure> = {
  'unique-visitors': (f) =>
    noAudience(f) ?? {
      value: f.audience!.visitors,
      note: `Somme des visiteurs uniques de chaque jour, ${audienceBasis(f)} : la mesure exemptée de consentement ne reconnaît pas un visiteur d’un jour à l’autre, un visiteur revenu un autre jour compte une fois par jour.`,
    },
  'page-views': (f) => noAudience(f) ?? { value: f.audience!.pageViews, note: `Pages vues ${audienceBasis(f)}.` },
  'bounce-rate': () => ({ value: null, status: 'non-mesurable', note: `Non mesurable : ${NO_SESSION}` }),
  'session-duration': () => ({ value: null, status: 'non-mesurable', note: `Non mesurable : ${NO_SESSION}` }),
  'qualified-leads': (f) => ({
    value: f.qualified,
    note: `Leads ${f.qualifiedWords} créés sur la période : ${f.qualified} sur ${f.leads} ${plural(f.leads, 'lead', 'leads')} (température actuelle, qui peut encore monter).`,
  }),
  'lead-conversion-rate': (f) => {
    const none = noAudience(f);
    if (none) return none;
    const v = f.audience!.visitors;
    if (v === 0) return { value: null, status: 'pas-de-donnees', note: `Aucun visiteur mesuré ${audienceBasis(f)}.` };
    const partial =
      f.audience!.daysMeasured < f.info.days ? ' Les leads des jours non mesurés sont comptés aussi : le taux peut être surestimé.' : '';
    return {
      value: (f.qualified / v) * 100,
      note: `${f.qualified} ${plural(f.qualified, 'lead qualifié', 'leads qualifiés')} pour ${formatCount(v)} visiteurs (somme des visiteurs de chaque jour, ${audienceBasis(f)}) ; tous leads confondus : ${formatPercent((f.leads / v) * 100)}.${partial}`,
    };
  },
  enrolments: (f) => ({
    value: f.enrolments,
    note: `${f.enrolments} ${plural(f.enrolments, 'inscription active', 'inscriptions actives')} sur la période${f.cancelled ? ` (${f.cancelled} ${plural(f.cancelled, 'annulée', 'annulées')}, non ${plural(f.cancelled, 'comptée', 'comptées')})` : ''}, toutes origines.`,
  }),
  'enrolment-conversion-rate': (f) =>
    f.qualified === 0
      ? { value: null, status: 'pas-de-donnees', note: `Aucun lead qualifié sur la période (${f.enrolments} ${plural(f.enrolments, 'inscription', 'inscriptions')}) : taux non défini.` }
      : {
          value: (f.enrolments / f.qualified) * 100,
          note: `${f.enrolments} ${plural(f.enrolments, 'inscription', 'inscriptions')} pour ${f.qualified} ${plural(f.qualified, 'lead qualifié', 'leads qualifiés')} de la période${f.leads ? ` (tous leads : ${formatPercent((f.enrolments / f.leads) * 100)})` : ''} ; pas une cohorte : une inscription peut venir d’un lead d’une période antérieure.`,
        },
  'cost-per-lead': (f) => cost(f.spend, f.qualified, plural(f.qualified, 'lead qualifié', 'leads qualifiés'), 'aucun lead qualifié', f),
  'cost-per-customer': (f) => cost(f.spend, f.enrolments, plural(f.enrolments, 'inscription active', 'inscriptions actives'), 'aucune inscription active', f),
  'customer-lifetime-value': (f) => ({
    value: null,
    status: 'non-mesurable',
    note: `Non mesurable : il faudrait suivre les achats de chaque client sur plusieurs années (réinscriptions, formations complémentaires) ; l’école n’a pas cet historique.${f.enrolments ? ` Pour information, montant moyen d’une inscription sur la période : ${formatEur(f.revenue / f.enrolments)} (un minorant, pas la valeur vie client).` : ''}`,
  }),
  'marketing-roi': roi,
  'marketing-revenue': (f) => ({
    value: f.revenue,
    note: `Somme des inscriptions actives de la période (${f.enrolments}), toutes origines : leur attribution au marketing n’est pas mesurée.`,
  }),
};

function targetFor(kpi: { value: number; unit: KpiUnit; period: KpiResult['targetPeriod'] }, kind: 'month' | 'year'): { target: number; basis: TargetBasis } {
  const extensive = EXTENSIVE.has(kpi.unit);
  if (kpi.period === 'month' && extensive) return kind === 'month' ? { target: kpi.value, basis: 'period' } : { target: kpi.value * 12, basis: 'months-summed' };
  if (kpi.period === 'year' && extensive) return kind === 'year' ? { target: kpi.value, basis: 'period' } : { target: kpi.value / 12, basis: 'prorata' };
  return { target: kpi.value, basis: kpi.period === (kind === 'month' ? 'month' : 'year') ? 'period' : 'any-period' };
}

function basisNote(basis: TargetBasis, kpi: { value: number; unit: KpiUnit; period: KpiResult['targetPeriod'] }): string {
  switch (basis) {
    case 'months-summed':
      return ` Objectif : ${formatKpiValue(kpi.value, kpi.unit)} par mois × 12.`;
    case 'prorata':
      return ` Objectif annuel ramené au mois (1/12 de ${formatKpiValue(kpi.value, kpi.unit)}), à titre indicatif : l’activité est saisonnière.`;
    case 'any-period':
      return kpi.period === 'year' ? ' Objectif fixé pour l’année, appliqué tel quel à la période.' : '';
    default:
      return '';
  }
}

/** 'atteint' or 'non-atteint': eq reached at or above the target (at or below for a cost), lt and gt strict. */
export function kpiStatus(value: number, target: number, comparator: KpiResult['comparator'], direction: KpiResult['direction']): 'atteint' | 'non-atteint' {
  const ok =
    comparator === 'lt' ? value < target - EPSILON
    : comparator === 'gt' ? value > target + EPSILON
    : direction === 'lower' ? value <= target + EPSILON
    : value >= target - EPSILON;
  return ok ? 'atteint' : 'non-atteint';
}

// ---------------------------------------------------------------------------------------------
// Breakdowns
// ---------------------------------------------------------------------------------------------

const DIRECT = '(direct)';
const UNKNOWN = '(non renseigné)';

const KIND_LABELS: Record<string, string> = {
  guide: 'Guide gratuit',
  info: 'Demande d’information',
  callback: 'Demande de rappel',
  webinar: 'Webinaire',
  newsletter: 'Lettre d’information',
  'garage-quote': 'Devis garage',
  enrolment: 'Demande d’inscription',
  profile: 'Compléments de profil',
  partner: 'Candidature de partenaire',
};

const FUNNEL_KEYS = ['landings', 'trainingPageVisitors', 'formStarters', 'leads', 'enrolments'] as const;
const FUNNEL_LABELS: Record<(typeof FUNNEL_KEYS)[number], string> = {
  landings: 'Arrivée sur le site',
  trainingPageVisitors: 'Page formation vue',
  formStarters: 'Formulaire commencé',
  leads: 'Demande envoyée (lead)',
  enrolments: 'Inscription',
};

const blank = (s: string | null | undefined): s is null | undefined => s === null || s === undefined || s.trim() === '';
const collator = new Intl.Collator('fr');

function breakdown(
  leads: readonly LeadRow[],
  isQualified: (l: LeadRow) => boolean,
  pick: (l: LeadRow) => { key: string | null; label: string },
  order?: (a: BreakdownRow, b: BreakdownRow) => number,
): BreakdownRow[] {
  const groups = new Map<string | null, BreakdownRow>();
  for (const l of leads) {
    const { key, label } = pick(l);
    let row = groups.get(key);
    if (!row) groups.set(key, (row = { key, label, leads: 0, qualifiedLeads: 0, sharePercent: 0 }));
    row.leads++;
    if (isQualified(l)) row.qualifiedLeads++;
  }
  const rows = [...groups.values()];
  for (const r of rows) r.sharePercent = (r.leads / leads.length) * 100;
  return rows.sort(order ?? ((a, b) => b.leads - a.leads || b.qualifiedLeads - a.qualifiedLeads || collator.compare(a.label, b.label)));
}

function funnelSteps(f: FunnelInput): FunnelStep[] {
  const first = f.landings;
  return FUNNEL_KEYS.map((key, i) => {
    const value = f[key];
    const prev = i === 0 ? null : f[FUNNEL_KEYS[i - 1]!];
    const fromPrevious = prev === null || prev === 0 ? null : (value / prev) * 100;
    return {
      key,
      label: FUNNEL_LABELS[key],
      value,
      fromPreviousPercent: fromPrevious,
      dropOffPercent: fromPrevious === null ? null : 100 - fromPrevious,
      fromFirstPercent: first === 0 ? null : (value / first) * 100,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

/** Computes the plan's KPIs for a period; throws KpiInputError when a row is malformed. */
export function computeKpis(input: KpiInput): KpiReport {
  const info = periodInfo(input.period);
  check(input, info);
  const { kpis, campaigns, leadScoring } = input.marketing;

  const qualifiedSet = new Set(kpis.qualifiedLead.temperatures);
  const thresholdLabel = new Map(leadScoring.thresholds.map((t) => [t.key, t.label]));
  const isQualified = (l: LeadRow) => qualifiedSet.has(l.temperature);
  const qualifiedLabels = kpis.qualifiedLead.temperatures.map((t) => thresholdLabel.get(t) ?? t);
  // « tièdes ou chauds » from « Lead tiède », « Lead chaud ».
  const words = qualifiedLabels.map((l) => l.replace(/^Lead\s+/i, '').toLowerCase() + 's');
  const qualifiedWords = words.length > 1 ? `${words.slice(0, -1).join(', ')} ou ${words.at(-1)}` : (words[0] ?? '');

  const active = input.enrolments.filter((e) => e.status === 'active');
  const revenue = active.reduce((s, e) => s + e.amountEur, 0);
  const spendEntered = input.spend.filter((r) => r.origin === 'saisie').reduce((s, r) => s + r.amountEur, 0);
  const spendBudget = input.spend.filter((r) => r.origin === 'budget').reduce((s, r) => s + r.amountEur, 0);
  const spend = input.spend.length === 0 ? null : spendEntered + spendBudget;
  const qualified = input.leads.filter(isQualified).length;

  const facts: Facts = {
    info,
    audience: input.audience,
    leads: input.leads.length,
    qualified,
    qualifiedWords,
    enrolments: active.length,
    cancelled: input.enrolments.length - active.length,
    revenue,
    spend,
    spendNote: input.spend.length ? spendNote(input.spend) : '',
  };

  const groups: [KpiGroup, Marketing['kpis']['acquisition']['traffic']][] = [
    ['traffic', kpis.acquisition.traffic],
    ['conversion', kpis.acquisition.conversion],
    ['roi', kpis.acquisition.roi],
    ['annual', kpis.annual.quantitative],
  ];
  const results: KpiResult[] = groups.flatMap(([group, list]) =>
    list.map((k): KpiResult => {
      const direction = k.comparator === 'eq' && LOWER_IS_BETTER.has(k.key) ? 'lower' : 'higher';
      const { target, basis } = targetFor(k, info.kind);
      const measure = MEASURES[k.key]?.(facts) ?? {
        value: null,
        status: 'non-mesurable' as const,
        note: `Aucun calcul défini pour cet indicateur (src/marketing/kpis.ts).`,
      };
      const value = measure.value !== null && Number.isFinite(measure.value) ? measure.value : null;
      const status = measure.status ?? (value === null ? 'pas-de-donnees' : kpiStatus(value, target, k.comparator, direction));
      const basisText = status === 'non-mesurable' ? '' : basisNote(basis, k);
      return {
        id: `${group}/${k.key}`,
        group,
        key: k.key,
        label: fr(k.label),
        unit: k.unit,
        comparator: k.comparator,
        direction,
        target: k.value,
        targetPeriod: k.period,
        targetForPeriod: target,
        targetBasis: basis,
        value,
        display: { value: value === null ? null : formatKpiValue(value, k.unit), target: formatKpiValue(target, k.unit) },
        status,
        note: fr(measure.note + basisText),
      };
    }),
  );

  // Leads by dimension.
  const labelled = (map: Record<string, string> | undefined, empty: string) => (v: string | null) =>
    blank(v) ? { key: null, label: empty } : { key: v.trim(), label: map?.[v.trim()] ?? v.trim() };
  const known = knownCampaigns(campaigns);
  const knownLabel = new Map(known.map((c) => [c.key, c.label]));
  const campaignOf = (v: string | null) => {
    if (blank(v)) return { key: null, label: DIRECT };
    const k = matchCampaign(v, campaigns);
    return k ? { key: k, label: knownLabel.get(k)! } : { key: normalizeCampaign(v) || v.trim(), label: v.trim() };
  };
  const temperatureOrder = new Map(leadScoring.thresholds.map((t, i) => [t.key, i]));
  const leadsBy: Record<LeadDimension, BreakdownRow[]> = {
    source: breakdown(input.leads, isQualified, (l) => labelled(undefined, DIRECT)(l.source)),
    medium: breakdown(input.leads, isQualified, (l) => labelled(undefined, DIRECT)(l.medium)),
    campaign: breakdown(input.leads, isQualified, (l) => campaignOf(l.campaign)),
    landingPage: breakdown(input.leads, isQualified, (l) => labelled(undefined, UNKNOWN)(l.landingPage)),
    training: breakdown(input.leads, isQualified, (l) => labelled(input.labels?.trainings, UNKNOWN)(l.training)),
    region: breakdown(input.leads, isQualified, (l) => labelled(input.labels?.regions, UNKNOWN)(l.region)),
    kind: breakdown(input.leads, isQualified, (l) => labelled(KIND_LABELS, UNKNOWN)(l.kind)),
    temperature: breakdown(
      input.leads,
      isQualified,
      (l) => labelled(Object.fromEntries(thresholdLabel), UNKNOWN)(l.temperature),
      (a, b) => (temperatureOrder.get(a.key ?? '') ?? 1e9) - (temperatureOrder.get(b.key ?? '') ?? 1e9) || b.leads - a.leads,
    ),
  };

  // Campaigns: every campaign of campaigns.yaml, then utm_campaign values matching none.
  const enrolmentsJoined = input.enrolments.some((e) => e.campaign !== undefined);
  const campaignRows: CampaignRow[] = known.map((c) => {
    const rows = input.spend.filter((s) => s.campaign === c.key);
    const leads = input.leads.filter((l) => matchCampaign(l.campaign, campaigns) === c.key);
    const q = leads.filter(isQualified).length;
    const e = enrolmentsJoined ? active.filter((x) => matchCampaign(x.campaign ?? null, campaigns) === c.key).length : null;
    const amount = rows.length ? rows.reduce((s, r) => s + r.amountEur, 0) : null;
    const origins = new Set(rows.map((r) => r.origin));
    const origin = origins.size === 0 ? null : origins.size === 2 ? 'mixte' : rows[0]!.origin;
    const notes: string[] = [];
    if (origin === 'budget') notes.push('budget prévu, aucune dépense réelle saisie');
    if (origin === 'mixte') notes.push('dépense saisie en partie, budget prévu pour les mois sans saisie');
    if (amount === null) notes.push(c.kind === 'special' ? 'aucune dépense saisie (pas de budget mensuel pour une campagne spéciale)' : 'aucune dépense');
    if (e === null) notes.push('inscriptions non rattachées aux campagnes');
    return {
      key: c.key,
      label: fr(c.label),
      kind: c.kind,
      leads: leads.length,
      qualifiedLeads: q,
      enrolments: e,
      spendEur: amount,
      spendOrigin: origin,
      costPerLead: amount !== null && q > 0 ? amount / q : null,
      costPerAnyLead: amount !== null && leads.length > 0 ? amount / leads.length : null,
      costPerEnrolment: amount !== null && e !== null && e > 0 ? amount / e : null,
      note: fr(notes.length ? `${notes.join(' ; ')}.`.replace(/^./, (ch) => ch.toUpperCase()) : ''),
    };
  });
  for (const row of leadsBy.campaign) {
    if (row.key === null || knownLabel.has(row.key)) continue;
    campaignRows.push({
      key: row.key,
      label: row.label,
      kind: 'autre',
      leads: row.leads,
      qualifiedLeads: row.qualifiedLeads,
      enrolments: enrolmentsJoined
        ? active.filter((x) => !blank(x.campaign) && matchCampaign(x.campaign!, campaigns) === null && normalizeCampaign(x.campaign!) === row.key).length
        : null,
      spendEur: null,
      spendOrigin: null,
      costPerLead: null,
      costPerAnyLead: null,
      costPerEnrolment: null,
      note: fr('Campagne absente de campaigns.yaml : pas de dépense connue.'),
    });
  }

  return {
    period: info,
    qualifiedLead: { temperatures: [...kpis.qualifiedLead.temperatures], labels: qualifiedLabels },
    totals: {
      visitors: input.audience?.visitors ?? null,
      pageViews: input.audience?.pageViews ?? null,
      daysMeasured: input.audience?.daysMeasured ?? 0,
      leads: input.leads.length,
      qualifiedLeads: qualified,
      enrolments: active.length,
      cancelledEnrolments: input.enrolments.length - active.length,
      revenueEur: revenue,
      spendEur: spend,
      spendEnteredEur: spendEntered,
      spendBudgetEur: spendBudget,
    },
    kpis: results,
    breakdowns: { leadsBy, campaigns: campaignRows, funnel: input.funnel ? funnelSteps(input.funnel) : null },
  };
}
