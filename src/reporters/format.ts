/** Formatting shared by the reporters. Pure: no I/O, no globals. */

export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const COLOR_PALETTE: Palette = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  green: ansi(32, 39),
  yellow: ansi(33, 39),
  cyan: ansi(36, 39),
};

const identity = (text: string): string => text;
export const PLAIN_PALETTE: Palette = { bold: identity, dim: identity, red: identity, green: identity, yellow: identity, cyan: identity };

/** Grouped thousands, so 40000 reads 40,000 in every locale the same way. */
export function formatInt(value: number): string {
  return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Engineer-months with one decimal (two below 1), trailing zeros kept for alignment. */
export function formatMonths(value: number): string {
  return value < 1 ? value.toFixed(2) : value.toFixed(1);
}

export function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** Renders rows as aligned columns; the visible width ignores ANSI colour codes. */
export function renderTable(header: string[], rows: string[][], indent = '  '): string[] {
  const width = (text: string): number => text.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    indent +
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - width(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
}
