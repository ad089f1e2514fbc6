// French sentence case: a heading or a tested headline capitalises its first word, proper nouns
// and acronyms, nothing else (« Devenez expert en mécanique », not « Devenez Expert en Mécanique »).
// Used by the tests over dist/ and content/marketing/experiments.yaml. Pure.

/**
 * Names that keep their capitals wherever they stand: the school, institutions, schemes, places,
 * official titles. Longest first when they overlap (« CAP Maintenance des véhicules »).
 */
export const PROPER_NAMES: readonly string[] = [
  'MécaFormation',
  'CAP Maintenance des véhicules',
  'Bac pro Maintenance des véhicules',
  'France Travail',
  'France compétences',
  'OPCO Mobilités',
  'Mon Compte Formation',
  'Caisse des Dépôts',
  'Code du travail',
  'Code de la consommation',
  'Code de l’éducation',
  'Code général des impôts',
  'Code de commerce',
  'Code civil',
  'Éducation nationale',
  'Défenseur des droits',
  'France Éducation international',
  'Union européenne',
  'Mission locale',
  'Cap emploi',
  'Agefiph',
  'Qualiopi',
  'Kairos',
  'WhatsApp',
  'Région',
  'Régions',
  'Atkinson Hyperlegible',
  'Braille Institute',
  'Cloudflare',
  'Google',
  'Astro',
  'Tailwind',
  // The country, the Régions (the 18) and the cities the site names.
  'France',
  'Auvergne-Rhône-Alpes',
  'Bourgogne-Franche-Comté',
  'Bretagne',
  'Centre-Val de Loire',
  'Corse',
  'Grand Est',
  'Hauts-de-France',
  'Île-de-France',
  'Normandie',
  'Nouvelle-Aquitaine',
  'Occitanie',
  'Pays de la Loire',
  'Provence-Alpes-Côte d’Azur',
  'Guadeloupe',
  'Martinique',
  'Guyane',
  'La Réunion',
  'Mayotte',
  'Paris',
  'Créteil',
  'Versailles',
  'Lyon',
  'Marseille',
  'Toulouse',
  'Lille',
  'Bordeaux',
  'Nantes',
  'Strasbourg',
];

/** A label that starts a new title after its colon (« Module 3 : Sécurité en atelier »). */
const LABEL = /^(?:module|étape|chapitre|partie|semaine|jour|question|annexe)\s+\d+$/i;
const LETTER = /\p{L}/u;
const UPPER = /\p{Lu}/u;
const ELISION = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)[’']/i;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const NAMES = new RegExp(
  `(?<![\\p{L}\\d])(?:${[...PROPER_NAMES].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?![\\p{L}\\d])`,
  'gu',
);

/** A word written as an acronym, a code or a brand: CAP, B0L, C18-550, A/B, WhatsApp-like inner capitals. */
function keepsCapitals(word: string): boolean {
  const letters = [...word].filter((c) => LETTER.test(c));
  if (letters.length <= 1) return true; // « option A », « 12 V »
  if (letters.every((c) => UPPER.test(c))) return true; // CAP, ADAS, NF, B1L
  return letters.slice(1).some((c) => UPPER.test(c)); // inner capital: a brand
}

/**
 * The words of `text` capitalised against French sentence case. Allowed: the first word of each
 * sentence (after . ? ! …), the first word after a numbering (« 3. ») or after a label's colon
 * (« Module 2 : »), proper names of PROPER_NAMES, acronyms and codes.
 */
export function titleCaseWords(text: string): string[] {
  const found: string[] = [];
  const clean = text.replace(/[\s\u00a0\u202f]+/g, ' ').trim().replace(NAMES, (m) => '#'.repeat(m.length));
  // Sentences; then, inside one, a label's colon starts a new title.
  for (const sentence of clean.split(/(?<=[.?!…])\s+/)) {
    const parts = sentence.split(/\s+:\s+/);
    let start = true;
    parts.forEach((part, i) => {
      if (i > 0) start = LABEL.test(parts[i - 1]!.replace(/^\d+[.)]\s*/, '').trim());
      // A proper name (masked as #) counts as a word: the one after it is not a first word.
      const words = part.replace(/^[\d\s.)(]+/, '').split(/[\s/(),;«»"“”]+/).filter((w) => LETTER.test(w) || w.includes('#'));
      words.forEach((raw, j) => {
        if (raw.includes('#')) return;
        const word = raw.replace(ELISION, '').replace(/^[^\p{L}\d]+|[^\p{L}\d]+$/gu, '');
        if (!word || !UPPER.test(word[0]!)) return;
        if (j === 0 && start) return;
        if (!keepsCapitals(word)) found.push(word);
      });
    });
  }
  return found;
}
