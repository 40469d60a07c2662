/**
 * A container's copy of reference data that changes rarely (agencies, procedure versions), so a
 * typical request names them without a read of its own. Bounded in age and in size:
 * - an entry is served for at most REFERENCE_TTL_MS after it was read (a change made through
 *   another container shows here within that time; one made through this process at once, as
 *   the writers below replace or forget what they changed);
 * - at most `maxEntries`, the oldest read dropped first.
 * Whole items are kept, dates and all, so what depends on the day (an agency's closure, its
 * validity) is still decided with the clock at use, never frozen at the time of the read.
 *
 * Hand-written (a Map with dates) because the only cache library installed (lru-cache) is Apollo's
 * transitive dependency, not ours to import.
 */
export const REFERENCE_TTL_MS = 5 * 60_000;
const DEFAULT_MAX_ENTRIES = 5000;

/** Bumped by `forgetCachedReferences`: every cache of the process starts over. */
let generation = 0;

/** Reference data was rewritten behind the services (the seed): drop every copy this process holds. */
export function forgetCachedReferences(): void {
  generation += 1;
}

export class ReferenceCache<V> {
  private readonly entries = new Map<string, { value: V; readAt: number; generation: number }>();

  constructor(
    private readonly ttlMs = REFERENCE_TTL_MS,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
    /** Monotonic, not the domain's clock (which tests may move). */
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== generation || this.monotonic() - entry.readAt >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, readAt: this.monotonic(), generation });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  /**
   * The values of `keys` in order: fresh copies from here, the rest read by `load` (missing ones
   * undefined, never cached: an item created a moment later must be found).
   */
  async many(keys: readonly string[], load: (missing: string[]) => Promise<(V | undefined)[]>): Promise<(V | undefined)[]> {
    const found = keys.map((key) => this.get(key));
    const missing = [...new Set(keys.filter((_, index) => found[index] === undefined))];
    if (missing.length === 0) return found;
    const loaded = await load(missing);
    const byKey = new Map<string, V>();
    missing.forEach((key, index) => {
      const value = loaded[index];
      if (value === undefined) return;
      byKey.set(key, value);
      this.set(key, value);
    });
    return keys.map((key, index) => found[index] ?? byKey.get(key));
  }
}

/** One cache per store object (one per table per process), shared by the services built over it (one set per request). */
export function cacheFor<V>(caches: WeakMap<object, ReferenceCache<V>>, owner: object): ReferenceCache<V> {
  let cache = caches.get(owner);
  if (!cache) {
    cache = new ReferenceCache<V>();
    caches.set(owner, cache);
  }
  return cache;
}
