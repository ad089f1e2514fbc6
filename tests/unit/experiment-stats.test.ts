// A/B experiment statistics (src/marketing/experiment-stats.ts) against reference values derived
// independently with scipy from GrowthBook's published formulas:
// tests/fixtures/experiment-stats/derive.py → reference.json (re-derive with
// `python3 tests/fixtures/experiment-stats/derive.py > tests/fixtures/experiment-stats/reference.json`;
// with GBSTATS_SRC set it also checks every case against GrowthBook's own gbstats, which agreed to
// 1e-9 on all of them).
// Sources: growthbook/growthbook docs/statistics/details.mdx (eq. 1, 2, 5, 6, 9, 10; p-value and
// confidence interval sections), packages/stats/gbstats/utils.py check_srm,
// packages/shared/src/constants.ts, health/health.ts, experiments/experiments.ts;
// /work/shared/reference/round2.md §2.1 (§2.1.2 effects, §2.1.3 frequentist, §2.1.4 Bayesian,
// §2.1.7 thresholds) and §2.2.
import { describe, expect, it } from 'vitest';
import {
  computeExperimentStats,
  DEFAULTS,
  ExperimentInputError,
  parseStatsInput,
  statsInputSchema,
  statsReport,
  verdict,
  type ExperimentStats,
  type VariantInput,
} from '../../src/marketing/experiment-stats';
import reference from '../fixtures/experiment-stats/reference.json';

const NNBSP = '\u202F';
const NBSP = '\u00A0';

type Ref = (typeof reference.cases)[number];
type Comparison = Ref['expected']['comparisons'][number];
const refCase = (id: string): Ref => {
  const found = reference.cases.find((c) => c.id === id);
  if (!found) throw new Error(`no reference case ${id}`);
  return found;
};
const run = (id: string) => computeExperimentStats({ variants: refCase(id).variants });

const two = (a: [number, number], b: [number, number], weights: [number, number] = [0.5, 0.5]): VariantInput[] => [
  { key: 'A', weight: weights[0], units: a[0], conversions: a[1] },
  { key: 'B', weight: weights[1], units: b[0], conversions: b[1] },
];
const stats2 = (a: [number, number], b: [number, number], weights?: [number, number]) =>
  computeExperimentStats({ variants: two(a, b, weights) });

/** Every number in the result is finite: no NaN, no Infinity. */
function expectNoNaN(value: unknown, where = 'result'): void {
  if (typeof value === 'number') expect(Number.isFinite(value), `${where} = ${value}`).toBe(true);
  else if (Array.isArray(value)) value.forEach((v, i) => expectNoNaN(v, `${where}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) expectNoNaN(v, `${where}.${k}`);
}

// ---------------------------------------------------------------------------------------------
// Reference values (4 decimal places)
// ---------------------------------------------------------------------------------------------

describe('reference cases (derive.py, scipy; GrowthBook details.mdx and check_srm)', () => {
  for (const c of reference.cases) {
    describe(`${c.id}: ${c.about}`, () => {
      const result = computeExperimentStats({ variants: c.variants });

      it('control rate = conversions / units (details.mdx eq. 9); control lift fields null', () => {
        const control = result.variants[0];
        expect(control.rate).toBeCloseTo(c.expected.controlRate, 4);
        expect(control.reason).toBe('control');
        for (const k of ['lift', 'liftLow', 'liftHigh', 'pValue', 'chanceToWin', 'ciLow', 'ciHigh'] as const) {
          expect(control[k]).toBeNull();
        }
      });

      it('SRM p-value: chi-square goodness of fit on units vs normalised weights, k − 1 dof (utils.py check_srm)', () => {
        expect(result.srmPValue).not.toBeNull();
        expect(result.srmPValue!).toBeCloseTo(c.expected.srmPValue, 4);
        expect(result.srmWarning).toBe(c.expected.srmPValue < 0.001);
      });

      c.expected.comparisons.forEach((e: Comparison, i) => {
        const v = result.variants[i + 1];
        it(`${e.key}: rate (eq. 9), relative lift (eq. 1), Welch 95 % CI with delta-method se (eq. 2, §2.1.3)`, () => {
          expect(v.key).toBe(e.key);
          expect(v.rate!).toBeCloseTo(e.rate, 4);
          expect(v.lift!).toBeCloseTo(e.lift, 4);
          expect(v.liftLow!).toBeCloseTo(e.liftLow, 4);
          expect(v.liftHigh!).toBeCloseTo(e.liftHigh, 4);
          expect(v.stdError!).toBeCloseTo(e.stdError, 4);
          expect(v.dof! / e.dof).toBeCloseTo(1, 6);
        });
        it(`${e.key}: two-sided Welch p-value p = 2(1 − F_t(|Δ/σ|, ν)) (details.mdx "p-value")`, () => {
          expect(v.pValue!).toBeCloseTo(e.pValue, 4);
        });
        it(`${e.key}: chance to win 1 − Φ(0; Δ, σ) and 95 % credible interval, improper prior (eq. 5, 6; §2.1.4)`, () => {
          expect(v.chanceToWin!).toBeCloseTo(e.chanceToWin, 4);
          expect(v.ciLow!).toBeCloseTo(e.ciLow, 4);
          expect(v.ciHigh!).toBeCloseTo(e.ciHigh, 4);
          expect(v.reason).toBeNull();
        });
      });

      it('statsReport gives the same numbers in the CLI shape', () => {
        const report = statsReport({ variants: c.variants });
        expect(Object.keys(report)).toEqual(['variants', 'srmPValue']);
        expect(report.srmPValue!).toBeCloseTo(c.expected.srmPValue, 4);
        expect(report.variants[0]).toEqual({
          key: c.variants[0].key,
          rate: c.expected.controlRate,
          lift: null,
          liftLow: null,
          liftHigh: null,
          pValue: null,
          chanceToWin: null,
        });
        c.expected.comparisons.forEach((e, i) => {
          const r = report.variants[i + 1];
          expect(Object.keys(r)).toEqual(['key', 'rate', 'lift', 'liftLow', 'liftHigh', 'pValue', 'chanceToWin']);
          for (const k of ['rate', 'lift', 'liftLow', 'liftHigh', 'pValue', 'chanceToWin'] as const) {
            expect(r[k]!).toBeCloseTo(e[k], 4);
          }
        });
      });
    });
  }
});

describe('the reference cases tell the formula from its usual mistakes (derive.py "wrong" values)', () => {
  // toBeCloseTo(x, 4) accepts |Δ| < 5e-5; each mistake must move some case by ten times that.
  const field: Record<string, keyof Comparison> = {
    pValuePooled: 'pValue', // pooled rate and n_C + n_T − 2 dof instead of Welch
    liftLowPooled: 'liftLow',
    liftAbsolute: 'lift', // absolute instead of relative lift
    pValueAbsolute: 'pValue',
    pValueOneSided: 'pValue', // one-sided instead of two-sided
    pValueNormal: 'pValue', // normal instead of Student t
    liftLowNormal: 'liftLow',
    liftLowNMinus1: 'liftLow', // sample variance n/(n − 1) instead of μ(1 − μ) (eq. 10)
    chanceToWinStudent: 'chanceToWin', // Student t instead of the Gaussian posterior
  };
  for (const [wrong, right] of Object.entries(field)) {
    it(`${wrong} differs from ${right} by more than 5e-4 in at least one case`, () => {
      const gaps = reference.cases.flatMap((c) =>
        c.expected.comparisons.map((e) => Math.abs((e.wrong as Record<string, number>)[wrong] - (e[right] as number))),
      );
      expect(Math.max(...gaps)).toBeGreaterThan(5e-4);
    });
  }
  it('SRM with k instead of k − 1 dof, and with unnormalised weights, differ too', () => {
    const dofK = reference.cases.map((c) => Math.abs(c.expected.wrong.srmPValueDofK - c.expected.srmPValue));
    expect(Math.max(...dofK)).toBeGreaterThan(5e-4);
    const unnormalised = refCase('weights-30-70').expected.wrong as { srmPValueUnnormalised: number };
    expect(Math.abs(unnormalised.srmPValueUnnormalised - refCase('weights-30-70').expected.srmPValue)).toBeGreaterThan(0.5);
  });
});

describe('hand-derived values (details.mdx eq. 1, 2, 10; gbstats TTest.dof)', () => {
  it('10 % vs 12 % on 5000 each: lift 0.2, se² = 0.09·0.0144/(0.1⁴·5000) + 0.1056/(0.1²·5000) = 0.004704', () => {
    const b = run('winner-50-50').variants[1];
    expect(b.lift).toBe(0.2);
    expect(b.stdError!).toBeCloseTo(Math.sqrt(0.004704), 10);
    // ν = (0.1056/5000 + 0.09/5000)² / ((0.1056² + 0.09²)/(5000²·4999)) = 0.1956²·4999/(0.1056² + 0.09²)
    expect(b.dof!).toBeCloseTo((0.1956 ** 2 * 4999) / (0.1056 ** 2 + 0.09 ** 2), 6);
  });
  it('SRM 1000 vs 1100 at 50/50: χ² = 2·50²/1050 = 4.762, p = 0.0291 (not below 0.001)', () => {
    const r = run('srm-1000-1100');
    expect(r.srmPValue!).toBeCloseTo(0.0291, 4);
    expect(r.srmWarning).toBe(false);
    expect(run('srm-1000-1200').srmWarning).toBe(true);
  });
  it('no difference: lift exactly 0, p = 1, chance to win 0.5, symmetric intervals', () => {
    const b = run('no-difference').variants[1];
    expect(b.lift).toBe(0);
    expect(b.pValue).toBeCloseTo(1, 10);
    expect(b.chanceToWin).toBeCloseTo(0.5, 10);
    expect(b.liftLow!).toBeCloseTo(-b.liftHigh!, 12);
  });
  it('the t interval is wider than the normal credible interval (t⁻¹(0.975, ν) > Φ⁻¹(0.975))', () => {
    const b = run('small-samples').variants[1];
    expect(b.liftHigh! - b.liftLow!).toBeGreaterThan(b.ciHigh! - b.ciLow!);
  });
  it('very large samples (ν ≈ 10⁷) keep the p-value accurate (jStat.studentt.cdf alone drifts there)', () => {
    const b = run('large-samples').variants[1];
    expect(b.pValue!).toBeCloseTo(refCase('large-samples').expected.comparisons[0].pValue, 6);
  });
});

// ---------------------------------------------------------------------------------------------
// Edge cases: defined results, never NaN or a throw
// ---------------------------------------------------------------------------------------------

describe('edge cases', () => {
  it('zero units in the variant: rate and lift null, reason no-units', () => {
    const r = stats2([1000, 100], [0, 0]);
    expect(r.variants[1]).toMatchObject({ rate: null, lift: null, pValue: null, chanceToWin: null, reason: 'no-units', enoughData: false });
    expectNoNaN(r);
  });

  it('zero units in the control: no lift for anyone, reason control-no-units', () => {
    const r = stats2([0, 0], [1000, 100]);
    expect(r.variants[0].rate).toBeNull();
    expect(r.variants[1]).toMatchObject({ rate: 0.1, lift: null, reason: 'control-no-units' });
    expectNoNaN(r);
  });

  it('no units at all: SRM null (0 < k × 8), verdict not-enough-data', () => {
    const r = stats2([0, 0], [0, 0]);
    expect(r.totalUnits).toBe(0);
    expect(r.srmPValue).toBeNull();
    expect(r.srmWarning).toBe(false);
    expect(verdict(r).status).toBe('not-enough-data');
    expectNoNaN(r);
  });

  it('control rate 0: the relative lift is undefined (details.mdx), null with reason control-rate-zero', () => {
    const r = stats2([1000, 0], [1000, 10]);
    expect(r.variants[1]).toMatchObject({ lift: null, liftLow: null, pValue: null, chanceToWin: null, reason: 'control-rate-zero' });
    expect(r.variants[1].suspiciousUplift).toBe(false);
    expect(r.variants[1].belowMinChange).toBe(false);
    expectNoNaN(r);
  });

  it('variant rate 0: lift −100 %, but variance 0 gives no interval (gbstats ZERO_NEGATIVE_VARIANCE)', () => {
    const r = stats2([1000, 200], [1000, 0]);
    expect(r.variants[1]).toMatchObject({ lift: -1, liftLow: null, liftHigh: null, pValue: null, chanceToWin: null, reason: 'zero-variance' });
    expect(r.variants[1].suspiciousUplift).toBe(true);
    expectNoNaN(r);
  });

  it('rate 1 in the variant or in the control: zero variance, lift kept, no interval', () => {
    const variantAll = stats2([1000, 200], [500, 500]).variants[1];
    expect(variantAll).toMatchObject({ lift: 4, pValue: null, reason: 'zero-variance' });
    const controlAll = stats2([300, 300], [500, 250]).variants[1];
    expect(controlAll).toMatchObject({ lift: -0.5, pValue: null, reason: 'zero-variance' });
    expectNoNaN(variantAll);
    expectNoNaN(controlAll);
  });

  it('one unit per arm (n − 1 = 0 in the Welch dof) is a zero variance, not a division by zero', () => {
    const r = stats2([1, 1], [1, 0]);
    expect(r.variants[1].reason).toBe('zero-variance');
    expectNoNaN(r);
  });

  it('one variant only: no comparison, SRM null (no degree of freedom), verdict inconclusive', () => {
    const r = computeExperimentStats({ variants: [{ key: 'A', weight: 1, units: 500, conversions: 50 }] });
    expect(r.variants).toHaveLength(1);
    expect(r.srmPValue).toBeNull();
    expect(verdict(r)).toEqual({
      status: 'inconclusive',
      message: `Pas encore de conclusion${NNBSP}: aucune variante à comparer au témoin A.`,
    });
  });

  it('every small count gives finite numbers or null, never NaN or a throw', () => {
    for (let nA = 0; nA <= 4; nA++)
      for (let cA = 0; cA <= nA; cA++)
        for (let nB = 0; nB <= 4; nB++)
          for (let cB = 0; cB <= nB; cB++) {
            const r = stats2([nA, cA], [nB, cB]);
            expectNoNaN(r, `A ${cA}/${nA}, B ${cB}/${nB}`);
            expect(() => verdict(r)).not.toThrow();
          }
  });

  it('weights are normalised: 1/1, 50/50 and 0.5/0.5 give the same result (check_srm: w / Σw)', () => {
    const a = stats2([1000, 100], [1100, 120], [1, 1]);
    const b = stats2([1000, 100], [1100, 120], [50, 50]);
    const c = stats2([1000, 100], [1100, 120], [0.5, 0.5]);
    expect(a).toEqual(c);
    expect(b).toEqual(c);
    expect(a.variants.map((v) => v.weight)).toEqual([0.5, 0.5]);
    expect(stats2([300, 30], [700, 70], [30, 70]).variants.map((v) => v.weight)).toEqual([0.3, 0.7]);
  });

  it('SRM needs k × 8 units in total (health.ts getSRMHealthData, DEFAULT_SRM_MINIMINUM_COUNT_PER_VARIATION)', () => {
    expect(stats2([8, 1], [7, 1]).srmPValue).toBeNull(); // 15 < 16
    expect(stats2([8, 1], [8, 1]).srmPValue).toBeCloseTo(1, 10); // 16
    const three = (units: [number, number, number]) =>
      computeExperimentStats({
        variants: units.map((u, i) => ({ key: 'ABC'[i], weight: 1, units: u, conversions: 0 })),
      });
    expect(three([8, 8, 7]).srmPValue).toBeNull(); // 23 < 24
    expect(three([8, 8, 8]).srmPValue).toBeCloseTo(1, 10);
  });
});

describe('invalid input throws an ExperimentInputError naming the variant and the rule', () => {
  const bad = (patch: Partial<VariantInput>) => () =>
    computeExperimentStats({ variants: [{ key: 'A', weight: 0.5, units: 100, conversions: 10 }, { key: 'B', weight: 0.5, units: 100, conversions: 10, ...patch }] });

  it.each([
    [{ units: -1 }, `variants[1].units (variante «${NNBSP}B${NNBSP}»)${NNBSP}: doit être un entier positif ou nul (reçu -1)`],
    [{ units: 10.5 }, `variants[1].units (variante «${NNBSP}B${NNBSP}»)${NNBSP}: doit être un entier positif ou nul (reçu 10.5)`],
    [{ conversions: -3 }, `variants[1].conversions (variante «${NNBSP}B${NNBSP}»)${NNBSP}: doit être un entier entre 0 et units (reçu -3)`],
    [{ conversions: 2.5 }, `variants[1].conversions (variante «${NNBSP}B${NNBSP}»)${NNBSP}: doit être un entier entre 0 et units (reçu 2.5)`],
    [{ conversions: 120 }, `variants[1].conversions (variante «${NNBSP}B${NNBSP}»)${NNBSP}: doit être un entier entre 0 et units (reçu 120 pour 100 units)`],
    [{ weight: 0 }, `variants[1].weight (variante «${NNBSP}B${NNBSP}»)${NNBSP}: doit être un nombre strictement positif (reçu 0)`],
    [{ weight: -0.5 }, `variants[1].weight (variante «${NNBSP}B${NNBSP}»)${NNBSP}: doit être un nombre strictement positif (reçu -0.5)`],
    [{ units: Number.NaN }, `variants[1].units (variante «${NNBSP}B${NNBSP}»)${NNBSP}: doit être un entier positif ou nul`],
    [{ key: 'A' }, `variants[1].key (variante «${NNBSP}A${NNBSP}»)${NNBSP}: «${NNBSP}A${NNBSP}» est déjà la clé de variants[0]`],
  ])('%o', (patch, message) => {
    let error: unknown;
    try {
      bad(patch as Partial<VariantInput>)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExperimentInputError);
    expect((error as ExperimentInputError).problems).toHaveLength(1);
    expect((error as ExperimentInputError).problems[0]).toContain(message);
    expect((error as Error).message).toContain(message);
  });

  it('an empty list is refused', () => {
    expect(() => computeExperimentStats({ variants: [] })).toThrow(/il faut au moins une variante/);
  });
});

describe('statsInputSchema (zod/mini, French messages naming the field)', () => {
  it('gives the message of the brief for conversions > units', () => {
    const result = statsInputSchema.safeParse({ variants: two([100, 10], [100, 120]) });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path, i.message])).toEqual([
      [['variants', 1, 'conversions'], `variants[1].conversions${NNBSP}: doit être un entier entre 0 et units (reçu 120 pour 100 units)`],
    ]);
  });

  it('refuses unknown variant keys (a typo must not pass), ignores extra top-level keys', () => {
    const typo = parseStatsInput({ variants: [{ key: 'A', weight: 1, units: 10, conversions: 1, conversion: 2 }] });
    expect(typo).toEqual({
      success: false,
      problems: [
        `variants[0] (variante «${NNBSP}A${NNBSP}»)${NNBSP}: clé inconnue «${NNBSP}conversion${NNBSP}» (attendu${NNBSP}: key, weight, units, conversions)`,
      ],
    });
    expect(parseStatsInput({ name: 'hero', variants: two([10, 1], [10, 2]) }).success).toBe(true);
  });

  it('names missing fields and wrong types', () => {
    const result = parseStatsInput({ variants: [{ key: 'A', weight: 1, units: '10' }] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.problems).toEqual([
      `variants[0].units (variante «${NNBSP}A${NNBSP}»)${NNBSP}: doit être un entier positif ou nul (reçu "10")`,
      `variants[0].conversions (variante «${NNBSP}A${NNBSP}»)${NNBSP}: doit être un entier entre 0 et units (absent)`,
    ]);
    expect(parseStatsInput(null)).toEqual({ success: false, problems: [`(racine)${NNBSP}: doit être un objet { variants: [...] } (reçu null)`] });
  });

  it('accepts a valid input unchanged', () => {
    const input = { variants: two([1000, 100], [1000, 120], [30, 70]) };
    expect(parseStatsInput(input)).toEqual({ success: true, data: input });
  });
});

// ---------------------------------------------------------------------------------------------
// Flags (GrowthBook experiments.ts and constants.ts), each threshold just below and just above
// ---------------------------------------------------------------------------------------------

describe('enoughData: GrowthBook hasEnoughData, max(control, variant) conversions ≥ 150 (DEFAULT_MIN_SAMPLE_SIZE)', () => {
  it.each([
    [[1000, 149], [1000, 149], false], // max 149 (the sum, 298, would pass: catches a sum)
    [[1000, 149], [1000, 150], true], // max 150
    [[1000, 150], [1000, 149], true], // the control counts too (max, not the variant alone)
    [[1000, 10], [1000, 150], true], // max, not min
    [[1000, 0], [1000, 200], false], // !baselineValue → false
    [[1000, 200], [1000, 0], false], // !variationValue → false
  ] as const)('A %o, B %o → %s', (a, b, expected) => {
    expect(DEFAULTS.minSampleSize).toBe(150);
    expect(stats2([...a], [...b]).variants[1].enoughData).toBe(expected);
  });
});

describe('suspiciousUplift: |lift| ≥ 50 % (DEFAULT_MAX_PERCENT_CHANGE, isSuspiciousUplift)', () => {
  it.each([
    [149, 0.49, false],
    [150, 0.5, true], // exactly 50 %: computed from the counts, so not 0.49999999999999994
    [151, 0.51, true],
    [51, -0.49, false],
    [50, -0.5, true], // absolute value
  ])('A 100/1000, B %i/1000 (lift %f) → %s', (conversions, lift, expected) => {
    const b = stats2([1000, 100], [1000, conversions]).variants[1];
    expect(b.lift).toBeCloseTo(lift, 12);
    expect(b.suspiciousUplift).toBe(expected);
  });
});

describe('belowMinChange: |lift| < 0.5 % (DEFAULT_MIN_PERCENT_CHANGE, isBelowMinChange)', () => {
  it.each([
    [2009, true], // +0.45 %
    [2010, false], // +0.5 % exactly is not below
    [1991, true], // −0.45 %
    [1990, false], // −0.5 %
    [2000, true], // 0 (GrowthBook's `!stats.expected` guard would say false; see the module)
  ])('A 2000/10000, B %i/10000 → %s', (conversions, expected) => {
    expect(stats2([10000, 2000], [10000, conversions]).variants[1].belowMinChange).toBe(expected);
  });
});

describe('srmWarning: p < 0.001 (DEFAULT_SRM_THRESHOLD)', () => {
  it('1074 vs 927 at 50/50: p = 0.00102, no warning; 1075 vs 926: p = 0.00087, warning', () => {
    const above = run('srm-just-above-0.001');
    const below = run('srm-just-below-0.001');
    expect(above.srmPValue!).toBeGreaterThan(0.001);
    expect(above.srmWarning).toBe(false);
    expect(below.srmPValue!).toBeLessThan(0.001);
    expect(below.srmWarning).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Verdict (GrowthBook getMetricResultStatus, Bayesian engine, DEFAULT_CONFIDENCE_LEVEL 0.95)
// ---------------------------------------------------------------------------------------------

/** French typography of a message: U+202F before ; : ! ? and inside « », U+00A0 before %. */
function expectFrenchTypography(message: string): void {
  expect(message).not.toMatch(/[ \u00A0][;:!?]/);
  expect(message).not.toMatch(/[^\u202F][;:!?](\s|$)/);
  expect(message).not.toMatch(/«[^\u202F]|[^\u202F]»/);
  expect(message).not.toMatch(/\d[ \u202F]?%/);
  expect(message).not.toMatch(/'/);
}

describe('verdict', () => {
  it('winner: chance to win > 95 % with enough data (ctw-just-above-95: 0.9511, p = 0.098)', () => {
    const v = verdict(run('ctw-just-above-95'));
    expect(v.status).toBe('winner');
    expect(v.variant).toBe('B');
    expect(v.message).toBe(
      `B l’emporte${NNBSP}: 95,1${NBSP}% de chances de battre le témoin, +7,4${NBSP}% de conversions ` +
        `(intervalle de crédibilité à 95${NBSP}%${NNBSP}: −1,4${NBSP}% à +16,2${NBSP}%).`,
    );
    expectFrenchTypography(v.message);
  });

  it('no winner just below 95 % (ctw-just-below-95: 0.9490)', () => {
    const v = verdict(run('ctw-just-below-95'));
    expect(v.status).toBe('inconclusive');
    expect(v.message).toBe(
      `Pas encore de conclusion${NNBSP}: B a 94,9${NBSP}% de chances de battre le témoin. ` +
        `Il faut plus de 95${NBSP}% (ou moins de 5${NBSP}%) de chances de gagner pour conclure.`,
    );
    expectFrenchTypography(v.message);
  });

  it('loser: chance to win < 5 % (ctw-just-below-5: 0.0485) → the control wins', () => {
    const v = verdict(run('ctw-just-below-5'));
    expect(v).toEqual({
      status: 'loser',
      variant: 'A',
      message: `A (témoin) l’emporte${NNBSP}: B n’a que 4,8${NBSP}% de chances de le battre (−6,7${NBSP}% de conversions).`,
    });
    expect(verdict(run('ctw-just-above-5')).status).toBe('inconclusive');
    expect(verdict(run('loser')).status).toBe('loser');
  });

  it('the thresholds are strict: chance to win exactly 0.95 or 0.05 does not conclude', () => {
    const base = run('ctw-just-above-95');
    const withCtw = (ctw: number): ExperimentStats => ({
      ...base,
      variants: [base.variants[0], { ...base.variants[1], chanceToWin: ctw }],
    });
    expect(verdict(withCtw(0.95)).status).toBe('inconclusive');
    expect(verdict(withCtw(0.9501)).status).toBe('winner');
    expect(verdict(withCtw(0.05)).status).toBe('inconclusive');
    expect(verdict(withCtw(0.0499)).status).toBe('loser');
  });

  it('SRM comes first, even over a clear winner', () => {
    const r = stats2([1000, 100], [1300, 200]);
    expect(r.variants[1].chanceToWin!).toBeGreaterThan(0.99);
    expect(r.variants[1].enoughData).toBe(true);
    const v = verdict(r);
    expect(v.status).toBe('srm');
    expect(v.variant).toBeUndefined();
    expect(v.message.startsWith(`Répartition déséquilibrée${NNBSP}: résultats non fiables.`)).toBe(true);
    expect(v.message).toContain(`A${NNBSP}: 1${NNBSP}000, B${NNBSP}: 1${NNBSP}300`);
    expect(v.message).toContain('p < 0,0001');
    expectFrenchTypography(v.message);
    expect(verdict(run('srm-just-below-0.001')).status).toBe('srm');
    expect(verdict(run('srm-just-above-0.001')).status).not.toBe('srm');
  });

  it('not enough data: gives the rule and the counts', () => {
    const v = verdict(run('small-samples'));
    expect(v).toEqual({
      status: 'not-enough-data',
      message:
        `Pas encore assez de données${NNBSP}: il faut au moins 150 conversions dans une variante (A (témoin)${NNBSP}: 6, B${NNBSP}: 11).` +
        ` Attention${NNBSP}: écart suspect (B${NNBSP}: +93,0${NBSP}%), vérifiez le suivi.`,
    });
    const zero = verdict(stats2([1000, 0], [1000, 160]));
    expect(zero.status).toBe('not-enough-data');
    expect(zero.message).toContain('et au moins une dans chacune (A (témoin)');
    // enough data is checked before the chance to win: 149 conversions at CTW > 95 % is not a win
    const early = stats2([2000, 100], [2000, 149]);
    expect(early.variants[1].chanceToWin!).toBeGreaterThan(0.95);
    expect(verdict(early).status).toBe('not-enough-data');
    expect(verdict(stats2([2000, 100], [2000, 150])).status).toBe('winner');
  });

  it('below the minimum change: a chance to win above 95 % is a draw, reported as inconclusive', () => {
    const r = run('draw-below-min-change');
    expect(r.variants[1].chanceToWin!).toBeGreaterThan(0.95);
    expect(r.variants[1].belowMinChange).toBe(true);
    const v = verdict(r);
    expect(v.status).toBe('inconclusive');
    expect(v.message).toBe(
      `Pas encore de conclusion${NNBSP}: B et le témoin font jeu égal (écart de +0,4${NBSP}%, sous le seuil de 0,5${NBSP}%).`,
    );
  });

  it('a suspicious uplift adds « écart suspect, vérifiez le suivi »', () => {
    const r = stats2([1000, 100], [1000, 160]);
    expect(r.variants[1].suspiciousUplift).toBe(true);
    const v = verdict(r);
    expect(v.status).toBe('winner');
    expect(v.message.endsWith(` Attention${NNBSP}: écart suspect (B${NNBSP}: +60,0${NBSP}%), vérifiez le suivi.`)).toBe(true);
    expectFrenchTypography(v.message);
    expect(verdict(stats2([1000, 100], [1000, 149])).message).not.toContain('écart suspect');
  });

  it('three variants: the winner with the highest chance to win; all losing → the control wins', () => {
    const win = computeExperimentStats({
      variants: [
        { key: 'A', weight: 1, units: 5000, conversions: 500 },
        { key: 'B', weight: 1, units: 5000, conversions: 580 },
        { key: 'C', weight: 1, units: 5000, conversions: 600 },
      ],
    });
    expect(verdict(win)).toMatchObject({ status: 'winner', variant: 'C' });
    const lose = computeExperimentStats({
      variants: [
        { key: 'A', weight: 1, units: 5000, conversions: 600 },
        { key: 'B', weight: 1, units: 5000, conversions: 500 },
        { key: 'C', weight: 1, units: 5000, conversions: 480 },
      ],
    });
    const v = verdict(lose);
    expect(v.status).toBe('loser');
    expect(v.variant).toBe('A');
    expect(v.message.startsWith(`A (témoin) l’emporte${NNBSP}: aucune variante ne le bat (B${NNBSP}: `)).toBe(true);
    const mixed = verdict(run('three-variants'));
    expect(mixed.status).toBe('inconclusive');
    expect(mixed.message).toContain(`B a 85,1${NBSP}% de chances de battre le témoin${NNBSP}; C a 5,3${NBSP}%`);
  });

  it('zero variance with enough data: inconclusive, says why', () => {
    const v = verdict(stats2([300, 300], [300, 300]));
    expect(v.status).toBe('inconclusive');
    expect(v.message).toBe(
      `Pas encore de conclusion${NNBSP}: B${NNBSP}: incertitude incalculable (taux de 0${NBSP}% ou 100${NBSP}% dans une variante).`,
    );
  });

  it('chances very close to 0 or 1 are not rounded to a certainty', () => {
    const v = verdict(stats2([10000, 1000], [10000, 1300]));
    expect(v.status).toBe('winner');
    expect(v.message).toContain(`plus de 99,9${NBSP}% de chances`);
  });

  it('every reference case gives a verdict with French typography', () => {
    for (const c of reference.cases) expectFrenchTypography(verdict(run(c.id)).message);
  });
});
