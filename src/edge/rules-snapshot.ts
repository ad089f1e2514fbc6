// The marketing rules and content slugs the edge needs, read from content/ (Node only). The
// Worker gets the same snapshot as JSON, written at build (src/integrations/edge-rules.ts).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrontmatter } from '../lib/frontmatter.ts';
import { FILES, parseMarketing } from '../marketing/load.ts';
import type { RulesSnapshot } from './deps.ts';
import { parse as parseYaml } from 'yaml';
import { compileEmails } from '../automation/compile-emails.ts';
import { DEFAULT_CAPACITY, type WebinarInfo } from '../marketing/webinars.ts';
import type { ArticleInfo } from './deps.ts';
import type { TestimonialFacts, TrainingFacts } from '../conversations/whatsapp-flow.ts';
import { readSocialSources } from './social-sources.ts';

/** The built site's stylesheet (the console links it), from a page of dist/. */
export function stylesheetOf(html: string): string | null {
  return /<link rel="stylesheet" href="(\/_astro\/[\w.-]+\.css)"/.exec(html)?.[1] ?? null;
}

/** The snapshot with the stylesheet of the build in `dist` (null before a build); `rules` when already read. */
export function readRulesWithBuild(contentRoot: string, dist: string, rules: RulesSnapshot = readRules(contentRoot)): RulesSnapshot {
  const index = join(dist, 'index.html');
  return { ...rules, stylesheet: existsSync(index) ? stylesheetOf(readFileSync(index, 'utf8')) : null };
}

/** Only the marketing files (content/marketing/*.yaml), checked: no article or e-mail is read. */
export function readMarketing(contentRoot = 'content') {
  const dir = join(contentRoot, 'marketing');
  const sources = Object.fromEntries(Object.values(FILES).filter((f) => existsSync(join(dir, f))).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  // Several build hooks read the same files: parsed and checked again only when their text changed.
  const key = JSON.stringify(sources);
  if (lastMarketing?.key !== key) lastMarketing = { key, marketing: parseMarketing(sources) };
  return lastMarketing.marketing;
}
let lastMarketing: { key: string; marketing: ReturnType<typeof parseMarketing> } | undefined;

export function readRules(contentRoot = 'content'): RulesSnapshot {
  const slugs = (folder: string) => readdirSync(join(contentRoot, folder)).filter((f) => f.endsWith('.mdx')).map((f) => f.slice(0, -4)).sort();
  const marketing = readMarketing(contentRoot);
  const trainings = slugs('trainings');
  const front = (folder: string, slug: string) => parseFrontmatter(readFileSync(join(contentRoot, folder, `${slug}.mdx`), 'utf8'));
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
  // The build validates these files (src/content.config.ts); the edge reads what it needs.
  const webinarEvents: WebinarInfo[] = slugs('webinars').map((slug) => {
    const f = front('webinars', slug);
    const speaker = (f.speaker ?? {}) as { name?: string; role?: string };
    return {
      slug,
      title: String(f.title),
      description: String(f.description),
      startsAt: iso(f.startsAt),
      durationMinutes: Number(f.durationMinutes),
      capacity: Number(f.capacity ?? DEFAULT_CAPACITY),
      status: (f.status ?? 'prevu') as WebinarInfo['status'],
      previousStartsAt: f.previousStartsAt ? iso(f.previousStartsAt) : null,
      joinUrl: f.joinUrl ? String(f.joinUrl) : null,
      replayUrl: f.replayUrl ? String(f.replayUrl) : null,
      speaker: { name: String(speaker.name ?? ''), role: String(speaker.role ?? '') },
    };
  });
  const articles: ArticleInfo[] = slugs('articles').map((slug) => {
    const f = front('articles', slug);
    return { slug, title: String(f.title), description: String(f.description), publishDate: iso(f.publishDate).slice(0, 10), draft: f.draft === true };
  });
  const trainingTitles = Object.fromEntries(
    trainings.map((slug) => {
      return [slug, String(parseFrontmatter(readFileSync(join(contentRoot, 'trainings', `${slug}.mdx`), 'utf8')).title ?? slug)];
    }),
  );
  // What the WhatsApp conversation quotes (src/conversations/whatsapp-flow.ts): prices, publics,
  // funding of each training, and the testimonials with their status.
  const trainingFacts: TrainingFacts[] = trainings.map((slug) => {
    const f = front('trainings', slug);
    const price = (f.price ?? {}) as { individual?: number; primoArrivant?: boolean; team?: boolean };
    return {
      slug,
      title: String(f.title),
      shortTitle: String(f.shortTitle ?? f.title),
      audiences: (f.audiences as string[] | undefined) ?? [],
      price: { individual: Number(price.individual), primoArrivant: price.primoArrivant === true, team: price.team === true },
      financing: (f.financing as string[] | undefined) ?? [],
    };
  });
  const testimonialsDir = join(contentRoot, 'testimonials');
  const testimonials: TestimonialFacts[] = existsSync(testimonialsDir)
    ? readdirSync(testimonialsDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => parseYaml(readFileSync(join(testimonialsDir, f), 'utf8')) as Record<string, unknown>)
        .map((t) => ({ name: String(t.name), role: String(t.role), audience: String(t.audience), training: String(t.training), quote: String(t.quote), status: t.status === 'verifie' ? 'verifie' : 'exemple' }))
    : [];
  return { marketing, trainings, webinars: slugs('webinars'), webinarEvents, articles, trainingTitles, trainingFacts, testimonials, emails: compileEmails(contentRoot, marketing), social: readSocialSources(contentRoot) };
}
