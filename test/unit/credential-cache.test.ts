import { CredentialCache, type Loaded } from '../../api/access/credential-cache';

/**
 * The in-process cache of credentials on its own: lifetime, tags, and the two ways it could
 * serve a credential after its change was announced — a look-up that read the row before the
 * change and finishes after the announcement, and a cache kept while nothing was listening.
 */

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

function setup(ttlMs = 10_000, maxEntries = 100) {
  let clock = 1_000_000;
  const cache = new CredentialCache<string>({ ttlMs, maxEntries, now: () => clock });
  cache.setTrusted(true);
  let loads = 0;
  /** A look-up answering `value` with these tags, counted. */
  const load = (value: string, tags: string[] = ['session:1', 'user:1']) => async (): Promise<Loaded<string>> => {
    loads += 1;
    return { value, tags };
  };
  return { cache, load, loads: () => loads, tick: (ms: number) => (clock += ms) };
}

it('keeps a look-up for its lifetime, then asks again', async () => {
  const { cache, load, loads, tick } = setup(10_000);
  expect(await cache.get('k', load('v1'))).toBe('v1');
  expect(await cache.get('k', load('v2'))).toBe('v1');
  expect(loads()).toBe(1);
  tick(10_000);
  expect(await cache.get('k', load('v2'))).toBe('v2');
  expect(loads()).toBe(2);
  expect(cache.stats).toMatchObject({ hits: 1, misses: 2 });
});

it('never keeps a failed look-up', async () => {
  const { cache } = setup();
  let loads = 0;
  const missing = async () => {
    loads += 1;
    return null;
  };
  expect(await cache.get('k', missing)).toBeNull();
  expect(await cache.get('k', missing)).toBeNull();
  expect(loads).toBe(2);
  expect(cache.size).toBe(0);
});

it('drops exactly the entries an announcement names', async () => {
  const { cache, load, loads } = setup();
  await cache.get('alice-1', load('alice', ['session:a1', 'user:1']));
  await cache.get('alice-2', load('alice', ['session:a2', 'user:1']));
  await cache.get('bob', load('bob', ['session:b1', 'user:2']));
  cache.invalidate('user:1');
  expect(cache.size).toBe(1);
  await cache.get('bob', load('bob'));
  expect(loads()).toBe(3);
  cache.invalidate('session:b1');
  expect(cache.size).toBe(0);
  cache.invalidate('token:99'); // nothing held: nothing happens
});

it('holds at most maxEntries, dropping the oldest', async () => {
  const { cache, load } = setup(10_000, 2);
  await cache.get('a', load('a', ['session:a']));
  await cache.get('b', load('b', ['session:b']));
  await cache.get('c', load('c', ['session:c']));
  expect(cache.size).toBe(2);
  let asked = false;
  await cache.get('a', async () => {
    asked = true;
    return { value: 'a', tags: ['session:a'] };
  });
  expect(asked).toBe(true);
});

describe('an announcement that arrives while a look-up of the same credential is in flight', () => {
  it('lets the look-up answer the request that made it, but does not keep its result', async () => {
    const { cache } = setup();
    const row = deferred<Loaded<string>>();
    const first = cache.get('k', () => row.promise);
    // The row was read before the change committed; the announcement overtakes the answer.
    cache.invalidate('session:1');
    row.resolve({ value: 'before the change', tags: ['session:1'] });
    expect(await first).toBe('before the change');
    expect(cache.size).toBe(0);
    expect(cache.stats.discarded).toBe(1);

    let loads = 0;
    const after = await cache.get('k', async () => {
      loads += 1;
      return null; // the session is gone now
    });
    expect(after).toBeNull();
    expect(loads).toBe(1);
  });

  it('does not let a request that arrives after the announcement share the earlier look-up', async () => {
    const { cache } = setup();
    const stale = deferred<Loaded<string>>();
    const first = cache.get('k', () => stale.promise);
    // Before the announcement, a second request shares the look-up in flight.
    const shared = cache.get('k', async () => {
      throw new Error('should have shared the look-up in flight');
    });
    cache.invalidate('user:1');
    const fresh = deferred<Loaded<string>>();
    const later = cache.get('k', () => fresh.promise);
    stale.resolve({ value: 'stale', tags: ['session:1', 'user:1'] });
    fresh.resolve({ value: 'fresh', tags: ['session:1', 'user:1'] });
    expect(await first).toBe('stale');
    expect(await shared).toBe('stale');
    expect(await later).toBe('fresh');
    // Only the look-up that started after the announcement is kept.
    expect(await cache.get('k', async () => ({ value: 'unused', tags: [] }))).toBe('fresh');
  });

  it('any announcement counts, whichever credential it names (the look-up does not know its tags yet)', async () => {
    const { cache } = setup();
    const row = deferred<Loaded<string>>();
    const first = cache.get('k', () => row.promise);
    cache.invalidate('token:42');
    row.resolve({ value: 'v', tags: ['session:1'] });
    await first;
    expect(cache.size).toBe(0);
  });
});

describe('while nothing is listening', () => {
  it('every look-up goes to the database and nothing is kept, until listening again', async () => {
    const { cache, load, loads } = setup();
    await cache.get('k', load('v'));
    expect(cache.size).toBe(1);

    cache.setTrusted(false); // the listener lost its connection
    expect(cache.size).toBe(0);
    await cache.get('k', load('v'));
    await cache.get('k', load('v'));
    expect(loads()).toBe(3);
    expect(cache.size).toBe(0);
    expect(cache.stats.bypassed).toBe(2);

    cache.setTrusted(true);
    await cache.get('k', load('v'));
    await cache.get('k', load('v'));
    expect(loads()).toBe(4);
  });

  it('a look-up that started before the connection was lost is not kept, nor one that started before it came back', async () => {
    const { cache } = setup();
    const beforeLoss = deferred<Loaded<string>>();
    const first = cache.get('k', () => beforeLoss.promise);
    cache.setTrusted(false);
    beforeLoss.resolve({ value: 'v', tags: ['session:1'] });
    await first;
    expect(cache.size).toBe(0);

    // Untrusted look-ups bypass; one in flight when trust returns was started while untrusted.
    const duringLoss = deferred<Loaded<string>>();
    const second = cache.get('k', () => duringLoss.promise);
    cache.setTrusted(true);
    duringLoss.resolve({ value: 'v', tags: ['session:1'] });
    await second;
    expect(cache.size).toBe(0);
  });

  it('a lifetime of 0 turns the cache off', async () => {
    const { cache, load, loads } = setup(0);
    await cache.get('k', load('v'));
    await cache.get('k', load('v'));
    expect(loads()).toBe(2);
    expect(cache.size).toBe(0);
  });
});
