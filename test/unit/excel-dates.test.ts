import { dateFromCell, dateFromSerial, parseSheetDate } from '../../admin/src/lib/excel-dates';

/** The console's import reads dates the way spreadsheets hold them and people type them. */

describe('parseSheetDate', () => {
  it.each([
    ['2026-11-20', '2026-11-20'],
    ['2026/11/20', '2026-11-20'],
    ['2026.11.20', '2026-11-20'],
    ['2026-1-5', '2026-01-05'],
    ['2026/1/5', '2026-01-05'],
    ['20261120', '2026-11-20'],
    ['2026年11月20日', '2026-11-20'],
    ['2026年1月5日', '2026-01-05'],
    ['2026 年 11 月 20 日', '2026-11-20'],
    ['  2026-11-20  ', '2026-11-20'],
    ['2026-11-20 08:30', '2026-11-20'],
    ['2026-11-20 08:30:15', '2026-11-20'],
    ['2026-11-20T00:00:00.000Z', '2026-11-20'],
    ['2024-02-29', '2024-02-29'],
    // Excel day numbers: what a date cell holds when it reaches the sheet as a number.
    ['46344', '2026-11-18'],
    ['46346', '2026-11-20'],
    ['46346.75', '2026-11-20'],
    ['45658', '2025-01-01'],
    ['61', '1900-03-01'],
  ])('reads %j as %s', (text, expected) => {
    expect(parseSheetDate(text)).toBe(expected);
  });

  it.each(['', 'abc', '2026-02-30', '2025-02-29', '2026-13-01', '20261301', '2026-11', '11/20/2026', '20-11-2026', '0', '60', '-46344', '1e5', '2026-11-20 25:00x'])(
    'refuses %j',
    (text) => {
      expect(parseSheetDate(text)).toBeNull();
    },
  );
});

describe('cells', () => {
  it('reads a date cell (exceljs gives UTC midnight) without shifting the day', () => {
    expect(dateFromCell(new Date(Date.UTC(2026, 10, 20)))).toBe('2026-11-20');
    expect(dateFromCell(new Date(Date.UTC(2026, 0, 1)))).toBe('2026-01-01');
  });

  it('turns Excel day numbers into dates, and nothing before March 1900 or after 9999', () => {
    expect(dateFromSerial(46344)).toBe('2026-11-18');
    expect(dateFromSerial(2_958_465)).toBe('9999-12-31');
    expect(dateFromSerial(2_958_466)).toBeNull();
    expect(dateFromSerial(60)).toBeNull();
    expect(dateFromSerial(Number.NaN)).toBeNull();
  });
});
