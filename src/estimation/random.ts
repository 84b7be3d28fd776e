/**
 * A seeded generator so the Monte Carlo gives the same percentiles for the same input on every
 * machine: Math.random cannot be seeded, and a report that changes between runs of the same
 * commit would make the PR bot's deltas noise.
 */

/** mulberry32 (Tommy Ettinger, public domain): 32-bit state, uniform floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Inverse CDF of the triangular distribution: `u` uniform in [0, 1) to a value in [min, max]. */
export function sampleTriangular(u: number, min: number, mode: number, max: number): number {
  if (max <= min) return mode;
  const span = max - min;
  const cut = (mode - min) / span;
  return u < cut ? min + Math.sqrt(u * span * (mode - min)) : max - Math.sqrt((1 - u) * span * (max - mode));
}

/** Nearest-rank percentile of ascending-sorted values, q in (0, 1]. */
export function percentileOf(sorted: Float64Array, q: number): number {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? 0;
}
