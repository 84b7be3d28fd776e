import type { Kind, Tag } from '../classification/types.js';
import type { RiskLevel } from '../config/types.js';
import type { DynamicFeatureKind, GoFitOrUnmapped, Target, Verdict } from '../estimation/types.js';

/** An endpoint as the delta shows it: enough to recognise it and to say what it costs. */
export interface EndpointSnapshot {
  method: string;
  path: string;
  framework: string;
  /** Where the route is registered (relative POSIX path, 1-based line). */
  file: string;
  line: number;
  /** The handler's file and first line, when it was located. */
  handlerFile: string | null;
  handlerLine: number | null;
  kind: Kind;
  tags: Tag[];
  recommendation: Target | null;
  /** The endpoint's likely engineer-months share, when the estimate gave one. */
  months: number | null;
  /** The strongest piece of evidence behind its kind, as `signal at file:line`. */
  strongestEvidence: string | null;
}

export type EndpointChangeField = 'kind' | 'recommendation' | 'handler-file';

/** An endpoint present on both sides (same method and path) whose kind, recommendation or handler file changed. */
export interface EndpointChange {
  method: string;
  path: string;
  base: EndpointSnapshot;
  head: EndpointSnapshot;
  changes: EndpointChangeField[];
}

/**
 * An endpoint that is CPU-bound on the head side and was not on the base side, either because it is new
 * or because its handler changed. CPU-bound means kind `cpu` or `mixed`: a mixed endpoint does
 * significant in-process computation too, which is exactly what a reviewer wants to hear about.
 */
export interface CpuBoundChange {
  endpoint: EndpointSnapshot;
  /** `added` for a new endpoint, `changed` for one whose kind moved. */
  reason: 'added' | 'changed';
  /** The kind before, for a changed endpoint. */
  previousKind: Kind | null;
}

/** A number on both sides; `change` is head - base, rounded to two decimals, null when a side has none. */
export interface NumberDelta {
  base: number | null;
  head: number | null;
  change: number | null;
}

/**
 * A dynamic feature (eval, reflection, monkey patching...) found on the head side and not on the base
 * side; each one is code a Go port has to redesign rather than translate.
 */
export interface DynamicFeatureAddition {
  kind: DynamicFeatureKind;
  file: string;
  line: number;
  /** What was found, e.g. `eval`, `importlib.import_module`. */
  what: string;
}

/** A runtime dependency declared on the head side and not on the base side, with its Go mapping. */
export interface DependencyAddition {
  name: string;
  ecosystem: 'npm' | 'pypi';
  /** `none`: the table says Go has no equivalent; `unmapped`: the package is not in the table. */
  fit: GoFitOrUnmapped;
  /** Go modules that take over its job (empty for `none` and `unmapped`). */
  go: string[];
  note: string | null;
  /** Manifests declaring it. */
  declaredIn: string[];
}

export interface RevisionInfo {
  /** The ref as the user gave it (`main`, `HEAD~3`, a SHA). */
  ref: string;
  sha: string;
}

export interface Delta {
  /** Base name of the analysed folder. */
  repository: string;
  /** Set by `gonogo diff`; absent when two results are compared directly. */
  revisions?: { base: RevisionInfo; head: RevisionInfo };
  endpoints: {
    base: number;
    head: number;
    added: EndpointSnapshot[];
    removed: EndpointSnapshot[];
    changed: EndpointChange[];
    becameCpuBound: CpuBoundChange[];
  };
  months: { likely: NumberDelta; p90: NumberDelta };
  risk: { score: NumberDelta; baseLevel: RiskLevel | null; headLevel: RiskLevel | null };
  verdict: { base: Verdict | null; head: Verdict | null };
  productionLines: NumberDelta;
  dynamicFeatures: DynamicFeatureAddition[];
  dependencies: DependencyAddition[];
  /** Review decisions applied on each side (gonogo.review.json), when that side had a review file. */
  review: { base: number | null; head: number | null; staleOnHead: string[] };
}

export type GateId = 'max-months-increase' | 'fail-on-risk' | 'fail-on-new-cpu' | 'fail-on-unmapped-deps';

/** One configured gate and how the delta fared against it. */
export interface GateOutcome {
  id: GateId;
  /** The threshold, as the user wrote it: `1.5`, `high`, `true`. */
  threshold: string;
  passed: boolean;
  /** One line: what was measured against the threshold. */
  reason: string;
}
