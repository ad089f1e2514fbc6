import { describe, expect, it } from 'vitest';
import { articleState, buildDate, isPublished, parisDay, publishedOnly } from '../../src/lib/calendar';

const entry = (publishDate: string, draft = false) => ({ id: publishDate, data: { publishDate: new Date(publishDate), draft } });

describe('editorial calendar', () => {
  const now = new Date('2026-11-23T08:00:00+01:00');

  it('publishes an article from its date on, in Paris time', () => {
    expect(isPublished(entry('2026-11-23'), now)).toBe(true);
    expect(isPublished(entry('2026-11-22'), now)).toBe(true);
    expect(isPublished(entry('2026-11-24'), now)).toBe(false);
    // 23:30 UTC on the 22nd is already the 23rd in Paris.
    expect(parisDay(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
  });

  it('never publishes a draft', () => {
    expect(isPublished(entry('2026-01-01', true), now)).toBe(false);
    expect(articleState(entry('2026-01-01', true), now)).toBe('draft');
    expect(articleState(entry('2027-01-01'), now)).toBe('scheduled');
    expect(articleState(entry('2026-01-01'), now)).toBe('published');
  });

  it('keeps published entries only, newest first', () => {
    const list = [entry('2026-11-09'), entry('2026-12-04'), entry('2026-11-20'), entry('2026-11-10', true)];
    expect(publishedOnly(list, now).map((e) => e.id)).toEqual(['2026-11-20', '2026-11-09']);
  });

  it('lists entries of the same date by id, whatever order the collection came in (the same pages at every build)', () => {
    const day = (id: string, date: string) => ({ id, data: { publishDate: new Date(date) } });
    const a = [day('b-vidange', '2026-11-10'), day('a-freins', '2026-11-10'), day('c-pneus', '2026-11-12'), day('a-batterie', '2026-11-10')];
    const expected = ['c-pneus', 'a-batterie', 'a-freins', 'b-vidange'];
    expect(publishedOnly(a, now).map((e) => e.id)).toEqual(expected);
    expect(publishedOnly([...a].reverse(), now).map((e) => e.id)).toEqual(expected);
  });

  it('reads the build date from BUILD_DATE and rejects a bad one', () => {
    expect(buildDate({ BUILD_DATE: '2026-11-23' }).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(() => buildDate({ BUILD_DATE: 'demain' })).toThrow(/BUILD_DATE/);
    expect(Math.abs(buildDate({}).getTime() - Date.now())).toBeLessThan(5_000);
  });
});
