export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
}

/**
 * Remembers what was decoded from digest-addressed content (manifests by digest, config blobs). Such
 * content never changes, so nothing expires; the bound only keeps a long-running daemon's memory flat.
 * Least recently used entries go first. A fetch in flight is shared: two policies asking for the
 * same digest at once cost one request. Failures are not remembered.
 */
export class DigestCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known !== undefined) {
      this.hits++;
      // Re-inserting moves the key to the end of the Map's order: the most recently used.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    this.misses++;
    const loading = load();
    this.entries.set(key, loading);
    loading.catch(() => {
      if (this.entries.get(key) === loading) this.entries.delete(key);
    });
    this.evict();
    return loading;
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size };
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(key);
    }
  }
}
