// What a form submission may change on a lead that already exists. A submission proves nothing
// about who owns an address: anyone can type alice@example.fr. So, unless the submitter has
// proved they read that mailbox (a link of an e-mail we sent there, or the double opt-in link),
// a submission for a known address only fills what the lead lacks; every other change (a new
// first name, a consent, lifting an unsubscribe or an erasure) waits for the owner's
// confirmation through a link e-mailed to that address.
//
// Pure module: no node:*, Astro or DOM import.

export const PROFILE_FIELDS = ['firstName', 'lastName', 'phone', 'situation', 'ageBracket', 'birthYear', 'region', 'company', 'companySize'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type Profile = { [K in ProfileField]: K extends 'birthYear' ? number | null : K extends 'firstName' ? string : string | null };

export interface Consents {
  marketing: boolean;
  tracking: boolean;
}

/** Changes that need the owner's confirmation (double opt-in). */
export interface PendingChanges {
  fields: Partial<Profile>;
  consentMarketing: boolean;
  consentTracking: boolean;
  /** The address is on the suppression list (unsubscribed or erased) and asked to receive e-mails again. */
  resubscribe: boolean;
  /** Lists asked for (the newsletter always needs a confirmation). */
  lists: string[];
}

export interface MergeInput {
  existing: (Profile & Consents) | null;
  submitted: Partial<Profile> & { firstName: string };
  asked: Consents & { lists?: string[] };
  /** The submitter proved they own the mailbox (a signed, proven identification). */
  verified: boolean;
  /** The address is on the suppression list. */
  suppressed: boolean;
}

/**
 * How the submission is written: `new` (a first-time address, stored as given), `verified` (the
 * proven owner: changes apply), `known` (an address already known, unproven: only gaps are
 * filled), `erased` (an address on the suppression list with no lead: a hidden, inert lead that
 * only the owner's confirmation turns into a real one).
 */
export type MergeMode = 'new' | 'verified' | 'known' | 'erased';

export interface MergeResult {
  mode: MergeMode;
  /** The submission is the owner's: the automation acts on it. */
  trusted: boolean;
  /** The lead as it is stored now. */
  profile: Profile;
  consents: Consents;
  /** Proof recorded with a consent granted now: a first sign-up, or a proven owner. */
  proof: 'formulaire' | 'lien-verifie' | null;
  /** The suppression of this address is lifted now (a proven owner asked for e-mails again). */
  liftSuppression: boolean;
  /** Changes kept for the owner's confirmation; null when there is nothing to confirm. */
  pending: PendingChanges | null;
}

const empty = (v: unknown) => v === null || v === undefined || v === '';

export function mergeSubmission({ existing, submitted, asked, verified, suppressed }: MergeInput): MergeResult {
  const lists = asked.lists ?? [];
  // A first-time address, not suppressed: stored as given (single opt-in proof: the form).
  // Lists (newsletter) always go through the confirmation.
  if (!existing && !suppressed) {
    const profile = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, submitted[f] ?? null])) as Profile;
    const pending = lists.length ? { fields: {}, consentMarketing: false, consentTracking: false, resubscribe: false, lists } : null;
    return { mode: 'new', trusted: true, profile, consents: { marketing: asked.marketing, tracking: asked.tracking }, proof: asked.marketing || asked.tracking ? 'formulaire' : null, liftSuppression: false, pending };
  }
  const base: Profile & Consents = existing ?? {
    ...(Object.fromEntries(PROFILE_FIELDS.map((f) => [f, null])) as unknown as Profile),
    firstName: submitted.firstName,
    marketing: false,
    tracking: false,
  };
  const profile = { ...base } as Profile & Partial<Consents>;
  delete profile.marketing;
  delete profile.tracking;
  const changed: Partial<Profile> = {};
  for (const field of PROFILE_FIELDS) {
    const value = submitted[field];
    if (empty(value)) continue;
    if (empty(base[field])) (profile as Record<string, unknown>)[field] = value;
    else if (value !== base[field]) (changed as Record<string, unknown>)[field] = value;
  }
  if (verified) {
    Object.assign(profile, changed);
    // A new "no" never withdraws an earlier "yes": withdrawal is the unsubscribe link.
    const consents = { marketing: base.marketing || asked.marketing, tracking: base.tracking || asked.tracking };
    const granted = (asked.marketing && !base.marketing) || (asked.tracking && !base.tracking);
    const pending = lists.length ? { fields: {}, consentMarketing: false, consentTracking: false, resubscribe: false, lists } : null;
    return { mode: 'verified', trusted: true, profile: profile as Profile, consents, proof: granted ? 'lien-verifie' : null, liftSuppression: suppressed && asked.marketing, pending };
  }
  const pending: PendingChanges = {
    fields: changed,
    consentMarketing: asked.marketing && (!base.marketing || suppressed),
    consentTracking: asked.tracking && !base.tracking,
    resubscribe: suppressed && asked.marketing,
    lists,
  };
  // Different details alone send nothing (they stay in the submission's event, for the advisers);
  // they ride along when the owner is asked to confirm a consent. A request for an erased
  // address always waits for the owner (the lead stays hidden until then).
  const erased = !existing;
  const needed = erased || pending.consentMarketing || pending.consentTracking || pending.resubscribe || pending.lists.length > 0;
  return {
    mode: erased ? 'erased' : 'known',
    trusted: false,
    profile: profile as Profile,
    consents: { marketing: base.marketing, tracking: base.tracking },
    proof: null,
    liftSuppression: false,
    pending: needed ? pending : null,
  };
}
