// The WhatsApp Business Platform webhook (Cloud API) at /api/whatsapp.
// GET: Meta's verification (hub.mode=subscribe, hub.verify_token, hub.challenge echoed).
// POST: the body capped while it streams, its raw bytes checked against X-Hub-Signature-256
// (HMAC-SHA-256 with the app secret, constant-time) before anything is parsed or stored, then the
// messages and statuses applied (src/automation/whatsapp.ts) and a fast 200; the replies are sent
// after the response.
import { Hono, type Context } from 'hono';
import type { Edge } from '../deps';
import { bodyCap } from '../http/body';
import { safeEqual } from '../signing';
import { parseWebhook, WebhookShapeError } from '../../conversations/whatsapp-cloud';

const encoder = new TextEncoder();

async function sha256Hex(text: string): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether `header` is `sha256=<hex>` of HMAC-SHA-256(secret, body); Web Crypto's verify compares in constant time. */
export async function validSignature(secret: string, body: Uint8Array<ArrayBuffer>, header: string | undefined): Promise<boolean> {
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!m) return false;
  const signature = new Uint8Array(m[1]!.match(/../g)!.map((h) => parseInt(h, 16)));
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return crypto.subtle.verify('HMAC', key, signature, body);
}

const problem = (c: Context, status: 400 | 401 | 403 | 503, error: string, message: string) => {
  c.header('Cache-Control', 'no-store');
  return c.json({ ok: false, error, message }, status);
};

export function whatsappRoutes(edge: Edge) {
  const app = new Hono();
  const wa = edge.whatsapp;

  app.get('/api/whatsapp', async (c) => {
    if (!wa?.config.verifyToken) return problem(c, 503, 'not-configured', 'WhatsApp non configuré : WHATSAPP_VERIFY_TOKEN manquant.');
    const mode = c.req.query('hub.mode');
    const token = c.req.query('hub.verify_token') ?? '';
    const challenge = c.req.query('hub.challenge');
    // Comparing digests: constant time, and the length of the token does not show either.
    const matches = safeEqual(await sha256Hex(token), await sha256Hex(wa.config.verifyToken));
    if (mode !== 'subscribe' || !matches) return problem(c, 403, 'verification', 'Vérification refusée : hub.mode doit valoir subscribe et hub.verify_token être le jeton WHATSAPP_VERIFY_TOKEN.');
    if (!challenge || !/^[\w.-]{1,256}$/.test(challenge)) return problem(c, 400, 'challenge', 'hub.challenge : valeur attendue (lettres, chiffres, 256 caractères au plus).');
    c.header('Cache-Control', 'no-store');
    return c.text(challenge, 200);
  });

  app.post('/api/whatsapp', bodyCap(edge.limits.whatsappBodyBytes, 'une notification WhatsApp'), async (c) => {
    if (!wa?.config.appSecret) return problem(c, 503, 'not-configured', 'WhatsApp non configuré : WHATSAPP_APP_SECRET manquant.');
    // The raw bytes, exactly as signed: nothing is parsed before the signature holds.
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!(await validSignature(wa.config.appSecret, raw, c.req.header('x-hub-signature-256')))) {
      return problem(c, 401, 'signature', 'Signature refusée : X-Hub-Signature-256 doit être sha256=<HMAC-SHA-256 hexadécimal du corps avec WHATSAPP_APP_SECRET>.');
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      return problem(c, 400, 'json', 'corps : JSON en UTF-8 attendu.');
    }
    let content;
    try {
      content = parseWebhook(json, wa.config.phoneNumberId ?? undefined);
    } catch (error) {
      if (error instanceof WebhookShapeError) return problem(c, 400, 'shape', `${error.field} : ${error.rule}.`);
      throw error;
    }
    const now = edge.now();
    const report = await wa.service.receive(content, now);
    if (report.contacts.length) {
      // The replies go out after the response (Meta wants the 200 fast); the tick retries failures.
      const sending = wa.service.deliver(now, report.contacts).catch((error) => console.error('whatsapp delivery failed:', error));
      let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
      try {
        ctx = c.executionCtx;
      } catch {
        ctx = undefined;
      }
      if (ctx) ctx.waitUntil(sending);
      else if (edge.defer) edge.defer(sending);
      else await sending;
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: true, messages: report.messages, duplicates: report.duplicates, late: report.late, statuses: report.statuses, ignored: content.ignored });
  });

  return app;
}
