// The scripts of every page, in one small module that Base.astro loads. Nothing of them is fetched
// before the page has loaded and painted: the first screen (its LCP) waits for the document, its
// stylesheet and its font only. Until then, and without JavaScript, every part works: the phone menu is a
// <details>, the cookie banner's buttons post the choice, the forms post and the edge validates
// them, the assistant's launcher is a link to /contact/. Once started, the page says so on <html>
// (data-scripts="ready"), for the tests and for styles that depend on it.
import { visitAttribution } from './attribution-client';

// The exception: a landing's campaign parameters are kept at once, for the forms of this visit.
if (document.querySelector('form[data-lead-form]')) visitAttribution();

const start = async () => {
  const { initPage } = await import('./page-behaviour');
  await initPage();
  document.documentElement.dataset.scripts = 'ready';
};

// After the load and the frame that follows it (its paint: on a fast connection the load comes
// before the first paint, which waits for the stylesheet and the font), or at the visitor's first
// gesture if it comes sooner (a field focused, a key, a tap): once, whichever comes first.
let started = false;
const once = () => {
  if (started) return;
  started = true;
  for (const type of GESTURES) removeEventListener(type, once, true);
  void start();
};
const GESTURES = ['focusin', 'keydown', 'pointerdown'] as const;
for (const type of GESTURES) addEventListener(type, once, { capture: true, passive: true });
const afterNextPaint = () => requestAnimationFrame(() => setTimeout(once, 0));
if (document.readyState === 'complete') afterNextPaint();
else addEventListener('load', afterNextPaint, { once: true });
