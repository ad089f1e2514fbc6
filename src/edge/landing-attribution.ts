// The landing request's attribution written into the page's lead forms, so that a visitor without
// JavaScript who sends the form of the page an ad (or another site) led to is attributed too. No
// cookie and no storage: the values travel in the page's hidden fields only (the privacy policy
// allows no tracker without consent for this). With JavaScript the form script keeps what the edge
// wrote (src/lib/lead-form-client.ts).
import { EDGE_ATTRIBUTION_FIELDS, landingAttribution } from '../marketing/attribution';

// The marker LeadForm.astro puts on each form's landingPage field: the fields follow it, written
// only when the request carries a source (an empty set on every page would weigh on each one).
const SLOT = / data-attribution-slot>/g;

/** Text safe inside a double-quoted HTML attribute. */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The page with its forms' empty attribution fields (LeadForm.astro, `data-attribution`) filled
 * from the request: its URL's campaign parameters and an external Referer (bounded and checked by
 * landingAttribution), written after each form's `data-attribution-slot` marker: every one of
 * EDGE_ATTRIBUTION_FIELDS, empty when the landing lacks it, so that the form script knows the
 * edge's set is whole. Unchanged when the request carries none, or when the page has no form.
 */
export function fillLandingAttribution(html: string, url: URL, referer: string | null | undefined, ownHosts: readonly string[]): string {
  if (!html.includes('data-attribution-slot')) return html;
  const found = landingAttribution(url, referer, ownHosts);
  if (!found) return html;
  const fields = EDGE_ATTRIBUTION_FIELDS.map((name) => `<input type="hidden" name="${name}" value="${escapeAttribute(found[name] ?? '')}" data-attribution>`).join('');
  return html.replace(SLOT, ` data-attribution-slot>${fields}`);
}
