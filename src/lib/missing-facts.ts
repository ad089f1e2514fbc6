// The school facts still missing from content/marketing/organization.yaml: every value that
// contains PLACEHOLDER, or that carries a trailing `# PLACEHOLDER` comment (a stand-in kept only
// because its field has a format). `SITE_ENV=production` builds refuse to run while one is left
// (src/integrations/school-facts.ts); the README's « To fill before going live » lists the same keys.
//
// Pure: takes the file's text (Node reads it in the build and the tests); no node:* import.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { organizationSchema } from '../marketing/config.ts';

export const ORGANIZATION_FILE = 'content/marketing/organization.yaml';
const MARK = 'PLACEHOLDER';

export interface MissingFact {
  /** Path of the file from the project root. */
  file: string;
  /** Dotted key in the file, e.g. `legal.siret`, `certifications.cap-mva.rncp`. */
  key: string;
  /** What the fact is: the field's description in the schema (src/marketing/config.ts). */
  label: string;
}

/** The schema's description of the field at `keys` (objects, records and arrays followed). */
export function fieldDescription(keys: readonly string[], schema: z.ZodType = organizationSchema): string | undefined {
  let s: z.ZodType | undefined = schema;
  for (const key of keys) {
    const def = unwrap(s)?._zod.def as { type: string; shape?: Record<string, z.ZodType>; valueType?: z.ZodType; element?: z.ZodType } | undefined;
    if (!def) return undefined;
    s = def.type === 'object' ? def.shape?.[key] : def.type === 'record' ? def.valueType : def.type === 'array' ? def.element : undefined;
  }
  return s?.description ?? unwrap(s)?.description;
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let current = s;
  for (let i = 0; current && i < 10; i++) {
    const def = current._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else break;
  }
  return current;
}

/**
 * Every school fact still missing, in file order. A YAML syntax error is thrown (the marketing
 * loader reports it with its line first).
 */
export function missingSchoolFacts(yamlText: string, file = ORGANIZATION_FILE): MissingFact[] {
  const doc = parseDocument(yamlText);
  if (doc.errors.length) throw new Error(`${file}: YAML illisible : ${doc.errors[0]!.message.split('\n')[0]}`);
  const found: MissingFact[] = [];
  const visit = (node: Node | null | undefined, keys: string[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        visit(pair.value as Node | null, [...keys, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item as Node, [...keys, String(i)]));
    } else if (isScalar(node)) {
      const value = typeof node.value === 'string' && node.value.includes(MARK);
      const comment = (node.comment ?? '').includes(MARK);
      if (value || comment) found.push({ file, key: keys.join('.'), label: fieldDescription(keys) ?? keys.join('.') });
    }
  };
  visit(doc.contents as Node | null, []);
  return found;
}

/** One message listing every missing fact, file and key, for the failing production build. */
export function formatMissingFacts(missing: readonly MissingFact[]): string {
  const n = missing.length;
  return [
    `SITE_ENV=production : ${n} fait${n > 1 ? 's' : ''} de l’école ${n > 1 ? 'restent' : 'reste'} à compléter (PLACEHOLDER), la construction de production est refusée :`,
    ...missing.map((m) => `  - ${m.file}: ${m.key} — ${m.label}`),
    'Renseignez-les (README, « To fill before going live ») ; sans SITE_ENV=production, le site les affiche « [à compléter : …] ».',
  ].join('\n');
}

/** The build's decision: throws the list in production, returns it otherwise. */
export function checkSchoolFacts(siteEnv: string | undefined, yamlText: string, file = ORGANIZATION_FILE): MissingFact[] {
  if (siteEnv !== undefined && siteEnv !== '' && siteEnv !== 'production') {
    throw new Error(`SITE_ENV : valeur « ${siteEnv} » inconnue ; « production » pour la mise en ligne, ou rien pour un aperçu`);
  }
  const missing = missingSchoolFacts(yamlText, file);
  if (siteEnv === 'production' && missing.length > 0) throw new Error(formatMissingFacts(missing));
  return missing;
}
