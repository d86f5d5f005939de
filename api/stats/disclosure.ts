/**
 * Disclosure control for statistics: no count below 5 can be learnt from what the statistics
 * API publishes, from one response or by arithmetic across several (totals minus cells, one
 * breakdown against another, one month against the next).
 *
 * The method (documented in the README and the schema):
 * 1. Threshold: a count below 5 — zero included — is withheld (`count: null, suppressed: true`).
 * 2. Rounding: every published count is rounded to the nearest multiple of 5 (7 → 5, 8 → 10),
 *    so any sum or difference of published figures is a multiple of 5 too, and figures derived
 *    from counts (rates) are computed from the rounded counts.
 * 3. Open breakdowns (regions): a key is named only when its own count is at least 5; the rest
 *    are summed into one `OTHER` bucket, always present and itself withheld under 5, so a named
 *    key says nothing about a handful of people and an unnamed one says nothing at all. Closed
 *    breakdowns (enums) list every key, so a withheld key may as well be zero.
 * 4. Audit: the breakdowns of one response are checked the way an attacker would work them —
 *    each published count stands for the interval it was rounded from, each withheld one for
 *    0–4, every breakdown adds up to the same total — and while that arithmetic would pin a
 *    withheld count to a single value, the smallest published count of its breakdown is withheld
 *    too (complementary suppression).
 */

export const MIN_CELL = 5;
export const ROUNDING_BASE = 5;
/** The key of the bucket that gathers the keys of an open breakdown too small to name. */
export const OTHER = 'OTHER';

export interface Cell {
  key: string;
  count: number;
}

export interface ProtectedCell {
  key: string;
  count: number | null;
  suppressed: boolean;
}

/** A count as published on its own: withheld below 5, otherwise rounded to a multiple of 5. */
export function protectCount(count: number): number | null {
  if (count < MIN_CELL) return null;
  return Math.round(count / ROUNDING_BASE) * ROUNDING_BASE;
}

/** A share of two published counts, from the published values themselves. */
export function protectedRate(part: number | null, whole: number | null): number | null {
  return part === null || !whole ? null : Math.round((part / whole) * 1000) / 1000;
}

type Interval = [low: number, high: number];

/** What an observer knows of a true count from its published value. */
function intervalOf(published: number | null): Interval {
  if (published === null) return [0, MIN_CELL - 1];
  const half = Math.floor(ROUNDING_BASE / 2);
  return [Math.max(MIN_CELL, published - half), published + half];
}

const sumOf = (intervals: Interval[]): Interval => intervals.reduce<Interval>(([lo, hi], [a, b]) => [lo + a, hi + b], [0, 0]);

/** Each breakdown of one population, as closed lists of cells (an open breakdown after gathering its OTHER). */
export interface Breakdowns {
  total: number;
  breakdowns: Cell[][];
}

export interface ProtectedBreakdowns {
  total: number | null;
  breakdowns: ProtectedCell[][];
}

/** Gathers the keys of an open breakdown under 5 into OTHER, which is always there. */
export function gatherOpenBreakdown(cells: Cell[]): Cell[] {
  const named = cells.filter(({ count }) => count >= MIN_CELL);
  const rest = cells.filter(({ count }) => count < MIN_CELL).reduce((sum, { count }) => sum + count, 0);
  return [...named, { key: OTHER, count: rest }];
}

/**
 * Publishes a total and breakdowns of it: threshold and rounding, then the audit (4. above)
 * until no withheld count can be worked out from the rest.
 */
export function protectBreakdowns({ total, breakdowns }: Breakdowns): ProtectedBreakdowns {
  let publishedTotal = protectCount(total);
  const published = breakdowns.map((cells) => cells.map(({ count }) => protectCount(count)));
  const smallestPublished = (cells: (number | null)[]) =>
    cells.reduce<number>((best, value, i) => (value !== null && (best < 0 || value < cells[best]!) ? i : best), -1);
  for (;;) {
    const pinned = pinnedBreakdown(publishedTotal, published);
    if (pinned < 0) break;
    // Withhold the smallest published count of that breakdown; with none left, the total; then any other breakdown's.
    const cells = published[pinned]!;
    const own = smallestPublished(cells);
    if (own >= 0) cells[own] = null;
    else if (publishedTotal !== null) publishedTotal = null;
    else {
      const other = published.find((candidate) => smallestPublished(candidate) >= 0);
      if (!other) break;
      other[smallestPublished(other)] = null;
    }
  }
  return {
    total: publishedTotal,
    breakdowns: breakdowns.map((cells, b) => cells.map(({ key }, i) => ({ key, count: published[b]![i]!, suppressed: published[b]![i] === null }))),
  };
}

/** The first breakdown in which the published figures pin a withheld count to a single value; -1 when none does. */
function pinnedBreakdown(publishedTotal: number | null, published: (number | null)[][]): number {
  // The narrowest total the published figures allow, from the total itself and every breakdown.
  let [low, high] = intervalOf(publishedTotal);
  for (const cells of published) {
    const [lo, hi] = sumOf(cells.map(intervalOf));
    low = Math.max(low, lo);
    high = Math.min(high, hi);
  }
  return published.findIndex((cells) =>
    cells.some((value, i) => {
      if (value !== null) return false;
      const others = sumOf(cells.filter((_, j) => j !== i).map(intervalOf));
      return Math.max(0, low - others[1]) >= Math.min(MIN_CELL - 1, high - others[0]);
    }),
  );
}
