// From a zod v4 schema to the fields of a Sveltia CMS collection (Decap-compatible widgets): the
// schema's .describe() texts become the fields' hints, enums selects, references relations,
// arrays lists, objects and records objects, discriminated unions variable types; optional
// fields and fields with a default are not required. Pure module: it reads the schemas'
// definitions (`schema._zod.def`) and imports nothing from zod.
//
// A schema shape the walker does not know is an error naming the field's path: a new kind of
// field in src/content.config.ts must be taught here rather than silently left out of the CMS.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type CmsField = { name: string; widget: string; label?: string; hint?: string; required?: boolean } & { [key: string]: unknown };
export type SelectValue = string | number | boolean | null;

/** A zod schema as this module sees it. */
interface ZodLike {
  _zod: { def: Def };
  description?: string;
}
interface Def {
  type: string;
  [key: string]: any;
}

export interface WalkContext {
  /** The collection a schema refers to, when it is a reference('collection'). */
  referenceOf(schema: ZodLike): string | undefined;
  /** The label shown for each value of an enum (value itself when no label is known). */
  optionLabel(value: SelectValue, path: readonly string[]): string;
  /** The keys a record has in the current data (records with free keys: offers, certifications). */
  recordKeys(path: readonly string[]): string[];
  /** Whether a date field holds a day (YYYY-MM-DD) or an instant (date, time and offset). */
  dateKind(path: readonly string[]): 'day' | 'instant';
}

/** Short French labels for field names whose description is a sentence or is missing. */
export const FIELD_LABELS: Record<string, string> = {
  title: 'Titre',
  description: 'Description',
  publishDate: 'Date de publication',
  updatedDate: 'Date de mise à jour',
  draft: 'Brouillon',
  category: 'Catégorie',
  audiences: 'Publics',
  audience: 'Public',
  trainings: 'Formations liées',
  training: 'Formation',
  author: 'Auteur',
  faq: 'Questions fréquentes',
  question: 'Question',
  answer: 'Réponse',
  hero: 'Bandeau',
  subtitle: 'Sous-titre',
  h1: 'Titre principal (h1)',
  keyword: 'Mot-clé',
  duration: 'Durée',
  access: 'Accès',
  price: 'Prix',
  distance: 'Formation à distance',
  speaker: 'Intervenant',
  name: 'Nom',
  role: 'Fonction',
  label: 'Libellé',
  key: 'Identifiant',
  body: 'Texte',
  seedText: 'Texte d’origine du plan',
  seedName: 'Nom d’origine du plan',
  seedKey: 'Nom d’origine du plan',
  seedLabel: 'Libellé d’origine du plan',
  seedMetric: 'Indicateur d’origine du plan',
  seedCriteria: 'Critères d’origine du plan',
  seedSteps: 'Étapes d’origine du plan',
  text: 'Texte',
  note: 'Note',
  status: 'État',
  summary: 'Résumé',
  noindex: 'Exclure des moteurs de recherche',
  items: 'Éléments',
  comparator: 'Comparaison',
};

/** The first clause of a description, as a label: « Date de publication prévue : l’article… » → « Date de publication prévue ». */
export function labelFrom(description: string): string {
  const clause = description.split(/\s[:;(]\s?|,\s|\s—\s|\s«/u)[0].trim();
  return clause.length >= 3 && clause.length <= 60 ? clause : description.slice(0, 60).trim();
}

export class UnsupportedSchemaError extends Error {
  readonly path: readonly string[];
  constructor(path: readonly string[], what: string) {
    super(`CMS : champ ${path.join('.')} : ${what} (src/cms/fields.ts ne sait pas le représenter)`);
    this.path = path;
    this.name = 'UnsupportedSchemaError';
  }
}

interface Unwrapped {
  core: ZodLike;
  description?: string;
  optional: boolean;
  nullable: boolean;
  hasDefault: boolean;
  defaultValue?: unknown;
}

/** Peels optional/nullable/default/pipe wrappers; the outermost description wins. */
export function unwrap(schema: ZodLike): Unwrapped {
  let s = schema;
  const out: Omit<Unwrapped, 'core'> = { optional: false, nullable: false, hasDefault: false };
  for (;;) {
    out.description ??= s.description;
    const def = s._zod.def;
    if (def.type === 'optional') out.optional = true;
    else if (def.type === 'nullable') out.nullable = true;
    else if (def.type === 'default' || def.type === 'prefault') {
      out.hasDefault = true;
      out.defaultValue = typeof def.defaultValue === 'function' ? def.defaultValue() : def.defaultValue;
    } else if (def.type === 'pipe') {
      s = def.in;
      continue;
    } else if (def.type === 'readonly' || def.type === 'catch' || def.type === 'nonoptional') {
      // same data shape
    } else if (def.type === 'lazy') {
      s = def.getter();
      continue;
    } else return { core: s, ...out };
    s = def.innerType;
  }
}

const checksOf = (s: ZodLike) => ((s._zod.def.checks ?? []) as ZodLike[]).map((c) => c._zod.def);

function lengthBounds(s: ZodLike) {
  let min: number | undefined;
  let max: number | undefined;
  for (const c of checksOf(s)) {
    if (c.check === 'min_length') min = Math.max(min ?? 0, c.minimum);
    if (c.check === 'max_length') max = Math.min(max ?? Infinity, c.maximum);
    if (c.check === 'length_equals') min = max = c.length;
  }
  return { min, max };
}

/** The message zod would give for a failed regex check, if it was set as a string. */
function messageOf(check: Def): string | undefined {
  try {
    const m = typeof check.error === 'function' ? check.error({ code: 'invalid_format', input: '' }) : check.error;
    return typeof m === 'string' ? m : typeof m?.message === 'string' ? m.message : undefined;
  } catch {
    return undefined;
  }
}

function stringProps(core: ZodLike): Record<string, unknown> {
  const def = core._zod.def;
  const props: Record<string, unknown> = {};
  const { min, max } = lengthBounds(core);
  if (min !== undefined && min > 0) props.minlength = min;
  if (max !== undefined) props.maxlength = max;
  const formats = [def, ...checksOf(core)].filter((c) => c.check === 'string_format' || (c === def && def.format));
  for (const f of formats) {
    if (f.format === 'email') props.type = 'email';
    else if (f.format === 'url') {
      props.type = 'url';
      if (f.protocol instanceof RegExp && /^\^?https\$?$/.test(f.protocol.source)) props.pattern = ['^https://', 'adresse en https:// attendue'];
    } else if (f.format === 'regex' && f.pattern instanceof RegExp) {
      props.pattern = [f.pattern.source, messageOf(f) ?? `format attendu : ${f.pattern.source}`];
    }
  }
  return props;
}

function numberProps(core: ZodLike): Record<string, unknown> {
  const props: Record<string, unknown> = { value_type: 'float' };
  let int = false;
  for (const c of checksOf(core)) {
    if (c.check === 'number_format' && /int/.test(c.format)) int = true;
  }
  if (int) props.value_type = 'int';
  for (const c of checksOf(core)) {
    // Sveltia's bounds are inclusive: an exclusive bound is the next integer, or kept in the hint.
    if (c.check === 'greater_than' && (c.inclusive || int)) props.min = c.inclusive ? c.value : c.value + 1;
    if (c.check === 'less_than' && (c.inclusive || int)) props.max = c.inclusive ? c.value : c.value - 1;
  }
  // Decimals (prices, percentages, hours) to the hundredth.
  if (!int) props.step = 0.01;
  return props;
}

function enumValues(core: ZodLike): SelectValue[] | undefined {
  const def = core._zod.def;
  if (def.type === 'enum') return Object.values(def.entries) as SelectValue[];
  if (def.type === 'literal') return def.values as SelectValue[];
  return undefined;
}

function isDiscriminated(def: Def): boolean {
  return def.type === 'union' && typeof def.discriminator === 'string';
}

function humanize(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/** The name of the first text field of an object, for the summary of a collapsed list item. */
function summaryOf(fields: CmsField[]): string | undefined {
  const pick = ['title', 'label', 'question', 'name', 'keyword', 'key', 'subject'].find((n) => fields.some((f) => f.name === n && ['string', 'text', 'select', 'relation'].includes(f.widget)));
  const first = fields.find((f) => f.widget === 'string' || f.widget === 'select' || f.widget === 'number' || f.widget === 'datetime');
  const name = pick ?? first?.name;
  return name ? `{{fields.${name}}}` : undefined;
}

/** Describes the shape of `core` (an unwrapped schema) as widget properties. */
function shapeOf(core: ZodLike, path: readonly string[], ctx: WalkContext): Omit<CmsField, 'name'> {
  const def = core._zod.def;
  const reference = ctx.referenceOf(core);
  if (reference) {
    return { widget: 'relation', collection: reference, value_field: '{{slug}}', search_fields: ['title'], display_fields: ['title'] };
  }
  switch (def.type) {
    case 'string': {
      const props = stringProps(core);
      const long = (typeof props.minlength === 'number' && props.minlength >= 40) || (typeof props.maxlength === 'number' && props.maxlength > 170) || (props.maxlength === undefined && typeof props.minlength === 'number' && props.minlength >= 10 && !props.pattern && !props.type);
      return { widget: long ? 'text' : 'string', ...props };
    }
    case 'number':
      return { widget: 'number', ...numberProps(core) };
    case 'boolean':
      return { widget: 'boolean' };
    case 'date':
      return ctx.dateKind(path) === 'day'
        ? { widget: 'datetime', type: 'date', format: 'YYYY-MM-DD', date_format: 'YYYY-MM-DD', time_format: false }
        : { widget: 'datetime', type: 'datetime-local', input_timezone: 'Europe/Paris', output_utc: false };
    case 'enum':
      return { widget: 'select', options: enumValues(core)!.map((value) => ({ label: ctx.optionLabel(value, path), value })) };
    case 'literal': {
      const values = enumValues(core)!;
      if (values.length === 1) return { widget: 'hidden', default: values[0] };
      return { widget: 'select', options: values.map((value) => ({ label: ctx.optionLabel(value, path), value })) };
    }
    case 'object':
      return { widget: 'object', fields: objectFields(core, path, ctx) };
    case 'record':
      return { widget: 'object', fields: recordFields(core, path, ctx) };
    case 'array':
      return arrayShape(core, path, ctx);
    case 'union': {
      if (isDiscriminated(def)) return { widget: 'object', ...variableTypes(core, path, ctx) };
      const options = (def.options as ZodLike[]).map((o) => unwrap(o).core);
      // {segment} | {list}: one object whose fields are all optional (fill one of them).
      if (options.every((o) => o._zod.def.type === 'object')) {
        const fields: CmsField[] = [];
        for (const o of options) for (const f of objectFields(o, path, ctx)) if (!fields.some((g) => g.name === f.name)) fields.push({ ...f, required: false });
        return { widget: 'object', fields };
      }
      // text | {text, …} (a roadmap action: a line, or an object when it is dated): the object,
      // which the schema accepts for every entry (content/marketing/campaigns.yaml writes objects only).
      const objects = options.filter((o) => o._zod.def.type === 'object');
      if (objects.length === 1 && options.length === 2 && options.some((o) => o._zod.def.type === 'string')) return { widget: 'object', fields: objectFields(objects[0]!, path, ctx) };
      // string | number | boolean (criteria values): a text input; the CMS saves what is typed as
      // text, which the schema refuses for a numeric or yes/no datum (said in the hint).
      if (options.every((o) => ['string', 'number', 'boolean'].includes(o._zod.def.type))) return { widget: 'string', __textOnly: true };
      throw new UnsupportedSchemaError(path, `union de ${options.map((o) => o._zod.def.type).join(', ')}`);
    }
    default:
      throw new UnsupportedSchemaError(path, `type zod « ${def.type} »`);
  }
}

function arrayShape(core: ZodLike, path: readonly string[], ctx: WalkContext): Omit<CmsField, 'name'> {
  const { min, max } = lengthBounds(core);
  const bounds = { ...(min ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  const element = unwrap(core._zod.def.element);
  const inner = shapeOf(element.core, [...path, '*'], ctx);
  if (inner.widget === 'select' || inner.widget === 'relation') return { ...inner, multiple: true, ...bounds };
  if (inner.widget === 'object' && Array.isArray(inner.types)) {
    return { widget: 'list', ...bounds, types: inner.types, typeKey: inner.typeKey, collapsed: 'auto' };
  }
  if (inner.widget === 'object') {
    const fields = inner.fields as CmsField[];
    const summary = summaryOf(fields);
    return { widget: 'list', ...bounds, fields, collapsed: 'auto', ...(summary ? { summary } : {}) };
  }
  const label = element.description ? labelFrom(element.description) : 'Élément';
  return { widget: 'list', ...bounds, field: { name: 'item', label, ...inner, ...(element.description ? { hint: element.description } : {}) } };
}

/** A discriminated union as variable types (Sveltia stores the type name in the discriminator). */
function variableTypes(core: ZodLike, path: readonly string[], ctx: WalkContext) {
  const def = core._zod.def;
  const typeKey: string = def.discriminator;
  const types = (def.options as ZodLike[]).map((option) => {
    const o = unwrap(option).core;
    const shape = o._zod.def.shape as Record<string, ZodLike>;
    const tag = unwrap(shape[typeKey]);
    const value = enumValues(tag.core)?.[0];
    if (typeof value !== 'string') throw new UnsupportedSchemaError([...path, typeKey], 'discriminant qui n’est pas un texte littéral');
    const fields = objectFields(o, path, ctx).filter((f) => f.name !== typeKey);
    return { name: value, label: tag.description ? labelFrom(tag.description) : humanize(value), widget: 'object', fields, ...(summaryOf(fields) ? { summary: summaryOf(fields) } : {}) };
  });
  return { typeKey, types };
}

function recordFields(core: ZodLike, path: readonly string[], ctx: WalkContext): CmsField[] {
  const def = core._zod.def;
  const keyCore = unwrap(def.keyType).core;
  const keys = enumValues(keyCore)?.map(String) ?? ctx.recordKeys(path);
  if (!keys.length) throw new UnsupportedSchemaError(path, 'objet à clés libres sans clé connue dans les données');
  return keys.map((key) => toField(key, def.valueType, [...path, key], ctx, { label: String(ctx.optionLabel(key, [...path, key])) }));
}

export function objectFields(core: ZodLike, path: readonly string[], ctx: WalkContext): CmsField[] {
  const shape = core._zod.def.shape as Record<string, ZodLike>;
  return Object.entries(shape).map(([name, schema]) => toField(name, schema, [...path, name], ctx));
}

/** One field of the CMS for a property `name` of an object schema. */
export function toField(name: string, schema: ZodLike, path: readonly string[], ctx: WalkContext, overrides: { label?: string } = {}): CmsField {
  const u = unwrap(schema);
  const shape = shapeOf(u.core, path, ctx);
  const label = overrides.label ?? FIELD_LABELS[name] ?? (u.description ? labelFrom(u.description) : humanize(name));
  const field = { name, label, ...shape } as CmsField;
  const hints: string[] = [];
  if (u.description && u.description !== label) hints.push(u.description);
  if (field.__textOnly) {
    delete field.__textOnly;
    hints.push('Une valeur modifiée ici est enregistrée comme texte : pour un nombre (âge, durée) ou oui/non, demandez la modification à l’équipe technique.');
  }
  if (u.nullable) {
    // No value is written as null (YAML `~`): the data files use null for « not set ».
    field.required = false;
    hints.push('Laisser vide si sans objet.');
    if (field.widget === 'select' && Array.isArray(field.options) && !field.multiple) {
      field.options = [{ label: 'Aucun', value: null }, ...(field.options as unknown[])];
      field.required = true;
    }
  }
  if (u.optional || u.hasDefault) field.required = false;
  // A list that may be empty: Sveltia would otherwise refuse an empty required list.
  if (u.core._zod.def.type === 'array' && !lengthBounds(u.core).min) field.required = false;
  if (u.hasDefault && u.defaultValue !== undefined && field.widget !== 'hidden') {
    const d = u.defaultValue;
    // Sveltia's defaults: a string for a date, a value of the options for a select.
    if (d instanceof Date) field.default = d.toISOString().slice(0, 10);
    else if (!(Array.isArray(d) && d.length === 0)) field.default = d as Json;
  }
  // Hints are Markdown in which an HTML-like <title> would vanish.
  if (hints.length) field.hint = hints.join(' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // A hidden field (a constant: currency, kind of page) takes no label, hint nor requirement.
  if (field.widget === 'hidden') return { name, widget: 'hidden', default: field.default as Json };
  return field;
}
