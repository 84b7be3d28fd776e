import type { DetectedEndpoint } from '../detectors/types.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ProjectIndex } from '../linking/types.js';
import type { Classification } from './types.js';

export interface ClassifyInput {
  project: ProjectIndex;
  endpoints: readonly DetectedEndpoint[];
}

export interface ClassifyOutput {
  /** One per endpoint, in the same order. */
  classifications: Classification[];
  diagnostics: Diagnostic[];
}

/** Placeholder until the call graph lands: every endpoint is `unknown`, and says so. */
export function classifyEndpoints(input: ClassifyInput): ClassifyOutput {
  return {
    classifications: input.endpoints.map(() => ({
      kind: 'unknown',
      tags: [],
      confidence: 0,
      confidenceNotes: ['call graph not built yet'],
      evidence: [],
      reachedLines: 0,
      ownedLines: 0,
      reason: 'handler not followed yet',
    })),
    diagnostics: [],
  };
}
