import type { AnalysisResult } from '../result/types.js';

/** The canonical result as JSON: stable key order and sorted arrays, so equal input gives equal bytes. */
export function reportJson(result: AnalysisResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
