// The marketing plan as data: one strict zod schema per file of content/marketing/, and
// `marketingSchema`, which ties them together and checks the facts shared between files.
//
// Pure module: no node:*, Astro or DOM import. It runs in Node, in workerd and in the browser.
// Every object is .strict() (an unknown key is an error) and every field carries .describe().
// The data must stay JSON-serialisable (no dates, no transforms): the build snapshots it for
// the edge function.
import { z } from 'zod';
import { AUDIENCES, FINANCING } from '../lib/taxonomy.ts';
import { checkSiteCampaigns, PAGE_PATTERN, WINDOW_BOUND } from './campaign-windows.ts';

// ---------------------------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------------------------

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PAGE_PATH = /^\/(?:[a-z0-9]+(?:-[a-z0-9]+)*\/)*$/;
const PHONE = /^\+\d{1,3}(?: ?\d){6,14}$/;
const EMOJI = /\p{Extended_Pictographic}/u;

const slug = () =>
  z.string().regex(SLUG, 'identifiant attendu : lettres minuscules sans accents, chiffres et tirets (ex. equipe-garage)');
const text = (min = 1) => z.string().trim().min(min);
const noEmoji = (min = 1) =>
  text(min).refine((s) => !EMOJI.test(s), { message: 'pas d’emoji dans le texte affiché (gardez l’original dans seedText)' });
const pagePath = () =>
  z
    .string()
    .regex(PAGE_PATH, 'chemin relatif attendu, qui commence et finit par « / » (ex. /formations/cap-maintenance-vehicules/)');
const phone = () => z.string().regex(PHONE, 'numéro au format international attendu (ex. +33 1 84 60 00 00)');
/** A school fact not known yet: « PLACEHOLDER – what it is » (src/lib/missing-facts.ts lists them). */
const placeholder = () => z.string().regex(/^PLACEHOLDER\b/, 'numéro au format international attendu, ou « PLACEHOLDER – … » tant qu’il n’est pas connu');
/** A phone of the school: a number, or a PLACEHOLDER until it is known. */
const schoolPhone = () => z.union([phone(), placeholder()], { error: 'numéro au format international attendu (ex. +33 1 23 45 67 89), ou « PLACEHOLDER – … » tant qu’il n’est pas connu' });
const eur = () => z.number().nonnegative();
const percent = () => z.number().min(0).max(100);
const count = () => z.number().int().nonnegative();
const seedText = () => text().describe('Formulation d’origine du plan marketing, conservée pour mémoire');
const optionalSeedText = () =>
  text().optional().describe('Formulation d’origine du plan marketing, quand le texte affiché en diffère');

const audience = z.enum(AUDIENCES);
const financing = z.enum(FINANCING);

/** Normalises a keyword or trigger for uniqueness checks: case, accents and spacing ignored. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Reports a duplicate value of `pick(item)` in `items` at `[...path, index, ...field]`. */
function checkUnique<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  pick: (item: T) => string,
  field: (string | number)[],
  what: string,
  prefix: (string | number)[] = [],
) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = pick(item);
    const first = seen.get(k);
    if (first !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [...prefix, i, ...field],
        message: `${what} « ${k} » en double (déjà utilisé à l’élément ${first})`,
      });
    } else seen.set(k, i);
  });
}

// ---------------------------------------------------------------------------------------------
// organization.yaml
// ---------------------------------------------------------------------------------------------

export const SOCIAL_NETWORKS = ['linkedin', 'facebook', 'instagram', 'tiktok', 'youtube'] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];
export const SOCIAL_LABELS: Record<SocialNetwork, string> = { linkedin: 'LinkedIn', facebook: 'Facebook', instagram: 'Instagram', tiktok: 'TikTok', youtube: 'YouTube' };
/** The host (and its subdomains) of each network's profile pages. */
export const SOCIAL_HOSTS: Record<SocialNetwork, string> = {
  linkedin: 'linkedin.com',
  facebook: 'facebook.com',
  instagram: 'instagram.com',
  tiktok: 'tiktok.com',
  youtube: 'youtube.com',
};
/** A profile URL on the network's own host, over https, or null while the account does not exist. */
const socialProfile = (network: SocialNetwork) => {
  const host = SOCIAL_HOSTS[network];
  const rule = `adresse https://www.${host}/… de la page officielle, ou null tant que le compte n’existe pas`;
  return z
    .string({ error: rule })
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' && (url.hostname === host || url.hostname.endsWith(`.${host}`)) && url.pathname.length > 1 && !url.username && !url.password;
      } catch {
        return false;
      }
    }, rule)
    .nullable()
    .describe(`Page officielle sur ${SOCIAL_LABELS[network]} (https://…${host}/…), ou null`);
};

export const organizationSchema = z
  .object({
    name: text(2).describe('Nom commercial de l’école'),
    legalName: text(2).describe('Raison sociale de la société qui édite le site'),
    tagline: text(5).describe('Promesse affichée sous le nom'),
    siteUrl: z.url({ protocol: /^https$/ }).describe('Adresse canonique du site, en https, sans barre finale'),
    email: z.email().describe('Adresse e-mail de contact générale'),
    salesEmail: z.email().describe('Adresse e-mail des conseillers formation'),
    phone: schoolPhone().describe('Numéro de téléphone du standard, format international'),
    whatsapp: phone().describe('Numéro WhatsApp Business, source unique (whatsapp.yaml doit le reprendre)'),
    address: z
      .object({
        street: text(2).describe('Numéro et voie du siège'),
        postalCode: z
          .union([z.string().regex(/^\d{5}$/), placeholder()], { error: 'code postal à 5 chiffres attendu, ou « PLACEHOLDER » tant qu’il n’est pas connu' })
          .describe('Code postal du siège'),
        city: text(2).describe('Ville'),
        country: z.string().regex(/^[A-Z]{2}$/, 'code pays ISO à 2 lettres attendu').describe('Pays (code ISO 3166-1)'),
      })
      .strict()
      .describe('Adresse du siège'),
    openingHours: text(5).describe('Horaires d’ouverture du service, en clair'),
    webinarRoomUrl: text(5).describe('Lien de la salle virtuelle des webinaires, envoyé aux inscrits sauf joinUrl propre à un webinaire'),
    legal: z
      .object({
        form: text(2).describe('Forme juridique'),
        capital: text(1).describe('Capital social'),
        siret: text(1).describe('Numéro SIRET'),
        rcs: text(1).describe('Immatriculation au RCS'),
        vat: text(1).describe('Numéro de TVA intracommunautaire'),
        nda: text(1).describe('Numéro de déclaration d’activité (art. L6352-12 du Code du travail)'),
        ndaRegion: text(2).describe('Région du numéro de déclaration d’activité'),
        qualiopiCertificate: text(1).describe('Numéro du certificat Qualiopi'),
        qualiopiCertifier: text(1).describe('Organisme certificateur accrédité'),
        publicationDirector: text(2).describe('Directeur ou directrice de la publication'),
        mediator: text(2).describe('Médiateur de la consommation : nom, adresse postale et site (art. L612-1 du Code de la consommation)'),
        host: z
          .object({
            name: text(2).describe('Nom de l’hébergeur'),
            address: text(5).describe('Adresse de l’hébergeur'),
            phone: phone().describe('Téléphone de l’hébergeur'),
          })
          .strict()
          .describe('Hébergeur du site (mentions légales, LCEN art. 6)'),
      })
      .strict()
      .describe('Informations légales des mentions légales et des CGV'),
    handicapReferent: z
      .object({
        name: text(2).describe('Nom du ou de la référente handicap'),
        email: z.email().describe('E-mail du ou de la référente handicap'),
        phone: schoolPhone().describe('Téléphone du ou de la référente handicap'),
      })
      .strict()
      .describe('Référent handicap (Qualiopi, indicateur 26)'),
    dpo: z
      .object({ email: z.email().describe('E-mail du délégué à la protection des données') })
      .strict()
      .describe('Délégué à la protection des données (RGPD)'),
    tutoring: z
      .object({
        hours: text(5).describe('Jours et heures de disponibilité des tuteurs'),
        responseTime: text(5).describe('Délai de réponse maximal des tuteurs'),
        liveSessions: text(5).describe('Classes virtuelles : rythme et enregistrement'),
      })
      .strict()
      .describe('Assistance pédagogique à distance'),
    certifications: z
      .record(
        slug(),
        z
          .object({
            title: text(5).describe('Intitulé exact de la certification'),
            certifier: text(3).describe('Organisme certificateur'),
            rncp: text(1).describe('Numéro de fiche RNCP ou RS'),
            registrationDate: text(1).describe('Date d’enregistrement de la fiche'),
            url: z.url().describe('Page officielle de la fiche (France compétences)'),
          })
          .strict(),
      )
      .describe('Certifications préparées, par clé (référencées par les fiches formation)'),
    results: z
      .object({
        period: text(2).nullable().describe('Période mesurée (ex. sessions 2026), null tant qu’aucun résultat n’est mesuré'),
        sampleSize: count().nullable().describe('Nombre de personnes de la période, null tant que non mesuré'),
        successRate: percent().nullable().describe('Taux d’obtention de la certification en %, null si non mesuré'),
        satisfactionRate: percent().nullable().describe('Taux de satisfaction en %, null si non mesuré'),
        completionRate: percent().nullable().describe('Taux d’achèvement en %, null si non mesuré'),
        dropoutRate: percent().nullable().describe('Taux d’abandon en %, null si non mesuré'),
        employmentRate: percent().nullable().describe('Taux d’insertion à 6 mois en %, null si non mesuré'),
      })
      .strict()
      .superRefine((r, ctx) => {
        // A published rate needs its period and its sample size (Qualiopi indicator 2).
        const rates = [r.successRate, r.satisfactionRate, r.completionRate, r.dropoutRate, r.employmentRate];
        if (rates.every((v) => v === null)) return;
        if (r.period === null) ctx.addIssue({ code: 'custom', path: ['period'], message: 'période obligatoire dès qu’un taux est publié' });
        if (r.sampleSize === null) ctx.addIssue({ code: 'custom', path: ['sampleSize'], message: 'effectif obligatoire dès qu’un taux est publié' });
      })
      .describe('Résultats mesurés publiés (Qualiopi, indicateurs 2 et 3) ; jamais d’objectif ici'),
    social: z
      .object({
        linkedin: socialProfile('linkedin'),
        facebook: socialProfile('facebook'),
        instagram: socialProfile('instagram'),
        tiktok: socialProfile('tiktok'),
        youtube: socialProfile('youtube'),
      })
      .strict()
      .describe('Pages officielles de l’école sur les réseaux sociaux : null tant que le compte n’existe pas (rien n’est affiché), jamais bloquant pour la mise en ligne'),
  })
  .strict()
  .describe('content/marketing/organization.yaml : identité de l’école');

// ---------------------------------------------------------------------------------------------
// prices.yaml
// ---------------------------------------------------------------------------------------------

export const offerSchema = z
  .object({
    label: text(3).describe('Nom de l’offre affiché'),
    amount: z.number().int().positive().describe('Prix en euros TTC'),
    audience: audience.describe('Public auquel l’offre s’adresse'),
    maxPeople: z.number().int().positive().optional().describe('Nombre maximal de personnes couvertes par le prix'),
    conditions: text(10).describe('Conditions d’accès à l’offre, en clair'),
    shortConditions: text(10).describe('Les conditions en quelques mots, après le montant (« 890 € pour les jeunes de 18 à 25 ans… »)'),
    partlyEligible: z
      .array(audience)
      .default([])
      .describe('Autres publics dont une partie des lecteurs peut y avoir droit : leurs pages donnent l’offre en note, jamais comme le prix affiché'),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.partlyEligible.includes(o.audience)) ctx.addIssue({ code: 'custom', path: ['partlyEligible'], message: `« ${o.audience} » est déjà le public de l’offre (audience)` });
  });

export const pricesSchema = z
  .object({
    currency: z.literal('EUR').describe('Devise des montants'),
    offers: z.record(slug(), offerSchema).describe('Offres tarifaires phares, par clé'),
    payment: z
      .object({
        individualDepositMaxPercent: z
          .number()
          .min(0)
          .max(30, 'l’acompte ne peut dépasser 30 % (art. L6353-6 du Code du travail)')
          .describe('Acompte maximal demandé à un particulier, en %'),
        withdrawalDays: z
          .number()
          .int()
          .min(10, 'le délai de rétractation est d’au moins 10 jours (art. L6353-5 du Code du travail)')
          .describe('Délai de rétractation en jours'),
        distanceWithdrawalDays: z
          .number()
          .int()
          .min(14, 'le délai de rétractation d’un contrat conclu à distance est d’au moins 14 jours (art. L221-18 du Code de la consommation)')
          .describe('Délai de rétractation d’un contrat conclu à distance, en jours'),
        commissionReversal: z
          .enum(['withdrawalDays', 'distanceWithdrawalDays'])
          .describe('Le délai (de ce fichier) pendant lequel une annulation annule la commission du parrain (affiliates.yaml)'),
        instalments: text(10).describe('Modalités de paiement du solde'),
      })
      .strict()
      .refine((p) => p.distanceWithdrawalDays >= p.withdrawalDays, {
        path: ['distanceWithdrawalDays'],
        message: 'le délai d’un contrat conclu à distance ne peut être plus court que withdrawalDays',
      })
      .describe('Paiement par les particuliers qui financent eux-mêmes'),
    financing: z
      .record(
        financing,
        z
          .object({
            label: text(3).describe('Nom du financement'),
            who: text(5).describe('Personnes concernées'),
            how: text(10).describe('Démarche à suivre'),
            url: z.url().optional().describe('Page officielle'),
          })
          .strict(),
      )
      .describe('Financements mobilisables, un par valeur de la taxonomie FINANCING'),
  })
  .strict()
  .describe('content/marketing/prices.yaml : prix et financements');

// ---------------------------------------------------------------------------------------------
// audiences.yaml
// ---------------------------------------------------------------------------------------------

export const audienceEntrySchema = z
  .object({
    slug: audience.describe('Identifiant du public, segment d’URL de /pour-qui/'),
    label: text(3).describe('Nom du public affiché'),
    seedLabel: seedText(),
    ageRange: z
      .object({
        min: z.number().int().min(14).describe('Âge minimal'),
        max: z.number().int().max(99).describe('Âge maximal'),
      })
      .strict()
      .refine((r) => r.min <= r.max, { message: 'min doit être inférieur ou égal à max', path: ['max'] })
      .nullable()
      .describe('Tranche d’âge visée, null si sans objet (tous âges, entreprises)'),
    ageLabel: text(3).describe('Tranche d’âge en clair'),
    marketSharePercent: percent().describe('Part du marché visé selon le plan, en % (estimation, pas une mesure)'),
    description: text(40).describe('Description du public'),
    offer: slug().nullable().describe('Clé de l’offre dédiée dans prices.yaml (offers), null s’il n’y en a pas'),
  })
  .strict();

export const audiencesSchema = z
  .array(audienceEntrySchema)
  .superRefine((items, ctx) => {
    checkUnique(ctx, items, (a) => a.slug, ['slug'], 'public');
    const present = new Set(items.map((a) => a.slug));
    for (const slug of AUDIENCES) {
      if (!present.has(slug)) ctx.addIssue({ code: 'custom', path: [], message: `public « ${slug} » manquant (taxonomie AUDIENCES)` });
    }
    const total = items.reduce((sum, a) => sum + a.marketSharePercent, 0);
    if (Math.abs(total - 100) > 1e-9) {
      ctx.addIssue({ code: 'custom', path: [], message: `la somme des parts de marché vaut ${total} %, 100 % attendu` });
    }
  })
  .describe('content/marketing/audiences.yaml : les publics cibles du plan');

// ---------------------------------------------------------------------------------------------
// keywords.yaml
// ---------------------------------------------------------------------------------------------

export const keywordSchema = z
  .object({
    keyword: text(3).describe('Requête visée, telle que tapée dans un moteur de recherche'),
    volume: count().nullable().describe('Recherches mensuelles selon le plan, null si le plan n’en donne pas'),
    planGroup: z
      .enum(['volume-eleve', 'longue-traine', 'local', 'specialise', 'principal'])
      .describe('Rubrique du plan : mots-clés stratégiques (volume élevé, longue traîne, local, spécialisé) ou principaux'),
    intent: z
      .enum(['informationnelle', 'commerciale', 'transactionnelle', 'navigationnelle', 'locale'])
      .describe('Intention de recherche'),
    page: pagePath().describe('Page qui vise ce mot-clé (chemin relatif avec barre finale)'),
    primary: z.boolean().describe('Mot-clé principal de la page (un seul par page)'),
    audience: audience.nullable().describe('Public visé par le mot-clé, null si tous'),
  })
  .strict();

export const keywordsSchema = z
  .array(keywordSchema)
  .superRefine((items, ctx) => {
    checkUnique(ctx, items, (k) => normalizeText(k.keyword), ['keyword'], 'mot-clé');
    const primaries = new Map<string, number[]>();
    items.forEach((k, i) => {
      if (!primaries.has(k.page)) primaries.set(k.page, []);
      if (k.primary) primaries.get(k.page)!.push(i);
    });
    for (const [page, idx] of primaries) {
      if (idx.length === 0) {
        const i = items.findIndex((k) => k.page === page);
        ctx.addIssue({ code: 'custom', path: [i, 'primary'], message: `la page ${page} n’a pas de mot-clé principal` });
      }
      for (const i of idx.slice(1)) {
        ctx.addIssue({ code: 'custom', path: [i, 'primary'], message: `la page ${page} a déjà un mot-clé principal (élément ${idx[0]})` });
      }
    }
  })
  .describe('content/marketing/keywords.yaml : mots-clés SEO et page visée');

// ---------------------------------------------------------------------------------------------
// campaigns.yaml
// ---------------------------------------------------------------------------------------------

export const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
/** What a post of the weekly social plan draws on (src/marketing/social-calendar.ts). */
export const SOCIAL_CONTENT = ['conseil', 'temoignage', 'coulisses', 'article', 'quiz', 'tutoriel'] as const;
const hashtag = () => z.string().regex(/^#[\p{L}\p{N}_]{2,40}$/u, 'mot-dièse attendu : « # » puis des lettres ou des chiffres, sans espace (ex. #MécaniqueAuto)');
export const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

export const googleAdsCampaignSchema = z
  .object({
    key: slug().describe('Identifiant de la campagne'),
    seedName: seedText(),
    label: text(3).describe('Nom de la campagne'),
    audience: audience.nullable().describe('Public visé, null si tous'),
    budgetPerMonthEur: eur().describe('Budget mensuel en euros'),
    keywords: z.array(text(2)).min(1).describe('Mots-clés achetés'),
    landingPages: z
      .array(pagePath())
      .min(1)
      .describe('Pages d’arrivée des annonces (chemins du site) : chaque mot-clé doit figurer dans le titre et le h1 de l’une d’elles (lint SEO du build)'),
    avgCpcEur: eur().describe('Coût par clic moyen prévu, en euros'),
    conversionRatePercent: percent().describe('Taux de conversion prévu, en %'),
  })
  .strict()
  .superRefine((c, ctx) => {
    checkUnique(ctx, c.landingPages, (p) => p, [], 'page d’arrivée', ['landingPages']);
  });

/** A conversion action's name in Google Ads, as the import file writes it (never read as a spreadsheet formula). */
const conversionName = () =>
  text(1)
    .max(100)
    .refine((s) => !/^[=+\-@]/.test(s), { message: 'le nom ne doit pas commencer par =, +, - ou @ (un tableur le lirait comme une formule)' });

export const creativeSchema = z
  .object({
    seedText: seedText(),
    text: noEmoji(3).nullable().describe('Version publiable, null si la formulation du plan ne peut pas être diffusée'),
    note: text(3).nullable().describe('Pourquoi le texte diffère du plan, obligatoire quand text est null'),
  })
  .strict()
  .refine((c) => c.text !== null || c.note !== null, {
    message: 'une note est obligatoire quand text est null',
    path: ['note'],
  });

// Dated campaigns on the site (src/marketing/campaign-windows.ts): when a campaign shows (windows,
// Europe/Paris), what (a vetted creative, a link) and where (the site banner, the hero copy).
export const campaignWindowSchema = z
  .object({
    start: z
      .string()
      .regex(WINDOW_BOUND, 'date AAAA-MM-JJ ou date et heure avec le décalage de Paris attendue (ex. 2027-01-04 ou 2027-01-04T09:00:00+01:00)')
      .describe('Début, inclus : une date AAAA-MM-JJ (dès minuit, heure de Paris) ou une date et heure avec le décalage de Paris (+01:00 en hiver, +02:00 en été)'),
    end: z
      .string()
      .regex(WINDOW_BOUND, 'date AAAA-MM-JJ ou date et heure avec le décalage de Paris attendue (ex. 2027-04-03 ou 2027-03-09T18:30:00+01:00)')
      .describe('Fin : une date AAAA-MM-JJ est le dernier jour affiché (inclus, jusqu’à minuit à Paris) ; une date et heure est le premier instant où la campagne ne s’affiche plus (exclu)'),
  })
  .strict();

const pagePattern = () =>
  z.string().regex(PAGE_PATTERN, 'page attendue : « * » (toutes), un chemin (/pour-qui/garages/) ou un préfixe (/formations/*)');

export const campaignPlacementSchema = z
  .object({
    creative: z.number().int().nonnegative().describe('Numéro de la création affichée dans creatives (0 pour la première) ; son text ne doit pas être null'),
    pages: z.array(pagePattern()).min(1).describe('Pages où elle s’affiche : « * » pour toutes, un chemin (/pour-qui/garages/) ou un préfixe (/formations/*)'),
    except: z.array(pagePattern()).optional().describe('Pages où elle ne s’affiche pas, même syntaxe'),
  })
  .strict();

export const campaignSiteSchema = z
  .object({
    landing: pagePath().describe('Page où mène le lien de la campagne (elle doit exister dans le site construit)'),
    linkLabel: noEmoji(3).describe('Texte du lien vers cette page'),
    banner: campaignPlacementSchema.optional().describe('La bannière du site, sous l’en-tête'),
    hero: campaignPlacementSchema.optional().describe('L’accroche du bandeau (hero) des pages qui en ont un'),
  })
  .strict()
  .refine((s) => s.banner !== undefined || s.hero !== undefined, { message: 'banner ou hero attendu : sans eux la campagne n’affiche rien', path: ['banner'] });

export const specialCampaignSchema = z
  .object({
    key: slug().describe('Identifiant de la campagne'),
    seedName: seedText(),
    title: text(3).describe('Titre de la campagne'),
    audience: audience.describe('Public visé'),
    offer: slug().nullable().describe('Clé de l’offre promue dans prices.yaml (offers)'),
    durationMonths: z.number().int().positive().describe('Durée en mois'),
    budgetEur: eur().describe('Budget total en euros'),
    channels: z
      .array(
        z
          .object({
            key: slug().describe('Identifiant du canal'),
            label: text(2).describe('Nom du canal'),
            budgetEur: eur().describe('Budget du canal en euros'),
          })
          .strict(),
      )
      .min(1)
      .describe('Répartition du budget par canal (la somme doit égaler budgetEur)'),
    objectives: z
      .object({
        leads: count().nullable().describe('Leads visés, null si non fixé'),
        qualifiedLeads: count().nullable().describe('Leads qualifiés visés, null si non fixé'),
        demos: count().nullable().describe('Démonstrations visées, null si non fixé'),
        enrolments: count().nullable().describe('Inscriptions visées, null si non fixé'),
        roiRatio: z.number().positive().nullable().describe('Retour sur investissement visé (10 = « 10:1 »), null si non fixé'),
      })
      .strict()
      .describe('Objectifs de la campagne (cibles, pas des résultats)'),
    creatives: z.array(creativeSchema).min(1).describe('Accroches et messages'),
    site: campaignSiteSchema.optional().describe('Ce que la campagne affiche sur le site pendant ses fenêtres'),
    windows: z.array(campaignWindowSchema).min(1).optional().describe('Périodes de diffusion (heure de Paris), chacune au plus durationMonths mois'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const total = c.channels.reduce((s, ch) => s + ch.budgetEur, 0);
    if (Math.abs(total - c.budgetEur) > 1e-6) {
      ctx.addIssue({
        code: 'custom',
        path: ['channels'],
        message: `la somme des budgets des canaux (${total} €) diffère du budget total (${c.budgetEur} €)`,
      });
    }
    checkUnique(ctx, c.channels, (ch) => ch.key, ['key'], 'canal', ['channels']);
  });

const MONTH_KEY = /^\d{4}-(?:0[1-9]|1[0-2])$/;

export const spendEntrySchema = z
  .object({
    month: z.string().regex(MONTH_KEY, 'mois attendu au format AAAA-MM (ex. 2026-12)').describe('Mois de la dépense (AAAA-MM, mois civil de Paris)'),
    campaign: slug().describe('Clé de la campagne dans ce fichier (googleAds ou special)'),
    amountEur: eur().describe('Montant réellement dépensé ce mois-là, en euros (0 pour une campagne non diffusée)'),
  })
  .strict();

/** A roadmap action: its wording, or an object when it is dated, reworded or shown on the site. */
export const roadmapActionSchema = z.union([
  text(3),
  z
    .object({
      text: text(3).describe('Action'),
      seedText: optionalSeedText(),
      key: slug().optional().describe('Identifiant, obligatoire pour une action affichée sur le site'),
      campaign: slug().optional().describe('Clé de la campagne spéciale (special) qui réalise cette action : ses fenêtres la datent'),
      audience: audience.optional().describe('Public visé'),
      creatives: z.array(creativeSchema).min(1).optional().describe('Accroches publiables de l’action'),
      site: campaignSiteSchema.optional().describe('Ce que l’action affiche sur le site pendant ses fenêtres'),
      windows: z.array(campaignWindowSchema).min(1).optional().describe('Périodes de diffusion (heure de Paris)'),
      note: text(3).optional().describe('Pourquoi l’action ne s’affiche pas sur le site, ou ce qui reste à confirmer'),
    })
    .strict(),
]);

export const campaignsSchema = z
  .object({
    templateYear: z.number().int().min(2000).max(2100).describe('Année pour laquelle le plan a été écrit ; les mois de roadmap portent leur année réelle (year)'),
    googleAds: z
      .array(googleAdsCampaignSchema)
      .min(1)
      .superRefine((list, ctx) => {
        // One ad group per keyword: a keyword bought by two campaigns would compete with itself.
        const seen = new Map<string, string>();
        list.forEach((c, i) =>
          c.keywords.forEach((k, j) => {
            const key = normalizeText(k);
            const first = seen.get(key);
            if (first) ctx.addIssue({ code: 'custom', path: [i, 'keywords', j], message: `mot-clé « ${k} » en double (déjà dans ${first})` });
            else seen.set(key, `googleAds.${i}.keywords.${j}`);
          }),
        );
      })
      .describe('Campagnes Google Ads'),
    conversionImport: z
      .object({
        leadConversionName: conversionName().describe('Nom de l’action de conversion Google Ads des leads (Outils > Conversions), tel qu’il est écrit dans Google Ads'),
        enrolmentConversionName: conversionName().describe('Nom de l’action de conversion Google Ads des inscriptions, tel qu’il est écrit dans Google Ads'),
      })
      .strict()
      .optional()
      .describe('Import des conversions hors ligne dans Google Ads (npm run report -- ads-conversions) ; à défaut « Lead » et « Inscription »'),
    special: z.array(specialCampaignSchema).describe('Campagnes spéciales'),
    spend: z
      .array(spendEntrySchema)
      .describe('Dépenses réelles saisies par l’équipe, par mois et par campagne (une saisie de la console l’emporte pour le même mois et la même campagne)'),
    social: z
      .object({
        hashtags: z.array(hashtag()).default([]).describe('Mots-dièse de toutes les publications'),
        networks: z
          .array(
            z
              .object({
                network: z.enum(SOCIAL_NETWORKS).describe('Réseau social'),
                label: text(2).describe('Nom du réseau'),
                focus: text(3).describe('Rôle du réseau dans la stratégie'),
                seedText: seedText(),
                time: z
                  .string()
                  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'heure attendue au format HH:MM (ex. 08:30)')
                  .optional()
                  .describe('Heure de publication prévue (Europe/Paris) dans le calendrier de l’équipe ; sans heure, la publication occupe la journée'),
              })
              .strict(),
          )
          .min(1)
          .describe('Réseaux sociaux utilisés et leur rôle'),
        weeklyPlanning: z
          .array(
            z
              .object({
                days: z.array(z.enum(WEEKDAYS)).min(1).describe('Jours de publication'),
                theme: text(3).describe('Type de contenu'),
                network: z.enum(SOCIAL_NETWORKS).describe('Réseau de publication'),
                content: z
                  .enum(SOCIAL_CONTENT)
                  .describe('Ce que la publication reprend du site (src/marketing/social-calendar.ts) : conseil (objectif d’une formation), temoignage, coulisses (déroulé d’une formation), article, quiz (questions fréquentes), tutoriel (module d’une formation)'),
                hashtags: z.array(hashtag()).default([]).describe('Mots-dièse propres à ce rendez-vous'),
                seedText: seedText(),
              })
              .strict(),
          )
          .describe('Planning hebdomadaire des publications'),
      })
      .strict()
      .superRefine((s, ctx) => {
        checkUnique(ctx, s.networks, (n) => n.network, ['network'], 'réseau', ['networks']);
        const known = new Set(s.networks.map((n) => n.network));
        const days = new Map<string, number>();
        s.weeklyPlanning.forEach((p, i) => {
          if (!known.has(p.network)) {
            ctx.addIssue({ code: 'custom', path: ['weeklyPlanning', i, 'network'], message: `réseau « ${p.network} » absent de networks` });
          }
          p.days.forEach((d, j) => {
            if (days.has(d)) {
              ctx.addIssue({ code: 'custom', path: ['weeklyPlanning', i, 'days', j], message: `jour « ${d} » déjà planifié (élément ${days.get(d)})` });
            } else days.set(d, i);
          });
        });
      })
      .describe('Réseaux sociaux'),
    roadmap: z
      .array(
        z
          .object({
            quarter: z.number().int().min(1).max(4).describe('Trimestre (1 à 4)'),
            months: z
              .array(
                z
                  .object({
                    month: z.number().int().min(1).max(12).describe('Numéro du mois (1 à 12)'),
                    name: z.enum(MONTHS).describe('Nom du mois'),
                    year: z.number().int().min(2024).max(2099).optional().describe('Année de ce mois dans le calendrier en cours (obligatoire quand une action du mois est datée)'),
                    actions: z.array(roadmapActionSchema).min(1).describe('Actions prévues'),
                  })
                  .strict()
                  .refine((m) => MONTHS[m.month - 1] === m.name, {
                    message: 'le nom du mois ne correspond pas à son numéro',
                    path: ['name'],
                  }),
              )
              .min(1)
              .describe('Mois du trimestre'),
          })
          .strict()
          .superRefine((q, ctx) => {
            q.months.forEach((m, i) => {
              if (Math.ceil(m.month / 3) !== q.quarter) {
                ctx.addIssue({ code: 'custom', path: ['months', i, 'month'], message: `le mois ${m.month} n’appartient pas au trimestre ${q.quarter}` });
              }
            });
          }),
      )
      .superRefine((qs, ctx) => checkUnique(ctx, qs, (q) => String(q.quarter), ['quarter'], 'trimestre'))
      .describe('Feuille de route annuelle par trimestre et par mois, datée pour les 12 mois à venir (year de chaque mois)'),
  })
  .strict()
  .superRefine((c, ctx) => {
    checkUnique(ctx, c.googleAds, (g) => g.key, ['key'], 'campagne', ['googleAds']);
    checkUnique(ctx, c.special, (s) => s.key, ['key'], 'campagne', ['special']);
    const known = new Set([...c.googleAds, ...c.special].map((x) => x.key));
    c.spend.forEach((e, i) => {
      if (!known.has(e.campaign)) {
        ctx.addIssue({
          code: 'custom',
          path: ['spend', i, 'campaign'],
          message: `campagne « ${e.campaign} » inconnue (googleAds : ${c.googleAds.map((g) => g.key).join(', ')} ; special : ${c.special.map((x) => x.key).join(', ')})`,
        });
      }
    });
    checkUnique(ctx, c.spend, (e) => `${e.campaign} ${e.month}`, ['campaign'], 'dépense de la campagne et du mois', ['spend']);
    for (const issue of checkSiteCampaigns(c)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  })
  .describe('content/marketing/campaigns.yaml : campagnes, réseaux sociaux et feuille de route');

// ---------------------------------------------------------------------------------------------
// experiments.yaml
// ---------------------------------------------------------------------------------------------

export const variantSchema = z
  .object({
    key: slug().describe('Identifiant de la variante (a, b…), stable pendant le test'),
    text: noEmoji(2).describe('Texte affiché pour cette variante'),
    seedText: optionalSeedText(),
    weight: z.number().positive('le poids doit être strictement positif').describe('Poids relatif de la variante dans le tirage'),
  })
  .strict();

const experimentBase = {
  key: slug().describe('Identifiant stable du test (cookies, compteurs, pages prégénérées) : ne jamais renommer un test en cours'),
  seedName: seedText(),
  label: text(3).describe('Objet du test, en clair'),
  status: z.enum(['draft', 'running', 'paused', 'stopped']).describe('État : brouillon, en cours, en pause, arrêté'),
  metric: z.enum(['form-conversion-rate', 'click-rate', 'open-rate']).describe('Indicateur qui départage les variantes'),
  seedMetric: seedText(),
  variants: z.array(variantSchema).min(2, 'au moins deux variantes').describe('Variantes comparées'),
};

export const experimentSchema = z.discriminatedUnion('channel', [
  z
    .object({
      ...experimentBase,
      channel: z.literal('web').describe('Test sur des pages du site'),
      pages: z.array(pagePath()).min(1).describe('Pages où le test s’applique (chemins relatifs avec barre finale)'),
    })
    .strict(),
  z
    .object({
      ...experimentBase,
      channel: z.literal('email').describe('Test sur des e-mails'),
    })
    .strict(),
]);

export const experimentsSchema = z
  .array(experimentSchema)
  .superRefine((items, ctx) => {
    checkUnique(ctx, items, (e) => e.key, ['key'], 'test');
    items.forEach((e, i) => {
      checkUnique(ctx, e.variants, (v) => v.key, ['key'], 'variante', [i, 'variants']);
      if (e.channel === 'web') checkUnique(ctx, e.pages, (p) => p, [], 'page', [i, 'pages']);
    });
  })
  .describe('content/marketing/experiments.yaml : tests A/B');

// ---------------------------------------------------------------------------------------------
// Criteria on a lead (lead-scoring.yaml, segments.yaml)
// ---------------------------------------------------------------------------------------------

/** Fields of a lead or of an event that criteria may test, with the type of their value. */
export const LEAD_FIELDS = {
  path: 'string', // path of the page viewed (page-view events)
  sessionSeconds: 'number', // time spent on the site during the session
  age: 'number',
  firstJob: 'boolean', // looking for a first job
  jobSeeker: 'boolean', // registered job seeker
  region: 'string', // region slug, e.g. ile-de-france
  currentJobSector: 'string', // sector of the current job, e.g. automobile
  contactType: 'string', // particulier | entreprise
  employees: 'number', // company size
  daysSinceLastEmailOpen: 'number',
} as const;
export type LeadField = keyof typeof LEAD_FIELDS;
const leadFieldNames = Object.keys(LEAD_FIELDS) as [LeadField, ...LeadField[]];

export const criterionSchema = z
  .object({
    field: z.enum(leadFieldNames).describe('Donnée testée'),
    operator: z.enum(['eq', 'ne', 'lt', 'lte', 'gt', 'gte']).describe('Comparaison : égal, différent, <, ≤, >, ≥'),
    value: z.union([z.string(), z.number(), z.boolean()]).describe('Valeur de comparaison'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const expected = LEAD_FIELDS[c.field];
    if (typeof c.value !== expected) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `valeur de type ${expected} attendue pour le champ ${c.field}` });
    } else if (expected !== 'number' && !['eq', 'ne'].includes(c.operator)) {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: `seuls eq et ne s’appliquent au champ ${c.field}` });
    }
  });

const criteria = (min = 0) => z.array(criterionSchema).min(min).describe('Conditions, toutes requises');

// ---------------------------------------------------------------------------------------------
// lead-scoring.yaml
// ---------------------------------------------------------------------------------------------

export const SCORING_EVENTS = ['page-view', 'session', 'guide-download', 'email-open', 'email-click', 'email-reply', 'webinar-attended'] as const;

const ruleBase = {
  key: slug().describe('Identifiant stable de la règle'),
  seedKey: seedText().nullable().describe('Nom de la règle dans le plan marketing, null pour une règle ajoutée (hors plan)'),
  label: text(3).describe('Règle en clair'),
  points: z.number().int().describe('Points ajoutés au score'),
};

export const eventRuleSchema = z
  .object({
    ...ruleBase,
    event: z.enum(SCORING_EVENTS).describe('Événement qui déclenche la règle'),
    criteria: criteria(),
  })
  .strict();

export const profileRuleSchema = z
  .object({ ...ruleBase, criteria: criteria(1) })
  .strict();

export const leadScoringSchema = z
  .object({
    siteActions: z.array(eventRuleSchema).describe('Actions sur le site'),
    emailEngagement: z.array(eventRuleSchema).describe('Engagement dans les e-mails'),
    profile: z.array(profileRuleSchema).describe('Profil démographique'),
    thresholds: z
      .array(
        z
          .object({
            key: slug().describe('Température du lead'),
            seedKey: seedText(),
            label: text(3).describe('Nom affiché'),
            min: count().describe('Score minimal inclus'),
            max: count().nullable().describe('Score maximal inclus, null pour le dernier seuil'),
          })
          .strict(),
      )
      .min(1)
      .describe('Seuils de qualification, contigus et croissants à partir de 0'),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    for (const [group, rules] of [['siteActions', s.siteActions], ['emailEngagement', s.emailEngagement], ['profile', s.profile]] as const) {
      rules.forEach((r, i) => {
        if (seen.has(r.key)) ctx.addIssue({ code: 'custom', path: [group, i, 'key'], message: `règle « ${r.key} » en double` });
        seen.add(r.key);
      });
    }
    checkUnique(ctx, s.thresholds, (t) => t.key, ['key'], 'seuil', ['thresholds']);
    s.thresholds.forEach((t, i) => {
      const expectedMin = i === 0 ? 0 : (s.thresholds[i - 1].max ?? NaN) + 1;
      if (t.min !== expectedMin) {
        ctx.addIssue({ code: 'custom', path: ['thresholds', i, 'min'], message: `min ${expectedMin} attendu (seuils contigus à partir de 0)` });
      }
      const last = i === s.thresholds.length - 1;
      if (last && t.max !== null) {
        ctx.addIssue({ code: 'custom', path: ['thresholds', i, 'max'], message: 'le dernier seuil n’a pas de maximum (null)' });
      }
      if (!last && (t.max === null || t.max < t.min)) {
        ctx.addIssue({ code: 'custom', path: ['thresholds', i, 'max'], message: 'max supérieur ou égal à min attendu' });
      }
    });
  })
  .describe('content/marketing/lead-scoring.yaml : points et seuils de qualification');

// ---------------------------------------------------------------------------------------------
// segments.yaml
// ---------------------------------------------------------------------------------------------

export const segmentSchema = z
  .object({
    key: slug().describe('Identifiant du segment'),
    seedName: seedText(),
    label: text(3).describe('Nom du segment'),
    audience: audience.nullable().describe('Public correspondant, null pour un segment transversal'),
    offer: slug().nullable().describe('Offre mise en avant (prices.yaml, offers), null si aucune'),
    criteria: criteria(1),
    seedCriteria: seedText(),
    content: z
      .object({
        topics: z.array(noEmoji(3)).min(1).describe('Sujets des e-mails'),
        seedText: seedText(),
        note: text(3).nullable().describe('Précision de rédaction, null si aucune'),
      })
      .strict()
      .describe('Contenu des e-mails du segment'),
    frequencyCap: z
      .object({
        maxEmails: z.number().int().positive().describe('Nombre maximal d’e-mails marketing'),
        perDays: z.number().int().positive().describe('Sur une période glissante de ce nombre de jours'),
        seedText: seedText(),
      })
      .strict()
      .describe('Pression marketing maximale'),
  })
  .strict();

export const segmentsSchema = z
  .array(segmentSchema)
  .superRefine((items, ctx) => checkUnique(ctx, items, (s) => s.key, ['key'], 'segment'))
  .describe('content/marketing/segments.yaml : segments e-mail');

// ---------------------------------------------------------------------------------------------
// sequences.yaml
// ---------------------------------------------------------------------------------------------

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

export const TRIGGERS = ['guide-download', 'info-request', 'partner-application', 'pricing-page-view', 'enrolment-abandoned', 'monthly'] as const;

/** Mailing lists a person joins with a double opt-in (the newsletter form). */
export const LISTS = ['newsletter'] as const;

export const emailSequenceSchema = z
  .object({
    key: slug().describe('Identifiant de la séquence'),
    seedName: seedText(),
    label: text(3).describe('Objet de la séquence'),
    trigger: z.enum(TRIGGERS).describe('Événement qui démarre la séquence'),
    requiresConsent: z.boolean().describe('Envoi seulement aux personnes qui ont consenti'),
    stopOn: z.array(z.enum(['enrolment', 'unsubscribe'])).min(1).describe('Événements qui arrêtent la séquence'),
    emails: z
      .array(
        z
          .object({
            day: z.number().int().min(1).describe('Jour d’envoi compté depuis le déclencheur (1 = le jour même)'),
            subject: noEmoji(5).describe('Objet de l’e-mail'),
            seedText: seedText(),
            offer: slug().nullable().describe('Offre présentée (prices.yaml, offers), null si aucune'),
            outline: z.array(text(5)).min(1).describe('Plan du contenu'),
          })
          .strict(),
      )
      .min(1)
      .describe('E-mails de la séquence, par jour croissant'),
  })
  .strict()
  .superRefine((s, ctx) => {
    s.emails.forEach((e, i) => {
      if (i > 0 && e.day <= s.emails[i - 1].day) {
        ctx.addIssue({ code: 'custom', path: ['emails', i, 'day'], message: 'jours strictement croissants attendus' });
      }
    });
  });

export const workflowActionSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('start-sequence').describe('Démarrer une séquence'),
      sequence: slug().describe('Clé de la séquence (sequences)'),
      delayHours: z.number().nonnegative().describe('Délai avant le démarrage, en heures'),
    })
    .strict(),
  z
    .object({
      type: z.literal('callback').describe('Faire rappeler la personne par un conseiller'),
      withinHours: z.number().positive().describe('Délai maximal de rappel, en heures'),
    })
    .strict(),
  z
    .object({
      type: z.literal('send-email').describe('Envoyer un e-mail'),
      delayHours: z.number().nonnegative().describe('Délai avant l’envoi, en heures'),
      subject: noEmoji(5).describe('Objet de l’e-mail'),
    })
    .strict(),
  z
    .object({
      type: z.literal('reminders').describe('Envoyer des relances'),
      emails: z
        .array(
          z
            .object({
              delayHours: z.number().positive().describe('Délai depuis le déclencheur, en heures'),
              subject: noEmoji(5).describe('Objet de la relance'),
            })
            .strict(),
        )
        .min(1)
        .describe('Relances, par délai croissant'),
    })
    .strict()
    .superRefine((a, ctx) => {
      a.emails.forEach((e, i) => {
        if (i > 0 && e.delayHours <= a.emails[i - 1].delayHours) {
          ctx.addIssue({ code: 'custom', path: ['emails', i, 'delayHours'], message: 'délais strictement croissants attendus' });
        }
      });
    }),
  z
    .object({
      type: z.literal('monthly-email').describe('Envoyer un e-mail chaque mois'),
      dayOfMonth: z.number().int().min(1).max(28).describe('Jour du mois de l’envoi (1 à 28), heure de Paris'),
      time: z.string().regex(CLOCK, 'heure attendue au format HH:MM').describe('Heure de l’envoi, heure de Paris'),
      audience: z
        .union([
          z.object({ segment: slug().describe('Segment destinataire (segments.yaml), évalué le jour de l’envoi') }).strict(),
          z.object({ list: z.enum(LISTS).describe('Liste de diffusion destinataire (inscription confirmée)') }).strict(),
        ])
        .describe('Destinataires : un segment ou une liste'),
      content: z
        .enum(['articles-du-mois-precedent'])
        .nullable()
        .describe('Contenu composé automatiquement : les articles publiés le mois précédent (l’envoi est sauté s’il n’y en a aucun), null pour un texte fixe'),
    })
    .strict(),
]);

export const workflowSchema = z
  .object({
    key: slug().describe('Identifiant du scénario'),
    seedText: seedText(),
    label: text(3).describe('Scénario en clair'),
    trigger: z.enum(TRIGGERS).describe('Événement déclencheur'),
    requiresConsent: z.boolean().describe('Exige le consentement de la personne'),
    maxPerLead: z.number().int().positive().nullable().describe('Nombre maximal de déclenchements par personne, null sans limite'),
    note: text(3).nullable().describe('Précision ou hypothèse à valider, null si aucune'),
    action: workflowActionSchema.describe('Action déclenchée'),
  })
  .strict();

export const sequencesSchema = z
  .object({
    sequences: z.array(emailSequenceSchema).describe('Séquences d’e-mails'),
    workflows: z.array(workflowSchema).describe('Scénarios automatisés'),
  })
  .strict()
  .superRefine((s, ctx) => {
    checkUnique(ctx, s.sequences, (q) => q.key, ['key'], 'séquence', ['sequences']);
    checkUnique(ctx, s.workflows, (w) => w.key, ['key'], 'scénario', ['workflows']);
    const keys = new Set(s.sequences.map((q) => q.key));
    s.workflows.forEach((w, i) => {
      if (w.action.type === 'start-sequence' && !keys.has(w.action.sequence)) {
        ctx.addIssue({ code: 'custom', path: ['workflows', i, 'action', 'sequence'], message: `séquence « ${w.action.sequence} » inconnue` });
      }
    });
  })
  .describe('content/marketing/sequences.yaml : séquences et scénarios automatisés');

// ---------------------------------------------------------------------------------------------
// automation.yaml
// ---------------------------------------------------------------------------------------------

export const automationSchema = z
  .object({
    sender: z
      .object({
        name: text(2).describe('Nom de l’expéditeur affiché'),
        email: z.email().describe('Adresse d’expédition (domaine authentifié SPF/DKIM)'),
        replyTo: z.email().describe('Adresse de réponse'),
      })
      .strict()
      .describe('Expéditeur des e-mails automatiques'),
    salesNotification: z
      .object({ to: z.email().describe('Destinataire des demandes de rappel') })
      .strict()
      .describe('Notification de l’équipe commerciale'),
    businessHours: z
      .object({
        timezone: text(3).describe('Fuseau horaire IANA (ex. Europe/Paris)'),
        days: z.array(z.number().int().min(1).max(7)).min(1).describe('Jours ouvrés, 1 = lundi … 7 = dimanche'),
        open: z.string().regex(CLOCK, 'heure attendue au format HH:MM').describe('Heure d’ouverture'),
        close: z.string().regex(CLOCK, 'heure attendue au format HH:MM').describe('Heure de fermeture'),
      })
      .strict()
      .refine((h) => h.open < h.close, { message: 'l’ouverture doit précéder la fermeture', path: ['close'] })
      .refine((h) => { try { new Intl.DateTimeFormat('fr-FR', { timeZone: h.timezone }); return true; } catch { return false; } }, { message: 'fuseau horaire inconnu', path: ['timezone'] })
      .describe('Heures ouvrées de l’équipe commerciale'),
    delivery: z
      .object({
        retryMinutes: z.array(z.number().positive()).min(1).describe('Délais entre deux tentatives d’envoi, en minutes'),
        leaseMinutes: z.number().positive().describe('Durée après laquelle un envoi interrompu est repris'),
        batchSize: z.number().int().positive().describe('E-mails traités au plus par passage'),
      })
      .strict()
      .describe('Envoi et nouvelles tentatives'),
    tickSeconds: z.number().int().positive().describe('Intervalle entre deux passages du moteur sous npm start, en secondes'),
  })
  .strict()
  .describe('content/marketing/automation.yaml : réglages du moteur d’automatisation');

// ---------------------------------------------------------------------------------------------
// affiliates.yaml
// ---------------------------------------------------------------------------------------------

export const affiliateProgramSchema = z
  .object({
    key: slug().describe('Identifiant du programme'),
    seedName: seedText(),
    label: text(3).describe('Nom du programme'),
    commission: z
      .discriminatedUnion('type', [
        z
          .object({
            type: z.literal('fixed').describe('Montant fixe'),
            amountEur: eur().describe('Montant en euros'),
            per: z.enum(['inscription']).describe('Fait générateur'),
            seedText: seedText(),
          })
          .strict(),
        z
          .object({
            type: z.literal('percent').describe('Pourcentage'),
            percent: percent().describe('Pourcentage'),
            base: text(3).describe('Assiette du pourcentage'),
            seedText: seedText(),
          })
          .strict(),
      ])
      .describe('Commission'),
    bonuses: z
      .array(
        z.discriminatedUnion('type', [
          z
            .object({
              type: z.literal('cash').describe('Prime en euros'),
              amountEur: eur().describe('Montant en euros'),
              threshold: z
                .object({
                  referrals: z.number().int().positive().describe('Nombre de parrainages (la prime est versée une fois, au parrainage de ce rang)'),
                  period: z.literal('calendar-year').describe('Comptés par année civile (1er janvier – 31 décembre, dates d’inscription)'),
                })
                .strict()
                .describe('Condition d’attribution'),
              seedText: seedText(),
            })
            .strict(),
          z
            .object({
              type: z.literal('free-seat').describe('Place de formation offerte'),
              seats: z.number().int().positive().describe('Places offertes'),
              everyEnrolments: z.number().int().positive().describe('Pour ce nombre d’inscriptions'),
              period: z.literal('calendar-year').describe('Inscriptions comptées par année civile'),
              seedText: seedText(),
            })
            .strict(),
          z
            .object({
              type: z.literal('perk').describe('Avantage en nature'),
              label: text(3).describe('Avantage'),
              seedText: seedText(),
            })
            .strict(),
        ]),
      )
      .describe('Primes et avantages'),
  })
  .strict();

export const affiliatesSchema = z
  .array(affiliateProgramSchema)
  .superRefine((items, ctx) => checkUnique(ctx, items, (a) => a.key, ['key'], 'programme'))
  .describe('content/marketing/affiliates.yaml : programmes d’affiliation et de parrainage');

// ---------------------------------------------------------------------------------------------
// chatbot.yaml
// ---------------------------------------------------------------------------------------------

export const chatbotScenarioSchema = z
  .object({
    key: slug().describe('Identifiant du scénario'),
    seedName: seedText(),
    triggers: z.array(text(2)).min(1).describe('Mots qui déclenchent le scénario (casse et accents ignorés)'),
    response: noEmoji(10).describe('Réponse affichée'),
    seedText: optionalSeedText(),
    followUps: z.array(text(2)).describe('Suggestions proposées après la réponse'),
  })
  .strict();

export const chatbotSchema = z
  .object({ scenarios: z.array(chatbotScenarioSchema).min(1).describe('Scénarios') })
  .strict()
  .superRefine((c, ctx) => {
    checkUnique(ctx, c.scenarios, (s) => s.key, ['key'], 'scénario', ['scenarios']);
    const seen = new Map<string, string>();
    c.scenarios.forEach((s, i) =>
      s.triggers.forEach((t, j) => {
        const n = normalizeText(t);
        const other = seen.get(n);
        if (other) ctx.addIssue({ code: 'custom', path: ['scenarios', i, 'triggers', j], message: `déclencheur « ${t} » déjà utilisé par « ${other} »` });
        else seen.set(n, s.key);
      }),
    );
  })
  .describe('content/marketing/chatbot.yaml : scénarios de l’assistant de discussion');

// ---------------------------------------------------------------------------------------------
// whatsapp.yaml
// ---------------------------------------------------------------------------------------------

/** The topics of the WhatsApp welcome list, each a conversation of the webhook. */
export const WHATSAPP_TOPICS = ['formations', 'tarifs-financement', 'rappel', 'temoignages'] as const;

export const whatsappSchema = z
  .object({
    number: phone().describe('Numéro WhatsApp Business (identique à organization.yaml, whatsapp)'),
    availability: z
      .object({
        label: text(3).describe('Disponibilité en clair'),
        hoursPerDay: z.number().min(1).max(24).describe('Heures par jour'),
        daysPerWeek: z.number().int().min(1).max(7).describe('Jours par semaine'),
        seedText: seedText(),
      })
      .strict()
      .describe('Disponibilité'),
    automaticMessages: z
      .object({
        welcome: z
          .object({ text: noEmoji(10).describe('Message d’accueil'), seedText: optionalSeedText() })
          .strict()
          .describe('Message envoyé au premier contact'),
        away: z
          .object({
            text: noEmoji(10).describe('Message d’attente'),
            seedText: optionalSeedText(),
            responseMinutes: z.number().int().positive().describe('Délai de réponse annoncé, en minutes'),
            outsideHoursText: noEmoji(10)
              .refine((s) => s.includes('{reprise}'), { message: 'le texte doit contenir {reprise} (quand une personne de l’équipe est de nouveau disponible, calculé)' })
              .refine((s) => !/\{(?!reprise\}|horaires\})[^}]*\}/.test(s), { message: 'seules les variables {reprise} et {horaires} sont connues' })
              .describe('Message d’absence envoyé sur WhatsApp hors des heures ouvrées (automation.yaml) : {horaires} (organization.yaml, openingHours) et {reprise} (la prochaine ouverture, calculée)'),
          })
          .strict()
          .describe('Message envoyé en l’absence de réponse immédiate'),
      })
      .strict()
      .describe('Messages automatiques'),
    quickReplies: z
      .array(
        z
          .object({
            key: slug().describe('Identifiant de la réponse rapide'),
            label: noEmoji(3).max(24, 'libellé de 24 caractères au plus (titre d’une ligne de liste WhatsApp)').describe('Libellé du bouton, sans emoji'),
            message: noEmoji(10).max(300).describe('Message prérempli des liens wa.me de ce sujet (la personne peut le modifier avant l’envoi)'),
            seedText: optionalSeedText(),
          })
          .strict(),
      )
      .describe('Réponses rapides proposées'),
    workflows: z
      .array(
        z
          .object({
            key: slug().describe('Identifiant du parcours'),
            seedName: seedText(),
            steps: z.array(text(3)).min(1).describe('Étapes, dans l’ordre'),
            seedSteps: z.array(text(2)).describe('Étapes telles que formulées dans le plan'),
          })
          .strict(),
      )
      .describe('Parcours de conversation'),
  })
  .strict()
  .superRefine((w, ctx) => {
    checkUnique(ctx, w.quickReplies, (q) => q.key, ['key'], 'réponse rapide', ['quickReplies']);
    checkUnique(ctx, w.workflows, (q) => q.key, ['key'], 'parcours', ['workflows']);
    // The WhatsApp webhook (src/conversations/whatsapp-flow.ts) runs one conversation per topic.
    w.quickReplies.forEach((q, i) => {
      if (!(WHATSAPP_TOPICS as readonly string[]).includes(q.key)) {
        ctx.addIssue({ code: 'custom', path: ['quickReplies', i, 'key'], message: `sujet inconnu du webhook WhatsApp (attendu : ${WHATSAPP_TOPICS.join(', ')})` });
      }
    });
    if (w.quickReplies.length > 10) ctx.addIssue({ code: 'custom', path: ['quickReplies'], message: '10 réponses rapides au plus (lignes d’une liste WhatsApp)' });
  })
  .describe('content/marketing/whatsapp.yaml : WhatsApp Business');

// ---------------------------------------------------------------------------------------------
// kpis.yaml
// ---------------------------------------------------------------------------------------------

export const kpiSchema = z
  .object({
    key: slug().describe('Identifiant de l’indicateur'),
    seedText: seedText(),
    label: text(3).describe('Indicateur en clair'),
    comparator: z.enum(['eq', 'lt', 'gt']).describe('eq : valeur à atteindre (un plafond pour un coût) ; lt : rester en dessous ; gt : rester au-dessus'),
    value: z.number().nonnegative().describe('Valeur cible'),
    unit: z.enum(['count', 'percent', 'eur', 'minutes', 'ratio']).describe('Unité (ratio 13 = « 13:1 »)'),
    period: z.enum(['month', 'year', 'session']).nullable().describe('Période de la cible, null si sans objet'),
  })
  .strict();

const kpiList = (what: string) =>
  z
    .array(kpiSchema)
    .superRefine((items, ctx) => checkUnique(ctx, items, (k) => k.key, ['key'], 'indicateur'))
    .describe(what);

export const kpisSchema = z
  .object({
    nature: z.literal('targets').describe('Toutes les valeurs sont des objectifs du plan, jamais des mesures'),
    templateYear: z.number().int().min(2000).max(2100).describe('Année pour laquelle le plan a fixé ces objectifs'),
    qualifiedLead: z
      .object({
        temperatures: z
          .array(slug())
          .min(1, 'au moins une température (clé des seuils de lead-scoring.yaml)')
          .superRefine((items, ctx) => checkUnique(ctx, items, (t) => t, [], 'température'))
          .describe('Températures (clés des seuils de lead-scoring.yaml) qui font d’un lead un lead qualifié'),
        note: text(10).describe('La définition en clair, pour l’équipe'),
      })
      .strict()
      .describe('Définition d’un lead qualifié (le plan compte des « leads qualifiés » sans les définir)'),
    acquisition: z
      .object({
        traffic: kpiList('Trafic'),
        conversion: kpiList('Conversion'),
        roi: kpiList('Rentabilité'),
      })
      .strict()
      .describe('Objectifs d’acquisition'),
    video: z
      .array(
        z
          .object({
            channel: slug().describe('Canal vidéo ou événementiel'),
            label: text(2).describe('Nom du canal'),
            targets: kpiList('Objectifs du canal'),
          })
          .strict(),
      )
      .superRefine((items, ctx) => checkUnique(ctx, items, (v) => v.channel, ['channel'], 'canal'))
      .describe('Objectifs vidéo et réseaux sociaux'),
    annual: z
      .object({
        quantitative: kpiList('Objectifs chiffrés de l’année'),
        qualitative: z
          .array(
            z
              .object({
                key: slug().describe('Identifiant de l’objectif'),
                label: text(3).describe('Objectif en clair'),
                objective: text(5).describe('Cible'),
                seedText: seedText(),
              })
              .strict(),
          )
          .superRefine((items, ctx) => checkUnique(ctx, items, (k) => k.key, ['key'], 'objectif'))
          .describe('Objectifs qualitatifs de l’année'),
      })
      .strict()
      .describe('Objectifs annuels'),
  })
  .strict()
  .describe('content/marketing/kpis.yaml : objectifs (pas des mesures)');

// ---------------------------------------------------------------------------------------------
// The whole plan, and the facts shared between files
// ---------------------------------------------------------------------------------------------

/** One schema per file, by key of the Marketing object. */
export const fileSchemas = {
  organization: organizationSchema,
  audiences: audiencesSchema,
  prices: pricesSchema,
  keywords: keywordsSchema,
  campaigns: campaignsSchema,
  experiments: experimentsSchema,
  leadScoring: leadScoringSchema,
  segments: segmentsSchema,
  sequences: sequencesSchema,
  automation: automationSchema,
  affiliates: affiliatesSchema,
  chatbot: chatbotSchema,
  whatsapp: whatsappSchema,
  kpis: kpisSchema,
} as const;

const EURO_AMOUNT = /(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?\s?€/gu;

/** Euro amounts written in a visitor-facing text (« 1 490 € » → 1490). */
export function euroAmounts(s: string): number[] {
  return [...s.matchAll(EURO_AMOUNT)].map((m) => Number(m[1].replace(/\D/g, '')));
}

export const marketingSchema = z
  .object({
    organization: organizationSchema,
    audiences: audiencesSchema,
    prices: pricesSchema,
    keywords: keywordsSchema,
    campaigns: campaignsSchema,
    experiments: experimentsSchema,
    leadScoring: leadScoringSchema,
    segments: segmentsSchema,
    sequences: sequencesSchema,
    automation: automationSchema,
    affiliates: affiliatesSchema,
    chatbot: chatbotSchema,
    whatsapp: whatsappSchema,
    kpis: kpisSchema,
  })
  .strict()
  .superRefine((m, ctx) => {
    const offers = m.prices.offers;
    const offerKeys = Object.keys(offers).join(', ');
    const checkOffer = (key: string | null, path: (string | number)[], aud?: string | null) => {
      if (key === null) return;
      const offer = offers[key];
      if (!offer) {
        ctx.addIssue({ code: 'custom', path, message: `offre « ${key} » inconnue dans prices.yaml (offers : ${offerKeys})` });
      } else if (aud && offer.audience !== aud) {
        ctx.addIssue({ code: 'custom', path, message: `l’offre « ${key} » s’adresse au public « ${offer.audience} », pas « ${aud} »` });
      }
    };

    m.audiences.forEach((a, i) => checkOffer(a.offer, ['audiences', i, 'offer'], a.slug));
    m.segments.forEach((s, i) => checkOffer(s.offer, ['segments', i, 'offer'], s.audience));
    m.campaigns.special.forEach((c, i) => checkOffer(c.offer, ['campaigns', 'special', i, 'offer'], c.audience));
    m.sequences.sequences.forEach((q, i) =>
      q.emails.forEach((e, j) => checkOffer(e.offer, ['sequences', 'sequences', i, 'emails', j, 'offer'])),
    );

    const segmentKeys = new Set(m.segments.map((s) => s.key));
    m.sequences.workflows.forEach((w, i) => {
      if (w.action.type === 'monthly-email' && 'segment' in w.action.audience && !segmentKeys.has(w.action.audience.segment)) {
        ctx.addIssue({ code: 'custom', path: ['sequences', 'workflows', i, 'action', 'audience', 'segment'], message: `segment « ${w.action.audience.segment} » inconnu dans segments.yaml (${[...segmentKeys].join(', ')})` });
      }
      if ((w.trigger === 'monthly') !== (w.action.type === 'monthly-email')) {
        ctx.addIssue({ code: 'custom', path: ['sequences', 'workflows', i, 'trigger'], message: 'le déclencheur « monthly » va avec l’action « monthly-email », et seulement avec elle' });
      }
    });

    const temperatures = m.leadScoring.thresholds.map((t) => t.key);
    m.kpis.qualifiedLead.temperatures.forEach((t, i) => {
      if (!temperatures.includes(t)) {
        ctx.addIssue({
          code: 'custom',
          path: ['kpis', 'qualifiedLead', 'temperatures', i],
          message: `température « ${t} » inconnue dans lead-scoring.yaml (seuils : ${temperatures.join(', ')})`,
        });
      }
    });

    if (m.whatsapp.number !== m.organization.whatsapp) {
      ctx.addIssue({
        code: 'custom',
        path: ['whatsapp', 'number'],
        message: `le numéro doit être celui de organization.yaml (whatsapp : ${m.organization.whatsapp})`,
      });
    }

    // One source of truth for prices: an amount in euros shown to visitors must be a price of prices.yaml.
    const amounts = new Set(Object.values(offers).map((o) => o.amount));
    const checkAmounts = (s: string | null, path: (string | number)[]) => {
      if (s === null) return;
      for (const n of euroAmounts(s)) {
        if (!amounts.has(n)) {
          ctx.addIssue({ code: 'custom', path, message: `montant ${n} € absent de prices.yaml (offers : ${[...amounts].join(', ')} €)` });
        }
      }
    };
    m.experiments.forEach((e, i) => e.variants.forEach((v, j) => checkAmounts(v.text, ['experiments', i, 'variants', j, 'text'])));
    m.chatbot.scenarios.forEach((s, i) => checkAmounts(s.response, ['chatbot', 'scenarios', i, 'response']));
    checkAmounts(m.whatsapp.automaticMessages.welcome.text, ['whatsapp', 'automaticMessages', 'welcome', 'text']);
    checkAmounts(m.whatsapp.automaticMessages.away.text, ['whatsapp', 'automaticMessages', 'away', 'text']);
    checkAmounts(m.whatsapp.automaticMessages.away.outsideHoursText, ['whatsapp', 'automaticMessages', 'away', 'outsideHoursText']);
    m.whatsapp.quickReplies.forEach((q, i) => checkAmounts(q.message, ['whatsapp', 'quickReplies', i, 'message']));
    m.campaigns.special.forEach((c, i) => c.creatives.forEach((cr, j) => checkAmounts(cr.text, ['campaigns', 'special', i, 'creatives', j, 'text'])));
    m.segments.forEach((s, i) => s.content.topics.forEach((t, j) => checkAmounts(t, ['segments', i, 'content', 'topics', j])));
    m.sequences.sequences.forEach((q, i) => q.emails.forEach((e, j) => checkAmounts(e.subject, ['sequences', 'sequences', i, 'emails', j, 'subject'])));
  })
  .describe('Le plan marketing complet : un fichier YAML par clé dans content/marketing/');

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type Marketing = z.infer<typeof marketingSchema>;
export type MarketingKey = keyof Marketing;
export type Organization = z.infer<typeof organizationSchema>;
export type Prices = z.infer<typeof pricesSchema>;
export type Offer = z.infer<typeof offerSchema>;
export type AudienceEntry = z.infer<typeof audienceEntrySchema>;
export type Keyword = z.infer<typeof keywordSchema>;
export type Campaigns = z.infer<typeof campaignsSchema>;
export type GoogleAdsCampaign = z.infer<typeof googleAdsCampaignSchema>;
export type SpecialCampaign = z.infer<typeof specialCampaignSchema>;
export type Creative = z.infer<typeof creativeSchema>;
export type RoadmapAction = z.infer<typeof roadmapActionSchema>;
export type CampaignWindow = z.infer<typeof campaignWindowSchema>;
export type CampaignSite = z.infer<typeof campaignSiteSchema>;
export type Experiment = z.infer<typeof experimentSchema>;
export type ExperimentVariant = z.infer<typeof variantSchema>;
export type Criterion = z.infer<typeof criterionSchema>;
export type LeadScoring = z.infer<typeof leadScoringSchema>;
export type ScoringEventRule = z.infer<typeof eventRuleSchema>;
export type ScoringProfileRule = z.infer<typeof profileRuleSchema>;
export type Segment = z.infer<typeof segmentSchema>;
export type Sequences = z.infer<typeof sequencesSchema>;
export type EmailSequence = z.infer<typeof emailSequenceSchema>;
export type Workflow = z.infer<typeof workflowSchema>;

/** The business hours within which a trigger's callback workflow answers (sequences.yaml), or null without one. */
export function callbackWithinHours(workflows: readonly Workflow[], trigger: (typeof TRIGGERS)[number]): number | null {
  const w = workflows.find((x) => x.trigger === trigger && x.action.type === 'callback');
  return w?.action.type === 'callback' ? w.action.withinHours : null;
}
export type Automation = z.infer<typeof automationSchema>;
export type WorkflowAction = z.infer<typeof workflowActionSchema>;
export type AffiliateProgram = z.infer<typeof affiliateProgramSchema>;
export type Chatbot = z.infer<typeof chatbotSchema>;
export type ChatbotScenario = z.infer<typeof chatbotScenarioSchema>;
export type Whatsapp = z.infer<typeof whatsappSchema>;
export type Kpis = z.infer<typeof kpisSchema>;
export type Kpi = z.infer<typeof kpiSchema>;
export type SpendEntry = z.infer<typeof spendEntrySchema>;
