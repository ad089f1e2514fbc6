// The site's two first-party cookies, shared by the edge and the consent banner's script.
export const CONSENT_COOKIE = 'mf_consent';
export const VISITOR_COOKIE = 'mf_vid';
/** 13 months at most (CNIL); the visitor id is never extended, only set when missing. */
export const COOKIE_MAX_AGE = 60 * 60 * 24 * 395;
