/**
 * The per-key cache in front of bootscript resolution (key = the request's MAC, xname or NID).
 *
 * - Entries expire after `ttlMs`: inventory and boot-parameter events only reach this process, so with
 *   several replicas on one database the TTL bounds how long another replica's change can go unseen.
 * - `invalidate()` drops everything at once (called after any inventory or boot-parameter change); a load
 *   that was already running when it happened does not store its now-stale answer (generation check).
 * - Concurrent misses on one key share one load (a boot storm asks for the same MAC many times).
 * - At most `maxEntries` keys: unknown MACs are cached too, and a scan of random MACs must not grow
 *   memory without bound; the oldest entries go first.
 */
export class BootCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  private generation = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The fresh cached value, or undefined (no load started). */
  peek(key: string): V | undefined {
    const e = this.entries.get(key);
    if (e && e.expires > this.now()) {
      this.hits++;
      return e.value;
    }
    return undefined;
  }

  /** Stores a value computed synchronously by the caller (no load in flight can be stale: none awaited). */
  set(key: string, value: V): void {
    if (this.ttlMs > 0) this.store(key, value);
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const e = this.entries.get(key);
    if (e && e.expires > this.now()) {
      this.hits++;
      return e.value;
    }
    this.misses++;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const gen = this.generation;
    const p = load().then(
      (value) => {
        if (this.loading.get(key) === p) this.loading.delete(key);
        if (gen === this.generation && this.ttlMs > 0) this.store(key, value);
        return value;
      },
      (err: unknown) => {
        if (this.loading.get(key) === p) this.loading.delete(key);
        throw err;
      },
    );
    this.loading.set(key, p);
    return p;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private store(key: string, value: V): void {
    this.entries.delete(key); // re-insert at the end: Map order is our age order
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
  }
}
