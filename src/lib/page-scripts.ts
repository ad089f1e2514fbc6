// The scripts of every page, bundled by PageScripts.astro into the inert <template> of Base.astro
// and inserted by the boot script (src/lib/boot-script.ts) after the first paint: the deferred
// illustrations, the menu, the cookie banner, the beacon, the assistant's launcher, and the lead
// forms' code (validation shared with the edge) only where a page has a lead form. The page says
// it on <html> once they run (data-scripts="ready"), for the tests.
import { initMobileMenu } from './mobile-menu';
import { initConsentBanner } from './consent-client';
import { initBeacon, initCtaClicks } from './beacon-client';
import { initAssistantLauncher } from './assistant-launcher';
import { visitAttribution } from './attribution-client';
import { loadDeferredImages } from './deferred-images';

loadDeferredImages();
initMobileMenu();
initConsentBanner();
initBeacon();
initCtaClicks();
initAssistantLauncher();
const hasLeadForm = document.querySelector('form[data-lead-form]') !== null;
// A landing's campaign parameters, kept for the forms of this visit.
if (hasLeadForm) visitAttribution();
void (hasLeadForm ? import('./lead-form-client').then((m) => m.enhanceLeadForms()) : Promise.resolve()).then(() => {
  document.documentElement.dataset.scripts = 'ready';
});
