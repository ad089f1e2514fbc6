// Site-wide SEO settings, from the school's data (one source of truth).
import type { SeoConfig } from './head';
import { marketing } from '../lib/marketing';
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

/** Where the OG image of a page lives: /og/index.png for the home, /og/formations/x.png… */
export function ogImagePath(pagePath: string): string {
  const trimmed = pagePath.replace(/^\/+|\/+$/g, '');
  return `/og/${trimmed || 'index'}.png`;
}
