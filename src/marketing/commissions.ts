// Partner commissions, exactly the rules of the seed's Programme_Affiliation as affiliates.yaml
// holds them, per calendar year. Pure: the enrolments a partner's code brought, the programme and
// the withdrawal window in, the statement out (no store, no clock: `asOf` is given).
//
// Rules (README, « Referral and affiliates »):
// - A referral is an enrolment recorded with the partner's code. It counts unless it was reversed.
// - Reversed: cancelled within the withdrawal window counted from its enrolment date (prices.yaml
//   payment.commissionReversal names the window: the 14 days of a contract concluded at a distance,
//   art. L221-18 Code de la consommation). Cancelled on day D with D ≤ enrolment date + N days is
//   within; after that the commission is kept (the training was bought for good).
// - An active enrolment whose window is still open on `asOf` is « pending »: its commission is shown
//   but not yet due; once the window is over it is « earned ».
// - Fixed commission (alumni 100 €, garages 200 €) per counted referral; percent commission
//   (influencers 5 %) of the amount of each counted referral, rounded to the cent (half up).
// - Cash bonus (alumni 500 €): once per calendar year, on the counted referral whose rank in the
//   year is the threshold (the 10th); the 20th gives no second one.
// - Free seat (garages): `seats` places for every `everyEnrolments` counted referrals of the year,
//   earned on the 5th, 10th, 15th…
// - Perk (influencers: premium access): listed, no money.
// - Ranks are counted per calendar year of the enrolment date, in date order (then recording
//   order), so a bonus or a free place earned on a referral that is later reversed moves to the
//   next referral, or disappears. A month's statement shows the lines of that month with the
//   year's ranks.
// Amounts are integers in cents internally.
import type { AffiliateProgram, Prices } from './config';

export interface ReferredEnrolment {
  id: string;
  /** YYYY-MM-DD (Paris): the contract's date, start of the withdrawal window. */
  enrolledOn: string;
  amountEur: number;
  training: string | null;
  status: 'active' | 'cancelled';
  cancelledOn: string | null;
  /** Recording time: orders the enrolments of one day. */
  createdAt?: string;
}

export type LineStatus = 'pending' | 'earned' | 'reversed' | 'kept';

export const LINE_STATUS_LABELS: Record<LineStatus, string> = {
  pending: 'en délai de rétractation',
  earned: 'définitive',
  reversed: 'annulée dans le délai : commission annulée',
  kept: 'annulée après le délai : commission maintenue',
};

export interface StatementLine {
  id: string;
  enrolledOn: string;
  training: string | null;
  amountCents: number;
  status: LineStatus;
  cancelledOn: string | null;
  /** Last day of the withdrawal window (a cancellation up to this day reverses the commission). */
  windowEndsOn: string;
  /** Rank among the counted referrals of the calendar year (1 = first), null when reversed. */
  rank: number | null;
  commissionCents: number;
  /** Cash bonus earned on this referral (the threshold's rank). */
  bonusCents: number;
  /** Free places earned on this referral. */
  freeSeats: number;
}

export interface StatementPeriod {
  year: number;
  /** 1–12 for a month's statement, null for the whole year. */
  month: number | null;
  /** First day and first day after (YYYY-MM-DD). */
  from: string;
  to: string;
}

export interface Statement {
  programme: string;
  programmeLabel: string;
  period: StatementPeriod;
  windowDays: number;
  lines: StatementLine[];
  /** Counted referrals of the period (not reversed). */
  referrals: number;
  reversed: number;
  commissionCents: number;
  bonusCents: number;
  freeSeats: number;
  /** Perks of the programme (no money). */
  perks: string[];
  /** commission + bonus. */
  totalCents: number;
  /** The part of the total still within a withdrawal window on `asOf` (may yet be reversed). */
  pendingCents: number;
  /** Counted referrals of the whole calendar year up to the end of the period. */
  yearReferrals: number;
  /** The next cash bonus of the year, if any is still to earn: its rank and how many referrals to go. */
  nextBonus: { rank: number; remaining: number; amountCents: number } | null;
  /** The next free place of the year (garages): how many referrals to go. */
  nextFreeSeat: { remaining: number } | null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** YYYY-MM-DD plus n days. */
export function addDays(day: string, n: number): string {
  const m = DAY.exec(day);
  if (!m) throw new Error(`date AAAA-MM-JJ attendue : ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n)).toISOString().slice(0, 10);
}

/** The window (in days) in which a cancellation reverses a commission, as prices.yaml names it. */
export function reversalWindowDays(payment: Prices['payment']): number {
  return payment[payment.commissionReversal];
}

/** A calendar year, or one of its months. */
export function statementPeriod(year: number, month: number | null = null): StatementPeriod {
  const pad = (n: number) => String(n).padStart(2, '0');
  if (month === null) return { year, month: null, from: `${year}-01-01`, to: `${year + 1}-01-01` };
  return { year, month, from: `${year}-${pad(month)}-01`, to: month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01` };
}

export const toCents = (eur: number) => Math.round(eur * 100);

function lineStatus(e: ReferredEnrolment, windowEndsOn: string, asOf: string): LineStatus {
  if (e.status === 'cancelled') return e.cancelledOn !== null && e.cancelledOn > windowEndsOn ? 'kept' : 'reversed';
  return asOf <= windowEndsOn ? 'pending' : 'earned';
}

export function computeStatement(input: {
  programme: AffiliateProgram;
  enrolments: readonly ReferredEnrolment[];
  period: StatementPeriod;
  windowDays: number;
  /** Today (YYYY-MM-DD, Paris): which windows are still open. */
  asOf: string;
}): Statement {
  const { programme, period, windowDays, asOf } = input;
  const yearFrom = `${period.year}-01-01`;
  const yearTo = `${period.year + 1}-01-01`;
  const year = input.enrolments
    .filter((e) => e.enrolledOn >= yearFrom && e.enrolledOn < yearTo)
    .slice()
    .sort((a, b) => a.enrolledOn.localeCompare(b.enrolledOn) || (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id));

  const cash = programme.bonuses.filter((b) => b.type === 'cash');
  const seats = programme.bonuses.filter((b) => b.type === 'free-seat');
  let rank = 0;
  const lines: StatementLine[] = year.map((e) => {
    const windowEndsOn = addDays(e.enrolledOn, windowDays);
    const status = lineStatus(e, windowEndsOn, asOf);
    const amountCents = toCents(e.amountEur);
    const counted = status !== 'reversed';
    const r = counted ? ++rank : null;
    const c = programme.commission;
    const commissionCents = !counted ? 0 : c.type === 'fixed' ? toCents(c.amountEur) : Math.round((amountCents * c.percent) / 100);
    const bonusCents = r === null ? 0 : cash.filter((b) => b.threshold.referrals === r).reduce((n, b) => n + toCents(b.amountEur), 0);
    const freeSeats = r === null ? 0 : seats.filter((b) => r % b.everyEnrolments === 0).reduce((n, b) => n + b.seats, 0);
    return { id: e.id, enrolledOn: e.enrolledOn, training: e.training, amountCents, status, cancelledOn: e.cancelledOn, windowEndsOn, rank: r, commissionCents, bonusCents, freeSeats };
  });

  const shown = lines.filter((l) => l.enrolledOn >= period.from && l.enrolledOn < period.to);
  const sum = (f: (l: StatementLine) => number, of = shown) => of.reduce((n, l) => n + f(l), 0);
  const commissionCents = sum((l) => l.commissionCents);
  const bonusCents = sum((l) => l.bonusCents);
  const yearReferrals = lines.filter((l) => l.rank !== null && l.enrolledOn < period.to).length;
  const bonus = cash.map((b) => b.threshold.referrals).filter((n) => n > yearReferrals).sort((a, b) => a - b)[0];
  const bonusAmount = cash.find((b) => b.threshold.referrals === bonus);
  const seat = seats[0];
  return {
    programme: programme.key,
    programmeLabel: programme.label,
    period,
    windowDays,
    lines: shown,
    referrals: shown.filter((l) => l.rank !== null).length,
    reversed: shown.filter((l) => l.status === 'reversed').length,
    commissionCents,
    bonusCents,
    freeSeats: sum((l) => l.freeSeats),
    perks: programme.bonuses.flatMap((b) => (b.type === 'perk' ? [b.label] : [])),
    totalCents: commissionCents + bonusCents,
    pendingCents: sum((l) => (l.status === 'pending' ? l.commissionCents + l.bonusCents : 0)),
    yearReferrals,
    nextBonus: bonus !== undefined && bonusAmount ? { rank: bonus, remaining: bonus - yearReferrals, amountCents: toCents(bonusAmount.amountEur) } : null,
    nextFreeSeat: seat ? { remaining: seat.everyEnrolments - (yearReferrals % seat.everyEnrolments) } : null,
  };
}

/** 12 450 cents → « 124,50 € », 10 000 → « 100 € » (no-break space before €, narrow one in thousands). */
export function formatCents(cents: number): string {
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 }).format(cents / 100);
}

/** For CSV: « 124,50 » (a French spreadsheet reads it as a number). */
export function csvEuros(cents: number): string {
  return (cents / 100).toFixed(2).replace('.', ',');
}

/** The rules of a programme, one French sentence per rule (capitalised, no final period), for the pages. */
export function programmeRules(programme: AffiliateProgram, windowDays: number): string[] {
  const c = programme.commission;
  const euro = (n: number) => formatCents(toCents(n));
  const rules = [c.type === 'fixed' ? `${euro(c.amountEur)} par inscription` : `${String(c.percent).replace('.', ',')}\u00a0% du montant de chaque inscription`];
  for (const b of programme.bonuses) {
    if (b.type === 'cash') rules.push(`Une prime de ${euro(b.amountEur)} au ${b.threshold.referrals}\u1d49 parrainage de l’année civile (une fois par an)`);
    if (b.type === 'free-seat') rules.push(`${b.seats === 1 ? 'Une place de formation offerte' : `${b.seats} places de formation offertes`} toutes les ${b.everyEnrolments} inscriptions de l’année civile`);
    if (b.type === 'perk') rules.push(b.label);
  }
  rules.push(`Une inscription annulée dans les ${windowDays} jours qui suivent sa date ne compte pas (sa commission et ce qu’elle a fait gagner sont annulés)\u202f; annulée plus tard, elle reste due`);
  return rules;
}
