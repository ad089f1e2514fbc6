// Signatures and hashes shared by the edge and the automation engine (Web Crypto, so they run in
// Node and in workerd): HMAC-SHA-256 in base64url, constant-time comparison, signed lead ids
// (unsubscribe links, identification cookie) and the address hash of the suppression list.
const encoder = new TextEncoder();

export async function hmac(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(data)));
  return btoa(String.fromCharCode(...signature)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Constant-time comparison of two strings of the same alphabet. */
export function safeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

/** `<lead id>.<signature>`; the purpose ('unsubscribe', 'identify') is signed too, so tokens do not cross. */
export async function signLead(secret: string, purpose: string, leadId: string): Promise<string> {
  return `${leadId}.${(await hmac(secret, `${purpose}:${leadId}`)).slice(0, 32)}`;
}

/** The lead id of a valid token for this purpose, or null. */
export async function verifyLead(secret: string, purpose: string, token: string | undefined): Promise<string | null> {
  const m = /^([0-9a-f-]{36})\.([\w-]{32})$/.exec(token ?? '');
  if (!m) return null;
  return safeEqual(m[2]!, (await hmac(secret, `${purpose}:${m[1]}`)).slice(0, 32)) ? m[1]! : null;
}

/** SHA-256 of the normalised address: the suppression list and the per-address rate limit. */
export async function emailHash(email: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`mecaformation:${email.trim().toLowerCase()}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
