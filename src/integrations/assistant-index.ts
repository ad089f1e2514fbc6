// After the build: the assistant's data, fetched by its script only when a visitor opens it.
// dist/assistant/index.json: the retrieval index (src/assistant/build-index.ts);
// dist/assistant/data.json: chatbot.yaml's scenarios with their follow-ups, and how to reach a person.
// A question of content/questions/questions.yaml whose page or section does not exist fails the build.
import type { AstroIntegration } from 'astro';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { indexSite, type PageHtml } from '../assistant/build-index';
import { builtSite } from '../seo/built-site';
import { parseQuestions } from '../assistant/questions';
import { scenarioData } from '../assistant/follow-ups';
import { packIndex } from '../assistant/engine';
import { readMarketing } from '../edge/rules-snapshot';
import { isPlaceholder } from '../lib/placeholders';
import type { Marketing } from '../marketing/config';

export function readQuestions(contentRoot: string) {
  const file = join(contentRoot, 'questions', 'questions.yaml');
  return parseQuestions(parseYaml(readFileSync(file, 'utf8')), file);
}

/** The built pages (dist/…/index.html but the variants), each read again only when indexed. */
function htmlPages(dist: string): PageHtml[] {
  return builtSite(dist)
    .html.filter((h) => h.page)
    .map((h) => ({ path: h.path, publishedTime: h.facts.publishedTime, get html() { return h.html; } }));
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
      'astro:build:done': ({ dir, logger }) => {
        const dist = fileURLToPath(dir);
        const started = Date.now();
        const report = indexSite(htmlPages(dist), readQuestions(options.contentRoot));
        if (report.problems.length) throw new Error(`Assistant : questions sans page ou section :\n${report.problems.map((p) => `  - ${p}`).join('\n')}`);
        mkdirSync(join(dist, 'assistant'), { recursive: true });
        const json = JSON.stringify(packIndex(report.index));
        writeFileSync(join(dist, 'assistant', 'index.json'), json);
        const marketing = readMarketing(options.contentRoot);
        writeFileSync(join(dist, 'assistant', 'data.json'), JSON.stringify(assistantData(marketing)));
        logger.info(`assistant index: ${report.pages} pages, ${report.sections} sections, ${report.faq} questions, ${(json.length / 1024).toFixed(0)} KiB, ${Date.now() - started} ms`);
        if (!existsSync(join(dist, 'assistant', 'index.json'))) throw new Error('dist/assistant/index.json non écrit');
      },
    },
  };
}
