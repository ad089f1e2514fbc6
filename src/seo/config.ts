// Site-wide SEO settings, from the school's data (one source of truth).
import type { SeoConfig } from './head';
import type { OrgFacts } from './jsonld';
import { marketing } from '../lib/marketing';
import { isPlaceholder, known } from '../lib/placeholders';
import { headOffice, socialProfiles } from '../lib/school-facts';
import { SITE_URL } from '../lib/site-config.mjs';

const org = marketing.organization;

export const SEO_CONFIG: SeoConfig = {
  siteName: org.name,
  titleTemplate: `%s | ${org.name}`,
  homeTitle: `${org.name} : formation mécanique automobile à distance`,
  maxTitleLength: 60,
  site: SITE_URL,
  locale: 'fr_FR',
  twitterCard: 'summary_large_image',
};

/** The school as structured data (EducationalOrganization): placeholders are left out, never shown as facts. */
export const ORGANIZATION_FACTS: OrgFacts = {
  name: org.name,
  legalName: isPlaceholder(org.legalName) ? undefined : org.legalName,
  description: `${org.tagline} École de mécanique automobile 100 % à distance.`,
  email: org.email,
  phone: known(org.phone),
  site: SITE_URL,
  // The address only when both the street and the postcode are known (no invented postcode).
  address: known(headOffice(org)) ? { street: org.address.street, postalCode: org.address.postalCode, city: org.address.city, country: org.address.country } : undefined,
  vatID: isPlaceholder(org.legal.vat) ? undefined : org.legal.vat,
  // Only the profiles the school has filled (none is invented).
  sameAs: socialProfiles(org).map((p) => p.url),
};

/** Where the OG image of a page lives: /og/index.png for the home, /og/formations/x.png… */
export function ogImagePath(pagePath: string): string {
  const trimmed = pagePath.replace(/^\/+|\/+$/g, '');
  return `/og/${trimmed || 'index'}.png`;
}
