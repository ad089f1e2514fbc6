// Checks a CMS configuration against the JSON Schema that Sveltia CMS ships
// (node_modules/@sveltia/cms/schema/sveltia-cms.json), with ajv. A failure names the offending
// field by the names of its collection and fields (« collections[articles].fields[publishDate] »),
// not only by its position in the file. Node only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { SVELTIA_DIR } from './sveltia.ts';

export function sveltiaSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SVELTIA_DIR, 'schema', 'sveltia-cms.json'), 'utf8'));
}

/** `/collections/0/fields/3/field` → `collections[articles].fields[publishDate].field`. */
export function namedPath(config: unknown, instancePath: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = config;
  let out = '';
  for (const part of parts) {
    const next = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    if (Array.isArray(node)) {
      const name = next && typeof next === 'object' ? ((next as Record<string, unknown>).name ?? (next as Record<string, unknown>).label) : undefined;
      out += `[${typeof name === 'string' ? name : part}]`;
    } else out += out ? `.${part}` : part;
    node = next;
  }
  return out || '(racine)';
}

export interface CmsConfigProblem {
  path: string;
  messages: string[];
}

/** The JSON Schema definitions that describe each widget (the schema's anyOf tries them all). */
const WIDGET_DEFINITIONS: Record<string, RegExp> = {
  string: /^StringField$/,
  text: /^TextField$/,
  number: /^NumberField$/,
  boolean: /^BooleanField$/,
  datetime: /^DateTimeField$/,
  select: /^SelectField$/,
  relation: /^RelationField$/,
  markdown: /^MarkdownField$/,
  richtext: /^RichTextField$/,
  hidden: /^HiddenField$/,
  list: /^(?:Simple)?ListField/,
  object: /^(?:ObjectField|VariableFieldType)/,
  keyvalue: /^KeyValueField$/,
  code: /^CodeField$/,
};

/** The innermost field that contains `instancePath`: its path and widget (none outside fields). */
function owner(config: unknown, instancePath: string): { path: string; widget?: string } {
  let node: unknown = config;
  let found: { path: string; widget?: string } = { path: '' };
  let path = '';
  const parts = instancePath.split('/').slice(1);
  for (let i = 0; i <= parts.length; i++) {
    if (node && typeof node === 'object' && typeof (node as Record<string, unknown>).widget === 'string') found = { path, widget: (node as Record<string, string>).widget };
    if (i === parts.length) break;
    path += `/${parts[i]}`;
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[parts[i]] : undefined;
  }
  return found;
}

/**
 * Validates `config`; returns the problems at the deepest failing places, each with its named
 * path and the messages of the definition of its widget (the other branches of the schema's
 * anyOf fail too, and only repeat that the widget is not theirs).
 */
export function validateCmsConfig(config: unknown, schema: Record<string, unknown> = sveltiaSchema()): CmsConfigProblem[] {
  // verbose: each error carries the (sub)schema that failed, traced back to its definition below.
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  const definitionOf = new Map<unknown, string>();
  const mark = (node: unknown, name: string) => {
    if (!node || typeof node !== 'object' || definitionOf.has(node)) return;
    definitionOf.set(node, name);
    for (const value of Object.values(node)) mark(value, name);
  };
  for (const [name, definition] of Object.entries((schema.definitions ?? {}) as Record<string, unknown>)) mark(definition, name);
  ajv.addFormat('regex', (s: string) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  const validate = ajv.compile(schema);
  if (validate(config)) return [];
  const all = ((validate.errors ?? []) as ErrorObject[]).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'not' && e.keyword !== 'if');
  // Per field: the errors of its widget's own definition when there are some; the other
  // definitions of the anyOf only say that the widget is not theirs.
  const groups = new Map<string, { widget?: string; errors: ErrorObject[] }>();
  for (const e of all) {
    const o = owner(config, e.instancePath);
    const group = groups.get(o.path) ?? { widget: o.widget, errors: [] };
    group.errors.push(e);
    groups.set(o.path, group);
  }
  const relevant = [...groups.values()].flatMap(({ widget, errors }) => {
    const expected = widget ? WIDGET_DEFINITIONS[widget] : undefined;
    if (!expected) return errors;
    const own = errors.filter((e) => expected.test(definitionOf.get(e.parentSchema) ?? ''));
    return own.length ? own : errors.filter((e) => !(/\/widget$/.test(e.instancePath) && e.keyword === 'const'));
  });
  const errors = relevant.length ? relevant : all;
  const paths = [...new Set(errors.map((e) => e.instancePath))];
  // A place whose children fail too is only reported through them.
  const leaves = paths.filter((p) => !paths.some((q) => q !== p && q.startsWith(`${p}/`)));
  return leaves.map((p) => ({
    path: namedPath(config, p),
    messages: [
      ...new Set(
        errors
          .filter((e) => e.instancePath === p)
          .map((e) => `${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`),
      ),
    ],
  }));
}

export function formatCmsProblems(problems: CmsConfigProblem[]): string {
  return problems.map((p) => `  - ${p.path} : ${p.messages.join(' ; ')}`).join('\n');
}
