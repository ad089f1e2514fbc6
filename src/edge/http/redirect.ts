// The one way the edge builds a redirect target or a back link: always a path of this site.
// Anything else (another origin, `//host`, `/\host`, `javascript:`, control characters, a path
// that does not parse) falls back to the given default.

/** A same-origin path (`/x/?y#z`) for `target`, resolved against `origin`; `fallback` otherwise. */
export function sameOriginPath(target: string | null | undefined, origin: string, fallback = '/'): string {
  if (!target) return fallback;
  // Browsers strip tabs and newlines from URLs and read `\` as `/`: refuse them before parsing.
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(target, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin || (url.protocol !== 'https:' && url.protocol !== 'http:')) return fallback;
  // A path beginning with `//` would be read as another host by a browser.
  const path = url.pathname.replace(/\/{2,}/g, '/');
  return `${path}${url.search}${url.hash}`;
}
