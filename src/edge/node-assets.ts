// Serves the built site (dist/) as the `assets` dependency of the app on Node, with the same
// behaviour as Workers Static Assets: /x/ → x/index.html, /x → 307 to /x/, 404 page otherwise.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.ics': 'text/calendar; charset=utf-8',
  '.pdf': 'application/pdf',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

async function isFile(path: string) {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

export function nodeAssets(root: string) {
  const base = normalize(root) + sep;
  // Same caching as public/_headers on the CDN: hashed files forever, the rest revalidated.
  // The CMS bundle's folder is versioned (dist/cms/sveltia-cms-<version>/).
  const cache = (path: string) => (path.includes(`${sep}_astro${sep}`) || /[\\/]cms[\\/]sveltia-cms-\d[^\\/]*[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
  return {
    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url);
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return new Response('Bad Request', { status: 400 });
      }
      const target = normalize(join(base, pathname));
      if (!target.startsWith(base) && target + sep !== base) return new Response('Forbidden', { status: 403 });
      let file = target;
      if (pathname.endsWith('/')) file = join(target, 'index.html');
      else if (!(await isFile(target)) && (await isFile(join(target, 'index.html')))) {
        return new Response(null, { status: 307, headers: { Location: `${url.pathname}/${url.search}` } });
      }
      if (!(await isFile(file))) {
        const notFound = await readFile(join(base, '404.html')).catch(() => Buffer.from('Page introuvable'));
        return new Response(notFound, { status: 404, headers: { 'Content-Type': TYPES['.html'] } });
      }
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': cache(file), 'Content-Length': String(body.length) },
      });
    },
  };
}
