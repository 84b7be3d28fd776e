import type { ModuleFacts } from '../parsing/types.js';
import type { FactsCache } from '../pipeline/types.js';

/**
 * Facts by content hash, shared by the two analyses of a diff: a file unchanged between the
 * revisions is parsed once. It lives only as long as one diff, so it needs no eviction.
 */
export interface MemoryFactsCache extends FactsCache {
  readonly size: number;
  readonly hits: number;
}

export function createMemoryFactsCache(): MemoryFactsCache {
  const entries = new Map<string, ModuleFacts>();
  let hits = 0;
  return {
    get(key) {
      const facts = entries.get(key);
      if (facts !== undefined) hits += 1;
      return facts;
    },
    set(key, facts) {
      entries.set(key, facts);
    },
    get size() {
      return entries.size;
    },
    get hits() {
      return hits;
    },
  };
}
