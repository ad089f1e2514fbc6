// Loads the project's real zod schemas (src/content.config.ts, src/marketing/config.ts,
// src/assistant/questions.ts) outside Astro, so that the CMS configuration is generated from the
// same source as the build's validation and can never drift from it.
//
// src/content.config.ts imports Astro's virtual modules, which only exist inside an Astro build:
// it is bundled with esbuild, with those modules replaced by small shims that keep what the CMS
// needs to know (the glob loader's folder and pattern, which fields are references to which
// collection). zod stays external, so the schemas are ordinary zod v4 schemas.
// Node only (esbuild, node:fs).
import { build, type Plugin } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { z } from 'zod';

/** What the glob() shim returns: the loader's options. */
export interface GlobLoader {
  kind: 'glob';
  base: string;
  pattern: string | string[];
}

export interface LoadedCollection {
  loader: GlobLoader;
  schema: z.ZodType;
}

export interface LoadedSchemas {
  collections: Record<string, LoadedCollection>;
  /** Schemas of the YAML files of content/marketing/, by key of the Marketing object. */
  marketing: Record<string, z.ZodType>;
  /** File name (in content/marketing/) of each of them. */
  marketingFiles: Record<string, string>;
  /** The question set (content/questions/questions.yaml). */
  questions: z.ZodType;
  /** The collection a reference('x') schema points to (its zod definition is the key). */
  referenceOf(schema: z.ZodType): string | undefined;
  /** Label maps of the controlled vocabularies (taxonomy, question topics). */
  labels: Record<string, Record<string, string>>;
}

// The shims. `reference()` returns a plain string schema (the slug, as written in frontmatter)
// and records its collection under the schema's definition object, which zod shares between a
// schema and its .describe()/.meta() clones.
const ASTRO_CONTENT_SHIM = `
import { z } from 'zod';
export const references = new WeakMap();
export const defineCollection = (collection) => collection;
export const reference = (collection) => {
  const schema = z.string().min(1);
  references.set(schema._zod.def, collection);
  return schema;
};
`;
const ASTRO_LOADERS_SHIM = `export const glob = (options) => ({ kind: 'glob', ...options });`;

const shims: Plugin = {
  name: 'cms-astro-shims',
  setup(b) {
    b.onResolve({ filter: /^astro:content$/ }, () => ({ path: 'astro:content', namespace: 'cms-shim' }));
    b.onResolve({ filter: /^astro\/loaders$/ }, () => ({ path: 'astro/loaders', namespace: 'cms-shim' }));
    b.onResolve({ filter: /^astro\/zod$/ }, () => ({ path: 'zod', external: true }));
    b.onLoad({ filter: /.*/, namespace: 'cms-shim' }, (args) => ({
      contents: args.path === 'astro:content' ? ASTRO_CONTENT_SHIM : ASTRO_LOADERS_SHIM,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

/**
 * Bundles and imports the schemas of the project at `root`. CONTENT_ROOT is ignored on purpose:
 * the CMS edits the repository's content/ folder, whatever folder a test build validates.
 */
export async function loadSchemas(root = process.cwd()): Promise<LoadedSchemas> {
  const abs = resolve(root);
  const entry = `
    export { collections } from ${JSON.stringify(join(abs, 'src/content.config.ts'))};
    export { fileSchemas } from ${JSON.stringify(join(abs, 'src/marketing/config.ts'))};
    export { FILES } from ${JSON.stringify(join(abs, 'src/marketing/load.ts'))};
    export { questionsSchema, TOPIC_LABELS } from ${JSON.stringify(join(abs, 'src/assistant/questions.ts'))};
    export { CATEGORY_LABELS, TECHNOLOGY_LABELS } from ${JSON.stringify(join(abs, 'src/lib/taxonomy.ts'))};
    export { references } from 'astro:content';
  `;
  // Inside the project, so that the external `zod` import resolves to its node_modules.
  const dir = join(abs, '.cache', 'cms');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `schemas-${process.pid}-${Date.now()}.cjs`);
  await build({
    stdin: { contents: entry, resolveDir: abs, loader: 'ts', sourcefile: 'cms-schemas-entry.ts' },
    bundle: true,
    // CommonJS, loaded with require(): inside Astro's build a dynamic import() would go through
    // Vite's module runner, which is closed by the time the build is done.
    format: 'cjs',
    platform: 'node',
    outfile,
    external: ['zod', 'zod/*', 'yaml'],
    define: { 'process.env.CONTENT_ROOT': 'undefined' },
    plugins: [shims],
    logLevel: 'error',
  });
  try {
    const mod = createRequire(outfile)(outfile);
    return {
      collections: mod.collections,
      marketing: mod.fileSchemas,
      marketingFiles: mod.FILES,
      questions: mod.questionsSchema,
      referenceOf: (schema) => mod.references.get((schema as unknown as { _zod: { def: object } })._zod.def),
      labels: { category: mod.CATEGORY_LABELS, technology: mod.TECHNOLOGY_LABELS, topic: mod.TOPIC_LABELS },
    };
  } finally {
    rmSync(outfile, { force: true });
  }
}
