import type { Delta, GateOutcome } from '../diff/types.js';

export const DIFF_SCHEMA_VERSION = 1 as const;

export interface DiffJsonOptions {
  gates?: readonly GateOutcome[];
}

/** The delta as JSON, for scripts: the same object the other reporters read, plus the gates. */
export function renderDiffJson(delta: Delta, options: DiffJsonOptions = {}): string {
  const document = { schemaVersion: DIFF_SCHEMA_VERSION, kind: 'gonogo-diff', ...delta, gates: options.gates ?? [] };
  return `${JSON.stringify(document, null, 2)}\n`;
}
