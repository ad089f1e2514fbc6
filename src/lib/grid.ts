// Packing of card groups into rows, so that no row of the catalogue is left with a hole: a group
// of n cards spans min(n, columns) columns, and the last group of a row that the next one does not
// fit beside is stretched to the end of the row (the page keeps its reading order: no reordering).

/** Columns spanned by each group, for a grid of `columns` columns. */
export function packRows(counts: readonly number[], columns: number): number[] {
  const spans = counts.map((n) => Math.max(1, Math.min(n, columns)));
  let used = 0;
  for (let i = 0; i < spans.length; i++) {
    if (used > 0 && used + spans[i]! > columns) {
      spans[i - 1]! += columns - used;
      used = 0;
    }
    used += spans[i]!;
    if (used === columns) used = 0;
  }
  if (used > 0) spans[spans.length - 1]! += columns - used;
  return spans;
}

/** Cards per row inside a group of `count` cards spanning `span` columns: 4 cards go 2 by 2. */
export function innerColumns(count: number, span: number): number {
  if (count <= span) return count;
  return count % span === 0 ? span : count % 2 === 0 && span >= 2 ? 2 : span;
}
