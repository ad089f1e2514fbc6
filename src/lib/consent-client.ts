// The consent banner's behaviour: shown when no choice is stored, remembered 13 months at most.
export const CONSENT_COOKIE = 'mf_consent';
const MAX_AGE = 60 * 60 * 24 * 395;

export function readConsent(cookie = document.cookie): 'accept' | 'refuse' | undefined {
  const value = /(?:^|;\s*)mf_consent=(accept|refuse)/.exec(cookie)?.[1];
  return value as 'accept' | 'refuse' | undefined;
}

export function storeConsent(choice: 'accept' | 'refuse') {
  document.cookie = `${CONSENT_COOKIE}=${choice}; Path=/; Max-Age=${MAX_AGE}; SameSite=Lax; Secure`;
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
