// French sentence case (src/lib/sentence-case.ts) on the texts that become headlines: the A/B
// variants of experiments.yaml and the landing pages' h1 and hero lines. The built headings are
// checked in tests/e2e/copy.spec.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { titleCaseWords } from '../../src/lib/sentence-case';

describe('titleCaseWords', () => {
  it('flags English-style capitals after the first word', () => {
    expect(titleCaseWords('Devenez Expert en Mécanique')).toEqual(['Expert', 'Mécanique']);
    expect(titleCaseWords('Formation Automobile 890€')).toEqual(['Automobile']);
    expect(titleCaseWords('Nos Formations Les Plus Demandées')).toEqual(['Formations', 'Les', 'Plus', 'Demandées']);
    expect(titleCaseWords('Financer sa formation : Le CPF')).toEqual(['Le']);
  });

  it('accepts sentence case, acronyms, codes and units', () => {
    for (const ok of [
      'Devenez expert en mécanique',
      'Formation automobile à 890 €',
      'Électrique, hybride, hydrogène, ADAS : ce qui change',
      'Risque électrique et norme NF C18-550 (16 h)',
      'Consignation et opérations hors tension (niveaux BCL, B1L et B2L)',
      'La tension de traction n’a rien à voir avec le 12 V',
      'CAP Maintenance des véhicules (option A) à distance',
      'Cookie de mesure d’audience et de test A/B, avec votre accord',
    ]) expect(titleCaseWords(ok), ok).toEqual([]);
  });

  it('accepts proper names: the school, institutions, schemes, Régions and cities', () => {
    for (const ok of [
      '13. Annulation ou report par MécaFormation',
      '9. Autres financements : France Travail et Région',
      'Financement par OPCO Mobilités',
      'Formation mécanique Paris et Île-de-France : apprendre en ligne, pratiquer sur place',
      'Le délai de 14 jours du Code de la consommation',
      'Les aides en Auvergne-Rhône-Alpes et en Provence-Alpes-Côte d’Azur',
      'Certification qualité Qualiopi',
      'Mon Compte Formation',
      'Les examens du CAP dans les académies de Paris, Créteil et Versailles',
    ]) expect(titleCaseWords(ok), ok).toEqual([]);
    // A name does not make the next word a first word.
    expect(titleCaseWords('France Travail Recrute')).toEqual(['Recrute']);
  });

  it('starts a new title after a numbering, a sentence end or a label’s colon, not after any colon', () => {
    expect(titleCaseWords('10. Et maintenant ? Vos prochaines étapes')).toEqual([]);
    expect(titleCaseWords('Je suis en situation de handicap. Puis-je me former ?')).toEqual([]);
    expect(titleCaseWords('Module 3 : Sécurité en atelier (7 h)')).toEqual([]);
    expect(titleCaseWords('Module 1 : L’hydrogène et ses risques')).toEqual([]);
    expect(titleCaseWords('Reconversion mécanique : Changer de métier')).toEqual(['Changer']);
  });
});

describe('headline texts in the content', () => {
  it('every A/B variant of experiments.yaml is in sentence case (its seedText keeps the plan’s wording)', () => {
    const experiments = parse(readFileSync('content/marketing/experiments.yaml', 'utf8')) as { key: string; variants: { key: string; text: string; seedText?: string }[] }[];
    const texts = experiments.flatMap((e) => e.variants.map((v) => [`${e.key}.${v.key}`, v.text] as const));
    expect(texts.length).toBeGreaterThan(4);
    for (const [key, text] of texts) expect(titleCaseWords(text), `${key}: ${text}`).toEqual([]);
    // The plan's wording is kept as such.
    expect(experiments.find((e) => e.key === 'hero')!.variants[0]!.seedText).toBe('Devenez Expert en Mécanique');
  });

  it('every landing page’s h1 and hero lines are in sentence case', () => {
    for (const file of readdirSync('content/landings').filter((f) => f.endsWith('.mdx'))) {
      const fm = parse(readFileSync(`content/landings/${file}`, 'utf8').split(/^---$/m)[1]!) as { h1: string; title: string; hero: { title: string } };
      for (const text of [fm.h1, fm.title, fm.hero.title]) expect(titleCaseWords(text), `${file}: ${text}`).toEqual([]);
    }
  });
});
