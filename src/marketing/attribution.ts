// Where a lead came from: the « touches » of its submissions, and the first and last non-direct
// touch kept on the lead (src/edge/lead-capture.ts, columns first_touch and last_touch).
//
// A touch is the attribution of one submission (the hidden fields of src/marketing/lead-forms.ts:
// utm_*, gclid, gbraid, wbraid, referrer, entryPage, landingPage) with the time it was sent. It is
// « non-direct » when it names a source: a utm_source, a Google Ads click id (gclid, gbraid, wbraid)
// or a referrer on another site. Rules:
//   - the first touch is the lead's first submission's, direct or not, and is never overwritten;
//   - the last non-direct touch is the latest submission that named a source; a later submission
//     without one (a direct visit, a follow-up form) leaves it as it is, and the same source again
//     (a second form in the same visit) keeps the time of its first submission.
// Pure module: it runs in Node, in workerd and in the browser.

/** The fields of a touch, in the order exports list them. `ref` (referral code) is not one: it is the partners' own field. */
export const TOUCH_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'gclid', 'gbraid', 'wbraid', 'referrer', 'entryPage', 'landingPage'] as const;
export type TouchField = (typeof TOUCH_FIELDS)[number];

/** The fields that say where the visitor came from (a touch's « source »), compared to tell two touches apart. */
const SOURCE_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'gclid', 'gbraid', 'wbraid', 'referrer'] as const;

/** One submission's attribution, and when it was sent (ISO instant). */
export type Touch = { at: string } & Partial<Record<TouchField, string>>;

/** The bare host of a URL (`www.` dropped, lowercase), or null when it is not an http(s) URL. */
export function hostOf(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.hostname.toLowerCase().replace(/^www\./, '') : null;
  } catch {
    return null;
  }
}

/** The touch of a submission's attribution fields (other keys are ignored). A referrer on one of `ownHosts` is dropped: moving inside the site is not a source. */
export function touchOf(attribution: Readonly<Record<string, unknown>>, at: string, ownHosts: readonly string[] = []): Touch {
  const own = new Set(ownHosts.map((h) => h.toLowerCase().replace(/^www\./, '')));
  const touch: Touch = { at };
  for (const field of TOUCH_FIELDS) {
    const value = attribution[field];
    if (typeof value !== 'string' || value === '') continue;
    if (field === 'referrer' && (hostOf(value) === null || own.has(hostOf(value)!))) continue;
    touch[field] = value;
  }
  return touch;
}

/** A source is named: a utm_source, a Google Ads click id or a referrer (external, see touchOf). */
export function isNonDirect(touch: Partial<Touch> | null | undefined): boolean {
  return Boolean(touch && (touch.utm_source || touch.gclid || touch.gbraid || touch.wbraid || touch.referrer));
}

const sameSource = (a: Partial<Touch>, b: Partial<Touch>) => SOURCE_FIELDS.every((f) => (a[f] ?? '') === (b[f] ?? ''));

export interface Touches {
  first: Touch | null;
  last: Touch | null;
}

/**
 * The lead's touches after a submission: the first one is kept (or set, for a lead without one),
 * the last non-direct one replaced by the submission's when it names a new source.
 */
export function mergeTouches(current: Touches, incoming: Touch): { first: Touch; last: Touch | null } {
  const first = current.first ?? incoming;
  if (!isNonDirect(incoming)) return { first, last: current.last };
  if (current.last && sameSource(current.last, incoming)) return { first, last: current.last };
  return { first, last: incoming };
}

/** A touch read back from the store (JSON text), or null when absent or not an object. */
export function parseTouch(raw: unknown): Touch | null {
  if (raw === null || raw === undefined || raw === '') return null;
  try {
    const value = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const v = value as Record<string, unknown>;
    return touchOf(v, typeof v.at === 'string' ? v.at : '');
  } catch {
    return null;
  }
}

/**
 * The source a person reads: utm_source, else « google » for a Google Ads click id without UTM
 * (auto-tagging), else the referrer's host, else « (direct) ».
 */
export function touchSource(touch: Partial<Touch> | null | undefined): string {
  if (!touch) return '(direct)';
  if (touch.utm_source) return touch.utm_source;
  if (touch.gclid || touch.gbraid || touch.wbraid) return 'google';
  const host = hostOf(touch.referrer);
  return host ?? '(direct)';
}

/** The medium: utm_medium, else « cpc » for a Google Ads click id, « referral » for a referrer, null for a direct touch. */
export function touchMedium(touch: Partial<Touch> | null | undefined): string | null {
  if (!touch) return null;
  if (touch.utm_medium) return touch.utm_medium;
  if (touch.gclid || touch.gbraid || touch.wbraid) return 'cpc';
  if (!touch.utm_source && hostOf(touch.referrer)) return 'referral';
  return null;
}

/** The columns of a touch in a flat export (CSV): `<prefix>_at`, `<prefix>_utm_source`, … (empty cells for a missing touch). */
export function touchColumns(prefix: string, touch: Touch | null): Record<string, string | null> {
  const out: Record<string, string | null> = { [`${prefix}_at`]: touch?.at || null, [`${prefix}_source`]: touch ? touchSource(touch) : null };
  for (const field of TOUCH_FIELDS) out[`${prefix}_${field}`] = touch?.[field] ?? null;
  return out;
}

/** The query parameters of a landing URL that the forms carry (hidden fields of the same names). */
export const LANDING_PARAMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'gclid', 'gbraid', 'wbraid'] as const;

// Control, format and separator characters: a hidden field refuses them (lead-forms.ts isPlainLine).
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/**
 * The attribution of a page request, as the edge writes it into the page's forms when JavaScript
 * may be off (src/edge/routes/pages.ts): the landing URL's parameters (200 characters at most, as
 * the forms accept them; a value with control characters is dropped), the referrer when it is
 * another site's (500 characters at most), and this page as the entry page. Null when the request
 * carries none of them (a direct visit, or a page reached from the site itself).
 */
export function landingAttribution(url: URL, referer: string | null | undefined, ownHosts: readonly string[]): Partial<Record<TouchField, string>> | null {
  const found: Partial<Record<TouchField, string>> = {};
  for (const name of LANDING_PARAMS) {
    const value = url.searchParams.get(name)?.trim().slice(0, 200).trim();
    if (value && !INVISIBLE.test(value)) found[name] = value;
  }
  const own = new Set(ownHosts.map((h) => h.toLowerCase().replace(/^www\./, '')));
  const host = hostOf(referer);
  if (referer && host && !own.has(host) && referer.length <= 500 && !INVISIBLE.test(referer)) found.referrer = referer;
  if (Object.keys(found).length === 0) return null;
  found.entryPage = url.pathname.slice(0, 500);
  return found;
}

/** The hidden fields of every lead form (LeadForm.astro, data-attribution) that the edge fills from the landing request. */
export const EDGE_ATTRIBUTION_FIELDS = [...LANDING_PARAMS, 'referrer', 'entryPage'] as const satisfies readonly TouchField[];

/** A lead record for a flat export (CSV): its two touches as columns `firstTouch_*` and `lastTouch_*` instead of objects. */
export function flattenTouches<T extends { firstTouch?: Touch | null; lastTouch?: Touch | null }>(row: T): Omit<T, 'firstTouch' | 'lastTouch'> & Record<string, unknown> {
  const { firstTouch, lastTouch, ...rest } = row;
  return { ...rest, ...touchColumns('firstTouch', firstTouch ?? null), ...touchColumns('lastTouch', lastTouch ?? null) };
}

/** The column names flattenTouches adds, in order. */
export const TOUCH_COLUMNS = [...Object.keys(touchColumns('firstTouch', null)), ...Object.keys(touchColumns('lastTouch', null))];
