// Security headers on every response. The CSP allows only this origin: Astro bundles scripts
// as files (the only inline script, the pages' boot, is allowed by its hash; JSON-LD data blocks
// are not executed), styles are files, images and fonts are local.
import { BOOT_SCRIPT_HASH } from '../lib/boot-script';

const SITE_DIRECTIVES: Record<string, string> = {
  'default-src': "'self'",
  'script-src': `'self' 'wasm-unsafe-eval' ${BOOT_SCRIPT_HASH}`, // pagefind's search runs as WebAssembly
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
  'base-uri': "'self'",
  'object-src': "'none'",
  'upgrade-insecure-requests': '',
};
const policy = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([name, value]) => (value ? `${name} ${value}` : name))
    .join('; ');

export const CSP = policy(SITE_DIRECTIVES);

/**
 * The content team's CMS (/cms/, Sveltia CMS), found by loading it in Chromium and reading its
 * CSP violation reports: its Svelte components insert <style> elements ('unsafe-inline' for styles
 * only, never for scripts); it fetches data: and blob: URLs of its own and shows blob: images and
 * media; it talks to GitHub's REST and GraphQL APIs and polls GitHub's status page; avatars come
 * from githubusercontent.com; its interface fonts (Source Sans 3, Noto Mono, Material Symbols
 * icons) are loaded from jsDelivr, which only font-src allows. Scripts stay 'self' (no WebAssembly).
 */
export const CMS_CSP = policy({
  ...SITE_DIRECTIVES,
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob: https://*.githubusercontent.com",
  'media-src': "'self' blob:",
  'font-src': "'self' https://cdn.jsdelivr.net",
  'connect-src': "'self' data: blob: https://api.github.com https://www.githubstatus.com",
});

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Whether a path is one of the CMS's pages and files (/cms/…, exactly so spelled). */
export function isCmsPath(pathname: string): boolean {
  return /^\/cms(?:\/|$)/.test(pathname);
}

/**
 * The security headers of a response to `pathname`. The CMS gets its own CSP, and may open the
 * GitHub sign-in window and hear from it (COOP same-origin-allow-popups); the OAuth routes
 * (/api/cms/…) keep the opener link that the sign-in window needs through GitHub's pages (COOP
 * unsafe-none) and set their own, stricter CSP; a partner's private page sends no Referer. Every
 * other path: the site's policy.
 */
export function securityHeaders(pathname: string): Record<string, string> {
  if (isCmsPath(pathname)) return { ...SECURITY_HEADERS, 'Content-Security-Policy': CMS_CSP, 'Cross-Origin-Opener-Policy': 'same-origin-allow-popups' };
  if (/^\/api\/cms\//.test(pathname)) return { ...SECURITY_HEADERS, 'Cross-Origin-Opener-Policy': 'unsafe-none' };
  // A partner's private page: its address is the key, no page it links to may learn it.
  if (pathname.startsWith('/partenaires/espace/')) return { ...SECURITY_HEADERS, 'Referrer-Policy': 'no-referrer' };
  return SECURITY_HEADERS;
}

export function withSecurityHeaders(response: Response, pathname = '/'): Response {
  const headers = new Headers(response.headers);
  const own = /^\/api\/cms\//.test(pathname) ? response.headers.get('content-security-policy') : null;
  for (const [name, value] of Object.entries(securityHeaders(pathname))) headers.set(name, value);
  if (own) headers.set('Content-Security-Policy', own);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
