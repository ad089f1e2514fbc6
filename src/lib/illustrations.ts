// Which illustration (src/assets/illustrations/) and which icon (Lucide) stand for a technology
// or an audience: one mapping, used by the catalogue, the training pages, the home page and the
// audience pages.
import type { Audience, Category, Technology } from './taxonomy';

export type IllustrationName =
  | 'hero-home'
  | `audience-${Audience}`
  | `tech-${Technology}`
  | `spot-${'calendar' | 'certificate' | 'chat' | 'contact' | 'distance' | 'financing' | 'guide' | 'lost' | 'practical' | 'search' | 'success' | 'team' | 'tutor' | 'webinar'}`;

export const technologyIllustration = (tech: Technology): IllustrationName => `tech-${tech}`;
export const audienceIllustration = (audience: Audience): IllustrationName => `audience-${audience}`;

/** A Lucide icon per technology, for cards and chips. */
export const TECHNOLOGY_ICONS: Record<Technology, string> = {
  thermique: 'cog',
  electrique: 'plug-zap',
  hybride: 'battery-charging',
  hydrogene: 'atom',
  adas: 'radar',
  diagnostic: 'scan-search',
  climatisation: 'snowflake',
};

/** A Lucide icon per audience. */
export const AUDIENCE_ICONS: Record<Audience, string> = {
  'primo-arrivants': 'graduation-cap',
  reconversion: 'route',
  'demandeurs-emploi': 'briefcase',
  garages: 'building-2',
};

/** A Lucide icon per blog category. */
export const CATEGORY_ICONS: Record<Category, string> = {
  'formations-diplomes': 'graduation-cap',
  technologies: 'zap',
  financement: 'wallet',
  'metier-emploi': 'briefcase',
  parcours: 'route',
  garages: 'building-2',
};

/** Keyword landings whose subject is a public rather than the technology of their first training. */
const KEYWORD_LANDING_ILLUSTRATIONS: Record<string, IllustrationName> = {
  'formation-mecanique-automobile': 'hero-home',
  'reconversion-mecanique-automobile': 'audience-reconversion',
  'formation-equipe-garage-1490-euros': 'audience-garages',
  'formation-primo-arrivant-890-euros': 'audience-primo-arrivants',
  'cap-maintenance-vehicules-primo-arrivant': 'audience-primo-arrivants',
  'formation-mecanique-paris-ile-de-france': 'audience-demandeurs-emploi',
};

/**
 * The hero illustration of a landing page: its audience's, else the mapping above, else the
 * technology of its first recommended training, else the home page's.
 */
export function landingIllustration(slug: string, audience: Audience | undefined, firstTrainingTechnology: Technology | undefined): IllustrationName {
  if (audience) return audienceIllustration(audience);
  return KEYWORD_LANDING_ILLUSTRATIONS[slug] ?? (firstTrainingTechnology ? technologyIllustration(firstTrainingTechnology) : 'hero-home');
}

/** A spot illustration per blog category, for an article that names no training. */
export const CATEGORY_SPOTS: Record<Category, IllustrationName> = {
  'formations-diplomes': 'spot-certificate',
  technologies: 'spot-practical',
  financement: 'spot-financing',
  'metier-emploi': 'spot-team',
  parcours: 'spot-success',
  garages: 'spot-team',
};
