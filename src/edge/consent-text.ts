// The exact wording of the marketing consent checkbox (LeadForm.astro), stored with each proof.
// Change the version whenever the wording changes.
export const CONSENT_TEXT_VERSION = '2026-11-24';
export const CONSENT_TEXT = 'J’accepte de recevoir par e-mail les conseils et offres de MécaFormation (désinscription en un clic).';

// Second, optional box: engagement tracking (open pixel in our e-mails, visits of the site once
// identified). Without it no open is measured and the site beacon records nothing.
export const TRACKING_TEXT_VERSION = '2026-11-30';
export const TRACKING_TEXT =
  'J’accepte que MécaFormation mesure l’ouverture de ses e-mails et mes visites sur le site pour mieux adapter ses messages (facultatif).';
