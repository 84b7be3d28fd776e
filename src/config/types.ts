/**
 * Options are resolved once (defaults < gonogo.config.json < CLI flags), validated, and passed in.
 * The core never reads process.argv or process.env.
 */

export type OutputFormat = 'text' | 'json' | 'markdown';
export type RiskLevel = 'low' | 'medium' | 'high';
export type CommentBehavior = 'update' | 'new' | 'delete-and-new';

export interface Gates {
  /** Largest allowed increase of the likely engineer-months in a diff. */
  maxMonthsIncrease?: number;
  /** A risk level at or above which the gate fails. */
  failOnRisk?: RiskLevel;
  failOnNewCpuEndpoints?: boolean;
  failOnUnmappedDependencies?: boolean;
}

export interface InfraConfig {
  /** Current monthly infrastructure cost of the service(s), in the user's currency. */
  monthlyCost?: number;
  servers?: number;
}

export interface TeamConfig {
  /** Fully loaded cost of one engineer-month. */
  engineerMonthCost?: number;
}

/** What gonogo.config.json may hold. Every key is optional. */
export interface ConfigFile {
  include?: string[];
  exclude?: string[];
  maxFileSizeKb?: number;
  workers?: number;
  /** Ask the TypeScript checker about JS/TS calls the facts leave unresolved (default true). */
  typeAware?: boolean;
  /** Estimate assumptions; the shape and defaults live in src/estimation/assumptions.ts. */
  assumptions?: Record<string, unknown>;
  infra?: InfraConfig;
  team?: TeamConfig;
  gates?: Gates;
  comment?: { behavior?: CommentBehavior };
}

/** Everything the pipeline needs, fully resolved. */
export interface AnalyzeOptions {
  /** Absolute path of the repository root. */
  root: string;
  include: string[];
  exclude: string[];
  maxFileBytes: number;
  /** Parser worker threads; 0 parses on the main thread. */
  workers: number;
  /** Raw assumptions overrides from config (validated by the estimation stage). */
  assumptions: Record<string, unknown>;
  infra: InfraConfig;
  team: TeamConfig;
  gates: Gates;
  /** Apply gonogo.review.json decisions found at the root. */
  applyReview: boolean;
  /** Resolve JS/TS calls the facts leave unknown with the TypeScript checker (ts-morph). */
  typeAware: boolean;
}
