// Truthful prices: what a training costs for the reader of a given page, from prices.yaml and the
// training's own price fields. The offer's own audience reads the offer's amount; a page for
// everyone, or for an audience some of whose readers qualify (offer.partlyEligible), reads the
// individual price with the offer as a note and its conditions; any other audience reads the
// individual price only. Never « dès » (from): an offer's price is not a starting price for all.
//
// Pure: no Astro import (cards, training pages, tests and the checks of src/lib/integrity.ts).
import type { Offer, Prices } from '../marketing/config';
import type { Audience } from './taxonomy';
import { formatEuros } from './typography';

export const PRIMO_OFFER = 'primo-arrivant';
export const TEAM_OFFER = 'equipe-garage';

export interface TrainingPriceFields {
  /** Price for one person, in euros (content/trainings/*.mdx price.individual). */
  individual: number;
  /** The first-jobber offer applies to this training (price.primoArrivant). */
  primoArrivant: boolean;
  /** The garage-team offer applies to this training (price.team). */
  team: boolean;
}

/**
 * Who reads a page, as far as prices go: the audiences it is written for. Empty: anyone (home,
 * catalogue, a page with no audience).
 */
export type PageAudiences = readonly Audience[];

/** Can the readers of a page claim the offer: all of them, some of them, or none? */
export function offerReach(offer: Offer, readers: PageAudiences): 'all' | 'some' | 'none' {
  if (readers.length === 0) return 'some';
  if (readers.every((a) => a === offer.audience)) return 'all';
  return readers.some((a) => a === offer.audience || offer.partlyEligible.includes(a)) ? 'some' : 'none';
}

export interface PriceDisplay {
  /** The amount the reader pays, as shown on a card or in a training's key facts (« 2 490 € »). */
  amount: string;
  /** What the amount is for, when not one person alone (« l’équipe »). */
  per?: string;
  /** A second line: the offer the reader may claim, or what the amount replaces. */
  note?: string;
  /** The offer behind `amount`, when it is an offer's price. */
  offer?: string;
}

export function trainingPrice(price: TrainingPriceFields, prices: Prices, readers: PageAudiences = []): PriceDisplay {
  const team = prices.offers[TEAM_OFFER];
  const primo = prices.offers[PRIMO_OFFER];
  if (price.team && team) {
    return {
      amount: formatEuros(team.amount),
      per: 'l’équipe',
      note: `${team.shortConditions} ; ${formatEuros(price.individual)} pour une personne seule`,
      offer: TEAM_OFFER,
    };
  }
  if (price.primoArrivant && primo) {
    const reach = offerReach(primo, readers);
    if (reach === 'all') return { amount: formatEuros(primo.amount), note: `${primo.label.toLowerCase()}, au lieu de ${formatEuros(price.individual)}`, offer: PRIMO_OFFER };
    if (reach === 'some') return { amount: formatEuros(price.individual), note: `${formatEuros(primo.amount)} ${primo.shortConditions}` };
  }
  return { amount: formatEuros(price.individual) };
}

/** The price as one line of text (« 2 490 € · 890 € pour les jeunes… »), for tables and tests. */
export function priceLine(display: PriceDisplay): string {
  return [display.per ? `${display.amount} ${display.per}` : display.amount, display.note].filter(Boolean).join(' · ');
}

export interface PricedTraining {
  /** Path of the training's file, for the messages. */
  file: string;
  audiences: readonly Audience[];
  price: TrainingPriceFields;
}

/**
 * The offers' eligibility as data must make sense: an offer's training lists the offer's audience
 * and costs more for one person than the offer. Messages name the file and the field.
 */
export function checkTrainingPrices(trainings: readonly PricedTraining[], prices: Prices): string[] {
  const problems: string[] = [];
  const rules: [keyof TrainingPriceFields, string][] = [['primoArrivant', PRIMO_OFFER], ['team', TEAM_OFFER]];
  for (const t of trainings) {
    if (t.price.primoArrivant && t.price.team) problems.push(`${t.file}: price: primoArrivant et team ne peuvent pas s’appliquer à la même formation`);
    for (const [field, key] of rules) {
      if (!t.price[field]) continue;
      const offer = prices.offers[key];
      if (!offer) {
        problems.push(`${t.file}: price.${field}: l’offre « ${key} » n’existe pas dans content/marketing/prices.yaml (offers)`);
        continue;
      }
      if (!t.audiences.includes(offer.audience)) problems.push(`${t.file}: price.${field}: l’offre « ${key} » s’adresse au public « ${offer.audience} », absent de audiences`);
      if (key === PRIMO_OFFER && t.price.individual <= offer.amount) problems.push(`${t.file}: price.individual: ${t.price.individual} € ne dépasse pas le montant de l’offre « ${key} » (${offer.amount} €) : inutile de la proposer`);
    }
  }
  return problems;
}
