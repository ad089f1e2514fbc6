// The assistant's language rules, ranking, scenario choice and hand-over (src/assistant/).
import { describe, expect, it } from 'vitest';
import { fold, stem, terms } from '../../src/assistant/language';
import { answer, buildIndex, packIndex, search, unpackIndex, type ScenarioData } from '../../src/assistant/engine';
import { anonymizeQuestion, handoverMessage, waLink } from '../../src/assistant/handover';
import { passageOf, sectionsOf, anchorOf, indexSite } from '../../src/assistant/build-index';
import { scenarioData } from '../../src/assistant/follow-ups';
import { readRules } from '../../src/edge/rules-snapshot';

describe('French text for matching', () => {
  it('folds case, accents, ligatures and apostrophes', () => {
    expect(fold('Cœur d’ÉLECTRIQUE, l\'examen à 890 €')).toBe('coeur d electrique l examen a 890');
  });
  it('stems plurals, feminines and derivations (Savoy’s light stemmer), never below three letters', () => {
    expect(new Set(['financer', 'financement', 'financements'].map(stem))).toEqual(new Set(['financ']));
    expect(new Set(['formation', 'formations', 'former'].map(stem))).toEqual(new Set(['form']));
    expect(stem('électrique')).toBe('électr');
    expect(stem('hybrides')).toBe('hybrid');
    expect(stem('bus')).toBe('bus');
    expect(stem('b2vl')).toBe('b2vl');
    expect(stem('professionnelle')).toBe(stem('professionnel'));
  });
  it('drops stop words and maps synonyms to one term: prix, tarif, coût, combien', () => {
    expect(terms('Combien ça coûte ?')).toEqual(['prix', 'prix']);
    expect(terms('Quel est le tarif ?')).toEqual(['prix']);
    expect(terms('le prix')).toEqual(['prix']);
    expect(terms('Comment on s’inscrit ?')).toEqual(terms('s’inscrire'));
    expect(terms('bonjour, merci')).toEqual([]);
  });
});

const SCENARIOS: ScenarioData[] = [
  { key: 'pricing', triggers: ['prix', 'coût', 'tarif'], response: '890 € pour les primo-arrivants.', followUps: [{ label: 'Financements', message: 'financement' }] },
  { key: 'tech', triggers: ['électrique', 'hybride'], response: 'Nous formons à l’électrique.', followUps: [] },
];
const INDEX = buildIndex([
  { title: 'Habilitation électrique › Les niveaux B0L, B1VL, B2VL', url: '/formations/habilitation/#niveaux', passage: 'Le niveau B2VL permet de consigner un véhicule électrique.', text: 'Le niveau B2VL permet de consigner et de travailler sur les batteries haute tension des véhicules électriques et hybrides.', kind: 'section' },
  { title: 'CAP › Examen', url: '/formations/cap/#examen', passage: 'Le CAP se passe en candidat libre.', text: 'Le CAP Maintenance des véhicules se passe en candidat libre, épreuves en mai et juin.', kind: 'section' },
  { title: 'Salaires par région', url: '/blog/salaires/', passage: 'À Lyon…', text: 'À Lyon et à Paris les salaires des mécaniciens diffèrent.', kind: 'section' },
  { title: 'Combien dure la formation ?', url: '/formations/cap/#duree', passage: 'Le CAP dure de 9 à 18 mois.', text: 'Combien dure la formation ? Le CAP dure de 9 à 18 mois selon votre rythme.', kind: 'faq' },
]);

describe('ranking and the choice of answer', () => {
  it('ranks by BM25: the section that holds the rare words first', () => {
    const [first] = search(INDEX, 'habilitation B2VL');
    expect(first!.section.url).toBe('/formations/habilitation/#niveaux');
    expect(first!.coverage).toBe(1);
  });
  it('survives packing for the browser', () => {
    const round = unpackIndex(JSON.parse(JSON.stringify(packIndex(INDEX))));
    expect(search(round, 'habilitation B2VL')[0]!.score).toBeCloseTo(search(INDEX, 'habilitation B2VL')[0]!.score, 6);
  });
  it('a message that is mostly a scenario’s subject gets the scenario, with its follow-ups', () => {
    const a = answer('combien ça coûte ?', { scenarios: SCENARIOS, index: INDEX });
    expect(a).toMatchObject({ kind: 'scenario', key: 'pricing', text: '890 € pour les primo-arrivants.' });
  });
  it('a precise question gets the passage and its link even when it names a scenario’s trigger', () => {
    const a = answer('habilitation électrique B2VL', { scenarios: SCENARIOS, index: INDEX });
    expect(a).toMatchObject({ kind: 'passage', url: '/formations/habilitation/#niveaux' });
  });
  it('a question the site does not answer gets no answer, not a loose match', () => {
    expect(answer('Quel temps fera-t-il demain à Lyon ?', { scenarios: SCENARIOS, index: INDEX })).toEqual({ kind: 'none' });
    expect(answer('   ', { scenarios: SCENARIOS, index: INDEX })).toEqual({ kind: 'none' });
  });
});

describe('hand-over and privacy', () => {
  it('builds wa.me links with digits only and the prefilled, encoded message', () => {
    expect(waLink('+33 6 89 45 72 31', handoverMessage('Et le samedi ?', '/contact/'))).toBe(
      `https://wa.me/33689457231?text=${encodeURIComponent('Bonjour, j’ai une question : « Et le samedi ? » (page /contact/)')}`,
    );
    expect(() => waLink('12', 'x')).toThrow(/numéro WhatsApp « 12 »/);
  });
  it('keeps no e-mail address, phone number, link or long number of an unanswered question', () => {
    expect(anonymizeQuestion('Je suis jean.dupont@example.fr, rappelez-moi au 06 12 34 56 78 svp')).toBe('je suis [e-mail] rappelez-moi au [numéro] svp');
    expect(anonymizeQuestion('Mon dossier 123456 sur https://example.fr/x')).toBe('mon dossier [numéro] sur [lien]');
    expect(anonymizeQuestion('+33612345678')).toBeNull();
    expect(anonymizeQuestion('x'.repeat(400))!.length).toBe(160);
  });
});

describe('the index built from pages', () => {
  const page = {
    path: '/formations/x/',
    html: '<html><head><title>X | MécaFormation</title></head><body><nav>Menu</nav><main data-pagefind-body><h1>Formation X</h1><p>Une introduction assez longue pour compter dans l’index de la page.</p><h2 id="prix">Le prix</h2><p>Le prix est de 890 € pour les jeunes de 18 à 25 ans en premier emploi.</p><form><label>Nom</label></form><h3>Sans identifiant</h3><p>Un paragraphe sous un titre sans identifiant, rattaché à l’ancre précédente.</p></main></body></html>',
  };
  it('splits a page at its h2 and h3, drops forms and navigation, links each section to the closest anchor', () => {
    const sections = sectionsOf(page);
    expect(sections.map((s) => [s.title, s.url])).toEqual([
      ['Formation X', '/formations/x/'],
      ['Formation X › Le prix', '/formations/x/#prix'],
      ['Formation X › Sans identifiant', '/formations/x/#prix'],
    ]);
    expect(sections.some((s) => s.text.includes('Menu') || s.text.includes('Nom'))).toBe(false);
    expect(anchorOf(page, 'Sans identifiant')).toBe('prix');
    expect(anchorOf(page, 'Absent')).toBeNull();
  });
  it('names the question whose page or section does not exist', () => {
    const q = { question: 'Combien coûte la formation X ?', topic: 'financement' as const, answer: 'Elle coûte 890 € pour les jeunes de 18 à 25 ans en premier emploi.', variants: [] };
    const report = indexSite([page], [{ ...q, page: '/formations/x/', section: 'Le prix' }, { ...q, page: '/absente/' }, { ...q, page: '/formations/x/', section: 'Inconnue' }]);
    expect(report.problems).toEqual([
      'content/questions/questions.yaml : [1].page : /absente/ n’est pas une page du site',
      'content/questions/questions.yaml : [2].section : aucun titre « Inconnue » sur /formations/x/',
    ]);
    expect(report.index.sections[0]).toMatchObject({ kind: 'faq', url: '/formations/x/#prix' });
  });
  it('cuts passages at a sentence', () => {
    expect(passageOf(`${'Phrase un assez longue. '.repeat(20)}`, 100)).toMatch(/\.$/);
  });
  it('every follow-up of chatbot.yaml has an action', () => {
    const data = scenarioData(readRules('content').marketing);
    expect(data.length).toBeGreaterThan(2);
    for (const s of data) for (const f of s.followUps) expect(f.href ?? f.message).toBeTruthy();
  });
});
