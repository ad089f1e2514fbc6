// French typography applied to every HTML page at build (see src/middleware.ts).
// Rules (Imprimerie nationale, simplified as the project asks):
// - a narrow no-break space (U+202F) before ; : ! ? and inside « »;
// - a no-break space (U+00A0) between a number and € or %;
// - a narrow no-break space as thousands separator in amounts (1 490 €);
// - a typographic apostrophe (’) between letters.
// Code, preformatted text, scripts, styles and form fields are left untouched.

export const NNBSP = '\u202F';
export const NBSP = '\u00A0';

const SPACE = `[ ${NBSP}${NNBSP}\\t]`;
const LETTER = 'A-Za-zÀ-ÖØ-öø-ÿŒœ';

/** Applies the French rules to plain text (no markup). */
export function frenchText(input: string): string {
  let text = input;
  // Apostrophes between letters (also the HTML-escaped forms Astro emits).
  text = text.replace(new RegExp(`([${LETTER}])(?:'|&#39;|&#x27;|&apos;)(?=[${LETTER}])`, 'g'), '$1’');
  // Guillemets.
  text = text.replace(new RegExp(`«${SPACE}*`, 'g'), `«${NNBSP}`);
  text = text.replace(new RegExp(`${SPACE}*»`, 'g'), `${NNBSP}»`);
  // An existing space before high punctuation becomes a narrow no-break space.
  text = text.replace(new RegExp(`(^|\\S)${SPACE}+([;:!?])`, 'g'), `$1${NNBSP}$2`);
  // A missing space is added when the mark ends a word (not in 18:30, URLs or "?!").
  text = text.replace(
    new RegExp(`([${LETTER}0-9)»%€])([;!?:])(?=\\s|$|[)»"”’.,;!?:]|&nbsp;)`, 'g'),
    `$1${NNBSP}$2`,
  );
  // Thousands separators in amounts: 1 490 €, 15 000 euros.
  text = text.replace(
    new RegExp(`\\b(\\d{1,3})(?:${SPACE}|\\.)(\\d{3})(?=${SPACE}?(?:€|euros?\\b|&euro;))`, 'g'),
    `$1${NNBSP}$2`,
  );
  // Number followed by € or %.
  text = text.replace(new RegExp(`(\\d)${SPACE}?(€|%|&euro;)`, 'g'), `$1${NBSP}$2`);
  return text;
}

const PROTECTED = /<(script|style|pre|code|textarea|kbd|samp)\b[^>]*>[\s\S]*?<\/\1>|<!--[\s\S]*?-->|<[^>]+>/gi;
const TEXT_ATTRIBUTES = /(\s(?:alt|title|aria-label|placeholder)=")([^"]*)(")/gi;
const META_CONTENT = /^<meta\s[^>]*(?:name="description"|property="og:(?:title|description)"|name="twitter:(?:title|description)")/i;

/** Applies frenchText() to the text nodes of an HTML document, and to human-readable attributes. */
export function frenchHtml(html: string): string {
  let out = '';
  let last = 0;
  for (const match of html.matchAll(PROTECTED)) {
    out += frenchText(html.slice(last, match.index));
    out += transformTag(match[0]);
    last = match.index + match[0].length;
  }
  return out + frenchText(html.slice(last));
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

/** Formats a price in euros the French way: 890 €, 1 490 €. */
export function formatEuros(amount: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(amount);
}

/** Formats a date the French way, with the ordinal for the first day: 1er décembre 2026. */
export function formatDate(date: Date, options: { weekday?: boolean } = {}): string {
  const formatted = new Intl.DateTimeFormat('fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    weekday: options.weekday ? 'long' : undefined,
    timeZone: 'Europe/Paris',
  }).format(date);
  return formatted.replace(/(^|\s)1(\s)/, '$11er$2');
}

/** Formats a time: 18 h 30, 9 h. */
export function formatTime(date: Date): string {
  const parts = new Intl.DateTimeFormat('fr-FR', { hour: 'numeric', minute: '2-digit', timeZone: 'Europe/Paris' }).formatToParts(date);
  const hour = parts.find((p) => p.type === 'hour')?.value ?? '';
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return minute === '00' ? `${Number(hour)}${NBSP}h` : `${Number(hour)}${NBSP}h${NBSP}${minute}`;
}
