// Truthful prices over the built site (dist/, variant pages included): no « dès 890 » anywhere, and
// no 890 € on a card of a training that is not eligible, or on a page whose readers cannot claim
// it (a page for career changers of 30 to 45, for garages). Who reads a page is worked out here
// from the content itself, not from what the cards say.
import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'node-html-parser';
import { parse as parseYaml } from 'yaml';

type Audience = string;
const prices = parseYaml(readFileSync('content/marketing/prices.yaml', 'utf8')) as { offers: Record<string, { amount: number; audience: Audience; partlyEligible?: Audience[] }> };
const keywords = parseYaml(readFileSync('content/marketing/keywords.yaml', 'utf8')) as { page: string; primary: boolean; audience: Audience | null }[];
const primo = prices.offers['primo-arrivant']!;
const claimants = new Set([primo.audience, ...(primo.partlyEligible ?? [])]);

function frontmatter(file: string): Record<string, unknown> {
  return parseYaml(readFileSync(file, 'utf8').split(/^---$/m)[1]!) as Record<string, unknown>;
}
const eligible = new Set(
  readdirSync('content/trainings')
    .filter((f) => f.endsWith('.mdx') && (frontmatter(`content/trainings/${f}`).price as { primoArrivant: boolean }).primoArrivant)
    .map((f) => f.replace(/\.mdx$/, '')),
);

/** The audiences a page is written for; [] when it is for anyone. */
function readers(path: string): Audience[] {
  const audience = /^\/pour-qui\/([^/]+)\/$/.exec(path);
  if (audience) return [audience[1]!];
  const keyword = keywords.find((k) => k.page === path && k.primary);
  if (keyword) return keyword.audience ? [keyword.audience] : [];
  const entry = /^\/(webinaires|blog)\/([^/]+)\/$/.exec(path);
  if (entry) {
    const file = `content/${entry[1] === 'blog' ? 'articles' : 'webinars'}/${entry[2]}.mdx`;
    try {
      return (frontmatter(file).audiences as Audience[]) ?? [];
    } catch {
      return [];
    }
  }
  return [];
}

function* htmlFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) yield* htmlFiles(file);
    else if (name.endsWith('.html')) yield file;
  }
}

/** Public path of a built file; a variant file (dist/_variants/<assignment>/<path>) counts as its page. */
function pathOf(file: string): string {
  const rel = relative('dist', file).replace(/index\.html$/, '').replace(/\.html$/, '/');
  return `/${rel.replace(/^_variants\/[^/]+\//, '')}`.replace(/\/+$/, '/') || '/';
}

const pages = [...htmlFiles('dist')].map((file) => ({ file, path: pathOf(file), doc: parse(readFileSync(file, 'utf8')) }));
const text = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

test('the build has pages and training cards to check', () => {
  expect(pages.length).toBeGreaterThan(60);
  expect(pages.some((p) => p.doc.querySelector('[data-training]'))).toBe(true);
  expect(eligible.size).toBeGreaterThan(0);
});

test('no page says « dès 890 »: 890 € is a price for some readers, not a starting price', () => {
  const found = pages.filter((p) => /dès 890/.test(text(`${p.doc.querySelector('title')?.textContent ?? ''} ${p.doc.querySelector('meta[name="description"]')?.getAttribute('content') ?? ''} ${p.doc.querySelector('body')?.textContent ?? ''}`)));
  expect(found.map((p) => relative('dist', p.file))).toEqual([]);
});

test('890 € shows only on cards of eligible trainings, on pages some of whose readers may claim it', () => {
  const wrong: string[] = [];
  for (const p of pages) {
    const aud = readers(p.path);
    const reachable = aud.length === 0 || aud.some((a) => claimants.has(a));
    for (const card of p.doc.querySelectorAll('[data-training]')) {
      if (!text(card.textContent).includes('890 €')) continue;
      const id = card.getAttribute('data-training')!;
      if (!eligible.has(id)) wrong.push(`${relative('dist', p.file)}: ${id} n’est pas éligible au tarif primo-arrivant`);
      else if (!reachable) wrong.push(`${relative('dist', p.file)}: ${id} à 890 € sur une page pour ${aud.join(', ')}`);
    }
  }
  expect(wrong).toEqual([]);
});

test('pages for career changers and garages never mention 890 €; the first-jobbers’ page shows it as their price', () => {
  const none = pages.filter((p) => {
    const aud = readers(p.path);
    return aud.length > 0 && !aud.some((a) => claimants.has(a));
  });
  expect(none.map((p) => p.path)).toEqual(expect.arrayContaining(['/pour-qui/reconversion/', '/pour-qui/garages/', '/reconversion-mecanique-automobile/']));
  expect(none.filter((p) => text(p.doc.querySelector('main')?.textContent ?? '').includes('890 €')).map((p) => relative('dist', p.file))).toEqual([]);

  const first = pages.find((p) => p.file === join('dist', 'pour-qui', 'primo-arrivants', 'index.html'))!;
  const priced = first.doc.querySelectorAll('[data-training]').filter((c) => eligible.has(c.getAttribute('data-training')!));
  expect(priced.length).toBeGreaterThan(0);
  for (const card of priced) expect(text(card.querySelector('[data-price]')!.textContent)).toBe('890 €');
});

test('a page for everyone shows an eligible training at its individual price, 890 € as a qualified note', () => {
  const home = pages.find((p) => p.file === join('dist', 'index.html'))!;
  const cap = home.doc.querySelector('[data-training="cap-maintenance-vehicules"]')!;
  expect(text(cap.querySelector('[data-price]')!.textContent)).toBe('2 490 €');
  expect(text(cap.querySelector('[data-price-note]')!.textContent)).toMatch(/^890 € pour les jeunes de 18 à 25 ans en recherche d’un premier emploi$/);
});
