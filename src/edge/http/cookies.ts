// Request cookies, read tolerantly: a malformed pair or %-escape (`x=%`) is skipped, never thrown,
// so that a broken cookie set by anything on the domain cannot turn every page into an error.
export function parseCookies(header: string | undefined | null): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    let value = part.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      continue;
    }
    // The first occurrence wins (the most specific path, as browsers send them).
    if (name && !(name in out)) out[name] = value;
  }
  return out;
}

/** A Set-Cookie header value: first-party, Secure, SameSite=Lax unless told otherwise. */
export function setCookie(name: string, value: string, options: { maxAge: number; httpOnly?: boolean; sameSite?: 'Lax' | 'Strict'; path?: string }): string {
  return `${name}=${value}; Path=${options.path ?? '/'}; Max-Age=${options.maxAge}; SameSite=${options.sameSite ?? 'Lax'}; Secure${options.httpOnly ? '; HttpOnly' : ''}`;
}
