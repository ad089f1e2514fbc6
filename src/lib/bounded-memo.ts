// A memo for the build's repeated work on strings (the typography of the text runs every page
// shares, the frontmatter the sitemap, the edge rules and the social sources all read). Bounded:
// at most `max` entries, the memo starts again when full. Keys, and string results, are stored as
// copies: a slice of a page or of a file would keep the whole text in memory.

/** A flat copy of a string, sharing no memory with the string it was sliced from. */
export const flatCopy = (s: string): string => s.split('').join('');

export function boundedMemo<V>(compute: (key: string) => V, max = 20_000): (key: string) => V {
  let cache = new Map<string, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      if (cache.size >= max) cache = new Map();
      cache.set(flatCopy(key), typeof value === 'string' ? (flatCopy(value) as V) : value);
    }
    return value;
  };
}
