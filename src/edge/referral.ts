// How a partner's code travels, without tracking (README, « Referral and affiliates »):
// - /parrainage/CODE/ serves the referral landing page (/parrainage/invitation/) with the code in
//   the form's visible « Code de parrainage » field and a notice; an unknown or disabled code gets
//   the same page, status 404, a French message and an empty field (never a 5xx).
// - ?ref=CODE on any page fills the field of that page's forms, when it is an active partner's.
// - Across pages only with the banner's consent (mf_consent=accept): the code is then kept in the
//   first-party cookie mf_ref (30 days, readable by the page's script so that clearing the field
//   clears it); without consent it lives only in the URL and the field of that page, and a
//   leftover mf_ref is deleted.
// The field is filled here, on the HTML the edge serves, so it works without JavaScript.
import type { Edge } from './deps';
import { setCookie } from './http/cookies';
import { CONSENT_COOKIE, REFERRAL_COOKIE } from './cookies';
import { normalizeReferralCode } from '../marketing/referral-code';

export const REFERRAL_COOKIE_SECONDS = 30 * 86_400;
/** The static page served at every partner's link. */
export const INVITATION_PATH = '/parrainage/invitation/';

const decoded = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface PageReferral {
  /** The code to put in the field (canonical, an active partner's), or null. */
  code: string | null;
  /** A partner's link: the landing page is served, with this notice. */
  landing: { typed: string; known: boolean; programmeLabel: string | null } | null;
  /** Set-Cookie value (consent: keep the code; no consent or a dead code: delete it), or null. */
  cookie: string | null;
  /**
   * The link's code (/parrainage/CODE/ or ?ref=) when it is no active partner's: canonical when
   * well formed, else « (mal formé) » (nothing a visitor typed is kept as such). Counted for the
   * team (console « Partenaires »): a broken partner link is otherwise invisible.
   */
  unknown: string | null;
}

/** How an unknown link's code is counted: canonical, or one bucket for anything else. */
export const MALFORMED_CODE = '(mal formé)';

/** /parrainage/<segment>/ but the landing page itself: the segment, else null. */
export function landingSegment(path: string): string | null {
  const m = /^\/parrainage\/([^/]{1,60})\/?$/.exec(path);
  if (!m || `/parrainage/${m[1]}/` === INVITATION_PATH) return null;
  return m[1]!;
}

/** What this page view does with a referral code (null: nothing to do, no query made). */
export async function pageReferral(edge: Edge, path: string, url: URL, cookies: Record<string, string>): Promise<PageReferral | null> {
  const segment = landingSegment(path);
  const fromUrl = segment ?? url.searchParams.get('ref');
  const stored = cookies[REFERRAL_COOKIE];
  if (fromUrl === null && stored === undefined) return null;
  const consent = cookies[CONSENT_COOKIE] === 'accept';
  const keep = (code: string) => (consent && stored !== code ? setCookie(REFERRAL_COOKIE, code, { maxAge: REFERRAL_COOKIE_SECONDS }) : null);
  const drop = stored !== undefined ? setCookie(REFERRAL_COOKIE, '', { maxAge: 0 }) : null;
  const active = async (raw: string | null | undefined) => {
    const code = raw ? normalizeReferralCode(raw) : null;
    const partner = code && edge.partners ? await edge.partners.findByCode(code) : null;
    return partner && !partner.disabledAt ? partner : null;
  };

  if (fromUrl !== null) {
    const partner = await active(fromUrl);
    const landing = segment !== null ? { typed: decoded(segment).slice(0, 40), known: Boolean(partner), programmeLabel: partner ? (edge.rules.marketing.affiliates.find((a) => a.key === partner.programme)?.label ?? null) : null } : null;
    if (partner) return { code: partner.code, landing, cookie: consent ? keep(partner.code) : drop, unknown: null };
    // A dead link: the stored code (consent) still fills the field of an ordinary page.
    const kept = consent && segment === null ? await active(stored) : null;
    // Read as active() read it: a code found neither way is counted once, under one name.
    const unknown = normalizeReferralCode(fromUrl) ?? MALFORMED_CODE;
    return { code: kept?.code ?? null, landing, cookie: consent ? (kept || stored === undefined ? null : drop) : drop, unknown };
  }
  if (!consent) return { code: null, landing: null, cookie: drop, unknown: null };
  const partner = await active(stored);
  return { code: partner?.code ?? null, landing: null, cookie: partner ? null : drop, unknown: null };
}

/** Fills the forms' referral field (escaped) and unfolds it; the landing page gets its notice. */
export function applyReferral(html: string, referral: PageReferral): string {
  let out = html.replaceAll('value="" data-referral-code', `value="${escape(referral.code ?? '')}" data-referral-code="edge"`);
  if (referral.code) out = out.replace(/<details data-referral(?! open)/g, '<details data-referral open');
  if (referral.landing) {
    const { typed, known, programmeLabel } = referral.landing;
    const notice = known
      ? `<p class="notice mt-4 max-w-3xl" role="status">Votre code de parrainage ${escape(referral.code!)} est valide${programmeLabel ? ` (programme «\u202f${escape(programmeLabel)}\u202f»)` : ''}\u202f: il est déjà indiqué dans le formulaire. Vous pouvez le modifier ou l’effacer.</p>`
      : `<p class="notice mt-4 max-w-3xl" role="alert">Le code de parrainage «\u202f${escape(typed)}\u202f» n’existe pas ou n’est plus actif. Vérifiez le lien reçu, ou demandez le bon code à la personne qui vous l’a donné\u202f; vous pouvez aussi envoyer votre demande sans code.</p>`;
    out = out.replace('<div data-referral-notice></div>', notice);
  }
  return out;
}

/** After a form was sent (consent): the cookie follows what the visitor left in the field. */
export function referralCookieAfterSubmit(cookies: Record<string, string>, submitted: string | undefined): string | null {
  const stored = cookies[REFERRAL_COOKIE];
  const code = submitted ? normalizeReferralCode(submitted) : null;
  if (cookies[CONSENT_COOKIE] !== 'accept') return stored !== undefined ? setCookie(REFERRAL_COOKIE, '', { maxAge: 0 }) : null;
  if (!code) return stored !== undefined ? setCookie(REFERRAL_COOKIE, '', { maxAge: 0 }) : null;
  return stored === code ? null : setCookie(REFERRAL_COOKIE, code, { maxAge: REFERRAL_COOKIE_SECONDS });
}
