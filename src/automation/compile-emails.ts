// Compiles content/emails/<folder>/<step>.mdx into EmailTemplate objects (Node only: reads files).
//
// The body is parsed as MDX (remark-parse + remark-mdx) and restricted to what renders the same in
// every mail client: paragraphs, headings, lists, emphasis, links and the {prenom} and {formation}
// expressions. Anything else (components, images, HTML, imports) is refused with the file and line.
// Frontmatter errors name the file and the field, like the site's content collections.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkRehype from 'remark-rehype';
import { toHtml } from 'hast-util-to-html';
import type { Root, RootContent, PhrasingContent } from 'mdast';
import type { Element, Root as HastRoot } from 'hast';
import type { EmailTemplate } from './templates.ts';
import { LISTS, type Marketing } from '../marketing/config.ts';
import { errorMap } from '../marketing/load.ts';
import { FOLDER_EXTRAS, TRANSACTIONAL_EMAILS, TRANSACTIONAL_FOLDER } from './transactional.ts';
import { frenchHtml, frenchText } from '../lib/typography.ts';

const VARIABLES = new Set(['prenom', 'formation']);
/** One-off sends: content/emails/broadcasts/<slug>.mdx with sendAt and audience. */
export const BROADCAST_FOLDER = 'broadcasts';
/** Link names filled at sending time: the lead's training page, and those of the transactional e-mails. */
const SPECIAL_LINKS = new Set(['formation', ...[...Object.values(TRANSACTIONAL_EMAILS), ...Object.values(FOLDER_EXTRAS)].flatMap((t) => t.links)]);
const LINK = /^(\/[^\s]*|https:\/\/[^\s]+|[a-z][a-z-]*)$/;

export const emailFrontmatterSchema = z
  .object({
    subject: z.string().trim().min(5).max(90).describe('Objet'),
    preheader: z.string().trim().min(20).max(160).describe('Texte d’aperçu'),
    day: z.number().int().min(1).optional().describe('Jour d’envoi (séquences)'),
    delayHours: z.number().positive().optional().describe('Délai après le déclencheur, en heures (scénarios)'),
    segments: z.array(z.string()).min(1).optional().describe('Segments destinataires'),
    sendAt: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'date et heure avec fuseau attendues, par exemple 2026-12-08T10:00:00+01:00')
      .optional()
      .describe('Envoi ponctuel (content/emails/broadcasts) : date et heure de l’envoi'),
    audience: z
      .object({
        lists: z.array(z.enum(LISTS)).min(1).optional().describe('Listes de diffusion (inscription confirmée)'),
        segments: z.array(z.string()).min(1).optional().describe('Segments (consentement aux e-mails)'),
      })
      .strict()
      .refine((a) => a.lists || a.segments, 'au moins une liste (lists) ou un segment (segments)')
      .optional()
      .describe('Envoi ponctuel : destinataires'),
    experiment: z.string().optional().describe('Test A/B de l’objet'),
    cta: z
      .object({
        label: z.string().trim().min(3).max(40),
        href: z
          .string()
          .refine(
            (href) => /^(\/[a-z0-9/-]*|https:\/\/\S+)$/.test(href) || SPECIAL_LINKS.has(href),
            `chemin du site (/…/), URL https:// ou lien spécial (${[...SPECIAL_LINKS].join(', ')}) attendu`,
          ),
      })
      .strict(),
  })
  .strict();

export class EmailContentError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`E-mails invalides (${problems.length} problème${problems.length > 1 ? 's' : ''}) :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
    this.name = 'EmailContentError';
  }
}

type Problem = (message: string, line?: number) => void;

/** Walks the MDX tree: refuses what e-mails cannot show, turns {prenom} into {{prenom}}. */
function sanitise(tree: Root, problem: Problem, links: string[], variables: ReadonlySet<string>) {
  const visit = (node: RootContent | PhrasingContent, parent: { children: unknown[] }, index: number) => {
    const line = node.position?.start.line;
    switch (node.type) {
      case 'mdxTextExpression':
      case 'mdxFlowExpression': {
        const name = node.value.trim();
        if (!variables.has(name)) problem(`expression {${name}} inconnue : seules ${[...variables].map((v) => `{${v}}`).join(', ')} sont permises`, line);
        const text = { type: 'text', value: `{{${name}}}` };
        parent.children[index] = node.type === 'mdxFlowExpression' ? { type: 'paragraph', children: [text] } : text;
        return;
      }
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        problem(`composant <${node.name ?? ''}> non permis dans un e-mail : Markdown seulement`, line);
        return;
      case 'mdxjsEsm':
        problem('import ou export non permis dans un e-mail', line);
        return;
      case 'image':
      case 'imageReference':
      case 'html':
      case 'code':
      case 'table':
        problem(`élément « ${node.type} » non permis dans un e-mail`, line);
        return;
      case 'heading':
        if (node.depth < 2 || node.depth > 3) problem('titres de niveau 2 ou 3 seulement (## ou ###)', line);
        break;
      case 'link':
        if (!LINK.test(node.url)) problem(`lien « ${node.url} » : chemin du site (/…/), URL https:// ou nom de lien spécial attendu`, line);
        else {
          links.push(node.url);
          node.url = `{{link:${links.length - 1}}}`;
        }
        break;
    }
    if ('children' in node) (node.children as (RootContent | PhrasingContent)[]).forEach((child, i) => visit(child, node as { children: unknown[] }, i));
  };
  tree.children.forEach((child, i) => visit(child, tree, i));
}

const STYLE: Record<string, string> = {
  p: 'margin:0 0 16px;',
  h2: 'margin:24px 0 12px;font-size:20px;line-height:1.3;',
  h3: 'margin:20px 0 8px;font-size:17px;line-height:1.3;',
  ul: 'margin:0 0 16px;padding-left:22px;',
  ol: 'margin:0 0 16px;padding-left:22px;',
  li: 'margin:0 0 6px;',
  a: 'color:#0b6670;text-decoration:underline;',
};

function inlineStyles(tree: HastRoot) {
  const walk = (node: HastRoot | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const style = STYLE[child.tagName];
      if (style) child.properties = { ...child.properties, style };
      walk(child);
    }
  };
  walk(tree);
}

/** Plain-text part: paragraphs, « - » lists, links as « text (URL) ». */
function toPlainText(tree: Root): string {
  const phrasing = (nodes: PhrasingContent[]): string =>
    nodes
      .map((n) => {
        if (n.type === 'text') return n.value;
        if (n.type === 'link') return `${phrasing(n.children)} ({{link:${n.url.slice(7, -2)}}})`;
        if (n.type === 'break') return '\n';
        if ('children' in n) return phrasing(n.children as PhrasingContent[]);
        if ('value' in n) return String(n.value);
        return '';
      })
      .join('');
  const block = (n: RootContent, indent = ''): string => {
    switch (n.type) {
      case 'paragraph':
        return indent + phrasing(n.children);
      case 'heading':
        return phrasing(n.children).toUpperCase();
      case 'list':
        return n.children.map((item, i) => `${indent}${n.ordered ? `${(n.start ?? 1) + i}.` : '-'} ${item.children.map((c) => block(c)).join('\n').trim()}`).join('\n');
      case 'thematicBreak':
        return '---';
      case 'blockquote':
        return n.children.map((c) => `> ${block(c)}`).join('\n');
      default:
        return '';
    }
  };
  return tree.children.map((n) => block(n)).filter(Boolean).join('\n\n');
}

/** One MDX e-mail file → template (problems are pushed, not thrown). */
export function compileEmail(source: string, file: string, key: string, folder: string, problems: string[]): EmailTemplate | null {
  const at = (message: string, line?: number) => problems.push(`${file}${line ? `:${line}` : ''}: ${message}`);
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) {
    at('(fichier): en-tête YAML (frontmatter) entre deux lignes « --- » attendu');
    return null;
  }
  let data: unknown;
  try {
    data = parseYaml(match[1]!);
  } catch (error) {
    at(`(frontmatter): YAML illisible : ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
  const parsed = emailFrontmatterSchema.safeParse(data, { error: errorMap });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join('.') || '(frontmatter)'}: ${issue.message}`);
    return null;
  }
  const fm = parsed.data;
  const headerLines = match[1]!.split('\n').length + 2;
  let tree: Root;
  try {
    tree = unified().use(remarkParse).use(remarkMdx).parse(match[2]!) as Root;
  } catch (error) {
    const e = error as { line?: number; reason?: string; message: string };
    at(`MDX illisible : ${e.reason ?? e.message}`, e.line ? e.line + headerLines : undefined);
    return null;
  }
  const links: string[] = [];
  const before = problems.length;
  const spec = folder === TRANSACTIONAL_FOLDER ? TRANSACTIONAL_EMAILS[key.slice(folder.length + 1)] : FOLDER_EXTRAS[folder];
  const variables = new Set([...VARIABLES, ...(spec?.variables ?? [])]);
  sanitise(tree, (m, line) => at(m, line ? line + headerLines : undefined), links, variables);
  // The subject and preheader may use the same variables, written {nom}.
  const inline = (field: string, text: string) =>
    text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
      if (!variables.has(name)) at(`${field} : variable {${name}} inconnue (permises : ${[...variables].map((v) => `{${v}}`).join(', ')})`);
      return `{{${name}}}`;
    });
  fm.subject = inline('subject', fm.subject);
  fm.preheader = inline('preheader', fm.preheader);
  const specials = new Set(['formation', ...(spec?.links ?? [])]);
  for (const target of [fm.cta.href, ...links]) {
    if (/^[a-z][a-z-]*$/.test(target) && !specials.has(target)) at(`lien spécial « ${target} » non permis dans cet e-mail (permis ici : ${[...specials].join(', ')})`);
  }
  if (problems.length > before) return null;
  if (!tree.children.length) {
    at('corps de l’e-mail vide');
    return null;
  }
  const hast = unified().use(remarkRehype).runSync(tree) as HastRoot;
  inlineStyles(hast);
  return {
    key,
    folder,
    file,
    // French typography as on the site: authors type ordinary spaces (src/lib/typography.ts).
    subject: frenchText(fm.subject),
    preheader: frenchText(fm.preheader),
    day: fm.day ?? null,
    delayHours: fm.delayHours ?? null,
    segments: fm.segments ?? null,
    sendAt: fm.sendAt ?? null,
    audience: fm.audience ? { lists: fm.audience.lists ?? [], segments: fm.audience.segments ?? [] } : null,
    experiment: fm.experiment ?? null,
    cta: { ...fm.cta, label: frenchText(fm.cta.label) },
    html: frenchHtml(toHtml(hast).replaceAll('%7B%7B', '{{').replaceAll('%7D%7D', '}}')),
    text: frenchText(toPlainText(tree)),
    links,
  };
}

/**
 * Reads every e-mail and checks it against the marketing plan: each sequence of sequences.yaml
 * has its folder with the same days; each send-email / reminders workflow has its folder with
 * the same delays; segments and experiments exist. Throws EmailContentError listing every problem.
 */
export function compileEmails(contentRoot: string, marketing: Marketing): EmailTemplate[] {
  const root = join(contentRoot, 'emails');
  const rel = (f: string) => join(contentRoot, 'emails', f).replace(/^\.\//, '');
  const problems: string[] = [];
  const templates: EmailTemplate[] = [];
  const folders = existsSync(root) ? readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
  for (const folder of folders) {
    for (const name of readdirSync(join(root, folder)).filter((f) => f.endsWith('.mdx')).sort()) {
      const file = rel(join(folder, name));
      const t = compileEmail(readFileSync(join(root, folder, name), 'utf8'), file, `${folder}/${name.slice(0, -4)}`, folder, problems);
      if (t) templates.push(t);
    }
  }
  const segmentKeys = new Set(marketing.segments.map((s) => s.key));
  const emailExperiments = new Map(marketing.experiments.filter((e) => e.channel === 'email').map((e) => [e.key, e]));
  for (const t of templates) {
    for (const s of t.segments ?? []) if (!segmentKeys.has(s)) problems.push(`${t.file}: segments: segment « ${s} » inconnu (segments.yaml : ${[...segmentKeys].join(', ')})`);
    if (t.experiment && !emailExperiments.has(t.experiment)) problems.push(`${t.file}: experiment: test « ${t.experiment} » inconnu ou pas de canal e-mail (experiments.yaml)`);
  }
  const inFolder = (folder: string) => templates.filter((t) => t.folder === folder);
  const seqFile = 'content/marketing/sequences.yaml';
  for (const seq of marketing.sequences.sequences) {
    const steps = inFolder(seq.key);
    if (!steps.length) {
      problems.push(`${rel(seq.key)}/: dossier manquant ou vide pour la séquence « ${seq.key} » de ${seqFile}`);
      continue;
    }
    const planned = new Set(seq.emails.map((e) => e.day));
    for (const t of steps) {
      if (t.day === null) problems.push(`${t.file}: day: jour d’envoi obligatoire dans une séquence`);
      else if (!planned.has(t.day)) problems.push(`${t.file}: day: jour ${t.day} absent de la séquence « ${seq.key} » (${seqFile} : jours ${[...planned].join(', ')})`);
      if (t.delayHours !== null) problems.push(`${t.file}: delayHours: réservé aux scénarios, utilisez day`);
    }
    for (const day of planned) if (!steps.some((t) => t.day === day)) problems.push(`${rel(seq.key)}/: aucun e-mail pour le jour ${day} de la séquence « ${seq.key} » (${seqFile})`);
  }
  marketing.sequences.workflows.forEach((wf, i) => {
    // The engine keeps one run per person of an e-mail workflow (a UNIQUE key) and one callback
    // task per request: other limits would be silently ignored, so they are refused.
    const supported = wf.action.type === 'callback' || wf.action.type === 'monthly-email' ? null : 1;
    const why = wf.action.type === 'callback' ? 'null attendu (un rappel par demande)' : wf.action.type === 'monthly-email' ? 'null attendu (un e-mail par mois)' : '1 attendu (un seul déroulé par personne)';
    if (wf.maxPerLead !== supported) problems.push(`${seqFile}: workflows.${i}.maxPerLead: ${why}, reçu ${wf.maxPerLead}`);
  });
  for (const wf of marketing.sequences.workflows) {
    const expected = wf.action.type === 'send-email' ? [wf.action.delayHours] : wf.action.type === 'reminders' ? wf.action.emails.map((e) => e.delayHours) : null;
    if (!expected) continue;
    const steps = inFolder(wf.key);
    const got = steps.map((t) => t.delayHours);
    if (steps.length !== expected.length || got.some((d, i) => d !== expected[i])) {
      problems.push(`${rel(wf.key)}/: le scénario « ${wf.key} » de ${seqFile} attend ${expected.length} e-mail(s) aux délais ${expected.join(', ')} h, trouvé ${steps.length} (${got.join(', ') || 'aucun'})`);
    }
    for (const t of steps) if (t.day !== null) problems.push(`${t.file}: day: réservé aux séquences, utilisez delayHours`);
  }
  // Broadcasts: one date and one audience each, known segments.
  for (const t of inFolder(BROADCAST_FOLDER)) {
    if (!t.sendAt) problems.push(`${t.file}: sendAt : date et heure d’envoi obligatoires pour un envoi ponctuel`);
    if (!t.audience) problems.push(`${t.file}: audience : destinataires obligatoires (lists et/ou segments)`);
    for (const s of t.audience?.segments ?? []) if (!segmentKeys.has(s)) problems.push(`${t.file}: audience.segments : segment « ${s} » inconnu (segments.yaml : ${[...segmentKeys].join(', ')})`);
    if (t.day !== null || t.delayHours !== null) problems.push(`${t.file}: day/delayHours : un envoi ponctuel part à sa date (sendAt)`);
  }
  for (const t of templates) {
    if (t.folder !== BROADCAST_FOLDER && (t.sendAt || t.audience)) problems.push(`${t.file}: sendAt/audience : réservés aux envois ponctuels (content/emails/${BROADCAST_FOLDER}/)`);
  }
  // Monthly workflows: one e-mail each, sent on their day.
  for (const wf of marketing.sequences.workflows.filter((w) => w.action.type === 'monthly-email')) {
    const steps = inFolder(wf.key);
    if (steps.length !== 1) problems.push(`${rel(wf.key)}/: le scénario mensuel « ${wf.key} » de ${seqFile} attend exactement un e-mail, trouvé ${steps.length}`);
    for (const t of steps) if (t.day !== null || t.delayHours !== null) problems.push(`${t.file}: day/delayHours : un e-mail mensuel part au jour fixé dans ${seqFile}`);
  }
  // Transactional e-mails: each one of the registry, with neither day nor delay.
  const transactional = inFolder(TRANSACTIONAL_FOLDER);
  for (const t of transactional) {
    const name = t.key.slice(TRANSACTIONAL_FOLDER.length + 1);
    if (!TRANSACTIONAL_EMAILS[name]) problems.push(`${t.file}: e-mail transactionnel inconnu (attendus : ${Object.keys(TRANSACTIONAL_EMAILS).join(', ')})`);
    if (t.day !== null || t.delayHours !== null) problems.push(`${t.file}: day/delayHours : un e-mail transactionnel part dès la demande`);
  }
  for (const [name, spec] of Object.entries(TRANSACTIONAL_EMAILS)) {
    if (!transactional.some((t) => t.key === `${TRANSACTIONAL_FOLDER}/${name}`)) problems.push(`${rel(TRANSACTIONAL_FOLDER)}/${name}.mdx: fichier manquant (${spec.label})`);
  }
  const known = new Set([TRANSACTIONAL_FOLDER, BROADCAST_FOLDER, ...marketing.sequences.sequences.map((s) => s.key), ...marketing.sequences.workflows.map((w) => w.key)]);
  for (const folder of folders) if (!known.has(folder)) problems.push(`${rel(folder)}/: dossier sans séquence ni scénario de ce nom dans ${seqFile}`);
  if (problems.length) throw new EmailContentError(problems);
  return templates;
}

/**
 * Site paths the e-mails link to (body links and buttons) that the built site does not have.
 * A path to an article that exists but is not published yet at the build date is a warning (the
 * e-mail may go out after its date); any other missing path is an error.
 */
export function checkEmailLinks(
  templates: readonly EmailTemplate[],
  pageExists: (path: string) => boolean,
  scheduledArticle: (path: string) => boolean,
): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const t of templates) {
    for (const target of new Set([...t.links, t.cta.href])) {
      if (/^[a-z][a-z-]*$/.test(target) || /^https?:\/\//.test(target)) continue;
      const path = target.split(/[?#]/)[0]!;
      if (pageExists(path)) continue;
      if (scheduledArticle(path)) warnings.push(`${t.file}: lien ${path} : article pas encore publié à la date de construction`);
      else errors.push(`${t.file}: lien ${path} : aucune page du site à cette adresse`);
    }
  }
  return { errors, warnings };
}
