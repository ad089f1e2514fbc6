// The values behind the %%markers%% of content (legal pages, the guide), from organization.yaml.
// Pure: the site passes the organization that Vite loaded, build scripts the one they read.
import { SOCIAL_LABELS, SOCIAL_NETWORKS, type Marketing, type SocialNetwork } from '../marketing/config.ts';
import { isPlaceholder } from './placeholders.ts';

export type SchoolFacts = Record<string, { value: unknown; label: string }>;

/** The head office as one line, or PLACEHOLDER while its street or postcode is unknown (no invented part). */
export function headOffice(org: Marketing['organization']): string {
  const { street, postalCode, city } = org.address;
  return isPlaceholder(street) || isPlaceholder(postalCode) ? 'PLACEHOLDER' : `${street}, ${postalCode} ${city}`;
}

export function schoolFacts(org: Marketing['organization']): SchoolFacts {
  return {
  legalName: { value: org.legalName, label: 'dénomination sociale' },
  legalForm: { value: org.legal.form, label: 'forme juridique' },
  capital: { value: org.legal.capital, label: 'capital social' },
  address: { value: headOffice(org), label: 'adresse du siège' },
  phone: { value: org.phone, label: 'téléphone du standard' },
  email: { value: org.email, label: 'e-mail' },
  siret: { value: org.legal.siret, label: 'SIRET' },
  rcs: { value: org.legal.rcs, label: 'RCS' },
  vat: { value: org.legal.vat, label: 'numéro de TVA intracommunautaire' },
  nda: { value: org.legal.nda, label: 'numéro de déclaration d’activité' },
  ndaRegion: { value: org.legal.ndaRegion, label: 'région de déclaration' },
  qualiopiCertificate: { value: org.legal.qualiopiCertificate, label: 'numéro du certificat Qualiopi' },
  qualiopiCertifier: { value: org.legal.qualiopiCertifier, label: 'organisme certificateur' },
  publicationDirector: { value: org.legal.publicationDirector, label: 'directeur ou directrice de la publication' },
  hostName: { value: org.legal.host.name, label: 'hébergeur' },
  hostAddress: { value: org.legal.host.address, label: 'adresse de l’hébergeur' },
  hostPhone: { value: org.legal.host.phone, label: 'téléphone de l’hébergeur' },
  dpoEmail: { value: org.dpo.email, label: 'e-mail du délégué à la protection des données' },
  referentName: { value: org.handicapReferent.name, label: 'nom du ou de la référente handicap' },
  referentEmail: { value: org.handicapReferent.email, label: 'e-mail du référent handicap' },
  referentPhone: { value: org.handicapReferent.phone, label: 'téléphone du référent handicap' },
  mediator: { value: org.legal.mediator, label: 'médiateur de la consommation (nom, adresse, site)' },
  };
}

/** The school's filled social profiles, in the order of SOCIAL_NETWORKS (a null one is left out). */
export function socialProfiles(org: Marketing['organization']): { network: SocialNetwork; label: string; url: string }[] {
  return SOCIAL_NETWORKS.flatMap((network) => {
    const url = org.social[network];
    return url && !isPlaceholder(url) ? [{ network, label: SOCIAL_LABELS[network], url }] : [];
  });
}
