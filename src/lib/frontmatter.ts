// The YAML frontmatter of a content file, parsed once per build: the sitemap's dates (config
// time), the edge's rules and the social sources (build start) read the same thousands of
// articles. Memoized by the frontmatter's text; the objects returned are shared, and frozen.
import { parse } from 'yaml';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---/;
const MEMO_MAX = 20_000;
let memo = new Map<string, Readonly<Record<string, unknown>>>();

/** The frontmatter of an .md/.mdx text ({} when it has none). */
export function parseFrontmatter(text: string): Readonly<Record<string, unknown>> {
  const yaml = FRONTMATTER.exec(text)?.[1] ?? '';
  let data = memo.get(yaml);
  if (!data) {
    data = Object.freeze({ ...((parse(yaml) ?? {}) as Record<string, unknown>) });
    if (memo.size >= MEMO_MAX) memo = new Map();
    // A copy of the key: a slice would keep the whole file's text in memory.
    memo.set(yaml.split('').join(''), data);
  }
  return data;
}
