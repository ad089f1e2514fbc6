// The CMS's GitHub sign-in and its headers, through the whole edge app, on Node and in workerd
// (tests/unit/edge-node.test.ts, tests/worker/cms-worker.test.ts): the /cms/ policy and only
// there, 503 when the OAuth app is not configured, the redirect to GitHub with a signed state, a
// forged, expired or foreign state refused (403) before any call to GitHub, a failed code exchange
// posted as an error, and a token posted to the site's origin only.
import { beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CMS_CSP, CSP } from '../../src/edge/security';
import { CALLBACK_SCRIPT, GITHUB_AUTHORIZE, STATE_COOKIE } from '../../src/edge/routes/cms';
import { hmac } from '../../src/edge/signing';
import { ORIGIN, SECRET, writeSite } from './edge-suite';

export const CLIENT_ID = 'Iv1.cmsclient123';
export const CLIENT_SECRET = 'cms-client-secret-456';
export const TOKEN = 'gho_16C7e42F292c6912E7710c838347Ae178B4a';

/** What the fake GitHub token endpoint answers. */
export type TokenAnswer = { status: number; body: unknown } | 'network-error';

export interface CmsUnderTest {
  /** The app with GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET. */
  fetch(request: Request): Promise<Response>;
  /** The same app without them. */
  fetchUnconfigured(request: Request): Promise<Response>;
  /** Sets the fake endpoint's next answers; returns the requests it received so far. */
  github(answer?: TokenAnswer): Promise<{ url: string; body: Record<string, unknown> }[]>;
}

/** A built site with the CMS page and one page of the site. */
export function cmsFixtureSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cms-site-'));
  const files: Record<string, string> = {
    'index.html': '<!doctype html><html lang="fr"><title>Accueil</title><h1>Accueil</h1></html>',
    'cms/index.html': '<!doctype html><html lang="fr"><meta name="robots" content="noindex"><title>Gestion du contenu</title><h1>Gestion du contenu</h1></html>',
    'cms/config.yml': 'backend:\n  name: github\n',
    '404.html': '<!doctype html><html lang="fr"><title>Page introuvable</title><h1>Page introuvable</h1></html>',
  };
  return writeSite(dir, files);
}

/** The result a callback page posts: its target origin and message, from its JSON block. */
function posted(html: string): { origin: string; kind: string; payload: Record<string, string> } {
  const json = /<script type="application\/json" id="cms-auth">([^<]*)<\/script>/.exec(html)?.[1];
  if (!json) throw new Error(`pas de bloc cms-auth dans ${html.slice(0, 200)}`);
  const { origin, message } = JSON.parse(json) as { origin: string; message: string };
  const m = /^authorization:github:(success|error):(.*)$/s.exec(message);
  if (!m) throw new Error(`message inattendu : ${message}`);
  return { origin, kind: m[1]!, payload: JSON.parse(m[2]!) };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

export function cmsSuite(runtime: string, setup: () => Promise<CmsUnderTest>) {
  let edge: CmsUnderTest;
  beforeEach(async () => {
    edge = await setup();
    await edge.github({ status: 200, body: { access_token: TOKEN, token_type: 'bearer', scope: 'repo' } });
  });
  const get = (path: string, headers: Record<string, string> = {}) => edge.fetch(new Request(`${ORIGIN}${path}`, { headers, redirect: 'manual' }));

  /** Starts a sign-in: the state GitHub will send back, and this browser's cookie. */
  async function start() {
    const res = await get('/api/cms/auth?provider=github&site_id=www.mecaformation.fr&scope=repo');
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${STATE_COOKIE}=`))!;
    return { res, location, state: location.searchParams.get('state')!, cookie: cookie.split(';')[0]! };
  }

  describe(`${runtime}: the CMS's headers`, () => {
    it('gives /cms/ the policy the CMS needs, and every other page the site’s own, unchanged', async () => {
      for (const path of ['/cms/', '/cms/config.yml']) {
        const res = await get(path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-security-policy'), path).toBe(CMS_CSP);
        expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin-allow-popups');
      }
      expect(CMS_CSP).toContain("script-src 'self';");
      expect(CMS_CSP).toContain('connect-src \'self\' data: blob: https://api.github.com https://www.githubstatus.com');
      for (const path of ['/', '/cmsx/', '/api/health', '/CMS/']) {
        const res = await get(path);
        expect(res.headers.get('content-security-policy'), path).toBe(CSP);
        expect(res.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      }
      expect(CSP).not.toMatch(/unsafe-inline|github|jsdelivr|blob:/);
    });
  });

  describe(`${runtime}: the CMS's GitHub sign-in`, () => {
    it('answers 503 with a French message, posted to the CMS, when the OAuth app is not configured', async () => {
      for (const path of ['/api/cms/auth?provider=github&site_id=x&scope=repo', '/api/cms/callback?code=abc&state=x']) {
        const res = await edge.fetchUnconfigured(new Request(`${ORIGIN}${path}`, { redirect: 'manual' }));
        expect(res.status, path).toBe(503);
        const html = await res.text();
        expect(html).toContain('<html lang="fr">');
        expect(html).toContain('GITHUB_CLIENT_ID et GITHUB_CLIENT_SECRET manquants');
        expect(posted(html)).toMatchObject({ origin: ORIGIN, kind: 'error', payload: { errorCode: 'MISCONFIGURED_CLIENT' } });
      }
    });

    it('sends the browser to GitHub with a signed state bound to it by a cookie', async () => {
      const { res, location, state, cookie } = await start();
      expect(`${location.origin}${location.pathname}`).toBe(GITHUB_AUTHORIZE);
      expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
      expect(location.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/api/cms/callback`);
      expect(location.searchParams.get('scope')).toBe('repo');
      expect(state).toMatch(/^\d{13}\.[\w-]{32}\.[\w-]{43}$/);
      expect(state.split('.')[1]).toBe(cookie.split('=')[1]);
      const setCookie = res.headers.getSetCookie().join('\n');
      expect(setCookie).toMatch(/Path=\/api\/cms\/; Max-Age=600; SameSite=Lax; Secure; HttpOnly/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      // The window keeps its link to the CMS through GitHub's pages.
      expect(res.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
      // Two sign-ins, two states.
      expect((await start()).state).not.toBe(state);
    });

    it('refuses another provider (400) and another method (405)', async () => {
      const res = await get('/api/cms/auth?provider=gitlab&site_id=x');
      expect(res.status).toBe(400);
      expect(posted(await res.text()).payload).toMatchObject({ errorCode: 'UNSUPPORTED_BACKEND' });
      const post = await edge.fetch(new Request(`${ORIGIN}/api/cms/callback`, { method: 'POST' }));
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
    });

    it('exchanges the code server-side and posts the token to the site’s origin only, under a CSP that allows only its own script', async () => {
      const { state, cookie } = await start();
      const res = await get(`/api/cms/callback?code=abc123&state=${encodeURIComponent(state)}`, { Cookie: cookie });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(posted(html)).toEqual({ origin: ORIGIN, kind: 'success', payload: { token: TOKEN, provider: 'github' } });
      // The handshake Decap and Sveltia expect: announce, wait for the CMS's echo from that origin, answer it.
      expect(html).toContain(`<script>${CALLBACK_SCRIPT}</script>`);
      expect(CALLBACK_SCRIPT).toContain("opener.postMessage('authorizing:github', data.origin)");
      expect(CALLBACK_SCRIPT).toContain('event.origin !== data.origin');
      expect(CALLBACK_SCRIPT).not.toContain("'*'");
      expect(res.headers.get('content-security-policy')).toBe(`default-src 'none'; script-src ${await sha256(CALLBACK_SCRIPT)}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.getSetCookie().join('\n')).toMatch(new RegExp(`${STATE_COOKIE}=; Path=/api/cms/; Max-Age=0`));
      const requests = await edge.github();
      expect(requests).toHaveLength(1);
      expect(requests[0]).toEqual({ url: 'https://github.com/login/oauth/access_token', body: { client_id: CLIENT_ID, client_secret: CLIENT_SECRET, code: 'abc123', redirect_uri: `${ORIGIN}/api/cms/callback` } });
      // The secret never reaches the browser.
      expect(html).not.toContain(CLIENT_SECRET);
    });

    it('refuses a forged, expired or foreign state (403) without asking GitHub', async () => {
      const { state, cookie } = await start();
      const [expires, nonce, signature] = state.split('.');
      const forged = `${expires}.${nonce}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
      const past = String(Date.now() - 60_000);
      const expired = `${past}.${nonce}.${(await hmac(SECRET, `cms-oauth-state:${past}.${nonce}`)).slice(0, 43)}`;
      const cases: [string, string | undefined, RegExp][] = [
        [forged, cookie, /falsifié/],
        [expired, cookie, /expiré/],
        [state, undefined, /autre navigateur/],
        [state, `${STATE_COOKIE}=autre-nonce-de-24-caracteres`, /autre navigateur/],
        ['pas-un-state', cookie, /mal formé/],
      ];
      for (const [s, c, reason] of cases) {
        const res = await get(`/api/cms/callback?code=abc123&state=${encodeURIComponent(s)}`, c ? { Cookie: c } : {});
        expect(res.status, s).toBe(403);
        const result = posted(await res.text());
        expect(result).toMatchObject({ origin: ORIGIN, kind: 'error', payload: { errorCode: 'CSRF_DETECTED' } });
        expect(result.payload.error).toMatch(reason);
      }
      expect(await edge.github()).toEqual([]);
    });

    it('posts GitHub’s refusal of the code (400), a refused authorisation (400) and an unreachable GitHub (502) as errors', async () => {
      let { state, cookie } = await start();
      await edge.github({ status: 200, body: { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' } });
      let res = await get(`/api/cms/callback?code=used&state=${encodeURIComponent(state)}`, { Cookie: cookie });
      expect(res.status).toBe(400);
      let result = posted(await res.text());
      expect(result).toMatchObject({ origin: ORIGIN, kind: 'error', payload: { errorCode: 'TOKEN_REQUEST_FAILED' } });
      expect(result.payload.error).toContain('The code passed is incorrect or expired.');
      expect(result.payload).not.toHaveProperty('token');

      ({ state, cookie } = await start());
      res = await get(`/api/cms/callback?error=access_denied&error_description=${encodeURIComponent('The user has denied your application access.')}&state=${encodeURIComponent(state)}`, { Cookie: cookie });
      expect(res.status).toBe(400);
      result = posted(await res.text());
      expect(result.payload).toMatchObject({ errorCode: 'AUTH_CODE_REQUEST_FAILED' });
      expect(result.payload.error).toContain('denied');

      ({ state, cookie } = await start());
      await edge.github('network-error');
      res = await get(`/api/cms/callback?code=abc&state=${encodeURIComponent(state)}`, { Cookie: cookie });
      expect(res.status).toBe(502);
      expect(posted(await res.text()).payload).toMatchObject({ errorCode: 'TOKEN_REQUEST_FAILED' });
    });

    it('cannot be made to run markup through GitHub’s error text', async () => {
      const { state, cookie } = await start();
      await edge.github({ status: 200, body: { error: 'x', error_description: '</script><script>alert(1)</script><!--' } });
      const res = await get(`/api/cms/callback?code=abc&state=${encodeURIComponent(state)}`, { Cookie: cookie });
      const html = await res.text();
      expect(html).not.toContain('<script>alert(1)');
      expect(html.match(/<script/g)).toHaveLength(2);
      expect(posted(html).payload.error).toContain('</script><script>alert(1)</script><!--');
    });
  });
}
