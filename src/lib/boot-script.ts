// The one inline script of the pages (Base.astro), allowed by its hash in the CSP
// (src/edge/security.ts). The pages' scripts are in an inert <template data-page-scripts> (the
// module that PageScripts.astro bundles): nothing of them is fetched before the first paint. This
// script inserts them once the page has loaded and painted the frame that follows the load (on a
// fast connection the load comes before the first paint, which waits for the stylesheet and the
// font), or at the visitor's first gesture if it comes sooner (a field focused, a key, a tap).
// Without JavaScript every part works meanwhile: the phone menu is a <details>, the cookie
// banner's buttons post the choice, the forms post and the edge validates them, the assistant's
// launcher is a link to /contact/. Changing a character changes the hash: the unit test
// tests/unit/boot-script.test.ts gives the new one.
export const BOOT_SCRIPT =
  '(function(){var t=document.querySelector("template[data-page-scripts]"),g=["focusin","keydown","pointerdown"],d=!1;if(!t)return;' +
  'function go(){if(d)return;d=!0;g.forEach(function(e){removeEventListener(e,go,!0)});' +
  't.content.querySelectorAll("script[src]").forEach(function(s){var m=document.createElement("script");m.type="module";m.src=s.getAttribute("src");document.head.appendChild(m)})}' +
  'g.forEach(function(e){addEventListener(e,go,{capture:!0,passive:!0})});' +
  'function later(){(document.fonts?document.fonts.ready:Promise.resolve()).then(function(){requestAnimationFrame(function(){requestAnimationFrame(function(){setTimeout(go,0)})})})}' +
  'document.readyState==="complete"?later():addEventListener("load",later,{once:!0})})();';

/** 'sha256-…' of BOOT_SCRIPT, for the CSP's script-src. */
export const BOOT_SCRIPT_HASH = "'sha256-uOyTshU3c/nb7c1ytXqfwDCZYjEXp4NS+iPGnt1BUdY='";
