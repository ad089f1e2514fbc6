// The scripts of every page, in one small module that Base.astro loads. Nothing of them is fetched
// before the page has loaded: the first screen (its LCP) waits for the document, its stylesheet
// and its images only. Until then, and without JavaScript, every part works: the phone menu is a
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

if (document.readyState === 'complete') void start();
else addEventListener('load', () => void start(), { once: true });
