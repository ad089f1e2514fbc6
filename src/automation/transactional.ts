// The transactional e-mails: what a person asked for (a confirmation link, the guide, a callback,
// a webinar seat). They are content like the marketing e-mails (content/emails/transactional/
// <key>.mdx); this registry says which ones must exist, which variables and special links each
// may use. They are sent whatever the marketing box says (the request is their legal basis),
// never capped, with the legal footer, and start no marketing. Pure module.

export interface TransactionalSpec {
  /** What the e-mail is for (shown in build errors and in the console). */
  label: string;
  /** Variables allowed in the subject and body besides {prenom} and {formation}. */
  variables: readonly string[];
  /** Special names allowed as cta.href or link targets, filled at sending time. */
  links: readonly string[];
}

const WEBINAR_VARIABLES = ['webinaire', 'date_webinaire'] as const;
const WEBINAR_LINKS = ['rejoindre', 'agenda', 'annuler', 'page-webinaire'] as const;

export const TRANSACTIONAL_EMAILS: Record<string, TransactionalSpec> = {
  confirmation: { label: 'confirmation d’une demande par son destinataire (double opt-in)', variables: [], links: ['confirmation'] },
  guide: { label: 'le guide gratuit demandé (liens PDF et web)', variables: [], links: ['guide-pdf', 'guide-html'] },
  'demande-recue': { label: 'accusé de réception d’une demande de rappel, d’information ou de devis, avec la date de la réponse (par téléphone, ou par e-mail sans numéro)', variables: ['demande', 'date_rappel', 'reponse'], links: [] },
  'candidature-partenaire': { label: 'accusé de réception d’une candidature à un programme de parrainage ou de partenariat, avec la date de la réponse', variables: ['programme', 'date_reponse'], links: [] },
  'inscription-recue': { label: 'accusé de réception d’une demande d’inscription', variables: [], links: [] },
  'webinaire-confirmation': { label: 'inscription à un webinaire confirmée (lien de connexion, invitation .ics)', variables: WEBINAR_VARIABLES, links: WEBINAR_LINKS },
  'webinaire-attente': { label: 'inscription sur la liste d’attente d’un webinaire complet', variables: [...WEBINAR_VARIABLES, 'position'], links: ['annuler', 'page-webinaire'] },
  'webinaire-place': { label: 'place libérée pour une personne de la liste d’attente (invitation .ics)', variables: WEBINAR_VARIABLES, links: WEBINAR_LINKS },
  'webinaire-rappel-veille': { label: 'rappel la veille du webinaire', variables: WEBINAR_VARIABLES, links: WEBINAR_LINKS },
  'webinaire-rappel-heure': { label: 'rappel une heure avant le webinaire', variables: WEBINAR_VARIABLES, links: WEBINAR_LINKS },
  'webinaire-modification': { label: 'changement de date d’un webinaire (invitation .ics mise à jour)', variables: [...WEBINAR_VARIABLES, 'ancienne_date'], links: WEBINAR_LINKS },
  'webinaire-annulation': { label: 'annulation d’un webinaire par l’école (.ics d’annulation)', variables: WEBINAR_VARIABLES, links: [] },
};

export const TRANSACTIONAL_FOLDER = 'transactional';

/** Variables and special links of the other automatic e-mails, by folder. */
export const FOLDER_EXTRAS: Record<string, { variables: readonly string[]; links: readonly string[] }> = {
  welcome: { variables: [], links: ['guide-pdf', 'guide-html'] },
  'monthly-newsletter': { variables: ['mois', 'articles'], links: [] },
};
