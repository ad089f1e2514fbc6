// French typography applied to every HTML page at build (see src/middleware.ts).
// Rules (Imprimerie nationale, simplified as the project asks):
// - a narrow no-break space (U+202F) before ; : ! ? and inside « »;
// - a no-break space (U+00A0) between a number and € or %;
// - a no-break space between a number and its unit or the thing it counts (780 h, 1 500 V,
//   25 ans, 10 jours, 8 personnes: UNITS below), and inside times (18 h 30) and dates (1er décembre);
// - a narrow no-break space as thousands separator in amounts and quantities (1 490 €, 1 500 V);
// - a typographic apostrophe (’) between letters.
// Only a space already typed becomes unbreakable (« 780h » is left as written). Code,
// preformatted text, scripts, styles and form fields are left untouched.
import { boundedMemo } from './bounded-memo.ts';

export const NNBSP = '\u202F';
export const NBSP = '\u00A0';

const SPACE = `[ ${NBSP}${NNBSP}\\t]`;
const LETTER = 'A-Za-zÀ-ÖØ-öø-ÿŒœ';

/**
 * Units, and the nouns a number counts, that must stay on the line of their number. Symbols are
 * case-sensitive (V, kW: « 5 V », not « 5 v… »); singular and plural forms are listed. A unit
 * ends where a letter, digit or apostrophe does not follow (« 7 s’appliquent » is no second).
 */
export const UNITS = [
  // Time.
  'h', 'min', 's', 'ms', 'heure', 'heures', 'minute', 'minutes', 'seconde', 'secondes', 'jour', 'jours',
  'semaine', 'semaines', 'mois', 'an', 'ans', 'année', 'années', 'trimestre', 'trimestres',
  // Electricity, energy, distances, masses, pressure, temperature, power, data.
  'V', 'kV', 'mV', 'Ah', 'W', 'kW', 'MW', 'Wh', 'kWh', 'MWh', 'volt', 'volts', 'km/h', 'km', 'm', 'cm', 'mm',
  'kg', 'bar', 'bars', '°C', 'ch', 'Nm', 'Ko', 'Mo', 'Go', 'px', 'pixel', 'pixels', 'euro', 'euros',
  // What the site counts: seats, people, parts of a training, documents.
  'place', 'places', 'personne', 'personnes', 'module', 'modules', 'page', 'pages', 'point', 'points',
  'formation', 'formations', 'article', 'articles', 'chapitre', 'chapitres', 'étape', 'étapes', 'question', 'questions',
  'session', 'sessions', 'séance', 'séances', 'webinaire', 'webinaires', 'épreuve', 'épreuves', 'unité', 'unités',
  'mensualité', 'mensualités', 'salarié', 'salariés', 'stagiaire', 'stagiaires', 'apprenant', 'apprenants',
  'participant', 'participants', 'candidat', 'candidats', 'garage', 'garages', 'technicien', 'techniciens',
  'avantage', 'avantages', 'raison', 'raisons', 'conseil', 'conseils', 'exemple', 'exemples', 'fois',
];
const MONTHS = 'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const UNIT = [...UNITS].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
/** A number that is not the tail of a code, a version or a time (B2, 4.1, 18:30, 2019/2144). */
const NUMBER_START = '(?<![\\p{L}\\p{N}_.,:/])';
/** Where a unit ends: no letter, digit or apostrophe right after it. */
const UNIT_END = "(?![\\p{L}\\p{N}_’'])";
/** Spaces, or one line break (a paragraph break in plain text is never bridged). */
const GAP = `(?:[ \\t${NBSP}${NNBSP}]+|[ \\t${NBSP}${NNBSP}]*\\r?\\n[ \\t${NBSP}${NNBSP}]*)`;
/** A number and its unit: 780 h, 3,5 h, 1 500 V (thousands grouped by spaces), -20 °C. */
const QUANTITY = new RegExp(`${NUMBER_START}(\\d{1,3}(?:[ ${NBSP}${NNBSP}]\\d{3})+|\\d+)((?:,\\d+)?)${GAP}(${UNIT})${UNIT_END}`, 'gu');
/** The number bound to its unit, thousands grouped by U+202F. */
const grouped = (number: string, decimals: string) => `${number.replace(/[ \u00a0\u202f]/g, NNBSP)}${decimals}`;
/** The minutes of a time: 18 h 30 (the hour's unit already bound to its number). */
const TIME_MINUTES = new RegExp(`(\\d${NBSP}h)${GAP}(\\d{2})(?![\\p{L}\\p{N}])`, 'gu');
/** A day and its month: 1er décembre, 23 novembre. */
const DAY_MONTH = new RegExp(`${NUMBER_START}(\\d{1,2}|1er)${GAP}(${MONTHS})(?![\\p{L}])`, 'gu');

// Compiled once: frenchText runs on every text run of every page (thousands per page).
const APOSTROPHE = new RegExp(`([${LETTER}])(?:'|&#39;|&#x27;|&apos;)(?=[${LETTER}])`, 'g');
const OPENING_GUILLEMET = new RegExp(`«${SPACE}*`, 'g');
const CLOSING_GUILLEMET = new RegExp(`${SPACE}*»`, 'g');
const SPACE_BEFORE_MARK = new RegExp(`(^|\\S)${SPACE}+([;:!?])`, 'g');
const MISSING_SPACE = new RegExp(`([${LETTER}0-9)»%€])([;!?:])(?=\\s|$|[)»"”’.,;!?:]|&nbsp;)`, 'g');
const THOUSANDS = new RegExp(`\\b(\\d{1,3})(?:${SPACE}|\\.)(\\d{3})(?=${SPACE}?(?:€|euros?\\b|&euro;))`, 'g');
const NUMBER_SIGN = new RegExp(`(\\d)${SPACE}?(€|%|&euro;)`, 'g');
/** Every rule below needs one of these characters: a text without any is returned as is. */
const MAY_CHANGE = /['&«»;:!?\d]/;

/** Applies the French rules to plain text (no markup). */
export function frenchText(input: string): string {
  if (!MAY_CHANGE.test(input)) return input;
  let text = input;
  // Apostrophes between letters (also the HTML-escaped forms Astro emits).
  text = text.replace(APOSTROPHE, '$1’');
  // Guillemets.
  text = text.replace(OPENING_GUILLEMET, `«${NNBSP}`);
  text = text.replace(CLOSING_GUILLEMET, `${NNBSP}»`);
  // An existing space before high punctuation becomes a narrow no-break space.
  text = text.replace(SPACE_BEFORE_MARK, `$1${NNBSP}$2`);
  // A missing space is added when the mark ends a word (not in 18:30, URLs or "?!").
  text = text.replace(MISSING_SPACE, `$1${NNBSP}$2`);
  // Thousands separators in amounts: 1 490 €, 15 000 euros.
  text = text.replace(THOUSANDS, `$1${NNBSP}$2`);
  // Number followed by € or %.
  text = text.replace(NUMBER_SIGN, `$1${NBSP}$2`);
  // Number followed by its unit, thousands grouped by narrow no-break spaces.
  text = text.replace(QUANTITY, (_, number: string, decimals: string, unit: string) => `${grouped(number, decimals)}${NBSP}${unit}`);
  text = text.replace(TIME_MINUTES, `$1${NBSP}$2`);
  text = text.replace(DAY_MONTH, `$1${NBSP}$2`);
  return text;
}

const PROTECTED = /<(script|style|pre|code|textarea|kbd|samp)\b[^>]*>[\s\S]*?<\/\1>|<!--[\s\S]*?-->|<[^>]+>/gi;
const TEXT_ATTRIBUTES = /(\s(?:alt|title|aria-label|placeholder)=")([^"]*)(")/gi;
const META_CONTENT = /^<meta\s[^>]*(?:name="description"|property="og:(?:title|description)"|name="twitter:(?:title|description)")/i;

/** Phrasing elements a number and its unit may straddle: <strong>780</strong> h. */
const INLINE_TAG = /^<\/?(a|abbr|b|bdi|bdo|cite|data|dfn|em|i|mark|q|s|small|span|strong|sub|sup|time|u|var)\b/i;
const TRAILING_NUMBER = new RegExp(`${NUMBER_START}(\\d{1,3}(?:[ ${NBSP}${NNBSP}]\\d{3})+|\\d+)((?:,\\d+)?)$`, 'u');
const TRAILING_NUMBER_GAP = new RegExp(`${NUMBER_START}(\\d{1,3}(?:[ ${NBSP}${NNBSP}]\\d{3})+|\\d+)((?:,\\d+)?)${GAP}$`, 'u');
const LEADING_GAP_UNIT = new RegExp(`^${GAP}(?=(?:${UNIT})${UNIT_END})`, 'u');
const LEADING_UNIT = new RegExp(`^(?:${UNIT})${UNIT_END}`, 'u');

/** Applies frenchText() to the text nodes of an HTML document, and to human-readable attributes. */
export function frenchHtml(html: string): string {
  const parts: { text: boolean; value: string; inline: boolean }[] = [];
  let last = 0;
  for (const match of html.matchAll(PROTECTED)) {
    parts.push({ text: true, value: cachedText(html.slice(last, match.index)), inline: true });
    parts.push({ text: false, value: cachedTag(match[0]), inline: inlineTag(match[0]) });
    last = match.index + match[0].length;
  }
  parts.push({ text: true, value: cachedText(html.slice(last)), inline: true });
  // A number and its unit in two text runs, with only phrasing tags between them.
  let previous: { value: string } | undefined;
  for (const part of parts) {
    if (!part.text) {
      if (!part.inline) previous = undefined;
      continue;
    }
    if (previous && part.value) {
      if (TRAILING_NUMBER.test(previous.value) && LEADING_GAP_UNIT.test(part.value)) {
        previous.value = previous.value.replace(TRAILING_NUMBER, (_, number: string, decimals: string) => grouped(number, decimals));
        part.value = part.value.replace(LEADING_GAP_UNIT, NBSP);
      } else if (LEADING_UNIT.test(part.value)) {
        previous.value = previous.value.replace(TRAILING_NUMBER_GAP, (_, number: string, decimals: string) => `${grouped(number, decimals)}${NBSP}`);
      }
    }
    if (part.value) previous = part;
  }
  return parts.map((p) => p.value).join('');
}

// The pages of a site share their header, footer and cards: the same short text runs and tags
// come back on every page, so their results are kept (src/lib/bounded-memo.ts), for short strings
// only.
const MEMO_LENGTH = 256;
function memo(fn: (s: string) => string): (s: string) => string {
  const kept = boundedMemo(fn);
  return (s) => (s.length < 2 ? s : s.length > MEMO_LENGTH ? fn(s) : kept(s));
}
const cachedText = memo(frenchText);
const cachedTag = memo(transformTag);
const inlineTags = new Map<string, boolean>();
function inlineTag(tag: string): boolean {
  const name = /^<\/?([a-z0-9]+)/i.exec(tag)?.[1]?.toLowerCase() ?? '';
  let inline = inlineTags.get(name);
  if (inline === undefined) inlineTags.set(name, (inline = INLINE_TAG.test(`<${name}`)));
  return inline;
}

function transformTag(tag: string): string {
  if (!tag.startsWith('<') || tag.startsWith('<!--')) return tag;
  // Elements kept whole (script, pre, …) start with their opening tag and contain '</'.
  if (/^<(script|style|pre|code|textarea|kbd|samp)\b/i.test(tag)) return tag;
  let result = tag.replace(TEXT_ATTRIBUTES, (_, start: string, value: string, end: string) => start + frenchText(value) + end);
  if (META_CONTENT.test(result)) {
    result = result.replace(/(\scontent=")([^"]*)(")/i, (_, s: string, v: string, e: string) => s + frenchText(v) + e);
  }
  return result;
}

/** Formats a quantity the French way: 3,5 (decimal comma), 1 200 (U+202F between thousands). */
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();
export function formatNumber(value: number, maximumFractionDigits = 1): string {
  let format = NUMBER_FORMATS.get(maximumFractionDigits);
  if (!format) NUMBER_FORMATS.set(maximumFractionDigits, (format = new Intl.NumberFormat('fr-FR', { maximumFractionDigits })));
  return format.format(value);
}

/** Formats a price in euros the French way: 890 €, 1 490 €. */
const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
export function formatEuros(amount: number): string {
  return EUROS.format(amount);
}

/** Formats a date the French way, with the ordinal for the first day: 1er décembre 2026. */
const DATE_FORMATS = [false, true].map((weekday) => new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', weekday: weekday ? 'long' : undefined, timeZone: 'Europe/Paris' }));
export function formatDate(date: Date, options: { weekday?: boolean } = {}): string {
  const formatted = DATE_FORMATS[options.weekday ? 1 : 0]!.format(date);
  return formatted.replace(/(^|\s)1(\s)/, '$11er$2');
}

/** Formats a time: 18 h 30, 9 h. */
export function formatTime(date: Date): string {
  const parts = new Intl.DateTimeFormat('fr-FR', { hour: 'numeric', minute: '2-digit', timeZone: 'Europe/Paris' }).formatToParts(date);
  const hour = parts.find((p) => p.type === 'hour')?.value ?? '';
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return minute === '00' ? `${Number(hour)}${NBSP}h` : `${Number(hour)}${NBSP}h${NBSP}${minute}`;
}
