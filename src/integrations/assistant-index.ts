// After the build: the assistant's data, fetched by its script only when a visitor opens it.
// dist/assistant/index.json: the retrieval index (src/assistant/build-index.ts);
// dist/assistant/data.json: chatbot.yaml's scenarios with their follow-ups, and how to reach a person.
// A question of content/questions/questions.yaml whose page or section does not exist fails the build.
import type { AstroIntegration } from 'astro';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { builtSite } from '../seo/built-site.ts';
import { buildWorker } from '../build/worker-client.ts';
import { inBackground } from '../build/background.ts';
import type { IndexedPage } from '../assistant/write-index.ts';
import { parseQuestions } from '../assistant/questions.ts';
import { scenarioData } from '../assistant/follow-ups.ts';
import { readMarketing } from '../edge/rules-snapshot.ts';
import { isPlaceholder } from '../lib/placeholders.ts';
import type { Marketing } from '../marketing/config.ts';

export function readQuestions(contentRoot: string) {
  const file = join(contentRoot, 'questions', 'questions.yaml');
  return parseQuestions(parseYaml(readFileSync(file, 'utf8')), file);
}

/** What the assistant's script needs besides the index: the scenarios and how to reach a person. */
export function assistantData(marketing: Marketing) {
  const org = marketing.organization;
  const hours = marketing.automation.businessHours;
  return {
    scenarios: scenarioData(marketing),
    contact: {
      whatsapp: marketing.whatsapp.number,
      phone: isPlaceholder(org.phone) ? null : org.phone,
      openingHours: org.openingHours,
      businessHours: { days: hours.days, open: hours.open, close: hours.close, timezone: hours.timezone },
    },
  };
}

export default function assistantIndex(options: { contentRoot: string }): AstroIntegration {
  return {
    name: 'mecaformation:assistant-index',
    hooks: {
      'astro:build:start': () => {
        readQuestions(options.contentRoot);
        scenarioData(readMarketing(options.contentRoot));
      },
      'astro:build:done': async ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        // The first of the checks to read the built site (src/seo/built-site.ts), which it reports.
        const site = await builtSite(dist, (message) => logger.info(message));
        const pages: IndexedPage[] = site.html.filter((h) => h.page).map((h) => ({ path: h.path, file: h.file, publishedTime: h.facts.publishedTime }));
        const questions = readQuestions(options.contentRoot);
        const marketing = readMarketing(options.contentRoot);
        mkdirSync(join(dist, 'assistant'), { recursive: true });
        writeFileSync(join(dist, 'assistant', 'data.json'), JSON.stringify(assistantData(marketing)));
        // The index is built in the build's worker, on the other core, while the next hooks run;
        // in this thread when there is no worker. The build's last hook waits for it.
        const started = Date.now();
        const pending = buildWorker();
        inBackground(
          'Assistant',
          (async () => {
            const inWorker = pending ? await (await pending).assistant(dist, pages, questions) : { failure: 'no build worker' };
            // linkedom and the index's code are loaded here only when the worker could not do it.
            const outcome = inWorker.outcome ?? (await import('../assistant/write-index.ts')).writeAssistantIndex(dist, pages, questions);
            if (outcome.problems.length) throw new Error(`questions sans page ou section :\n${outcome.problems.map((p) => `  - ${p}`).join('\n')}`);
            if (!existsSync(join(dist, 'assistant', 'index.json'))) throw new Error('dist/assistant/index.json non écrit');
            const where = inWorker.outcome ? 'in the build worker' : `in the build's thread (${inWorker.failure})`;
            logger.info(`assistant index: ${outcome.pages} pages, ${outcome.sections} sections, ${outcome.faq} questions, ${(outcome.bytes / 1024).toFixed(0)} KiB, ${outcome.ms} ms ${where}, done ${Date.now() - started} ms after the pages`);
          })(),
        );
      },
    },
  };
}
