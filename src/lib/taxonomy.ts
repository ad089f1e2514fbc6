// Controlled vocabularies shared by the content schemas, the pages and the marketing rules.
// Slugs are URL segments; labels are what visitors read.

export const AUDIENCES = ['primo-arrivants', 'reconversion', 'garages', 'demandeurs-emploi'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const TECHNOLOGIES = [
  'thermique',
  'electrique',
  'hybride',
  'hydrogene',
  'adas',
  'diagnostic',
  'climatisation',
] as const;
export type Technology = (typeof TECHNOLOGIES)[number];

export const TECHNOLOGY_LABELS: Record<Technology, string> = {
  thermique: 'Mécanique et moteurs thermiques',
  electrique: 'Véhicules électriques',
  hybride: 'Véhicules hybrides',
  hydrogene: 'Hydrogène',
  adas: 'Aides à la conduite (ADAS)',
  diagnostic: 'Diagnostic électronique',
  climatisation: 'Climatisation',
};

export const CATEGORIES = [
  'formations-diplomes',
  'technologies',
  'financement',
  'metier-emploi',
  'parcours',
  'garages',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  'formations-diplomes': 'Formations et diplômes',
  technologies: 'Nouvelles technologies',
  financement: 'Financement',
  'metier-emploi': 'Métier et emploi',
  parcours: 'Parcours et reconversions',
  garages: 'Garages et entreprises',
};

export const FINANCING = ['cpf', 'opco-mobilites', 'france-travail-aif', 'region', 'autofinancement'] as const;
export type Financing = (typeof FINANCING)[number];

/** Page kinds as visitors read them (search filter "type"). */
export const KIND_LABELS: Record<string, string> = {
  accueil: 'Accueil',
  formation: 'Formation',
  catalogue: 'Formation',
  article: 'Article',
  blog: 'Blog',
  public: 'Pour qui ?',
  landing: 'Guide',
  webinaire: 'Webinaire',
  webinaires: 'Webinaire',
  tarifs: 'Tarifs et financement',
  temoignages: 'Témoignages',
  guide: 'Guide gratuit',
  contact: 'Contact',
  parrainage: 'Informations',
  partenaires: 'Informations',
  resultats: 'Informations',
  page: 'Informations',
};
