// Request bodies: a byte cap enforced while the body streams in, before any parsing (Hono's
// bodyLimit reads chunk by chunk and stops at the limit; a declared Content-Length over the
// limit is refused without reading), then form values that must be plain strings.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { fail } from './respond';
import { formatBytes } from '../limits';

/** The cap for one route; the 413 says which limit was passed. */
export function bodyCap(maxBytes: number, what: string): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => fail(c, 413, 'body-size', `Les données envoyées dépassent la limite de ${formatBytes(maxBytes)} pour ${what}.`),
  });
}

export type FormValues = { ok: true; values: Record<string, string> } | { ok: false; status: 400 | 415 | 422; errors?: Record<string, string>; message: string };

export const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'application/json'];

export function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Keys that would reach an object's prototype: never a form field. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const NOT_TEXT = 'Cette valeur doit être un texte.';
const ONE_VALUE = 'Une seule valeur est attendue pour ce champ.';

/**
 * The fields of a form post or a JSON object, as strings. JSON booleans become "yes" or "" (a
 * ticked or unticked box) and numbers their decimal text; objects, arrays, files and repeated
 * fields are refused with the field's name (they would otherwise be stored as "[object Object]"
 * or read as a ticked box).
 */
export async function readFormValues(c: Context): Promise<FormValues> {
  const type = mediaType(c);
  if (!FORM_TYPES.includes(type)) return { ok: false, status: 415, message: `Type de contenu non accepté (${type || 'absent'}) : formulaire ou JSON attendu.` };
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  try {
    if (type === 'application/json') {
      const text = await c.req.text();
      const parsed: unknown = JSON.parse(text);
      for (const key of repeatedTopLevelKeys(text)) errors[key] = ONE_VALUE;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, status: 400, message: 'Un objet JSON est attendu : {"champ": "valeur", …}.' };
      for (const [key, value] of Object.entries(parsed)) {
        if (UNSAFE_KEYS.has(key)) continue;
        if (typeof value === 'string') values[key] = value;
        else if (typeof value === 'boolean') values[key] = value ? 'yes' : '';
        else if (typeof value === 'number' && Number.isFinite(value)) values[key] = String(value);
        else if (value === null) values[key] = '';
        else errors[key] = NOT_TEXT;
      }
    } else {
      const body = await c.req.parseBody({ all: true });
      for (const [key, value] of Object.entries(body)) {
        if (UNSAFE_KEYS.has(key)) continue;
        if (typeof value === 'string') values[key] = value;
        else if (Array.isArray(value)) errors[key] = ONE_VALUE;
        else errors[key] = NOT_TEXT;
      }
    }
  } catch {
    return { ok: false, status: 400, message: 'Les données envoyées sont illisibles.' };
  }
  if (Object.keys(errors).length) return { ok: false, status: 422, errors, message: 'Certaines valeurs ne sont pas du texte.' };
  return { ok: true, values };
}

/**
 * Keys that appear more than once at the top level of a JSON object ({"email": "a", "email": "b"}):
 * JSON.parse keeps the last silently; a form field sent twice is refused, so is a key sent twice.
 */
export function repeatedTopLevelKeys(json: string): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        let key: string;
        try {
          key = JSON.parse(json.slice(i, j + 1)) as string;
        } catch {
          return [];
        }
        if (seen.has(key)) repeated.add(key);
        seen.add(key);
        expectKey = false;
      }
      i = j;
    } else if (ch === '{' || ch === '[') {
      depth++;
      expectKey = ch === '{' && depth === 1;
    } else if (ch === '}' || ch === ']') depth--;
    else if (ch === ',' && depth === 1) expectKey = true;
  }
  return [...repeated];
}
