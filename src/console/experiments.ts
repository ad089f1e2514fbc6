// The results of every experiment of experiments.yaml from the counters the edge keeps, for the
// console and `npm run report -- experiments`: what a unit is and what counts as a conversion
// depends on the metric, then the statistics (src/marketing/experiment-stats.ts) and the verdict.
//   - form-conversion-rate (hero): units are unique consenting visitors exposed to the page
//     (ab_units), a conversion is a form sent later in the same visit (30-minute visit cookie);
//   - click-rate (CTA button): same units, a conversion is a click on the tested button;
//   - open-rate (e-mail subject): units are the sent e-mails that carry an open pixel (the lead
//     consented to open tracking; the others can never « open »), a conversion is the first open.
// Pure module over plain rows.
import type { Marketing } from '../marketing/config';
import { frenchText } from '../lib/typography';
import { computeExperimentStats, verdict, type ExperimentInput, type ExperimentStats, type Verdict } from '../marketing/experiment-stats';

export interface AbCountRow {
  experiment: string;
  variant: string;
  exposures: number;
  conversions: number;
  clicks: number;
}
export interface EmailCountRow {
  template: string;
  variant: string;
  sent: number;
  tracked: number;
  opened: number;
  clicked: number;
}

export interface ExperimentResult {
  key: string;
  label: string;
  status: string;
  channel: 'web' | 'email';
  metric: 'form-conversion-rate' | 'click-rate' | 'open-rate';
  /** What the units and conversions are, in French, for the table's headings. */
  unitLabel: string;
  conversionLabel: string;
  variants: { key: string; text: string; weight: number }[];
  input: ExperimentInput;
  stats: ExperimentStats;
  verdict: Verdict;
  /** The verdict in three words: « B l’emporte », « pas encore de conclusion », « répartition déséquilibrée : résultats non fiables ». */
  headline: string;
  /** How to ship the winner (or what to do next), in French. */
  next: string;
}

const LABELS = {
  'form-conversion-rate': { unit: 'Visiteurs exposés', conversion: 'Formulaires envoyés dans la visite' },
  'click-rate': { unit: 'Visiteurs exposés', conversion: 'Clics sur le bouton' },
  'open-rate': { unit: 'E-mails envoyés avec suivi d’ouverture', conversion: 'E-mails ouverts' },
} as const;

export function experimentResults(
  experiments: Marketing['experiments'],
  templates: readonly { key: string; experiment: string | null }[],
  counts: { ab: readonly AbCountRow[]; email: readonly EmailCountRow[] },
): ExperimentResult[] {
  return experiments.map((e) => {
    const templatesOf = new Set(templates.filter((t) => t.experiment === e.key).map((t) => t.key));
    const variants = e.variants.map((v) => {
      if (e.metric === 'open-rate') {
        const rows = counts.email.filter((r) => r.variant === v.key && templatesOf.has(r.template));
        return { key: v.key, weight: v.weight, units: sum(rows, 'tracked'), conversions: sum(rows, 'opened') };
      }
      const rows = counts.ab.filter((r) => r.experiment === e.key && r.variant === v.key);
      return { key: v.key, weight: v.weight, units: sum(rows, 'exposures'), conversions: sum(rows, e.metric === 'click-rate' ? 'clicks' : 'conversions') };
    });
    const input: ExperimentInput = { variants };
    const stats = computeExperimentStats(input);
    const decision = verdict(stats);
    return {
      key: e.key,
      label: e.label,
      status: e.status,
      channel: e.channel,
      metric: e.metric,
      unitLabel: LABELS[e.metric].unit,
      conversionLabel: LABELS[e.metric].conversion,
      variants: e.variants.map((v) => ({ key: v.key, text: v.text, weight: v.weight })),
      input,
      stats,
      verdict: decision,
      headline: headline(decision, e.variants[0]!.key),
      next: frenchText(nextStep(e, decision)),
    };
  });
}

const sum = <T extends Record<K, number>, K extends string>(rows: readonly T[], key: K) => rows.reduce((n, r) => n + Number(r[key] ?? 0), 0);

function headline(v: Verdict, control: string): string {
  if (v.status === 'winner' && v.variant) return `${v.variant.toUpperCase()} l’emporte`;
  if (v.status === 'loser') return `${control.toUpperCase()} (témoin) l’emporte`;
  if (v.status === 'srm') return frenchText('Répartition déséquilibrée : résultats non fiables');
  return 'Pas encore de conclusion';
}

/** What the team does with the verdict: the file and the change that ship the winner. */
function nextStep(e: Marketing['experiments'][number], v: Verdict): string {
  const where = e.channel === 'web' ? 'le texte de la page (le composant qui affiche la variante témoin)' : 'l’objet de l’e-mail dans content/emails/';
  if (v.status === 'winner' && v.variant) {
    const text = e.variants.find((x) => x.key === v.variant)?.text ?? v.variant;
    return `Pour adopter la variante ${v.variant} : dans content/marketing/experiments.yaml, passez le test « ${e.key} » en status: stopped et reportez « ${text} » dans ${where} ; le test cesse de répartir les visiteurs au prochain déploiement. Gardez les chiffres ci-dessus dans le compte rendu du test.`;
  }
  if (v.status === 'loser') {
    return `Le témoin l’emporte : passez le test « ${e.key} » en status: stopped dans content/marketing/experiments.yaml et gardez le texte actuel.`;
  }
  if (v.status === 'srm') {
    return 'Ne concluez pas : cherchez pourquoi une variante reçoit plus de visiteurs que prévu (cache, robots, redirections, cookie refusé), corrigez, puis relancez le test avec de nouveaux compteurs (nouvelle clé).';
  }
  if (e.status !== 'running') return `Le test est ${e.status === 'paused' ? 'en pause' : e.status === 'stopped' ? 'arrêté' : 'en brouillon'} : ses compteurs n’avancent plus.`;
  return 'Laissez le test tourner : ne l’arrêtez pas au premier écart favorable, attendez le verdict.';
}
