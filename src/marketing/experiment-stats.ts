// A/B experiment statistics for a binomial metric (conversions / units), following GrowthBook's
// documented statistics engine.
//
// Pure module: no node:*, Astro or DOM import. It runs in Node, in workerd and in the browser.
// Distributions come from jstat (MIT).
//
// Sources (growthbook/growthbook @ 8f1db44, 2026-08-21; summarised in
// /work/shared/reference/round2.md §2.1 and §2.2):
// - docs/statistics/details.mdx: proportion mean and variance (eq. 9, 10), relative lift (eq. 1),
//   its delta-method variance (eq. 2), the frequentist p-value and confidence interval (Welch
//   t-test, Welch–Satterthwaite degrees of freedom), the Bayesian posterior with the default
//   improper prior (eq. 5, 6), chance to win and the 95 % credible interval.
// - packages/stats/gbstats/frequentist/tests.py (TwoSidedTTest, dof), bayesian/tests.py
//   (EffectBayesianABTest), models/tests.py (EffectMoments: zero variance and zero baseline give no
//   result), utils.py (check_srm).
// - packages/shared/src/constants.ts (default thresholds), health/health.ts (getSRMHealthData),
//   experiments/experiments.ts (hasEnoughData, isSuspiciousUplift, isBelowMinChange,
//   getMetricResultStatus).
//
// Every variant after the first is compared with the first (the control), as GrowthBook does.
//
// Where this module differs from GrowthBook, on purpose:
// - When a result cannot be computed (zero variance, control rate 0, no units) GrowthBook returns
//   placeholders (lift 0, CI [0, 0], p = 1, chance to win 0.5) with an error code; here those
//   fields are null and `reason` says why. With a zero variance the point lift is still given.
// - suspiciousUplift and belowMinChange are computed on the point lift whenever it is defined.
//   GrowthBook's guards (`!baseline.cr || !stats.cr || !stats.expected` → false) make a lift of
//   exactly 0 "not below the minimum change" and a variant at 0 % "not suspicious"; both read as
//   side effects of checking for missing values, so they are not reproduced.
// - p = I_{ν/(ν+z²)}(ν/2, 1/2) instead of 2(1 − F_t(|z|, ν)): the same number, computed without
//   cancellation (see studentTwoSided).
// Not implemented (not needed for a binomial A/B counter): mean and ratio metrics, CUPED,
// post-stratification, proper priors, sequential testing, multiple-testing corrections, risk,
// quantile metrics, bandits, scaled impact.
import jStat from 'jstat';
import * as z from 'zod/mini';
import { NBSP, NNBSP } from '../lib/typography';

// ---------------------------------------------------------------------------------------------
// GrowthBook defaults (packages/shared/src/constants.ts)
// ---------------------------------------------------------------------------------------------

export const DEFAULTS = {
  /** DEFAULT_MIN_SAMPLE_SIZE: max(control, variant) conversions needed before a result counts. */
  minSampleSize: 150,
  /** DEFAULT_MAX_PERCENT_CHANGE: |lift| ≥ 50 % is flagged as suspicious. */
  maxPercentChange: 0.5,
  /** DEFAULT_MIN_PERCENT_CHANGE: |lift| < 0.5 % is "below the minimum change". */
  minPercentChange: 0.005,
  /** DEFAULT_SRM_THRESHOLD: SRM warning when the chi-square p-value is below 0.001. */
  srmThreshold: 0.001,
  /** DEFAULT_SRM_MINIMINUM_COUNT_PER_VARIATION: no SRM test below k × 8 units in total. */
  srmMinCountPerVariation: 8,
  /** DEFAULT_CONFIDENCE_LEVEL: chance to win above 95 % wins, below 5 % loses (Bayesian). */
  confidenceLevel: 0.95,
  /** DEFAULT_P_VALUE_THRESHOLD (frequentist engine; reported, not used by the verdict). */
  pValueThreshold: 0.05,
} as const;

/** The two-sided level of the intervals: 95 % (BaseConfig.alpha = 0.05 in gbstats). */
const ALPHA = 0.05;

// ---------------------------------------------------------------------------------------------
// Input and its validation (zod/mini, French messages naming the field)
// ---------------------------------------------------------------------------------------------

export interface VariantInput {
  /** Variant identifier, e.g. 'A' or 'b-hero'. */
  key: string;
  /** Planned share of traffic; weights are normalised, so 50/50, 1/1 and 0.5/0.5 are the same. */
  weight: number;
  /** Units exposed (visitors). */
  units: number;
  /** Units that converted (0 ≤ conversions ≤ units). */
  conversions: number;
}

export interface ExperimentInput {
  /** The first variant is the control. */
  variants: VariantInput[];
}

type Path = readonly PropertyKey[];

/** ['variants', 1, 'conversions'] → 'variants[1].conversions'. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(racine)';
}

const at = (path: Path | undefined, rule: string) => `${formatPath(path ?? [])}${NNBSP}: ${rule}`;
/** The value received, for the message: ` (reçu −1)`, ` (reçu "12")`; nothing for objects. */
const received = (input: unknown) =>
  input === undefined
    ? ' (absent)'
    : typeof input === 'number' || typeof input === 'string' || typeof input === 'boolean' || input === null
      ? ` (reçu ${JSON.stringify(input)})`
      : '';
const rule = (text: string) => ({
  error: (iss: { path?: Path; input?: unknown }) => at(iss.path, text + received(iss.input)),
});

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

const variantSchema = z
  .strictObject(
    {
      key: z.string(rule('doit être un texte non vide')).check(z.minLength(1, rule('doit être un texte non vide'))),
      weight: z
        .number(rule('doit être un nombre strictement positif'))
        .check(z.refine((w) => w > 0, rule('doit être un nombre strictement positif'))),
      units: z
        .number(rule('doit être un entier positif ou nul'))
        .check(z.refine(isCount, rule('doit être un entier positif ou nul'))),
      conversions: z
        .number(rule('doit être un entier entre 0 et units'))
        .check(z.refine(isCount, rule('doit être un entier entre 0 et units'))),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? at(iss.path, `clé inconnue ${(iss.keys as string[]).map((k) => `«${NNBSP}${k}${NNBSP}»`).join(', ')} (attendu${NNBSP}: key, weight, units, conversions)`)
          : at(iss.path, `doit être un objet { key, weight, units, conversions }${received(iss.input)}`),
    },
  )
  .check(
    // Only once both are valid counts, so a bad count gives one message, not two.
    z.refine((v) => !isCount(v.units) || !isCount(v.conversions) || v.conversions <= v.units, {
      path: ['conversions'],
      error: (iss) => {
        const v = iss.input as VariantInput;
        return at(iss.path, `doit être un entier entre 0 et units (reçu ${v.conversions} pour ${v.units} units)`);
      },
    }),
  );

/**
 * Schema of the input of `statsReport` / `npm run report -- stats --input FILE`. Each message names
 * the field, e.g. `variants[1].conversions : doit être un entier entre 0 et units`. Unknown keys in
 * a variant are refused (a typo such as `conversion` must not pass silently); other top-level keys
 * (a name, a description) are ignored.
 */
export const statsInputSchema = z
  .object(
    {
      variants: z
        .array(variantSchema, rule('doit être une liste de variantes (la première est le témoin)'))
        .check(z.minLength(1, rule('il faut au moins une variante (la première est le témoin)'))),
    },
    rule('doit être un objet { variants: [...] }'),
  )
  .check(
    z.superRefine((input, ctx) => {
      const seen = new Map<string, number>();
      input.variants.forEach((v, i) => {
        const first = seen.get(v.key);
        if (first === undefined) seen.set(v.key, i);
        else
          ctx.addIssue({
            code: 'custom',
            path: ['variants', i, 'key'],
            message: at(['variants', i, 'key'], `«${NNBSP}${v.key}${NNBSP}» est déjà la clé de variants[${first}]`),
            input: v.key,
          });
      });
    }),
  );

export type StatsInput = z.infer<typeof statsInputSchema>;

/** The input was refused; `problems` lists one French message per field. */
export class ExperimentInputError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Données d’expérience invalides${NNBSP}:\n- ${problems.join('\n- ')}`);
    this.name = 'ExperimentInputError';
    this.problems = problems;
  }
}

/**
 * Validates raw input (e.g. parsed JSON). Problems name the field and, when it is readable, the
 * variant key: `variants[1].conversions (variante « B ») : doit être un entier entre 0 et units`.
 */
export function parseStatsInput(
  raw: unknown,
): { success: true; data: StatsInput } | { success: false; problems: string[] } {
  const result = statsInputSchema.safeParse(raw);
  if (result.success) return { success: true, data: result.data };
  const variants = (raw as { variants?: unknown } | null)?.variants;
  const problems = result.error.issues.map((issue) => {
    const [head, index] = issue.path;
    const key =
      head === 'variants' && typeof index === 'number' && Array.isArray(variants)
        ? (variants[index] as { key?: unknown } | null)?.key
        : undefined;
    if (typeof key !== 'string' || key === '') return issue.message;
    const prefix = `${formatPath(issue.path)}${NNBSP}: `;
    const named = `${formatPath(issue.path)} (variante «${NNBSP}${key}${NNBSP}»)${NNBSP}: `;
    return issue.message.startsWith(prefix) ? named + issue.message.slice(prefix.length) : issue.message;
  });
  return { success: false, problems: [...new Set(problems)] };
}

// ---------------------------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------------------------

/**
 * Two-sided Student t tail, 2·P(T ≤ −|x|) = I_{ν/(ν+x²)}(ν/2, 1/2). jStat.studentt.cdf goes
 * through I(ν/2, ν/2), which loses accuracy for large ν (2·10⁻⁴ off at ν = 3·10⁶); this form
 * stays within 10⁻⁸ of scipy from ν = 1 to 10⁹. Same value as GrowthBook's
 * 2·(1 − t.cdf(|x|, ν)), without the cancellation for large |x|.
 */
function studentTwoSided(x: number, dof: number): number {
  const p = jStat.ibeta(dof / (dof + x * x), dof / 2, 0.5);
  return Math.min(1, Math.max(0, p));
}

/** Standard normal CDF Φ(x). */
const phi = (x: number) => jStat.normal.cdf(x, 0, 1);

/** Chi-square survival function P(X ≥ x), X ~ χ²(dof). */
const chiSquareSf = (x: number, dof: number) => Math.min(1, Math.max(0, 1 - jStat.chisquare.cdf(x, dof)));

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

/**
 * Why a variant has no lift or no interval:
 * - `control`: it is the control;
 * - `no-units`: the variant has 0 units (no rate);
 * - `control-no-units`: the control has 0 units (no rate to compare with);
 * - `control-rate-zero`: the control rate is 0, the relative lift is undefined (details.mdx:
 *   "undefined otherwise"; gbstats BASELINE_VARIATION_ZERO_MESSAGE);
 * - `zero-variance`: a rate of 0 or 1 in the control or the variant gives a zero variance; the
 *   lift is reported, but GrowthBook computes no interval, p-value or chance to win
 *   (EffectMoments._has_zero_variance, ZERO_NEGATIVE_VARIANCE_MESSAGE).
 */
export type NoResultReason = 'control' | 'no-units' | 'control-no-units' | 'control-rate-zero' | 'zero-variance';

export interface VariantStats {
  key: string;
  isControl: boolean;
  /** Normalised weight (the weights sum to 1). */
  weight: number;
  units: number;
  conversions: number;
  /** conversions / units; null when units = 0. */
  rate: number | null;
  /** Relative lift vs the control, (rate − rate_control) / rate_control. */
  lift: number | null;
  /** Frequentist 95 % confidence interval of the lift (delta method, Welch t). */
  liftLow: number | null;
  liftHigh: number | null;
  /** Two-sided Welch t-test p-value of the relative lift. */
  pValue: number | null;
  /** Bayesian chance to beat the control, 1 − Φ(0; lift, se), improper prior. */
  chanceToWin: number | null;
  /** Bayesian 95 % credible interval (posterior 2.5 % and 97.5 % quantiles). */
  ciLow: number | null;
  ciHigh: number | null;
  /** Delta-method standard error of the lift. */
  stdError: number | null;
  /** Welch–Satterthwaite degrees of freedom. */
  dof: number | null;
  /** GrowthBook hasEnoughData: both arms have conversions and max(control, variant) ≥ 150. */
  enoughData: boolean | null;
  /** |lift| ≥ 50 % (DEFAULT_MAX_PERCENT_CHANGE); false when the lift is undefined. */
  suspiciousUplift: boolean | null;
  /** |lift| < 0.5 % (DEFAULT_MIN_PERCENT_CHANGE); false when the lift is undefined. */
  belowMinChange: boolean | null;
  /** Why some of the fields above are null; null when everything was computed. */
  reason: NoResultReason | null;
}

export interface ExperimentStats {
  /** Same order as the input; the first is the control. */
  variants: VariantStats[];
  totalUnits: number;
  /** Chi-square goodness of fit of the units against the weights, k − 1 degrees of freedom; null
   *  with one variant or fewer than k × 8 units in total (GrowthBook "not-enough-traffic"). */
  srmPValue: number | null;
  /** srmPValue < 0.001. */
  srmWarning: boolean;
}

const NULL_RESULT = {
  lift: null,
  liftLow: null,
  liftHigh: null,
  pValue: null,
  chanceToWin: null,
  ciLow: null,
  ciHigh: null,
  stdError: null,
  dof: null,
} as const;

/** GrowthBook hasEnoughData (experiments.ts): `value` is the conversion count for a binomial metric. */
function hasEnoughData(controlConversions: number, variantConversions: number): boolean {
  if (!controlConversions || !variantConversions) return false;
  return Math.max(controlConversions, variantConversions) >= DEFAULTS.minSampleSize;
}

function compare(control: VariantInput, variant: VariantInput) {
  const nC = control.units;
  const nT = variant.units;
  if (nC === 0) return { ...NULL_RESULT, reason: 'control-no-units' as const };
  if (nT === 0) return { ...NULL_RESULT, reason: 'no-units' as const };
  if (control.conversions === 0) return { ...NULL_RESULT, reason: 'control-rate-zero' as const };

  // Relative lift (details.mdx eq. 1), from the integer counts so that 150/1000 vs 100/1000 gives
  // exactly 0.5 and not 0.49999999999999994.
  const lift = (variant.conversions * nC - control.conversions * nT) / (control.conversions * nT);

  // Proportion metric (eq. 9, 10): mean μ = conversions / units, per-unit variance μ(1 − μ).
  const mC = control.conversions / nC;
  const mT = variant.conversions / nT;
  const vC = mC * (1 - mC);
  const vT = mT * (1 - mT);
  if (vC <= 0 || vT <= 0) return { ...NULL_RESULT, lift, reason: 'zero-variance' as const };

  // Delta-method variance of the relative lift (eq. 2).
  const variance = (vC * mT * mT) / (mC ** 4 * nC) + vT / (mC * mC * nT);
  const se = Math.sqrt(variance);
  // Welch–Satterthwaite degrees of freedom on the per-arm variances (gbstats TTest.dof).
  const dof = (vT / nT + vC / nC) ** 2 / (vT ** 2 / (nT ** 2 * (nT - 1)) + vC ** 2 / (nC ** 2 * (nC - 1)));

  // Frequentist engine: two-sided Welch t-test and its 95 % interval.
  const z = lift / se;
  const pValue = studentTwoSided(z, dof);
  const tHalf = jStat.studentt.inv(1 - ALPHA / 2, dof) * se;

  // Bayesian engine, improper prior: posterior N(lift, se²). 1 − Φ(0; lift, se) = Φ(lift / se).
  const chanceToWin = phi(z);
  const nHalf = jStat.normal.inv(1 - ALPHA / 2, 0, 1) * se;

  return {
    lift,
    liftLow: lift - tHalf,
    liftHigh: lift + tHalf,
    pValue,
    chanceToWin,
    ciLow: lift - nHalf,
    ciHigh: lift + nHalf,
    stdError: se,
    dof,
    reason: null,
  };
}

/**
 * SRM check (gbstats utils.check_srm): χ² = Σ (o − e)² / e with e = wᵢ / Σw · Σo, p = P(χ²_{k−1} ≥ χ²).
 * Null with a single variant (no degree of freedom) or below k × 8 units (health.ts).
 */
function srmPValue(units: number[], weights: number[]): number | null {
  const k = units.length;
  const total = units.reduce((s, u) => s + u, 0);
  if (k < 2 || total < k * DEFAULTS.srmMinCountPerVariation) return null;
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  let x = 0;
  units.forEach((o, i) => {
    const e = (weights[i] / totalWeight) * total;
    x += (o - e) ** 2 / e;
  });
  return chiSquareSf(x, k - 1);
}

/**
 * Statistics of an experiment: per variant the rate, the relative lift against the first variant
 * with its frequentist interval and p-value, the Bayesian chance to win and credible interval, and
 * GrowthBook's flags; for the experiment the SRM test.
 * @throws ExperimentInputError when the input breaks a rule (negative or non-integer counts,
 *   conversions > units, weight ≤ 0, duplicate key…); each problem names the field and the variant.
 */
export function computeExperimentStats(input: ExperimentInput): ExperimentStats {
  const parsed = parseStatsInput(input);
  if (!parsed.success) throw new ExperimentInputError(parsed.problems);
  const variants = parsed.data.variants;
  const control = variants[0];
  const totalWeight = variants.reduce((s, v) => s + v.weight, 0);

  const stats: VariantStats[] = variants.map((v, i) => {
    const base = {
      key: v.key,
      isControl: i === 0,
      weight: v.weight / totalWeight,
      units: v.units,
      conversions: v.conversions,
      rate: v.units > 0 ? v.conversions / v.units : null,
    };
    if (i === 0) {
      return { ...base, ...NULL_RESULT, enoughData: null, suspiciousUplift: null, belowMinChange: null, reason: 'control' };
    }
    const result = compare(control, v);
    const { lift } = result;
    return {
      ...base,
      ...result,
      enoughData: hasEnoughData(control.conversions, v.conversions),
      suspiciousUplift: lift !== null && Math.abs(lift) >= DEFAULTS.maxPercentChange,
      belowMinChange: lift !== null && Math.abs(lift) < DEFAULTS.minPercentChange,
    };
  });

  const p = srmPValue(
    variants.map((v) => v.units),
    variants.map((v) => v.weight),
  );
  return {
    variants: stats,
    totalUnits: variants.reduce((s, v) => s + v.units, 0),
    srmPValue: p,
    srmWarning: p !== null && p < DEFAULTS.srmThreshold,
  };
}

// ---------------------------------------------------------------------------------------------
// CLI report
// ---------------------------------------------------------------------------------------------

export interface StatsReport {
  variants: {
    key: string;
    rate: number | null;
    lift: number | null;
    liftLow: number | null;
    liftHigh: number | null;
    pValue: number | null;
    chanceToWin: number | null;
  }[];
  srmPValue: number | null;
}

/** The JSON printed by `npm run report -- stats --input FILE` (the control's lift fields are null). */
export function statsReport(input: ExperimentInput): StatsReport {
  const result = computeExperimentStats(input);
  return {
    variants: result.variants.map(({ key, rate, lift, liftLow, liftHigh, pValue, chanceToWin }) => ({
      key,
      rate,
      lift,
      liftLow,
      liftHigh,
      pValue,
      chanceToWin,
    })),
    srmPValue: result.srmPValue,
  };
}

// ---------------------------------------------------------------------------------------------
// Verdict for the team (French)
// ---------------------------------------------------------------------------------------------

export type VerdictStatus = 'srm' | 'not-enough-data' | 'winner' | 'loser' | 'inconclusive';

export interface Verdict {
  status: VerdictStatus;
  /** winner: the winning variant; loser: the control (which wins). */
  variant?: string;
  message: string;
}

const fr = (x: number, digits: number) => x.toFixed(digits).replace('.', ',').replace('-', '−');

/** 1234567 → '1 234 567' (narrow no-break spaces). */
const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);

/** Signed percentage: +12,3 %, −4,0 %, 0,0 %. */
function signedPercent(x: number): string {
  const text = (Math.abs(x) * 100).toFixed(1);
  const sign = text === '0.0' ? '' : x > 0 ? '+' : '−';
  return `${sign}${text.replace('.', ',')}${NBSP}%`;
}

/** Chance to win as a percentage, without rounding 99,96 % up to a certain 100 %. */
function chancePercent(x: number): string {
  if (x > 0.999) return `plus de 99,9${NBSP}%`;
  if (x < 0.001) return `moins de 0,1${NBSP}%`;
  return `${fr(x * 100, 1)}${NBSP}%`;
}

const formatP = (p: number) => (p < 0.0001 ? `p < 0,0001` : `p = ${fr(p, 4)}`);

type Outcome = 'won' | 'lost' | 'draw' | 'none';

/**
 * GrowthBook getMetricResultStatus, Bayesian engine (the default, DEFAULT_STATS_ENGINE): a variant
 * is highlighted when it has enough data and is not below the minimum change; it wins when its
 * chance to win is > 95 %, loses when < 5 %; with enough data, below the minimum change and a
 * chance beyond either threshold it is a draw.
 */
function outcome(v: VariantStats): Outcome {
  const ctw = v.chanceToWin;
  if (ctw === null || !v.enoughData) return 'none';
  const upper = DEFAULTS.confidenceLevel;
  // 1 − 0.95 written out: computed, it is 0.05000000000000004 (GrowthBook's front end computes
  // it, so there a chance of exactly 0.05 counts as lost; here it does not, as documented "< 5 %").
  const lower = 0.05;
  if (v.belowMinChange) return ctw > upper || ctw < lower ? 'draw' : 'none';
  if (ctw > upper) return 'won';
  if (ctw < lower) return 'lost';
  return 'none';
}

/**
 * The decision for the team, in French.
 *
 * Rules, in order:
 * 1. `srm` when the SRM test warns (p < 0.001, DEFAULT_SRM_THRESHOLD): nothing else can be trusted.
 * 2. `winner` when a variant wins (GrowthBook's default Bayesian engine: enough data, not below the
 *    0.5 % minimum change, chance to win > 95 %); with several winners, the highest chance to win.
 * 3. `loser` ("the control wins") when every variant loses (chance to win < 5 %).
 * 4. `not-enough-data` when a variant lacks data (GrowthBook hasEnoughData: a conversion in each
 *    arm and at least 150 in one, DEFAULT_MIN_SAMPLE_SIZE).
 * 5. `inconclusive` otherwise (including a draw below the minimum change and a zero variance).
 * The p-value is reported but not used: GrowthBook's default engine is Bayesian
 * (DEFAULT_STATS_ENGINE). With the improper prior, chance to win > 95 % is a one-sided z-test at
 * 5 %, i.e. about a two-sided p < 0.10 (10 % vs 10.74 % on 10 000 each: chance 95.1 %, p = 0.098,
 * a win). Asking for p < 0.05 as well would in practice mean p < 0.05 alone (chance > 97.5 %),
 * GrowthBook's frequentist engine, not its default.
 * A suspicious uplift (|lift| ≥ 50 %) adds « écart suspect, vérifiez le suivi » to any message.
 */
export function verdict(result: ExperimentStats): Verdict {
  const [control, ...others] = result.variants;
  const controlLabel = `${control.key} (témoin)`;
  const suspicious = others.filter((v) => v.suspiciousUplift && v.lift !== null);
  const warn = (message: string) =>
    suspicious.length === 0
      ? message
      : `${message} Attention${NNBSP}: écart suspect (${suspicious
          .map((v) => `${v.key}${NNBSP}: ${signedPercent(v.lift!)}`)
          .join(', ')}), vérifiez le suivi.`;

  if (result.srmWarning && result.srmPValue !== null) {
    const units = result.variants.map((v) => `${v.key}${NNBSP}: ${count(v.units)}`).join(', ');
    return {
      status: 'srm',
      message: warn(
        `Répartition déséquilibrée${NNBSP}: résultats non fiables. Les visiteurs (${units}) ne suivent pas ` +
          `les poids prévus (test du khi-deux${NNBSP}: ${formatP(result.srmPValue)}, seuil 0,001)${NNBSP}; ` +
          `vérifiez l’affectation des variantes.`,
      ),
    };
  }

  if (others.length === 0) {
    return {
      status: 'inconclusive',
      message: `Pas encore de conclusion${NNBSP}: aucune variante à comparer au témoin ${control.key}.`,
    };
  }

  const outcomes = others.map((v) => ({ v, o: outcome(v) }));
  const winners = outcomes
    .filter((x) => x.o === 'won')
    .map((x) => x.v)
    .sort((a, b) => b.chanceToWin! - a.chanceToWin! || b.lift! - a.lift!);
  if (winners.length > 0) {
    const w = winners[0];
    return {
      status: 'winner',
      variant: w.key,
      message: warn(
        `${w.key} l’emporte${NNBSP}: ${chancePercent(w.chanceToWin!)} de chances de battre le témoin, ` +
          `${signedPercent(w.lift!)} de conversions (intervalle de crédibilité à 95${NBSP}%${NNBSP}: ` +
          `${signedPercent(w.ciLow!)} à ${signedPercent(w.ciHigh!)}).`,
      ),
    };
  }

  if (outcomes.every((x) => x.o === 'lost')) {
    const detail =
      others.length === 1
        ? `${others[0].key} n’a que ${chancePercent(others[0].chanceToWin!)} de chances de le battre (${signedPercent(others[0].lift!)} de conversions).`
        : `aucune variante ne le bat (${others.map((v) => `${v.key}${NNBSP}: ${chancePercent(v.chanceToWin!)}`).join(', ')} de chances de gagner).`;
    return { status: 'loser', variant: control.key, message: warn(`${controlLabel} l’emporte${NNBSP}: ${detail}`) };
  }

  if (others.some((v) => !v.enoughData)) {
    const counts = result.variants
      .map((v) => `${v.isControl ? controlLabel : v.key}${NNBSP}: ${count(v.conversions)}`)
      .join(', ');
    const zero = result.variants.some((v) => v.conversions === 0);
    return {
      status: 'not-enough-data',
      message: warn(
        `Pas encore assez de données${NNBSP}: il faut au moins ${DEFAULTS.minSampleSize} conversions dans une variante` +
          `${zero ? ' et au moins une dans chacune' : ''} (${counts}).`,
      ),
    };
  }

  const details = outcomes.map(({ v, o }) => {
    if (v.chanceToWin === null) {
      return `${v.key}${NNBSP}: incertitude incalculable (taux de 0${NBSP}% ou 100${NBSP}% dans une variante)`;
    }
    if (o === 'draw') {
      return `${v.key} et le témoin font jeu égal (écart de ${signedPercent(v.lift!)}, sous le seuil de 0,5${NBSP}%)`;
    }
    if (o === 'lost') return `${v.key} perd face au témoin (${chancePercent(v.chanceToWin)} de chances de le battre)`;
    return `${v.key} a ${chancePercent(v.chanceToWin)} de chances de battre le témoin`;
  });
  const open = outcomes.some(({ v, o }) => o === 'none' && v.chanceToWin !== null);
  return {
    status: 'inconclusive',
    message: warn(
      `Pas encore de conclusion${NNBSP}: ${details.join(`${NNBSP}; `)}.` +
        (open ? ` Il faut plus de 95${NBSP}% (ou moins de 5${NBSP}%) de chances de gagner pour conclure.` : ''),
    ),
  };
}
