import { discoverFiles } from '../discovery/discover-files.js';
import type { AnalyzeOptions } from '../config/types.js';
import type { Diagnostic } from '../diagnostics.js';
import { parseAll } from '../parsing/parse-all.js';
import { readManifests } from '../linking/read-manifests.js';
import { buildProjectIndex } from '../linking/project-index.js';
import { runDetectors } from '../detectors/run-detectors.js';
import { classifyEndpoints } from '../classification/classify-endpoints.js';
import { TypeAwareResolver } from '../linking/type-aware/type-aware-resolver.js';
import { loadReviewFile, matchDecisions } from '../review/index.js';
import { resolveAssumptions } from '../estimation/assumptions.js';
import { estimateRewrite } from '../estimation/estimate-rewrite.js';
import { buildResult, repositoryName, toEndpoint } from '../result/build-result.js';
import type { AnalysisResult, Endpoint } from '../result/types.js';
import type { Analysis, AnalyzeHooks, ReviewDecision } from './types.js';

/**
 * The whole pipeline, one way: discovery → parsing → linking → detectors → classification →
 * (review decisions) → estimation → result. Nothing here prints; the command decides what to show.
 */
export async function analyzeRepository(options: AnalyzeOptions, hooks: AnalyzeHooks = {}, version = '0.0.0'): Promise<Analysis> {
  const diagnostics: Diagnostic[] = [];
  const stageMs: Record<string, number> = {};
  let stageStart = performance.now();
  const endStage = (name: string): void => {
    const now = performance.now();
    stageMs[name] = Math.round((now - stageStart) * 10) / 10;
    stageStart = now;
  };
  // Bad assumptions and a malformed review file are input errors: fail before the long work.
  const assumptions = resolveAssumptions(options.assumptions);
  const reviewFile = options.applyReview ? await loadReviewFile(options.root) : null;
  hooks.onProgress?.({ phase: 'discovery', done: 0, total: 0 });
  const discovery = await discoverFiles({ root: options.root, include: options.include, exclude: options.exclude, maxFileBytes: options.maxFileBytes });
  for (const warning of discovery.warnings) diagnostics.push({ severity: 'warning', code: warning.code, message: warning.message, ...(warning.file ? { file: warning.file } : {}), source: 'discovery' });

  endStage('discovery');
  const tasks = discovery.files.map((file) => ({ path: file.path, absolutePath: file.absolutePath, grammar: file.grammar, language: file.language, isTest: file.isTest }));
  const parsed = await parseAll(tasks, {
    workers: options.workers,
    ...(hooks.cache ? { cache: hooks.cache } : {}),
    onProgress: (done, total) => hooks.onProgress?.({ phase: 'parsing', done, total }),
  });
  for (const failure of parsed.failures) {
    diagnostics.push({ severity: 'error', code: failure.reason === 'unreadable' ? 'unreadable-file' : 'parse-failed', message: failure.message, file: failure.path, source: 'parsing' });
  }
  for (const module of parsed.facts) {
    if (module.syntaxErrorLine !== undefined) {
      diagnostics.push({ severity: 'warning', code: 'syntax-error', message: 'syntax error: the file is measured, but facts after the error may be incomplete', file: module.path, line: module.syntaxErrorLine, source: 'parsing' });
    }
  }

  endStage('parsing');
  hooks.onProgress?.({ phase: 'linking', done: 0, total: 0 });
  const manifestData = await readManifests(discovery.manifests);
  diagnostics.push(...manifestData.diagnostics);
  const project = buildProjectIndex(parsed.facts, manifestData);

  endStage('linking');
  hooks.onProgress?.({ phase: 'detection', done: 0, total: 0 });
  const detection = runDetectors(project);
  diagnostics.push(...detection.diagnostics);

  endStage('detection');
  hooks.onProgress?.({ phase: 'classification', done: 0, total: detection.endpoints.length });
  // The checker is asked only about JS/TS calls the facts leave unknown; it loads nothing until one is.
  const typeAware = options.typeAware ? new TypeAwareResolver(project, { root: options.root }) : undefined;
  const classified = classifyEndpoints({ project, endpoints: detection.endpoints, ...(typeAware ? { typeAware } : {}) });
  diagnostics.push(...classified.diagnostics);
  const endpoints = detection.endpoints.map((endpoint, index) => toEndpoint(endpoint, classified.classifications[index]!));
  endStage('classification');

  const base = buildResult({
    repository: repositoryName(options.root),
    version,
    discovery,
    modules: parsed.facts,
    frameworks: detection.frameworks,
    endpoints,
    diagnostics,
  });

  const finish = (decisions: readonly ReviewDecision[] | null): AnalysisResult => {
    hooks.onProgress?.({ phase: 'estimation', done: 0, total: 0 });
    const match = decisions ? matchDecisions(base.endpoints, decisions) : null;
    const byKey = new Map((match?.applied ?? []).map((decision) => [decision.key, decision]));
    // A reviewer's label replaces the computed one before estimating, so recommendations and the plan follow it.
    const reviewed = base.endpoints.map((endpoint) => applyDecision(endpoint, byKey.get(endpoint.key)));
    const withOverrides = reviewed.map((endpoint) => {
      const target = byKey.get(endpoint.key)?.recommendation;
      return target ? { ...endpoint, recommendationOverride: target } : endpoint;
    });
    const estimated = estimateRewrite(
      { modules: parsed.facts, manifests: manifestData.manifests, endpoints: withOverrides, infra: options.infra, team: options.team },
      assumptions,
    );
    const finalEndpoints = reviewed.map((endpoint) => {
      const share = estimated.perEndpoint.get(endpoint.key);
      return { ...endpoint, recommendation: share?.recommendation ?? null, estimate: share?.estimate ?? null };
    });
    const byKind = { io: 0, cpu: 0, mixed: 0, unknown: 0 };
    for (const endpoint of finalEndpoints) byKind[endpoint.classification.kind]++;
    return {
      ...base,
      summary: { ...base.summary, byKind },
      endpoints: finalEndpoints,
      estimate: estimated.estimate,
      risk: estimated.risk,
      plan: estimated.plan,
      verdict: estimated.verdict,
      review: match ? { applied: match.applied.length, stale: match.stale } : null,
    };
  };
  const result = finish(reviewFile?.decisions ?? null);
  endStage('estimation');
  const { functions, edges, sinks, buildMs, walkMs } = classified.stats;
  const stats = { stageMs, cachedFiles: parsed.cached, callGraph: { functions, edges, sinks, buildMs, walkMs }, ...(classified.stats.typeAware ? { typeAware: classified.stats.typeAware } : {}) };
  return { result, stats, withDecisions: (decisions) => finish(decisions) };
}

function applyDecision(endpoint: Endpoint, decision: ReviewDecision | undefined): Endpoint {
  if (!decision) return endpoint;
  const reviewed: Endpoint = { ...endpoint };
  // A reviewer who confirms the computed kind has still decided: the result says so either way.
  if (decision.kind) {
    const reason = decision.kind === endpoint.classification.kind ? `confirmed by reviewer: ${endpoint.classification.reason}` : `set by reviewer (computed: ${endpoint.classification.kind})`;
    reviewed.classification = { ...endpoint.classification, kind: decision.kind, overriddenBy: 'review', reason };
  }
  if (decision.note) reviewed.note = decision.note;
  return reviewed;
}
