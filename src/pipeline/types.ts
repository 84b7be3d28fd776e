import type { AnalysisResult } from '../result/types.js';
import type { ModuleFacts } from '../parsing/types.js';
import type { TypeAwareStats } from '../linking/type-aware/types.js';

export interface Progress {
  phase: 'discovery' | 'parsing' | 'linking' | 'detection' | 'classification' | 'estimation';
  done: number;
  total: number;
}

/** Facts keyed by content hash, so `gonogo diff` re-parses only files that changed. */
export interface FactsCache {
  get(key: string): ModuleFacts | undefined;
  set(key: string, facts: ModuleFacts): void;
}

export interface AnalyzeHooks {
  onProgress?: (progress: Progress) => void;
  cache?: FactsCache;
}

/** One reviewer decision from gonogo.review.json, already validated. */
export interface ReviewDecision {
  /** Endpoint key: `METHOD path handlerFile`. */
  key: string;
  kind?: 'io' | 'cpu' | 'mixed';
  recommendation?: 'go' | 'keep-python' | 'keep-node' | 'not-worth-it';
  note?: string;
}

/** What one analysis cost: timings are machine-dependent, so they never enter the result. */
export interface AnalysisStats {
  /** Wall milliseconds per stage. */
  stageMs: Record<string, number>;
  /** Files whose facts came from the cache instead of a parse. */
  cachedFiles: number;
  /** The call graph's size and cost. */
  callGraph: { functions: number; edges: number; sinks: number; buildMs: number; walkMs: number };
  /** The TypeScript checker's part of classification (absent with typeAware off); its ms are not in callGraph's. */
  typeAware?: TypeAwareStats;
}

/** The outcome of one analysis; `withDecisions` re-runs only the cheap stages after classification. */
export interface Analysis {
  result: AnalysisResult;
  stats: AnalysisStats;
  /** The result with these decisions applied and the estimate, risk and plan recomputed. */
  withDecisions(decisions: readonly ReviewDecision[]): AnalysisResult;
}
