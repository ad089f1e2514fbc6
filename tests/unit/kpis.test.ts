// The plan's KPIs against its targets (src/marketing/kpis.ts), on hand-computed cases.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarketing } from '../../src/marketing/load';
import {
  computeKpis,
  formatEur,
  formatPercent,
  kpiStatus,
  KpiInputError,
  matchCampaign,
  mergeSpend,
  periodInfo,
  type EnrolmentRow,
  type KpiInput,
  type KpiReport,
  type LeadRow,
} from '../../src/marketing/kpis';

const dir = join(import.meta.dirname, '../../content/marketing');
const sources = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
);
// The real plan, with two spend entries in campaigns.yaml for December 2026.
const marketing = parseMarketing({
  ...sources,
  'campaigns.yaml': sources['campaigns.yaml']!.replace(
    'spend: []',
    'spend:\n  - { month: "2026-12", campaign: primo-arrivants, amountEur: 1200 }\n  - { month: "2026-12", campaign: formation-generale, amountEur: 9999 }',
  ),
});

const NNBSP = '\u202f';
const NBSP = '\u00a0';

function lead(over: Partial<LeadRow> = {}): LeadRow {
  return {
    createdAt: '2026-12-10T10:00:00.000Z',
    temperature: 'cold',
    kind: 'guide',
    source: null,
    medium: null,
    campaign: null,
    landingPage: null,
    training: null,
    region: null,
    ...over,
  };
}

/** December 2026, by hand: 10 leads (2 cold, 5 warm, 3 hot), 3 active enrolments and 1 cancelled. */
const decemberLeads: LeadRow[] = [
  // 00:30 in Paris on 1 December: in December.
  lead({ createdAt: '2026-11-30T23:30:00.000Z', temperature: 'hot', source: 'google', medium: 'cpc', campaign: 'Formation_Generale', landingPage: '/formation-mecanique-automobile/', training: 'cap-maintenance-vehicules', region: 'ile-de-france' }),
  lead({ temperature: 'hot', source: 'google', medium: 'cpc', campaign: 'formation générale', landingPage: '/formation-mecanique-automobile/', training: 'cap-maintenance-vehicules', region: 'ile-de-france' }),
  lead({ temperature: 'warm', source: 'google', medium: 'cpc', campaign: 'formation-generale', landingPage: '/', training: 'bac-pro-maintenance-vehicules', region: 'occitanie' }),
  lead({ temperature: 'warm', source: 'google', medium: 'cpc', campaign: 'primo-arrivants', landingPage: '/cap-maintenance-vehicules-primo-arrivant/', training: 'cap-maintenance-vehicules' }),
  lead({ temperature: 'cold', source: 'google', medium: 'cpc', campaign: 'noel-2026', landingPage: '/' }),
  lead({ temperature: 'warm', source: 'facebook', medium: 'social', kind: 'callback', region: 'ile-de-france' }),
  lead({ temperature: 'cold', source: 'facebook', medium: 'social', kind: 'info' }),
  lead({ temperature: 'warm', kind: 'info', landingPage: '/', training: 'cap-maintenance-vehicules' }),
  lead({ temperature: 'warm', kind: 'info', landingPage: '  ' }),
  // 23:30 in Paris on 31 December: still December.
  lead({ createdAt: '2026-12-31T22:30:00.000Z', temperature: 'hot', kind: 'garage-quote', source: 'linkedin', medium: 'social', campaign: 'Campagne_1490_Garages', region: 'ile-de-france' }),
];

const decemberEnrolments: EnrolmentRow[] = [
  { enrolledOn: '2026-12-02', amountEur: 890, status: 'active', campaign: 'formation-generale' },
  { enrolledOn: '2026-12-15', amountEur: 1490, status: 'active', campaign: 'Campagne_1490_Garages' },
  { enrolledOn: '2026-12-20', amountEur: 890, status: 'active', campaign: null },
  { enrolledOn: '2026-12-21', amountEur: 890, status: 'cancelled', campaign: 'primo-arrivants' },
];

const december = { kind: 'month', key: '2026-12' } as const;

function input(over: Partial<KpiInput> = {}): KpiInput {
  return {
    period: december,
    audience: { visitors: 3100, pageViews: 12400, daysMeasured: 31, daysInPeriod: 31 },
    leads: decemberLeads,
    enrolments: decemberEnrolments,
    // Console: formation-generale 1 800 € (wins over the YAML's 9 999 €); YAML: primo-arrivants
    // 1 200 €; reconversion (1 800 €) and garages (1 000 €) fall back to the plan's budget.
    spend: mergeSpend(december, marketing.campaigns, [{ month: '2026-12', campaign: 'formation-generale', amountEur: 1800 }]),
    funnel: { landings: 2000, trainingPageVisitors: 800, formStarters: 200, leads: 50, enrolments: 5 },
    marketing,
    ...over,
  };
}

const kpi = (r: KpiReport, id: string) => {
  const k = r.kpis.find((x) => x.id === id);
  if (!k) throw new Error(`no KPI ${id}`);
  return k;
};

/** Every number of the report is finite (no NaN, no Infinity). */
function finiteEverywhere(value: unknown, path = 'report'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => finiteEverywhere(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => finiteEverywhere(v, `${path}.${k}`));
  return [];
}

/** Strings of the report shown to people (labels, notes, displayed values). */
function texts(r: KpiReport): string[] {
  return [
    ...r.kpis.flatMap((k) => [k.label, k.note, k.display.value ?? '', k.display.target]),
    ...r.breakdowns.campaigns.flatMap((c) => [c.label, c.note]),
  ];
}

describe('periods', () => {
  it('computes the days and bounds of Paris calendar months and years', () => {
    const dec = periodInfo(december);
    expect(dec).toMatchObject({ label: 'décembre 2026', days: 31, months: ['2026-12'] });
    expect(dec.start).toBe('2026-11-30T23:00:00.000Z'); // winter time, UTC+1
    expect(dec.end).toBe('2026-12-31T23:00:00.000Z');
    expect(periodInfo({ kind: 'month', key: '2028-02' }).days).toBe(29);
    expect(periodInfo({ kind: 'month', key: '2026-07' }).start).toBe('2026-06-30T22:00:00.000Z'); // summer time
    const y = periodInfo({ kind: 'year', key: '2026' });
    expect([y.days, y.months.length, y.months[0], y.months[11], y.label]).toEqual([365, 12, '2026-01', '2026-12', '2026']);
    expect(() => periodInfo({ kind: 'month', key: '2026-13' })).toThrow(KpiInputError);
    expect(() => periodInfo({ kind: 'year', key: '26' })).toThrow(/period/);
  });
});

describe('spend: console entries, campaigns.yaml, budget fallback', () => {
  it('lets the console win over the YAML, and falls back to the Google Ads budgets', () => {
    const rows = mergeSpend(december, marketing.campaigns, [{ month: '2026-12', campaign: 'formation-generale', amountEur: 1800 }]);
    expect(rows).toEqual([
      { month: '2026-12', campaign: 'formation-generale', amountEur: 1800, origin: 'saisie' },
      { month: '2026-12', campaign: 'primo-arrivants', amountEur: 1200, origin: 'saisie' },
      { month: '2026-12', campaign: 'reconversion', amountEur: 1800, origin: 'budget' },
      { month: '2026-12', campaign: 'garages', amountEur: 1000, origin: 'budget' },
    ]);
    // A special campaign's entry is kept; it has no budget fallback (no dates in the plan).
    const withSpecial = mergeSpend(december, marketing.campaigns, [{ month: '2026-12', campaign: 'campagne-890-euros', amountEur: 2500 }]);
    expect(withSpecial.map((r) => [r.campaign, r.amountEur, r.origin])).toEqual([
      ['formation-generale', 9999, 'saisie'],
      ['primo-arrivants', 1200, 'saisie'],
      ['reconversion', 1800, 'budget'],
      ['garages', 1000, 'budget'],
      ['campagne-890-euros', 2500, 'saisie'],
    ]);
    // Entries of other months are left out; a year gets 12 × 4 rows.
    expect(mergeSpend({ kind: 'month', key: '2027-01' }, marketing.campaigns).every((r) => r.origin === 'budget')).toBe(true);
    const year = mergeSpend({ kind: 'year', key: '2026' }, marketing.campaigns);
    expect(year).toHaveLength(48);
    expect(year.reduce((s, r) => s + r.amountEur, 0)).toBe(11 * 6300 + 9999 + 1200 + 1800 + 1000);
  });
});

describe('computeKpis: a month with everything', () => {
  const r = computeKpis(input());

  it('counts the totals', () => {
    expect(r.totals).toEqual({
      visitors: 3100,
      pageViews: 12400,
      daysMeasured: 31,
      leads: 10,
      qualifiedLeads: 8,
      enrolments: 3,
      cancelledEnrolments: 1,
      revenueEur: 3270,
      spendEur: 5800,
      spendEnteredEur: 3000,
      spendBudgetEur: 2800,
    });
    expect(r.qualifiedLead).toEqual({ temperatures: ['warm', 'hot'], labels: ['Lead tiède', 'Lead chaud'] });
    expect(finiteEverywhere(r)).toEqual([]);
  });

  it('computes each KPI of the acquisition plan against its monthly target', () => {
    const rows = r.kpis.filter((k) => k.group !== 'annual').map((k) => [k.key, k.value, k.targetForPeriod, k.targetBasis, k.status]);
    expect(rows).toEqual([
      ['unique-visitors', 3100, 5000, 'period', 'non-atteint'],
      ['page-views', 12400, 25000, 'period', 'non-atteint'],
      ['bounce-rate', null, 45, 'any-period', 'non-mesurable'],
      ['session-duration', null, 3, 'any-period', 'non-mesurable'],
      ['qualified-leads', 8, 400, 'period', 'non-atteint'],
      ['lead-conversion-rate', (8 / 3100) * 100, 8, 'any-period', 'non-atteint'],
      ['enrolments', 3, 32, 'period', 'non-atteint'],
      ['enrolment-conversion-rate', 37.5, 8, 'any-period', 'atteint'],
      ['cost-per-lead', 725, 15, 'any-period', 'non-atteint'],
      ['cost-per-customer', 5800 / 3, 187, 'any-period', 'non-atteint'],
      ['customer-lifetime-value', null, 2500, 'any-period', 'non-mesurable'],
      ['marketing-roi', 3270 / 5800, 13, 'any-period', 'non-atteint'],
    ]);
    expect(kpi(r, 'roi/cost-per-lead').direction).toBe('lower');
    expect(kpi(r, 'conversion/enrolments').direction).toBe('higher');
  });

  it('shows the yearly targets pro rata (1/12) on a month, flagged', () => {
    const rows = r.kpis.filter((k) => k.group === 'annual').map((k) => [k.key, k.value, k.target, k.targetForPeriod, k.targetBasis, k.status]);
    expect(rows).toEqual([
      ['unique-visitors', 3100, 60000, 5000, 'prorata', 'non-atteint'],
      ['qualified-leads', 8, 4800, 400, 'prorata', 'non-atteint'],
      ['enrolments', 3, 384, 32, 'prorata', 'non-atteint'],
      ['marketing-revenue', 3270, 960000, 80000, 'prorata', 'non-atteint'],
      ['marketing-roi', 3270 / 5800, 12, 12, 'any-period', 'non-atteint'],
    ]);
    expect(kpi(r, 'annual/marketing-revenue').note).toContain(`Objectif annuel ramené au mois (1/12 de 960${NNBSP}000${NBSP}€), à titre indicatif`);
    expect(kpi(r, 'annual/marketing-roi').note).toContain('Objectif fixé pour l’année, appliqué tel quel à la période.');
  });

  it('says what each figure is based on, in French', () => {
    expect(kpi(r, 'traffic/unique-visitors').note).toBe(
      `Somme des visiteurs uniques de chaque jour, sur les 31${NBSP}jours de la période${NNBSP}: la mesure exemptée de consentement ne reconnaît pas un visiteur d’un jour à l’autre, un visiteur revenu un autre jour compte une fois par jour.`,
    );
    expect(kpi(r, 'traffic/bounce-rate').note).toMatch(/^Non mesurable\u202f: le site ne reconstitue aucune visite\u202f: par choix, la mesure d’audience exemptée de consentement ne garde aucun identifiant au-delà du jour/);
    expect(kpi(r, 'traffic/session-duration').note).toBe(kpi(r, 'traffic/bounce-rate').note);
    expect(kpi(r, 'conversion/qualified-leads').note).toBe(
      `Leads tièdes ou chauds créés sur la période${NNBSP}: 8 sur 10 leads (température actuelle, qui peut encore monter).`,
    );
    expect(kpi(r, 'conversion/lead-conversion-rate').note).toContain(`tous leads confondus${NNBSP}: 0,32${NBSP}%`);
    expect(kpi(r, 'conversion/lead-conversion-rate').display).toEqual({ value: `0,26${NBSP}%`, target: `8${NBSP}%` });
    expect(kpi(r, 'conversion/enrolments').note).toBe('3 inscriptions actives sur la période (1 annulée, non comptée), toutes origines.');
    expect(kpi(r, 'conversion/enrolment-conversion-rate').note).toContain(`(tous leads${NNBSP}: 30${NBSP}%)`);
    expect(kpi(r, 'roi/cost-per-lead').note).toBe(
      `5${NNBSP}800${NBSP}€ pour 8 leads qualifiés (dépense${NNBSP}: 3${NNBSP}000${NBSP}€ saisis et 2${NNBSP}800${NBSP}€ de budget prévu pour les campagnes et mois sans saisie).`,
    );
    expect(kpi(r, 'roi/cost-per-lead').display).toEqual({ value: `725${NBSP}€`, target: `15${NBSP}€` });
    expect(kpi(r, 'roi/cost-per-customer').display.value).toBe(`1${NNBSP}933,33${NBSP}€`);
    expect(kpi(r, 'roi/customer-lifetime-value').note).toContain(`montant moyen d’une inscription sur la période${NNBSP}: 1${NNBSP}090${NBSP}€ (un minorant, pas la valeur vie client)`);
    expect(kpi(r, 'roi/marketing-roi').display).toEqual({ value: '0,6:1', target: '13:1' });
    expect(kpi(r, 'annual/marketing-revenue').display).toEqual({ value: `3${NNBSP}270${NBSP}€`, target: `80${NNBSP}000${NBSP}€` });
  });

  it('uses French typography in every label and note', () => {
    for (const t of texts(r)) {
      expect(t, t).not.toMatch(/[ \u00a0][;:!?]/); // U+202F before high punctuation
      expect(t, t).not.toMatch(/\S[;!?]/u); // never glued either
      expect(t, t).not.toMatch(/\d[ \u202f]?[€%]/); // U+00A0 before € and %
      expect(t, t).not.toMatch(/\d[ .,]\d{3}\b(?![,\d])/); // U+202F between thousands
      expect(t, t).not.toContain("'");
    }
    expect(formatEur(1490)).toBe(`1${NNBSP}490${NBSP}€`);
    expect(formatEur(13.333)).toBe(`13,33${NBSP}€`);
    expect(formatPercent(37.5)).toBe(`37,5${NBSP}%`);
    expect(formatPercent(0.0323)).toBe(`0,032${NBSP}%`);
    expect(formatPercent(0)).toBe(`0${NBSP}%`);
  });
});

describe('computeKpis: spend entered or budget only', () => {
  it('says when the spend is only the plan’s budget', () => {
    const r = computeKpis(input({ spend: mergeSpend({ kind: 'month', key: '2026-12' }, { ...marketing.campaigns, spend: [] }) }));
    expect(r.totals.spendEur).toBe(6300);
    expect(r.totals.spendEnteredEur).toBe(0);
    expect(kpi(r, 'roi/cost-per-lead').value).toBe(6300 / 8);
    expect(kpi(r, 'roi/cost-per-lead').note).toBe(
      `6${NNBSP}300${NBSP}€ pour 8 leads qualifiés (dépense${NNBSP}: budget prévu par le plan (6${NNBSP}300${NBSP}€), aucune dépense réelle saisie).`,
    );
  });

  it('says when every amount was entered', () => {
    const entered = marketing.campaigns.googleAds.map((g) => ({ month: '2026-12', campaign: g.key, amountEur: 100 }));
    const r = computeKpis(input({ spend: mergeSpend(december, marketing.campaigns, entered) }));
    expect(r.totals).toMatchObject({ spendEur: 400, spendEnteredEur: 400, spendBudgetEur: 0 });
    expect(kpi(r, 'roi/marketing-roi').value).toBe(3270 / 400);
    expect(kpi(r, 'roi/marketing-roi').note).toBe(
      `3${NNBSP}270${NBSP}€ de chiffre d’affaires (inscriptions actives) pour 400${NBSP}€ de dépense marketing (dépense${NNBSP}: 400${NBSP}€ saisis par l’équipe).`,
    );
  });

  it('gives no cost and no ROI without any spend row', () => {
    const r = computeKpis(input({ spend: [] }));
    for (const id of ['roi/cost-per-lead', 'roi/cost-per-customer', 'roi/marketing-roi', 'annual/marketing-roi']) {
      expect(kpi(r, id)).toMatchObject({ value: null, status: 'pas-de-donnees' });
    }
    expect(r.totals.spendEur).toBeNull();
  });

  it('gives no ROI for a spend of 0, and a cost of 0 € when nothing was spent', () => {
    const zero = marketing.campaigns.googleAds.map((g) => ({ month: '2026-12', campaign: g.key, amountEur: 0 }));
    const r = computeKpis(input({ spend: mergeSpend(december, { ...marketing.campaigns, spend: [] }, zero) }));
    expect(kpi(r, 'roi/marketing-roi')).toMatchObject({ value: null, status: 'pas-de-donnees' });
    expect(kpi(r, 'roi/cost-per-lead')).toMatchObject({ value: 0, status: 'atteint' });
  });
});

describe('computeKpis: missing inputs give no made-up number', () => {
  it('a period with no audience at all', () => {
    const r = computeKpis(input({ audience: null, funnel: null }));
    for (const id of ['traffic/unique-visitors', 'traffic/page-views', 'conversion/lead-conversion-rate', 'annual/unique-visitors']) {
      expect(kpi(r, id)).toMatchObject({ value: null, status: 'pas-de-donnees' });
      expect(kpi(r, id).note.startsWith('Aucune mesure d’audience sur décembre 2026.'), id).toBe(true);
    }
    expect(r.totals).toMatchObject({ visitors: null, pageViews: null, daysMeasured: 0 });
    expect(r.breakdowns.funnel).toBeNull();
    // The rest still counts.
    expect(kpi(r, 'conversion/qualified-leads').value).toBe(8);
    expect(finiteEverywhere(r)).toEqual([]);
  });

  it('a partly measured month says on how many days', () => {
    const r = computeKpis(input({ audience: { visitors: 1200, pageViews: 4000, daysMeasured: 12, daysInPeriod: 31 } }));
    expect(kpi(r, 'traffic/unique-visitors').note).toContain(`sur 12${NBSP}jours mesurés sur 31`);
    expect(kpi(r, 'traffic/page-views').note).toBe(`Pages vues sur 12${NBSP}jours mesurés sur 31.`);
    expect(kpi(r, 'conversion/lead-conversion-rate').note).toContain('Les leads des jours non mesurés sont comptés aussi');
    const one = computeKpis(input({ audience: { visitors: 100, pageViews: 300, daysMeasured: 1, daysInPeriod: 31 } }));
    expect(kpi(one, 'traffic/page-views').note).toBe(`Pages vues sur 1${NBSP}jour mesuré sur 31.`);
    const none = computeKpis(input({ audience: { visitors: 0, pageViews: 0, daysMeasured: 0, daysInPeriod: 31 } }));
    expect(kpi(none, 'traffic/unique-visitors').status).toBe('pas-de-donnees');
  });

  it('zero leads: no division by zero, no NaN', () => {
    const r = computeKpis(input({ leads: [], enrolments: [], audience: { visitors: 0, pageViews: 0, daysMeasured: 31, daysInPeriod: 31 } }));
    expect(finiteEverywhere(r)).toEqual([]);
    expect(kpi(r, 'traffic/unique-visitors')).toMatchObject({ value: 0, status: 'non-atteint' });
    expect(kpi(r, 'conversion/lead-conversion-rate')).toMatchObject({ value: null, status: 'pas-de-donnees' });
    expect(kpi(r, 'conversion/qualified-leads')).toMatchObject({ value: 0, status: 'non-atteint' });
    expect(kpi(r, 'conversion/enrolment-conversion-rate')).toMatchObject({ value: null, status: 'pas-de-donnees' });
    expect(kpi(r, 'conversion/enrolment-conversion-rate').note).toBe('Aucun lead qualifié sur la période (0 inscription)\u202f: taux non défini.');
    // Money spent for no lead: the target is missed, with no number.
    expect(kpi(r, 'roi/cost-per-lead')).toMatchObject({ value: null, status: 'non-atteint' });
    expect(kpi(r, 'roi/cost-per-lead').note).toMatch(/^5\u202f800\u00a0€ pour aucun lead qualifié\u202f: coût non défini/);
    expect(kpi(r, 'roi/cost-per-customer')).toMatchObject({ value: null, status: 'non-atteint' });
    expect(kpi(r, 'roi/marketing-roi')).toMatchObject({ value: 0, status: 'non-atteint' });
    expect(kpi(r, 'roi/customer-lifetime-value').note).not.toContain('montant moyen');
    expect(r.breakdowns.leadsBy.source).toEqual([]);
    const z = computeKpis(input({ leads: [], enrolments: [], spend: [] }));
    expect(kpi(z, 'roi/cost-per-lead')).toMatchObject({ value: null, status: 'pas-de-donnees' });
    expect(finiteEverywhere(z)).toEqual([]);
  });
});

describe('the qualified-lead rule', () => {
  it('counts the temperatures of kpis.yaml, and follows a change of the rule', () => {
    const hotOnly = structuredClone(marketing);
    hotOnly.kpis.qualifiedLead.temperatures = ['hot'];
    const r = computeKpis(input({ marketing: hotOnly }));
    expect(r.totals.qualifiedLeads).toBe(3);
    expect(kpi(r, 'conversion/qualified-leads').note).toMatch(/^Leads chauds créés/);
    expect(kpi(r, 'roi/cost-per-lead').value).toBeCloseTo(5800 / 3, 9);
    // An unknown temperature (a renamed threshold) is simply not qualified.
    const odd = computeKpis(input({ leads: [lead({ temperature: 'brulant' }), lead({ temperature: 'warm' })] }));
    expect(odd.totals).toMatchObject({ leads: 2, qualifiedLeads: 1 });
    expect(odd.breakdowns.leadsBy.temperature.map((b) => [b.label, b.leads])).toEqual([['Lead tiède', 1], ['brulant', 1]]);
  });
});

describe('comparators', () => {
  it('eq: reached at or above the target, at or below for a cost; lt and gt strict', () => {
    expect(kpiStatus(400, 400, 'eq', 'higher')).toBe('atteint');
    expect(kpiStatus(399, 400, 'eq', 'higher')).toBe('non-atteint');
    expect(kpiStatus(401, 400, 'eq', 'higher')).toBe('atteint');
    expect(kpiStatus(15, 15, 'eq', 'lower')).toBe('atteint');
    expect(kpiStatus(14.2, 15, 'eq', 'lower')).toBe('atteint');
    expect(kpiStatus(15.01, 15, 'eq', 'lower')).toBe('non-atteint');
    expect(kpiStatus(44.9, 45, 'lt', 'higher')).toBe('atteint');
    expect(kpiStatus(45, 45, 'lt', 'higher')).toBe('non-atteint');
    expect(kpiStatus(3.1, 3, 'gt', 'higher')).toBe('atteint');
    expect(kpiStatus(3, 3, 'gt', 'higher')).toBe('non-atteint');
    // Floating point: 0.1 + 0.2 reaches 0.3.
    expect(kpiStatus(0.1 + 0.2, 0.3, 'eq', 'higher')).toBe('atteint');
    expect(kpiStatus(0.1 + 0.2, 0.3, 'eq', 'lower')).toBe('atteint');
  });

  it('applies them to the real KPIs at the boundary', () => {
    // 400 qualified leads out of 5 000 visitors, 6 000 € spent: 8 % and 15 € exactly.
    const leads = Array.from({ length: 400 }, (_, i) => lead({ temperature: i % 2 ? 'warm' : 'hot' }));
    const spend = [{ month: '2026-12', campaign: 'formation-generale', amountEur: 6000, origin: 'saisie' as const }];
    const audience = { visitors: 5000, pageViews: 25000, daysMeasured: 31, daysInPeriod: 31 };
    const r = computeKpis(input({ leads, spend, audience }));
    expect(['traffic/unique-visitors', 'traffic/page-views', 'conversion/qualified-leads', 'conversion/lead-conversion-rate', 'roi/cost-per-lead'].map((id) => [id, kpi(r, id).status])).toEqual([
      ['traffic/unique-visitors', 'atteint'],
      ['traffic/page-views', 'atteint'],
      ['conversion/qualified-leads', 'atteint'],
      ['conversion/lead-conversion-rate', 'atteint'],
      ['roi/cost-per-lead', 'atteint'],
    ]);
    const more = computeKpis(input({ leads: leads.slice(1), spend, audience }));
    expect(kpi(more, 'roi/cost-per-lead').status).toBe('non-atteint'); // 6 000 / 399 > 15
    expect(kpi(more, 'conversion/qualified-leads').status).toBe('non-atteint');
    // The same KPI with another comparator in kpis.yaml.
    const strict = structuredClone(marketing);
    strict.kpis.acquisition.conversion.find((k) => k.key === 'lead-conversion-rate')!.comparator = 'gt';
    expect(kpi(computeKpis(input({ leads, spend, audience, marketing: strict })), 'conversion/lead-conversion-rate').status).toBe('non-atteint');
    strict.kpis.acquisition.conversion.find((k) => k.key === 'lead-conversion-rate')!.comparator = 'lt';
    expect(kpi(computeKpis(input({ leads: leads.slice(1), spend, audience, marketing: strict })), 'conversion/lead-conversion-rate').status).toBe('atteint');
  });

  it('a KPI added to kpis.yaml without a computation is not measurable, never guessed', () => {
    const extra = structuredClone(marketing);
    extra.kpis.acquisition.traffic.push({ key: 'scroll-depth', seedText: 'x', label: 'Profondeur de défilement', comparator: 'gt', value: 50, unit: 'percent', period: null });
    const k = kpi(computeKpis(input({ marketing: extra })), 'traffic/scroll-depth');
    expect(k).toMatchObject({ value: null, status: 'non-mesurable' });
  });
});

describe('breakdowns', () => {
  const r = computeKpis(input());
  const rows = (d: keyof KpiReport['breakdowns']['leadsBy']) => r.breakdowns.leadsBy[d].map((b) => [b.label, b.leads, b.qualifiedLeads]);

  it('sorts leads by count, with « (direct) » and « (non renseigné) » labels', () => {
    expect(rows('source')).toEqual([
      ['google', 5, 4],
      ['(direct)', 2, 2],
      ['facebook', 2, 1],
      ['linkedin', 1, 1],
    ]);
    expect(rows('medium')).toEqual([
      ['cpc', 5, 4],
      ['social', 3, 2],
      ['(direct)', 2, 2],
    ]);
    expect(rows('campaign')).toEqual([
      ['(direct)', 4, 3],
      ['Formation générale', 3, 3],
      ['Campagne garages B2B', 1, 1],
      ['Primo-arrivants', 1, 1],
      ['noel-2026', 1, 0],
    ]);
    expect(rows('landingPage')).toEqual([
      ['(non renseigné)', 4, 3],
      ['/', 3, 2],
      ['/formation-mecanique-automobile/', 2, 2],
      ['/cap-maintenance-vehicules-primo-arrivant/', 1, 1],
    ]);
    expect(rows('region')).toEqual([
      ['(non renseigné)', 5, 3],
      ['ile-de-france', 4, 4],
      ['occitanie', 1, 1],
    ]);
    expect(rows('kind')[0]).toEqual(['Guide gratuit', 5, 4]);
    expect(rows('temperature')).toEqual([
      ['Lead froid', 2, 0],
      ['Lead tiède', 5, 5],
      ['Lead chaud', 3, 3],
    ]);
    expect(r.breakdowns.leadsBy.source.reduce((s, b) => s + b.sharePercent, 0)).toBeCloseTo(100, 9);
    expect(r.breakdowns.leadsBy.source[0]!.sharePercent).toBe(50);
  });

  it('uses display names when the caller gives them', () => {
    const named = computeKpis(input({ labels: { trainings: { 'cap-maintenance-vehicules': 'CAP Maintenance des véhicules' }, regions: { 'ile-de-france': 'Île-de-France' } } }));
    expect(named.breakdowns.leadsBy.training.map((b) => [b.key, b.label, b.leads])).toEqual([
      ['cap-maintenance-vehicules', 'CAP Maintenance des véhicules', 4],
      [null, '(non renseigné)', 5],
      ['bac-pro-maintenance-vehicules', 'bac-pro-maintenance-vehicules', 1],
    ].sort((a, b) => (b[2] as number) - (a[2] as number)));
    expect(named.breakdowns.leadsBy.region[1]!.label).toBe('Île-de-France');
  });

  it('matches utm_campaign to campaigns.yaml keys (normalised key or seedName, no prefix)', () => {
    expect(matchCampaign('Formation_Generale', marketing.campaigns)).toBe('formation-generale');
    expect(matchCampaign(' formation générale ', marketing.campaigns)).toBe('formation-generale');
    expect(matchCampaign('FORMATION-GENERALE', marketing.campaigns)).toBe('formation-generale');
    expect(matchCampaign('Campagne_890_Euros', marketing.campaigns)).toBe('campagne-890-euros');
    expect(matchCampaign('formation-generale-2026', marketing.campaigns)).toBeNull();
    expect(matchCampaign('', marketing.campaigns)).toBeNull();
    expect(matchCampaign(null, marketing.campaigns)).toBeNull();
  });

  it('gives the cost per lead and per enrolment of each campaign', () => {
    const c = Object.fromEntries(r.breakdowns.campaigns.map((x) => [x.key, x]));
    expect(r.breakdowns.campaigns.map((x) => [x.key, x.kind])).toEqual([
      ['formation-generale', 'google-ads'],
      ['primo-arrivants', 'google-ads'],
      ['reconversion', 'google-ads'],
      ['garages', 'google-ads'],
      ['campagne-890-euros', 'special'],
      ['campagne-1490-garages', 'special'],
      ['noel-2026', 'autre'],
    ]);
    expect(c['formation-generale']).toMatchObject({ leads: 3, qualifiedLeads: 3, enrolments: 1, spendEur: 1800, spendOrigin: 'saisie', costPerLead: 600, costPerEnrolment: 1800, note: '' });
    // The cancelled enrolment does not count.
    expect(c['primo-arrivants']).toMatchObject({ leads: 1, qualifiedLeads: 1, enrolments: 0, spendEur: 1200, costPerLead: 1200, costPerEnrolment: null });
    expect(c['reconversion']).toMatchObject({ leads: 0, spendEur: 1800, spendOrigin: 'budget', costPerLead: null, note: 'Budget prévu, aucune dépense réelle saisie.' });
    expect(c['campagne-1490-garages']).toMatchObject({ leads: 1, qualifiedLeads: 1, enrolments: 1, spendEur: null, costPerLead: null });
    expect(c['campagne-1490-garages']!.note).toBe('Aucune dépense saisie (pas de budget mensuel pour une campagne spéciale).');
    expect(c['noel-2026']).toMatchObject({ label: 'noel-2026', leads: 1, qualifiedLeads: 0, enrolments: 0, spendEur: null });
    // Enrolments not joined to leads: no cost per enrolment.
    const unjoined = computeKpis(input({ enrolments: decemberEnrolments.map(({ campaign: _, ...e }) => e) }));
    const fg = unjoined.breakdowns.campaigns.find((x) => x.key === 'formation-generale')!;
    expect(fg).toMatchObject({ enrolments: null, costPerEnrolment: null, costPerLead: 600 });
    expect(fg.note).toBe('Inscriptions non rattachées aux campagnes.');
  });

  it('gives the funnel steps and the drop-off between steps', () => {
    expect(r.breakdowns.funnel!.map((s) => [s.key, s.value, s.fromPreviousPercent, s.dropOffPercent, s.fromFirstPercent])).toEqual([
      ['landings', 2000, null, null, 100],
      ['trainingPageVisitors', 800, 40, 60, 40],
      ['formStarters', 200, 25, 75, 10],
      ['leads', 50, 25, 75, 2.5],
      ['enrolments', 5, 10, 90, 0.25],
    ]);
    expect(r.breakdowns.funnel![0]!.label).toBe('Arrivée sur le site');
    const empty = computeKpis(input({ funnel: { landings: 0, trainingPageVisitors: 0, formStarters: 0, leads: 3, enrolments: 1 } }));
    expect(empty.breakdowns.funnel!.map((s) => [s.fromPreviousPercent, s.dropOffPercent, s.fromFirstPercent])).toEqual([
      [null, null, null],
      [null, null, null],
      [null, null, null],
      [null, null, null],
      [(1 / 3) * 100, 100 - (1 / 3) * 100, null],
    ]);
    expect(finiteEverywhere(empty)).toEqual([]);
  });
});

describe('the year: twelve months summed', () => {
  const year = { kind: 'year', key: '2026' } as const;
  const months = periodInfo(year).months;
  const monthly = months.map((m, i) => {
    const days = periodInfo({ kind: 'month', key: m }).days;
    const leads = Array.from({ length: 20 + i }, (_, j) =>
      lead({ createdAt: `${m}-${String((j % 27) + 1).padStart(2, '0')}T12:00:00.000Z`, temperature: ['cold', 'warm', 'hot'][j % 3]!, campaign: j % 4 === 0 ? 'reconversion' : null }),
    );
    const enrolments: EnrolmentRow[] = Array.from({ length: 1 + (i % 3) }, (_, j) => ({ enrolledOn: `${m}-0${j + 1}`, amountEur: 890 + 100 * j, status: j === 2 ? 'cancelled' : 'active' }));
    return {
      period: { kind: 'month' as const, key: m },
      audience: { visitors: 1000 + 10 * i, pageViews: 4000 + i, daysMeasured: days - (i % 2), daysInPeriod: days },
      leads,
      enrolments,
      funnel: null,
    };
  });
  const monthReports = monthly.map((m) => computeKpis({ ...m, spend: mergeSpend(m.period, marketing.campaigns), marketing }));
  const sum = (pick: (r: KpiReport) => number | null) => monthReports.reduce((s, r) => s + (pick(r) ?? 0), 0);
  const yearReport = computeKpis({
    period: year,
    audience: {
      visitors: monthly.reduce((s, m) => s + m.audience.visitors, 0),
      pageViews: monthly.reduce((s, m) => s + m.audience.pageViews, 0),
      daysMeasured: monthly.reduce((s, m) => s + m.audience.daysMeasured, 0),
      daysInPeriod: 365,
    },
    leads: monthly.flatMap((m) => m.leads),
    enrolments: monthly.flatMap((m) => m.enrolments),
    spend: mergeSpend(year, marketing.campaigns),
    funnel: null,
    marketing,
  });

  it('sums the months and compares with the yearly targets', () => {
    for (const k of ['visitors', 'pageViews', 'daysMeasured', 'leads', 'qualifiedLeads', 'enrolments', 'cancelledEnrolments', 'revenueEur', 'spendEur', 'spendEnteredEur', 'spendBudgetEur'] as const) {
      expect(yearReport.totals[k], k).toBe(sum((r) => r.totals[k]));
    }
    expect(yearReport.totals.daysMeasured).toBe(365 - 6);
    expect(kpi(yearReport, 'traffic/unique-visitors').note).toContain(`sur 359${NBSP}jours mesurés sur 365`);
    expect(yearReport.kpis.map((k) => [k.id, k.targetForPeriod, k.targetBasis])).toEqual([
      ['traffic/unique-visitors', 60000, 'months-summed'],
      ['traffic/page-views', 300000, 'months-summed'],
      ['traffic/bounce-rate', 45, 'any-period'],
      ['traffic/session-duration', 3, 'any-period'],
      ['conversion/qualified-leads', 4800, 'months-summed'],
      ['conversion/lead-conversion-rate', 8, 'any-period'],
      ['conversion/enrolments', 384, 'months-summed'],
      ['conversion/enrolment-conversion-rate', 8, 'any-period'],
      ['roi/cost-per-lead', 15, 'any-period'],
      ['roi/cost-per-customer', 187, 'any-period'],
      ['roi/customer-lifetime-value', 2500, 'any-period'],
      ['roi/marketing-roi', 13, 'any-period'],
      ['annual/unique-visitors', 60000, 'period'],
      ['annual/qualified-leads', 4800, 'period'],
      ['annual/enrolments', 384, 'period'],
      ['annual/marketing-revenue', 960000, 'period'],
      ['annual/marketing-roi', 12, 'period'],
    ]);
    expect(kpi(yearReport, 'traffic/unique-visitors').note).toContain(`Objectif${NNBSP}: 5${NNBSP}000 par mois × 12.`);
    expect(kpi(yearReport, 'annual/marketing-revenue').value).toBe(sum((r) => kpi(r, 'annual/marketing-revenue').value));
    expect(kpi(yearReport, 'roi/marketing-roi').value).toBeCloseTo(yearReport.totals.revenueEur / yearReport.totals.spendEur!, 12);
    const campaignLeads = (r: KpiReport) => r.breakdowns.campaigns.find((c) => c.key === 'reconversion')!.leads;
    expect(campaignLeads(yearReport)).toBe(sum(campaignLeads));
  });
});

describe('input checks', () => {
  it('refuses malformed rows, naming the field', () => {
    const bad = () =>
      computeKpis(
        input({
          audience: { visitors: -1, pageViews: 10, daysMeasured: 40, daysInPeriod: 30 },
          leads: [lead({ createdAt: '2026-12-31T23:30:00.000Z' }), lead({ createdAt: 'hier' })],
          enrolments: [{ enrolledOn: '2026-11-30', amountEur: 890, status: 'active' }, { enrolledOn: '2026-12-01', amountEur: Number.NaN, status: 'paid' as 'active' }],
          spend: [
            { month: '2026-12', campaign: 'garages', amountEur: 10, origin: 'saisie' },
            { month: '2026-12', campaign: 'garages', amountEur: 10, origin: 'budget' },
          ],
        }),
      );
    expect(bad).toThrow(KpiInputError);
    let problems: string[] = [];
    try {
      bad();
    } catch (e) {
      problems = (e as KpiInputError).problems;
    }
    expect(problems).toEqual([
      'audience.visitors\u202f: entier positif ou nul attendu (reçu -1)',
      'audience.daysInPeriod\u202f: 31 attendu pour 2026-12 (reçu 30)',
      'audience.daysMeasured\u202f: au plus 31 jours pour 2026-12 (reçu 40)',
      'leads.0.createdAt\u202f: hors de la période 2026-12 (heure de Paris) (reçu "2026-12-31T23:30:00.000Z")',
      'leads.1.createdAt\u202f: date ISO attendue (reçu "hier")',
      'enrolments.0.enrolledOn\u202f: hors de la période 2026-12 (reçu "2026-11-30")',
      'enrolments.1.amountEur\u202f: montant positif ou nul attendu (reçu NaN)',
      'enrolments.1.status\u202f: « active » ou « cancelled » attendu (reçu "paid")',
      'spend.1\u202f: la campagne garages a déjà une dépense pour 2026-12 (spend.0)',
    ]);
  });
});
