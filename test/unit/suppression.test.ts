import { suppress, suppressCount } from '../../api/stats/suppression';

describe('small-cell suppression', () => {
  it('hides every count below five, zero included', () => {
    expect([0, 1, 4, 5].map(suppressCount)).toEqual([null, null, null, 5]);
  });

  it('hides the next smallest cell when only one is small, so the total does not give it away', () => {
    expect(suppress([
      { key: 'A', count: 120 },
      { key: 'B', count: 3 },
      { key: 'C', count: 9 },
      { key: 'D', count: 40 },
    ])).toEqual([
      { key: 'A', count: 120, suppressed: false },
      { key: 'B', count: null, suppressed: true },
      { key: 'C', count: null, suppressed: true },
      { key: 'D', count: 40, suppressed: false },
    ]);
  });

  it('needs no second cell when two are already small', () => {
    expect(suppress([{ key: 'A', count: 2 }, { key: 'B', count: 1 }, { key: 'C', count: 50 }]).map((cell) => cell.count)).toEqual([null, null, 50]);
  });
});
