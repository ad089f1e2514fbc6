// The free guide as a tagged PDF, drawn with pdfkit at build time (no browser).
//
// Layout is done here, not by pdfkit's text wrapper, so that every page break is a decision:
// a heading is never left alone at the bottom of a page, a paragraph never leaves one line behind
// or carries one line over (orphans and widows), a table row is never cut and a table's header
// is repeated on the next page. Two passes: the first learns on which page each chapter starts,
// the second draws the table of contents with those numbers.
//
// Accessibility (PDF/UA-minded): tagged PDF with a logical structure tree (Document > Sect per
// chapter > H1/H2/H3/P/L/LI/Lbl/LBody/Table/THead/TBody/TR/TH/TD/Link, TOC/TOCI), link
// annotations inside their Link elements, everything decorative marked as Artifact, the
// document's language and title, bookmarks per chapter and section, fonts embedded (subsets).
// The content stream is written in reading order.
//
// Deterministic: the same input gives the same bytes (CreationDate is doc.date, pdfkit's file ID
// is a hash of the info dictionary, font subset tags derive from the font ids F1/F2).
// pdfkit is loaded when a guide is drawn (renderGuide): a build whose PDF is cached never loads it.
let PDFDocument: typeof import('pdfkit');
import { NBSP } from '../lib/typography.ts';
import { parseGuideMarkdown, GuideContentError, guideText, type Block, type Inline, type ListEntry, type SiteLink } from './markdown.ts';

export interface GuideChapter {
  slug: string;
  title: string;
  summary: string;
  markdown: string;
  /** Source file, named in errors (default: the slug). */
  file?: string;
  /** Line of the source file where `markdown` starts, 1-based (default 1). */
  line?: number;
}

export interface GuideDocument {
  title: string;
  subtitle: string;
  siteUrl: string;
  date: Date;
  chapters: GuideChapter[];
  /** Lines of the last page: who publishes the guide (school facts). */
  colophon: string[];
  /** The school's name (cover, Author). Default: MécaFormation. */
  author?: string;
  /** The school's promise, under its name on the cover. */
  tagline?: string;
  keywords?: string[];
}

export interface GuideFonts {
  regular: Buffer;
  bold: Buffer;
}

export interface RenderedGuide {
  pdf: Buffer;
  pages: number;
  /** 1-based page number of each chapter's first page (the table of contents prints them). */
  chapterPages: number[];
}

// --- Geometry and brand ---------------------------------------------------------------------

const MM = 72 / 25.4;
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 18 * MM;
const LEFT = MARGIN;
const WIDTH = PAGE_W - 2 * MARGIN;
const TOP = MARGIN;
const BOTTOM = PAGE_H - MARGIN;

const NAVY = '#0f1f3d';
const NAVY_700 = '#2a3d63';
const NAVY_100 = '#e6ebf4';
const NAVY_50 = '#f4f6fa';
const TEAL = '#0e7c86';
const TEAL_700 = '#0b6670';
const TEAL_100 = '#d7f1f2';
const AMBER = '#f5a524';
const INK = '#4a5568';
const WHITE = '#ffffff';
const BORDER = '#b8c3d4';

type FontName = 'regular' | 'bold';

interface TextStyle {
  font: FontName;
  size: number;
  leading: number;
  color: string;
}

const BODY: TextStyle = { font: 'regular', size: 10.5, leading: 14.5, color: NAVY };
const LEAD: TextStyle = { font: 'regular', size: 12, leading: 16.5, color: NAVY_700 };
const H1: TextStyle = { font: 'bold', size: 22, leading: 26.5, color: NAVY };
const H2: TextStyle = { font: 'bold', size: 14.5, leading: 18, color: NAVY };
const H3: TextStyle = { font: 'bold', size: 11.5, leading: 15, color: NAVY };
const KICKER: TextStyle = { font: 'bold', size: 9.5, leading: 13, color: TEAL_700 };
const CELL: TextStyle = { font: 'regular', size: 9.5, leading: 12.5, color: NAVY };
const HEAD_CELL: TextStyle = { font: 'bold', size: 9.5, leading: 12.5, color: WHITE };
const FOOTER: TextStyle = { font: 'regular', size: 8.5, leading: 11, color: INK };
const TOC_TITLE: TextStyle = { font: 'bold', size: 12, leading: 16, color: NAVY };
const TOC_SUMMARY: TextStyle = { font: 'regular', size: 9, leading: 12.5, color: INK };
const COLOPHON: TextStyle = { font: 'regular', size: 9.5, leading: 13.5, color: NAVY };

const SPACE = { paragraph: 6.5, list: 6.5, item: 2.5, h2Before: 13, h2After: 5, h3Before: 8, h3After: 3, table: 10, h2Rule: 8, chapterBefore: 34, chapterRule: 26 };
const CELL_PAD_X = 4;
const CELL_PAD_Y = 3;

// The brand's logo mark (src/assets/brand/logo-mark.svg), as vector paths.
const MARK_WRENCH = 'M-3.5-20.3A9 9 0 0 0-3.5-3.7V16A3.5 3.5 0 0 0 3.5 16V-3.7A9 9 0 0 0 3.5-20.3V-12A3.5 3.5 0 0 1-3.5-12Z';
const MARK_BOLT = 'M38 4 30 15.5h4.5l-3 8.5 9-12h-4.5z';

// --- Lines ----------------------------------------------------------------------------------

interface RunStyle {
  font: FontName;
  size: number;
  color: string;
  italic: boolean;
  href?: string;
  linkId?: number;
}

interface Segment {
  text: string;
  x: number;
  width: number;
  style: RunStyle;
}

interface Line {
  segments: Segment[];
  width: number;
}

type Token = { kind: 'word'; parts: { text: string; style: RunStyle }[] } | { kind: 'space'; style: RunStyle } | { kind: 'newline' };

function sameStyle(a: RunStyle, b: RunStyle): boolean {
  return a.font === b.font && a.size === b.size && a.color === b.color && a.italic === b.italic && a.href === b.href && a.linkId === b.linkId;
}

function runStyle(inline: Inline, base: TextStyle): RunStyle {
  return {
    font: inline.bold ? 'bold' : base.font,
    size: base.size,
    color: inline.href ? (base.color === WHITE ? WHITE : TEAL_700) : base.color,
    italic: inline.italic,
    href: inline.href,
    linkId: inline.href ? inline.linkId : undefined,
  };
}

function tokens(inlines: Inline[], base: TextStyle): Token[] {
  const out: Token[] = [];
  let word: { text: string; style: RunStyle }[] | null = null;
  const flush = () => {
    if (word) out.push({ kind: 'word', parts: word });
    word = null;
  };
  for (const inline of inlines) {
    const style = runStyle(inline, base);
    for (const piece of inline.text.split(/( +|\n)/)) {
      if (!piece) continue;
      if (piece === '\n') {
        flush();
        out.push({ kind: 'newline' });
      } else if (/^ +$/.test(piece)) {
        flush();
        out.push({ kind: 'space', style });
      } else {
        (word ??= []).push({ text: piece, style });
      }
    }
  }
  flush();
  return out;
}

// --- Tagging --------------------------------------------------------------------------------

type Elem = PDFKit.PDFStructureElement;

/** Keeps at most one marked-content sequence open, so that the content stream is flat. */
class Tagger {
  private open: Elem | 'artifact' | null = null;
  private pdf: PDFKit.PDFDocument;
  constructor(pdf: PDFKit.PDFDocument) {
    this.pdf = pdf;
  }

  /** Makes what is drawn next part of `elem` (a new marked-content sequence if needed). */
  content(elem: Elem, tag: string) {
    if (this.open === elem) return;
    this.close();
    elem.add(this.pdf.markStructureContent(tag));
    this.open = elem;
  }

  /** Draws decoration outside the structure tree. */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout', attached?: string[]) {
    this.close();
    this.pdf.markContent('Artifact', { type, ...(attached ? { attached } : {}) } as PDFKit.Mixins.MarkingOptions);
    this.open = 'artifact';
    draw();
    this.close();
  }

  close() {
    if (this.open) this.pdf.endMarkedContent();
    this.open = null;
  }
}

// --- The renderer ---------------------------------------------------------------------------

interface ParsedChapter {
  chapter: GuideChapter;
  title: string;
  summary: string;
  blocks: Block[];
}

interface TableLayout {
  widths: number[];
  header: { lines: Line[][]; height: number };
  rows: { lines: Line[][]; height: number }[];
}

class Renderer {
  readonly pdf: PDFKit.PDFDocument;
  private tagger: Tagger;
  private root!: Elem;
  private y = TOP;
  private page = 0;
  private openLink: { id: number; elem: Elem; page: number; container: Elem } | null = null;
  private widthCache = new Map<string, number>();
  private linkTexts = new Map<number, string>();
  readonly chapterPages: number[] = [];

  private doc: GuideDocument;
  private tocPages: number[] | null;

  constructor(doc: GuideDocument, fonts: GuideFonts, tocPages: number[] | null) {
    this.doc = doc;
    this.tocPages = tocPages;
    const author = doc.author ?? 'MécaFormation';
    this.pdf = new PDFDocument({
      autoFirstPage: false,
      size: 'A4',
      margin: MARGIN,
      pdfVersion: '1.7',
      tagged: true,
      lang: 'fr-FR',
      displayTitle: true,
      font: null as unknown as string,
      info: {
        Title: guideText(doc.title),
        Author: author,
        Subject: guideText(doc.subtitle),
        Keywords: (doc.keywords ?? []).join(', '),
        CreationDate: doc.date,
        Creator: author,
        Producer: 'PDFKit',
      },
    });
    this.pdf.registerFont('regular', fonts.regular);
    this.pdf.registerFont('bold', fonts.bold);
    for (const name of ['regular', 'bold'] as const) drawNarrowSpaceWithThinSpace(this.pdf, name);
    this.tagger = new Tagger(this.pdf);
  }

  // Measuring

  private width(style: { font: FontName; size: number }, text: string): number {
    const key = `${style.font}|${style.size}|${text}`;
    let w = this.widthCache.get(key);
    if (w === undefined) {
      w = this.pdf.font(style.font).fontSize(style.size).widthOfString(text);
      this.widthCache.set(key, w);
    }
    return w;
  }

  /** Greedy line breaking at ordinary spaces (no-break spaces hold words together). */
  lines(inlines: Inline[], base: TextStyle, maxWidth: number): Line[] {
    const lines: Line[] = [];
    let segments: Segment[] = [];
    let x = 0;
    let pendingSpace: RunStyle | null = null;
    const pushLine = () => {
      const merged: Segment[] = [];
      for (const s of segments) {
        const last = merged[merged.length - 1];
        if (last && sameStyle(last.style, s.style)) {
          last.text += s.text;
          last.width += s.width;
        } else merged.push({ ...s });
      }
      lines.push({ segments: merged, width: x });
      segments = [];
      x = 0;
      pendingSpace = null;
    };
    for (const token of tokens(inlines, base)) {
      if (token.kind === 'newline') {
        pushLine();
        continue;
      }
      if (token.kind === 'space') {
        if (segments.length) pendingSpace = token.style;
        continue;
      }
      let parts = token.parts.map((p) => ({ ...p, width: this.width(p.style, p.text) }));
      let wordWidth = parts.reduce((sum, p) => sum + p.width, 0);
      let spaceWidth = pendingSpace && segments.length ? this.width(pendingSpace, ' ') : 0;
      if (segments.length && x + spaceWidth + wordWidth > maxWidth) {
        pushLine();
        spaceWidth = 0;
      }
      // A word wider than the line (a long URL in a narrow cell): cut it between characters.
      while (!segments.length && wordWidth > maxWidth && parts.length) {
        const line: Segment[] = [];
        let lx = 0;
        while (parts.length) {
          const part = parts[0]!;
          let cut = 0;
          while (cut < part.text.length && lx + this.width(part.style, part.text.slice(0, cut + 1)) <= maxWidth) cut++;
          if (cut === part.text.length) {
            line.push({ text: part.text, x: lx, width: part.width, style: part.style });
            lx += part.width;
            parts.shift();
            continue;
          }
          if (cut === 0 && !line.length) cut = 1;
          if (cut > 0) {
            const head = part.text.slice(0, cut);
            const w = this.width(part.style, head);
            line.push({ text: head, x: lx, width: w, style: part.style });
            lx += w;
            const rest = part.text.slice(cut);
            parts[0] = { ...part, text: rest, width: this.width(part.style, rest) };
          }
          break;
        }
        segments = line;
        x = lx;
        if (parts.length) pushLine();
        wordWidth = parts.reduce((sum, p) => sum + p.width, 0);
        if (!parts.length) {
          pendingSpace = null;
          spaceWidth = 0;
        }
      }
      if (!parts.length) continue;
      if (spaceWidth && pendingSpace) {
        segments.push({ text: ' ', x, width: spaceWidth, style: pendingSpace });
        x += spaceWidth;
      }
      for (const p of parts) {
        segments.push({ text: p.text, x, width: p.width, style: p.style });
        x += p.width;
      }
      pendingSpace = null;
      parts = [];
    }
    if (segments.length) pushLine();
    return lines;
  }

  // Pages

  private pageHasFooter = false;

  private newPage(footer = true) {
    this.finishPage();
    this.pdf.addPage({ size: 'A4', margin: MARGIN });
    this.page++;
    this.y = TOP;
    this.pageHasFooter = footer;
  }

  /** Ends the page's content; the footer comes last in the content stream, as it is read last. */
  private finishPage() {
    this.endLink();
    this.tagger.close();
    if (this.page && this.pageHasFooter) this.footer();
  }

  private footer() {
    const baseline = BOTTOM + 24;
    const pageText = String(this.page);
    this.tagger.artifact(
      () => {
        this.pdf.save().moveTo(LEFT, baseline - 14).lineTo(LEFT + WIDTH, baseline - 14).lineWidth(0.5).strokeColor(NAVY_100).stroke().restore();
        this.text(guideText(this.doc.title), LEFT, baseline, { ...FOOTER, italic: false });
        this.text(pageText, LEFT + WIDTH - this.width(FOOTER, pageText), baseline, { ...FOOTER, font: 'bold', italic: false });
      },
      'Pagination',
      ['Bottom'],
    );
  }

  private text(text: string, x: number, baseline: number, style: { font: FontName; size: number; color: string; italic: boolean }) {
    this.pdf.font(style.font).fontSize(style.size).fillColor(style.color);
    this.pdf.text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic', oblique: style.italic ? 10 : false } as PDFKit.Mixins.TextOptions);
  }

  private baseline(top: number, style: TextStyle): number {
    return top + (style.leading - style.size) / 2 + style.size * 0.8;
  }

  // Links

  private endLink() {
    if (!this.openLink) return;
    // Ending the element writes its annotation's /Pg: it must happen on the link's own page.
    this.openLink.elem.end();
    this.openLink = null;
  }

  private linkElem(id: number, container: Elem): Elem {
    const open = this.openLink;
    if (open && open.id === id && open.page === this.page && open.container === container) return open.elem;
    this.endLink();
    const elem = this.pdf.struct('Link');
    container.add(elem);
    this.openLink = { id, elem, page: this.page, container };
    return elem;
  }

  /** Draws one line; `elem` null means the caller opened an artifact. */
  private drawLine(line: Line, x: number, top: number, style: TextStyle, elem: Elem | null, tag: string) {
    const baseline = this.baseline(top, style);
    const segs = line.segments;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i]!;
      const link = seg.style.linkId !== undefined && seg.style.href;
      if (elem) {
        if (link) this.tagger.content(this.linkElem(seg.style.linkId!, elem), 'Link');
        else {
          this.endLink();
          this.tagger.content(elem, tag);
        }
      }
      this.text(seg.text, x + seg.x, baseline, seg.style);
      if (!link) continue;
      // One underline and one annotation per line for each link.
      const next = segs[i + 1];
      if (next && next.style.linkId === seg.style.linkId) continue;
      let start = i;
      while (start > 0 && segs[start - 1]!.style.linkId === seg.style.linkId) start--;
      let from = segs[start]!.x;
      let to = seg.x + seg.width;
      // Spaces at either end of the link's run on this line are not underlined.
      if (segs[start]!.text.startsWith(' ')) from += this.width(segs[start]!.style, ' ');
      if (seg.text.endsWith(' ')) to -= this.width(seg.style, ' ');
      this.pdf
        .save()
        .moveTo(x + from, baseline + 1.6)
        .lineTo(x + to, baseline + 1.6)
        .lineWidth(0.7)
        .strokeColor(seg.style.color)
        .stroke()
        .restore();
      if (elem && this.openLink) {
        const label = this.linkTexts.get(seg.style.linkId!) ?? '';
        this.pdf.link(x + from, top, to - from, style.leading, seg.style.href as string, {
          structParent: this.openLink.elem,
          Contents: new String(`${label} : ${seg.style.href}`),
        } as unknown as PDFKit.Mixins.AnnotationOption);
      }
    }
  }

  /**
   * Draws lines down the page, breaking pages with widow and orphan control: at least two lines
   * of a paragraph at the bottom of a page and at least two at the top of the next.
   */
  private flow(lines: Line[], x: number, style: TextStyle, elem: Elem, tag: string, onFirstLine?: (top: number) => void, align: 'left' | 'center' = 'left', width = WIDTH) {
    const n = lines.length;
    const lh = style.leading;
    let i = 0;
    while (i < n) {
      const fit = Math.floor((BOTTOM - this.y + 0.01) / lh);
      let k = Math.min(fit, n - i);
      if (k < n - i) {
        if (n - i - k < 2) k = n - i - 2;
        if (k < 2 && this.y > TOP) {
          this.newPage();
          continue;
        }
        k = Math.max(k, 1);
      }
      for (let j = 0; j < k; j++) {
        if (i + j === 0) onFirstLine?.(this.y);
        const line = lines[i + j]!;
        const dx = align === 'center' ? (width - line.width) / 2 : 0;
        this.drawLine(line, x + dx, this.y, style, elem, tag);
        this.y += lh;
      }
      i += k;
      if (i < n) this.newPage();
    }
    this.endLink();
  }

  private rememberLinks(inlines: Inline[]) {
    for (const inline of inlines) {
      if (inline.linkId === undefined) continue;
      this.linkTexts.set(inline.linkId, ((this.linkTexts.get(inline.linkId) ?? '') + inline.text).replace(/\s+/g, ' '));
    }
  }

  private paragraph(inlines: Inline[], parent: Elem, style: TextStyle, x = LEFT, width = WIDTH, tag = 'P') {
    this.linkTexts.clear();
    this.rememberLinks(inlines);
    const elem = this.pdf.struct(tag);
    parent.add(elem);
    this.flow(this.lines(inlines, style, width), x, style, elem, tag);
    elem.end();
  }

  // Blocks

  private pendingGap = 0;

  private gap(before: number) {
    const g = Math.max(before, this.pendingGap);
    if (this.y > TOP) this.y += g;
    this.pendingGap = 0;
  }

  private minHeight(blocks: Block[], i: number, width: number): number {
    const b = blocks[i];
    if (!b) return 0;
    const twoLines = (n: number, lh: number) => (n <= 3 ? n : 2) * lh;
    switch (b.kind) {
      case 'heading': {
        const style = b.depth === 2 ? H2 : H3;
        const rule = b.depth === 2 ? SPACE.h2Rule : 0;
        const after = b.depth === 2 ? SPACE.h2After : SPACE.h3After;
        return rule + this.lines(b.inlines, style, width).length * style.leading + after + this.minHeight(blocks, i + 1, width);
      }
      case 'paragraph':
        return twoLines(this.lines(b.inlines, BODY, width).length, BODY.leading);
      case 'list': {
        const first = b.items[0]?.blocks[0];
        if (!first) return 0;
        return this.minHeight([first], 0, width - this.labelWidth(b));
      }
      case 'table': {
        const t = this.tableLayout(b, width);
        return t.header.height + (t.rows[0]?.height ?? 0);
      }
      case 'rule':
        return 12;
    }
  }

  private blocks(blocks: Block[], parent: Elem, x: number, width: number, outline?: PDFKit.PDFOutline) {
    for (let i = 0; i < blocks.length; i++) {
      const b = blocks[i]!;
      switch (b.kind) {
        case 'heading': {
          const style = b.depth === 2 ? H2 : H3;
          const rule = b.depth === 2 ? SPACE.h2Rule : 0;
          const after = b.depth === 2 ? SPACE.h2After : SPACE.h3After;
          this.gap(b.depth === 2 ? SPACE.h2Before : SPACE.h3Before);
          // Keep with next: the heading moves to the next page with the start of what follows.
          const need = this.minHeight(blocks, i, width);
          if (this.y + need > BOTTOM && this.y > TOP) this.newPage();
          if (rule) {
            const y = this.y;
            this.tagger.artifact(() => this.pdf.rect(x, y, 28, 2.5).fill(TEAL));
            this.y += rule;
          }
          if (b.depth === 2 && outline) outline.addItem(b.text, bookmarkAt(this.y - 4));
          this.paragraph(b.inlines, parent, style, x, width, b.depth === 2 ? 'H2' : 'H3');
          this.pendingGap = after;
          break;
        }
        case 'paragraph':
          this.gap(0);
          this.paragraph(b.inlines, parent, BODY, x, width);
          this.pendingGap = SPACE.paragraph;
          break;
        case 'list':
          this.gap(0);
          this.list(b, parent, x, width, 0);
          this.pendingGap = SPACE.list;
          break;
        case 'table':
          this.gap(4);
          this.table(b, parent, x, width);
          this.pendingGap = SPACE.table;
          break;
        case 'rule': {
          this.gap(4);
          if (this.y + 12 > BOTTOM) this.newPage();
          const y = this.y + 6;
          this.tagger.artifact(() => this.pdf.save().moveTo(x, y).lineTo(x + width, y).lineWidth(0.8).strokeColor(NAVY_100).stroke().restore());
          this.y += 12;
          this.pendingGap = SPACE.paragraph;
          break;
        }
      }
    }
  }

  // Lists

  private labelWidth(list: Extract<Block, { kind: 'list' }>): number {
    if (list.items.some((item) => item.checked !== null)) return 19;
    if (!list.ordered) return 14;
    const last = `${list.start + list.items.length - 1}.`;
    return Math.max(16, this.width({ font: 'bold', size: BODY.size }, last) + 6);
  }

  private list(list: Extract<Block, { kind: 'list' }>, parent: Elem, x: number, width: number, depth: number) {
    const L = this.pdf.struct('L');
    parent.add(L);
    const numbering = list.ordered ? 'Decimal' : list.items.some((item) => item.checked !== null) ? 'None' : depth === 0 ? 'Disc' : 'Square';
    (L as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = { O: 'List', ListNumbering: numbering };
    const labelW = this.labelWidth(list);
    list.items.forEach((item, n) => {
      if (n > 0) this.gap(SPACE.item);
      const LI = this.pdf.struct('LI');
      L.add(LI);
      const lbl = this.pdf.struct('Lbl', item.checked !== null ? { alt: item.checked ? 'case cochée' : 'case à cocher', actual: item.checked ? '\u2611' : '\u2610' } : {});
      LI.add(lbl);
      const body = this.pdf.struct('LBody');
      LI.add(body);
      const label = (top: number) => this.label(list, item, n, depth, x, top, lbl);
      this.item(item, body, x + labelW, width - labelW, depth, label);
      if (!item.blocks.length) label(this.y);
      lbl.end();
      body.end();
      LI.end();
    });
    L.end();
  }

  private label(list: Extract<Block, { kind: 'list' }>, item: ListEntry, n: number, depth: number, x: number, top: number, lbl: Elem) {
    this.endLink();
    this.tagger.content(lbl, 'Lbl');
    const baseline = this.baseline(top, BODY);
    if (item.checked !== null) {
      // The box is drawn, not a glyph: the font has none, and it must print as an empty square.
      const size = 9;
      const y = baseline - size + 0.5;
      this.pdf.save().roundedRect(x + 0.5, y, size, size, 1.5).lineWidth(1).strokeColor(NAVY).stroke();
      if (item.checked) this.pdf.moveTo(x + 2.5, y + 4.8).lineTo(x + 4.6, y + 7).lineTo(x + 8, y + 2).lineWidth(1.4).strokeColor(TEAL).stroke();
      this.pdf.restore();
      return;
    }
    if (list.ordered) this.text(`${list.start + n}.`, x, baseline, { font: 'bold', size: BODY.size, color: NAVY, italic: false });
    else this.text(depth === 0 ? '•' : '–', x + 2, baseline, { font: 'bold', size: BODY.size, color: TEAL_700, italic: false });
  }

  private item(item: ListEntry, body: Elem, x: number, width: number, depth: number, label: (top: number) => void) {
    const paragraphs = item.blocks.filter((b) => b.kind === 'paragraph').length;
    let labelled = false;
    const firstLine = (top: number) => {
      if (labelled) return;
      labelled = true;
      label(top);
    };
    item.blocks.forEach((b, j) => {
      if (j > 0) this.gap(SPACE.item);
      if (b.kind === 'paragraph') {
        this.linkTexts.clear();
        this.rememberLinks(b.inlines);
        const lines = this.lines(b.inlines, BODY, width);
        if (paragraphs > 1) {
          const P = this.pdf.struct('P');
          body.add(P);
          this.flow(lines, x, BODY, P, 'P', firstLine);
          P.end();
        } else this.flow(lines, x, BODY, body, 'LBody', firstLine);
      } else if (b.kind === 'list') {
        if (!labelled) {
          if (this.y + this.minHeight([b], 0, width) > BOTTOM) this.newPage();
          firstLine(this.y);
        }
        this.list(b, body, x, width, depth + 1);
      }
    });
  }

  // Tables

  private tableLayout(t: Extract<Block, { kind: 'table' }>, width: number): TableLayout {
    const cols = t.header.length;
    const all = [t.header, ...t.rows];
    const natural = new Array<number>(cols).fill(0);
    const minimum = new Array<number>(cols).fill(0);
    all.forEach((row, r) => {
      const style = r === 0 ? HEAD_CELL : CELL;
      for (let c = 0; c < cols; c++) {
        const cell = row[c] ?? [];
        const one = this.lines(cell, style, Infinity);
        natural[c] = Math.max(natural[c]!, ...one.map((l) => l.width + 2 * CELL_PAD_X + 1));
        for (const token of tokens(cell, style)) {
          if (token.kind !== 'word') continue;
          const w = token.parts.reduce((sum, p) => sum + this.width(p.style, p.text), 0);
          minimum[c] = Math.max(minimum[c]!, w + 2 * CELL_PAD_X + 1);
        }
      }
    });
    const sumNatural = natural.reduce((a, b) => a + b, 0);
    const sumMinimum = minimum.reduce((a, b) => a + b, 0);
    let widths: number[];
    if (sumNatural <= width) widths = natural.map((w) => (w * width) / sumNatural);
    else if (sumMinimum >= width) widths = minimum.map((w) => (w * width) / sumMinimum);
    else {
      const flex = natural.map((w, c) => w - minimum[c]!);
      const sumFlex = flex.reduce((a, b) => a + b, 0) || 1;
      widths = minimum.map((w, c) => w + ((width - sumMinimum) * flex[c]!) / sumFlex);
    }
    const layoutRow = (row: Inline[][], style: TextStyle) => {
      const lines = widths.map((w, c) => this.lines(row[c] ?? [], style, w - 2 * CELL_PAD_X));
      const height = Math.max(1, ...lines.map((l) => l.length)) * style.leading + 2 * CELL_PAD_Y;
      return { lines, height };
    };
    return { widths, header: layoutRow(t.header, HEAD_CELL), rows: t.rows.map((row) => layoutRow(row, CELL)) };
  }

  private table(t: Extract<Block, { kind: 'table' }>, parent: Elem, x: number, width: number) {
    const layout = this.tableLayout(t, width);
    if (this.y + layout.header.height + (layout.rows[0]?.height ?? 0) > BOTTOM && this.y > TOP) this.newPage();
    const table = this.pdf.struct('Table');
    parent.add(table);
    const thead = this.pdf.struct('THead');
    table.add(thead);
    this.tableRow(t, layout, layout.header, t.header, x, -1, thead);
    thead.end();
    const tbody = this.pdf.struct('TBody');
    table.add(tbody);
    layout.rows.forEach((row, r) => {
      if (this.y + row.height > BOTTOM) {
        this.newPage();
        // The header again, as decoration: it is already in the structure once.
        this.tableRow(t, layout, layout.header, t.header, x, -1, null);
      }
      this.tableRow(t, layout, row, t.rows[r]!, x, r, tbody);
    });
    tbody.end();
    table.end();
  }

  private tableRow(t: Extract<Block, { kind: 'table' }>, layout: TableLayout, row: TableLayout['header'], cells: Inline[][], x: number, r: number, parent: Elem | null) {
    const y = this.y;
    const head = r < 0;
    const style = head ? HEAD_CELL : CELL;
    const total = layout.widths.reduce((a, b) => a + b, 0);
    const paint = () => {
      this.pdf.save();
      if (head) this.pdf.rect(x, y, total, row.height).fill(NAVY);
      else if (r % 2 === 1) this.pdf.rect(x, y, total, row.height).fill(NAVY_50);
      this.pdf.lineWidth(0.6).strokeColor(head ? NAVY : BORDER);
      let cx = x;
      for (const w of layout.widths) {
        this.pdf.rect(cx, y, w, row.height).stroke();
        cx += w;
      }
      this.pdf.restore();
    };
    const drawCells = (tr: Elem | null) => {
      let cx = x;
      layout.widths.forEach((w, c) => {
        const tag = head ? 'TH' : 'TD';
        // pdfkit writes /A << /O /Table /Scope /Column >> for `scope` (not in @types/pdfkit).
        const cell = tr ? this.pdf.struct(tag, (head ? { scope: 'Column' } : {}) as PDFKit.Mixins.StructureElementOptions) : null;
        if (tr && cell) tr.add(cell);
        this.linkTexts.clear();
        this.rememberLinks(cells[c] ?? []);
        const align = t.align[c] ?? 'left';
        row.lines[c]!.forEach((line, j) => {
          const inner = w - 2 * CELL_PAD_X;
          const dx = align === 'right' ? inner - line.width : align === 'center' ? (inner - line.width) / 2 : 0;
          this.drawLine(line, cx + CELL_PAD_X + dx, y + CELL_PAD_Y + j * style.leading, style, cell, tag);
        });
        this.endLink();
        cell?.end();
        cx += w;
      });
    };
    if (parent) {
      this.tagger.artifact(paint);
      const tr = this.pdf.struct('TR');
      parent.add(tr);
      drawCells(tr);
      tr.end();
    } else {
      this.tagger.artifact(() => {
        paint();
        drawCells(null);
      }, 'Pagination');
    }
    this.y += row.height;
  }

  // Pages of the guide

  private cover() {
    this.newPage(false);
    const sect = this.pdf.struct('Sect');
    this.root.add(sect);
    const band = PAGE_H * 0.6;
    this.tagger.artifact(() => {
      const p = this.pdf;
      p.save();
      p.rect(0, 0, PAGE_W, band).fill(NAVY);
      // A wheel, or a gauge: concentric rings in teal, one amber arc, cut by the band's edge.
      p.rect(0, 0, PAGE_W, band).clip();
      const cx = PAGE_W - 30;
      const cy = band - 110;
      [70, 120, 170, 220, 270, 320].forEach((radius, k) => {
        p.circle(cx, cy, radius).lineWidth(k % 2 ? 2 : 9).strokeOpacity(0.55 - k * 0.07).strokeColor(TEAL).stroke();
      });
      p.strokeOpacity(1);
      const arc = (radius: number, from: number, to: number) => {
        const a = (from * Math.PI) / 180;
        const b = (to * Math.PI) / 180;
        p.moveTo(cx + radius * Math.cos(a), cy + radius * Math.sin(a));
        const steps = 24;
        for (let s = 1; s <= steps; s++) {
          const t = a + ((b - a) * s) / steps;
          p.lineTo(cx + radius * Math.cos(t), cy + radius * Math.sin(t));
        }
      };
      arc(145, 160, 250);
      p.lineWidth(14).lineCap('round').strokeColor(AMBER).stroke();
      // Speed lines across the band.
      [0, 1, 2].forEach((k) => {
        p.moveTo(LEFT, band - 64 + k * 14).lineTo(LEFT + 150 - k * 40, band - 64 + k * 14).lineWidth(4).lineCap('round').strokeColor(k === 1 ? AMBER : TEAL).stroke();
      });
      p.restore();
      this.logoMark(LEFT, TOP, 44);
    });
    // Title and subtitle, white on navy.
    const titleStyle: TextStyle = { font: 'bold', size: 34, leading: 40, color: WHITE };
    const subtitleStyle: TextStyle = { font: 'regular', size: 14, leading: 20, color: TEAL_100 };
    const textWidth = 350;
    // No one-letter word at the end of a line of the title (« à », « a »…).
    const title = guideText(this.doc.title).replace(/(^|\s)(\p{L}) /gu, `$1$2${NBSP}`);
    const titleLines = this.lines([{ text: title, bold: true, italic: false }], titleStyle, textWidth);
    const subtitleLines = this.lines([{ text: guideText(this.doc.subtitle), bold: false, italic: false }], subtitleStyle, textWidth);
    this.y = TOP + 130;
    const h1 = this.pdf.struct('H1');
    sect.add(h1);
    this.flow(titleLines, LEFT, titleStyle, h1, 'H1');
    h1.end();
    this.y += 14;
    const sub = this.pdf.struct('P');
    sect.add(sub);
    this.flow(subtitleLines, LEFT, subtitleStyle, sub, 'P');
    sub.end();
    // The school, on white.
    this.y = band + 50;
    const name = this.doc.author ?? 'MécaFormation';
    this.tagger.artifact(() => this.logoMark(LEFT, this.y, 40));
    const wordmark = this.pdf.struct('P');
    sect.add(wordmark);
    this.tagger.content(wordmark, 'P');
    const wordStyle = { font: 'bold' as const, size: 24, color: NAVY, italic: false };
    let wx = LEFT + 54;
    const wy = this.y + 29;
    // The wordmark: the name in the brand font, its « é » in teal.
    for (const [part, color] of splitWordmark(name)) {
      this.text(part, wx, wy, { ...wordStyle, color });
      wx += this.width(wordStyle, part);
    }
    wordmark.end();
    this.y += 58;
    if (this.doc.tagline) this.paragraph([{ text: guideText(this.doc.tagline), bold: false, italic: false }], sect, { font: 'regular', size: 12, leading: 17, color: NAVY_700 });
    this.y += 16;
    const edition = `Guide gratuit, édition de ${monthYear(this.doc.date)}`;
    this.paragraph([{ text: guideText(edition), bold: true, italic: false }], sect, { font: 'bold', size: 11, leading: 16, color: TEAL_700 });
    this.paragraph([{ text: this.doc.siteUrl.replace(/^https?:\/\//, '').replace(/\/$/, ''), bold: false, italic: false, href: this.doc.siteUrl, linkId: 0 }], sect, { font: 'regular', size: 11, leading: 16, color: NAVY });
    sect.end();
  }

  private logoMark(x: number, y: number, size: number) {
    const p = this.pdf;
    const s = size / 48;
    p.save();
    p.translate(x, y).scale(s);
    p.roundedRect(0, 0, 48, 48, 11).fill(TEAL);
    p.save().translate(22, 26).rotate(45).path(MARK_WRENCH).fill(WHITE).restore();
    p.path(MARK_BOLT).lineWidth(2).lineJoin('round').strokeColor(TEAL).fillColor(AMBER).fillAndStroke(AMBER, TEAL);
    p.path(MARK_BOLT).fill(AMBER);
    p.restore();
  }

  private contents(chapters: ParsedChapter[]) {
    this.newPage();
    const sect = this.pdf.struct('Sect');
    this.root.add(sect);
    this.paragraph([{ text: 'Sommaire', bold: true, italic: false }], sect, H1, LEFT, WIDTH, 'H1');
    const y = this.y + 4;
    this.tagger.artifact(() => this.pdf.rect(LEFT, y, 48, 3.5).fill(TEAL));
    this.y += 26;
    const toc = this.pdf.struct('TOC');
    sect.add(toc);
    const numberW = 34;
    const pageW = 36;
    const titleW = WIDTH - numberW - pageW;
    chapters.forEach((ch, i) => {
      const titleLines = this.lines([{ text: ch.title, bold: true, italic: false }], TOC_TITLE, titleW);
      const summaryLines = this.lines([{ text: ch.summary, bold: false, italic: false }], TOC_SUMMARY, titleW);
      const h = titleLines.length * TOC_TITLE.leading + 2 + summaryLines.length * TOC_SUMMARY.leading;
      if (i > 0) this.y += 11;
      if (this.y + h > BOTTOM) this.newPage();
      // TOCI > Reference > Link (the entry, with its page number) and P (the summary).
      const item = this.pdf.struct('TOCI');
      toc.add(item);
      const reference = this.pdf.struct('Reference');
      item.add(reference);
      const link = this.pdf.struct('Link');
      reference.add(link);
      const top = this.y;
      const pageNo = this.tocPages?.[i] ?? 0;
      const pageText = String(pageNo || '');
      this.tagger.content(link, 'Link');
      this.text(String(i + 1).padStart(2, '0'), LEFT, this.baseline(top, TOC_TITLE), { font: 'bold', size: 13, color: TEAL_700, italic: false });
      titleLines.forEach((line, j) => this.drawLine(line, LEFT + numberW, top + j * TOC_TITLE.leading, TOC_TITLE, null, 'Link'));
      const lastTop = top + (titleLines.length - 1) * TOC_TITLE.leading;
      const lastBaseline = this.baseline(lastTop, TOC_TITLE);
      this.text(pageText, LEFT + WIDTH - this.width(TOC_TITLE, pageText), lastBaseline, { ...TOC_TITLE, italic: false });
      const titleBottom = top + titleLines.length * TOC_TITLE.leading;
      this.pdf.goTo(LEFT, top, WIDTH, titleBottom - top, `chapitre-${i + 1}`, {
        structParent: link,
        Contents: new String(`${ch.title}, page ${pageText}`),
      } as unknown as PDFKit.Mixins.AnnotationOption);
      link.end();
      reference.end();
      // Dotted leader, from the title's last line to the page number.
      const lastWidth = titleLines[titleLines.length - 1]?.width ?? 0;
      const from = LEFT + numberW + lastWidth + 8;
      const to = LEFT + WIDTH - this.width(TOC_TITLE, pageText || '00') - 6;
      if (to > from) {
        this.tagger.artifact(() => {
          this.pdf.save().moveTo(from, lastBaseline - 1).lineTo(to, lastBaseline - 1).dash(0.8, { space: 3.2 }).lineWidth(1).lineCap('round').strokeColor(BORDER).stroke().undash().restore();
        });
      }
      this.y = titleBottom + 2;
      const summary = this.pdf.struct('P');
      item.add(summary);
      this.flow(summaryLines, LEFT + numberW, TOC_SUMMARY, summary, 'P');
      summary.end();
      item.end();
    });
    toc.end();
    sect.end();
  }

  /**
   * Starts a part of the guide (a chapter, the colophon) that needs `need` points below its
   * separator: on the current page, after generous space and a full-width rule, when about a
   * third of the page (30 %) or more is left and `need` fits; otherwise on a new page. Returns
   * the top of the view for the part's bookmark and destination (0: the page's top).
   */
  private startPart(need: number, mayFollow: boolean): number {
    if (mayFollow && this.y <= TOP) return 0;
    const left = BOTTOM - this.y;
    if (!mayFollow || left < (BOTTOM - TOP) * 0.3 || SPACE.chapterBefore + SPACE.chapterRule + need > left) {
      this.newPage();
      return 0;
    }
    this.y += SPACE.chapterBefore;
    const y = this.y;
    this.tagger.artifact(() => this.pdf.rect(LEFT, y, WIDTH, 1.5).fill(NAVY));
    this.y += SPACE.chapterRule;
    return Math.max(0, y - 18);
  }

  private chapter(ch: ParsedChapter, index: number) {
    // The title block, the summary and the start of the first block stay together.
    const titleLines = this.lines([{ text: ch.title, bold: true, italic: false }], H1, WIDTH).length;
    const leadLines = this.lines([{ text: ch.summary, bold: false, italic: false }], LEAD, WIDTH).length;
    const need = KICKER.leading + 4 + titleLines * H1.leading + 22 + leadLines * LEAD.leading + 16 + this.minHeight(ch.blocks, 0, WIDTH);
    // The first chapter opens on a page of its own: the table of contents keeps its page.
    const top = this.startPart(need, index > 0);
    this.chapterPages.push(this.page);
    this.pdf.addNamedDestination(`chapitre-${index + 1}`, 'XYZ', 0, top, 0);
    const outline = this.pdf.outline.addItem(ch.title, bookmarkAt(top));
    const sect = this.pdf.struct('Sect', { title: ch.title });
    this.root.add(sect);
    this.pendingGap = 0;
    this.paragraph([{ text: `Chapitre ${index + 1}`, bold: true, italic: false }], sect, KICKER);
    this.y += 4;
    this.paragraph([{ text: ch.title, bold: true, italic: false }], sect, H1, LEFT, WIDTH, 'H1');
    const ruleY = this.y + 6;
    this.tagger.artifact(() => this.pdf.rect(LEFT, ruleY, 48, 3.5).fill(TEAL));
    this.y += 22;
    this.paragraph([{ text: ch.summary, bold: false, italic: false }], sect, LEAD);
    this.pendingGap = 16;
    this.blocks(ch.blocks, sect, LEFT, WIDTH, outline);
    sect.end();
  }

  private colophon() {
    const title = guideText('À propos de ce guide');
    const titleStyle: TextStyle = { ...H1, size: 18, leading: 22 };
    const paragraphs = this.doc.colophon.map((line) => autolink(line));
    // The colophon shares the last page only if it fits there whole.
    const need =
      this.lines([{ text: title, bold: true, italic: false }], titleStyle, WIDTH).length * titleStyle.leading +
      22 +
      paragraphs.reduce((sum, p, i) => sum + (i > 0 ? 5 : 0) + this.lines(p, COLOPHON, WIDTH).length * COLOPHON.leading, 0);
    this.startPart(need, true);
    this.pendingGap = 0;
    const sect = this.pdf.struct('Sect', { title: 'À propos de ce guide' });
    this.root.add(sect);
    this.paragraph([{ text: title, bold: true, italic: false }], sect, titleStyle, LEFT, WIDTH, 'H1');
    const y = this.y + 4;
    this.tagger.artifact(() => this.pdf.rect(LEFT, y, 48, 3.5).fill(TEAL));
    this.y += 22;
    paragraphs.forEach((p, i) => {
      if (i > 0) this.y += 5;
      this.paragraph(p, sect, COLOPHON);
    });
    sect.end();
  }

  async render(chapters: ParsedChapter[]): Promise<RenderedGuide> {
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      this.pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.pdf.on('end', () => resolve(Buffer.concat(chunks)));
      this.pdf.on('error', reject);
    });
    this.root = this.pdf.struct('Document');
    this.pdf.addStructure(this.root);
    this.cover();
    this.contents(chapters);
    chapters.forEach((ch, i) => this.chapter(ch, i));
    this.colophon();
    this.finishPage();
    this.root.end();
    this.pdf.end();
    return { pdf: await done, pages: this.page, chapterPages: this.chapterPages };
  }
}

// --- Helpers --------------------------------------------------------------------------------

/**
 * Atkinson Hyperlegible Next has no glyph for U+202F (the narrow no-break space that French puts
 * before : ; ! ? and inside « »). It is drawn with the font's thin space (U+2009, same width),
 * and the text layer (ToUnicode) still says U+202F, so copy and paste and screen readers get the
 * right character. markdown.ts turns any real U+2009 into U+202F, so the glyph is never ambiguous.
 */
function drawNarrowSpaceWithThinSpace(pdf: PDFKit.PDFDocument, name: FontName) {
  pdf.font(name);
  type FontkitFont = {
    _cmapProcessor: { lookup(cp: number): number };
    getGlyph(id: number, codePoints: number[]): unknown;
    glyphForCodePoint(cp: number): unknown;
  };
  const font = (pdf as unknown as { _font: { font: FontkitFont } })._font.font;
  const thin = font._cmapProcessor.lookup(0x2009);
  if (!thin || font._cmapProcessor.lookup(0x202f)) return;
  // The first getGlyph call for an id fixes its code points (fontkit caches glyphs by id).
  font.getGlyph(thin, [0x202f]);
  const original = font.glyphForCodePoint.bind(font);
  font.glyphForCodePoint = (cp: number) => (cp === 0x202f ? font.getGlyph(thin, [0x202f]) : original(cp));
}

/**
 * Bookmark destination: [page /XYZ 0 top 0], `top` from the top of the page. pdfkit computes
 * the left edge as (page width − left), hence `left: PAGE_W` for 0.
 */
function bookmarkAt(top: number): { expanded?: boolean } {
  return { fit: false, top, left: PAGE_W, zoom: 0 } as { expanded?: boolean };
}

function splitWordmark(name: string): [string, string][] {
  const at = name.indexOf('é');
  if (at < 0) return [[name, NAVY]];
  return [
    [name.slice(0, at), NAVY],
    ['é', TEAL],
    [name.slice(at + 1), NAVY],
  ].filter(([part]) => part) as [string, string][];
}

/** « décembre 2026 » (Paris time). */
export function monthYear(date: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(date);
}

/** A colophon line as runs, its URLs and e-mail addresses as links. */
function autolink(line: string): Inline[] {
  const out: Inline[] = [];
  let id = 0;
  const pattern = /(https?:\/\/[^\s]+[^\s.,;:)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    if (match.index > last) out.push({ text: guideText(line.slice(last, match.index)), bold: false, italic: false });
    const target = match[0];
    out.push({ text: target, bold: false, italic: false, href: target.includes('@') && !target.startsWith('http') ? `mailto:${target}` : target, linkId: id++ });
    last = match.index + target.length;
  }
  if (last < line.length) out.push({ text: guideText(line.slice(last)), bold: false, italic: false });
  return out;
}

/** Parses every chapter; all problems of all chapters are reported at once, with file and line. */
export function parseGuide(doc: GuideDocument): { chapters: ParsedChapter[]; links: SiteLink[] } {
  const problems: string[] = [];
  const links: SiteLink[] = [];
  const chapters = doc.chapters.map((chapter) => ({
    chapter,
    title: guideText(chapter.title),
    summary: guideText(chapter.summary),
    blocks: parseGuideMarkdown(chapter.markdown, { file: chapter.file ?? chapter.slug, line: chapter.line ?? 1 }, doc.siteUrl, problems, links),
  }));
  if (problems.length) throw new GuideContentError(problems);
  return { chapters, links };
}

/** Renders the guide and says how many pages it has and where each chapter starts. */
export async function renderGuide(doc: GuideDocument, fonts: GuideFonts): Promise<RenderedGuide> {
  PDFDocument ??= (await import('pdfkit')).default;
  const { chapters } = parseGuide(doc);
  // First pass: where do the chapters start? The table of contents has the same height in both
  // passes (page numbers are right-aligned in a fixed column), so the second pass agrees.
  const first = await new Renderer(doc, fonts, null).render(chapters);
  const second = await new Renderer(doc, fonts, first.chapterPages).render(chapters);
  if (second.chapterPages.join() !== first.chapterPages.join()) {
    throw new Error(`Guide PDF : la pagination a changé entre les deux passes (${first.chapterPages.join()} puis ${second.chapterPages.join()})`);
  }
  return second;
}

export async function renderGuidePdf(doc: GuideDocument, fonts: GuideFonts): Promise<Buffer> {
  return (await renderGuide(doc, fonts)).pdf;
}

export { GuideContentError };
