// The assistant's answer to a message, in order: a scenario of chatbot.yaml when the message is
// about what the scenario covers; else the best passage of the site (a retrieval index built at
// build time over trainings, prices, FAQ answers and articles, split by section, ranked by BM25);
// else « no answer » and the hand-over to a person. Pure module: it runs in the browser (the
// assistant's script), at build and in the tests. Nothing here invents text: a scenario's response
// comes from chatbot.yaml (its prices checked against prices.yaml at build), a passage is the
// site's own text with the link to its section.
import { terms } from './language.ts';

export interface IndexedSection {
  /** Page title › section heading. */
  title: string;
  /** Site path with the section's anchor, e.g. /formations/vehicules-electriques/#habilitation. */
  url: string;
  /** A short passage to show (the section's first sentences, or a FAQ answer). */
  passage: string;
  /** Terms of the section and how often they occur (title terms counted twice). */
  tf: Record<string, number>;
  /** Number of terms of the section. */
  length: number;
  kind: 'faq' | 'section';
}

export interface AssistantIndex {
  version: 1;
  sections: IndexedSection[];
  /** Document frequency of each term. */
  df: Record<string, number>;
  avgLength: number;
}

/**
 * The index as shipped to the browser (dist/assistant/index.json): terms numbered once in `vocab`,
 * each section's term counts as [term number, count] pairs, so that the file stays small.
 */
export interface PackedIndex {
  v: 1;
  vocab: string[];
  df: number[];
  avg: number;
  /** title, url, passage, kind (0 section, 1 FAQ), length, flattened [term, count] pairs. */
  s: [string, string, string, 0 | 1, number, number[]][];
}

export function packIndex(index: AssistantIndex): PackedIndex {
  const vocab = Object.keys(index.df).sort();
  const number = new Map(vocab.map((t, i) => [t, i]));
  return {
    v: 1,
    vocab,
    df: vocab.map((t) => index.df[t]!),
    avg: Math.round(index.avgLength * 100) / 100,
    s: index.sections.map((x) => [x.title, x.url, x.passage, x.kind === 'faq' ? 1 : 0, x.length, Object.entries(x.tf).flatMap(([t, n]) => [number.get(t)!, n])]),
  };
}

export function unpackIndex(p: PackedIndex): AssistantIndex {
  const df: Record<string, number> = {};
  p.vocab.forEach((t, i) => (df[t] = p.df[i]!));
  return {
    version: 1,
    df,
    avgLength: p.avg,
    sections: p.s.map(([title, url, passage, kind, length, pairs]) => {
      const tf: Record<string, number> = {};
      for (let i = 0; i < pairs.length; i += 2) tf[p.vocab[pairs[i]!]!] = pairs[i + 1]!;
      return { title, url, passage, kind: kind ? 'faq' : 'section', length, tf };
    }),
  };
}

export interface ScenarioData {
  key: string;
  triggers: string[];
  response: string;
  followUps: { label: string; message?: string; href?: string }[];
}

export type Answer =
  | { kind: 'scenario'; key: string; text: string; followUps: ScenarioData['followUps']; related?: { title: string; url: string } }
  | { kind: 'passage'; title: string; url: string; text: string; score: number; others: { title: string; url: string }[] }
  | { kind: 'none' };

/** Builds the index from sections whose text is given in full (build time). */
export function buildIndex(input: { title: string; url: string; passage: string; text: string; kind: IndexedSection['kind'] }[]): AssistantIndex {
  const df: Record<string, number> = {};
  let total = 0;
  const sections = input.map((s) => {
    const tf: Record<string, number> = {};
    const words = [...terms(s.title), ...terms(s.title), ...terms(s.text)];
    for (const t of words) tf[t] = (tf[t] ?? 0) + 1;
    for (const t of Object.keys(tf)) df[t] = (df[t] ?? 0) + 1;
    total += words.length;
    return { title: s.title, url: s.url, passage: s.passage, tf, length: words.length, kind: s.kind };
  });
  return { version: 1, sections, df, avgLength: sections.length ? total / sections.length : 0 };
}

const K1 = 1.2;
const B = 0.75;

/** BM25 (Robertson–Spärck Jones idf, k1 = 1.2, b = 0.75) of every section for the query's terms. */
export function search(index: AssistantIndex, query: string, limit = 4): { section: IndexedSection; score: number; coverage: number }[] {
  const q = [...new Set(terms(query))];
  if (!q.length) return [];
  const n = index.sections.length;
  const scored: { section: IndexedSection; score: number; coverage: number }[] = [];
  for (const section of index.sections) {
    let score = 0;
    for (const t of q) {
      const f = section.tf[t];
      if (!f) continue;
      const df = index.df[t] ?? 0;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      score += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * section.length) / index.avgLength));
    }
    // A FAQ answer was written for a question: it is preferred when it matches as well.
    if (score > 0) scored.push({ section, score: section.kind === 'faq' ? score * 1.15 : score, coverage: coverage(index, q, section) });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, limit);
}

/** The share of the query's information (idf-weighted; a word the site never uses weighs most) that the section contains. */
function coverage(index: AssistantIndex, q: string[], section: IndexedSection): number {
  const n = index.sections.length;
  let all = 0;
  let found = 0;
  for (const t of q) {
    const df = index.df[t] ?? 0;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    all += idf;
    if (section.tf[t]) found += idf;
  }
  return all ? found / all : 0;
}

/**
 * A passage answers when its BM25 score reaches MIN_SCORE and it holds at least MIN_COVERAGE of
 * the question's information (idf-weighted): « Quel temps fera-t-il demain à Lyon ? » shares two
 * words with a page on salaries by region, not the question. Both measured on the question set
 * (tests/e2e/assistant.spec.ts prints the rates).
 */
export const MIN_SCORE = 3;
export const MIN_COVERAGE = 0.65;

/** How much of the message a scenario covers: its triggers among the message's terms. */
export function scenarioCoverage(scenario: ScenarioData, message: string): number {
  const words = [...new Set(terms(message))];
  if (!words.length) return 0;
  const triggers = new Set(scenario.triggers.flatMap((t) => terms(t)));
  return words.filter((w) => triggers.has(w)).length / words.length;
}

export function answer(message: string, data: { scenarios: ScenarioData[]; index: AssistantIndex }): Answer {
  const text = message.trim().slice(0, 500);
  if (!terms(text).length) return { kind: 'none' };
  const hits = search(data.index, text);
  const best = hits[0];
  const ranked = data.scenarios.map((s) => ({ s, coverage: scenarioCoverage(s, text) })).sort((a, b) => b.coverage - a.coverage);
  const top = ranked[0];
  const strong = best && best.score >= MIN_SCORE && best.coverage >= MIN_COVERAGE;
  // The scenario answers a message that is mostly its own subject (« combien ça coûte ? »);
  // a precise question (« habilitation électrique B2VL ») goes to the site's passage.
  if (top && top.coverage >= 0.5) {
    return { kind: 'scenario', key: top.s.key, text: top.s.response, followUps: top.s.followUps, ...(strong ? { related: { title: best.section.title, url: best.section.url } } : {}) };
  }
  if (strong) {
    return { kind: 'passage', title: best.section.title, url: best.section.url, text: best.section.passage, score: best.score, others: hits.slice(1, 3).filter((h) => h.score >= MIN_SCORE && h.coverage >= MIN_COVERAGE && h.section.url !== best.section.url).map((h) => ({ title: h.section.title, url: h.section.url })) };
  }
  if (top && top.coverage > 0) return { kind: 'scenario', key: top.s.key, text: top.s.response, followUps: top.s.followUps };
  return { kind: 'none' };
}
