import type { ModuleFacts } from '../parsing/types.js';
import type { PackageManifest } from '../linking/types.js';
import type { InfraConfig, TeamConfig } from '../config/types.js';
import type { Assumptions } from './assumptions.js';
import type {
  EndpointEstimate,
  Estimate,
  EstimateFactor,
  MonthsRange,
  PlanStep,
  Recommendation,
  Risk,
  Verdict,
} from './types.js';
import {
  computeComplexityFactor,
  computeConcurrencyFactor,
  computeDependencyFactor,
  computeDynamicFeaturesFactor,
  computeTypingFactor,
  type FactorInputs,
} from './factors.js';
import { indexGoEquivalents, loadGoEquivalents, type GoEquivalent } from './go-equivalents.js';
import {
  createExcludeMatcher,
  createFrontendMatcher,
  createServiceOf,
  findFrontendManifests,
  sizeModules,
} from './sizing.js';
import { createRandom, percentileOf, sampleTriangular } from './random.js';
import { computeRisk } from './risk.js';
import { indexTests, findTestReach } from './test-reach.js';
import { decideVerdict, planMigration, recommendEndpoints, type RecommendableEndpoint } from './recommend.js';
import { computeInfra, missingInfraKeys, type InfraScopePart } from './infra.js';
import { formatMonths, formatMultiplier, formatNumber, formatPercent, roundTo } from './format.js';

/** An endpoint as the estimate receives it: detected, keyed and classified. */
export type EstimatedEndpointInput = RecommendableEndpoint;

export interface EstimateInput {
  /** Every parsed file, tests included. */
  modules: readonly ModuleFacts[];
  /** Declared npm / PyPI dependencies per manifest. */
  manifests: readonly PackageManifest[];
  endpoints: readonly EstimatedEndpointInput[];
  infra: InfraConfig;
  team: TeamConfig;
  /** The Go-equivalents table; the one shipped in data/go-equivalents.json when omitted. */
  goEquivalents?: readonly GoEquivalent[];
}

export interface EstimateOutput {
  estimate: Estimate;
  risk: Risk;
  plan: PlanStep[];
  verdict: Verdict;
  perEndpoint: Map<string, { recommendation: Recommendation; estimate: EndpointEstimate }>;
}

const MONTH_DIGITS = 2;

function scaleRange(range: MonthsRange, by: number): MonthsRange {
  return { low: range.low * by, likely: range.likely * by, high: range.high * by };
}

function roundRange(range: MonthsRange): MonthsRange {
  return {
    low: roundTo(range.low, MONTH_DIGITS),
    likely: roundTo(range.likely, MONTH_DIGITS),
    high: roundTo(range.high, MONTH_DIGITS),
  };
}

/** The triangular bounds of one factor: its downside is half its upside, since ports overrun. */
function factorBounds(factor: EstimateFactor): { min: number; max: number } {
  return { min: factor.value * (1 - factor.uncertainty / 2), max: factor.value * (1 + factor.uncertainty) };
}

function runMonteCarlo(base: MonthsRange, factors: readonly EstimateFactor[], seed: number, samples: number) {
  const random = createRandom(seed);
  const values = new Float64Array(samples);
  const bounds = factors.map(factorBounds);
  for (let i = 0; i < samples; i++) {
    let months = sampleTriangular(random(), base.low, base.likely, base.high);
    factors.forEach((factor, j) => {
      months *= sampleTriangular(random(), bounds[j]!.min, factor.value, bounds[j]!.max);
    });
    values[i] = months;
  }
  values.sort();
  return {
    p10: roundTo(percentileOf(values, 0.1), MONTH_DIGITS),
    p50: roundTo(percentileOf(values, 0.5), MONTH_DIGITS),
    p90: roundTo(percentileOf(values, 0.9), MONTH_DIGITS),
  };
}

/**
 * The Go-rewrite estimate, as a pure function of the facts and the assumptions: size, scaled
 * from the article's 40,000-line baseline, adjusted by named factors, sampled for percentiles,
 * split per endpoint and per service, plus the regression risk, recommendations, plan and verdict.
 */
export function estimateRewrite(input: EstimateInput, assumptions: Assumptions): EstimateOutput {
  const a = assumptions;
  const sized = sizeModules(input.modules, createExcludeMatcher(a.excludeGlobs), createFrontendMatcher(input.manifests, input.modules));
  // A full-stack repository's browser app is not part of the port, nor are its packages.
  const frontendManifests = new Set(findFrontendManifests(input.manifests).map((m) => m.file));
  const backendManifests = input.manifests.filter((m) => !frontendManifests.has(m.file));
  const effectiveLines = sized.productionLines + a.testEffortRatio * sized.testLines;
  const scale = effectiveLines > 0 ? (effectiveLines / a.baseline.lines) ** a.sizeExponent : 0;
  const base = scaleRange(a.baseline.months, scale);

  const factorInputs: FactorInputs = {
    production: sized.production,
    productionLines: sized.productionLines,
    baseLikelyMonths: base.likely,
    assumptions: a,
  };
  const equivalents = indexGoEquivalents(input.goEquivalents ?? loadGoEquivalents());
  const typing = computeTypingFactor(factorInputs);
  const dynamic = computeDynamicFeaturesFactor(factorInputs);
  const dependencies = computeDependencyFactor(factorInputs, backendManifests, equivalents, [...frontendManifests].sort());
  const complexity = computeComplexityFactor(factorInputs);
  const concurrency = computeConcurrencyFactor(factorInputs);
  const factors = [typing, dynamic.factor, dependencies.factor, complexity.factor, concurrency.factor];

  const product = factors.reduce((p, f) => p * f.value, 1);
  // Independent uncertainties add in quadrature: every factor at its worst at once is far
  // rarer than the range should say (the Monte Carlo percentiles sample them separately).
  const combinedUncertainty = Math.sqrt(factors.reduce((sum, f) => sum + f.uncertainty ** 2, 0));
  const lowProduct = product * (1 - combinedUncertainty / 2);
  const highProduct = product * (1 + combinedUncertainty);
  const monthsExact: MonthsRange = { low: base.low * lowProduct, likely: base.likely * product, high: base.high * highProduct };
  const months = roundRange(monthsExact);
  const percentiles = runMonteCarlo(base, factors, a.monteCarlo.seed, a.monteCarlo.samples);
  const linesPerMonth = {
    // From the rounded likely value the report prints, so a reader's division gives the same pace.
    implied: months.likely > 0 ? Math.round(effectiveLines / months.likely) : 0,
    articleLow: Math.round(a.baseline.lines / a.baseline.months.high),
    articleHigh: Math.round(a.baseline.lines / a.baseline.months.low),
  };

  // Shares: an endpoint's owned lines plus an equal part of the shared code it reaches, split
  // among the endpoints of its service that reach shared code (docs/estimate.md, "Per endpoint").
  const serviceOf = createServiceOf(input.manifests);
  const sharers = new Map<string, number>();
  for (const endpoint of input.endpoints) {
    const c = endpoint.classification;
    if (c.reachedLines > c.ownedLines) {
      const service = serviceOf(endpoint.file);
      sharers.set(service, (sharers.get(service) ?? 0) + 1);
    }
  }
  const shareOf = (lines: number) => (sized.productionLines > 0 ? Math.min(1, lines / sized.productionLines) : 0);
  const endpointEstimates = new Map<string, EndpointEstimate>();
  for (const endpoint of input.endpoints) {
    const c = endpoint.classification;
    const shared = Math.max(0, c.reachedLines - c.ownedLines);
    const lines = c.ownedLines + (shared > 0 ? shared / (sharers.get(serviceOf(endpoint.file)) ?? 1) : 0);
    endpointEstimates.set(endpoint.key, {
      lines: Math.round(lines),
      months: roundRange(scaleRange(monthsExact, shareOf(lines))),
    });
  }
  const moduleLines = new Map<string, number>();
  for (const module of sized.production) {
    const service = serviceOf(module.path);
    moduleLines.set(service, (moduleLines.get(service) ?? 0) + module.measures.code);
  }
  const modules = [...moduleLines.entries()]
    .sort(([ma, la], [mb, lb]) => lb - la || ma.localeCompare(mb))
    .map(([module, lines]) => ({ module, lines, months: roundRange(scaleRange(monthsExact, shareOf(lines))) }));

  const testIndex = indexTests(sized.tests);
  const risk = computeRisk({
    productionLines: sized.productionLines,
    testLines: sized.testLines,
    effectiveLines,
    endpoints: [...input.endpoints]
      .sort((x, y) => x.path.localeCompare(y.path) || x.method.localeCompare(y.method))
      .map((endpoint) => ({
        label: `${endpoint.method} ${endpoint.path}`,
        file: endpoint.handler?.file ?? endpoint.file,
        line: endpoint.handler?.startLine ?? endpoint.line,
        reachedBy: findTestReach(endpoint, testIndex),
      })),
    dynamic,
    complexity,
    dependencies,
    assumptions: a,
  });

  const decisions = recommendEndpoints(input.endpoints, serviceOf, a);
  const plan = planMigration(input.endpoints, decisions, endpointEstimates);
  const verdict = decideVerdict(
    input.endpoints,
    decisions,
    endpointEstimates,
    { likely: months.likely, p50: percentiles.p50, p90: percentiles.p90, riskLevel: risk.level },
    a,
  );

  const infra = computeInfra({
    infra: input.infra,
    team: input.team,
    verdict,
    ...describeInfraScope(input.endpoints, decisions, endpointEstimates, sized.production, verdict, monthsExact.likely),
    assumptions: a,
  });
  const missing = missingInfraKeys(input.infra, input.team);

  const estimate: Estimate = {
    sizeLines: { production: sized.productionLines, test: sized.testLines, excluded: { ...sized.excluded } },
    months,
    percentiles,
    linesPerMonth,
    factors,
    explanation: [],
    modules,
    infra,
    ...(infra
      ? {}
      : {
          infraHint: `Set ${missing.join(' and ')} in gonogo.config.json (infra.servers is optional) to see the expected monthly saving, the rewrite cost and the payback period.`,
        }),
    monteCarlo: { seed: a.monteCarlo.seed, samples: a.monteCarlo.samples },
    dependencies: dependencies.mappings,
    dynamicFeatures: dynamic.sites,
  };
  estimate.explanation = explainHeadline({
    estimate,
    effectiveLines,
    scale,
    base,
    lowProduct,
    product,
    highProduct,
    combinedUncertainty,
    assumptions: a,
  });

  const perEndpoint = new Map<string, { recommendation: Recommendation; estimate: EndpointEstimate }>();
  for (const endpoint of [...input.endpoints].sort((x, y) => x.key.localeCompare(y.key))) {
    perEndpoint.set(endpoint.key, {
      recommendation: decisions.get(endpoint.key)!.recommendation,
      estimate: endpointEstimates.get(endpoint.key)!,
    });
  }
  return { estimate, risk, plan, verdict, perEndpoint };
}

function describeInfraScope(
  endpoints: readonly EstimatedEndpointInput[],
  decisions: ReturnType<typeof recommendEndpoints>,
  estimates: ReadonlyMap<string, EndpointEstimate>,
  production: readonly ModuleFacts[],
  verdict: Verdict,
  fullMonths: number,
): { moving: InfraScopePart[]; months: number; shareOf: string } {
  if (verdict.decision === 'rewrite-parts') {
    const allLines = endpoints.reduce((sum, e) => sum + (estimates.get(e.key)?.lines ?? 0), 0);
    const moving = endpoints.filter((e) => decisions.get(e.key)?.recommendation.target === 'go');
    return {
      moving: moving.map((e) => ({
        runtime: e.language === 'python' ? 'python' : 'node',
        share: allLines > 0 ? (estimates.get(e.key)?.lines ?? 0) / allLines : 0,
      })),
      months: moving.reduce((sum, e) => sum + (estimates.get(e.key)?.months.likely ?? 0), 0),
      // Traffic is unknown statically: endpoint code stands in for each endpoint's share of compute.
      shareOf: 'endpoint code (standing in for its share of compute)',
    };
  }
  // A full rewrite (or the what-if of one when the verdict is stay): every production line moves.
  const total = production.reduce((sum, m) => sum + m.measures.code, 0);
  const python = production.filter((m) => m.language === 'python').reduce((sum, m) => sum + m.measures.code, 0);
  return {
    moving:
      total > 0
        ? [
            { runtime: 'python', share: python / total },
            { runtime: 'node', share: (total - python) / total },
          ]
        : [],
    months: fullMonths,
    shareOf: 'production code',
  };
}

interface HeadlineParts {
  estimate: Estimate;
  effectiveLines: number;
  scale: number;
  base: MonthsRange;
  lowProduct: number;
  product: number;
  highProduct: number;
  combinedUncertainty: number;
  assumptions: Assumptions;
}

function explainHeadline(p: HeadlineParts): string[] {
  const { estimate: e, assumptions: a } = p;
  const excluded = Object.entries(e.sizeLines.excluded)
    .map(([category, lines]) => `${category} ${formatNumber(lines)}`)
    .join(', ');
  const m = a.baseline.months;
  const lines = [
    `Size to port: ${formatNumber(e.sizeLines.production)} production lines + ${formatNumber(a.testEffortRatio, 2)} × ${formatNumber(e.sizeLines.test)} test lines = ${formatNumber(p.effectiveLines, 1)} effective lines (left out: ${excluded})`,
    `Size scaling: (${formatNumber(p.effectiveLines, 1)} / ${formatNumber(a.baseline.lines)})^${a.sizeExponent} = ${p.scale.toFixed(4)} (baseline: ${formatNumber(a.baseline.lines)} lines = ${formatMonths(m.low)} / ${formatMonths(m.likely)} / ${formatMonths(m.high)} engineer-months, from the article)`,
    `Base engineer-months: low ${formatMonths(m.low)} × ${p.scale.toFixed(4)} = ${p.base.low.toFixed(3)}, likely ${formatMonths(m.likely)} × ${p.scale.toFixed(4)} = ${p.base.likely.toFixed(3)}, high ${formatMonths(m.high)} × ${p.scale.toFixed(4)} = ${p.base.high.toFixed(3)}`,
  ];
  for (const factor of e.factors) {
    const bounds = factorBounds(factor);
    lines.push(
      `Factor ${factor.id}: ${formatMultiplier(factor.value)}, uncertainty ${formatPercent(factor.uncertainty)} (low ${formatMultiplier(bounds.min)}, high ${formatMultiplier(bounds.max)}): ${factor.effect}`,
      ...factor.evidence.map((line) => `  - ${line}`),
    );
  }
  const values = e.factors.map((f) => f.value.toFixed(4)).join(' × ');
  lines.push(
    `Combined: likely ${values} = ${p.product.toFixed(4)}; uncertainty √(${e.factors.map((f) => `${f.uncertainty.toFixed(4)}²`).join(' + ')}) = ${p.combinedUncertainty.toFixed(4)}; low ${p.product.toFixed(4)} × (1 − ${p.combinedUncertainty.toFixed(4)} / 2) = ${p.lowProduct.toFixed(4)}; high ${p.product.toFixed(4)} × (1 + ${p.combinedUncertainty.toFixed(4)}) = ${p.highProduct.toFixed(4)}`,
    `Engineer-months: low ${p.base.low.toFixed(3)} × ${p.lowProduct.toFixed(4)} = ${formatMonths(e.months.low)}, likely ${p.base.likely.toFixed(3)} × ${p.product.toFixed(4)} = ${formatMonths(e.months.likely)}, high ${p.base.high.toFixed(3)} × ${p.highProduct.toFixed(4)} = ${formatMonths(e.months.high)}`,
    `Monte Carlo (seed ${a.monteCarlo.seed}, ${formatNumber(a.monteCarlo.samples)} samples; base triangular(low, likely, high), each factor triangular(value × (1 − u/2), value, value × (1 + u))): P10 ${formatMonths(e.percentiles.p10)}, P50 ${formatMonths(e.percentiles.p50)}, P90 ${formatMonths(e.percentiles.p90)}`,
    `Implied pace: ${formatNumber(p.effectiveLines, 1)} effective lines / ${formatMonths(e.months.likely)} = ${formatNumber(e.linesPerMonth.implied)} lines per engineer-month (article: ${formatNumber(e.linesPerMonth.articleLow)}-${formatNumber(e.linesPerMonth.articleHigh)})`,
  );
  return lines;
}

/**
 * What `--explain` prints: the headline formula with the numbers filled in factor by factor,
 * then the risk score's parts, the verdict and, when configured, the money.
 */
export function explainEstimate(output: EstimateOutput): string[] {
  const { estimate, risk, verdict, plan } = output;
  const lines = [...estimate.explanation, ''];
  lines.push(
    `Regression risk: ${risk.factors.map((f) => formatNumber(f.points, 1)).join(' + ')} = ${risk.score} -> ${risk.level}`,
  );
  for (const factor of risk.factors) {
    lines.push(`Risk ${factor.id}: ${formatNumber(factor.points, 1)} points`, ...factor.evidence.map((line) => `  - ${line}`), `  lower it: ${factor.mitigation}`);
  }
  lines.push('', `Verdict: ${verdict.summary}`);
  for (const step of plan) {
    lines.push(`  ${step.order}. ${step.method} ${step.path} (${step.file}): ${step.reason}`);
  }
  lines.push('');
  if (estimate.infra) lines.push('Infra:', ...estimate.infra.basis.map((line) => `  ${line}`));
  else if (estimate.infraHint) lines.push(`Infra: ${estimate.infraHint}`);
  return lines;
}
