import { comparePaths } from '../discovery/compare-paths.js';
import path from 'node:path';
import type { DiscoveryResult, Language } from '../discovery/types.js';
import type { DetectedEndpoint } from '../detectors/types.js';
import type { Classification } from '../classification/types.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { ModuleFacts } from '../parsing/types.js';
import { SCHEMA_VERSION, type AnalysisResult, type Endpoint, type FileReport, type FrameworkSummary, type LanguageSummary } from './types.js';

/** How many of the most complex functions the report lists. */
export const HOTSPOT_COUNT = 10;
/** Functions at or above this cyclomatic complexity are hotspots (McCabe's classic "complex" threshold). */
export const HOTSPOT_THRESHOLD = 10;

export function endpointKey(endpoint: Pick<DetectedEndpoint, 'method' | 'path' | 'file' | 'handler'>): string {
  return `${endpoint.method} ${endpoint.path} ${endpoint.handler?.file ?? endpoint.file}`;
}

export interface ResultParts {
  repository: string;
  version: string;
  discovery: DiscoveryResult;
  modules: readonly ModuleFacts[];
  frameworks: FrameworkSummary[];
  endpoints: Endpoint[];
  diagnostics: Diagnostic[];
}

/** Assembles the canonical result: everything sorted, paths relative, nothing machine-specific. */
export function buildResult(parts: ResultParts): AnalysisResult {
  const files: FileReport[] = parts.modules.map((module) => {
    const report: FileReport = {
      path: module.path,
      language: module.language,
      isTest: module.isTest,
      code: module.measures.code,
      comment: module.measures.comment,
      blank: module.measures.blank,
      functions: module.functions.length,
      maxComplexity: module.functions.reduce((max, fn) => Math.max(max, fn.complexity), 0),
    };
    if (module.syntaxErrorLine !== undefined) report.syntaxErrorLine = module.syntaxErrorLine;
    return report;
  });
  const languages = summarizeLanguages(files);
  const byKind = { io: 0, cpu: 0, mixed: 0, unknown: 0 };
  const endpointResolution = { resolved: 0, partial: 0, unresolved: 0 };
  for (const endpoint of parts.endpoints) {
    byKind[endpoint.classification.kind]++;
    endpointResolution[endpoint.resolution]++;
  }
  const total = (pick: (l: LanguageSummary) => number): number => languages.reduce((sum, l) => sum + pick(l), 0);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'gonogo', version: parts.version },
    repository: parts.repository,
    summary: {
      files: files.length,
      code: total((l) => l.code),
      comment: total((l) => l.comment),
      blank: total((l) => l.blank),
      productionCode: total((l) => l.productionCode),
      testCode: total((l) => l.testCode),
      functions: total((l) => l.functions),
      endpoints: parts.endpoints.length,
      byKind,
      endpointResolution,
    },
    languages,
    files,
    hotspots: findHotspots(parts.modules),
    skipped: parts.discovery.skipped,
    frameworks: [...parts.frameworks].sort((a, b) => comparePaths(a.id, b.id)),
    endpoints: parts.endpoints,
    estimate: null,
    risk: null,
    plan: [],
    verdict: null,
    review: null,
    diagnostics: [...parts.diagnostics].sort(compareDiagnostics),
  };
}

function summarizeLanguages(files: readonly FileReport[]): LanguageSummary[] {
  const byLanguage = new Map<Language, LanguageSummary>();
  for (const file of files) {
    let summary = byLanguage.get(file.language);
    if (!summary) {
      summary = { language: file.language, files: 0, code: 0, comment: 0, blank: 0, productionCode: 0, testCode: 0, functions: 0 };
      byLanguage.set(file.language, summary);
    }
    summary.files++;
    summary.code += file.code;
    summary.comment += file.comment;
    summary.blank += file.blank;
    if (file.isTest) summary.testCode += file.code;
    else summary.productionCode += file.code;
    summary.functions += file.functions;
  }
  return [...byLanguage.values()].sort((a, b) => b.code - a.code || comparePaths(a.language, b.language));
}

function findHotspots(modules: readonly ModuleFacts[]): AnalysisResult['hotspots'] {
  const hotspots: AnalysisResult['hotspots'] = [];
  for (const module of modules) {
    if (module.isTest) continue;
    for (const fn of module.functions) {
      if (fn.complexity < HOTSPOT_THRESHOLD) continue;
      const cls = fn.classId !== undefined ? module.classes[fn.classId] : undefined;
      hotspots.push({ name: cls ? `${cls.name}.${fn.name}` : fn.name, file: module.path, startLine: fn.span.startLine, endLine: fn.span.endLine, complexity: fn.complexity });
    }
  }
  hotspots.sort((a, b) => b.complexity - a.complexity || comparePaths(a.file, b.file) || a.startLine - b.startLine);
  return hotspots.slice(0, HOTSPOT_COUNT);
}

/** The repository's display name: its folder name, never the absolute path. */
export function repositoryName(root: string): string {
  return path.basename(root) || root;
}

export function toEndpoint(detected: DetectedEndpoint, classification: Classification): Endpoint {
  return { ...detected, key: endpointKey(detected), classification, recommendation: null, estimate: null };
}
