import { GraphQLLocalDate } from 'graphql-scalars';
import { isCalendarDate, LocalDate } from '../../api/common/scalars';

/** graphql-scalars' own verdict: the ground truth the fast check must agree with. */
const acceptedByGraphqlScalars = (text: string): boolean => {
  try {
    GraphQLLocalDate.serialize(text);
    return true;
  } catch {
    return false;
  }
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('LocalDate serialization', () => {
  it('agrees with graphql-scalars on every year-month-day combination of four centuries, and on malformed text', () => {
    const candidates: string[] = [];
    for (const year of [0, 4, 100, 1600, 1700, 1899, 1900, 1999, 2000, 2023, 2024, 2025, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month++) for (let day = 0; day <= 32; day++) candidates.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
    }
    let seed = 20261130;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = '0123456789-/ T:Zx';
    for (let i = 0; i < 5_000; i++) candidates.push(Array.from({ length: 8 + Math.floor(random() * 5) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    candidates.push('', '2024-2-29', '2024-02-29T00:00:00Z', ' 2024-02-29', '２０２４-02-29', '2024-02-2９');
    const disagreements = candidates.filter((text) => isCalendarDate(text) !== acceptedByGraphqlScalars(text));
    expect(disagreements).toEqual([]);
    expect(candidates.filter(isCalendarDate).length).toBeGreaterThan(5_000);
  });

  it('serializes valid dates as they are and refuses anything else with graphql-scalars’ error', () => {
    expect(LocalDate.serialize('2024-02-29')).toBe('2024-02-29');
    expect(() => LocalDate.serialize('2023-02-29')).toThrow('Value is not a valid LocalDate: 2023-02-29');
    expect(() => LocalDate.serialize(new Date())).toThrow(/Value is not string/);
  });
});
