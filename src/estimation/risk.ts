import type { Assumptions } from './assumptions.js';
import type { Risk, RiskFactor } from './types.js';
import type { ComplexityResult, DependencyResult, DynamicFeaturesResult } from './factors.js';
import { formatNumber, formatPercent, formatSites, plural, roundTo } from './format.js';

/**
 * Regression risk: how likely the Go version behaves differently from the code it replaces.
 * A sum of named factors, each capped at its share of 100, so a reader sees what drives it and
 * what would lower it.
 */

export interface RiskInputs {
  productionLines: number;
  testLines: number;
  effectiveLines: number;
  endpoints: { label: string; file: string; line: number; reachedBy: string | null }[];
  dynamic: DynamicFeaturesResult;
  complexity: ComplexityResult;
  dependencies: DependencyResult;
  assumptions: Assumptions;
}

function points(max: number, fraction: number): number {
  return roundTo(max * Math.max(0, Math.min(1, fraction)), 1);
}

export function computeRisk(inputs: RiskInputs): Risk {
  const a = inputs.assumptions.risk;
  const factors: RiskFactor[] = [];

  const ratio = inputs.productionLines > 0 ? inputs.testLines / inputs.productionLines : 0;
  factors.push({
    id: 'test-ratio',
    title: 'Test-to-code ratio',
    points: points(a.points.testRatio, 1 - ratio / a.targetTestRatio),
    evidence: [
      `${formatNumber(inputs.testLines)} test lines / ${formatNumber(inputs.productionLines)} production lines = ${formatNumber(ratio, 2)} (full marks at ${formatNumber(a.targetTestRatio, 2)}); ${formatNumber(a.points.testRatio)} × (1 − ${formatNumber(ratio, 2)} / ${formatNumber(a.targetTestRatio, 2)})`,
    ],
    mitigation: `Write characterisation tests that pin today's behaviour before porting, up to ${formatNumber(a.targetTestRatio, 2)} test lines per production line; they become the Go version's acceptance suite.`,
  });

  const untested = inputs.endpoints.filter((endpoint) => endpoint.reachedBy === null);
  const total = inputs.endpoints.length;
  factors.push({
    id: 'untested-endpoints',
    title: 'Endpoints no test reaches',
    points: points(a.points.untestedEndpoints, total > 0 ? untested.length / total : 0),
    evidence:
      total === 0
        ? ['no endpoints detected']
        : [
            `${formatNumber(untested.length)} of ${plural(total, 'endpoint')} not requested by path nor named by handler in any test; ${formatNumber(a.points.untestedEndpoints)} × ${formatNumber(untested.length)} / ${formatNumber(total)}`,
            ...untested.slice(0, 5).map((endpoint) => `untested: ${endpoint.label} (${endpoint.file}:${endpoint.line})`),
            ...(untested.length > 5 ? [`and ${formatNumber(untested.length - 5)} more`] : []),
          ],
    mitigation: 'Add one HTTP-level test per untested endpoint (request and response recorded), run it against both versions.',
  });

  const per1k = inputs.productionLines > 0 ? (inputs.dynamic.weighted / inputs.productionLines) * 1000 : 0;
  factors.push({
    id: 'dynamic-features',
    title: 'Dynamic features',
    points: points(a.points.dynamicFeatures, per1k / a.dynamicFullPer1k),
    evidence: [
      `weight ${formatNumber(inputs.dynamic.weighted, 2)} in ${formatNumber(inputs.productionLines)} lines = ${formatNumber(per1k, 2)} per 1,000 (full at ${formatNumber(a.dynamicFullPer1k, 2)})`,
      ...(inputs.dynamic.sites.length > 0 ? [`at ${formatSites(inputs.dynamic.sites, 5)}`] : []),
    ],
    mitigation: 'Replace eval, reflection and patching with explicit dispatch tables before the port, or port those modules last behind tests.',
  });

  const share = inputs.complexity.share;
  factors.push({
    id: 'complexity',
    title: 'Complexity hotspots',
    points: points(a.points.complexity, share / a.complexityFullShare),
    evidence: [
      `${plural(inputs.complexity.hotspots.length, 'hotspot')}, ${formatPercent(share)} of production lines (full at ${formatPercent(a.complexityFullShare)})`,
      ...inputs.complexity.hotspots
        .slice(0, 3)
        .map(({ file, fn }) => `${file}:${fn.span.startLine} ${fn.name} (complexity ${fn.complexity})`),
    ],
    mitigation: 'Split the hotspots and pin each branch with table-driven tests before translating them.',
  });

  const gaps = inputs.dependencies.mappings.filter((m) => (m.fit === 'none' || m.fit === 'unmapped') && m.files > 0);
  factors.push({
    id: 'dependency-gaps',
    title: 'Dependencies without a Go equivalent',
    points: points(a.points.dependencyGaps, inputs.dependencies.gapShare / a.dependencyFullShare),
    evidence: [
      `${formatPercent(inputs.dependencies.gapShare)} of production lines import a package with no Go equivalent or not in the table (full at ${formatPercent(a.dependencyFullShare)})`,
      ...gaps.map((m) => `${m.fit}: ${m.name} (${m.ecosystem}), ${plural(m.files, 'file')}`),
    ],
    mitigation: 'Choose and prototype the Go replacement (or a sidecar service) for each listed package before committing to the port.',
  });

  factors.push({
    id: 'size',
    title: 'Size',
    points: points(a.points.size, inputs.effectiveLines / a.sizeFullLines),
    evidence: [
      `${formatNumber(inputs.effectiveLines)} effective lines (full at ${formatNumber(a.sizeFullLines)}; the article calls the risk of a 40,000-line port significant)`,
    ],
    mitigation: 'Port in slices, endpoint by endpoint behind a routing proxy, so each step is small and reversible.',
  });

  const score = Math.max(0, Math.min(100, Math.round(factors.reduce((sum, factor) => sum + factor.points, 0))));
  const level = score >= a.highAt ? 'high' : score >= a.mediumAt ? 'medium' : 'low';
  return { score, level, factors };
}
