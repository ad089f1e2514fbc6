// Recording an enrolment, the same way from the console (POST /admin/inscriptions) and from the
// terminal (`npm run automation -- complete-enrolment`): amount and date checked with French
// messages (BadInput: the field and the rule), the partner's code decided, the row written, the
// enrolment reminders stopped.
//
// The partner's code of an enrolment: by default the lead's referral code (the first valid code
// it came with), applied when that partner is still active and is not the person enrolling (same
// mailbox or phone: self-referral). The team may instead type a code (a referral told to an
// adviser, « indiquez votre code au conseiller »: it must be an active partner's and not a
// self-referral, else a 422), or record the enrolment without any code.
import type { ConsoleStore } from './store';
import type { PartnerStore, PartnerRecord } from '../partners/store';
import type { Automation } from '../automation/engine';
import { BadInput } from './errors';
import { isSelfReferral, normalizeReferralCode } from '../marketing/referral-code';
import { parisDay } from '../lib/calendar';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export const REFERRAL_FIELD = 'Code de parrainage';

/** « 2 490 », « 2490,50 », « 890.5 » → euros; anything else a BadInput naming the field. */
export function parseAmount(raw: unknown, field = 'Montant (€)'): number {
  const text = String(raw ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(/€$/, '').replace(',', '.');
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(text) || Number(text) <= 0 || Number(text) > 100_000) throw new BadInput(field, 'montant en euros attendu, de 1 à 100 000 (par exemple 890 ou 1490)');
  return Number(text);
}

/** A real calendar day YYYY-MM-DD between 2020 and a year from now (Paris). */
export function parseEnrolmentDay(raw: unknown, now: Date, field = 'Date d’inscription'): string {
  const value = String(raw ?? '');
  const m = DAY.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== value) throw new BadInput(field, 'date attendue au format AAAA-MM-JJ');
  if (value > parisDay(new Date(now.getTime() + 366 * 86_400_000)) || value < '2020-01-01') throw new BadInput(field, 'date entre 2020 et l’an prochain attendue');
  return value;
}

export type ReferralChoice = { mode: 'lead' } | { mode: 'code'; code: string } | { mode: 'none' };

export interface ReferralDecision {
  code: string | null;
  partner: PartnerRecord | null;
  /** Why the lead's code was not applied (told to the team), or null. */
  skipped: string | null;
}

/** Which partner's code the enrolment carries (see the header). */
export async function decideReferral(partners: PartnerStore, leadId: string, choice: ReferralChoice): Promise<ReferralDecision> {
  if (choice.mode === 'none') return { code: null, partner: null, skipped: null };
  const person = await partners.leadReferral(leadId);
  if (!person) throw new BadInput('Lead', 'lead inconnu');
  if (choice.mode === 'code') {
    const code = normalizeReferralCode(choice.code);
    if (!code) throw new BadInput(REFERRAL_FIELD, 'code de 8 caractères attendu, par exemple B7QM-4XPD');
    const partner = await partners.findByCode(code);
    if (!partner || partner.disabledAt) throw new BadInput(REFERRAL_FIELD, 'code inconnu ou désactivé');
    if (isSelfReferral(partner, person)) throw new BadInput(REFERRAL_FIELD, 'c’est le code de la personne qui s’inscrit : on ne peut pas se parrainer soi-même');
    return { code, partner, skipped: null };
  }
  if (!person.code) return { code: null, partner: null, skipped: null };
  const partner = await partners.findByCode(person.code);
  if (!partner) return { code: null, partner: null, skipped: `code ${person.code} inconnu` };
  if (partner.disabledAt) return { code: null, partner, skipped: `code ${partner.code} désactivé le ${partner.disabledAt.slice(0, 10)}` };
  if (isSelfReferral(partner, person)) return { code: null, partner, skipped: `code ${partner.code} non appliqué : auto-parrainage (même adresse ou même téléphone que le partenaire)` };
  return { code: partner.code, partner, skipped: null };
}

/** Writes the enrolment with its partner's code and stops the enrolment reminders. */
export async function recordEnrolment(
  deps: { console: ConsoleStore; partners: PartnerStore | null; automation?: Automation },
  input: { leadId: string; training: string | null; amountEur: number; enrolledOn: string; referral: ReferralChoice; by: string; now: Date },
): Promise<{ id: string } & ReferralDecision> {
  const decision = deps.partners ? await decideReferral(deps.partners, input.leadId, input.referral) : { code: null, partner: null, skipped: null };
  const id = await deps.console.recordEnrolment({ leadId: input.leadId, training: input.training, amountEur: input.amountEur, enrolledOn: input.enrolledOn, partnerCode: decision.code, by: input.by, now: input.now.toISOString() });
  await deps.automation?.completeEnrolment(input.leadId, input.now);
  return { id, ...decision };
}
