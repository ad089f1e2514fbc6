// Truthful prices: what each reader of a page is told a training costs (src/lib/prices.ts), the
// eligibility fields of the real trainings checked against prices.yaml, and the file and field
// named when they do not make sense.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseMarketing, MarketingConfigError } from '../../src/marketing/load';
import { checkTrainingPrices, offerReach, priceLine, trainingPrice, type PricedTraining } from '../../src/lib/prices';
import type { Audience } from '../../src/lib/taxonomy';

const dir = 'content/marketing';
const sources = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
const prices = parseMarketing(sources).prices;
const NBSP = '\u00a0';
const NNBSP = '\u202f';
/** The text with the amounts as formatEuros writes them: « 2\u202f490\u00a0€ ». */
const eur = (s: string) => s.replace(/(\d) (\d{3})\b/g, `$1${NNBSP}$2`).replace(/(\d) €/g, `$1${NBSP}€`);

const cap = { individual: 2490, primoArrivant: true, team: false };
const adas = { individual: 990, primoArrivant: false, team: false };
const team = { individual: 690, primoArrivant: false, team: true };

/** The real trainings' price fields and audiences, read from their frontmatter. */
function realTrainings(): (PricedTraining & { id: string })[] {
  return readdirSync('content/trainings')
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => {
      const file = `content/trainings/${f}`;
      const data = parse(readFileSync(file, 'utf8').split('---\n')[1]!) as { audiences: Audience[]; price: PricedTraining['price'] };
      return { id: f.replace(/\.mdx$/, ''), file, audiences: data.audiences, price: data.price };
    });
}

describe('trainingPrice, per reader', () => {
  it('gives a first-jobber the 890 € price of an eligible training, saying what it replaces', () => {
    expect(trainingPrice(cap, prices, ['primo-arrivants'])).toEqual({ amount: eur('890 €'), note: eur('tarif primo-arrivant, au lieu de 2 490 €'), offer: 'primo-arrivant' });
  });

  it('gives a page for everyone the individual price, with 890 € as a note and its conditions', () => {
    const p = trainingPrice(cap, prices, []);
    expect(p.amount).toBe(eur('2 490 €'));
    expect(p.note).toBe(eur('890 € pour les jeunes de 18 à 25 ans en recherche d’un premier emploi'));
    expect(p.offer).toBeUndefined();
  });

  it('gives jobseekers (some are 18 to 25) the individual price and the note', () => {
    expect(trainingPrice(cap, prices, ['demandeurs-emploi'])).toEqual(trainingPrice(cap, prices, []));
  });

  it('gives career changers of 30 to 45 and garages the individual price only, never 890 €', () => {
    for (const readers of [['reconversion'], ['garages'], ['reconversion', 'garages']] as Audience[][]) {
      const p = trainingPrice(cap, prices, readers);
      expect(p, readers.join('+')).toEqual({ amount: eur('2 490 €') });
      expect(priceLine(p)).not.toMatch(/890/);
    }
  });

  it('never offers 890 € for a training that is not eligible, to anyone', () => {
    for (const readers of [[], ['primo-arrivants'], ['demandeurs-emploi'], ['reconversion']] as Audience[][]) {
      expect(priceLine(trainingPrice(adas, prices, readers))).toBe(eur('990 €'));
    }
  });

  it('gives the garage-team training its team price with the group size and the price alone', () => {
    for (const readers of [[], ['garages']] as Audience[][]) {
      expect(priceLine(trainingPrice(team, prices, readers))).toBe(eur('1 490 € l’équipe · pour former jusqu’à 8 personnes d’un même garage ; 690 € pour une personne seule'));
    }
  });

  it('never says « dès »', () => {
    for (const price of [cap, adas, team]) {
      for (const readers of [[], ['primo-arrivants'], ['reconversion'], ['garages'], ['demandeurs-emploi']] as Audience[][]) {
        expect(priceLine(trainingPrice(price, prices, readers))).not.toMatch(/\bdès\b/);
      }
    }
  });

  it('counts a page written for several audiences as reaching some readers when one of them may claim the offer', () => {
    const primo = prices.offers['primo-arrivant']!;
    expect(offerReach(primo, ['primo-arrivants'])).toBe('all');
    expect(offerReach(primo, ['primo-arrivants', 'reconversion'])).toBe('some');
    expect(offerReach(primo, ['reconversion', 'demandeurs-emploi'])).toBe('some');
    expect(offerReach(primo, ['reconversion'])).toBe('none');
    expect(offerReach(primo, [])).toBe('some');
  });
});

describe('eligibility as data', () => {
  it('holds for the real trainings: 890 € on the CAP, the fundamentals and EV maintenance; 1 490 € on the team training', () => {
    const trainings = realTrainings();
    expect(checkTrainingPrices(trainings, prices)).toEqual([]);
    expect(trainings.filter((t) => t.price.primoArrivant).map((t) => t.id).sort()).toEqual(['cap-maintenance-vehicules', 'maintenance-vehicules-electriques', 'mecanique-automobile-fondamentaux']);
    expect(trainings.filter((t) => t.price.team).map((t) => t.id)).toEqual(['formation-equipe-garage']);
  });

  it('names the file and the field of a training whose offer does not fit', () => {
    const file = 'content/trainings/x.mdx';
    expect(checkTrainingPrices([{ file, audiences: ['reconversion'], price: { individual: 2490, primoArrivant: true, team: false } }], prices)).toEqual([
      'content/trainings/x.mdx: price.primoArrivant: l’offre « primo-arrivant » s’adresse au public « primo-arrivants », absent de audiences',
    ]);
    expect(checkTrainingPrices([{ file, audiences: ['primo-arrivants'], price: { individual: 790, primoArrivant: true, team: false } }], prices)).toEqual([
      'content/trainings/x.mdx: price.individual: 790 € ne dépasse pas le montant de l’offre « primo-arrivant » (890 €) : inutile de la proposer',
    ]);
    expect(checkTrainingPrices([{ file, audiences: ['reconversion'], price: { individual: 690, primoArrivant: false, team: true } }], prices)).toEqual([
      'content/trainings/x.mdx: price.team: l’offre « equipe-garage » s’adresse au public « garages », absent de audiences',
    ]);
    expect(checkTrainingPrices([{ file, audiences: ['garages', 'primo-arrivants'], price: { individual: 990, primoArrivant: true, team: true } }], prices)[0]).toBe(
      'content/trainings/x.mdx: price: primoArrivant et team ne peuvent pas s’appliquer à la même formation',
    );
  });

  it('refuses an offer partly eligible to its own audience, naming prices.yaml and the field', () => {
    const text = sources['prices.yaml']!.replace('partlyEligible: [demandeurs-emploi]', 'partlyEligible: [demandeurs-emploi, primo-arrivants]');
    let error: unknown;
    try {
      parseMarketing({ ...sources, 'prices.yaml': text });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MarketingConfigError);
    expect((error as Error).message).toContain('content/marketing/prices.yaml: offers.primo-arrivant.partlyEligible: « primo-arrivants » est déjà le public de l’offre');
  });
});
