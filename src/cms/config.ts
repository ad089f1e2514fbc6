// The Sveltia CMS configuration (dist/cms/config.yml), generated from the project's zod schemas
// (src/cms/load-schemas.ts) by the field walker (src/cms/fields.ts): every collection of
// src/content.config.ts, the question set, and one file entry per YAML file of content/marketing/.
// Node only (reads content/ for the labels of the vocabularies and the keys of free records).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FIELD_LABELS, objectFields, toField, unwrap, type CmsField, type SelectValue, type WalkContext } from './fields.ts';
import type { LoadedSchemas } from './load-schemas.ts';

export interface CmsOptions {
  /** GitHub repository, owner/name. */
  repo: string;
  /** Public origin of the site (the OAuth routes are served there). */
  siteUrl: string;
  branch?: string;
  /** Repository root (to read content/ for labels and record keys). */
  root?: string;
  /** `test-repo`: Sveltia's in-browser test backend, for the browser tests. */
  backend?: 'github' | 'test-repo';
}

export type CmsConfig = Record<string, unknown> & { collections: Record<string, unknown>[] };

/** Labels of values that no vocabulary file names. Unknown values are shown as they are. */
const VALUE_LABELS: Record<string, string> = {
  prevu: 'Prévu',
  reporte: 'Reporté',
  annule: 'Annulé',
  exemple: 'Exemple (à remplacer)',
  verifie: 'Vérifié (accord écrit)',
  diplome: 'Diplôme',
  habilitation: 'Habilitation',
  certificat: 'Certificat',
  attestation: 'Attestation',
  draft: 'Brouillon',
  running: 'En cours',
  paused: 'En pause',
  stopped: 'Arrêté',
  linkedin: 'LinkedIn',
  facebook: 'Facebook',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  month: 'Mois',
  year: 'Année',
  session: 'Session',
};

/** The folder of a glob loader's base, relative to the repository: './content/articles' → 'content/articles'. */
function folderOf(base: string): string {
  return base.replace(/^\.\//, '').replace(/\/$/, '');
}

/** The file extension of a glob pattern: '**\/*.mdx' → 'mdx', '**\/*.{yaml,yml}' → 'yaml'. */
function extensionOf(pattern: string | string[]): string {
  const p = Array.isArray(pattern) ? pattern[0] : pattern;
  const m = /\*\.(?:\{([a-z0-9]+)[^}]*\}|([a-z0-9]+))$/i.exec(p);
  if (!m) throw new Error(`CMS : extension introuvable dans le motif « ${p} » du chargeur glob`);
  return (m[1] ?? m[2]).toLowerCase();
}

/** 'content/marketing/prices.yaml : prix et financements' → 'Prix et financements'. */
function fileLabel(description: string | undefined, fallback: string): string {
  const tail = description?.split(' : ')[1];
  return tail ? tail.charAt(0).toUpperCase() + tail.slice(1) : fallback;
}

function readYaml(root: string, file: string): unknown {
  try {
    return parse(readFileSync(join(root, file), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Per-collection presentation: labels, slug, preview URL and list columns. */
const COLLECTIONS: Record<string, { label: string; singular: string; description: string; identifier?: string; slug?: string; preview?: string; sort?: string[]; icon: string; create?: boolean }> = {
  articles: {
    label: 'Articles du blog',
    singular: 'Article',
    description: 'Les articles du blog, publiés le jour de leur date de publication (reconstruction quotidienne à 5 h, heure de Paris).',
    preview: '/blog/{{slug}}/',
    sort: ['publishDate', 'title'],
    icon: 'article',
  },
  webinars: {
    label: 'Webinaires',
    singular: 'Webinaire',
    description: 'Les sessions en ligne : date et heure, places, intervenant, liens de connexion et de replay.',
    preview: '/webinaires/{{slug}}/',
    sort: ['startsAt', 'title'],
    icon: 'videocam',
  },
  trainings: {
    label: 'Formations',
    singular: 'Formation',
    description: 'Les fiches des formations du catalogue (tout ce que l’indicateur 1 de Qualiopi exige).',
    preview: '/formations/{{slug}}/',
    sort: ['order', 'title'],
    icon: 'school',
  },
  'landings-keyword': {
    label: 'Pages mot-clé',
    singular: 'Page mot-clé',
    description: 'Les pages d’atterrissage sur un mot-clé, publiées à la racine du site.',
    preview: '/{{slug}}/',
    icon: 'travel_explore',
  },
  'landings-audience': {
    label: 'Pages « Pour qui ? »',
    singular: 'Page de public',
    description: 'La page de chaque public, publiée sous /pour-qui/.',
    icon: 'groups',
  },
  testimonials: {
    label: 'Témoignages',
    singular: 'Témoignage',
    description: 'Les témoignages d’apprenants et de garages ; « exemple » tant qu’ils ne sont pas recueillis avec un accord écrit.',
    identifier: 'name',
    slug: '{{name}}-{{training}}',
    icon: 'format_quote',
  },
  guide: {
    label: 'Guide gratuit',
    singular: 'Chapitre du guide',
    description: 'Les chapitres du guide gratuit (pages /guide/… et PDF), dans l’ordre de leur nom de fichier (01-…, 02-…).',
    icon: 'menu_book',
  },
  pages: {
    label: 'Pages légales',
    singular: 'Page légale',
    description: 'Mentions légales, CGV, confidentialité, accessibilité : les %%repères%% sont remplis depuis organization.yaml.',
    preview: '/{{slug}}/',
    icon: 'gavel',
  },
};

const BODY_HINT =
  'Texte en Markdown : titres de niveau 2 (##) et 3 (###), listes, liens, gras. Pas d’image ni de code : demandez-les à l’équipe technique.';

export function cmsConfig(schemas: LoadedSchemas, options: CmsOptions): CmsConfig {
  const root = options.root ?? process.cwd();
  const audiences = (readYaml(root, 'content/marketing/audiences.yaml') as { slug: string; label: string }[] | undefined) ?? [];
  const prices = readYaml(root, 'content/marketing/prices.yaml') as { financing?: Record<string, { label: string }>; offers?: Record<string, { label: string }> } | undefined;
  const vocabularies: Record<string, Record<string, string>> = {
    category: schemas.labels.category,
    technology: schemas.labels.technology,
    topic: schemas.labels.topic,
    audience: Object.fromEntries(audiences.map((a) => [a.slug, a.label])),
    financing: Object.fromEntries(Object.entries(prices?.financing ?? {}).map(([k, v]) => [k, v.label])),
    offers: Object.fromEntries(Object.entries(prices?.offers ?? {}).map(([k, v]) => [k, v.label])),
  };
  const vocabularyOf = (path: readonly string[]) => {
    const names = path.filter((p) => p !== '*');
    const last = names.at(-1) ?? '';
    const parent = names.at(-2) ?? '';
    if (/^audiences?$/.test(last) || (last === 'slug' && names[1] === 'audiences')) return vocabularies.audience;
    if (last === 'category') return vocabularies.category;
    if (last === 'technology') return vocabularies.technology;
    if (last === 'topic') return vocabularies.topic;
    if (last === 'financing' || parent === 'financing') return vocabularies.financing;
    if (parent === 'offers') return vocabularies.offers;
    return undefined;
  };

  /** Data files of the marketing plan, for the keys of free records (offers, certifications). */
  const marketingData = (key: string) => readYaml(root, `content/marketing/${schemas.marketingFiles[key]}`);
  const ctx: WalkContext = {
    referenceOf: (s) => schemas.referenceOf(s as never),
    optionLabel: (value: SelectValue, path) => {
      if (value === null) return 'Aucun';
      const key = String(value);
      return vocabularyOf(path)?.[key] ?? VALUE_LABELS[key] ?? key;
    },
    recordKeys: (path) => {
      // path: ['marketing', fileKey, ...fields]
      if (path[0] !== 'marketing') return [];
      let node: unknown = marketingData(path[1]);
      for (const p of path.slice(2)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[p] : undefined;
      return node && typeof node === 'object' && !Array.isArray(node) ? Object.keys(node) : [];
    },
    // Naming convention of the schemas: `…At` is an instant (webinars' startsAt), `…Date` and
    // `date` a day of the editorial calendar.
    dateKind: (path) => (/At$/.test(path.at(-1) ?? '') ? 'instant' : 'day'),
  };

  const body = (label = FIELD_LABELS.body): CmsField => ({
    name: 'body',
    label,
    widget: 'markdown',
    hint: BODY_HINT,
    editor_components: [],
    buttons: ['bold', 'italic', 'link', 'heading-two', 'heading-three', 'bulleted-list', 'numbered-list', 'quote'],
  });

  const folderCollection = (name: string, key: string, loaderBase: string, pattern: string | string[], fields: CmsField[], extra: Record<string, unknown> = {}) => {
    const meta = COLLECTIONS[key];
    const extension = extensionOf(pattern);
    const frontmatter = extension === 'md' || extension === 'mdx';
    return {
      name,
      label: meta.label,
      label_singular: meta.singular,
      description: meta.description,
      icon: meta.icon,
      folder: folderOf(loaderBase),
      extension,
      format: frontmatter ? 'frontmatter' : 'yaml',
      identifier_field: meta.identifier ?? 'title',
      // The file name is the page's URL: chosen once, at creation (renaming breaks links).
      slug: { template: meta.slug ?? `{{${meta.identifier ?? 'title'}}}`, editable: ['create'] },
      ...(meta.preview ? { preview_path: meta.preview } : {}),
      ...(meta.sort ? { sortable_fields: meta.sort } : {}),
      summary: `{{${meta.identifier ?? 'title'}}}`,
      fields: frontmatter ? [...fields, body()] : fields,
      ...extra,
    };
  };

  const collections: Record<string, unknown>[] = [];
  for (const [name, collection] of Object.entries(schemas.collections)) {
    const { base, pattern } = collection.loader;
    const core = unwrap(collection.schema as never).core;
    const def = core._zod.def;
    if (def.type === 'object') {
      if (!COLLECTIONS[name]) throw new Error(`CMS : collection « ${name} » sans présentation dans src/cms/config.ts (COLLECTIONS)`);
      collections.push(folderCollection(name, name, base, pattern, objectFields(core, [name], ctx)));
    } else if (def.type === 'union' && typeof def.discriminator === 'string') {
      // One CMS collection per kind (landings: keyword pages, audience pages), same folder,
      // told apart by the discriminator.
      for (const option of def.options) {
        const o = unwrap(option).core;
        const kind = unwrap(o._zod.def.shape[def.discriminator]).core._zod.def.values[0] as string;
        const key = `${name}-${kind}`;
        if (!COLLECTIONS[key]) throw new Error(`CMS : collection « ${key} » sans présentation dans src/cms/config.ts (COLLECTIONS)`);
        const fields = objectFields(o, [name], ctx);
        collections.push(folderCollection(key, key, base, pattern, fields, { filter: { field: def.discriminator, value: kind } }));
      }
    } else throw new Error(`CMS : collection « ${name} » : schéma ${def.type} non pris en charge`);
  }

  // In the order of COLLECTIONS (what the team edits most first).
  const order = Object.keys(COLLECTIONS);
  collections.sort((a, b) => order.indexOf(a.name as string) - order.indexOf(b.name as string));

  // The visitors' questions: one YAML file holding a list.
  collections.push({
    name: 'questions',
    label: 'Questions des visiteurs',
    description: 'Les questions posées avant une inscription, chacune avec la page qui y répond (page FAQ, assistant et son test).',
    icon: 'quiz',
    files: [{ name: 'questions', label: 'Questions et réponses', file: 'content/questions/questions.yaml', format: 'yaml', fields: [rootList(schemas.questions, ['questions'], ctx, 'Questions')] }],
  });

  collections.push({ divider: true });
  collections.push({
    name: 'marketing',
    label: 'Plan marketing',
    description: 'Les données du plan marketing (prix, campagnes, tests A/B, assistant, WhatsApp, objectifs…), vérifiées à chaque modification par les tests de l’intégration continue.',
    icon: 'campaign',
    files: Object.entries(schemas.marketing).map(([key, schema]) => {
      const file = `content/marketing/${schemas.marketingFiles[key]}`;
      const u = unwrap(schema as never);
      const fields = u.core._zod.def.type === 'array' ? [rootList(schema, ['marketing', key], ctx, fileLabel(u.description, key))] : objectFields(u.core, ['marketing', key], ctx);
      return { name: key, label: fileLabel(u.description, key), file, format: 'yaml', fields };
    }),
  });

  const origin = new URL(options.siteUrl).origin;
  const backend =
    options.backend === 'test-repo'
      ? { name: 'test-repo' }
      : {
          name: 'github',
          repo: options.repo,
          branch: options.branch ?? 'main',
          // The OAuth flow is served by the site's own edge function (src/edge/routes/cms.ts).
          base_url: origin,
          auth_endpoint: 'api/cms/auth',
          auth_methods: ['oauth'],
          commit_messages: {
            create: 'Contenu : création de {{collection}} « {{slug}} »',
            update: 'Contenu : modification de {{collection}} « {{slug}} »',
            delete: 'Contenu : suppression de {{collection}} « {{slug}} »',
            uploadMedia: 'Contenu : ajout du fichier « {{path}} »',
            deleteMedia: 'Contenu : suppression du fichier « {{path}} »',
          },
        };

  return {
    backend,
    // Every change is a branch and a pull request: CI checks it before it is published (merged).
    publish_mode: 'editorial_workflow',
    app_title: 'MécaFormation : gestion du contenu',
    site_url: origin,
    display_url: origin,
    logo: { src: '/favicon.svg' },
    media_folder: 'public/images/cms',
    public_folder: '/images/cms',
    slug: { encoding: 'ascii', clean_accents: true, sanitize_replacement: '-', maxlength: 80 },
    // An optional field left empty is left out of the file (the schema's default then applies).
    output: { omit_empty_optional_fields: true },
    collections,
  };
}

function rootList(schema: unknown, path: string[], ctx: WalkContext, label: string): CmsField {
  const field = toField('items', schema as never, path, ctx, { label });
  return { ...field, root: true };
}
