// Lead capture as one function of its input and its injected dependencies: every rule of a form
// submission after the HTTP layer (content type, body size, origin) lives here, in this order,
// and each check runs before any write:
//   honeypot → form token (signature, age, fill time) → per-address-of-client limit → validation →
//   per-e-mail limit → idempotency → what the submission may change (src/marketing/lead-merge.ts) →
//   one atomic write → automation triggers → anonymous A/B conversion.
// The double opt-in confirmation (confirmSubmission) applies what an unproven submission asked for.
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

const DAY = 86_400_000;
/** How long a confirmation link stays valid, and the least time between two of them for one lead. */
export const CONFIRMATION_DAYS = 7;
const CONFIRMATION_RESEND_MS = DAY;

export interface CaptureDeps {
  store: Store;
  automation?: Automation;
  marketing: Marketing;
  limits: Limits;
  formSecret: string;
  knownTrainings: ReadonlySet<string>;
  knownWebinars: ReadonlySet<string>;
}

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
  | { status: 'duplicate'; kind: string }
  | {
      status: 'stored';
      kind: string;
      leadId: string;
      /** Set the identification cookie (tracking consent and the banner's cookies, owner proven or first sign-up). */
      identify: 'first' | 'proven' | null;
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

  const parsed = parseLead(values, { knownTrainings: deps.knownTrainings, knownWebinars: deps.knownWebinars, now });
  if (!parsed.ok) return { status: 'invalid', errors: parsed.errors };
  const lead = parsed.lead;
  const hash = await emailHash(lead.email);
  const emailLimit = await store.rateLimit(`email:${hash}`, limits.perEmail.limit, limits.perEmail.windowSeconds, nowSeconds);
  if (!emailLimit.allowed) return { status: 'rate-email', retryAfter: emailLimit.retryAfter };

  const idempotencyKey = values.formToken!;
  if (await store.findEventByIdempotencyKey(idempotencyKey)) return { status: 'duplicate', kind: lead.kind };

  const existing = await store.findLeadByEmail(lead.email);
  const suppressed = await store.isSuppressed(hash);
  const verified = Boolean(existing && input.provenLeadId === existing.id);
  const submitted = Object.fromEntries(PROFILE_FIELDS.filter((f) => lead[f] !== undefined).map((f) => [f, lead[f]])) as Partial<Profile> & { firstName: string };
  const merge = mergeSubmission({
    existing: existing ? { ...toProfile(existing), marketing: existing.consentMarketing, tracking: Boolean(existing.consentTracking) } : null,
    submitted,
    asked: { marketing: lead.consentMarketing, tracking: lead.consentTracking, lists: lead.kind === 'newsletter' ? ['newsletter'] : [] },
    verified,
    suppressed,
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
  // The score of the forms only; a returning lead's e-mail and site engagement are added back by rescore().
  const kinds = [...(existing ? await store.eventKinds(existing.id) : []), lead.kind];
  const score = scoreLead(profile, kinds.filter((k) => k === 'guide').map(() => ({ type: 'guide-download' })), deps.marketing.leadScoring, now);
  const segment = segmentOf(profile, deps.marketing.segments, now);

  // Consent proofs: what was granted now (with how it was proved), and a refusal at a first sign-up.
  const consents: ConsentProof[] = [];
  const proofRow = (purpose: string, granted: boolean, textVersion: string, text: string): ConsentProof => ({
    purpose, granted, textVersion, text, form: lead.kind, page: lead.landingPage ?? null, proof: merge.proof,
  });
  if (!existing && !suppressed) {
    consents.push(proofRow('marketing-email', lead.consentMarketing, CONSENT_TEXT_VERSION, CONSENT_TEXT));
    consents.push(proofRow('engagement-tracking', lead.consentTracking, TRACKING_TEXT_VERSION, TRACKING_TEXT));
  } else if (verified) {
    if (lead.consentMarketing && (!existing!.consentMarketing || suppressed)) consents.push(proofRow('marketing-email', true, CONSENT_TEXT_VERSION, CONSENT_TEXT));
    if (lead.consentTracking && !existing!.consentTracking) consents.push(proofRow('engagement-tracking', true, TRACKING_TEXT_VERSION, TRACKING_TEXT));
  }

  // One confirmation e-mail a day per lead at most: a second request in the meantime rides on the
  // link already sent (its page shows what it confirms), so nobody can flood an inbox.
  let confirmation: { id: string; payload: Record<string, unknown>; expiresAt: string } | undefined;
  if (merge.pending) {
    const last = existing ? await store.latestConfirmation(existing.id) : null;
    const recent = last && !last.confirmedAt && now.getTime() - new Date(last.createdAt).getTime() < CONFIRMATION_RESEND_MS;
    if (!recent) {
      confirmation = {
        id: crypto.randomUUID(),
        payload: { ...merge.pending, form: lead.kind, page: lead.landingPage ?? null, training: lead.training ?? null, webinar: lead.webinar ?? null },
        expiresAt: new Date(now.getTime() + CONFIRMATION_DAYS * DAY).toISOString(),
      };
    }
  }

  const saved = await store.saveSubmission({
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
      attribution: attributionOf(lead),
      idempotencyKey,
      submitted,
      verified,
    },
    consents,
    liftSuppressionHash: merge.liftSuppression ? hash : undefined,
    confirmation,
    now: now.toISOString(),
  });
  if (saved.duplicate) return { status: 'duplicate', kind: lead.kind };

  if (deps.automation) {
    // The lead is stored whatever happens here; a scheduling error is logged, not shown.
    await deps.automation.onSubmission(saved.leadId, lead.kind, now, saved.eventId).catch((error) => console.error('automation:', error));
    if (confirmation) await deps.automation.requestConfirmation(saved.leadId, confirmation.id, now).catch((error) => console.error('automation:', error));
    // The score above counts the forms only: add back the e-mail and site engagement of a returning lead.
    await deps.automation.rescore(saved.leadId, now).catch((error) => console.error('automation:', error));
  }

  // Anonymous A/B conversion: the visitor converts once in each experiment they were exposed to.
  if (input.abUnit && input.bannerAccepted) {
    const day = now.toISOString().slice(0, 10);
    for (const experiment of runningWebExperiments(deps.marketing.experiments as unknown as WebExperiment[])) await store.convertUnit(experiment.key, input.abUnit, day);
  }

  const tracking = merge.consents.tracking && input.bannerAccepted;
  const identify = !tracking ? null : verified ? 'proven' : !existing && !suppressed ? 'first' : null;
  return { status: 'stored', kind: lead.kind, leadId: saved.leadId, identify, confirmationSent: Boolean(confirmation) };
}

function attributionOf(lead: Lead): Record<string, string> {
  return Object.fromEntries(
    (['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'gclid', 'ref', 'referrer', 'landingPage'] as const)
      .filter((k) => lead[k])
      .map((k) => [k, String(lead[k])]),
  );
}

// ---------------------------------------------------------------------------------------------
// Double opt-in
// ---------------------------------------------------------------------------------------------

export type ConfirmationView =
  | { status: 'unknown' | 'expired' | 'done' }
  | { status: 'open'; leadId: string; email: string; pending: PendingChanges & { form?: string } };

/** What a confirmation link would confirm, for the page the link opens (GET: nothing changes). */
export async function viewConfirmation(store: Store, confirmationId: string, now: Date): Promise<ConfirmationView> {
  const c = await store.findConfirmation(confirmationId);
  if (!c) return { status: 'unknown' };
  if (c.confirmedAt) return { status: 'done' };
  if (c.expiresAt <= now.toISOString()) return { status: 'expired' };
  const lead = await store.findLeadById(c.leadId);
  if (!lead) return { status: 'unknown' };
  return { status: 'open', leadId: lead.id, email: lead.email, pending: c.payload as unknown as PendingChanges & { form?: string } };
}

/**
 * The owner confirmed (POST on the link e-mailed to the address): the changes apply, the consents
 * are recorded with the double opt-in as proof, the suppression is lifted if they asked for
 * e-mails again, and the workflows that needed the consent start. Applies once.
 */
export async function confirmSubmission(deps: Pick<CaptureDeps, 'store' | 'automation'>, confirmationId: string, now: Date): Promise<{ ok: boolean; leadId?: string; tracking?: boolean }> {
  const view = await viewConfirmation(deps.store, confirmationId, now);
  if (view.status !== 'open') return { ok: false };
  const { pending } = view;
  const c = (await deps.store.findConfirmation(confirmationId))!;
  const lead = (await deps.store.findLeadById(view.leadId))!;
  const form = String(c.payload.form ?? 'confirmation');
  const page = (c.payload.page as string | null) ?? null;
  const consents: ConsentProof[] = [];
  const proof = `double-opt-in (lien envoyé le ${c.createdAt.slice(0, 10)})`;
  if (pending.consentMarketing) consents.push({ purpose: 'marketing-email', granted: true, textVersion: CONSENT_TEXT_VERSION, text: CONSENT_TEXT, form, page, proof });
  if (pending.consentTracking) consents.push({ purpose: 'engagement-tracking', granted: true, textVersion: TRACKING_TEXT_VERSION, text: TRACKING_TEXT, form, page, proof });
  for (const list of pending.lists ?? []) consents.push({ purpose: `list:${list}`, granted: true, textVersion: CONSENT_TEXT_VERSION, text: CONSENT_TEXT, form, page, proof });
  const applied = await deps.store.confirm({
    id: confirmationId,
    lead: {
      id: lead.id,
      ...(pending.fields ?? {}),
      ...(pending.consentMarketing ? { consentMarketing: true } : {}),
      ...(pending.consentTracking ? { consentTracking: true } : {}),
    },
    consents,
    liftSuppressionHash: pending.resubscribe || pending.consentMarketing || (pending.lists ?? []).length ? await emailHash(normalizeEmail(lead.email)) : undefined,
    now: now.toISOString(),
  });
  if (!applied) return { ok: false };
  if (deps.automation) {
    // The workflows of the request that needed the consent start now (their triggers are idempotent).
    if (pending.consentMarketing && form === 'guide') await deps.automation.trigger(lead.id, 'guide-download', now).catch((error) => console.error('automation:', error));
    await deps.automation.rescore(lead.id, now).catch((error) => console.error('automation:', error));
  }
  return { ok: true, leadId: lead.id, tracking: Boolean(pending.consentTracking || lead.consentTracking) };
}
