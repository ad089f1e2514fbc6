// The CMS's sign-in and headers in the real Workers runtime (workerd, miniflare): the Worker entry
// bundled as wrangler would, twice, with and without the GitHub OAuth app's secrets; GitHub's
// token endpoint is the outbound fetch, answered here.
import { afterAll, beforeAll } from 'vitest';
import { Miniflare } from 'miniflare';
import { bundleTestWorker } from '../shared/worker-bundle';
import { SECRET } from '../shared/edge-suite';
import { CLIENT_ID, CLIENT_SECRET, cmsFixtureSite, cmsSuite, type TokenAnswer } from '../shared/cms-suite';

let mf: Miniflare;
let answer: TokenAnswer = 'network-error';
let requests: { url: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  const out = await bundleTestWorker('worker-cms');
  const site = cmsFixtureSite();
  const worker = (name: string, bindings: Record<string, string>) => ({
    name,
    modules: true,
    scriptPath: out,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    bindings: { FORM_SECRET: SECRET, SITE_URL: 'https://www.mecaformation.fr', ...bindings },
    d1Databases: ['DB'],
    assets: {
      directory: site,
      binding: 'ASSETS',
      routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
      assetConfig: { html_handling: 'auto-trailing-slash' as const, not_found_handling: '404-page' as const },
    },
    outboundService: async (request: Request) => {
      if (request.url !== 'https://github.com/login/oauth/access_token' || request.method !== 'POST') return new Response('unexpected outbound request', { status: 599 });
      requests.push({ url: request.url, body: (await request.json()) as Record<string, unknown> });
      if (answer === 'network-error') throw new Error('network down');
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
    },
  });
  mf = new Miniflare({ workers: [worker('configured', { GITHUB_CLIENT_ID: CLIENT_ID, GITHUB_CLIENT_SECRET: CLIENT_SECRET }), worker('bare', {})] });
  await mf.ready;
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

async function dispatch(name: string, request: Request): Promise<Response> {
  const worker = (await mf.getWorker(name)) as unknown as { fetch(url: string, init: RequestInit): Promise<Response> };
  const response = await worker.fetch(request.url, { method: request.method, headers: Object.fromEntries(request.headers), redirect: 'manual' });
  const headers = new Headers();
  for (const [key, value] of response.headers) if (key !== 'set-cookie') headers.set(key, value);
  for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return new Response(response.status === 204 || response.status === 304 ? null : await response.arrayBuffer(), { status: response.status, headers });
}

cmsSuite('Worker (workerd)', async () => {
  requests = [];
  return {
    fetch: (request) => dispatch('configured', request),
    fetchUnconfigured: (request) => dispatch('bare', request),
    async github(next) {
      if (next) answer = next;
      return requests;
    },
  };
});
