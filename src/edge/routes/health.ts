// Store reachability, and a fresh form token for pages served without the edge.
import { Hono } from 'hono';
import type { Edge } from '../deps';
import { issueFormToken } from '../form-token';

export function healthRoutes(edge: Edge) {
  const app = new Hono();
  app.get('/api/health', async (c) => {
    c.header('Cache-Control', 'no-store');
    const store = await edge.store.health().catch(() => false);
    return c.json({ ok: store, store: store ? 'reachable' : 'unreachable', time: edge.now().toISOString() }, store ? 200 : 503);
  });
  app.get('/api/form-token', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ token: await issueFormToken(edge.secrets.formSecret, edge.now().getTime()) });
  });
  return app;
}
