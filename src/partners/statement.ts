// A partner's statement, as the console, the private page and `npm run partners -- statement`
// give it: the store's referred enrolments through the commission rules, then as JSON or CSV.
// Nothing about the referred people: date, training, amount, status, commission.
import type { AffiliateProgram, Marketing } from '../marketing/config';
import { computeStatement, csvEuros, LINE_STATUS_LABELS, reversalWindowDays, statementPeriod, type Statement } from '../marketing/commissions';
import { toCsv } from '../lib/csv';
import type { PartnerRecord, PartnerStore } from './store';

export function programmeOf(marketing: Marketing, key: string): AffiliateProgram {
  const programme = marketing.affiliates.find((a) => a.key === key);
  if (!programme) throw new Error(`programme « ${key} » absent de content/marketing/affiliates.yaml (${marketing.affiliates.map((a) => a.key).join(', ')})`);
  return programme;
}

/** The statement of a partner for a calendar year or one of its months, as of `asOf` (Paris day). */
export async function partnerStatement(partners: PartnerStore, marketing: Marketing, partner: PartnerRecord, period: { year: number; month?: number | null }, asOf: string): Promise<Statement> {
  return computeStatement({
    programme: programmeOf(marketing, partner.programme),
    enrolments: await partners.referredEnrolments(partner.code, period.year),
    period: statementPeriod(period.year, period.month ?? null),
    windowDays: reversalWindowDays(marketing.prices.payment),
    asOf,
  });
}

/** The statement as data for scripts: euros with cents, French status labels, no personal data. */
export function statementJson(partner: PartnerRecord, s: Statement, trainingTitles: Record<string, string>) {
  const eur = (cents: number) => cents / 100;
  return {
    partner: { code: partner.code, programme: partner.programme, programmeLabel: s.programmeLabel, name: partner.name, disabledAt: partner.disabledAt },
    period: s.period,
    withdrawalWindowDays: s.windowDays,
    referrals: s.referrals,
    reversed: s.reversed,
    commissionEur: eur(s.commissionCents),
    bonusEur: eur(s.bonusCents),
    freeSeats: s.freeSeats,
    perks: s.perks,
    totalEur: eur(s.totalCents),
    pendingEur: eur(s.pendingCents),
    yearReferrals: s.yearReferrals,
    lines: s.lines.map((l) => ({
      enrolledOn: l.enrolledOn,
      training: l.training,
      trainingTitle: l.training ? (trainingTitles[l.training] ?? l.training) : null,
      amountEur: eur(l.amountCents),
      status: l.status,
      statusLabel: LINE_STATUS_LABELS[l.status],
      cancelledOn: l.cancelledOn,
      withdrawalEndsOn: l.windowEndsOn,
      rank: l.rank,
      commissionEur: eur(l.commissionCents),
      bonusEur: eur(l.bonusCents),
      freeSeats: l.freeSeats,
    })),
  };
}

/** The statement as CSV (French headers, « 124,50 » amounts), then a total line. */
export function statementCsv(s: Statement, trainingTitles: Record<string, string>): string {
  const rows = s.lines.map((l) => ({
    date_inscription: l.enrolledOn,
    formation: l.training ? (trainingTitles[l.training] ?? l.training) : '',
    montant_eur: csvEuros(l.amountCents),
    statut: LINE_STATUS_LABELS[l.status],
    annulee_le: l.cancelledOn ?? '',
    fin_delai_retractation: l.windowEndsOn,
    rang_annee: l.rank ?? '',
    commission_eur: csvEuros(l.commissionCents),
    prime_eur: csvEuros(l.bonusCents),
    places_offertes: l.freeSeats,
  }));
  const total = {
    date_inscription: 'TOTAL',
    formation: `${s.referrals} parrainage(s)${s.perks.length ? `, avantage\u202f: ${s.perks.join(', ')}` : ''}`,
    montant_eur: csvEuros(s.lines.filter((l) => l.rank !== null).reduce((n, l) => n + l.amountCents, 0)),
    statut: s.pendingCents ? `dont ${csvEuros(s.pendingCents)} en délai de rétractation` : '',
    annulee_le: '',
    fin_delai_retractation: '',
    rang_annee: '',
    commission_eur: csvEuros(s.commissionCents),
    prime_eur: csvEuros(s.bonusCents),
    places_offertes: s.freeSeats,
  };
  return toCsv([...rows, total], Object.keys(total));
}
