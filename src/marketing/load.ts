// Parses and validates the YAML files of content/marketing/ into one typed `Marketing` object.
//
// Pure module (no node:*, Astro or DOM import): callers read the files — Vite's import.meta.glob
// in the site (src/lib/marketing.ts), node:fs in tests and scripts — and pass their text here.
// Every problem is reported at once, each naming the file and the dotted path of the field:
//   content/marketing/experiments.yaml: 0.variants.1.weight: le poids doit être strictement positif
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { fr as frLocale } from 'zod/locales';
import { fileSchemas, marketingSchema, type Marketing, type MarketingKey } from './config.ts';
import { fillOmitted } from './omitted.ts';

/** File name (in content/marketing/) of each part of the plan. */
export const FILES = {
  organization: 'organization.yaml',
  audiences: 'audiences.yaml',
  prices: 'prices.yaml',
  keywords: 'keywords.yaml',
  campaigns: 'campaigns.yaml',
  experiments: 'experiments.yaml',
  leadScoring: 'lead-scoring.yaml',
  segments: 'segments.yaml',
  sequences: 'sequences.yaml',
  automation: 'automation.yaml',
  affiliates: 'affiliates.yaml',
  chatbot: 'chatbot.yaml',
  whatsapp: 'whatsapp.yaml',
  kpis: 'kpis.yaml',
} as const satisfies Record<MarketingKey, string>;

export const MARKETING_DIR = 'content/marketing';

export interface MarketingProblem {
  /** File name, e.g. 'prices.yaml'. */
  file: string;
  /** Dotted path of the field in the file ('offers.primo-arrivant.amount'), '(fichier)' or 'ligne L, colonne C'. */
  path: string;
  message: string;
}

export class MarketingConfigError extends Error {
  readonly problems: readonly MarketingProblem[];

  constructor(problems: readonly MarketingProblem[]) {
    const lines = problems.map((p) => `${MARKETING_DIR}/${p.file}: ${p.path}: ${p.message}`);
    super(
      `Configuration marketing invalide (${problems.length} problème${problems.length > 1 ? 's' : ''}) :\n` +
        lines.map((l) => `  - ${l}`).join('\n'),
    );
    this.name = 'MarketingConfigError';
    this.problems = problems;
  }
}

const fr = frLocale();

/** French messages; a missing field says so instead of « indéfini reçu ». */
export const errorMap: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === 'invalid_type' && iss.input === undefined) return 'champ obligatoire manquant';
  return fr.localeError(iss);
};

function dotted(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(racine)' : path.map(String).join('.');
}

function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string }[] {
  const path = [...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({ path: [...path, k], message: 'clé inconnue (faute de frappe ? champ non prévu par le schéma)' }));
    case 'invalid_union': {
      if (issue.discriminator !== undefined && 'options' in issue && issue.errors.length === 0) {
        const options = (issue.options ?? []).map((o) => `« ${String(o)} »`).join(', ');
        return [{ path, message: `valeur inattendue, valeurs possibles : ${options}` }];
      }
      const messages = [...new Set(issue.errors.flat().map((e) => e.message))];
      return [{ path, message: messages.length ? messages.join(' ; ou ') : issue.message }];
    }
    case 'invalid_key':
      return [{ path, message: `clé invalide : ${issue.issues.map((e) => e.message).join(' ; ')}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

function zodProblems(file: string, issues: readonly z.core.$ZodIssue[], stripFirst = false): MarketingProblem[] {
  return issues.flatMap((issue) =>
    describeIssue(issue).map(({ path, message }) => ({
      file,
      path: dotted(stripFirst ? path.slice(1) : path),
      message,
    })),
  );
}

const KEYS = Object.keys(FILES) as MarketingKey[];
const KEY_BY_FILE = new Map<string, MarketingKey>(KEYS.map((k) => [FILES[k], k]));

/**
 * Parses the marketing files and validates them against `marketingSchema`.
 * @param sources file name ('prices.yaml') → YAML text, one entry per file of FILES.
 * @throws MarketingConfigError listing every missing or unexpected file, YAML syntax error,
 *   schema error and cross-file inconsistency.
 */
export function parseMarketing(sources: Record<string, string>): Marketing {
  const problems: MarketingProblem[] = [];
  const data: Partial<Record<MarketingKey, unknown>> = {};

  for (const file of Object.keys(sources)) {
    if (!KEY_BY_FILE.has(file)) {
      problems.push({
        file,
        path: '(fichier)',
        message: `fichier inattendu : les fichiers attendus sont ${KEYS.map((k) => FILES[k]).join(', ')}`,
      });
    }
  }

  for (const key of KEYS) {
    const file = FILES[key];
    const text = sources[file];
    if (text === undefined) {
      problems.push({ file, path: '(fichier)', message: 'fichier manquant' });
      continue;
    }
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const pos = err.linePos?.[0];
        problems.push({
          file,
          path: pos ? `ligne ${pos.line}, colonne ${pos.col}` : '(syntaxe)',
          message: `erreur de syntaxe YAML : ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        });
      }
      continue;
    }
    // A field the CMS left out because it was empty is null, or [] for a list (src/marketing/omitted.ts).
    const value: unknown = fillOmitted(fileSchemas[key] as never, doc.toJS());
    const result = fileSchemas[key].safeParse(value, { error: errorMap });
    if (result.success) data[key] = value;
    else problems.push(...zodProblems(file, result.error.issues));
  }

  if (problems.length > 0) throw new MarketingConfigError(problems);

  // Every file is valid on its own: check the facts shared between files.
  const result = marketingSchema.safeParse(data, { error: errorMap });
  if (!result.success) {
    const grouped = new Map<string, z.core.$ZodIssue[]>();
    for (const issue of result.error.issues) {
      const file = FILES[issue.path[0] as MarketingKey] ?? '(plan)';
      if (!grouped.has(file)) grouped.set(file, []);
      grouped.get(file)!.push(issue);
    }
    for (const [file, issues] of grouped) problems.push(...zodProblems(file, issues, true));
    throw new MarketingConfigError(problems);
  }
  return result.data;
}
