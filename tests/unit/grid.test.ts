import { describe, expect, it } from 'vitest';
import { innerColumns, packRows } from '../../src/lib/grid';

describe('packRows', () => {
  it('packs the catalogue’s groups (3, 4, 1, 1, 1, 2, 1) into full rows of 3 and of 2', () => {
    expect(packRows([3, 4, 1, 1, 1, 2, 1], 3)).toEqual([3, 3, 1, 1, 1, 2, 1]);
    expect(packRows([3, 4, 1, 1, 1, 2, 1], 2)).toEqual([2, 2, 1, 1, 2, 2, 2]);
  });
  it('stretches the last group of a row the next one does not fit beside', () => {
    expect(packRows([1, 3], 3)).toEqual([3, 3]);
    expect(packRows([2, 2], 3)).toEqual([3, 3]);
  });
  it('fills the last row', () => {
    expect(packRows([1], 3)).toEqual([3]);
    expect(packRows([1, 1, 1, 1], 3)).toEqual([1, 1, 1, 3]);
  });
  it('every row adds up to the number of columns', () => {
    for (const counts of [[5, 1, 2], [1, 2, 1, 2, 1], [4, 4, 1], [2, 1, 1, 3, 1]]) {
      for (const columns of [2, 3]) {
        const spans = packRows(counts, columns);
        let used = 0;
        for (const s of spans) {
          expect(s).toBeLessThanOrEqual(columns);
          used = (used + s) % columns === 0 ? 0 : used + s;
          expect(used).toBeLessThan(columns);
        }
        expect(used).toBe(0);
      }
    }
  });
});

describe('innerColumns', () => {
  it('puts all cards side by side when they fit, 4 cards 2 by 2, otherwise the span', () => {
    expect(innerColumns(1, 3)).toBe(1);
    expect(innerColumns(3, 3)).toBe(3);
    expect(innerColumns(4, 3)).toBe(2);
    expect(innerColumns(6, 3)).toBe(3);
    expect(innerColumns(5, 3)).toBe(3);
  });
});
