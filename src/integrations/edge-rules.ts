// Writes the marketing rules and content slugs as JSON for the Worker bundle
// (src/edge/generated/rules.json, not committed), from the same files the Node entry reads.
import type { AstroIntegration } from 'astro';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readRules } from '../edge/rules-snapshot';

export default function edgeRules(options: { contentRoot: string; outFile: string }): AstroIntegration {
  return {
    name: 'mecaformation:edge-rules',
    hooks: {
      // Marketing YAML and e-mails are checked before the pages are built (fast feedback), and
      // reported in `astro dev` without stopping the server.
      'astro:build:start': () => {
        readRules(options.contentRoot);
      },
      'astro:server:start': ({ logger }) => {
        try {
          readRules(options.contentRoot);
        } catch (error) {
          logger.error((error as Error).message);
        }
      },
      'astro:build:done': ({ logger }) => {
        mkdirSync(dirname(options.outFile), { recursive: true });
        writeFileSync(options.outFile, JSON.stringify(readRules(options.contentRoot)));
        logger.info(`edge rules written to ${options.outFile}`);
      },
    },
  };
}
