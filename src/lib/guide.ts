// Where the free guide lives on the site: its web version (a table of contents and one page per
// chapter of content/guide) and its PDF (written at build by src/integrations/guide-pdf.ts).
// One place for pages, e-mails and tests. Pure: no Node import, usable anywhere.

/** Title of the guide, as the welcome e-mail announces it. */
export const GUIDE_TITLE = 'Devenir mécanicien automobile, même à distance';

export const guidePaths = {
  html: '/guide/',
  pdf: '/guide/devenir-mecanicien-automobile-a-distance.pdf',
} as const;

/** Where the build writes the guide's PDF, from the site root. */
export const guidePdfPath = guidePaths.pdf;

/** `02-metiers` → `metiers`: the file name's order prefix is not part of the URL. */
export function guideChapterSlug(id: string): string {
  return id.replace(/^\d+-/, '');
}

export function guideChapterPath(id: string): string {
  return `${guidePaths.html}${guideChapterSlug(id)}/`;
}
