// The consent banner's behaviour: shown when no choice is stored, remembered 13 months at most.
import { CONSENT_COOKIE, CONSENT_MAX_AGE, LEAD_MARK_COOKIE, REFERRAL_COOKIE } from '../edge/cookies';

export function readConsent(cookie = document.cookie): 'accept' | 'refuse' | undefined {
  const value = new RegExp(`(?:^|;\\s*)${CONSENT_COOKIE}=(accept|refuse)`).exec(cookie)?.[1];
  return value as 'accept' | 'refuse' | undefined;
}

export function storeConsent(choice: 'accept' | 'refuse') {
  document.cookie = `${CONSENT_COOKIE}=${choice}; Path=/; Max-Age=${CONSENT_MAX_AGE}; SameSite=Lax; Secure`;
  // Refusing stops the engagement beacon at once (the server ignores the HttpOnly id without consent).
  if (choice === 'refuse') {
    document.cookie = `${LEAD_MARK_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; Secure`;
    // The referral code is kept across pages only with consent.
    document.cookie = `${REFERRAL_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax; Secure`;
    // The HttpOnly cookies (visitor id, lead id) can only be deleted by the server.
    fetch('/api/consent', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'choice=refuse', redirect: 'manual', keepalive: true }).catch(() => {});
  }
}

export function initConsentBanner() {
  const banner = document.querySelector<HTMLElement>('[data-consent-banner]');
  if (!banner) return;
  // Already chosen (the edge hides the banner then; pages served without it, or from the cache).
  if (readConsent()) banner.hidden = true;
  reserveSpace(banner);
  banner.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-consent]');
    if (!button) return;
    event.preventDefault();
    storeConsent(button.dataset.consent === 'accept' ? 'accept' : 'refuse');
    banner.hidden = true;
    // The forms' referral field keeps its code across pages from now on (src/lib/lead-form-client.ts).
    document.dispatchEvent(new Event('mf-consent'));
  });
}

/**
 * The page keeps room for the banner while it is shown (global.css: 20rem below the page, more
 * than the banner needs at the usual sizes), so that no focused element hides under it. Measured
 * again whenever the banner's size changes (text wrapping, zoom, rotation); the room grows only
 * when the banner outgrows it. Writing the property on <html> restyles every element of the page
 * (Chrome, even for a registered, non-inherited property): on the usual first screen, that write
 * is skipped, and with it the largest task after the first paint.
 */
function reserveSpace(banner: HTMLElement) {
  const root = document.documentElement;
  const measure = () => {
    if (banner.hidden) return;
    const needed = Math.ceil(banner.getBoundingClientRect().height);
    if (needed > parseFloat(getComputedStyle(root).paddingBottom)) root.style.setProperty('--consent-height', `${needed}px`);
  };
  measure();
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(measure).observe(banner);
}
