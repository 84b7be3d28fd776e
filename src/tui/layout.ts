/**
 * Screen budget, shared by the reducer (to page and scroll) and the components (to draw).
 * Ink clears the whole terminal when its output is as tall as the terminal, which flickers
 * on every key, so every screen leaves its last row free.
 */

export interface Viewport {
  rows: number;
  columns: number;
}

export const DEFAULT_VIEWPORT: Viewport = { rows: 24, columns: 80 };

/** Two header lines (size and estimate) on the list and detail screens. */
export const HEADER_ROWS = 2;

/** Header, status line, column titles, message line, footer, the free row. */
const LIST_CHROME_ROWS = HEADER_ROWS + 5;
/** Header, rule, message line, footer, the free row. */
const DETAIL_CHROME_ROWS = HEADER_ROWS + 4;
/** Title, footer, the free row. */
const HELP_CHROME_ROWS = 3;

export function listHeight(viewport: Viewport): number {
  return Math.max(1, viewport.rows - LIST_CHROME_ROWS);
}

export function detailHeight(viewport: Viewport): number {
  return Math.max(1, viewport.rows - DETAIL_CHROME_ROWS);
}

export function helpHeight(viewport: Viewport): number {
  return Math.max(1, viewport.rows - HELP_CHROME_ROWS);
}
