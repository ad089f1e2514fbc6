// Fields captured from the landing URL (hidden fields), in a module of their own: the pages' first
// script (src/lib/page-scripts.ts) reads them without the forms' validation code.
export const ATTRIBUTION_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'gclid', 'gbraid', 'wbraid', 'ref', 'referrer', 'entryPage', 'landingPage'] as const;
export type AttributionField = (typeof ATTRIBUTION_FIELDS)[number];
