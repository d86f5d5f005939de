import { gatherOpenBreakdown, OTHER, protectBreakdowns, protectCount, protectedRate } from '../../api/stats/disclosure';

const keyed = (counts: number[], prefix = 'K') => counts.map((count, i) => ({ key: `${prefix}${i}`, count }));
const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

describe('disclosure control of statistics', () => {
  it('withholds every count below five, zero included, and rounds the rest to a multiple of five', () => {
    expect([0, 1, 4, 5, 7, 8, 12, 13, 1753].map(protectCount)).toEqual([null, null, null, 5, 5, 10, 10, 15, 1755]);
  });

  it('publishes a breakdown with every key listed, each count protected', () => {
    const { total, breakdowns } = protectBreakdowns({ total: 164, breakdowns: [keyed([120, 3, 0, 41])] });
    expect(total).toBe(165);
    expect(breakdowns[0]!.map((cell) => cell.count)).toEqual([120, null, null, 40]);
  });

  it('names only the keys of an open breakdown that reach five, and gathers the rest in OTHER, always present', () => {
    expect(gatherOpenBreakdown([{ key: '510100', count: 60 }, { key: '500000', count: 2 }, { key: '110000', count: 1 }])).toEqual([
      { key: '510100', count: 60 },
      { key: OTHER, count: 3 },
    ]);
    expect(gatherOpenBreakdown([{ key: '510100', count: 60 }]).at(-1)).toEqual({ key: OTHER, count: 0 });
  });

  it('computes rates from the published counts only', () => {
    expect(protectedRate(protectCount(4), protectCount(7))).toBeNull();
    expect(protectedRate(protectCount(9), protectCount(21))).toBe(0.5);
  });

  it('withholds a second cell when the total and the others would give a withheld one away', () => {
    // 18 → 20, 7 → 5, 7 → 5: without the audit, the first cell could only be 20−2 − (7+7) = 4.
    const { breakdowns } = protectBreakdowns({ total: 18, breakdowns: [keyed([4, 7, 7])] });
    expect(breakdowns[0]!.filter((cell) => cell.suppressed).length).toBeGreaterThanOrEqual(2);
  });

  /**
   * The differencing attack by someone who knows the method: every world (all ways of splitting
   * members into cells, up to a size) is published, and the worlds are grouped by what they
   * publish. An observer holding one publication knows only that the truth is one of its worlds;
   * a withheld cell is safe when those worlds do not agree on its count.
   */
  function assertNothingPinned(worlds: number[][][], limit: number) {
    const byPublication = new Map<string, number[][][]>();
    for (const world of worlds) {
      const published = JSON.stringify(protectBreakdowns({ total: sum(world[0]!), breakdowns: world.map((counts) => keyed(counts)) }));
      byPublication.set(published, [...(byPublication.get(published) ?? []), world]);
    }
    let checked = 0;
    for (const [published, candidates] of byPublication) {
      // Worlds at the edge of the enumeration have neighbours outside it: not a fair test.
      if (candidates.some((world) => world.flat().some((count) => count >= limit - 2))) continue;
      const { breakdowns } = JSON.parse(published) as ReturnType<typeof protectBreakdowns>;
      breakdowns.forEach((cells, b) =>
        cells.forEach((cell, i) => {
          if (!cell.suppressed) return;
          checked++;
          const values = new Set(candidates.map((world) => world[b]![i]));
          if (values.size === 1) throw new Error(`publication ${published} pins cell ${b}.${i} to ${[...values][0]}`);
        }),
      );
    }
    expect(checked).toBeGreaterThan(100);
  }

  it('leaves every withheld cell of one breakdown ambiguous (three and four cells)', () => {
    const three: number[][][] = [];
    for (let a = 0; a < 40; a++) for (let b = 0; b < 40; b++) for (let c = 0; c < 40; c++) three.push([[a, b, c]]);
    assertNothingPinned(three, 40);
    const four: number[][][] = [];
    for (let a = 0; a < 18; a++) for (let b = 0; b < 18; b++) for (let c = 0; c < 18; c++) for (let d = 0; d < 18; d++) four.push([[a, b, c, d]]);
    assertNothingPinned(four, 18);
  });

  it('leaves every withheld cell ambiguous across two breakdowns of the same members', () => {
    const worlds: number[][][] = [];
    for (let a = 0; a < 25; a++) for (let b = 0; b < 25; b++) for (let c = 0; c < 25; c++) {
      // The same a+b+c members split a second way: every split of the total into two.
      const total = a + b + c;
      for (let x = 0; x <= total; x++) worlds.push([[a, b, c], [x, total - x]]);
    }
    assertNothingPinned(worlds, 25);
  });
});
