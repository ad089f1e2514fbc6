// The scripts of every page, bundled by PageScripts.astro into the inert <template> of Base.astro
// and inserted by the boot script (src/lib/boot-script.ts) after the first paint: the menu, the
// cookie banner, the beacon, the assistant's launcher, the lead forms where a page has one. The
// page says it on <html> once they run (data-scripts="ready"), for the tests.
import { visitAttribution } from './attribution-client';
import { initPage } from './page-behaviour';

// A landing's campaign parameters, kept for the forms of this visit.
if (document.querySelector('form[data-lead-form]')) visitAttribution();
void initPage().then(() => {
  document.documentElement.dataset.scripts = 'ready';
});
