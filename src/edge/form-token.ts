// A token per form render: `<issuedAtMs>.<nonce>.<hmac>`, signed with the FORM_SECRET (Web Crypto,
// so it runs in Node and in workerd). It carries the render time (minimum fill time) and serves as
// the idempotency key of the submission (a double submit or a retry gives one result).
import { hmac, safeEqual } from './signing';

export async function issueFormToken(secret: string, now: number): Promise<string> {
  const nonce = crypto.randomUUID().replace(/-/g, '');
  const payload = `${now}.${nonce}`;
  return `${payload}.${await hmac(secret, payload)}`;
}

export type TokenCheck = { ok: true; issuedAt: number } | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'too-fast' };

export async function checkFormToken(token: string | undefined, secret: string, now: number, limits: { minFillMs: number; maxAgeMs: number }): Promise<TokenCheck> {
  if (!token) return { ok: false, reason: 'missing' };
  const parts = token.split('.');
  if (parts.length !== 3 || !/^\d{13}$/.test(parts[0])) return { ok: false, reason: 'invalid' };
  const expected = await hmac(secret, `${parts[0]}.${parts[1]}`);
  if (!safeEqual(parts[2], expected)) return { ok: false, reason: 'invalid' };
  const issuedAt = Number(parts[0]);
  if (now - issuedAt > limits.maxAgeMs) return { ok: false, reason: 'expired' };
  if (now - issuedAt < limits.minFillMs) return { ok: false, reason: 'too-fast' };
  return { ok: true, issuedAt };
}
