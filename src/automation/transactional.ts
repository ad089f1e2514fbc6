// The transactional e-mails: what a person asked for (a confirmation link, the guide, a callback,
// a webinar seat). They are content like the marketing e-mails (content/emails/transactional/
// <key>.mdx); this registry says which ones must exist, which variables and special links each
// may use. Pure module.

export interface TransactionalSpec {
  /** What the e-mail is for (shown in build errors and in the console). */
  label: string;
  /** Variables allowed in the body besides {prenom} and {formation}. */
  variables: readonly string[];
  /** Special names allowed as cta.href or link targets, filled at sending time. */
  links: readonly string[];
}

export const TRANSACTIONAL_EMAILS: Record<string, TransactionalSpec> = {
  confirmation: { label: 'confirmation d’une demande par son destinataire (double opt-in)', variables: [], links: ['confirmation'] },
};

export const TRANSACTIONAL_FOLDER = 'transactional';
