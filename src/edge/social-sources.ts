// What the social calendar (src/marketing/social-calendar.ts) draws on, read from content/ (Node
// only): articles, testimonials, the trainings' objectives, modules and distance set-up, and the
// visitors' questions on the quiz's topics only (the snapshot goes into the Worker bundle). The
// build validates these files (src/content.config.ts, src/assistant/questions.ts); this only picks
// the fields the calendar quotes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrontmatter } from '../lib/frontmatter.ts';
import { parse as parseYaml } from 'yaml';
import { parseQuestions } from '../assistant/questions.ts';
import { QUIZ_TOPICS, type SocialSources } from '../marketing/social-calendar.ts';

type Front = Record<string, unknown>;

function entries(dir: string, ext: RegExp): { slug: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => ext.test(f))
    .sort()
    .map((f) => ({ slug: f.replace(ext, ''), text: readFileSync(join(dir, f), 'utf8') }));
}
const frontOf = (text: string) => parseFrontmatter(text) as Front;
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

export function readSocialSources(contentRoot: string): SocialSources {
  const articles = entries(join(contentRoot, 'articles'), /\.mdx$/).map(({ slug, text }) => {
    const f = frontOf(text);
    const date = f.publishDate instanceof Date ? f.publishDate.toISOString() : str(f.publishDate);
    return { slug, title: str(f.title), description: str(f.description), publishDate: date.slice(0, 10), draft: f.draft === true };
  });
  const testimonials = entries(join(contentRoot, 'testimonials'), /\.ya?ml$/).map(({ slug, text }) => {
    const t = (parseYaml(text) ?? {}) as Front;
    return { slug, name: str(t.name), role: str(t.role), quote: str(t.quote), training: str(t.training), status: t.status === 'verifie' ? ('verifie' as const) : ('exemple' as const) };
  });
  const trainings = entries(join(contentRoot, 'trainings'), /\.mdx$/).map(({ slug, text }) => {
    const f = frontOf(text);
    const distance = (f.distance ?? {}) as Front;
    return {
      slug,
      title: str(f.title),
      shortTitle: str(f.shortTitle ?? f.title),
      objectives: strings(f.objectives),
      modules: (Array.isArray(f.modules) ? (f.modules as Front[]) : []).map((m) => ({ title: str(m.title), topics: strings(m.topics) })),
      distance: { tutoring: str(distance.tutoring), assessments: str(distance.assessments), practical: str(distance.practical) },
    };
  });
  const file = join(contentRoot, 'questions', 'questions.yaml');
  const questions = existsSync(file) ? parseQuestions(parseYaml(readFileSync(file, 'utf8')), file)
        .filter((q) => QUIZ_TOPICS.includes(q.topic))
        .map(({ question, answer, topic, page }) => ({ question, answer, topic, page })) : [];
  return { articles, testimonials, trainings, questions };
}
