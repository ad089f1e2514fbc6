// The free guide, as pages and e-mails link to it. Pure: no Node import, usable anywhere.

/** Title of the guide, as the welcome e-mail announces it. */
export const GUIDE_TITLE = 'Devenir mécanicien automobile, même à distance';

/** Where the build writes the guide's PDF (src/integrations/guide-pdf.ts), from the site root. */
export const guidePdfPath = '/guide/devenir-mecanicien-automobile-a-distance.pdf';
