// The content contract: one collection per folder of content/.
// Every object is .strict() so that a typo in frontmatter (an unknown key) fails the build
// with Astro's error, which names the collection entry (file) and the field path.
import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { AUDIENCES, CATEGORIES, FINANCING, TECHNOLOGIES } from './lib/taxonomy';

// Tests point the build at a copy of content/ (e.g. with a deliberately broken file).
const root = process.env.CONTENT_ROOT ?? './content';

const title = z.string().min(5).max(120).describe('Titre de la page (balise <title> et h1 par défaut), 5 à 120 caractères');
const description = z
  .string()
  .min(50)
  .max(170)
  .describe('Résumé affiché par les moteurs de recherche et les partages, 50 à 170 caractères');
const isoDate = z.coerce.date().describe('Date au format AAAA-MM-JJ');
const faq = z
  .array(
    z
      .object({
        question: z.string().min(5).describe('Question telle que la poserait un visiteur'),
        answer: z.string().min(10).describe('Réponse en une à trois phrases (Markdown simple autorisé)'),
      })
      .strict(),
  )
  .default([])
  .describe('Questions fréquentes affichées en bas de page');
const audiences = z.array(z.enum(AUDIENCES)).min(1).describe('Publics concernés (slugs de /pour-qui/)');
const trainings = z.array(reference('trainings')).default([]).describe('Formations liées (slugs de content/trainings)');

const articles = defineCollection({
  loader: glob({ base: `${root}/articles`, pattern: '**/*.mdx' }),
  schema: z
    .object({
      title,
      description,
      publishDate: isoDate.describe('Date de publication prévue : l’article n’apparaît qu’à partir de ce jour'),
      updatedDate: isoDate.optional().describe('Date de dernière mise à jour significative'),
      draft: z.boolean().default(false).describe('Brouillon : jamais publié, quelle que soit la date'),
      category: z.enum(CATEGORIES).describe('Catégorie du blog (slug de /blog/categorie/)'),
      audiences,
      trainings,
      author: z.string().min(3).default('L’équipe pédagogique MécaFormation').describe('Auteur affiché'),
    })
    .strict(),
});

const trainingsCollection = defineCollection({
  loader: glob({ base: `${root}/trainings`, pattern: '**/*.mdx' }),
  schema: z
    .object({
      title: title.describe('Intitulé exact de la formation'),
      shortTitle: z.string().min(3).max(60).describe('Intitulé court pour les cartes et le menu'),
      description,
      order: z.number().int().min(1).describe('Rang dans le catalogue'),
      technology: z.enum(TECHNOLOGIES).describe('Technologie principale'),
      audiences,
      level: z.string().min(3).describe('Niveau visé ou niveau d’entrée, en clair'),
      certification: z
        .object({
          kind: z
            .enum(['diplome', 'habilitation', 'certificat', 'attestation'])
            .describe('Nature de la validation obtenue'),
          title: z.string().min(5).describe('Intitulé exact de la certification ou de l’attestation'),
          certifier: z.string().min(3).describe('Organisme qui délivre la certification'),
          registryKey: z
            .string()
            .optional()
            .describe('Clé de la fiche RNCP/RS dans content/marketing/organization.yaml (certifications)'),
        })
        .strict()
        .describe('Validation obtenue à la fin de la formation'),
      duration: z
        .object({
          totalHours: z.number().positive().describe('Durée totale estimée en heures'),
          weeks: z.number().int().positive().describe('Durée conseillée en semaines'),
          weeklyHours: z.number().positive().describe('Charge de travail hebdomadaire estimée en heures'),
          internshipWeeks: z.number().int().min(0).default(0).describe('Semaines de stage en entreprise (PFMP)'),
        })
        .strict(),
      access: z
        .object({
          delay: z.string().min(10).describe('Délai d’accès entre la demande et l’entrée en formation'),
          conditions: z.string().min(10).describe('Modalités d’accès : entretien, test, dossier…'),
        })
        .strict(),
      prerequisites: z.array(z.string().min(3)).min(1).describe('Prérequis'),
      objectives: z.array(z.string().min(5)).min(3).describe('Objectifs : compétences visées'),
      price: z
        .object({
          individual: z.number().int().positive().describe('Prix TTC pour une personne, en euros'),
          primoArrivant: z.boolean().describe('Le tarif primo-arrivant (content/marketing/prices.yaml) s’applique'),
          team: z.boolean().default(false).describe('Le tarif équipe garage s’applique'),
        })
        .strict(),
      financing: z.array(z.enum(FINANCING)).min(1).describe('Financements mobilisables'),
      distance: z
        .object({
          tutoring: z.string().min(20).describe('Assistance pédagogique et technique : qui, quand, délai de réponse'),
          assessments: z.string().min(20).describe('Évaluations qui jalonnent et terminent la formation'),
          practical: z.string().min(20).describe('Partie pratique : travaux, plateau technique, stage'),
        })
        .strict(),
      modules: z
        .array(
          z
            .object({
              title: z.string().min(3).describe('Titre du module'),
              hours: z.number().positive().describe('Durée estimée en heures'),
              topics: z.array(z.string().min(3)).min(2).describe('Contenus du module'),
            })
            .strict(),
        )
        .min(2)
        .describe('Programme par module'),
      outcomes: z.array(z.string().min(3)).min(1).describe('Débouchés, suites de parcours, passerelles'),
      faq,
      updatedDate: isoDate.describe('Date de mise à jour de la fiche (obligation Qualiopi : information datée)'),
    })
    .strict(),
});

const landingBase = z.object({
  title,
  description,
  h1: z.string().min(5).max(120).describe('Titre principal visible (h1)'),
  hero: z
    .object({
      title: z.string().min(5).describe('Accroche du bandeau'),
      subtitle: z.string().min(10).describe('Sous-titre du bandeau'),
    })
    .strict(),
  trainings,
  faq,
  updatedDate: isoDate,
});

const landings = defineCollection({
  loader: glob({ base: `${root}/landings`, pattern: '**/*.mdx' }),
  schema: z.discriminatedUnion('kind', [
    landingBase
      .extend({
        kind: z.literal('keyword').describe('Page d’atterrissage sur un mot-clé, publiée à la racine'),
        keyword: z.string().min(3).describe('Mot-clé principal visé (content/marketing/keywords.yaml)'),
      })
      .strict(),
    landingBase
      .extend({
        kind: z.literal('audience').describe('Page d’un public, publiée sous /pour-qui/'),
        audience: z.enum(AUDIENCES).describe('Public concerné'),
      })
      .strict(),
  ]),
});

const testimonials = defineCollection({
  loader: glob({ base: `${root}/testimonials`, pattern: '**/*.{yaml,yml}' }),
  schema: z
    .object({
      name: z.string().min(2).describe('Prénom et initiale du nom'),
      role: z.string().min(3).describe('Situation actuelle (métier, entreprise)'),
      audience: z.enum(AUDIENCES).describe('Public auquel la personne appartient'),
      training: reference('trainings').describe('Formation suivie (slug de content/trainings)'),
      quote: z.string().min(40).max(600).describe('Témoignage, dans les mots de la personne'),
      date: isoDate.describe('Date du recueil'),
      status: z
        .enum(['exemple', 'verifie'])
        .describe('« exemple » : texte d’illustration à remplacer ; « verifie » : recueilli avec accord écrit'),
    })
    .strict(),
});

const webinars = defineCollection({
  loader: glob({ base: `${root}/webinars`, pattern: '**/*.mdx' }),
  schema: z
    .object({
      title,
      description,
      startsAt: z.coerce.date().describe('Début, date et heure ISO avec fuseau (ex. 2026-12-10T18:30:00+01:00)'),
      durationMinutes: z.number().int().positive().describe('Durée en minutes'),
      speaker: z
        .object({
          name: z.string().min(3).describe('Intervenant'),
          role: z.string().min(3).describe('Fonction de l’intervenant'),
        })
        .strict(),
      trainings,
      audiences,
      capacity: z.number().int().min(1).max(1000).default(50).describe('Nombre de places ; au-delà, les inscriptions vont sur liste d’attente'),
      status: z
        .enum(['prevu', 'reporte', 'annule'])
        .default('prevu')
        .describe('« prevu », « reporte » (nouvelle date dans startsAt, ancienne dans previousStartsAt) ou « annule » : les inscrits sont prévenus'),
      previousStartsAt: z.coerce.date().optional().describe('Ancienne date d’un webinaire reporté'),
      joinUrl: z.url({ protocol: /^https$/ }).optional().describe('Lien de connexion à la salle virtuelle (envoyé aux inscrits), sinon celui de organization.yaml'),
      replayUrl: z.url({ protocol: /^https$/ }).optional().describe('Lien du replay, après la session'),
    })
    .strict()
    .superRefine((w, ctx) => {
      if (w.status === 'reporte' && !w.previousStartsAt) ctx.addIssue({ code: 'custom', path: ['previousStartsAt'], message: 'ancienne date obligatoire pour un webinaire reporté' });
      if (w.status !== 'reporte' && w.previousStartsAt) ctx.addIssue({ code: 'custom', path: ['previousStartsAt'], message: 'réservé à un webinaire reporté (status: reporte)' });
    }),
});

const guide = defineCollection({
  loader: glob({ base: `${root}/guide`, pattern: '**/*.md' }),
  schema: z
    .object({
      title: z.string().min(5).max(60).describe('Titre du chapitre, 60 caractères au plus (titre de la page web)'),
      summary: z.string().min(60).max(170).describe('Ce que le chapitre apporte, en une phrase (sommaire et page web)'),
    })
    .strict(),
});

const pages = defineCollection({
  loader: glob({ base: `${root}/pages`, pattern: '**/*.mdx' }),
  schema: z
    .object({
      title,
      description,
      updatedDate: isoDate,
      noindex: z.boolean().default(false).describe('Exclure la page des moteurs de recherche et du plan du site'),
    })
    .strict(),
});

export const collections = { articles, trainings: trainingsCollection, landings, testimonials, webinars, guide, pages };
