/**
 * A value built on demand, kept until invalidated or until `ttlMs` has passed (0: until invalidated).
 * Concurrent readers share one build; a build started before an invalidation still answers the readers
 * that asked before it, but its result is not kept. `version` changes whenever a new value is kept, so
 * dependent caches can tell that what they derived from is gone.
 */
export class ExpiringValue<T> {
  private current?: { value: T; at: number };
  private pending?: Promise<T>;
  private generation = 0;
  private kept = 0;

  constructor(
    private readonly build: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get version(): number {
    return this.kept;
  }

  /** The value if it is fresh, without building. */
  peek(): T | undefined {
    const c = this.current;
    return c && (this.ttlMs === 0 || this.now() - c.at < this.ttlMs) ? c.value : undefined;
  }

  get(): Promise<T> {
    const fresh = this.peek();
    if (fresh !== undefined) return Promise.resolve(fresh);
    if (!this.pending) {
      const gen = this.generation;
      const p: Promise<T> = this.build()
        .then((value) => {
          if (gen === this.generation) {
            this.current = { value, at: this.now() };
            this.kept++;
          }
          return value;
        })
        .finally(() => {
          if (this.pending === p) this.pending = undefined;
        });
      this.pending = p;
    }
    return this.pending;
  }

  invalidate(): void {
    this.generation++;
    this.current = undefined;
    this.pending = undefined;
  }
}
