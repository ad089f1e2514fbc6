// The consent banner's behaviour: shown when no choice is stored, remembered 13 months at most.
import { CONSENT_COOKIE, COOKIE_MAX_AGE } from '../edge/cookies';

export function readConsent(cookie = document.cookie): 'accept' | 'refuse' | undefined {
  const value = new RegExp(`(?:^|;\\s*)${CONSENT_COOKIE}=(accept|refuse)`).exec(cookie)?.[1];
  return value as 'accept' | 'refuse' | undefined;
}

export function storeConsent(choice: 'accept' | 'refuse') {
  document.cookie = `${CONSENT_COOKIE}=${choice}; Path=/; Max-Age=${COOKIE_MAX_AGE}; SameSite=Lax; Secure`;
}

export function initConsentBanner() {
  const banner = document.querySelector<HTMLElement>('[data-consent-banner]');
  if (!banner) return;
  if (!readConsent()) banner.hidden = false;
  banner.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-consent]');
    if (!button) return;
    storeConsent(button.dataset.consent === 'accept' ? 'accept' : 'refuse');
    banner.hidden = true;
  });
}
