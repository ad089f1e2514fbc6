// What the build's checks read in a built page, in one streaming parse (htmlparser2: no DOM is
// built, entities are decoded as a browser would): the SEO lint's title, description, h1s,
// canonical links, robots, images without alt and links; the Open Graph tags the OG images are
// drawn from; the article's publication time; and which of the given marker strings the page
// contains (the campaign slots).
import { Parser } from 'htmlparser2';
import { flatCopy } from '../lib/bounded-memo.ts';

export interface PageFacts {
  title: string;
  description: string | undefined;
  h1s: string[];
  canonical: string[];
  noindex: boolean;
  imagesWithoutAlt: number;
  links: string[];
  og: { image?: string; title?: string; type?: string; kind?: string };
  /** article:published_time, '' when the page has none. */
  publishedTime: string;
  /** The markers (exact substrings of the HTML) that the page contains. */
  markers: Set<string>;
}

/**
 * The strings the facts keep, as flat copies shared by every page: the parser's strings are slices
 * of the page, and a kept slice keeps the whole page in memory (0.3 GB at 4 000 articles). The
 * same links and labels come back on every page, so one copy serves them all.
 */
const interned = new Map<string, string>();
function keep(s: string): string;
function keep(s: string | undefined): string | undefined;
function keep(s: string | undefined): string | undefined {
  if (s === undefined) return s;
  let kept = interned.get(s);
  if (kept === undefined) {
    kept = flatCopy(s);
    if (interned.size >= 100_000) interned.clear();
    interned.set(kept, kept);
  }
  return kept;
}

const clean = (s: string) => keep(s.replace(/\s+/g, ' ').trim());

/** The facts of one page's HTML. `markers`: substrings whose presence is recorded. */
export function pageFacts(html: string, markers: readonly string[] = []): PageFacts {
  const facts: PageFacts = { title: '', description: undefined, h1s: [], canonical: [], noindex: false, imagesWithoutAlt: 0, links: [], og: {}, publishedTime: '', markers: new Set(markers.filter((m) => html.includes(m))) };
  let inHead = false;
  let titleDepth = 0;
  let title: string | undefined;
  let h1Depth = 0;
  let h1 = '';
  let robots: string | undefined;
  let description: string | undefined;
  let sawDescription = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (h1Depth) h1Depth++;
        if (titleDepth) titleDepth++;
        switch (name) {
          case 'head':
            inHead = true;
            break;
          case 'title':
            // The first <title> of the head, as querySelector('head title') finds it.
            if (inHead && title === undefined) {
              titleDepth = 1;
              title = '';
            }
            break;
          case 'h1':
            if (!h1Depth) {
              h1Depth = 1;
              h1 = '';
            }
            break;
          case 'meta':
            if (attrs.name === 'description' && !sawDescription) {
              sawDescription = true;
              description = keep(attrs.content);
            } else if (attrs.name === 'robots' && robots === undefined) robots = keep(attrs.content ?? '');
            else if (attrs.name === 'og-kind' && facts.og.kind === undefined) facts.og.kind = keep(attrs.content);
            else if (attrs.property === 'og:image' && facts.og.image === undefined) facts.og.image = keep(attrs.content);
            else if (attrs.property === 'og:title' && facts.og.title === undefined) facts.og.title = keep(attrs.content);
            else if (attrs.property === 'og:type' && facts.og.type === undefined) facts.og.type = keep(attrs.content);
            else if (attrs.property === 'article:published_time' && !facts.publishedTime) facts.publishedTime = keep(attrs.content ?? '');
            break;
          case 'link':
            if (attrs.rel === 'canonical') facts.canonical.push(keep(attrs.href ?? ''));
            break;
          case 'img':
            if (!('alt' in attrs)) facts.imagesWithoutAlt++;
            break;
          case 'a':
            if ('href' in attrs) facts.links.push(keep(attrs.href ?? ''));
            break;
        }
      },
      ontext(text) {
        if (titleDepth) title += text;
        if (h1Depth) h1 += text;
      },
      onclosetag(name) {
        if (name === 'head') inHead = false;
        if (titleDepth && --titleDepth === 0) facts.title = clean(title ?? '');
        if (h1Depth && --h1Depth === 0) facts.h1s.push(clean(h1));
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  facts.description = description;
  facts.noindex = /noindex/.test(robots ?? '');
  return facts;
}
