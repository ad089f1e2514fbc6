// The commission rules of the seed's Programme_Affiliation (content/marketing/affiliates.yaml),
// per calendar year, with hand-computed cases: 100 € per alumni referral and 500 € on the 10th of
// the year, 200 € per garage enrolment and a free place every 5, 5 % of an influencer's revenue
// and the premium perk; a cancellation within the 14-day window reverses, after it does not.
import { describe, expect, it } from 'vitest';
import { readRules } from '../../src/edge/rules-snapshot';
import { addDays, computeStatement, csvEuros, formatCents, reversalWindowDays, statementPeriod, type ReferredEnrolment } from '../../src/marketing/commissions';
import { generateReferralCode, isSelfReferral, mailboxKey, normalizeReferralCode, REFERRAL_ALPHABET, REFERRAL_CODE_EXAMPLE } from '../../src/marketing/referral-code';

const marketing = readRules('content').marketing;
const programme = (key: string) => marketing.affiliates.find((a) => a.key === key)!;
const alumni = programme('ambassadeurs-alumni');
const garage = programme('partenaires-garages');
const influencer = programme('influenceurs-auto');
const WINDOW = reversalWindowDays(marketing.prices.payment);

let n = 0;
const enrolment = (enrolledOn: string, extra: Partial<ReferredEnrolment> = {}): ReferredEnrolment => ({
  id: `e${String(++n).padStart(3, '0')}`,
  enrolledOn,
  amountEur: 2490,
  training: 'cap-maintenance-vehicules',
  status: 'active',
  cancelledOn: null,
  createdAt: `${enrolledOn}T10:00:00.${String(n).padStart(3, '0')}Z`,
  ...extra,
});
/** `count` enrolments in 2026, one every 3 days from 5 January. */
const series = (count: number, extra: (i: number) => Partial<ReferredEnrolment> = () => ({})) =>
  Array.from({ length: count }, (_, i) => enrolment(addDays('2026-01-05', 3 * i), extra(i)));
const year = (p: typeof alumni, enrolments: ReferredEnrolment[], asOf = '2027-02-01', y = 2026) =>
  computeStatement({ programme: p, enrolments, period: statementPeriod(y), windowDays: WINDOW, asOf });

describe('the withdrawal window that reverses a commission', () => {
  it('is the 14 days of a contract concluded at a distance, as prices.yaml names it', () => {
    expect(marketing.prices.payment).toMatchObject({ withdrawalDays: 10, distanceWithdrawalDays: 14, commissionReversal: 'distanceWithdrawalDays' });
    expect(WINDOW).toBe(14);
    expect(reversalWindowDays({ ...marketing.prices.payment, commissionReversal: 'withdrawalDays' })).toBe(10);
  });

  it('counts from the enrolment date: cancelled on day 14 reverses, on day 15 keeps', () => {
    const within = year(alumni, [enrolment('2026-03-01', { status: 'cancelled', cancelledOn: '2026-03-15' })]);
    expect(within.lines[0]).toMatchObject({ status: 'reversed', windowEndsOn: '2026-03-15', rank: null, commissionCents: 0 });
    expect(within).toMatchObject({ referrals: 0, reversed: 1, totalCents: 0 });
    const after = year(alumni, [enrolment('2026-03-01', { status: 'cancelled', cancelledOn: '2026-03-16' })]);
    expect(after.lines[0]).toMatchObject({ status: 'kept', rank: 1, commissionCents: 10_000 });
    expect(after.totalCents).toBe(10_000);
  });

  it('an active enrolment is pending while its window is open, earned after', () => {
    const e = [enrolment('2026-03-01')];
    expect(year(alumni, e, '2026-03-15')).toMatchObject({ totalCents: 10_000, pendingCents: 10_000, lines: [{ status: 'pending' }] });
    expect(year(alumni, e, '2026-03-16')).toMatchObject({ totalCents: 10_000, pendingCents: 0, lines: [{ status: 'earned' }] });
  });
});

describe('alumni ambassadors: 100 € per enrolment, 500 € on the 10th referral of the calendar year', () => {
  it('one enrolment of 2 490 €: 100 €', () => {
    const s = year(alumni, [enrolment('2026-03-02')]);
    expect(s).toMatchObject({ referrals: 1, commissionCents: 10_000, bonusCents: 0, totalCents: 10_000, nextBonus: { rank: 10, remaining: 9, amountCents: 50_000 } });
    expect(formatCents(s.totalCents)).toMatch(/^100\s€$/u);
  });

  it('nine: 900 €, no bonus; the 10th adds 500 € on itself: 1 500 €', () => {
    expect(year(alumni, series(9))).toMatchObject({ commissionCents: 90_000, bonusCents: 0, totalCents: 90_000 });
    const ten = year(alumni, series(10));
    expect(ten).toMatchObject({ referrals: 10, commissionCents: 100_000, bonusCents: 50_000, totalCents: 150_000, nextBonus: null });
    expect(ten.lines.map((l) => l.bonusCents)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 50_000]);
  });

  it('the bonus is paid once a year: 20 referrals make 2 000 € + 500 €', () => {
    expect(year(alumni, series(20))).toMatchObject({ commissionCents: 200_000, bonusCents: 50_000, totalCents: 250_000 });
  });

  it('a referral cancelled within the window does not count: the bonus moves to the next one, or is lost', () => {
    const reversed = (i: number) => (i === 2 ? { status: 'cancelled' as const, cancelledOn: addDays('2026-01-11', 5) } : {});
    const ten = year(alumni, series(10, reversed));
    expect(ten).toMatchObject({ referrals: 9, reversed: 1, commissionCents: 90_000, bonusCents: 0 });
    const eleven = year(alumni, series(11, reversed));
    expect(eleven).toMatchObject({ referrals: 10, commissionCents: 100_000, bonusCents: 50_000 });
    expect(eleven.lines.at(-1)).toMatchObject({ rank: 10, bonusCents: 50_000 });
    // Cancelled after the window: it still counts, and so does the bonus.
    const late = year(alumni, series(10, (i) => (i === 2 ? { status: 'cancelled', cancelledOn: addDays('2026-01-11', 20) } : {})));
    expect(late).toMatchObject({ referrals: 10, bonusCents: 50_000, totalCents: 150_000 });
  });

  it('the 10th referral reversed within its window takes the bonus with it', () => {
    const s = year(alumni, series(10, (i) => (i === 9 ? { status: 'cancelled', cancelledOn: addDays('2026-01-05', 27 + 3) } : {})));
    expect(s).toMatchObject({ referrals: 9, reversed: 1, commissionCents: 90_000, bonusCents: 0, totalCents: 90_000 });
  });

  it('counts per calendar year: 9 in 2025 and 1 in January 2026 earn no bonus, in either year', () => {
    const enrolments = [...Array.from({ length: 9 }, (_, i) => enrolment(addDays('2025-09-01', 10 * i))), enrolment('2026-01-03')];
    expect(year(alumni, enrolments, '2027-01-01', 2025)).toMatchObject({ referrals: 9, bonusCents: 0, totalCents: 90_000 });
    expect(year(alumni, enrolments, '2027-01-01', 2026)).toMatchObject({ referrals: 1, bonusCents: 0, totalCents: 10_000, lines: [{ rank: 1 }] });
  });

  it('an enrolment of 28 December cancelled on 5 January is reversed in its own year', () => {
    const s = year(alumni, [enrolment('2025-12-28', { status: 'cancelled', cancelledOn: '2026-01-05' })], '2026-02-01', 2025);
    expect(s.lines[0]).toMatchObject({ status: 'reversed', windowEndsOn: '2026-01-11' });
    expect(s.totalCents).toBe(0);
  });

  it('a month’s statement shows that month’s lines with the year’s ranks: the bonus in the month of the 10th', () => {
    const enrolments = series(10); // 5 January … 1 February 2026
    const january = computeStatement({ programme: alumni, enrolments, period: statementPeriod(2026, 1), windowDays: WINDOW, asOf: '2027-01-01' });
    const february = computeStatement({ programme: alumni, enrolments, period: statementPeriod(2026, 2), windowDays: WINDOW, asOf: '2027-01-01' });
    expect(january).toMatchObject({ referrals: 9, bonusCents: 0, totalCents: 90_000, yearReferrals: 9 });
    expect(february).toMatchObject({ referrals: 1, bonusCents: 50_000, totalCents: 60_000, yearReferrals: 10, lines: [{ rank: 10, enrolledOn: '2026-02-01' }] });
    expect(statementPeriod(2026, 12)).toEqual({ year: 2026, month: 12, from: '2026-12-01', to: '2027-01-01' });
  });

  it('a pending 10th referral makes a pending bonus', () => {
    const s = year(alumni, series(10), '2026-02-05');
    expect(s).toMatchObject({ totalCents: 150_000, pendingCents: 10_000 * 4 + 50_000 });
  });
});

describe('partner garages: 200 € per enrolment, one free place per 5 enrolments of the year', () => {
  it('4 enrolments: 800 €, no place; the 5th earns one on itself', () => {
    expect(year(garage, series(4))).toMatchObject({ commissionCents: 80_000, freeSeats: 0, nextFreeSeat: { remaining: 1 } });
    const five = year(garage, series(5, () => ({ amountEur: 1490 })));
    expect(five).toMatchObject({ commissionCents: 100_000, bonusCents: 0, freeSeats: 1, totalCents: 100_000 });
    expect(five.lines.map((l) => l.freeSeats)).toEqual([0, 0, 0, 0, 1]);
  });

  it('10 enrolments: 2 places; 14: still 2; a 5th reversed within the window: none', () => {
    expect(year(garage, series(10)).freeSeats).toBe(2);
    expect(year(garage, series(14)).freeSeats).toBe(2);
    expect(year(garage, series(5, (i) => (i === 4 ? { status: 'cancelled', cancelledOn: addDays('2026-01-17', 1) } : {})))).toMatchObject({ freeSeats: 0, commissionCents: 80_000 });
  });
});

describe('car influencers: 5 % of the revenue they brought, and the premium access', () => {
  it('5 % of 2 490 € is 124,50 €', () => {
    const s = year(influencer, [enrolment('2026-04-10')]);
    expect(s).toMatchObject({ commissionCents: 12_450, totalCents: 12_450, bonusCents: 0, freeSeats: 0, perks: ['Accès à la plateforme premium'] });
    expect(formatCents(12_450)).toMatch(/^124,50\s€$/u);
    expect(csvEuros(12_450)).toBe('124,50');
  });

  it('sums per enrolment, rounded to the cent: 890 € + 1 490 € + 1 490,10 € → 44,50 + 74,50 + 74,51 €', () => {
    const s = year(influencer, [enrolment('2026-04-10', { amountEur: 890 }), enrolment('2026-05-10', { amountEur: 1490 }), enrolment('2026-06-10', { amountEur: 1490.1 })]);
    expect(s.lines.map((l) => l.commissionCents)).toEqual([4_450, 7_450, 7_451]);
    expect(s.totalCents).toBe(19_351);
  });

  it('a reversed enrolment brings no revenue', () => {
    expect(year(influencer, [enrolment('2026-04-10', { status: 'cancelled', cancelledOn: '2026-04-12' }), enrolment('2026-05-10')]).totalCents).toBe(12_450);
  });
});

describe('referral codes', () => {
  it('are 8 characters XXXX-XXXX from an alphabet without vowels nor 0, 1, I, L, O', () => {
    expect(REFERRAL_ALPHABET).not.toMatch(/[01AEILOUY]/);
    for (let i = 0; i < 200; i++) {
      const code = generateReferralCode();
      expect(code).toMatch(/^[23456789BCDFGHJKMNPQRSTVWXZ]{4}-[23456789BCDFGHJKMNPQRSTVWXZ]{4}$/);
      expect(code).not.toBe(REFERRAL_CODE_EXAMPLE);
    }
    // Rejection sampling: a byte of 243 or more (27 × 9 = 243) is skipped, not folded.
    const bytes = [255, 250, 243, 0, 1, 2, 3, 4, 5, 6, 7];
    expect(generateReferralCode(() => Uint8Array.from(bytes.splice(0, 16)))).toBe('2345-6789');
  });

  it('are read case-insensitively, with or without hyphen and spaces; anything else is not a code', () => {
    expect(normalizeReferralCode('k7qm 4xpb')).toBe('K7QM-4XPB');
    expect(normalizeReferralCode(' K7QM4XPB ')).toBe('K7QM-4XPB');
    for (const bad of ['K7QM-4XP', 'K7QM-4XPBB', 'KOQM-4XPB', 'K1QM-4XPB', 'AMB-123', 'K7QM_4XPB', '', 'x'.repeat(41)]) expect(normalizeReferralCode(bad), bad).toBeNull();
  });

  it('self-referral: the same mailbox (case, +tag, Gmail dots) or the same phone', () => {
    const partner = { email: 'karim.benali@gmail.com', phone: '+33611223344' };
    expect(mailboxKey('Karim.Benali+ecole@GoogleMail.com')).toBe('karimbenali@gmail.com');
    expect(isSelfReferral(partner, { email: 'kar.imbenali+x@gmail.com' })).toBe(true);
    expect(isSelfReferral(partner, { email: 'autre@example.fr', phone: '+33611223344' })).toBe(true);
    expect(isSelfReferral(partner, { email: 'karim.benali@example.fr', phone: '+33699999999' })).toBe(false);
    // Dots matter outside Gmail.
    expect(isSelfReferral({ email: 'a.b@example.fr', phone: null }, { email: 'ab@example.fr', phone: null })).toBe(false);
  });
});
