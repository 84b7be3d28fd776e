/**
 * Number formatting for evidence and explanations. Hand-rolled rather than toLocaleString so
 * the output is the same on every machine whatever its locale (reports are diffed by the bot).
 */

/**
 * Half-up rounding that forgives binary representation error: 3 × 1.025 is 3.0749999999999997
 * in floating point, and a reader recomputing by hand expects 3.08.
 */
export function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * scale * (1 + 1e-12))) / scale;
}

/** 40000 -> "40,000"; 1234.5 with 1 digit -> "1,234.5". */
export function formatNumber(value: number, digits = 0): string {
  const fixed = roundTo(value, digits).toFixed(digits);
  const [whole = '0', fraction] = fixed.split('.');
  const negative = whole.startsWith('-');
  const digitsOnly = negative ? whole.slice(1) : whole;
  const grouped = digitsOnly.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

export function formatPercent(share: number, digits = 1): string {
  return `${formatNumber(share * 100, digits)}%`;
}

export function formatMonths(value: number): string {
  return formatNumber(value, 2);
}

/** "×1.0830" for a multiplier. */
export function formatMultiplier(value: number): string {
  return `×${value.toFixed(4)}`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

/** `file:line` examples, sorted, at most `limit`, for evidence lines. */
export function formatSites(sites: readonly { file: string; line: number }[], limit = 3): string {
  const sorted = [...sites].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const shown = sorted.slice(0, limit).map((site) => `${site.file}:${site.line}`);
  const more = sorted.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${formatNumber(more)} more` : shown.join(', ');
}
