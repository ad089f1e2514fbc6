// Node entry used by `npm start`: serves the built site (dist/) on PORT (default 4321).
// The lead capture and A/B routes of the edge function plug in here (see README, roadmap).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { appendTrailingSlash } from 'hono/trailing-slash';

const root = resolve(process.env.DIST_DIR ?? 'dist');
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? '127.0.0.1';

const app = new Hono();
app.use(appendTrailingSlash());
app.use('*', serveStatic({ root, precompressed: false }));
app.notFound(async (c) => {
  const html = await readFile(join(root, '404.html'), 'utf8').catch(() => 'Page introuvable');
  return c.html(html, 404);
});

serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(`MécaFormation: http://${host === '0.0.0.0' ? 'localhost' : host}:${info.port}/ (dist: ${root})`);
});
