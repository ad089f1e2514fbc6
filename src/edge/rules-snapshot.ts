// The marketing rules and content slugs the edge needs, read from content/ (Node only). The
// Worker gets the same snapshot as JSON, written at build (src/integrations/edge-rules.ts).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { FILES, parseMarketing } from '../marketing/load';
import type { RulesSnapshot } from './app';
import { parse as parseYaml } from 'yaml';
import { compileEmails } from '../automation/compile-emails';

export function readRules(contentRoot = 'content'): RulesSnapshot {
  const dir = join(contentRoot, 'marketing');
  const sources = Object.fromEntries(Object.values(FILES).filter((f) => existsSync(join(dir, f))).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  const slugs = (folder: string) => readdirSync(join(contentRoot, folder)).filter((f) => f.endsWith('.mdx')).map((f) => f.slice(0, -4)).sort();
  const marketing = parseMarketing(sources);
  const trainings = slugs('trainings');
  const trainingTitles = Object.fromEntries(
    trainings.map((slug) => {
      const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(join(contentRoot, 'trainings', `${slug}.mdx`), 'utf8'))?.[1] ?? '';
      return [slug, String((parseYaml(front) as { title?: string } | null)?.title ?? slug)];
    }),
  );
  return { marketing, trainings, webinars: slugs('webinars'), trainingTitles, emails: compileEmails(contentRoot, marketing) };
}
