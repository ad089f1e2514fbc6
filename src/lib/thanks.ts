// The thank-you page after each form: one static page per kind of request and per answer to the
// marketing box, so the page says exactly what was sent and what was not, with no JavaScript.
// The edge picks the path (src/edge/routes/leads.ts); the pages are src/pages/merci/[...page].astro.
// The path never depends on whether the address was already known (that would tell anyone who is
// a lead), only on what the person asked for.

export type ThanksPage = 'guide' | 'guide/conseils' | 'demande' | 'inscription' | 'webinaire' | 'webinaire/attente' | 'lettre' | 'profil' | 'partenariat';

export function thanksPage(kind: string, options: { marketing: boolean; waitlisted?: boolean }): ThanksPage | null {
  switch (kind) {
    case 'guide':
      return options.marketing ? 'guide/conseils' : 'guide';
    case 'info':
    case 'callback':
    case 'garage-quote':
      return 'demande';
    case 'enrolment':
      return 'inscription';
    case 'webinar':
      return options.waitlisted ? 'webinaire/attente' : 'webinaire';
    case 'newsletter':
      return 'lettre';
    case 'profile':
      return 'profil';
    case 'partner':
      return 'partenariat';
    default:
      return null;
  }
}

export function thanksPath(kind: string, options: { marketing: boolean; waitlisted?: boolean }): string {
  const page = thanksPage(kind, options);
  return page ? `/merci/${page}/` : '/merci/';
}
