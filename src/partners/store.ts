// The partners' SQL, written once over the store's SqlDriver (node:sqlite for `npm start` and the
// CLI, D1 in production): partners and their codes, the referral code a lead came with, the
// enrolments a code brought (the statements' input, without anything about the person).
import type { SqlDriver } from '../edge/store/types';
import { generateReferralCode } from '../marketing/referral-code';
import type { ReferredEnrolment } from '../marketing/commissions';

type Row = Record<string, unknown>;

export interface PartnerRecord {
  id: string;
  code: string;
  programme: string;
  name: string;
  email: string;
  phone: string | null;
  createdAt: string;
  createdBy: string | null;
  disabledAt: string | null;
  disabledBy: string | null;
}

const toPartner = (r: Row): PartnerRecord => ({
  id: String(r.id),
  code: String(r.code),
  programme: String(r.programme),
  name: String(r.name),
  email: String(r.email),
  phone: (r.phone as string | null) ?? null,
  createdAt: String(r.created_at),
  createdBy: (r.created_by as string | null) ?? null,
  disabledAt: (r.disabled_at as string | null) ?? null,
  disabledBy: (r.disabled_by as string | null) ?? null,
});

const toEnrolment = (r: Row): ReferredEnrolment => ({
  id: String(r.id),
  enrolledOn: String(r.enrolled_on),
  amountEur: Number(r.amount_eur),
  training: (r.training as string | null) ?? null,
  status: r.status === 'cancelled' ? 'cancelled' : 'active',
  cancelledOn: (r.cancelled_on as string | null) ?? null,
  createdAt: String(r.created_at),
});

/** The INSERT of a new partner, as `npm run partners -- add --sql` prints it for D1 too. */
export function partnerInsert(p: Omit<PartnerRecord, 'disabledAt' | 'disabledBy'>): { sql: string; params: unknown[] } {
  return {
    sql: 'INSERT INTO partners (id, code, programme, name, email, phone, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    params: [p.id, p.code, p.programme, p.name, p.email, p.phone, p.createdAt, p.createdBy],
  };
}

export function createPartnerStore(db: SqlDriver) {
  return {
    /** A new partner with a fresh unique code (a rare clash of codes is retried). */
    async addPartner(input: { programme: string; name: string; email: string; phone: string | null; by: string | null; now: string }): Promise<PartnerRecord> {
      for (let attempt = 0; ; attempt++) {
        const record = { id: crypto.randomUUID(), code: generateReferralCode(), programme: input.programme, name: input.name, email: input.email, phone: input.phone, createdAt: input.now, createdBy: input.by };
        try {
          await db.batch([partnerInsert(record)]);
          return { ...record, disabledAt: null, disabledBy: null };
        } catch (error) {
          if (attempt < 5 && /UNIQUE/i.test(String(error))) continue;
          throw error;
        }
      }
    },
    async findByCode(code: string): Promise<PartnerRecord | null> {
      const [r] = await db.all<Row>('SELECT * FROM partners WHERE code = ?', [code]);
      return r ? toPartner(r) : null;
    },
    async findById(id: string): Promise<PartnerRecord | null> {
      const [r] = await db.all<Row>('SELECT * FROM partners WHERE id = ?', [id]);
      return r ? toPartner(r) : null;
    },
    /** The active partner with this address, if any (one code per person). */
    async findActiveByEmail(email: string): Promise<PartnerRecord | null> {
      const [r] = await db.all<Row>('SELECT * FROM partners WHERE email = ? AND disabled_at IS NULL', [email]);
      return r ? toPartner(r) : null;
    },
    /** Every partner, the active ones first, with their counted-or-not referrals of a period. */
    async listPartners(from: string, to: string): Promise<(PartnerRecord & { enrolments: number; leads: number })[]> {
      const rows = await db.all<Row>(
        `SELECT p.*, (SELECT COUNT(*) FROM enrolments e WHERE e.partner_code = p.code AND e.enrolled_on >= ? AND e.enrolled_on < ?) AS enrolments,
                (SELECT COUNT(*) FROM leads l WHERE l.referral_code = p.code) AS leads
         FROM partners p ORDER BY p.disabled_at IS NOT NULL, p.created_at DESC`,
        [from, to],
      );
      return rows.map((r) => ({ ...toPartner(r), enrolments: Number(r.enrolments), leads: Number(r.leads) }));
    },
    async disablePartner(id: string, by: string | null, now: string): Promise<boolean> {
      const [r] = await db.batch([{ sql: 'UPDATE partners SET disabled_at = ?, disabled_by = ? WHERE id = ? AND disabled_at IS NULL', params: [now, by, id] }]);
      return r!.changes === 1;
    },
    /** The first valid code wins: a lead that already has one keeps it. True when this one was attached. */
    async attachReferral(leadId: string, code: string, now: string): Promise<boolean> {
      const [r] = await db.batch([{ sql: 'UPDATE leads SET referral_code = ?, referral_at = ? WHERE id = ? AND referral_code IS NULL AND pending = 0', params: [code, now, leadId] }]);
      return r!.changes === 1;
    },
    /** The lead's referral code and the contact fields the self-referral check needs. */
    async leadReferral(leadId: string): Promise<{ code: string | null; at: string | null; email: string; phone: string | null } | null> {
      const [r] = await db.all<Row>('SELECT referral_code, referral_at, email, phone FROM leads WHERE id = ?', [leadId]);
      return r ? { code: (r.referral_code as string | null) ?? null, at: (r.referral_at as string | null) ?? null, email: String(r.email), phone: (r.phone as string | null) ?? null } : null;
    },
    /**
     * The enrolments a code brought in a calendar year: date, training, amount, status. Nothing
     * about the person (no lead id, no name): this is what a partner's statement is made of.
     */
    async referredEnrolments(code: string, year: number): Promise<ReferredEnrolment[]> {
      const rows = await db.all<Row>(
        'SELECT id, enrolled_on, amount_eur, training, status, cancelled_on, created_at FROM enrolments WHERE partner_code = ? AND enrolled_on >= ? AND enrolled_on < ? ORDER BY enrolled_on, created_at, id',
        [code, `${year}-01-01`, `${year + 1}-01-01`],
      );
      return rows.map(toEnrolment);
    },
  };
}

export type PartnerStore = ReturnType<typeof createPartnerStore>;
