/**
 * What one server process remembers of the credentials it resolved: a small map with a short
 * lifetime, kept right by the database's announcements (api/access/credentials.ts listens for
 * them) rather than by expiry alone.
 *
 * - Entries carry tags (`session:<id>`, `user:<id>`, `token:<id>`, `agreement:<id>`); an
 *   announcement drops every entry with its tag.
 * - The cache is trusted only while the listener is listening: until then, and whenever its
 *   connection is lost, every look-up goes to the database and nothing is kept.
 * - A look-up that was running when an announcement (or a loss) arrived may have read the row
 *   before the change committed: its result answers the request that asked, but is not kept.
 *   Requests arriving after the announcement never join such a look-up either; they start
 *   their own. Each announcement and each change of trust advances a generation for this.
 * - Only what a request needs is kept: the viewer's fields, expiry and revocation, never a
 *   password hash or a token's stored secret hash. Entries are found by the SHA-256 of the
 *   credential presented, so a hit proves the caller holds the exact secret verified before.
 * - Failed look-ups (unknown tokens, wrong secrets) are never kept.
 */

export interface CacheOptions {
  /** How long an entry is used at most (ms); 0 turns the cache off. */
  ttlMs: number;
  maxEntries: number;
  /** The clock (tests move it). */
  now?: () => number;
}

export interface Loaded<T> {
  value: T;
  tags: readonly string[];
}

interface Entry<T> {
  value: T;
  tags: readonly string[];
  storedAt: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Look-ups that went to the database because the cache was not trusted (or is off). */
  bypassed: number;
  /** Results not kept because an announcement or a loss arrived while they were read. */
  discarded: number;
  invalidations: number;
  /** Times the cache stopped being trusted (the listening connection was lost). */
  distrusted: number;
}

export class CredentialCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly inFlight = new Map<string, Promise<Loaded<T> | null>>();
  private generationCount = 0;
  private trusted = false;
  private readonly now: () => number;
  readonly stats: CacheStats = { hits: 0, misses: 0, bypassed: 0, discarded: 0, invalidations: 0, distrusted: 0 };

  constructor(private readonly options: CacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Advances with every announcement and change of trust: what was read before may be stale. */
  get generation(): number {
    return this.generationCount;
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  /**
   * Trusted: every change that commits from now on will be announced (the listener is
   * listening). Either way, what was kept is dropped: changes may have gone unannounced.
   */
  setTrusted(trusted: boolean): void {
    if (this.trusted && !trusted) this.stats.distrusted += 1;
    this.trusted = trusted;
    this.clear();
  }

  /** The value for `key`: from the cache when trusted and fresh, otherwise from `load` (kept if nothing intervened). */
  async get(key: string, load: () => Promise<Loaded<T> | null>): Promise<T | null> {
    if (!this.trusted || this.options.ttlMs <= 0) {
      this.stats.bypassed += 1;
      return (await load())?.value ?? null;
    }
    const entry = this.entries.get(key);
    if (entry) {
      if (this.now() - entry.storedAt < this.options.ttlMs) {
        this.stats.hits += 1;
        return entry.value;
      }
      this.remove(key);
    }
    this.stats.misses += 1;
    let pending = this.inFlight.get(key);
    if (!pending) {
      const generation = this.generationCount;
      const started: Promise<Loaded<T> | null> = load().then(
        (loaded) => {
          if (this.inFlight.get(key) === started) this.inFlight.delete(key);
          if (loaded) {
            if (this.trusted && generation === this.generationCount) this.store(key, loaded);
            else this.stats.discarded += 1;
          }
          return loaded;
        },
        (error: unknown) => {
          if (this.inFlight.get(key) === started) this.inFlight.delete(key);
          throw error;
        },
      );
      pending = started;
      this.inFlight.set(key, pending);
    }
    return (await pending)?.value ?? null;
  }

  /** An announcement: whatever carries the tag is dropped, and look-ups in flight are not kept. */
  invalidate(tag: string): void {
    this.generationCount += 1;
    this.stats.invalidations += 1;
    this.inFlight.clear();
    const keys = this.byTag.get(tag);
    if (!keys) return;
    for (const key of [...keys]) this.remove(key);
  }

  /** Drops everything, and look-ups in flight are not kept. */
  clear(): void {
    this.generationCount += 1;
    this.inFlight.clear();
    this.entries.clear();
    this.byTag.clear();
  }

  private store(key: string, loaded: Loaded<T>): void {
    this.remove(key);
    while (this.entries.size >= this.options.maxEntries) {
      // Oldest first (a Map iterates in insertion order).
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest);
    }
    this.entries.set(key, { value: loaded.value, tags: loaded.tags, storedAt: this.now() });
    for (const tag of loaded.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
