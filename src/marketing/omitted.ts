// The content team edits the marketing files in the CMS (/cms/), which leaves an empty field out
// of the file it writes instead of writing `null` or `[]`. Before validation, such a missing field
// gets its empty value back, as the schema defines it: a nullable field reads as null, a list that
// may be empty as []. A field that must have a value is still reported missing, and an unknown key
// is still an error.
//
// Pure module: it reads the zod schemas' definitions (`schema._zod.def`).

interface ZodLike {
  _zod: { def: { type: string; [key: string]: any } };
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** The value a missing field stands for: null, [], or undefined (absent is right, or wrong). */
export function emptyValue(schema: ZodLike): null | [] | undefined {
  let s = schema;
  for (;;) {
    const def = s._zod.def;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') return undefined;
    if (def.type === 'nullable') return null;
    if (def.type === 'pipe') s = def.in;
    else if (WRAPPERS.has(def.type)) s = def.innerType;
    else if (def.type === 'array') {
      const min = (def.checks ?? []).some((c: ZodLike) => c._zod.def.check === 'min_length' && c._zod.def.minimum > 0);
      return min ? undefined : [];
    } else return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value` with the missing fields that stand for null or [] filled in, at every depth. */
export function fillOmitted(schema: ZodLike, value: unknown): unknown {
  const def = schema._zod.def;
  if (value === undefined || value === null) return value;
  if (def.type === 'pipe') return fillOmitted(def.in, value);
  if (WRAPPERS.has(def.type)) return fillOmitted(def.innerType, value);
  switch (def.type) {
    case 'object': {
      if (!isObject(value)) return value;
      const out: Record<string, unknown> = { ...value };
      for (const [key, field] of Object.entries(def.shape as Record<string, ZodLike>)) {
        if (key in value) out[key] = fillOmitted(field, value[key]);
        else {
          const empty = emptyValue(field);
          if (empty !== undefined) out[key] = empty;
        }
      }
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((item) => fillOmitted(def.element, item)) : value;
    case 'record':
      return isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillOmitted(def.valueType, v)])) : value;
    case 'union': {
      if (!isObject(value)) return value;
      // text | {…} (a roadmap action): an object value is the object option's.
      if (typeof def.discriminator !== 'string') {
        const objects = (def.options as ZodLike[]).filter((o) => {
          let core = o;
          while (WRAPPERS.has(core._zod.def.type)) core = core._zod.def.innerType;
          return core._zod.def.type === 'object';
        });
        return objects.length === 1 ? fillOmitted(objects[0]!, value) : value;
      }
      const option = (def.options as ZodLike[]).find((o) => {
        let core = o;
        while (WRAPPERS.has(core._zod.def.type)) core = core._zod.def.innerType;
        let tag = core._zod.def.shape?.[def.discriminator] as ZodLike | undefined;
        while (tag && WRAPPERS.has(tag._zod.def.type)) tag = tag._zod.def.innerType;
        return tag?._zod.def.type === 'literal' && (tag._zod.def.values as unknown[]).includes(value[def.discriminator]);
      });
      return option ? fillOmitted(option, value) : value;
    }
    default:
      return value;
  }
}
