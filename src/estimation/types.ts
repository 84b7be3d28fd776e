/** A low / likely / high range of engineer-months. */
export interface MonthsRange {
  low: number;
  likely: number;
  high: number;
}

export interface Percentiles {
  p10: number;
  p50: number;
  p90: number;
}

/** A named multiplicative adjustment with its evidence. */
export interface EstimateFactor {
  id: string;
  title: string;
  /** Multiplier applied to effort (1 = neutral). */
  value: number;
  /** Extra relative width it adds to the range (0 = none). */
  uncertainty: number;
  /** Human-readable evidence: counts with file:line examples. */
  evidence: string[];
  effect: string;
}

export interface Estimate {
  /** Production lines to port and test lines to port. */
  sizeLines: { production: number; test: number; excluded: Record<string, number> };
  months: MonthsRange;
  percentiles: Percentiles;
  /** Implied effective lines (production + test ratio × tests) per engineer-month at the likely value, beside the article's 10K-20K. */
  linesPerMonth: { implied: number; articleLow: number; articleHigh: number };
  factors: EstimateFactor[];
  /** Formula with the numbers filled in, step by step, for --explain. */
  explanation: string[];
  modules: { module: string; lines: number; months: MonthsRange }[];
  infra: InfraFigures | null;
  /** How to get infra figures when they are not configured. */
  infraHint?: string;
  /** The Monte Carlo run behind `percentiles`, so a reader can reproduce it. */
  monteCarlo?: { seed: number; samples: number };
  /** Every declared runtime dependency with its Go mapping (the PR bot diffs this list). */
  dependencies?: DependencyMapping[];
  /** Every dynamic feature found in production code (the PR bot diffs this list). */
  dynamicFeatures?: DynamicFeatureSite[];
}

/** How well a package's job is covered in Go; `unmapped` when the table does not know it. */
export type GoFitOrUnmapped = 'drop-in' | 'different-api' | 'none' | 'unmapped';

export interface DependencyMapping {
  ecosystem: 'npm' | 'pypi';
  name: string;
  fit: GoFitOrUnmapped;
  /** Go modules that take over the package's job (empty when none or unmapped). */
  go: string[];
  note?: string;
  /** Production files importing it, and their code lines. */
  files: number;
  lines: number;
  /** Manifests declaring it, relative POSIX paths. */
  declaredIn: string[];
}

export type DynamicFeatureKind =
  | 'eval'
  | 'proxy'
  | 'reflection'
  | 'dynamic-import'
  | 'lazy-import'
  | 'metaclass'
  | 'monkey-patch'
  | 'rewriting-decorator';

export interface DynamicFeatureSite {
  kind: DynamicFeatureKind;
  file: string;
  line: number;
  /** What was found, e.g. `eval`, `importlib.import_module`, `metaclass=Registry`. */
  what: string;
}

export interface InfraFigures {
  monthlyCost: number;
  expectedMonthlySaving: number;
  rewriteCost: number;
  paybackMonths: number | null;
  /** Servers after the move, when `infra.servers` is configured. */
  serversAfter?: number;
  basis: string[];
}

export interface RiskFactor {
  id: string;
  title: string;
  /** Points contributed to the 0-100 score. */
  points: number;
  evidence: string[];
  /** What would lower it. */
  mitigation: string;
}

export interface Risk {
  score: number;
  level: 'low' | 'medium' | 'high';
  factors: RiskFactor[];
}

export type Target = 'go' | 'keep-python' | 'keep-node' | 'not-worth-it';

export interface Recommendation {
  target: Target;
  reason: string;
}

export interface PlanStep {
  order: number;
  method: string;
  path: string;
  file: string;
  benefit: number;
  costMonths: number;
  reason: string;
}

export interface Verdict {
  /** `rewrite-parts`, `rewrite`, `stay`... */
  decision: 'rewrite' | 'rewrite-parts' | 'stay';
  summary: string;
}

/** Per-endpoint estimate share. */
export interface EndpointEstimate {
  months: MonthsRange;
  /** Owned lines plus its part of shared code. */
  lines: number;
}
