import type { Language, SkipReason } from '../discovery/types.js';
import type { DetectedEndpoint } from '../detectors/types.js';
import type { Classification } from '../classification/types.js';
import type { EndpointEstimate, Estimate, PlanStep, Recommendation, Risk, Verdict } from '../estimation/types.js';
import type { Diagnostic } from '../diagnostics.js';

export const SCHEMA_VERSION = 1 as const;

/** An endpoint as reported: detection, then classification, recommendation and estimate share. */
export interface Endpoint extends DetectedEndpoint {
  /** Stable key: `METHOD path handlerFile` (what review decisions are keyed by). */
  key: string;
  classification: Classification;
  recommendation: Recommendation | null;
  estimate: EndpointEstimate | null;
  /** Reviewer's note from gonogo.review.json. */
  note?: string;
}

export interface FunctionSummary {
  name: string;
  startLine: number;
  endLine: number;
  complexity: number;
}

export interface FileReport {
  path: string;
  language: Language;
  isTest: boolean;
  code: number;
  comment: number;
  blank: number;
  functions: number;
  /** Highest cyclomatic complexity among its functions. */
  maxComplexity: number;
  syntaxErrorLine?: number;
}

export interface LanguageSummary {
  language: Language;
  files: number;
  code: number;
  comment: number;
  blank: number;
  productionCode: number;
  testCode: number;
  functions: number;
}

export interface FrameworkSummary {
  id: string;
  title: string;
  language: 'js' | 'python';
  endpoints: number;
}

export interface AnalysisResult {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'gonogo'; version: string };
  /** Base name of the analysed folder (never an absolute path: output is machine-independent). */
  repository: string;
  summary: {
    files: number;
    code: number;
    comment: number;
    blank: number;
    productionCode: number;
    testCode: number;
    functions: number;
    endpoints: number;
    byKind: Record<'io' | 'cpu' | 'mixed' | 'unknown', number>;
    endpointResolution: { resolved: number; partial: number; unresolved: number };
  };
  languages: LanguageSummary[];
  files: FileReport[];
  /** The most complex functions across the repository (complexity hotspots). */
  hotspots: (FunctionSummary & { file: string })[];
  skipped: Record<SkipReason, number>;
  frameworks: FrameworkSummary[];
  endpoints: Endpoint[];
  estimate: Estimate | null;
  risk: Risk | null;
  plan: PlanStep[];
  verdict: Verdict | null;
  review: { applied: number; stale: { key: string; reason: string }[] } | null;
  diagnostics: Diagnostic[];
}
