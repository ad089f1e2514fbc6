// A/B bucketing: which variant of an experiment a visitor sees, decided by a hash of the visitor
// id, with no storage and no randomness at request time.
//
// Pure module: no node:*, Astro or DOM import. It runs in Node, in workerd and in the browser
// (TextEncoder is a web standard available in all three), and gives the same answer in each.
//
// - Deterministic: the same visitor and experiment always give the same variant (the edge, the
//   build of the prebuilt variant pages and the tests agree without sharing state).
// - Independent across experiments: the experiment key is part of the hashed input, so being in
//   variant b of one test says nothing about the variant of another.
// - Crawlers are not special here: they get a variant like everyone else (no cloaking); the edge
//   just does not count them.
// Visitor ids are created by the edge with crypto.randomUUID().

const encoder = new TextEncoder();

/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain), seed 0, over the UTF-8 bytes of
 * `input`. Returns an unsigned 32-bit integer. Full avalanche thanks to the fmix32 finaliser:
 * flipping one input bit flips each output bit with probability close to 1/2.
 * Reference values: '' → 0, 'hello' → 0x248bfa47, 'The quick brown fox jumps over the lazy dog' → 0x2e4ff723.
 */
export function hash32(input: string, seed = 0): number {
  const data = encoder.encode(input);
  const len = data.length;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed | 0;
  const blocks = len & ~3;

  for (let i = 0; i < blocks; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }

  let k = 0;
  switch (len & 3) {
    case 3:
      k ^= data[blocks + 2] << 16;
    // falls through
    case 2:
      k ^= data[blocks + 1] << 8;
    // falls through
    case 1:
      k ^= data[blocks];
      k = Math.imul(k, c1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, c2);
      h ^= k;
  }

  h ^= len;
  // fmix32
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The visitor's position in [0, 1) for one experiment: hash32(`${experimentKey}:${visitorId}`) / 2^32. */
export function bucket(experimentKey: string, visitorId: string): number {
  return hash32(`${experimentKey}:${visitorId}`) / 0x1_0000_0000;
}

export interface BucketedExperiment {
  key: string;
  variants: readonly { key: string; weight: number }[];
}

/**
 * The variant key a visitor gets: the bucket is laid over the cumulative weights, in the order the
 * variants are listed (weights are relative: 50/50, 1/1 and 20/30/50 all work). A variant whose
 * weight is not a positive finite number is never picked.
 * @throws Error naming the experiment when no variant has a positive weight.
 */
export function pickVariant(experiment: BucketedExperiment, visitorId: string): string {
  const eligible = experiment.variants.filter((v) => Number.isFinite(v.weight) && v.weight > 0);
  if (eligible.length === 0) {
    throw new Error(`experiments.yaml: ${experiment.key}: aucune variante de poids strictement positif`);
  }
  const total = eligible.reduce((sum, v) => sum + v.weight, 0);
  const target = bucket(experiment.key, visitorId) * total;
  let cumulative = 0;
  for (const v of eligible) {
    cumulative += v.weight;
    if (target < cumulative) return v.key;
  }
  // Only reachable through floating-point rounding of the last cumulative sum.
  return eligible[eligible.length - 1].key;
}
