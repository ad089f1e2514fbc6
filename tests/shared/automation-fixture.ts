// A lead store + automation engine over a SQLite file, with a recording Mailer and helpers to
// create leads as the edge does. Used by the engine tests (simulated clock).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/edge/store/sqlite';
import { readRules } from '../../src/edge/rules-snapshot';
import { createAutomation } from '../../src/automation/engine';
import type { Mailer, OutgoingEmail } from '../../src/automation/mailer';
import type { LeadRecord } from '../../src/edge/store/types';

export const rules = readRules('content');

export class RecordingMailer implements Mailer {
  sent: (OutgoingEmail & { at: number })[] = [];
  failNext = 0;
  delayMs = 0;
  clock: () => Date = () => new Date();
  async send(email: OutgoingEmail) {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('SMTP 451 temporary failure');
    }
    this.sent.push({ ...email, at: this.clock().getTime() });
  }
}

export async function fixture(file = join(mkdtempSync(join(tmpdir(), 'automation-')), 'leads.db'), options: { rules?: typeof rules } = {}) {
  const { store, driver } = await openSqliteStore(file);
  const mailer = new RecordingMailer();
  const automation = createAutomation({ db: driver, rules: options.rules ?? rules, mailer, siteUrl: 'https://www.mecaformation.fr', secret: 'test-secret' });
  let n = 0;
  /** Stores a submission as POST /api/leads does, then runs its triggers. */
  async function submit(
    at: Date,
    lead: Partial<LeadRecord> & { email: string },
    kind = 'guide',
    extra: { training?: string; consentMarketing?: boolean; consentTracking?: boolean } = {},
  ) {
    const existing = await store.findLeadByEmail(lead.email);
    // Fields not given keep their stored value, as in POST /api/leads.
    const record: LeadRecord = {
      firstName: 'Camille',
      lastName: null,
      phone: null,
      situation: null,
      ageBracket: null,
      birthYear: null,
      region: null,
      company: null,
      companySize: null,
      segment: null,
      score: 0,
      temperature: 'cold',
      ...existing,
      id: existing?.id ?? crypto.randomUUID(),
      createdAt: existing?.createdAt ?? at.toISOString(),
      updatedAt: at.toISOString(),
      ...lead,
      consentMarketing: extra.consentMarketing ?? true,
      consentTracking: extra.consentTracking ?? false,
    };
    const proof = { purpose: 'marketing-email', granted: record.consentMarketing, textVersion: 't', text: 't', form: kind, page: null };
    const saved = await store.saveSubmission({
      // The fixture is the lead's owner: a later submission counts as theirs.
      mode: existing ? 'verified' : 'new',
      lead: record,
      event: { kind, training: extra.training ?? null, webinar: null, message: null, attribution: {}, idempotencyKey: `k${++n}-${Math.random()}` },
      consents: [proof],
      now: at.toISOString(),
    });
    await automation.onSubmission(saved.leadId, kind, at, saved.eventId);
    await automation.rescore(saved.leadId, at);
    return saved.leadId;
  }
  /** Ticks every `stepMinutes` from `from` to `to` (simulated clock). */
  async function run(from: Date, to: Date, stepMinutes = 60) {
    for (let t = from.getTime(); t <= to.getTime(); t += stepMinutes * 60_000) {
      mailer.clock = () => new Date(t);
      await automation.tick(new Date(t));
    }
  }
  return { store, driver, mailer, automation, submit, run, file };
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
