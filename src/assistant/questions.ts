// The visitors' question set (content/questions/questions.yaml): each question with the page (and
// section) of the site that answers it. It is the FAQ page's content, part of the assistant's
// index, and the assistant's test (every question must be answered with a link to its page).
import { z } from 'zod';

export const QUESTION_TOPICS = [
  'financement', 'cpf', 'opco', 'aif', 'age-public', 'duree-rythme', 'examen-diplome', 'pratique-stage',
  'habilitation-electrique', 'garages-equipes', 'distance-outils', 'inscription-tarifs', 'debouches',
] as const;

export const TOPIC_LABELS: Record<(typeof QUESTION_TOPICS)[number], string> = {
  financement: 'Financement',
  cpf: 'Compte personnel de formation (CPF)',
  opco: 'OPCO et employeurs',
  aif: 'France Travail et AIF',
  'age-public': 'Âge et public',
  'duree-rythme': 'Durée et rythme',
  'examen-diplome': 'Examen et diplôme',
  'pratique-stage': 'Pratique et stages',
  'habilitation-electrique': 'Habilitation électrique',
  'garages-equipes': 'Garages et équipes',
  'distance-outils': 'Formation à distance et outils',
  'inscription-tarifs': 'Inscription et tarifs',
  debouches: 'Débouchés',
};

export const questionSchema = z
  .object({
    question: z.string().min(8).max(200).describe('La question, telle qu’une personne la poserait'),
    topic: z.enum(QUESTION_TOPICS).describe('Thème de la question'),
    answer: z.string().min(40).max(900).describe('Réponse de deux à quatre phrases, tirée du contenu du site'),
    page: z.string().regex(/^\/([a-z0-9-]+\/)*$/, 'chemin du site attendu, avec une barre finale (par exemple /tarifs-financement/)').describe('Page du site qui répond'),
    section: z.string().min(2).optional().describe('Texte exact du titre h2 ou h3 de la page qui répond'),
    variants: z.array(z.string().min(3)).default([]).describe('Autres formulations, telles que tapées'),
  })
  .strict();

export const questionsSchema = z.array(questionSchema).min(40, 'au moins 40 questions');
export type Question = z.infer<typeof questionSchema>;

/** The questions of a parsed YAML file, or an error naming the file, the entry and the field. */
export function parseQuestions(raw: unknown, file = 'content/questions/questions.yaml'): Question[] {
  const result = questionsSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new Error(
    `${file} :\n${result.error.issues.map((i) => `  - ${i.path.length ? `[${String(i.path[0])}]${i.path.slice(1).map((p) => `.${String(p)}`).join('')}` : '(racine)'} : ${i.message}`).join('\n')}`,
  );
}
