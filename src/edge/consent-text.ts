// The exact wording of the marketing consent checkbox (LeadForm.astro), stored with each proof.
// Change the version whenever the wording changes.
export const CONSENT_TEXT_VERSION = '2026-11-24';
export const CONSENT_TEXT = 'J’accepte de recevoir par e-mail les conseils et offres de MécaFormation (désinscription en un clic).';
