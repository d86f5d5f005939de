import { FeedbackStatus } from '../../api/feedback/annual-feedback.entity';
import {
  EXCELLENT_SHARE_LIMIT,
  excellentShareExceeded,
  isLowOrganizationalLife,
  isOverdue,
  monthsUnderCare,
  monthsUnderCareSql,
  proratedExpectation,
  proratedExpectationSql,
} from '../../api/feedback/feedback.rules';

describe('months under care in a year', () => {
  it.each([
    ['2019-05-20', 12, 'left before the year: the whole year'],
    ['2025-12-31', 12, 'left on the last day of the year before'],
    ['2026-01-01', 12, 'left on the first day of the year'],
    ['2026-01-31', 12, 'January counts whole'],
    ['2026-09-01', 4, 'September to December'],
    ['2026-09-30', 4, 'the month of arrival counts whole, whatever the day'],
    ['2026-12-31', 1, 'arrived on the last day: December'],
    ['2027-01-01', 0, 'left after the year: none'],
    ['2031-06-15', 0, 'years after'],
  ])('outflow %s → %i months of 2026 (%s)', (outflowDate, months) => {
    expect(monthsUnderCare({ outflowDate }, 2026)).toBe(months);
  });

  it('states the same rule in SQL, over column and parameter expressions', () => {
    const sql = monthsUnderCareSql('m.outflow_date', '?');
    expect(sql).toContain('m.outflow_date');
    expect(sql).toMatch(/least\(12, greatest\(0,/);
  });
});

describe('prorated expectations: ceil(expected × months / 12)', () => {
  it.each([
    [12, 12, 12],
    [12, 4, 4],
    [12, 1, 1],
    [12, 0, 0],
    [10, 4, 4], // 3.33 rounds up
    [10, 6, 5], // exact stays exact
    [6, 1, 1], // 0.5 rounds up: any part of a year asking for sessions asks for one
    [0, 7, 0],
  ])('%i a year, %i months under care → %i', (expected, months, prorated) => {
    expect(proratedExpectation(expected, months)).toBe(prorated);
  });

  it('never expects more than the year, and grows with the months', () => {
    for (let expected = 0; expected <= 60; expected++) {
      let previous = 0;
      for (let months = 0; months <= 12; months++) {
        const prorated = proratedExpectation(expected, months);
        expect(prorated).toBeGreaterThanOrEqual(previous);
        expect(prorated).toBeLessThanOrEqual(expected);
        previous = prorated;
      }
      expect(proratedExpectation(expected, 12)).toBe(expected);
    }
  });

  it('states the same rounding in integer SQL arithmetic', () => {
    // Evaluate the SQL expression's integer arithmetic with JavaScript's truncating division.
    const sql = proratedExpectationSql('E', 'M');
    expect(sql).toBe('(((E) * (M) + 11) / 12)');
    for (let expected = 0; expected <= 60; expected++) {
      for (let months = 0; months <= 12; months++) {
        expect(Math.trunc((expected * months + 11) / 12)).toBe(proratedExpectation(expected, months));
      }
    }
  });
});

describe('overdue', () => {
  it.each([
    [FeedbackStatus.DRAFT, '2027-01-31', '2027-02-01', true],
    [FeedbackStatus.SUBMITTED, '2027-01-31', '2027-02-01', true],
    [FeedbackStatus.DRAFT, '2027-01-31', '2027-01-31', false],
    [FeedbackStatus.DELIVERED, '2027-01-31', '2027-06-01', false],
    [FeedbackStatus.GRADED, '2027-01-31', '2027-06-01', false],
  ])('%s due %s, on %s → %s', (status, dueOn, today, overdue) => {
    expect(isOverdue({ status, dueOn }, today)).toBe(overdue);
  });
});

describe('warning thresholds', () => {
  it('little organisational life: fewer than half the (prorated) expectation', () => {
    expect(isLowOrganizationalLife({ orgLifeAttended: 5, orgLifeExpected: 12 })).toBe(true);
    expect(isLowOrganizationalLife({ orgLifeAttended: 6, orgLifeExpected: 12 })).toBe(false);
    expect(isLowOrganizationalLife({ orgLifeAttended: 2, orgLifeExpected: 4 })).toBe(false);
    expect(isLowOrganizationalLife({ orgLifeAttended: 1, orgLifeExpected: 4 })).toBe(true);
    expect(isLowOrganizationalLife({ orgLifeAttended: 0, orgLifeExpected: 0 })).toBe(false);
  });

  it('优秀 over one third of the branch', () => {
    expect(EXCELLENT_SHARE_LIMIT).toBeCloseTo(1 / 3);
    expect(excellentShareExceeded({ excellent: 1, returns: 3 })).toBe(false);
    expect(excellentShareExceeded({ excellent: 2, returns: 5 })).toBe(true);
    expect(excellentShareExceeded({ excellent: 0, returns: 0 })).toBe(false);
  });
});
