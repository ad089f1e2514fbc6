// French text as the assistant compares it: folded (case, accents, ligatures, apostrophes),
// split into words, stop words dropped, each word reduced by a light stemmer and mapped to its
// synonym group. The same function runs at build (the index) and in the browser (the question),
// so it stays small: no dictionary, a few rules.
//
// The stemmer follows Savoy's « light » French stemmer (J. Savoy, « A stemming procedure and
// stopword list for general French corpora », JASIS 50(10), 1999; the algorithm of Lucene's
// FrenchLightStemmer): plural and feminine endings, then a few derivational suffixes, never below
// a stem of three letters. It conflates « financer, financement, financements » and « formation,
// formations, former », which is what questions and pages need.

/** Lower case, no accents, œ/æ expanded, apostrophes and punctuation as spaces. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’'`´]/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Words that carry no meaning for matching (articles, pronouns, auxiliaries, question words). */
export const STOPWORDS = new Set(
  (
    'a ai aie ainsi alors au aucun aussi autre aux avec avez avoir avons ben bien bon bonjour c ca ce ceci cela celle celles celui ces cet cette chez ci comme comment d dans de des deja devez dit dois doit donc dont du elle elles en encore est et etais etait ete etes etre eu eux faire fais fait faut hello il ils j je jusqu l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ont ou par pas peu peut peuvent peux plus pour pourquoi pouvez puis puisje qu quand que quel quelle quelles quels qui quoi s sa salut sans se ses si sil sont sous suis sur t ta te tes toi ton tous tout toute toutes tres tu un une vos votre vous vraiment y svp merci possible quoi ok oui non est-ce estce'
  ).split(' '),
);

const SUFFIXES = [
  'issements', 'issement', 'atrices', 'atrice', 'ateurs', 'ateur', 'ations', 'ation', 'logies', 'logie',
  'ements', 'ement', 'ements', 'ments', 'ment', 'euses', 'euse', 'eurs', 'eur', 'ances', 'ance', 'ences', 'ence',
  'iques', 'ique', 'ismes', 'isme', 'istes', 'iste', 'ables', 'able', 'ibles', 'ible', 'ites', 'ite',
  'ives', 'ive', 'ifs', 'if', 'iennes', 'ienne', 'iens', 'ien', 'elles', 'elle', 'els', 'el', 'aux', 'ees', 'ee', 'es', 'er', 'ez', 'e', 's',
];

/** A light stem: endings removed while at least three letters remain. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('aux') && w.length > 4) w = `${w.slice(0, -3)}al`;
  else if (w.endsWith('x') && w.length > 4) w = w.slice(0, -1);
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  // A doubled final consonant (« professionnel » / « professionnelle »): once is enough.
  if (/([bcdfglmnprt])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

/**
 * Synonym groups (stems after fold + stem): every word of a group counts as the group's first
 * word. Only what visitors say differently from the pages: prices, paying, duration, distance…
 */
const GROUPS: string[][] = [
  ['prix', 'tarif', 'cout', 'combien', 'cher', 'montant', 'coute', 'cou', 'euro'],
  ['financ', 'pai', 'pay', 'rembours', 'prise', 'aid', 'subvention'],
  ['dur', 'temp', 'longtemp', 'mois', 'semain', 'heur'],
  ['distanc', 'ligne', 'domicil', 'maison', 'visio', 'internet'],
  ['diplom', 'certif', 'titr', 'examen', 'epreuv'],
  ['stag', 'pfmp', 'pratiqu', 'atelier', 'entrepris'],
  ['electr', 'ev', 'batteri'],
  ['hybrid'],
  ['hydrogen', 'h2', 'pil'],
  ['adas', 'aid conduit', 'camera', 'radar', 'calibr'],
  ['garag', 'concession', 'atelier mecan'],
  ['chomag', 'chomeur', 'demandeur', 'pole', 'francetravail'],
  ['emploi', 'job', 'travail', 'metier', 'debouch', 'embauch', 'salair'],
  ['inscri', 'inscript', 'inscrit', 'inscriv', 'inscrir'],
  ['commenc', 'demarr', 'debut', 'rentre'],
  ['jeun', 'primo', 'premi'],
  ['reconvers', 'chang'],
  ['mecan', 'mecanic', 'meca', 'auto', 'automobil', 'voitur', 'vehicul'],
];
const CANONICAL = new Map<string, string>();
for (const group of GROUPS) for (const word of group) if (!word.includes(' ')) CANONICAL.set(word, group[0]!);

/** The words of a text that matter, as stems mapped to their synonym group. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of fold(text).split(' ')) {
    if (!word || STOPWORDS.has(word)) continue;
    const s = stem(word);
    out.push(CANONICAL.get(s) ?? CANONICAL.get(word) ?? s);
  }
  return out;
}
