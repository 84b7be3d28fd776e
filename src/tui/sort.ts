import type { AnalysisResult, Endpoint } from '../result/types.js';
import { compareText } from '../review/review-file.js';

export type SortOrder = 'plan' | 'cost' | 'path';
export const SORT_ORDERS: readonly SortOrder[] = ['plan', 'cost', 'path'];
export const SORT_TITLES: Record<SortOrder, string> = { plan: 'plan order', cost: 'cost', path: 'path' };

export function nextSortOrder(order: SortOrder): SortOrder {
  return SORT_ORDERS[(SORT_ORDERS.indexOf(order) + 1) % SORT_ORDERS.length] as SortOrder;
}

function compareByPath(a: Endpoint, b: Endpoint): number {
  return compareText(a.path, b.path) || compareText(a.method, b.method) || compareText(a.key, b.key);
}

/**
 * Each endpoint's place in the migration plan. A plan step names method, path and file; the
 * file is matched against the key first and, when the plan used the registration file,
 * against the endpoint's own file.
 */
export function planPositions(result: AnalysisResult): Map<string, number> {
  const byKey = new Map<string, number>();
  for (const step of result.plan) byKey.set(`${step.method} ${step.path} ${step.file}`, step.order);
  const positions = new Map<string, number>();
  for (const endpoint of result.endpoints) {
    const order = byKey.get(endpoint.key) ?? byKey.get(`${endpoint.method} ${endpoint.path} ${endpoint.file}`);
    if (order !== undefined) positions.set(endpoint.key, order);
  }
  return positions;
}

/**
 * Plan order lists the plan's steps first, in order, then the rest by path; cost puts the
 * largest estimated share first; path is alphabetical. Ties fall back to the key, so the
 * order never depends on the input order.
 */
export function sortEndpoints(endpoints: readonly Endpoint[], order: SortOrder, result: AnalysisResult): Endpoint[] {
  const sorted = endpoints.slice();
  if (order === 'path') return sorted.sort(compareByPath);
  if (order === 'cost') {
    const months = (endpoint: Endpoint): number => endpoint.estimate?.months.likely ?? -1;
    return sorted.sort((a, b) => months(b) - months(a) || compareByPath(a, b));
  }
  const positions = planPositions(result);
  const position = (endpoint: Endpoint): number => positions.get(endpoint.key) ?? Number.POSITIVE_INFINITY;
  return sorted.sort((a, b) => {
    const pa = position(a);
    const pb = position(b);
    if (pa !== pb) return pa < pb ? -1 : 1;
    return compareByPath(a, b);
  });
}
