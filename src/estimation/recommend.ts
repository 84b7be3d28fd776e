import picomatch from 'picomatch';
import type { DetectedEndpoint } from '../detectors/types.js';
import type { Classification, Evidence } from '../classification/types.js';
import type { Assumptions } from './assumptions.js';
import type { EndpointEstimate, PlanStep, Recommendation, Target, Verdict } from './types.js';
import { formatMonths, formatNumber, formatPercent, plural, roundTo } from './format.js';

/**
 * Where each endpoint should run, following the article's advice: Go for CPU-heavy and
 * high-throughput work, Python where the work is ML or data, Node for real-time features, and
 * no rewrite where the database, not the runtime, sets the pace.
 */

export type RecommendableEndpoint = DetectedEndpoint & {
  key: string;
  classification: Classification;
  /** A reviewer's target from gonogo.review.json: it wins over the rules, and plan and verdict follow it. */
  recommendationOverride?: Target;
};

export interface EndpointDecision {
  recommendation: Recommendation;
  /** Expected benefit of moving it (0 unless the target is go). */
  benefit: number;
}

const TARGET_PRIORITY: Target[] = ['go', 'keep-python', 'keep-node', 'not-worth-it'];

function sinkName(evidence: Evidence): string {
  const colon = evidence.signal.indexOf(':');
  return colon === -1 ? evidence.signal : evidence.signal.slice(colon + 1);
}

function firstEvidence(c: Classification, predicate: (e: Evidence) => boolean): Evidence | undefined {
  return c.evidence.find(predicate);
}

function at(e: Evidence | undefined): string {
  return e ? ` (${sinkName(e)} at ${e.file}:${e.line})` : '';
}

function runtimeOf(endpoint: RecommendableEndpoint): 'python' | 'node' {
  return endpoint.language === 'python' ? 'python' : 'node';
}

/** Trivial, generated or unclassified endpoints are too thin to decide on: they follow their service. */
function followsService(endpoint: RecommendableEndpoint): boolean {
  return endpoint.generated === true || endpoint.classification.tags.includes('trivial') || endpoint.classification.kind === 'unknown';
}

function decideOwn(endpoint: RecommendableEndpoint, critical: boolean, a: Assumptions): Recommendation {
  const c = endpoint.classification;
  const runtime = runtimeOf(endpoint);
  const blocked = runtime === 'python' ? "Python's GIL" : "Node's event loop";
  if (critical) {
    return {
      target: 'go',
      reason: `Throughput-critical (assumptions.recommendation.throughputCritical): Go serves more requests per server${runtime === 'python' ? ' (article: 3-5x over Python on I/O)' : ''}`,
    };
  }
  if (c.tags.includes('ml')) {
    const ml = firstEvidence(c, (e) => e.tag === 'ml');
    return runtime === 'python'
      ? { target: 'keep-python', reason: `ML inference${at(ml)}: Go has no equivalent of Python's ML stack` }
      : { target: 'keep-node', reason: `Model inference${at(ml)}: Go's ML libraries are no stronger than Node's` };
  }
  const data = new Set(a.recommendation.dataPackages);
  const dataWork = runtime === 'python' ? firstEvidence(c, (e) => e.kind === 'cpu' && data.has(e.package)) : undefined;
  if (dataWork) {
    return { target: 'keep-python', reason: `Data work${at(dataWork)}: keep it next to Python's data libraries` };
  }
  if (runtime === 'node' && c.tags.includes('realtime')) {
    return { target: 'keep-node', reason: 'Real-time (WebSocket / SSE): Node holds many open connections well and shares code with the frontend' };
  }
  if (c.kind === 'cpu') {
    const cpu = firstEvidence(c, (e) => e.kind === 'cpu');
    return { target: 'go', reason: `CPU-bound${at(cpu)}: blocks ${blocked}; Go runs it on every core` };
  }
  if (c.kind === 'mixed') {
    const cpu = firstEvidence(c, (e) => e.kind === 'cpu');
    return { target: 'go', reason: `Mixed CPU and I/O${at(cpu)}: the CPU part blocks ${blocked}; Go overlaps both` };
  }
  const io = firstEvidence(c, (e) => e.kind === 'io');
  return {
    target: 'not-worth-it',
    reason: `I/O-bound${at(io)}: the backing service, not the runtime, sets its speed; don't rewrite prematurely`,
  };
}

function benefitOf(endpoint: RecommendableEndpoint, critical: boolean, a: Assumptions): number {
  const kind = endpoint.classification.kind;
  const weight = (kind === 'cpu' ? a.benefit.cpu : kind === 'mixed' ? a.benefit.mixed : 0) + (critical ? a.benefit.throughputCritical : 0);
  return weight * a.benefit.runtimeGain[runtimeOf(endpoint)] * endpoint.classification.confidence;
}

export function recommendEndpoints(
  endpoints: readonly RecommendableEndpoint[],
  serviceOf: (path: string) => string,
  a: Assumptions,
): Map<string, EndpointDecision> {
  const isCritical =
    a.recommendation.throughputCritical.length > 0 ? picomatch(a.recommendation.throughputCritical) : () => false;
  const decisions = new Map<string, EndpointDecision>();
  const targetsByService = new Map<string, Map<Target, number>>();
  const deferred: RecommendableEndpoint[] = [];
  for (const endpoint of endpoints) {
    const critical = isCritical(endpoint.path);
    if (endpoint.recommendationOverride) {
      const target = endpoint.recommendationOverride;
      const recommendation = { target, reason: `Set in review (gonogo.review.json): ${target}` };
      decisions.set(endpoint.key, { recommendation, benefit: target === 'go' ? benefitOf(endpoint, critical, a) : 0 });
      const counts = targetsByService.get(serviceOf(endpoint.file)) ?? new Map<Target, number>();
      counts.set(target, (counts.get(target) ?? 0) + 1);
      targetsByService.set(serviceOf(endpoint.file), counts);
      continue;
    }
    if (followsService(endpoint) && !critical) {
      deferred.push(endpoint);
      continue;
    }
    const recommendation = decideOwn(endpoint, critical, a);
    const benefit = recommendation.target === 'go' ? benefitOf(endpoint, critical, a) : 0;
    decisions.set(endpoint.key, { recommendation, benefit });
    const service = serviceOf(endpoint.file);
    const counts = targetsByService.get(service) ?? new Map<Target, number>();
    counts.set(recommendation.target, (counts.get(recommendation.target) ?? 0) + 1);
    targetsByService.set(service, counts);
  }
  for (const endpoint of deferred) {
    const service = serviceOf(endpoint.file);
    const counts = targetsByService.get(service);
    const why = endpoint.generated
      ? 'Generated by the framework'
      : endpoint.classification.kind === 'unknown'
        ? 'No evidence to classify it'
        : 'Trivial handler';
    if (!counts) {
      decisions.set(endpoint.key, {
        recommendation: { target: 'not-worth-it', reason: `${why}, and nothing else in ${service} to move with` },
        benefit: 0,
      });
      continue;
    }
    const target = [...counts.entries()].sort(
      ([ta, ca], [tb, cb]) => cb - ca || TARGET_PRIORITY.indexOf(ta) - TARGET_PRIORITY.indexOf(tb),
    )[0]![0];
    decisions.set(endpoint.key, {
      recommendation: { target, reason: `${why}: follows its service ${service} (${target})` },
      benefit: 0,
    });
  }
  return decisions;
}

export function planMigration(
  endpoints: readonly RecommendableEndpoint[],
  decisions: ReadonlyMap<string, EndpointDecision>,
  estimates: ReadonlyMap<string, EndpointEstimate>,
): PlanStep[] {
  const steps = endpoints
    .filter((endpoint) => decisions.get(endpoint.key)?.recommendation.target === 'go')
    .map((endpoint) => {
      const decision = decisions.get(endpoint.key)!;
      const cost = estimates.get(endpoint.key)?.months.likely ?? 0;
      // A floor keeps a zero-line endpoint from dividing by zero and jumping the queue.
      const ratio = decision.benefit / Math.max(cost, 0.01);
      return { endpoint, decision, cost, ratio };
    })
    .sort(
      (x, y) =>
        y.ratio - x.ratio ||
        y.decision.benefit - x.decision.benefit ||
        x.endpoint.path.localeCompare(y.endpoint.path) ||
        x.endpoint.method.localeCompare(y.endpoint.method),
    );
  return steps.map(({ endpoint, decision, cost, ratio }, i) => ({
    order: i + 1,
    method: endpoint.method,
    path: endpoint.path,
    file: endpoint.file,
    benefit: roundTo(decision.benefit, 2),
    costMonths: roundTo(cost, 2),
    reason:
      decision.benefit > 0
        ? `benefit ${formatNumber(decision.benefit, 2)} for ${formatMonths(cost)} engineer-months (${formatNumber(ratio, 1)} per month): ${decision.recommendation.reason}`
        : `moves with its service: ${decision.recommendation.reason}`,
  }));
}

export function decideVerdict(
  endpoints: readonly RecommendableEndpoint[],
  decisions: ReadonlyMap<string, EndpointDecision>,
  estimates: ReadonlyMap<string, EndpointEstimate>,
  headline: { likely: number; p50: number; p90: number; riskLevel: string },
  a: Assumptions,
): Verdict {
  const counts = new Map<Target, number>();
  let goLines = 0;
  let allLines = 0;
  let goMonths = 0;
  for (const endpoint of endpoints) {
    const target = decisions.get(endpoint.key)?.recommendation.target ?? 'not-worth-it';
    counts.set(target, (counts.get(target) ?? 0) + 1);
    const estimate = estimates.get(endpoint.key);
    allLines += estimate?.lines ?? 0;
    if (target === 'go') {
      goLines += estimate?.lines ?? 0;
      goMonths += estimate?.months.likely ?? 0;
    }
  }
  const total = endpoints.length;
  const go = counts.get('go') ?? 0;
  const others = TARGET_PRIORITY.filter((t) => t !== 'go' && (counts.get(t) ?? 0) > 0)
    .map((t) => `${formatNumber(counts.get(t)!)} ${t}`)
    .join(', ');
  const full = `a full port is ${formatMonths(headline.likely)} engineer-months (P50 ${formatMonths(headline.p50)}, P90 ${formatMonths(headline.p90)}), ${headline.riskLevel} regression risk`;
  if (total === 0) {
    return { decision: 'stay', summary: `Stay: no endpoints found, so nothing gains from Go; ${full}.` };
  }
  if (go === 0) {
    return { decision: 'stay', summary: `Stay: none of the ${plural(total, 'endpoint')} gains enough from Go (${others}); ${full}.` };
  }
  const share = allLines > 0 ? goLines / allLines : go / total;
  if (share >= a.recommendation.rewriteShare) {
    return {
      decision: 'rewrite',
      summary: `Rewrite: ${formatNumber(go)} of ${plural(total, 'endpoint')} (${formatPercent(share, 0)} of endpoint code) gain from Go; ${full}.`,
    };
  }
  return {
    decision: 'rewrite-parts',
    summary: `Rewrite parts: move ${formatNumber(go)} of ${plural(total, 'endpoint')} (${formatPercent(share, 0)} of endpoint code) to Go for about ${formatMonths(goMonths)} engineer-months, keep the rest (${others}); ${full}.`,
  };
}
