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

/**
 * Small-cell suppression for one breakdown whose total is published: cells under 5 are hidden,
 * and when exactly one cell is hidden the next smallest is hidden too, so the hidden one cannot
 * be recovered by subtracting the others from the total.
 */
export function suppress(cells: Cell[]): SuppressedCell[] {
  const hidden = new Set(cells.filter((cell) => cell.count < MIN_CELL).map((cell) => cell.key));
  if (hidden.size === 1) {
    const nextSmallest = cells.filter((cell) => !hidden.has(cell.key)).sort((a, b) => a.count - b.count)[0];
    if (nextSmallest) hidden.add(nextSmallest.key);
  }
  return cells.map((cell) => (hidden.has(cell.key) ? { key: cell.key, count: null, suppressed: true } : { ...cell, suppressed: false }));
}

export function suppressCount(count: number): number | null {
  return count < MIN_CELL ? null : count;
}
