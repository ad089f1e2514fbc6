// Team accounts: passwords hashed with PBKDF2-SHA-256 through Web Crypto (the same code in Node
// and in workerd), session tokens of 256 random bits of which only a SHA-256 is stored, one CSRF
// token per session. Pure module: no node:* import.

const encoder = new TextEncoder();
/**
 * Iterations: workerd refuses PBKDF2 above 100 000 iterations, so both runtimes use 100 000
 * (OWASP's 2023 advice for PBKDF2-HMAC-SHA256 is 600 000; the lockout after repeated failures
 * and the per-address limit on sign-ins make up for part of the difference).
 */
export const PBKDF2_ITERATIONS = 100_000;

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unb64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password.normalize('NFKC')), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
}

/** `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${b64(salt)}$${b64(await derive(password, salt, PBKDF2_ITERATIONS))}`;
}

/** Constant-time check of a password against a stored hash; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = /^pbkdf2-sha256\$(\d+)\$([\w-]+)\$([\w-]+)$/.exec(stored);
  if (!m) return false;
  const expected = unb64(m[3]!);
  const got = await derive(password, unb64(m[2]!), Number(m[1]));
  let diff = expected.length ^ got.length;
  for (let i = 0; i < Math.max(expected.length, got.length); i++) diff |= (expected[i] ?? 0) ^ (got[i] ?? 0);
  return diff === 0;
}

/** What a password must be: the CLI and the console refuse weaker ones, saying why. */
export function passwordProblem(password: string, email = ''): string | null {
  if (password.length < 12) return 'Le mot de passe doit compter au moins 12 caractères.';
  if (password.length > 200) return 'Le mot de passe ne doit pas dépasser 200 caractères.';
  if (email && password.toLowerCase().includes(email.split('@')[0]!.toLowerCase())) return 'Le mot de passe ne doit pas contenir votre adresse e-mail.';
  if (new Set(password).size < 6) return 'Le mot de passe est trop répétitif.';
  return null;
}

export function randomToken(bytes = 32): string {
  return b64(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function sha256(text: string): Promise<string> {
  return b64(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

export const ROLES = ['admin', 'sales'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = { admin: 'Administration', sales: 'Équipe commerciale' };

/** What each role may do: sales neither erase personal data nor manage accounts. */
export function can(role: Role, action: 'erase' | 'manage-users' | 'read-audit' | 'work'): boolean {
  if (action === 'work') return true;
  return role === 'admin';
}
