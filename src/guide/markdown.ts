// The guide's Markdown, reduced to what the PDF renderer draws (src/guide/pdf.ts): `##` and `###`
// headings, paragraphs, bullet, numbered and task lists (nested), GFM tables, **bold**, *italic*,
// links and hard line breaks. Anything else (HTML, images, code, quotes, footnotes…) is refused
// with the file and line, so that the build never ships a PDF that silently drops content.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, RootContent, PhrasingContent, ListItem, Table } from 'mdast';
import { frenchText, NNBSP } from '../lib/typography.ts';

export interface Inline {
  text: string;
  bold: boolean;
  italic: boolean;
  /** Absolute URL (site paths are made absolute with the site's URL). */
  href?: string;
  /** Same number for every run of one link. */
  linkId?: number;
}

export type Block =
  | { kind: 'heading'; depth: 2 | 3; text: string; inlines: Inline[] }
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: ListEntry[] }
  | { kind: 'table'; align: ('left' | 'center' | 'right')[]; header: Inline[][]; rows: Inline[][][] }
  | { kind: 'rule' };

export interface ListEntry {
  /** null: an ordinary item; false: an empty task-list box `- [ ]`; true: a ticked one. */
  checked: boolean | null;
  blocks: Block[];
}

/** A link of the guide to a page of the site, with where it is written. */
export interface SiteLink {
  path: string;
  file: string;
  line: number;
}

export class GuideContentError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Guide PDF : contenu à corriger :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
    this.name = 'GuideContentError';
  }
}

export interface Where {
  /** File named in errors (e.g. content/guide/03-cap-mva.md). */
  file: string;
  /** Line of the file where the Markdown starts (after the frontmatter), 1-based. */
  line: number;
}

interface Context {
  where: Where;
  siteUrl: string;
  problems: string[];
  links: SiteLink[];
  nextLink: number;
}

const REFUSED: Record<string, string> = {
  html: 'HTML non pris en charge dans le PDF du guide (Markdown seulement)',
  image: 'image non prise en charge dans le PDF du guide (pas de fichier image : décrivez-la dans le texte)',
  imageReference: 'image non prise en charge dans le PDF du guide',
  code: 'bloc de code non pris en charge dans le PDF du guide',
  inlineCode: 'code en ligne (`…`) non pris en charge dans le PDF du guide',
  blockquote: 'citation (>) non prise en charge dans le PDF du guide',
  delete: 'texte barré (~~…~~) non pris en charge dans le PDF du guide',
  footnoteReference: 'note de bas de page non prise en charge dans le PDF du guide',
  footnoteDefinition: 'note de bas de page non prise en charge dans le PDF du guide',
  linkReference: 'lien par référence ([texte][ref]) non pris en charge : écrivez [texte](adresse)',
  definition: 'définition de lien ([ref]: …) non prise en charge : écrivez [texte](adresse)',
};

function problem(ctx: Context, node: { position?: { start: { line: number } } } | undefined, message: string) {
  const line = ctx.where.line - 1 + (node?.position?.start.line ?? 1);
  ctx.problems.push(`${ctx.where.file}:${line}: ${message}`);
}

/** Plain text of a run, French typography applied (authors type ordinary spaces). */
export function guideText(raw: string): string {
  // The font has no U+202F glyph of its own; pdf.ts draws it with the thin space's, so a real
  // thin space would be ambiguous in the text layer: both become U+202F.
  return frenchText(raw.replace(/\s*\n\s*/g, ' ').replace(/\u2009/g, NNBSP)).replace(/\u2009/g, NNBSP);
}

function resolveHref(ctx: Context, node: { url: string; position?: { start: { line: number } } }): string | undefined {
  const url = node.url.trim();
  if (/^(https?:|mailto:|tel:)/i.test(url)) return url;
  if (url.startsWith('/') && !url.startsWith('//')) {
    const path = url.split(/[?#]/)[0]!;
    ctx.links.push({ path, file: ctx.where.file, line: ctx.where.line - 1 + (node.position?.start.line ?? 1) });
    return new URL(url, `${ctx.siteUrl.replace(/\/+$/, '')}/`).href;
  }
  problem(ctx, node, `lien « ${url} » : chemin du site (/…/), URL https:// ou mailto: attendu`);
  return undefined;
}

function inlines(ctx: Context, nodes: PhrasingContent[], style: Omit<Inline, 'text'> = { bold: false, italic: false }): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out.push({ ...style, text: guideText(node.value) });
        break;
      case 'strong':
        out.push(...inlines(ctx, node.children, { ...style, bold: true }));
        break;
      case 'emphasis':
        out.push(...inlines(ctx, node.children, { ...style, italic: true }));
        break;
      case 'link': {
        if (style.href) {
          problem(ctx, node, 'lien dans un lien');
          break;
        }
        const href = resolveHref(ctx, node);
        out.push(...inlines(ctx, node.children, { ...style, href, linkId: href ? ctx.nextLink++ : undefined }));
        break;
      }
      case 'break':
        out.push({ ...style, text: '\n' });
        break;
      default:
        problem(ctx, node, REFUSED[node.type] ?? `élément Markdown « ${node.type} » non pris en charge dans le PDF du guide`);
    }
  }
  return out;
}

function listItem(ctx: Context, item: ListItem): ListEntry {
  const blocks: Block[] = [];
  for (const child of item.children) {
    if (child.type === 'paragraph') blocks.push({ kind: 'paragraph', inlines: inlines(ctx, child.children) });
    else if (child.type === 'list') blocks.push(...block(ctx, child));
    else problem(ctx, child, REFUSED[child.type] ?? `« ${child.type} » dans un élément de liste : paragraphes et listes seulement`);
  }
  return { checked: item.checked ?? null, blocks };
}

function table(ctx: Context, node: Table): Block {
  const [head, ...body] = node.children;
  const cells = (row: Table['children'][number]) => row.children.map((cell) => inlines(ctx, cell.children));
  return {
    kind: 'table',
    align: (node.align ?? []).map((a) => a ?? 'left'),
    header: head ? cells(head) : [],
    rows: body.map(cells),
  };
}

function block(ctx: Context, node: RootContent): Block[] {
  switch (node.type) {
    case 'heading': {
      if (node.depth !== 2 && node.depth !== 3) {
        problem(ctx, node, node.depth === 1 ? 'titre de niveau 1 (#) : le titre du chapitre vient du frontmatter (title), utilisez ## ou ###' : 'titres de niveau 2 ou 3 seulement (## ou ###)');
        return [];
      }
      const runs = inlines(ctx, node.children);
      if (runs.some((r) => r.href)) problem(ctx, node, 'lien dans un titre : le PDF en fait un signet, mettez le lien dans le texte');
      return [{ kind: 'heading', depth: node.depth, text: runs.map((r) => r.text).join('').trim(), inlines: runs }];
    }
    case 'paragraph':
      return [{ kind: 'paragraph', inlines: inlines(ctx, node.children) }];
    case 'list':
      return [{ kind: 'list', ordered: !!node.ordered, start: node.start ?? 1, items: node.children.map((item) => listItem(ctx, item)) }];
    case 'table':
      return [table(ctx, node)];
    case 'thematicBreak':
      return [{ kind: 'rule' }];
    default:
      problem(ctx, node, REFUSED[node.type] ?? `élément Markdown « ${node.type} » non pris en charge dans le PDF du guide`);
      return [];
  }
}

/**
 * Parses one chapter's Markdown body. Problems (with file and line) are pushed to `problems`;
 * site links are pushed to `links` (for the build to check that their pages exist).
 */
export function parseGuideMarkdown(
  markdown: string,
  where: Where,
  siteUrl: string,
  problems: string[] = [],
  links: SiteLink[] = [],
): Block[] {
  const ctx: Context = { where, siteUrl, problems, links, nextLink: 0 };
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  return tree.children.flatMap((node) => block(ctx, node));
}
