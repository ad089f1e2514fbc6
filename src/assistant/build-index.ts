// The assistant's retrieval index from the built pages: every page of the sitemap but the
// thank-you, search and listing pages, its main content (data-pagefind-body) split at each h2 and
// h3, forms, navigation and ignored parts dropped; plus the question set's answers, each pointing
// to its page's section. Runs at build (src/integrations/assistant-index.ts) and in the tests.
import { parseHTML } from 'linkedom';
import { buildIndex, type AssistantIndex } from './engine.ts';
import type { Question } from './questions.ts';

export interface PageHtml {
  /** Site path, e.g. /formations/vehicules-electriques/. */
  path: string;
  html: string;
  /** article:published_time when already known (src/seo/built-site.ts): the HTML is then read only for the indexed pages. */
  publishedTime?: string;
}

/** Pages that answer nothing a visitor asks the assistant (lists of other pages, confirmations, search, events, legal notices but the CGV). */
export const NOT_INDEXED = /^\/(merci\/|recherche\/|blog\/(page\/|categorie\/|tag\/)|blog\/$|formations\/$|webinaires\/|404|admin\/|_variants\/|confidentialite\/|mentions-legales\/|temoignages\/|guide-gratuit\/)/;

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The first sentences of a text, up to about `max` characters, cut at a sentence or a word. */
export function passageOf(text: string, max = 240): string {
  const t = clean(text);
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const sentence = cut.lastIndexOf('. ');
  return sentence > max * 0.5 ? cut.slice(0, sentence + 1) : `${cut.slice(0, cut.lastIndexOf(' '))} …`;
}

export interface SectionText {
  title: string;
  url: string;
  text: string;
}

/** A page's sections: its intro (before the first h2) and every h2/h3 with the text under it. */
export function sectionsOf(page: PageHtml): SectionText[] {
  const { document } = parseHTML(page.html);
  const main = document.querySelector('[data-pagefind-body]') ?? document.querySelector('main');
  if (!main) return [];
  for (const el of main.querySelectorAll('form, nav, script, style, noscript, [data-pagefind-ignore], [aria-hidden="true"], .sr-only')) el.remove();
  const pageTitle = clean(main.querySelector('h1')?.textContent ?? document.title ?? page.path).replace(/\s*\|\s*MécaFormation$/, '');
  const out: SectionText[] = [];
  let current: SectionText = { title: pageTitle, url: page.path, text: '' };
  let anchor = '';
  const walk = (node: Element) => {
    for (const child of [...node.children]) {
      const tag = child.tagName.toLowerCase();
      if (tag === 'h2' || tag === 'h3') {
        if (clean(current.text)) out.push(current);
        if (child.id) anchor = child.id;
        const heading = clean(child.textContent ?? '');
        current = { title: `${pageTitle} › ${heading}`, url: anchor ? `${page.path}#${anchor}` : page.path, text: '' };
      } else if (tag === 'h1') {
        continue;
      } else if (child.querySelector('h2, h3')) {
        walk(child);
      } else {
        current.text += ` ${child.textContent ?? ''}`;
      }
    }
  };
  walk(main);
  if (clean(current.text)) out.push(current);
  return out.map((s) => ({ ...s, text: clean(s.text) })).filter((s) => s.text.length >= 40);
}

const parsed = new WeakMap<PageHtml, Document>();

/** The anchor of the heading whose text is `section` on the page ('' when it has none before it), or null when no heading has that text. */
export function anchorOf(page: PageHtml, section: string): string | null {
  // Several questions point into the same page: it is parsed once.
  let document = parsed.get(page);
  if (!document) parsed.set(page, (document = parseHTML(page.html).document));
  const want = clean(section).toLowerCase();
  for (const h of document.querySelectorAll('h2, h3')) {
    if (clean(h.textContent ?? '').toLowerCase() === want) {
      // A heading without id takes the closest preceding heading's.
      if (h.id) return h.id;
      const all = [...document.querySelectorAll('h2[id], h3[id], h2, h3')];
      for (let i = all.indexOf(h) - 1; i >= 0; i--) if (all[i]!.id) return all[i]!.id;
      return '';
    }
  }
  return null;
}

export interface IndexReport {
  index: AssistantIndex;
  pages: number;
  sections: number;
  faq: number;
  problems: string[];
}

/** Articles in the index: the newest ones (a blog of thousands must not make a huge index), plus every article a question points to. */
export const MAX_ARTICLES = 40;

const publishedAt = (html: string) => /<meta property="article:published_time" content="([^"]+)"/.exec(html)?.[1] ?? '';

export function indexSite(pages: PageHtml[], questions: Question[]): IndexReport {
  const problems: string[] = [];
  const byPath = new Map(pages.map((p) => [p.path, p]));
  const wanted = new Set(questions.map((q) => q.page));
  const candidates = pages.filter((p) => !NOT_INDEXED.test(p.path));
  const articles = candidates.filter((p) => p.path.startsWith('/blog/'));
  const newest = new Set(
    articles
      .map((p) => ({ p, at: p.publishedTime ?? publishedAt(p.html) }))
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, MAX_ARTICLES)
      .map((x) => x.p.path),
  );
  const indexed = candidates.filter((p) => !p.path.startsWith('/blog/') || newest.has(p.path) || wanted.has(p.path));
  const sections = indexed.flatMap((p) => sectionsOf(p)).map((s) => ({ ...s, passage: passageOf(s.text), kind: 'section' as const }));
  const faq = questions.map((q, i) => {
    const page = byPath.get(q.page);
    if (!page) problems.push(`content/questions/questions.yaml : [${i}].page : ${q.page} n’est pas une page du site`);
    let url = q.page;
    if (page && q.section) {
      const anchor = anchorOf(page, q.section);
      if (anchor === null) problems.push(`content/questions/questions.yaml : [${i}].section : aucun titre « ${q.section} » sur ${q.page}`);
      else if (anchor) url = `${q.page}#${anchor}`;
    }
    return { title: q.question, url, passage: q.answer, text: `${q.question} ${q.variants.join(' ')} ${q.answer}`, kind: 'faq' as const };
  });
  return { index: buildIndex([...faq, ...sections]), pages: indexed.length, sections: sections.length, faq: faq.length, problems };
}
