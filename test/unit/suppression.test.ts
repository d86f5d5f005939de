import { suppress, suppressCount } from '../../api/stats/suppression';

describe('small-cell suppression', () => {
  it('hides counts of one to four and shows zero and five', () => {
    expect([0, 1, 4, 5].map(suppressCount)).toEqual([0, null, null, 5]);
  });

  it('hides the next smallest cell when only one is small, so the total does not give it away', () => {
    expect(suppress([
      { key: 'A', count: 120 },
      { key: 'B', count: 3 },
      { key: 'C', count: 9 },
      { key: 'D', count: 0 },
    ])).toEqual([
      { key: 'A', count: 120, suppressed: false },
      { key: 'B', count: null, suppressed: true },
      { key: 'C', count: null, suppressed: true },
      { key: 'D', count: 0, suppressed: false },
    ]);
  });

  it('needs no second cell when two are already small', () => {
    expect(suppress([{ key: 'A', count: 2 }, { key: 'B', count: 1 }, { key: 'C', count: 50 }]).map((cell) => cell.count)).toEqual([null, null, 50]);
  });
});
