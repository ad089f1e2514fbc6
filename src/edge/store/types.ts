// The Store port of the edge function. Two adapters implement the same SQL (sql-store.ts):
// node:sqlite for `npm start` (sqlite.ts) and Cloudflare D1 in production (d1.ts).
import type { Touch } from '../../marketing/attribution';

/** The few SQL operations the store needs, as both node:sqlite and D1 can provide them. */
export interface SqlDriver {
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs statements atomically: all or nothing. */
  batch(statements: { sql: string; params?: unknown[] }[]): Promise<{ changes: number }[]>;
  /** Applies migrations not yet applied (tracked in d1_migrations, as wrangler does). */
  migrate(migrations: { name: string; sql: string }[]): Promise<string[]>;
}

export interface LeadRecord {
  id: string;
  email: string;
  firstName: string;
  lastName: string | null;
  phone: string | null;
  situation: string | null;
  ageBracket: string | null;
  birthYear: number | null;
  region: string | null;
  company: string | null;
  companySize: string | null;
  segment: string | null;
  score: number;
  temperature: string;
  consentMarketing: boolean;
  /** Engagement tracking (open pixel, site beacon) accepted. */
  consentTracking?: boolean;
  /** Created by a request for an erased address: hidden and inert until its owner confirms. */
  pending?: boolean;
  /** The first submission's attribution, never overwritten (src/marketing/attribution.ts). */
  firstTouch?: Touch | null;
  /** The latest submission that named a source (utm_source, a Google Ads click id, another site), null while none did. */
  lastTouch?: Touch | null;
  createdAt: string;
  updatedAt: string;
}

export interface SubmissionEvent {
  kind: string;
  training: string | null;
  webinar: string | null;
  message: string | null;
  attribution: Record<string, string>;
  idempotencyKey: string | null;
  /** The profile fields as the form sent them (the lead row keeps what the owner confirmed). */
  submitted?: Record<string, unknown>;
  /** Hash of the submission's content (a form token reused with other content is refused). */
  contentHash?: string;
}

export interface ConsentProof {
  purpose: string;
  granted: boolean;
  textVersion: string;
  text: string;
  form: string;
  page: string | null;
  /** formulaire, lien-verifie, double-opt-in, desabonnement. */
  proof?: string | null;
}

export interface ConfirmationRecord {
  id: string;
  leadId: string;
  eventId: string | null;
  /** The requests waiting for the owner, one item per submission. */
  requests: Record<string, unknown>[];
  state: 'open' | 'confirmed' | 'expired';
  createdAt: string;
  expiresAt: string;
  confirmedAt: string | null;
}

export interface Store {
  findLeadByEmail(email: string): Promise<LeadRecord | null>;
  findLeadById(id: string): Promise<LeadRecord | null>;
  eventKinds(leadId: string): Promise<string[]>;
  /**
   * Writes a submission in one atomic batch, as `mode` says (src/marketing/lead-merge.ts): the lead
   * (inserted if new, only its gaps filled if known, replaced if verified), the event (trusted or
   * not), the consents (only when trusted), the suppression lifted (verified owner), and the
   * request added to the lead's open confirmation, with whether its link is e-mailed now.
   */
  saveSubmission(input: {
    mode: 'new' | 'verified' | 'known' | 'erased';
    lead: LeadRecord;
    event: SubmissionEvent;
    consents: ConsentProof[];
    /**
     * The lead's touches after this submission (src/marketing/attribution.ts mergeTouches):
     * `first` is written only where the lead has none; `last` replaces the lead's, null leaves it.
     */
    touches?: { first: Touch; last: Touch | null };
    liftSuppressionHash?: string;
    confirmation?: { id: string; request: Record<string, unknown>; expiresAt: string; resendAfter: string; windowStart: string; maxSends: number };
    now: string;
  }): Promise<{ leadId: string; duplicate: boolean; eventId?: string; trusted?: boolean; confirmation?: { id: string; send: number | null } }>;
  findEventByIdempotencyKey(key: string): Promise<{ leadId: string; contentHash: string | null } | null>;
  isSuppressed(emailHash: string): Promise<boolean>;
  findConfirmation(id: string): Promise<ConfirmationRecord | null>;
  /** Applies a confirmation once: false when it was already confirmed (or does not exist). */
  confirm(input: {
    id: string;
    /** A random claim: only the request that set it applies the consents. */
    claim: string;
    lead: Pick<LeadRecord, 'id'> & Partial<LeadRecord> & { events?: string[] };
    consents: ConsentProof[];
    liftSuppressionHash?: string;
    /** Mailing lists the owner joins with this confirmation. */
    lists?: string[];
    now: string;
  }): Promise<boolean>;
  /** Fixed window counter; returns whether the hit is allowed and when the window ends. */
  rateLimit(key: string, limit: number, windowSeconds: number, nowSeconds: number): Promise<{ allowed: boolean; retryAfter: number }>;
  /** Deletes expired rate-limit rows, old A/B units and long-expired confirmations. */
  purgeExpired(now: Date): Promise<{ rateLimits: number; abUnits: number; confirmations: number }>;
  /** Counts an exposure of a visitor to a variant once per experiment; true if it was new. */
  exposeUnit(experiment: string, unit: string, variant: string, day: string): Promise<boolean>;
  /** Counts a conversion of an exposed visitor once per experiment; true if it was new. */
  convertUnit(experiment: string, unit: string, day: string): Promise<boolean>;
  /** Counts a click of an exposed visitor on the tested button once per experiment; true if it was new. */
  clickUnit(experiment: string, unit: string, day: string): Promise<boolean>;
  countAb(experiment: string, variant: string, day: string, field: 'exposures' | 'conversions'): Promise<void>;
  abCounts(): Promise<{ experiment: string; variant: string; day: string; exposures: number; conversions: number }[]>;
  exportLead(email: string): Promise<{ lead: LeadRecord; events: unknown[]; consents: unknown[]; emails?: unknown[]; engagement?: unknown[]; tasks?: unknown[]; confirmations?: unknown[]; webinars?: unknown[]; lists?: unknown[]; whatsapp?: unknown[] } | null>;
  eraseLead(email: string, emailHash: string, now: string): Promise<boolean>;
  listLeads(sinceIso: string): Promise<(LeadRecord & { lastKind: string; lastTraining: string | null })[]>;
  /** A webinar seat (for its cancel link). */
  webinarRegistration(id: string): Promise<{ id: string; webinar: string; status: string; leadId: string }[]>;
  health(): Promise<boolean>;
}
