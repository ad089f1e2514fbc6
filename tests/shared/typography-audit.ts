// Finds, in a built HTML page, the numbers separated from their unit by a breakable space
// (« 780 h », « 25 ans », « 1 500 V »): what a reader sees, i.e. text outside code, scripts and
// styles, plus the human-readable attributes (alt, title, aria-label, placeholder, meta
// descriptions). Written independently of src/lib/typography.ts, from the units the issue lists
// and those found in content/, so that it checks the build rather than repeating its rules.

export const AUDITED_UNITS = [
  'h', 'min', 's', 'V', 'kW', 'kWh', 'km', 'km/h', 'kg', '€', '%',
  'ans', 'an', 'mois', 'jours', 'jour', 'semaines', 'semaine', 'heures', 'heure', 'minutes',
  'places', 'personnes', 'modules', 'pages', 'points', 'bars', 'bar', 'volts', 'euros',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const UNIT = [...AUDITED_UNITS].sort((a, b) => b.length - a.length).map(escape).join('|');
/** A number (not part of a code such as B2 or L6353-7: no letter right before it), breakable whitespace, a unit ending there. */
const BROKEN = new RegExp(`(?<![\\p{L}])\\d[ \\t\\r\\n]+(?:${UNIT})(?![\\p{L}\\p{N}’'])`, 'gu');

const HIDDEN = /<(script|style|pre|code|textarea|kbd|samp|template)\b[^>]*>[\s\S]*?<\/\1>|<!--[\s\S]*?-->/gi;
const READABLE_ATTRIBUTE = /\s(?:alt|title|aria-label|placeholder)="([^"]*)"/gi;
const META = /<meta\s[^>]*(?:name="description"|property="og:(?:title|description)"|name="twitter:(?:title|description)")[^>]*>/gi;

function decode(text: string): string {
  return text
    .replace(/&nbsp;|&#160;|&#xa0;/gi, '\u00a0')
    .replace(/&#8239;|&#x202f;/gi, '\u202f')
    .replace(/&#39;|&#x27;|&apos;/gi, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The texts a reader gets from a page: text content (tags removed, not replaced) and readable attributes. */
export function readableTexts(html: string): string[] {
  const visible = html.replace(HIDDEN, '');
  const texts: string[] = [];
  for (const m of visible.matchAll(META)) {
    const content = /\scontent="([^"]*)"/i.exec(m[0])?.[1];
    if (content) texts.push(decode(content));
  }
  for (const tag of visible.match(/<[^>]+>/g) ?? []) for (const m of tag.matchAll(READABLE_ATTRIBUTE)) texts.push(decode(m[1]!));
  texts.push(decode(visible.replace(/<[^>]+>/g, '')));
  return texts;
}

/** Each « number + breakable space + unit » of a page, with a little context. */
export function brokenUnits(html: string): string[] {
  const found: string[] = [];
  for (const text of readableTexts(html)) {
    for (const m of text.matchAll(BROKEN)) {
      found.push(text.slice(Math.max(0, m.index - 25), m.index + m[0].length + 10).replace(/\s+/g, ' ').trim());
    }
  }
  return found;
}
