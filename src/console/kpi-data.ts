// What the KPI report and the audience page are computed from: the console's queries turned into
// the plain rows of src/marketing/kpis.ts, for a month or a year of Europe/Paris. The console,
// `npm run report` and the tests all go through here, on SQLite and on D1 alike.
import type { ConsoleStore } from './store';
import type { Marketing } from '../marketing/config';
import { computeKpis, mergeSpend, type KpiPeriod, type KpiReport, type LeadRow } from '../marketing/kpis';
import { BadInput } from './errors';
import { zonedMonth, zonedTime, monthName } from '../lib/zoned';
import { parisDay } from '../lib/calendar';
import { touchMedium, touchSource } from '../marketing/attribution';

export interface ConsolePeriod {
  kind: 'month' | 'year';
  key: string;
  label: string;
  /** First day of the period and first day after it (YYYY-MM-DD, Paris). */
  fromDay: string;
  toDay: string;
  /** The same bounds as instants (ISO, UTC). */
  from: string;
  to: string;
  kpi: KpiPeriod;
  /** The previous and next periods' keys, for the page's links. */
  previous: string;
  next: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const start = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return zonedTime(y, m, d, '00:00').toISOString();
};

/** ?mois=YYYY-MM or ?annee=YYYY (default: the current month in Paris); odd values are a 422. */
export function parsePeriod(mois: string | undefined, annee: string | undefined, now: Date): ConsolePeriod {
  if (annee !== undefined && annee !== '') {
    if (!/^(20[2-9]\d)$/.test(annee)) throw new BadInput('annee', 'année attendue sur quatre chiffres, de 2020 à 2099');
    const y = Number(annee);
    return { kind: 'year', key: annee, label: annee, fromDay: `${y}-01-01`, toDay: `${y + 1}-01-01`, from: start(`${y}-01-01`), to: start(`${y + 1}-01-01`), kpi: { kind: 'year', key: annee }, previous: String(y - 1), next: String(y + 1) };
  }
  let y: number;
  let m: number;
  if (mois !== undefined && mois !== '') {
    const match = /^(20[2-9]\d)-(0[1-9]|1[0-2])$/.exec(mois);
    if (!match) throw new BadInput('mois', 'mois attendu au format AAAA-MM, par exemple 2026-12');
    y = Number(match[1]);
    m = Number(match[2]);
  } else {
    ({ year: y, month: m } = zonedMonth(now));
  }
  const key = `${y}-${pad(m)}`;
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  return {
    kind: 'month',
    key,
    label: monthName(y, m),
    fromDay: `${key}-01`,
    toDay: `${ny}-${pad(nm)}-01`,
    from: start(`${key}-01`),
    to: start(`${ny}-${pad(nm)}-01`),
    kpi: { kind: 'month', key },
    previous: `${py}-${pad(pm)}`,
    next: `${ny}-${pad(nm)}`,
  };
}

const attribution = (raw: unknown): Record<string, string> => {
  try {
    const v = raw ? (JSON.parse(String(raw)) as unknown) : {};
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
};

export interface AudienceSummary {
  days: { day: string; visitors: number; pageViews: number }[];
  visitors: number;
  pageViews: number;
  daysMeasured: number;
  trainingVisitors: number;
  formVisitors: number;
  /** Dimension → count, largest first. */
  pages: [string, number][];
  entries: [string, number][];
  referrers: [string, number][];
  devices: [string, number][];
  formStarts: [string, number][];
}

/** The period's daily aggregates, with today's visitors counted live (not yet rolled up). */
export async function loadAudience(store: ConsoleStore, period: ConsolePeriod, today: string): Promise<AudienceSummary> {
  const rows = await store.audienceDaily(period.fromDay, period.toDay);
  const live = today >= period.fromDay && today < period.toDay ? await store.audienceToday(today) : null;
  const byDay = new Map<string, { visitors: number; pageViews: number }>();
  const dims: Record<string, Map<string, number>> = {};
  let trainingVisitors = live?.training ?? 0;
  let formVisitors = live?.form ?? 0;
  for (const r of rows) {
    const d = byDay.get(r.day) ?? { visitors: 0, pageViews: 0 };
    if (r.metric === 'visitors') d.visitors += Number(r.count);
    else if (r.metric === 'pageviews') d.pageViews += Number(r.count);
    else if (r.metric === 'funnel-training') trainingVisitors += Number(r.count);
    else if (r.metric === 'funnel-form') formVisitors += Number(r.count);
    byDay.set(r.day, d);
    if (['pageviews', 'entry', 'referrer', 'device', 'form-start'].includes(r.metric)) {
      const m = (dims[r.metric] ??= new Map());
      m.set(r.dimension, (m.get(r.dimension) ?? 0) + Number(r.count));
    }
  }
  if (live && (live.visitors || byDay.has(today))) {
    const d = byDay.get(today) ?? { visitors: 0, pageViews: 0 };
    d.visitors += live.visitors;
    byDay.set(today, d);
  }
  const days = [...byDay.entries()].map(([day, v]) => ({ day, ...v })).sort((a, b) => a.day.localeCompare(b.day));
  const top = (metric: string) => [...(dims[metric] ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    days,
    visitors: days.reduce((n, d) => n + d.visitors, 0),
    pageViews: days.reduce((n, d) => n + d.pageViews, 0),
    daysMeasured: days.filter((d) => d.visitors || d.pageViews).length,
    trainingVisitors,
    formVisitors,
    pages: top('pageviews'),
    entries: top('entry'),
    referrers: top('referrer'),
    devices: top('device'),
    formStarts: top('form-start'),
  };
}

export interface KpiSources {
  console: ConsoleStore;
  marketing: Marketing;
  trainingTitles: Record<string, string>;
  today: string;
}

export interface ConsoleKpis {
  report: KpiReport;
  /** Per day of a month, or per month of a year, up to today: visitors and leads (the page's line chart). */
  series: { x: string; visitors: number | null; leads: number }[];
}

/** The plan's KPIs for the period, from the store (audience, leads, enrolments, spend). */
export async function kpiReportFrom(src: KpiSources, period: ConsolePeriod): Promise<ConsoleKpis> {
  const audience = await loadAudience(src.console, period, src.today);
  const leads: LeadRow[] = (await src.console.leadsCreated(period.from, period.to)).map((r) => {
    const a = attribution(r.first_attribution);
    return {
      createdAt: String(r.created_at),
      temperature: String(r.temperature),
      kind: String(r.first_kind ?? ''),
      // The first touch's source (a Google Ads click without UTM counts as google / cpc).
      source: touchSource(a) === '(direct)' ? null : touchSource(a),
      medium: touchMedium(a),
      campaign: a.utm_campaign ?? null,
      landingPage: a.entryPage ?? a.landingPage ?? null,
      training: (r.training as string | null) ?? null,
      region: (r.region as string | null) ?? null,
    };
  });
  const enrolmentRows = await src.console.enrolments(period.fromDay, period.toDay);
  const enrolments = enrolmentRows.map((r) => ({
    enrolledOn: String(r.enrolled_on),
    amountEur: Number(r.amount_eur),
    status: (r.status === 'cancelled' ? 'cancelled' : 'active') as 'active' | 'cancelled',
    campaign: attribution(r.first_attribution).utm_campaign ?? null,
  }));
  const fromMonth = period.fromDay.slice(0, 7);
  const toMonth = period.kind === 'year' ? `${period.key}-12` : period.key;
  const entered = (await src.console.spend(fromMonth, toMonth)).map((r) => ({ month: String(r.month), campaign: String(r.campaign), amountEur: Number(r.amount_eur) }));
  const spend = mergeSpend(period.kpi, src.marketing.campaigns, entered);
  const measured = audience.daysMeasured > 0;
  const report = computeKpis({
    period: period.kpi,
    audience: measured
      ? { visitors: audience.visitors, pageViews: audience.pageViews, daysMeasured: audience.daysMeasured, daysInPeriod: daysBetween(period.fromDay, period.toDay) }
      : null,
    leads,
    enrolments,
    spend,
    funnel: measured
      ? { landings: audience.visitors, trainingPageVisitors: audience.trainingVisitors, formStarters: audience.formVisitors, leads: leads.length, enrolments: enrolments.filter((e) => e.status === 'active').length }
      : null,
    marketing: src.marketing,
    labels: { trainings: src.trainingTitles },
  });
  return { report, series: seriesOf(period, audience, leads, src.today) };
}

/** Visitors and leads per day (a month) or per month (a year), every step present. */
function seriesOf(period: ConsolePeriod, audience: AudienceSummary, leads: LeadRow[], today: string): ConsoleKpis['series'] {
  const size = period.kind === 'month' ? 10 : 7;
  const keys: string[] = [];
  if (period.kind === 'month') for (let d = period.fromDay; d < period.toDay; d = nextDay(d)) keys.push(d);
  else for (let m = 1; m <= 12; m++) keys.push(`${period.key}-${pad(m)}`);
  const visitors = new Map<string, number>();
  for (const d of audience.days) visitors.set(d.day.slice(0, size), (visitors.get(d.day.slice(0, size)) ?? 0) + d.visitors);
  const leadCount = new Map<string, number>();
  for (const l of leads) {
    const key = parisDay(new Date(l.createdAt)).slice(0, size);
    leadCount.set(key, (leadCount.get(key) ?? 0) + 1);
  }
  // The days (months) to come are not zeros: the series stops today.
  return keys.filter((x) => x <= today.slice(0, size)).map((x) => ({ x, visitors: visitors.has(x) ? visitors.get(x)! : null, leads: leadCount.get(x) ?? 0 }));
}

function nextDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The console's shortcut: the edge's own rules and clock. */
export function loadKpiReport(
  edge: { rules: { marketing: Marketing; trainingTitles: Record<string, string> }; now: () => Date },
  store: ConsoleStore,
  period: ConsolePeriod,
): Promise<ConsoleKpis> {
  return kpiReportFrom({ console: store, marketing: edge.rules.marketing, trainingTitles: edge.rules.trainingTitles, today: parisDay(edge.now()) }, period);
}
