import { comparePaths } from './discovery/compare-paths.js';
export type Severity = 'error' | 'warning' | 'info';

/** Something a reader should know about: a file that did not parse, a route left partly unresolved. */
export interface Diagnostic {
  severity: Severity;
  /** Stable kebab-case code: `syntax-error`, `unresolved-prefix`, `hand-written-routing`... */
  code: string;
  message: string;
  file?: string;
  line?: number;
  /** The stage that raised it: discovery, parsing, detectors:<id>, classification, estimation. */
  source: string;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    comparePaths(a.file ?? '', b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    comparePaths(a.code, b.code) ||
    comparePaths(a.message, b.message)
  );
}
