// The guide's PDF, rendered from the real content/guide through the same functions as the build
// (src/integrations/guide-pdf.ts), then read back with Mozilla's pdf.js.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { loadGuide, loadGuideFonts } from '../../src/guide/load';
import { parseGuide, renderGuide, renderGuidePdf, type GuideDocument, type RenderedGuide } from '../../src/guide/pdf';
import { GuideContentError, guideText } from '../../src/guide/markdown';
import { GUIDE_TITLE, guidePdfPath } from '../../src/lib/guide';
import { NBSP, NNBSP } from '../../src/lib/typography';
import guidePdf from '../../src/integrations/guide-pdf';

const DATE = new Date('2026-12-01T00:00:00Z');
const fonts = loadGuideFonts();

let doc: GuideDocument;
let rendered: RenderedGuide;
let pdf: PDFDocumentProxy;

type TextItem = { str: string; hasEOL?: boolean };
type StructNode = { role?: string; type?: string; alt?: string; children?: StructNode[] };

async function pageText(n: number, join = ' '): Promise<string> {
  // pdf.js gives every whitespace glyph as a plain space (U+202F and U+00A0 included): see
  // textLayer() for the characters themselves.
  const content = await (await pdf.getPage(n)).getTextContent();
  return (content.items as TextItem[])
    .map((i) => i.str)
    .join(join)
    .replace(/ +/g, ' ');
}

function roles(node: StructNode | null, out: string[] = []): string[] {
  if (!node) return out;
  if (node.role) out.push(node.role);
  if (node.type === 'annotation') out.push('(annotation)');
  for (const child of node.children ?? []) roles(child, out);
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Text as pdf.js gives it: no-break spaces are plain spaces. */
const asPdfJs = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** The PDF's objects (pdfkit writes no object streams), with their streams inflated. */
function pdfObjects(bytes: Buffer): Map<string, { dict: string; data?: Buffer }> {
  const src = bytes.toString('latin1');
  const objects = new Map<string, { dict: string; data?: Buffer }>();
  const re = /(\d+) 0 obj\n/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const start = re.lastIndex;
    const streamAt = src.indexOf('stream\n', start);
    const endAt = src.indexOf('endobj', start);
    if (streamAt >= 0 && streamAt < endAt) {
      const dict = src.slice(start, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)![1]);
      const raw = bytes.subarray(streamAt + 7, streamAt + 7 + length);
      objects.set(m[1]!, { dict, data: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
      re.lastIndex = streamAt + 7 + length;
    } else objects.set(m[1]!, { dict: src.slice(start, endAt) });
  }
  return objects;
}

/** Each page's content stream and its font resources (name → object number). */
function pageContents(bytes: Buffer) {
  const objects = pdfObjects(bytes);
  const pages = [...objects.values()]
    .filter((o) => /\/Type \/Page\n/.test(o.dict))
    .map((page) => {
      const resources = objects.get(/\/Resources (\d+) 0 R/.exec(page.dict)![1]!)!.dict;
      const fonts = new Map([...(/\/Font <<([^>]*)>>/.exec(resources)?.[1] ?? '').matchAll(/\/(F\d+) (\d+) 0 R/g)].map((f) => [f[1]!, f[2]!]));
      return { fonts, content: objects.get(/\/Contents (\d+) 0 R/.exec(page.dict)![1]!)!.data!.toString('latin1') };
    });
  return { objects, pages };
}

/**
 * The PDF's text layer, page by page, read from the bytes: each glyph of each TJ run mapped
 * through its font's ToUnicode CMap (what copy and paste and screen readers get). pdf.js cannot
 * show it: its text content turns every whitespace character into U+0020.
 */
function textLayer(bytes: Buffer): string[] {
  const { objects, pages } = pageContents(bytes);
  const toUnicode = new Map<string, Map<number, string>>();
  for (const [id, obj] of objects) {
    const ref = /\/Subtype \/Type0[\s\S]*\/ToUnicode (\d+) 0 R/.exec(obj.dict)?.[1];
    if (!ref) continue;
    const cmap = new Map<number, string>();
    for (const range of objects.get(ref)!.data!.toString('latin1').matchAll(/<([0-9a-f]+)> <[0-9a-f]+> \[([^\]]*)\]/g)) {
      [...range[2]!.matchAll(/<([0-9a-f ]*)>/g)].forEach((entry, k) => {
        const units = entry[1]!.trim().split(' ').map((h) => parseInt(h, 16));
        cmap.set(parseInt(range[1]!, 16) + k, String.fromCharCode(...units));
      });
    }
    toUnicode.set(id, cmap);
  }
  return pages.map(({ fonts, content }) => {
    let font = '';
    const runs: string[] = [];
    for (const op of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1]) font = fonts.get(op[1])!;
      else {
        const cmap = toUnicode.get(font)!;
        const hex = [...op[2]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => h[1]).join('');
        let run = '';
        for (let i = 0; i < hex.length; i += 4) run += cmap.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\ufffd';
        runs.push(run);
      }
    }
    return runs.join('\n');
  });
}

/** Chapter start pages, as printed on the table of contents (page 2). */
async function tocPages(): Promise<number[]> {
  const toc = await pageText(2);
  return doc.chapters.map((chapter, i) => {
    const title = asPdfJs(guideText(chapter.title));
    const match = new RegExp(`${String(i + 1).padStart(2, '0')} ${escapeRegExp(title)} (\\d+)`).exec(toc);
    expect(match, `le sommaire cite « ${title} » avec un numéro de page`).not.toBeNull();
    return Number(match![1]);
  });
}

beforeAll(async () => {
  // (pdf.js 6 has no isEvalSupported option any more: it never evaluates font programs.)
  doc = loadGuide('content', { date: DATE });
  rendered = await renderGuide(doc, fonts);
  pdf = await getDocument({ data: new Uint8Array(rendered.pdf), useSystemFonts: false }).promise;
}, 60_000);

describe('guide PDF (real content)', () => {
  it('is published at the path the pages and e-mails use', () => {
    expect(guidePdfPath).toBe('/guide/devenir-mecanicien-automobile-a-distance.pdf');
    expect(doc.chapters).toHaveLength(10);
  });

  it('has a sensible number of pages', () => {
    expect(pdf.numPages).toBe(rendered.pages);
    expect(pdf.numPages).toBeGreaterThanOrEqual(12);
    expect(pdf.numPages).toBeLessThanOrEqual(20);
  });

  it('is a tagged PDF 1.7 in French with its title shown by viewers', async () => {
    const mark = (await pdf.getMarkInfo()) as Map<string, unknown> | { Marked?: boolean } | null;
    expect(mark instanceof Map ? mark.get('Marked') : mark?.Marked).toBe(true);
    const { info } = (await pdf.getMetadata()) as { info: Record<string, unknown> };
    expect(info.Title).toBe(GUIDE_TITLE);
    // pdf.js exposes the catalog's /Lang as info.Language.
    expect(info.Language).toBe('fr-FR');
    expect(info.PDFFormatVersion).toBe('1.7');
    expect(info.Author).toBe('MécaFormation');
    expect(String(info.CreationDate)).toMatch(/^D:20261201/);
    const bytes = rendered.pdf.toString('latin1');
    expect(bytes).toMatch(/\/DisplayDocTitle true/);
    expect(bytes).toMatch(/\/StructTreeRoot \d+ 0 R/);
  });

  it('has one bookmark per chapter, with its ## sections as children', async () => {
    const outline = (await pdf.getOutline()) as { title: string; items: { title: string }[] }[];
    expect(outline.map((o) => o.title)).toEqual(doc.chapters.map((c) => guideText(c.title)));
    doc.chapters.forEach((chapter, i) => {
      const sections = [...chapter.markdown.matchAll(/^## (.+)$/gm)].map((m) => guideText(m[1]!.trim()));
      expect(sections.length).toBeGreaterThan(0);
      expect(outline[i]!.items.map((item) => item.title)).toEqual(sections);
    });
  });

  it('prints a table of contents whose page numbers are right', async () => {
    const pages = await tocPages();
    expect(pages).toEqual(rendered.chapterPages);
    for (const [i, chapter] of doc.chapters.entries()) {
      expect(await pageText(pages[i]!), `page ${pages[i]}`).toContain(asPdfJs(guideText(chapter.title)));
    }
  });

  it('tags headings, paragraphs, lists, tables and links in the structure tree', async () => {
    const pages = await tocPages();
    for (const page of pages) {
      const found = roles((await (await pdf.getPage(page)).getStructTree()) as StructNode);
      expect(found).toContain('Document');
      expect(found).toContain('Sect');
      expect(found).toContain('H1');
      expect(found).toContain('P');
    }
    // The checklist's pages are lists (with their labels: the boxes), up to the next chapter.
    const checklist = doc.chapters.findIndex((c) => c.slug === 'checklist');
    expect(checklist).toBeGreaterThanOrEqual(0);
    for (let page = pages[checklist]!; page < pages[checklist + 1]!; page++) {
      const found = roles((await (await pdf.getPage(page)).getStructTree()) as StructNode);
      for (const role of ['L', 'LI', 'Lbl', 'LBody']) expect(found, `page ${page}`).toContain(role);
    }
    // A table (financing chapter: situations and funding) with header cells, and links with
    // their annotations inside the Link element.
    const all: string[] = [];
    for (let page = 1; page <= pdf.numPages; page++) roles((await (await pdf.getPage(page)).getStructTree()) as StructNode, all);
    for (const role of ['H2', 'H3', 'Table', 'THead', 'TBody', 'TR', 'TH', 'TD', 'Link', 'TOC', 'TOCI']) expect(all).toContain(role);
    const json = JSON.stringify(await (await pdf.getPage(pages[0]! + 1)).getStructTree());
    expect(json).toMatch(/"role":"Link","children":\[[^\]]*"type":"annotation"/);
  });

  it('draws everything either as tagged content or as an artifact', () => {
    for (const [n, { content }] of pageContents(rendered.pdf).pages.entries()) {
      let depth = 0;
      const untagged: string[] = [];
      // Marked content: BDC/BMC … EMC. Painting: text (TJ), fills and strokes (f, S, B).
      for (const [op] of content.matchAll(/\b(BDC|BMC|EMC|TJ|f|S|B|b|s)\b/g)) {
        if (op === 'BDC' || op === 'BMC') depth++;
        else if (op === 'EMC') depth--;
        else if (depth === 0) untagged.push(op);
        expect(depth, `page ${n + 1} : contenu marqué imbriqué ou mal fermé`).toBeLessThanOrEqual(1);
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(untagged, `page ${n + 1}`).toEqual([]);
      expect(depth).toBe(0);
    }
  });

  it('never leaves a heading alone at the bottom of a page', async () => {
    const withContent = (node: StructNode, out: string[] = []) => {
      if (node.role && node.children?.some((c) => c.type === 'content')) out.push(node.role);
      for (const child of node.children ?? []) withContent(child, out);
      return out;
    };
    for (let page = 1; page <= pdf.numPages; page++) {
      const order = withContent((await (await pdf.getPage(page)).getStructTree()) as StructNode);
      expect(order.length, `page ${page}`).toBeGreaterThan(0);
      expect(['H1', 'H2', 'H3'], `page ${page} : ${order.slice(-3).join(', ')}`).not.toContain(order.at(-1));
    }
  });

  it('makes site links absolute', async () => {
    const urls: string[] = [];
    for (let page = 1; page <= pdf.numPages; page++) {
      for (const a of (await (await pdf.getPage(page)).getAnnotations()) as { subtype: string; url?: string; dest?: unknown }[]) {
        if (a.subtype === 'Link' && a.url) urls.push(a.url);
      }
    }
    expect(urls).toContain('https://www.mecaformation.fr/resultats/');
    expect(urls.some((u) => u.startsWith('https://www.mecaformation.fr/formations/'))).toBe(true);
    for (const url of urls) expect(url).toMatch(/^(https:\/\/|mailto:)/);
  });

  it('embeds every font it uses', async () => {
    const bytes = rendered.pdf.toString('latin1');
    const descriptors = bytes.match(/<<[^>]*\/Type \/FontDescriptor[\s\S]*?>>/g) ?? [];
    expect(descriptors.length).toBeGreaterThanOrEqual(2);
    for (const d of descriptors) expect(d).toMatch(/\/FontFile2 \d+ 0 R/);
    expect(bytes).not.toMatch(/\/Subtype \/Type1/);
    // And as pdf.js sees them, page by page (fontExtraProperties: to get their names).
    const withFonts = await getDocument({ data: new Uint8Array(rendered.pdf), useSystemFonts: false, fontExtraProperties: true }).promise;
    for (let n = 1; n <= withFonts.numPages; n++) {
      const page = await withFonts.getPage(n);
      const ops = await page.getOperatorList();
      const names = new Set<string>();
      ops.fnArray.forEach((fn, i) => {
        if (fn === OPS.setFont) names.add(ops.argsArray[i][0] as string);
      });
      expect(names.size).toBeGreaterThan(0);
      for (const name of names) {
        const font = page.commonObjs.get(name) as { name: string; missingFile: boolean };
        expect(font.missingFile, `${font.name}, page ${n}`).toBe(false);
        expect(font.name).toMatch(/^[A-Z]{6}\+AtkinsonHyperlegibleNext-(Regular|ExtraBold)$/);
      }
    }
  }, 30_000);

  it('shows school facts, never PLACEHOLDER', async () => {
    let all = '';
    for (let page = 1; page <= pdf.numPages; page++) all += `${await pageText(page, '')}\n`;
    // (Booleans, so that a failure does not print the whole guide.)
    expect(all.includes('PLACEHOLDER'), 'PLACEHOLDER dans le texte').toBe(false);
    expect(/%%[a-zA-Z]+%%/.test(all), 'marqueur non rempli').toBe(false);
    for (const fact of ['[à compléter', 'contact@mecaformation.fr', 'Cet enregistrement ne vaut pas agrément de l’État', 'décembre 2026']) {
      expect(all.includes(fact), fact).toBe(true);
    }
  });

  it('keeps French typography in the text layer', () => {
    const pages = textLayer(rendered.pdf);
    expect(pages).toHaveLength(pdf.numPages);
    const all = pages.join('\n');
    expect(all.includes('\ufffd'), 'glyphe sans équivalent Unicode').toBe(false);
    expect(all.includes('PLACEHOLDER')).toBe(false);
    // The narrow no-break space before « : », never an ordinary one; none inside « ».
    expect(all.includes(`${NNBSP}:`), 'U+202F avant « : »').toBe(true);
    expect(all.match(/.{0,20} [:;!?»]/g) ?? [], 'espace ordinaire avant une ponctuation haute').toEqual([]);
    expect(all.includes(`«${NNBSP}primo-arrivants${NNBSP}»`)).toBe(true);
    expect(all.includes(`1${NNBSP}490${NBSP}€`), 'montants').toBe(true);
    // A number and its unit never split: 780 heures, 48 semaines, 25 ans.
    expect(all.includes(`780${NBSP}heures`), '780 heures').toBe(true);
    expect(all.includes(`48${NBSP}semaines`), '48 semaines').toBe(true);
    expect(all.match(/(?<![\p{L}])\d (?:h|heures?|ans?|jours?|semaines?|mois|minutes|V|kW|km|places|personnes)(?![\p{L}\p{N}’'])/gu) ?? [], 'espace ordinaire entre nombre et unité').toEqual([]);
    expect(all.includes("'"), 'apostrophe droite').toBe(false);
  });

  it('gives the same bytes for the same input', async () => {
    expect((await renderGuidePdf(doc, fonts)).equals(rendered.pdf)).toBe(true);
  }, 30_000);
});

/** A content root with the real marketing files and one guide chapter. */
function contentWith(chapter: string, name = '01-essai.md'): string {
  const root = mkdtempSync(join(tmpdir(), 'guide-pdf-'));
  for (const folder of ['marketing', 'trainings', 'webinars', 'emails', 'articles']) symlinkSync(resolve('content', folder), join(root, folder));
  mkdirSync(join(root, 'guide'));
  writeFileSync(join(root, 'guide', name), chapter);
  return root;
}

describe('guide PDF (content it cannot draw)', () => {
  const header = '---\ntitle: "Essai"\nsummary: "Un chapitre d’essai."\n---\n';

  async function failure(chapter: string): Promise<string> {
    const root = contentWith(chapter);
    try {
      await renderGuidePdf(loadGuide(root, { date: DATE }), fonts);
    } catch (error) {
      expect(error).toBeInstanceOf(GuideContentError);
      return (error as Error).message;
    }
    throw new Error('le rendu aurait dû échouer');
  }

  it('refuses HTML with the file and line', async () => {
    const message = await failure(`${header}\nUn paragraphe.\n\n<div>Encadré</div>\n`);
    expect(message).toMatch(/guide\/01-essai\.md:8: HTML non pris en charge/);
  });

  it('refuses an image with the file and line', async () => {
    const message = await failure(`${header}\n## Titre\n\nVoir ![un moteur](/moteur.png) ici.\n`);
    expect(message).toMatch(/guide\/01-essai\.md:8: image non prise en charge/);
  });

  it('refuses an unknown marker with the file and line', async () => {
    const message = await failure(`${header}\nAppelez le %%standard%%.\n`);
    expect(message).toMatch(/guide\/01-essai\.md:6: marqueur inconnu %%standard%%/);
  });

  it('refuses code blocks with the file and line', async () => {
    const message = await failure(`${header}\nUn paragraphe.\n\n\`\`\`\ncode\n\`\`\`\n`);
    expect(message).toMatch(/guide\/01-essai\.md:8: bloc de code non pris en charge/);
  });
});

describe('guide PDF integration (hooks called directly)', () => {
  type Hook = (options: Record<string, unknown>) => unknown;
  const logger = () => {
    const lines: string[] = [];
    return { lines, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  };

  it('writes the PDF into dist once the pages it links to exist, and logs its size', async () => {
    const integration = guidePdf({ contentRoot: 'content' });
    const hooks = integration.hooks as Record<string, Hook>;
    hooks['astro:config:done']!({ config: { site: 'https://www.mecaformation.fr' } });
    const dist = mkdtempSync(join(tmpdir(), 'guide-dist-'));
    const log = logger();
    // No pages yet: every site link of the guide is missing, named with its file and line.
    await expect(hooks['astro:build:done']!({ dir: pathToFileURL(`${dist}/`), logger: log })).rejects.toThrow(/content\/guide\/01-introduction\.md:\d+: \/resultats\//);
    const { links } = parseGuide(loadGuide('content', { date: DATE }));
    for (const link of links) {
      mkdirSync(join(dist, link.path), { recursive: true });
      writeFileSync(join(dist, link.path, 'index.html'), '<!doctype html>');
    }
    await hooks['astro:build:done']!({ dir: pathToFileURL(`${dist}/`), logger: log });
    const file = join(dist, guidePdfPath);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(0, 8).toString()).toBe('%PDF-1.7');
    expect(log.lines.at(-1)).toMatch(/^guide PDF: \d+ pages, \d+ KB \(\d+ ms\)$/);
  }, 30_000);

  it('fails the build before the pages are built when a chapter cannot be drawn', () => {
    const root = contentWith('---\ntitle: "Essai"\nsummary: "Essai."\n---\n\n<img src="moteur.png">\n', '02-essai.md');
    const hooks = guidePdf({ contentRoot: root }).hooks as Record<string, Hook>;
    expect(() => hooks['astro:build:start']!({})).toThrow(/guide\/02-essai\.md:6: HTML non pris en charge/);
  });
});

describe('guide PDF (a table longer than a page)', () => {
  it('never cuts a row, repeats the header as an artifact and tags it once', async () => {
    const rows = Array.from({ length: 70 }, (_, i) => `| Ligne ${i + 1} | Une cellule assez longue pour passer sur deux lignes dans une colonne étroite, numéro ${i + 1} | ${i + 1} € |`);
    const markdown = ['Avant le tableau.', '', '| Intitulé | Détail | Prix |', '| --- | --- | ---: |', ...rows, '', 'Après le tableau.'].join('\n');
    const small: GuideDocument = { ...doc, chapters: [{ slug: 'essai', title: 'Essai', summary: 'Un long tableau.', markdown }] };
    const out = await renderGuide(small, fonts);
    const long = await getDocument({ data: new Uint8Array(out.pdf), useSystemFonts: false }).promise;
    const first = out.chapterPages[0]!;
    const pages = long.numPages - 1 - first; // chapter pages after the first, before the colophon
    expect(pages).toBeGreaterThanOrEqual(1);
    let th = 0;
    let td = 0;
    for (let n = first; n < long.numPages; n++) {
      const page = await long.getPage(n);
      const text = ((await page.getTextContent()).items as TextItem[]).map((i) => i.str).join(' ');
      expect(text, `page ${n}`).toContain('Intitulé');
      const found = roles((await page.getStructTree()) as StructNode);
      // Cells are tagged on their own page only: a row split across pages would appear twice.
      const tree = JSON.stringify(await page.getStructTree());
      th += (tree.match(/"role":"TH","children":\[\{"type":"content"/g) ?? []).length;
      td += (tree.match(/"role":"TD","children":\[\{"type":"content"/g) ?? []).length;
      expect(found).toContain('TR');
    }
    expect(th).toBe(3);
    expect(td).toBe(70 * 3);
  }, 30_000);
});
