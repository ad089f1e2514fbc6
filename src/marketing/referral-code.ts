// Referral codes of the partners (ambassadors, garages, influencers): pure, tiny (it is bundled in
// the lead forms' script), Node, workerd and browser alike.
//
// A code is 8 characters written XXXX-XXXX from an alphabet of 27: digits 2–9 and the consonants
// but L (no vowel, so no word is spelled by chance; no 0/O, 1/I/L, U/V to mistake for one
// another). It is read case-insensitively, with or without the hyphen or spaces (« k7qm 4xpb » is
// K7QM-4XPB). 27^8 ≈ 2.8 × 10^11 codes: not guessable by trying.

export const REFERRAL_ALPHABET = '23456789BCDFGHJKMNPQRSTVWXZ';
export const REFERRAL_CODE_LENGTH = 8;
/** Shown in the forms' hint; never given to a partner (generateReferralCode skips it). */
export const REFERRAL_CODE_EXAMPLE = 'B7QM-4XPD';

const CANONICAL = new RegExp(`^[${REFERRAL_ALPHABET}]{4}-[${REFERRAL_ALPHABET}]{4}$`);

/** The canonical form « XXXX-XXXX » of a typed code, or null when it cannot be one. */
export function normalizeReferralCode(raw: string): string | null {
  if (raw.length > 40) return null;
  const bare = raw.toUpperCase().replace(/[\s-]/g, '');
  if (bare.length !== REFERRAL_CODE_LENGTH) return null;
  const code = `${bare.slice(0, 4)}-${bare.slice(4)}`;
  return CANONICAL.test(code) ? code : null;
}

export function isReferralCode(value: string): boolean {
  return CANONICAL.test(value);
}

/** A new random code (crypto.getRandomValues, rejection sampling: every character equally likely). */
export function generateReferralCode(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const out: string[] = [];
  const limit = 256 - (256 % REFERRAL_ALPHABET.length);
  for (;;) {
    while (out.length < REFERRAL_CODE_LENGTH) {
      for (const byte of random(16)) {
        if (byte < limit && out.length < REFERRAL_CODE_LENGTH) out.push(REFERRAL_ALPHABET[byte % REFERRAL_ALPHABET.length]!);
      }
    }
    const code = `${out.slice(0, 4).join('')}-${out.slice(4).join('')}`;
    if (code !== REFERRAL_CODE_EXAMPLE) return code;
    out.length = 0;
  }
}

/** The partner's link on the site: /parrainage/K7QM-4XPA/. */
export function referralPath(code: string): string {
  return `/parrainage/${code}/`;
}

/**
 * The key under which two e-mail addresses are the same mailbox, for the self-referral check:
 * lowercase, no « +tag » in the local part, and for Gmail no dots (x.y+z@gmail.com = xy@gmail.com).
 */
export function mailboxKey(email: string): string {
  const [local = '', domain = ''] = email.trim().toLowerCase().split(/@(?=[^@]*$)/);
  let name = local.replace(/\+.*$/, '');
  const host = domain === 'googlemail.com' ? 'gmail.com' : domain;
  if (host === 'gmail.com') name = name.replace(/\./g, '');
  return `${name}@${host}`;
}

/** The partner would be referring themselves: same mailbox, or same phone number (both E.164). */
export function isSelfReferral(partner: { email: string; phone: string | null }, person: { email: string; phone?: string | null }): boolean {
  if (mailboxKey(partner.email) === mailboxKey(person.email)) return true;
  return Boolean(partner.phone && person.phone && partner.phone === person.phone);
}
