// A token per form render: `<issuedAtMs>.<nonce>.<hmac>`, signed with the FORM_SECRET (Web Crypto,
// so it runs in Node and in workerd). It carries the render time (minimum fill time) and serves as
// the idempotency key of the submission (a double submit or a retry gives one result).
const encoder = new TextEncoder();

async function hmac(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(data)));
  return btoa(String.fromCharCode(...signature)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function issueFormToken(secret: string, now: number): Promise<string> {
  const nonce = crypto.randomUUID().replace(/-/g, '');
  const payload = `${now}.${nonce}`;
  return `${payload}.${await hmac(secret, payload)}`;
}

export type TokenCheck = { ok: true; issuedAt: number } | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'too-fast' };

/** Constant-time comparison of two strings of the same alphabet. */
export function safeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

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
