import type { APIContext } from 'astro';
import { absoluteUrl } from '../seo/canonical';

export function GET(context: APIContext) {
  const body = ['User-agent: *', 'Allow: /', 'Disallow: /api/', '', `Sitemap: ${absoluteUrl('/sitemap-index.xml', context.site!)}`, ''].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
