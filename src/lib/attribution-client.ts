// The attribution of a tab's visit, kept for the lead forms (src/lib/lead-form-client.ts) in
// sessionStorage. Read at once by the pages' first script (src/lib/page-scripts.ts) on a page with
// a lead form: a visitor may leave a landing page before its forms' code has loaded.
import { ATTRIBUTION_FIELDS } from '../marketing/attribution-fields';

const ATTRIBUTION_KEY = 'mf_attribution';

/**
 * The attribution of this tab's visit: the latest landing that named a source (campaign parameters
 * or another site as referrer) replaces the one kept for the tab; a page reached from the site
 * itself keeps it. The edge reads the same landing the same way (src/marketing/attribution.ts).
 */
export function visitAttribution(): Record<string, string> {
  const params = new URLSearchParams(location.search);
  const data: Record<string, string> = {};
  for (const key of ATTRIBUTION_FIELDS) {
    if (key === 'ref') continue;
    const value = params.get(key);
    if (value) data[key] = value.slice(0, 200);
  }
  if (document.referrer && new URL(document.referrer).origin !== location.origin) data.referrer = document.referrer.slice(0, 500);
  const stored = sessionStorage.getItem(ATTRIBUTION_KEY);
  if (stored && Object.keys(data).length === 0) {
    // A tab's record from before the referral field may hold a code: the field carries it now.
    const { ref: _ref, ...kept } = JSON.parse(stored) as Record<string, string>;
    return kept;
  }
  // The first page of the visit; each form says its own page (landingPage) itself.
  data.entryPage = location.pathname;
  sessionStorage.setItem(ATTRIBUTION_KEY, JSON.stringify(data));
  return data;
}
