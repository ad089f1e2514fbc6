// The Store port of the edge function. Two adapters implement the same SQL (sql-store.ts):
// node:sqlite for `npm start` (sqlite.ts) and Cloudflare D1 in production (d1.ts).

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
  /** The sender had proved they own the mailbox. */
  verified?: boolean;
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
  payload: Record<string, unknown>;
  createdAt: string;
  expiresAt: string;
  confirmedAt: string | null;
}

export interface Store {
  findLeadByEmail(email: string): Promise<LeadRecord | null>;
  findLeadById(id: string): Promise<LeadRecord | null>;
  eventKinds(leadId: string): Promise<string[]>;
  /** Upserts the lead and records the event, its consents and any confirmation in one atomic write. */
  saveSubmission(input: {
    lead: LeadRecord;
    event: SubmissionEvent;
    consents: ConsentProof[];
    /** A proven owner asked for e-mails again: this address hash leaves the suppression list. */
    liftSuppressionHash?: string;
    /** Changes waiting for the owner's confirmation. */
    confirmation?: { id: string; payload: Record<string, unknown>; expiresAt: string };
    now: string;
  }): Promise<{ leadId: string; duplicate: boolean; eventId?: string }>;
  findEventByIdempotencyKey(key: string): Promise<{ leadId: string } | null>;
  isSuppressed(emailHash: string): Promise<boolean>;
  /** The latest confirmation of a lead (to avoid sending a second one within a day). */
  latestConfirmation(leadId: string): Promise<ConfirmationRecord | null>;
  findConfirmation(id: string): Promise<ConfirmationRecord | null>;
  /** Applies a confirmation once: false when it was already confirmed (or does not exist). */
  confirm(input: {
    id: string;
    lead: Pick<LeadRecord, 'id'> & Partial<LeadRecord>;
    consents: ConsentProof[];
    liftSuppressionHash?: string;
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
  countAb(experiment: string, variant: string, day: string, field: 'exposures' | 'conversions'): Promise<void>;
  abCounts(): Promise<{ experiment: string; variant: string; day: string; exposures: number; conversions: number }[]>;
  exportLead(email: string): Promise<{ lead: LeadRecord; events: unknown[]; consents: unknown[]; emails?: unknown[]; engagement?: unknown[]; tasks?: unknown[]; confirmations?: unknown[] } | null>;
  eraseLead(email: string, emailHash: string, now: string): Promise<boolean>;
  listLeads(sinceIso: string): Promise<(LeadRecord & { lastKind: string; lastTraining: string | null })[]>;
  health(): Promise<boolean>;
}
