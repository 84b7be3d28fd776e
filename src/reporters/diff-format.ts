import type { EndpointSnapshot, GateOutcome, NumberDelta } from '../diff/types.js';

/** Formatting shared by the diff reporters, so text, markdown and the PR comment say the same thing. */

/** At most two decimals, no trailing zeros: 3.5, 3.14, 12. */
export function formatNumber(value: number): string {
  return String(Number(value.toFixed(2)) + 0);
}

/** Thousands separated with commas, independent of the machine's locale. */
export function formatCount(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(Math.round(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatChange(change: number | null, format: (value: number) => string = formatNumber): string {
  if (change === null) return 'n/a';
  if (change === 0) return '0';
  return change > 0 ? `+${format(change)}` : `-${format(-change)}`;
}

export function formatSide(value: number | null, format: (value: number) => string = formatNumber): string {
  return value === null ? 'n/a' : format(value);
}

/** `3 → 3.5 (+0.5)`, or `3.5 (unchanged)`. */
export function formatMove(delta: NumberDelta, format: (value: number) => string = formatNumber): string {
  if (delta.base === null && delta.head === null) return 'n/a';
  if (delta.change === 0 && delta.head !== null) return `${format(delta.head)} (unchanged)`;
  return `${formatSide(delta.base, format)} → ${formatSide(delta.head, format)} (${formatChange(delta.change, format)})`;
}

/** `abc123def456 (main)`, or just the short SHA when the ref was a SHA. */
export function describeRevision(revision: { ref: string; sha: string }): { sha: string; ref: string | null } {
  const sha = revision.sha.slice(0, 12);
  return { sha, ref: revision.ref === revision.sha || revision.sha.startsWith(revision.ref) ? null : revision.ref };
}

export function describeEndpoint(endpoint: Pick<EndpointSnapshot, 'method' | 'path'>): string {
  return `${endpoint.method} ${endpoint.path}`;
}

export function describeMove<T>(before: T, after: T): string {
  return before === after ? String(after ?? 'none') : `${String(before ?? 'none')} → ${String(after ?? 'none')}`;
}

export function countFailedGates(gates: readonly GateOutcome[]): number {
  return gates.filter((gate) => !gate.passed).length;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
