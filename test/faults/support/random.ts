/**
 * A seeded generator (mulberry32), so a failing fault run can be replayed: the seed is printed
 * with the matrix, and FAULT_SEED=<seed> runs the same draws again (timing aside).
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedFromEnvironment(): number {
  const given = Number(process.env.FAULT_SEED);
  return Number.isInteger(given) ? given : Math.floor(Math.random() * 2 ** 31);
}

/** A whole number from `low` to `high`, both included. */
export const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));
