// The content team's CMS signs in with GitHub through the site itself (no third-party OAuth
// proxy): the external OAuth client protocol of Decap/Netlify CMS, which Sveltia CMS speaks.
//   GET /api/cms/auth?provider=github&site_id=…&scope=repo
//     → 302 to GitHub's authorize page, with a signed, short-lived `state` bound to this browser
//       by a cookie (an attacker cannot make someone sign in with the attacker's code: CSRF);
//   GET /api/cms/callback?code=…&state=…
//     → the code is exchanged server-side for a token (GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET),
//       and the page posts `authorization:github:success:{"token":…}` (or `…:error:…`) to the
//       window that opened it, after the `authorizing:github` handshake, to this site's origin only.
import { Hono, type Context } from 'hono';
import type { Edge } from '../deps';
import { hmac, safeEqual } from '../signing';
import { parseCookies, setCookie } from '../http/cookies';

export const STATE_COOKIE = 'mf_cms_state';
/** Time to sign in on GitHub before the state expires. */
export const STATE_SECONDS = 10 * 60;
export const GITHUB_AUTHORIZE = 'https://github.com/login/oauth/authorize';
export const GITHUB_TOKEN = 'https://github.com/login/oauth/access_token';

/** Error codes Sveltia CMS translates (its sign_in_error strings). */
type ErrorCode = 'UNSUPPORTED_BACKEND' | 'MISCONFIGURED_CLIENT' | 'AUTH_CODE_REQUEST_FAILED' | 'CSRF_DETECTED' | 'TOKEN_REQUEST_FAILED' | 'MALFORMED_RESPONSE';

/**
 * The script of the callback page, inline and allowed by its hash (the page's own CSP): it reads
 * the result from the JSON block, waits for the CMS's answer to `authorizing:github`, then posts
 * the result to the site's origin only.
 */
export const CALLBACK_SCRIPT = `(() => {
  const data = JSON.parse(document.getElementById('cms-auth').textContent);
  const opener = window.opener;
  if (!opener) return;
  window.addEventListener('message', (event) => {
    if (event.origin !== data.origin || event.source !== opener || event.data !== 'authorizing:github') return;
    opener.postMessage(data.message, data.origin);
  });
  opener.postMessage('authorizing:github', data.origin);
})();`;

let scriptHash: Promise<string> | undefined;
/** 'sha256-…' of CALLBACK_SCRIPT, for the callback page's script-src. */
export function callbackScriptHash(): Promise<string> {
  scriptHash ??= crypto.subtle.digest('SHA-256', new TextEncoder().encode(CALLBACK_SCRIPT)).then((d) => `'sha256-${btoa(String.fromCharCode(...new Uint8Array(d)))}'`);
  return scriptHash;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** JSON that can sit in a <script> data block (no `</script>`, no HTML comment). */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

async function signState(secret: string, nonce: string, expires: number): Promise<string> {
  const payload = `${expires}.${nonce}`;
  return `${payload}.${(await hmac(secret, `cms-oauth-state:${payload}`)).slice(0, 43)}`;
}

/** Why a state is refused, or null when it is valid, unexpired and this browser's. */
export async function checkState(secret: string, state: string | undefined, cookieNonce: string | undefined, now: number): Promise<string | null> {
  const m = /^(\d{10,13})\.([\w-]{22,64})\.([\w-]{43})$/.exec(state ?? '');
  if (!m) return 'paramètre state absent ou mal formé';
  const [, expires, nonce, signature] = m;
  if (!safeEqual(signature!, (await hmac(secret, `cms-oauth-state:${expires}.${nonce}`)).slice(0, 43))) return 'paramètre state falsifié (signature invalide)';
  if (Number(expires) < now) return 'paramètre state expiré : recommencez la connexion';
  if (!cookieNonce || !safeEqual(cookieNonce, nonce!)) return 'connexion commencée dans un autre navigateur (cookie de connexion absent ou différent)';
  return null;
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function cmsRoutes(edge: Edge) {
  const app = new Hono();
  const origin = (c: Context) => edge.publicOrigin ?? new URL(c.req.url).origin;
  const configured = () => Boolean(edge.cms.clientId && edge.cms.clientSecret);
  const notConfigured = 'La connexion au gestionnaire de contenu n’est pas configurée sur ce serveur : GITHUB_CLIENT_ID et GITHUB_CLIENT_SECRET manquants (voir le README, « Le gestionnaire de contenu »).';

  /** The popup's page: a French message, and the result posted to the CMS that opened it. */
  async function resultPage(c: Context, status: 200 | 400 | 403 | 502 | 503, result: { token: string } | { error: string; errorCode: ErrorCode }, extraHeaders: Record<string, string> = {}) {
    const ok = 'token' in result;
    const message = ok
      ? `authorization:github:success:${JSON.stringify({ token: result.token, provider: 'github' })}`
      : `authorization:github:error:${JSON.stringify({ error: result.error, errorCode: result.errorCode, provider: 'github' })}`;
    const text = ok ? 'Connexion réussie : cette fenêtre va se fermer.' : `Connexion impossible : ${result.error}`;
    const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${ok ? 'Connexion réussie' : 'Connexion impossible'} · gestion du contenu</title></head>
<body>
<main><h1>${ok ? 'Connexion réussie' : 'Connexion impossible'}</h1><p>${escapeHtml(text)}</p></main>
<script type="application/json" id="cms-auth">${scriptJson({ origin: origin(c), message })}</script>
<script>${CALLBACK_SCRIPT}</script>
</body>
</html>`;
    return new Response(html, {
      status,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        // Only this page's script runs; it talks to its opener and nothing else.
        'Content-Security-Policy': `default-src 'none'; script-src ${await callbackScriptHash()}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        ...extraHeaders,
      },
    });
  }

  app.get('/api/cms/auth', async (c) => {
    if (!configured()) return resultPage(c, 503, { error: notConfigured, errorCode: 'MISCONFIGURED_CLIENT' });
    const provider = c.req.query('provider') ?? 'github';
    if (provider !== 'github') return resultPage(c, 400, { error: `fournisseur « ${provider.slice(0, 40)} » non pris en charge : seul github l’est (paramètre provider).`, errorCode: 'UNSUPPORTED_BACKEND' });
    const scope = c.req.query('scope') === 'public_repo' ? 'public_repo' : 'repo';
    const nonce = randomNonce();
    const state = await signState(edge.secrets.formSecret, nonce, edge.now().getTime() + STATE_SECONDS * 1000);
    const url = new URL(GITHUB_AUTHORIZE);
    url.search = new URLSearchParams({ client_id: edge.cms.clientId!, redirect_uri: `${origin(c)}/api/cms/callback`, scope, state, allow_signup: 'false' }).toString();
    return new Response(null, {
      status: 302,
      headers: {
        Location: url.toString(),
        'Cache-Control': 'no-store',
        'Set-Cookie': setCookie(STATE_COOKIE, nonce, { maxAge: STATE_SECONDS, httpOnly: true, path: '/api/cms/' }),
      },
    });
  });

  app.get('/api/cms/callback', async (c) => {
    if (!configured()) return resultPage(c, 503, { error: notConfigured, errorCode: 'MISCONFIGURED_CLIENT' });
    const clear = { 'Set-Cookie': setCookie(STATE_COOKIE, '', { maxAge: 0, httpOnly: true, path: '/api/cms/' }) };
    const refused = await checkState(edge.secrets.formSecret, c.req.query('state'), parseCookies(c.req.header('cookie'))[STATE_COOKIE], edge.now().getTime());
    if (refused) return resultPage(c, 403, { error: refused, errorCode: 'CSRF_DETECTED' }, clear);
    const denied = c.req.query('error');
    if (denied) {
      const reason = c.req.query('error_description') ?? denied;
      return resultPage(c, 400, { error: `GitHub n’a pas donné d’autorisation (${reason.slice(0, 200)}).`, errorCode: 'AUTH_CODE_REQUEST_FAILED' }, clear);
    }
    const code = c.req.query('code');
    if (!code || !/^[\w-]{1,200}$/.test(code)) return resultPage(c, 400, { error: 'paramètre code absent ou mal formé.', errorCode: 'AUTH_CODE_REQUEST_FAILED' }, clear);
    let answer: { access_token?: unknown; error?: unknown; error_description?: unknown };
    try {
      const res = await edge.cms.fetch(GITHUB_TOKEN, {
        method: 'POST',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'User-Agent': 'mecaformation-cms' },
        body: JSON.stringify({ client_id: edge.cms.clientId, client_secret: edge.cms.clientSecret, code, redirect_uri: `${origin(c)}/api/cms/callback` }),
      });
      answer = (await res.json()) as typeof answer;
    } catch (error) {
      console.error('cms oauth: token exchange failed:', error);
      return resultPage(c, 502, { error: 'GitHub n’a pas répondu à la demande de jeton : réessayez dans un instant.', errorCode: 'TOKEN_REQUEST_FAILED' }, clear);
    }
    if (typeof answer.access_token === 'string' && /^[\w-]{10,255}$/.test(answer.access_token)) {
      return resultPage(c, 200, { token: answer.access_token }, clear);
    }
    // GitHub answers 200 with an error for a used, expired or foreign code (bad_verification_code).
    const reason = typeof answer.error_description === 'string' ? answer.error_description : typeof answer.error === 'string' ? answer.error : 'réponse sans jeton';
    return resultPage(c, 400, { error: `GitHub a refusé le code d’autorisation (${reason.slice(0, 200)}) : recommencez la connexion.`, errorCode: 'TOKEN_REQUEST_FAILED' }, clear);
  });

  return app;
}
