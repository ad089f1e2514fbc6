// The site's first-party cookies, shared by the edge and the consent banner's script.
export const CONSENT_COOKIE = 'mf_consent';
export const VISITOR_COOKIE = 'mf_vid';
/** 13 months at most (CNIL); the visitor id is never extended, only set when missing. */
export const COOKIE_MAX_AGE = 60 * 60 * 24 * 395;
/** The banner's choice is asked again after 6 months (CNIL recommendation; privacy policy). */
export const CONSENT_MAX_AGE = 60 * 60 * 24 * 182;
/** Signed id of a lead who accepted engagement tracking (HttpOnly), and its script-visible mark. */
export const LEAD_COOKIE = 'mf_lead';
export const LEAD_MARK_COOKIE = 'mf_id';
/** A visit of a consenting A/B visitor: renewed at each page, gone after 30 minutes without one. */
export const VISIT_COOKIE = 'mf_visit';
export const VISIT_SECONDS = 30 * 60;
/** A partner's referral code kept across pages, only with the banner's consent (src/edge/referral.ts). */
export const REFERRAL_COOKIE = 'mf_ref';
