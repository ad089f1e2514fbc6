// POST /api/assistant/unanswered: a question the assistant could not answer, counted per day in
// anonymous aggregates for the team (console « Assistant »), so that the missing content gets
// written. The text is anonymised before anything is stored; no cookie, no identifier.
import { Hono } from 'hono';
import type { Edge } from '../deps';
import { bodyCap } from '../http/body';
import { sameOrigin } from '../http/respond';
import { addressBucket } from '../http/client-address';
import { anonymizeQuestion } from '../../assistant/handover';
import { parisDay } from '../../lib/calendar';
import { isBot } from '../../marketing/audience';

const PATH = /^\/(?!\/)[\w\-/.]{0,200}$/;

export function assistantRoutes(edge: Edge) {
  const app = new Hono();
  app.post('/api/assistant/unanswered', bodyCap(edge.limits.smallBodyBytes, 'une question'), async (c) => {
    c.header('Cache-Control', 'no-store');
    if (!sameOrigin(c)) return c.body(null, 204);
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      body = null;
    }
    const { question, path } = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    if (typeof question !== 'string' || question.length > 500 || (path !== undefined && (typeof path !== 'string' || !PATH.test(path)))) {
      return c.json({ ok: false, error: 'validation', message: 'JSON attendu : {"question": "texte de 500 caractères au plus", "path": "/…/"}.' }, 422);
    }
    const db = (edge.store as { db?: { batch: (s: { sql: string; params?: unknown[] }[]) => Promise<unknown> } }).db;
    const text = anonymizeQuestion(question);
    if (!db || !text || isBot(c.req.header('user-agent'))) return c.body(null, 204);
    const limit = await edge.store.rateLimit(`assistant:${addressBucket(edge.clientAddress(c))}`, 30, 3600, Math.floor(edge.now().getTime() / 1000));
    if (!limit.allowed) return c.body(null, 204);
    await db.batch([
      {
        sql: `INSERT INTO assistant_unanswered (question, day, count, path) VALUES (?, ?, 1, ?)
              ON CONFLICT(question, day) DO UPDATE SET count = count + 1, path = excluded.path`,
        params: [text, parisDay(edge.now()), typeof path === 'string' ? path : null],
      },
    ]);
    return c.body(null, 204);
  });
  return app;
}
