import { describe, expect, it } from 'vitest';
import { forgetCachedReferences, ReferenceCache } from './reference-cache';

describe('the container’s copy of reference data', () => {
  it('reads only what it lacks, never keeps a miss, and serves a copy no longer than its age limit', async () => {
    let clock = 0;
    const cache = new ReferenceCache<string>(1000, 10, () => clock);
    const asked: string[][] = [];
    const load = async (keys: string[]) => {
      asked.push(keys);
      return keys.map((key) => (key === 'gone' ? undefined : `name of ${key}`));
    };

    expect(await cache.many(['06', '06.063', 'gone', '06'], load)).toEqual(['name of 06', 'name of 06.063', undefined, 'name of 06']);
    expect(await cache.many(['06.063', 'gone'], load)).toEqual(['name of 06.063', undefined]);
    expect(asked).toEqual([['06', '06.063', 'gone'], ['gone']]);

    clock = 1000;
    await cache.many(['06'], load);
    expect(asked.at(-1)).toEqual(['06']);
  });

  it('keeps at most its size, dropping the oldest read; a seed elsewhere in the process drops everything', async () => {
    const cache = new ReferenceCache<number>(60_000, 2, () => 0);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    forgetCachedReferences();
    expect([cache.get('b'), cache.get('c')]).toEqual([undefined, undefined]);
  });
});
