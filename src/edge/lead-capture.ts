// Lead capture as one function of its input and its injected dependencies: every rule of a form
// submission after the HTTP layer (content type, body size, origin) lives here, in this order,
// and each check runs before any write:
//   honeypot → form token (signature, age, fill time) → per-address-of-client limit → validation →
//   per-e-mail limit → referral code (an active partner's, not the sender's own) → idempotency →
//   what the submission may change (src/marketing/lead-merge.ts) and the lead's first and last
//   non-direct touch (src/marketing/attribution.ts) → one atomic write → the referral code on the
//   lead (the first valid one wins) → automation triggers → anonymous A/B conversion.
// The double opt-in confirmation (confirmSubmission) applies what an unproven submission asked for.
import { ATTRIBUTION_FIELDS } from '../marketing/lead-forms';
import type { ConsentProof, LeadRecord, Store } from './store/types';
import type { Automation } from '../automation/engine';
import type { Marketing } from '../marketing/config';
import type { Limits } from './limits';
import { normalizeEmail, parseLead, type Lead } from '../marketing/lead-forms';
import { mergeSubmission, PROFILE_FIELDS, type PendingChanges, type Profile } from '../marketing/lead-merge';
import { scoreLead } from '../marketing/scoring';
import { segmentOf } from '../marketing/segments';
import { checkFormToken } from './form-token';
import { emailHash } from './signing';
import { CONSENT_TEXT, CONSENT_TEXT_VERSION, TRACKING_TEXT, TRACKING_TEXT_VERSION } from './consent-text';
import { runningWebExperiments, type WebExperiment } from './experiments';
import { isSelfReferral } from '../marketing/referral-code';
import type { PartnerStore } from '../partners/store';
import { mergeTouches, touchOf } from '../marketing/attribution';

const DAY = 86_400_000;
/** How long a confirmation link stays valid; it is e-mailed again at most once an hour, three times a day. */
export const CONFIRMATION_DAYS = 7;
const CONFIRMATION_RESEND_MS = 3_600_000;
const CONFIRMATION_MAX_SENDS_PER_DAY = 3;

export interface CaptureIdentity {
  leadId: string;
  level: 'first' | 'proven';
}

export interface CaptureDeps {
  store: Store;
  automation?: Automation;
  marketing: Marketing;
  limits: Limits;
  formSecret: string;
  knownTrainings: ReadonlySet<string>;
  knownWebinars: ReadonlySet<string>;
  /** The partners' codes (the « Code de parrainage » field is checked and kept on the lead). */
  referrals?: Pick<PartnerStore, 'findByCode' | 'attachReferral'> | null;
  /** Hosts of this site: a referrer on one of them is not a source (organization.yaml siteUrl is one too). */
  siteHosts?: readonly string[];
}

/** What the visitor is told about the « Code de parrainage » field (422, next to the field). */
export const REFERRAL_UNKNOWN = 'Ce code de parrainage n’existe pas ou n’est plus actif\u202f: vérifiez-le auprès de la personne qui vous l’a donné, ou videz le champ pour envoyer votre demande sans code.';
export const REFERRAL_SELF = 'Ce code ne peut pas s’appliquer\u202f: il appartient à la personne qui fait la demande (même adresse e-mail ou même téléphone), et l’on ne peut pas se parrainer soi-même. Videz le champ pour envoyer votre demande.';

export interface CaptureInput {
  /** The form's fields, as strings. */
  values: Record<string, string>;
  now: Date;
  /** Rate-limit bucket of the client's address (src/edge/http/client-address.ts). */
  clientBucket: string;
  /** Lead id of a proven identification cookie (the sender clicked a link sent to that mailbox). */
  provenLeadId: string | null;
  /** The banner's cookies were accepted (identification and A/B need it). */
  bannerAccepted: boolean;
  /** Hashed A/B unit of this visitor, when the edge issued its id and the banner was accepted. */
  abUnit: string | null;
}

export type CaptureOutcome =
  | { status: 'honeypot' }
  | { status: 'token'; reason: 'missing' | 'invalid' | 'expired' }
  | { status: 'too-fast'; retryAfter: number }
  | { status: 'rate-ip'; retryAfter: number }
  | { status: 'invalid'; errors: Record<string, string> }
  | { status: 'rate-email'; retryAfter: number }
  | { status: 'duplicate'; kind: string; marketing: boolean }
  | { status: 'token-reused' }
  /** A profile follow-up for an address with no (visible) lead: nothing to complete, nothing stored. */
  | { status: 'ignored'; kind: string }
  | {
      status: 'stored';
      kind: string;
      /** The marketing box was ticked (what the thank-you page tells; not whether it applied yet). */
      marketing: boolean;
      /** A webinar registration's outcome: a seat or the waiting list. */
      webinar?: 'registered' | 'waitlisted' | 'closed' | 'unknown';
      leadId: string;
      /** The identification cookie to set (tracking consent and the banner's cookies), or null. */
      identify: CaptureIdentity | null;
      /** A confirmation link was e-mailed (something waits for the owner). */
      confirmationSent: boolean;
    };

function toProfile(lead: LeadRecord): Profile {
  return Object.fromEntries(PROFILE_FIELDS.map((f) => [f, lead[f] ?? null])) as Profile;
}

export async function captureLead(deps: CaptureDeps, input: CaptureInput): Promise<CaptureOutcome> {
  const { store, limits } = deps;
  const { values, now } = input;
  // Honeypot: a robot filled the hidden field. It is told "thank you" and nothing is stored.
  if (values.website) return { status: 'honeypot' };

  const token = await checkFormToken(values.formToken, deps.formSecret, now.getTime(), { minFillMs: limits.minFillMs, maxAgeMs: limits.tokenMaxAgeMs });
  if (!token.ok && token.reason === 'too-fast') return { status: 'too-fast', retryAfter: Math.ceil(limits.minFillMs / 1000) };
  if (!token.ok) return { status: 'token', reason: token.reason as 'missing' | 'invalid' | 'expired' };

  const nowSeconds = Math.floor(now.getTime() / 1000);
  const ipLimit = await store.rateLimit(`ip:${input.clientBucket}`, limits.perIp.limit, limits.perIp.windowSeconds, nowSeconds);
  if (!ipLimit.allowed) return { status: 'rate-ip', retryAfter: ipLimit.retryAfter };

  const parsed = parseLead(values, { knownTrainings: deps.knownTrainings, knownWebinars: deps.knownWebinars, knownProgrammes: new Set(deps.marketing.affiliates.map((a) => a.key)), now });
  if (!parsed.ok) return { status: 'invalid', errors: parsed.errors };
  const lead = parsed.lead;
  const hash = await emailHash(lead.email);
  const emailLimit = await store.rateLimit(`email:${hash}`, limits.perEmail.limit, limits.perEmail.windowSeconds, nowSeconds);
  if (!emailLimit.allowed) return { status: 'rate-email', retryAfter: emailLimit.retryAfter };

  // A typed or pre-filled code must be an active partner's, and not the sender's own: else the
  // visitor is told next to the field (a typo is worth fixing), and nothing is stored.
  if (lead.ref && deps.referrals) {
    const partner = await deps.referrals.findByCode(lead.ref);
    if (!partner || partner.disabledAt) return { status: 'invalid', errors: { ref: REFERRAL_UNKNOWN } };
    if (isSelfReferral(partner, lead)) return { status: 'invalid', errors: { ref: REFERRAL_SELF } };
  }

  // The form token is the idempotency key: the same content again is a double submit (same
  // answer); other content with a used token is refused, never acknowledged and dropped.
  const idempotencyKey = values.formToken!;
  const contentHash = await digest(JSON.stringify(Object.entries(lead).filter(([k]) => k !== 'formToken').sort()));
  const seen = await store.findEventByIdempotencyKey(idempotencyKey);
  if (seen) return seen.contentHash === contentHash ? { status: 'duplicate', kind: lead.kind, marketing: lead.consentMarketing } : { status: 'token-reused' };

  const existing = await store.findLeadByEmail(lead.email);
  // Progressive profiling: the follow-up form only completes a lead that exists. For any other
  // address it stores nothing, with the same answer (which never tells whether an address is known).
  if (lead.kind === 'profile' && (!existing || existing.pending)) return { status: 'ignored', kind: lead.kind };
  const suppressed = await store.isSuppressed(hash);
  const verified = Boolean(existing && !existing.pending && input.provenLeadId === existing.id);
  // (A profile follow-up has no first name: it never creates a lead, so the merge never needs one.)
  const submitted = Object.fromEntries(PROFILE_FIELDS.filter((f) => lead[f] !== undefined).map((f) => [f, lead[f]])) as Partial<Profile> & { firstName: string };
  const merge = mergeSubmission({
    existing: existing ? { ...toProfile(existing), marketing: existing.consentMarketing, tracking: Boolean(existing.consentTracking) } : null,
    submitted,
    asked: { marketing: lead.consentMarketing, tracking: lead.consentTracking, lists: lead.kind === 'newsletter' ? ['newsletter'] : [] },
    verified,
    suppressed: suppressed || Boolean(existing?.pending),
  });

  const createdAt = existing?.createdAt ?? now.toISOString();
  const profile = {
    kind: lead.kind,
    ageBracket: merge.profile.ageBracket ?? undefined,
    birthYear: merge.profile.birthYear ?? undefined,
    situation: merge.profile.situation ?? undefined,
    region: merge.profile.region ?? undefined,
    companySize: merge.profile.companySize ?? undefined,
    createdAt: new Date(createdAt),
    lastOpenAt: undefined,
  } as Parameters<typeof scoreLead>[0];
  // The score of a new lead's form; a known lead is rescored by the automation from its trusted events.
  const score = scoreLead(profile, lead.kind === 'guide' ? [{ type: 'guide-download' }] : [], deps.marketing.leadScoring, now);
  const segment = segmentOf(profile, deps.marketing.segments, now);

  // Consent proofs: what was granted now (with how it was proved), and a refusal at a first sign-up.
  // The store writes them only if the submission turns out trusted (a concurrent first sign-up may win).
  const consents: ConsentProof[] = [];
  const proofRow = (purpose: string, granted: boolean, textVersion: string, text: string): ConsentProof => ({
    purpose, granted, textVersion, text, form: lead.kind, page: lead.landingPage ?? null, proof: merge.proof,
  });
  if (merge.mode === 'new') {
    consents.push(proofRow('marketing-email', lead.consentMarketing, CONSENT_TEXT_VERSION, CONSENT_TEXT));
    consents.push(proofRow('engagement-tracking', lead.consentTracking, TRACKING_TEXT_VERSION, TRACKING_TEXT));
  } else if (merge.mode === 'verified') {
    if (lead.consentMarketing && (!existing!.consentMarketing || suppressed)) consents.push(proofRow('marketing-email', true, CONSENT_TEXT_VERSION, CONSENT_TEXT));
    if (lead.consentTracking && !existing!.consentTracking) consents.push(proofRow('engagement-tracking', true, TRACKING_TEXT_VERSION, TRACKING_TEXT));
  }

  // Where the lead came from: its first touch stays, its last non-direct one follows a new source.
  const attribution = attributionOf(lead);
  const incoming = touchOf(attribution, now.toISOString(), [...(deps.siteHosts ?? []), hostOfSite(deps.marketing.organization.siteUrl)]);
  const current = { first: existing?.firstTouch ?? null, last: existing?.lastTouch ?? null };
  const touches = mergeTouches(current, incoming);

  const saved = await store.saveSubmission({
    mode: merge.mode,
    lead: {
      id: existing?.id ?? crypto.randomUUID(),
      email: lead.email,
      ...merge.profile,
      segment,
      score: score.score,
      temperature: score.temperature,
      consentMarketing: merge.consents.marketing,
      consentTracking: merge.consents.tracking,
      createdAt,
      updatedAt: now.toISOString(),
    },
    event: {
      kind: lead.kind,
      training: lead.training ?? null,
      webinar: lead.webinar ?? null,
      message: lead.message ?? null,
      attribution,
      idempotencyKey,
      // What the request said, for the advisers: the profile fields, when to call back, and the
      // programme a partner applies to.
      submitted: { ...submitted, ...(lead.preferredTime ? { preferredTime: lead.preferredTime } : {}), ...(lead.programme ? { programme: lead.programme } : {}) },
      contentHash,
    },
    consents,
    touches: { first: touches.first, last: touches.last !== current.last ? touches.last : null },
    liftSuppressionHash: merge.liftSuppression ? hash : undefined,
    confirmation: merge.pending
      ? {
          id: crypto.randomUUID(),
          request: { ...merge.pending, form: lead.kind, page: lead.landingPage ?? null, training: lead.training ?? null, webinar: lead.webinar ?? null },
          expiresAt: new Date(now.getTime() + CONFIRMATION_DAYS * DAY).toISOString(),
          resendAfter: new Date(now.getTime() - CONFIRMATION_RESEND_MS).toISOString(),
          windowStart: new Date(now.getTime() - DAY).toISOString(),
          maxSends: CONFIRMATION_MAX_SENDS_PER_DAY,
        }
      : undefined,
    now: now.toISOString(),
  });
  if (saved.duplicate) {
    const again = await store.findEventByIdempotencyKey(idempotencyKey);
    return again?.contentHash === contentHash ? { status: 'duplicate', kind: lead.kind, marketing: lead.consentMarketing } : { status: 'token-reused' };
  }

  // The lead keeps the first valid code it came with; a later, different one never replaces it.
  if (lead.ref && deps.referrals && merge.mode !== 'erased') {
    await deps.referrals.attachReferral(saved.leadId, lead.ref, now.toISOString()).catch((error) => console.error('referral:', error));
  }

  let webinar: 'registered' | 'waitlisted' | 'closed' | 'unknown' | undefined;
  if (deps.automation) {
    // The lead is stored whatever happens here; a scheduling error is logged, not shown. A request
    // for an erased address does nothing until its owner confirms; an unproven one for a known
    // address gets what it asked for (sent to the address) but starts no marketing.
    if (merge.mode !== 'erased') {
      const triggered = await deps.automation
        .onSubmission(saved.leadId, lead.kind, now, saved.eventId, { webinar: lead.webinar, trusted: Boolean(saved.trusted) })
        .catch((error) => {
          console.error('automation:', error);
          return null;
        });
      webinar = triggered?.webinar?.status;
    }
    if (saved.confirmation?.send) {
      await deps.automation.requestConfirmation(saved.leadId, saved.confirmation.id, saved.confirmation.send, now).catch((error) => console.error('automation:', error));
    }
    await deps.automation.rescore(saved.leadId, now).catch((error) => console.error('automation:', error));
  }

  // Anonymous A/B conversion: the visitor converts once in each experiment they were exposed to.
  if (input.abUnit && input.bannerAccepted) {
    const day = now.toISOString().slice(0, 10);
    for (const experiment of runningWebExperiments(deps.marketing.experiments as unknown as WebExperiment[])) await store.convertUnit(experiment.key, input.abUnit, day);
  }

  // The identification cookie: the real one for a trusted first sign-up or a proven owner; for any
  // other address with the same boxes, an inert one that refers to no lead, so that the answer
  // never tells whether an address was known.
  const asked = lead.consentTracking && input.bannerAccepted;
  const identify: CaptureIdentity | null = !asked
    ? null
    : saved.trusted && merge.consents.tracking
      ? { leadId: saved.leadId, level: verified ? 'proven' : 'first' }
      : { leadId: crypto.randomUUID(), level: 'first' };
  return { status: 'stored', kind: lead.kind, marketing: lead.consentMarketing, webinar, leadId: saved.leadId, identify, confirmationSent: Boolean(saved.confirmation?.send) };
}

function hostOfSite(siteUrl: string): string {
  try {
    return new URL(siteUrl).hostname;
  } catch {
    return '';
  }
}

/** SHA-256 (hex) of a text. */
async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function attributionOf(lead: Lead): Record<string, string> {
  return Object.fromEntries(
    ATTRIBUTION_FIELDS
      .filter((k) => lead[k])
      .map((k) => [k, String(lead[k])]),
  );
}

// ---------------------------------------------------------------------------------------------
// Double opt-in
// ---------------------------------------------------------------------------------------------

/** One request waiting in a confirmation (one submission). */
export type PendingRequest = PendingChanges & { form?: string; page?: string | null; training?: string | null; webinar?: string | null; eventId?: string; at?: string };

export type ConfirmationView =
  | { status: 'unknown' | 'expired' | 'done' }
  | { status: 'open'; leadId: string; email: string; requests: PendingRequest[] };

/** What a confirmation link would confirm, for the page the link opens (GET: nothing changes). */
export async function viewConfirmation(store: Store, confirmationId: string, now: Date): Promise<ConfirmationView> {
  const c = await store.findConfirmation(confirmationId);
  if (!c) return { status: 'unknown' };
  if (c.state === 'confirmed') return { status: 'done' };
  if (c.state === 'expired' || c.expiresAt <= now.toISOString()) return { status: 'expired' };
  const lead = await store.findLeadById(c.leadId);
  if (!lead) return { status: 'unknown' };
  return { status: 'open', leadId: lead.id, email: lead.email, requests: c.requests as unknown as PendingRequest[] };
}

/**
 * The owner confirmed (POST on the link e-mailed to the address) the requests they ticked: their
 * changes apply (the latest request wins for a field), their consents are recorded with the double
 * opt-in as proof, the suppression is lifted if they asked for e-mails again, their submissions
 * become the owner's, and what they asked for starts. Applies once.
 */
export async function confirmSubmission(
  deps: Pick<CaptureDeps, 'store' | 'automation'>,
  confirmationId: string,
  selected: number[],
  now: Date,
): Promise<{ ok: boolean; leadId?: string; tracking?: boolean }> {
  const view = await viewConfirmation(deps.store, confirmationId, now);
  if (view.status !== 'open') return { ok: false };
  const chosen = view.requests.filter((_, i) => selected.includes(i));
  const c = (await deps.store.findConfirmation(confirmationId))!;
  const lead = (await deps.store.findLeadById(view.leadId))!;
  const proof = `double-opt-in (lien envoyé le ${c.createdAt.slice(0, 10)})`;
  const consents: ConsentProof[] = [];
  const fields: Partial<Profile> = {};
  let marketing = false;
  let tracking = false;
  let resubscribe = false;
  const lists = new Set<string>();
  for (const r of chosen) {
    const form = String(r.form ?? 'confirmation');
    const page = r.page ?? null;
    Object.assign(fields, r.fields ?? {});
    if (r.consentMarketing && !marketing) consents.push({ purpose: 'marketing-email', granted: true, textVersion: CONSENT_TEXT_VERSION, text: CONSENT_TEXT, form, page, proof });
    if (r.consentTracking && !tracking) consents.push({ purpose: 'engagement-tracking', granted: true, textVersion: TRACKING_TEXT_VERSION, text: TRACKING_TEXT, form, page, proof });
    for (const list of r.lists ?? []) if (!lists.has(list)) consents.push({ purpose: `list:${list}`, granted: true, textVersion: CONSENT_TEXT_VERSION, text: CONSENT_TEXT, form, page, proof });
    marketing ||= Boolean(r.consentMarketing);
    tracking ||= Boolean(r.consentTracking);
    resubscribe ||= Boolean(r.resubscribe);
    for (const list of r.lists ?? []) lists.add(list);
  }
  const applied = await deps.store.confirm({
    id: confirmationId,
    claim: crypto.randomUUID(),
    lead: {
      id: lead.id,
      ...fields,
      ...(marketing ? { consentMarketing: true } : {}),
      ...(tracking ? { consentTracking: true } : {}),
      events: chosen.map((r) => r.eventId).filter((e): e is string => Boolean(e)),
    },
    consents,
    liftSuppressionHash: resubscribe || marketing || lists.size ? await emailHash(normalizeEmail(lead.email)) : undefined,
    lists: [...lists],
    now: now.toISOString(),
  });
  if (!applied) return { ok: false };
  if (deps.automation) {
    for (const r of chosen) {
      // A request of an erased address's hidden lead did nothing yet: it runs now, as the owner's.
      // A known lead's request already got what it asked for; what needed the consent starts now.
      if (lead.pending && r.form) await deps.automation.onSubmission(lead.id, r.form, now, r.eventId, { webinar: r.webinar ?? null, trusted: true }).catch((error) => console.error('automation:', error));
      else if (r.consentMarketing && r.form === 'guide') await deps.automation.trigger(lead.id, 'guide-download', now).catch((error) => console.error('automation:', error));
    }
    await deps.automation.rescore(lead.id, now).catch((error) => console.error('automation:', error));
  }
  return { ok: true, leadId: lead.id, tracking: tracking || Boolean(lead.consentTracking) };
}
