// Reads the guide's chapters (content/guide/*.md) and the school facts into a GuideDocument for
// src/guide/pdf.ts (Node only: reads files). Used by the build (src/integrations/guide-pdf.ts)
// and by the tests, so that both render exactly the same document.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { readMarketing } from '../edge/rules-snapshot.ts';
import { schoolFacts, type SchoolFacts } from '../lib/school-facts.ts';
import { factText, isPlaceholder } from '../lib/placeholders.ts';
import { GUIDE_TITLE } from '../lib/guide.ts';
import type { Marketing } from '../marketing/config.ts';
import { GuideContentError } from './markdown.ts';
import { monthYear, type GuideChapter, type GuideDocument, type GuideFonts } from './pdf.ts';

export const GUIDE_SUBTITLE = 'Les métiers, le CAP MVA à distance, les nouvelles technologies et les financements, expliqués simplement';
const KEYWORDS = ['mécanique automobile', 'CAP MVA', 'formation à distance', 'véhicule électrique', 'habilitation électrique', 'financement de la formation', 'CPF', 'OPCO Mobilités'];

const FONTS_DIR = fileURLToPath(new URL('../seo/fonts/', import.meta.url));

/** Atkinson Hyperlegible Next, Regular and ExtraBold (OFL), the site's own fonts. */
export function loadGuideFonts(dir = FONTS_DIR): GuideFonts {
  return {
    regular: readFileSync(join(dir, 'AtkinsonHyperlegibleNext_400Regular.ttf')),
    bold: readFileSync(join(dir, 'AtkinsonHyperlegibleNext_800ExtraBold.ttf')),
  };
}

/** Backslash-escapes Markdown punctuation, so that a filled fact is read as plain text. */
function markdownLiteral(text: string): string {
  return text.replace(/[\\`*_[\]<>()#|!~&{}]/g, '\\$&');
}

/**
 * Replaces %%markers%% by the school's facts (or « [à compléter : …] »); unknown ones are problems.
 * An optional marker %%key?%% of a missing fact drops its list item (the line), as on the site.
 */
export function fillGuideMarkers(source: string, facts: SchoolFacts, file: string, problems: string[], escape = markdownLiteral, firstLine = 1): string {
  const lines: string[] = [];
  source.split('\n').forEach((text, i) => {
    let drop = false;
    const filled = text.replace(/%%([a-zA-Z]+)(\?)?%%/g, (marker, key: string, optional: string | undefined) => {
      const fact = facts[key];
      if (!fact) {
        problems.push(`${file}:${firstLine + i}: marqueur inconnu ${marker} (clés possibles : ${Object.keys(facts).join(', ')})`);
        return marker;
      }
      if (optional && isPlaceholder(fact.value)) {
        if (/^\s*(?:[-*+]|\d+[.)])\s/.test(text)) drop = true;
        else problems.push(`${file}:${firstLine + i}: marqueur facultatif ${marker} hors d’un élément de liste : il ne peut s’effacer que dans une liste`);
        return marker;
      }
      return escape(factText(fact.value, fact.label));
    });
    if (!drop) lines.push(filled);
  });
  return lines.join('\n');
}

/** The last page: who publishes the guide, with the facts the law asks a training body to show. */
export function guideColophon(org: Marketing['organization'], facts: SchoolFacts, siteUrl: string, date: Date): string[] {
  const f = (key: string) => factText(facts[key]!.value, facts[key]!.label);
  return [
    `« ${GUIDE_TITLE} », guide gratuit publié par ${org.name}, édition de ${monthYear(date)}. Les durées et les prix cités sont ceux des fiches formations à cette date : la fiche de chaque formation, sur le site, fait foi.`,
    `Dénomination sociale : ${f('legalName')}`,
    `Siège : ${f('address')}`,
    ...(isPlaceholder(org.phone) ? [] : [`Téléphone : ${org.phone}`]),
    `E-mail : ${f('email')}`,
    `NDA (numéro de déclaration d’activité) : enregistré sous le numéro ${f('nda')} auprès du préfet de région ${f('ndaRegion')}. Cet enregistrement ne vaut pas agrément de l’État.`,
    `Certification Qualiopi : certificat n° ${f('qualiopiCertificate')}, délivré par ${f('qualiopiCertifier')} au titre de la catégorie d’action suivante : actions de formation.`,
    `Site : ${siteUrl.replace(/\/+$/, '')}/`,
    'Composé en Atkinson Hyperlegible Next, police du Braille Institute sous licence SIL Open Font License.',
  ];
}

export interface LoadGuideOptions {
  /** The site's URL, to make the chapters' site links absolute (default: organization.yaml). */
  siteUrl?: string;
  /** Edition date (cover, colophon, CreationDate). */
  date: Date;
}

/**
 * Reads `${contentRoot}/guide/*.md` (sorted by file name) into a GuideDocument. Unknown markers
 * and unreadable frontmatter are thrown together as a GuideContentError naming file and line.
 */
export function loadGuide(contentRoot: string, options: LoadGuideOptions): GuideDocument {
  const org = readMarketing(contentRoot).organization;
  const facts = schoolFacts(org);
  const siteUrl = (options.siteUrl ?? org.siteUrl).replace(/\/+$/, '');
  const dir = join(contentRoot, 'guide');
  if (!existsSync(dir)) throw new GuideContentError([`${dir}/ : dossier des chapitres du guide absent`]);
  const problems: string[] = [];
  const chapters: GuideChapter[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.md')).sort()) {
    const file = join(dir, name);
    const source = readFileSync(file, 'utf8');
    const match = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
    if (!match) {
      problems.push(`${file}:1: en-tête YAML (frontmatter) entre deux lignes « --- » attendu`);
      continue;
    }
    let data: { title?: unknown; summary?: unknown } | null;
    try {
      data = parseYaml(match[1]!) as typeof data;
    } catch (error) {
      problems.push(`${file}:1: frontmatter illisible : ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    const before = problems.length;
    for (const field of ['title', 'summary'] as const) {
      if (typeof data?.[field] !== 'string' || !data[field].trim()) problems.push(`${file}:1: ${field} : texte attendu dans le frontmatter`);
    }
    if (problems.length > before) continue;
    // Facts in the frontmatter are plain text; in the body they are Markdown-escaped.
    const title = fillGuideMarkers(String(data!.title), facts, file, problems, (t) => t);
    const summary = fillGuideMarkers(String(data!.summary), facts, file, problems, (t) => t);
    const bodyLine = match[0].split('\n').length + (match[0].endsWith('\n') ? 0 : 1);
    const markdown = fillGuideMarkers(source.slice(match[0].length), facts, file, problems, markdownLiteral, bodyLine);
    chapters.push({ slug: name.replace(/\.md$/, '').replace(/^\d+-/, ''), title, summary, markdown, file, line: bodyLine });
  }
  if (!chapters.length && !problems.length) problems.push(`${dir}/ : aucun chapitre (fichiers .md)`);
  if (problems.length) throw new GuideContentError(problems);
  return {
    title: GUIDE_TITLE,
    subtitle: GUIDE_SUBTITLE,
    siteUrl,
    date: options.date,
    chapters,
    colophon: guideColophon(org, facts, siteUrl, options.date),
    author: org.name,
    tagline: org.tagline,
    keywords: KEYWORDS,
  };
}
