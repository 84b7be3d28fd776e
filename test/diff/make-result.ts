import type { Kind } from '../../src/classification/types.js';
import type { DependencyMapping, DynamicFeatureSite, Target } from '../../src/estimation/types.js';
import type { AnalysisStats } from '../../src/pipeline/types.js';
import type { AnalysisResult, Endpoint } from '../../src/result/types.js';

/** Hand-made results for testing the delta and its reporters without running the pipeline. */

/** The stats of an analysis that did no work: stand-in analyses have no stages to time. */
export const NO_STATS: AnalysisStats = { stageMs: {}, cachedFiles: 0, callGraph: { functions: 0, edges: 0, sinks: 0, buildMs: 0, walkMs: 0 } };

export interface EndpointSpec {
  method: string;
  path: string;
  file?: string;
  line?: number;
  handlerFile?: string | null;
  kind?: Kind;
  recommendation?: Target | null;
  months?: number;
  framework?: string;
  generated?: boolean;
}

export function makeEndpoint(spec: EndpointSpec): Endpoint {
  const file = spec.file ?? 'src/app.ts';
  const handlerFile = spec.handlerFile === undefined ? file : spec.handlerFile;
  const kind = spec.kind ?? 'io';
  return {
    method: spec.method,
    path: spec.path,
    framework: spec.framework ?? 'express',
    language: 'typescript',
    file,
    line: spec.line ?? 1,
    handler: handlerFile === null ? null : { name: 'handler', file: handlerFile, startLine: (spec.line ?? 1) + 1, endLine: (spec.line ?? 1) + 5 },
    mountChain: [],
    resolution: 'resolved',
    ...(spec.generated ? { generated: true } : {}),
    key: `${spec.method} ${spec.path} ${handlerFile ?? file}`,
    classification: {
      kind,
      tags: [],
      confidence: 0.9,
      confidenceNotes: [],
      evidence:
        kind === 'cpu' || kind === 'mixed'
          ? [
              {
                signal: 'npm:bcrypt.hash',
                kind: 'cpu',
                package: 'bcrypt',
                file: handlerFile ?? file,
                line: (spec.line ?? 1) + 2,
                inLoop: false,
                weight: 5,
                reason: 'password hashing',
                chain: [],
              },
            ]
          : [],
      reachedLines: 10,
      ownedLines: 5,
      reason: 'test',
    },
    recommendation: spec.recommendation === null ? null : { target: spec.recommendation ?? 'not-worth-it', reason: 'test' },
    estimate: spec.months === undefined ? null : { months: { low: spec.months / 2, likely: spec.months, high: spec.months * 2 }, lines: 100 },
  };
}

export interface ResultSpec {
  endpoints?: EndpointSpec[];
  likely?: number;
  p90?: number;
  riskScore?: number;
  riskLevel?: 'low' | 'medium' | 'high';
  decision?: 'rewrite' | 'rewrite-parts' | 'stay';
  productionCode?: number;
  dependencies?: Partial<DependencyMapping>[];
  dynamicFeatures?: DynamicFeatureSite[];
  noEstimate?: boolean;
}

export function makeResult(spec: ResultSpec = {}): AnalysisResult {
  const endpoints = (spec.endpoints ?? []).map(makeEndpoint);
  return {
    schemaVersion: 1,
    tool: { name: 'gonogo', version: '0.1.0' },
    repository: 'shop',
    summary: {
      files: 3,
      code: spec.productionCode ?? 1000,
      comment: 0,
      blank: 0,
      productionCode: spec.productionCode ?? 1000,
      testCode: 0,
      functions: 10,
      endpoints: endpoints.length,
      byKind: { io: 0, cpu: 0, mixed: 0, unknown: 0 },
      endpointResolution: { resolved: endpoints.length, partial: 0, unresolved: 0 },
    },
    languages: [],
    files: [],
    hotspots: [],
    skipped: {} as AnalysisResult['skipped'],
    frameworks: [],
    endpoints,
    estimate: spec.noEstimate
      ? null
      : {
          sizeLines: { production: spec.productionCode ?? 1000, test: 0, excluded: {} },
          months: { low: (spec.likely ?? 1) * 0.7, likely: spec.likely ?? 1, high: (spec.likely ?? 1) * 1.4 },
          percentiles: { p10: (spec.likely ?? 1) * 0.8, p50: spec.likely ?? 1, p90: spec.p90 ?? (spec.likely ?? 1) * 1.3 },
          linesPerMonth: { implied: 15000, articleLow: 10000, articleHigh: 20000 },
          factors: [],
          explanation: [],
          modules: [],
          infra: null,
          dependencies: (spec.dependencies ?? []).map((dependency) => ({
            ecosystem: 'npm',
            name: 'x',
            fit: 'drop-in',
            go: [],
            files: 1,
            lines: 1,
            declaredIn: ['package.json'],
            ...dependency,
          })),
          dynamicFeatures: spec.dynamicFeatures ?? [],
        },
    risk: spec.noEstimate ? null : { score: spec.riskScore ?? 30, level: spec.riskLevel ?? 'low', factors: [] },
    plan: [],
    verdict: spec.noEstimate ? null : { decision: spec.decision ?? 'stay', summary: 'test' },
    review: null,
    diagnostics: [],
  };
}
