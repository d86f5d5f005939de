/** Counts below this are never shown, so that no individual can be singled out by slicing. */
export const MIN_CELL = 5;

export interface Cell {
  key: string;
  count: number;
}

export interface SuppressedCell {
  key: string;
  count: number | null;
  suppressed: boolean;
}

/** Any count below five is withheld, zero included: "none of the 6 in this branch" says something about each of them. */
const isSmall = (count: number) => count < MIN_CELL;

/**
 * Small-cell suppression for one breakdown whose total is published: cells under 5 are hidden,
 * and when exactly one cell is hidden the next smallest is hidden too, so the hidden one cannot
 * be recovered by subtracting the others from the total.
 */
export function suppress(cells: Cell[]): SuppressedCell[] {
  const hidden = new Set(cells.filter((cell) => isSmall(cell.count)).map((cell) => cell.key));
  if (hidden.size === 1) {
    const nextSmallest = cells.filter((cell) => !hidden.has(cell.key)).sort((a, b) => a.count - b.count)[0];
    if (nextSmallest) hidden.add(nextSmallest.key);
  }
  return cells.map((cell) => (hidden.has(cell.key) ? { key: cell.key, count: null, suppressed: true } : { ...cell, suppressed: false }));
}

export function suppressCount(count: number): number | null {
  return isSmall(count) ? null : count;
}
