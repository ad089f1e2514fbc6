import { describe, expect, it } from 'vitest';
import { bucket, hash32, pickVariant } from '../../src/marketing/bucketing';

/** Seeded PRNG (mulberry32): the tests are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` random visitor ids shaped like crypto.randomUUID() (v4). */
function randomIds(n: number, seed = 42): string[] {
  const rnd = mulberry32(seed);
  const hex = (k: number) => Array.from({ length: k }, () => Math.floor(rnd() * 16).toString(16)).join('');
  const variant = () => '89ab'[Math.floor(rnd() * 4)];
  return Array.from({ length: n }, () => `${hex(8)}-${hex(4)}-4${hex(3)}-${variant()}${hex(3)}-${hex(12)}`);
}

const N = 100_000;
const ids = randomIds(N);

function shares(experiment: Parameters<typeof pickVariant>[0], visitorIds: string[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(experiment.variants.map((v) => [v.key, 0]));
  for (const id of visitorIds) counts[pickVariant(experiment, id)]++;
  return Object.fromEntries(Object.entries(counts).map(([k, c]) => [k, (100 * c) / visitorIds.length]));
}

describe('hash32 (MurmurHash3 x86 32-bit, seed 0, UTF-8)', () => {
  it('matches the reference implementation', () => {
    expect(hash32('')).toBe(0);
    expect(hash32('a')).toBe(0x3c2569b2);
    expect(hash32('abc')).toBe(0xb3dd93fa);
    expect(hash32('hello')).toBe(0x248bfa47);
    expect(hash32('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723);
  });

  it('returns unsigned 32-bit integers and hashes non-ASCII text as UTF-8', () => {
    for (const s of ['é', 'Île-de-France', '🚗', 'x'.repeat(1001)]) {
      const h = hash32(s);
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(2 ** 32);
    }
    expect(hash32('é')).not.toBe(hash32('e'));
  });

  it('avalanches: one changed character flips about half of the 32 bits', () => {
    let flipped = 0;
    const sample = ids.slice(0, 2000);
    for (const id of sample) {
      const other = id.slice(0, -1) + (id.endsWith('0') ? '1' : '0');
      let x = hash32(id) ^ hash32(other);
      while (x) {
        flipped += x & 1;
        x >>>= 1;
      }
    }
    expect(flipped / sample.length).toBeGreaterThan(15.5);
    expect(flipped / sample.length).toBeLessThan(16.5);
  });
});

describe('bucket', () => {
  it('lies in [0, 1) and is hash32 of "experiment:visitor" over 2^32', () => {
    expect(bucket('hero', 'v1')).toBe(hash32('hero:v1') / 2 ** 32);
    for (const id of ids.slice(0, 1000)) {
      const b = bucket('hero', id);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(1);
    }
  });

  it('is uniform: each tenth of [0, 1) gets 10 % ± 1 pt of the visitors', () => {
    const deciles = new Array(10).fill(0);
    for (const id of ids) deciles[Math.floor(bucket('cta', id) * 10)]++;
    for (const d of deciles) expect(Math.abs((100 * d) / N - 10)).toBeLessThan(1);
  });
});

describe('pickVariant', () => {
  const hero = { key: 'hero', variants: [{ key: 'a', weight: 50 }, { key: 'b', weight: 50 }] };
  const cta = { key: 'cta', variants: [{ key: 'a', weight: 50 }, { key: 'b', weight: 50 }] };
  const split = { key: 'pricing', variants: [{ key: 'a', weight: 20 }, { key: 'b', weight: 30 }, { key: 'c', weight: 50 }] };

  it('splits 50/50 within 1 percentage point over 100 000 visitors', () => {
    const s = shares(hero, ids);
    expect(Math.abs(s.a - 50)).toBeLessThan(1);
    expect(Math.abs(s.b - 50)).toBeLessThan(1);
  });

  it('splits 20/30/50 within 1 percentage point over 100 000 visitors', () => {
    const s = shares(split, ids);
    expect(Math.abs(s.a - 20)).toBeLessThan(1);
    expect(Math.abs(s.b - 30)).toBeLessThan(1);
    expect(Math.abs(s.c - 50)).toBeLessThan(1);
  });

  it('reads weights as relative: 1/1 splits like 50/50, 2/3/5 like 20/30/50, for the same visitors', () => {
    const relative = { key: 'pricing', variants: [{ key: 'a', weight: 2 }, { key: 'b', weight: 3 }, { key: 'c', weight: 5 }] };
    const even = { key: 'hero', variants: [{ key: 'a', weight: 1 }, { key: 'b', weight: 1 }] };
    for (const id of ids.slice(0, 5000)) {
      expect(pickVariant(relative, id)).toBe(pickVariant(split, id));
      expect(pickVariant(even, id)).toBe(pickVariant(hero, id));
    }
  });

  it('is sticky: the same visitor gets the same variant 20 times out of 20', () => {
    for (const id of ids.slice(0, 200)) {
      const first = pickVariant(split, id);
      for (let i = 0; i < 20; i++) expect(pickVariant(split, id)).toBe(first);
    }
  });

  it('is independent across experiments: joint shares are the product of the marginals within 1 pt', () => {
    const joint: Record<string, number> = { 'a.a': 0, 'a.b': 0, 'b.a': 0, 'b.b': 0 };
    const marginalHero = { a: 0, b: 0 } as Record<string, number>;
    const marginalCta = { a: 0, b: 0 } as Record<string, number>;
    for (const id of ids) {
      const h = pickVariant(hero, id);
      const c = pickVariant(cta, id);
      joint[`${h}.${c}`]++;
      marginalHero[h]++;
      marginalCta[c]++;
    }
    for (const h of ['a', 'b']) {
      for (const c of ['a', 'b']) {
        const observed = (100 * joint[`${h}.${c}`]) / N;
        const expected = (100 * marginalHero[h] * marginalCta[c]) / (N * N);
        expect(Math.abs(observed - expected), `${h}.${c}`).toBeLessThan(1);
      }
    }
    // Independence against an uneven split too.
    const joint3: Record<string, number> = {};
    const m3: Record<string, number> = {};
    const mh: Record<string, number> = {};
    for (const id of ids) {
      const h = pickVariant(hero, id);
      const s = pickVariant(split, id);
      joint3[`${h}.${s}`] = (joint3[`${h}.${s}`] ?? 0) + 1;
      mh[h] = (mh[h] ?? 0) + 1;
      m3[s] = (m3[s] ?? 0) + 1;
    }
    for (const h of ['a', 'b']) {
      for (const s of ['a', 'b', 'c']) {
        const observed = (100 * (joint3[`${h}.${s}`] ?? 0)) / N;
        const expected = (100 * mh[h] * m3[s]) / (N * N);
        expect(Math.abs(observed - expected), `${h}.${s}`).toBeLessThan(1);
      }
    }
  });

  it('does not correlate experiments: a visitor is not systematically in the same variant of both', () => {
    let same = 0;
    for (const id of ids) if (pickVariant(hero, id) === pickVariant(cta, id)) same++;
    expect(Math.abs((100 * same) / N - 50)).toBeLessThan(1);
  });

  it('treats crawler-like and unusual ids like any other: a variant, stable, evenly spread', () => {
    const odd = ['', 'Googlebot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 'null', 'undefined', '0', 'é', ' '];
    for (const id of odd) {
      const v = pickVariant(split, id);
      expect(['a', 'b', 'c']).toContain(v);
      for (let i = 0; i < 20; i++) expect(pickVariant(split, id)).toBe(v);
    }
    // Sequential, crawler-named ids still split evenly (no structure leaks through the hash).
    const crawlerIds = Array.from({ length: N }, (_, i) => `googlebot-${i}`);
    const s = shares(hero, crawlerIds);
    expect(Math.abs(s.a - 50)).toBeLessThan(1);
    const s3 = shares(split, crawlerIds);
    expect(Math.abs(s3.a - 20)).toBeLessThan(1);
    expect(Math.abs(s3.b - 30)).toBeLessThan(1);
    expect(Math.abs(s3.c - 50)).toBeLessThan(1);
  });

  it('never picks a variant of weight zero, and names the experiment when no variant can be picked', () => {
    const withZero = { key: 'x', variants: [{ key: 'a', weight: 0 }, { key: 'b', weight: 1 }] };
    for (const id of ids.slice(0, 1000)) expect(pickVariant(withZero, id)).toBe('b');
    expect(() => pickVariant({ key: 'x', variants: [{ key: 'a', weight: 0 }] }, 'v')).toThrow(/x/);
    expect(() => pickVariant({ key: 'x', variants: [] }, 'v')).toThrow();
  });
});
