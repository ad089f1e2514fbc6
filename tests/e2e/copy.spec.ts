// Copy over the built site: French sentence case in every heading and tested headline; on a
// landing page the big headline is the page's own h1 with its keyword, whatever the hero test
// shows; one true statement of the CAP's PFMP duration wherever a page gives one.
import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'node-html-parser';
import { parse as parseYaml } from 'yaml';
import { titleCaseWords } from '../../src/lib/sentence-case';
import { containsKeyword } from '../../src/seo/lint';

function* htmlFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) yield* htmlFiles(file);
    else if (name.endsWith('.html')) yield file;
  }
}
const files = [...htmlFiles('dist')];
const text = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

interface Landing { file: string; path: string; kind: 'keyword' | 'audience'; keyword?: string; h1: string }
const landings: Landing[] = readdirSync('content/landings')
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => {
    const fm = parseYaml(readFileSync(`content/landings/${f}`, 'utf8').split(/^---$/m)[1]!) as { kind: 'keyword' | 'audience'; keyword?: string; audience?: string; h1: string };
    const slug = f.replace(/\.mdx$/, '');
    return { file: f, path: fm.kind === 'keyword' ? `/${slug}/` : `/pour-qui/${fm.audience}/`, kind: fm.kind, keyword: fm.keyword, h1: fm.h1 };
  });

test('every h1, h2, h3 and tested headline of every built page is in French sentence case', () => {
  const found: string[] = [];
  let headings = 0;
  for (const file of files) {
    for (const h of parse(readFileSync(file, 'utf8')).querySelectorAll('h1, h2, h3, [data-hero-title]')) {
      headings++;
      const words = titleCaseWords(h.textContent);
      if (words.length) found.push(`${relative('dist', file)}: <${h.tagName.toLowerCase()}> « ${text(h.textContent)} » (${words.join(', ')})`);
    }
  }
  expect(headings).toBeGreaterThan(1000);
  expect(found).toEqual([]);
});

test('the hero test changes the home page’s headline only: no landing page has a tested headline or a variant', () => {
  const experiments = parseYaml(readFileSync('content/marketing/experiments.yaml', 'utf8')) as { key: string; pages?: string[] }[];
  const hero = experiments.find((e) => e.key === 'hero')!;
  expect(hero.pages).toEqual(['/']);
  expect(landings.filter((l) => l.kind === 'keyword').length).toBeGreaterThan(5);
  for (const l of landings) {
    const html = readFileSync(join('dist', l.path, 'index.html'), 'utf8');
    expect(html, l.path).not.toContain('data-hero-title');
    expect(existsSync(join('dist', '_variants', l.path)), `${l.path}: variant pages`).toBe(false);
  }
});

for (const l of landings) {
  test(`${l.path}: the page’s one h1${l.keyword ? `, with « ${l.keyword} »,` : ''} is the big headline`, async ({ page }) => {
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(l.path);
      const h1 = page.locator('h1');
      await expect(h1).toHaveCount(1);
      const seen = text((await h1.textContent())!);
      expect(seen).toBe(text(l.h1));
      if (l.keyword) expect(containsKeyword(seen, l.keyword), `« ${l.keyword} » dans « ${seen} »`).toBe(true);
      // Nothing in the first screen is set larger than the h1.
      const { h1Size, larger } = await page.evaluate(() => {
        const heading = document.querySelector('h1')!;
        const size = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
        const bottom = heading.getBoundingClientRect().bottom + 400;
        const larger = [...document.querySelectorAll('main *')]
          .filter((el) => el !== heading && !heading.contains(el) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()))
          .filter((el) => el.getBoundingClientRect().top < bottom && size(el) >= size(heading))
          .map((el) => `${el.tagName} « ${el.textContent!.trim().slice(0, 40)} » ${size(el)}px`);
        return { h1Size: size(heading), larger };
      });
      expect(larger, `${width}px : h1 à ${h1Size}px`).toEqual([]);
    }
  });
}

test('the CAP’s PFMP duration is the same true statement wherever a page gives it', () => {
  const sentences: string[] = [];
  for (const file of files) {
    const doc = parse(readFileSync(file, 'utf8'));
    doc.querySelectorAll('script, style').forEach((n) => n.remove());
    const body = text(doc.querySelector('main')?.textContent ?? '');
    for (const s of body.split(/(?<=[.;!?])\s+/)) {
      if (/PFMP|période de formation en milieu professionnel/i.test(s) && /\d+ semaines/.test(s)) sentences.push(`${relative('dist', file)}: ${s}`);
    }
  }
  expect(sentences.length).toBeGreaterThan(3);
  for (const s of sentences) {
    for (const [, n] of s.matchAll(/(\d+) semaines/g)) {
      // 12 weeks: the referential's school path (../shared/reference/domain-legal-seo.md §1.9); 8 at
      // most: an adult's, in our path; 48: the CAP's length.
      expect(['12', '8', '48'], s).toContain(n);
      if (n === '12') expect(s, s).toMatch(/parcours scolaire/);
      if (n === '8') expect(s, s).toMatch(/8 semaines au plus/);
    }
  }
  for (const page of ['formations/cap-maintenance-vehicules', 'blog/guide-complet-cap-mva-2027']) {
    const body = text(parse(readFileSync(join('dist', page, 'index.html'), 'utf8')).querySelector('main')!.textContent);
    expect(body, page).toMatch(/12 semaines de PFMP pour le parcours scolaire en deux ans|PFMP dure 12 semaines dans le parcours scolaire en deux ans/);
    expect(body, page).toMatch(/8 semaines au plus/);
  }
});
