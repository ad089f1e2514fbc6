// The YAML frontmatter of a content file, parsed once per build: the sitemap's dates (config
// time), the edge's rules and the social sources (build start) read the same thousands of
// articles. Memoized by the frontmatter's text; the objects returned are shared, and frozen.
import { parse } from 'yaml';
import { boundedMemo } from './bounded-memo.ts';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---/;
const parsed = boundedMemo((yaml): Readonly<Record<string, unknown>> => Object.freeze({ ...((parse(yaml) ?? {}) as Record<string, unknown>) }));

/** The frontmatter of an .md/.mdx text ({} when it has none). */
export function parseFrontmatter(text: string): Readonly<Record<string, unknown>> {
  return parsed(FRONTMATTER.exec(text)?.[1] ?? '');
}
