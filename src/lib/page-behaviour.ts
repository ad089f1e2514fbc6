// What every page does with JavaScript (started by src/lib/page-scripts.ts once the page has
// loaded); the lead forms' code (validation shared with the edge) only where a page has one.
import { initMobileMenu } from './mobile-menu';
import { initConsentBanner } from './consent-client';
import { initBeacon, initCtaClicks } from './beacon-client';
import { initAssistantLauncher } from './assistant-launcher';

export async function initPage() {
  initMobileMenu();
  initConsentBanner();
  initBeacon();
  initCtaClicks();
  initAssistantLauncher();
  if (document.querySelector('form[data-lead-form]')) (await import('./lead-form-client')).enhanceLeadForms();
}
