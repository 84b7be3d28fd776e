import type { Kind } from '../classification/types.js';
import type { AnalysisResult, Endpoint } from '../result/types.js';
import type {
  CpuBoundChange,
  Delta,
  DependencyAddition,
  DynamicFeatureAddition,
  EndpointChange,
  EndpointChangeField,
  EndpointSnapshot,
  NumberDelta,
} from './types.js';

/**
 * How a change moves the Go estimate: the difference between the analysis of a base revision
 * and of a head revision. Pure, and deterministic: every list is sorted.
 */
export function computeDelta(base: AnalysisResult, head: AnalysisResult): Delta {
  const { added, removed, changed } = matchEndpoints(base.endpoints, head.endpoints);
  const becameCpuBound = findNewCpuBound(added, changed);
  return {
    repository: head.repository,
    endpoints: {
      base: base.endpoints.length,
      head: head.endpoints.length,
      added,
      removed,
      changed,
      becameCpuBound,
    },
    months: {
      likely: diffNumbers(base.estimate?.months.likely, head.estimate?.months.likely),
      p90: diffNumbers(base.estimate?.percentiles.p90, head.estimate?.percentiles.p90),
    },
    risk: {
      score: diffNumbers(base.risk?.score, head.risk?.score),
      baseLevel: base.risk?.level ?? null,
      headLevel: head.risk?.level ?? null,
    },
    verdict: { base: base.verdict, head: head.verdict },
    productionLines: diffNumbers(base.summary.productionCode, head.summary.productionCode),
    dynamicFeatures: findNewDynamicFeatures(base, head),
    dependencies: findNewDependencies(base, head),
    review: {
      base: base.review?.applied ?? null,
      head: head.review?.applied ?? null,
      staleOnHead: (head.review?.stale ?? []).map((entry) => entry.key).sort(compareStrings),
    },
  };
}

export function isCpuBound(kind: Kind): boolean {
  return kind === 'cpu' || kind === 'mixed';
}

/** `none` (Go has nothing for the job) and `unmapped` (the table does not know the package) both leave work unpriced. */
export function lacksGoEquivalent(dependency: Pick<DependencyAddition, 'fit'>): boolean {
  return dependency.fit === 'none' || dependency.fit === 'unmapped';
}

export function snapshotEndpoint(endpoint: Endpoint): EndpointSnapshot {
  const strongest = endpoint.classification.evidence[0];
  return {
    method: endpoint.method,
    path: endpoint.path,
    framework: endpoint.framework,
    generated: endpoint.generated === true,
    file: endpoint.file,
    line: endpoint.line,
    handlerFile: endpoint.handler?.file ?? null,
    handlerLine: endpoint.handler?.startLine ?? null,
    kind: endpoint.classification.kind,
    tags: [...endpoint.classification.tags].sort(compareStrings),
    recommendation: endpoint.recommendation?.target ?? null,
    months: endpoint.estimate ? roundTo(endpoint.estimate.months.likely, 2) : null,
    strongestEvidence: strongest ? `${strongest.signal} at ${strongest.file}:${strongest.line}` : null,
  };
}

export function compareSnapshots(a: EndpointSnapshot, b: EndpointSnapshot): number {
  return (
    compareStrings(a.path, b.path) ||
    compareStrings(a.method, b.method) ||
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    compareStrings(a.handlerFile ?? '', b.handlerFile ?? '')
  );
}

/**
 * Endpoints are matched by method and path. When several share both (two services each with a
 * `GET /health`), those with the same handler file pair first, then the rest pair in order, so a
 * duplicate never shows as a spurious removal plus addition.
 */
function matchEndpoints(
  baseEndpoints: readonly Endpoint[],
  headEndpoints: readonly Endpoint[],
): { added: EndpointSnapshot[]; removed: EndpointSnapshot[]; changed: EndpointChange[] } {
  const baseGroups = groupByRoute(baseEndpoints.map(snapshotEndpoint));
  const headGroups = groupByRoute(headEndpoints.map(snapshotEndpoint));
  const added: EndpointSnapshot[] = [];
  const removed: EndpointSnapshot[] = [];
  const changed: EndpointChange[] = [];
  const routes = new Set([...baseGroups.keys(), ...headGroups.keys()]);
  for (const route of routes) {
    const baseLeft = [...(baseGroups.get(route) ?? [])];
    const headLeft = [...(headGroups.get(route) ?? [])];
    const pairs: [EndpointSnapshot, EndpointSnapshot][] = [];
    for (let i = 0; i < headLeft.length; ) {
      const head = headLeft[i]!;
      const sameFile = baseLeft.findIndex((candidate) => candidate.handlerFile === head.handlerFile && candidate.file === head.file);
      const sameHandler = sameFile >= 0 ? sameFile : baseLeft.findIndex((candidate) => candidate.handlerFile === head.handlerFile);
      if (sameHandler >= 0) {
        pairs.push([baseLeft.splice(sameHandler, 1)[0]!, head]);
        headLeft.splice(i, 1);
      } else {
        i += 1;
      }
    }
    while (baseLeft.length > 0 && headLeft.length > 0) pairs.push([baseLeft.shift()!, headLeft.shift()!]);
    added.push(...headLeft);
    removed.push(...baseLeft);
    for (const [base, head] of pairs) {
      const changes = describeChanges(base, head);
      if (changes.length > 0) changed.push({ method: head.method, path: head.path, base, head, changes });
    }
  }
  added.sort(compareSnapshots);
  removed.sort(compareSnapshots);
  changed.sort((a, b) => compareSnapshots(a.head, b.head));
  return { added, removed, changed };
}

function groupByRoute(snapshots: EndpointSnapshot[]): Map<string, EndpointSnapshot[]> {
  const groups = new Map<string, EndpointSnapshot[]>();
  for (const snapshot of [...snapshots].sort(compareSnapshots)) {
    const route = `${snapshot.method} ${snapshot.path}`;
    const group = groups.get(route);
    if (group) group.push(snapshot);
    else groups.set(route, [snapshot]);
  }
  return groups;
}

function describeChanges(base: EndpointSnapshot, head: EndpointSnapshot): EndpointChangeField[] {
  const changes: EndpointChangeField[] = [];
  if (base.kind !== head.kind) changes.push('kind');
  if (base.recommendation !== head.recommendation) changes.push('recommendation');
  if (base.handlerFile !== head.handlerFile) changes.push('handler-file');
  return changes;
}

function findNewCpuBound(added: EndpointSnapshot[], changed: EndpointChange[]): CpuBoundChange[] {
  const result: CpuBoundChange[] = [];
  for (const endpoint of added) {
    if (isCpuBound(endpoint.kind)) result.push({ endpoint, reason: 'added', previousKind: null });
  }
  for (const change of changed) {
    if (isCpuBound(change.head.kind) && !isCpuBound(change.base.kind)) {
      result.push({ endpoint: change.head, reason: 'changed', previousKind: change.base.kind });
    }
  }
  return result.sort((a, b) => compareSnapshots(a.endpoint, b.endpoint));
}

/**
 * A feature's line moves whenever code above it changes, so sites are matched by kind, file and
 * what was found, ignoring the line; a site counts as new only when that triple occurs more often.
 */
function findNewDynamicFeatures(base: AnalysisResult, head: AnalysisResult): DynamicFeatureAddition[] {
  const baseCounts = new Map<string, number>();
  for (const site of base.estimate?.dynamicFeatures ?? []) {
    const key = featureKey(site);
    baseCounts.set(key, (baseCounts.get(key) ?? 0) + 1);
  }
  const additions: DynamicFeatureAddition[] = [];
  const headSites = [...(head.estimate?.dynamicFeatures ?? [])].sort(compareFeatures);
  for (const site of headSites) {
    const key = featureKey(site);
    const left = baseCounts.get(key) ?? 0;
    if (left > 0) baseCounts.set(key, left - 1);
    else additions.push({ kind: site.kind, file: site.file, line: site.line, what: site.what });
  }
  return additions;
}

function featureKey(site: DynamicFeatureAddition): string {
  return [site.kind, site.file, site.what].join('\u0000');
}

function compareFeatures(a: DynamicFeatureAddition, b: DynamicFeatureAddition): number {
  return compareStrings(a.file, b.file) || a.line - b.line || compareStrings(a.kind, b.kind) || compareStrings(a.what, b.what);
}

/** Dependencies are compared by ecosystem and name; a version bump is not a new dependency. */
function findNewDependencies(base: AnalysisResult, head: AnalysisResult): DependencyAddition[] {
  const before = new Set((base.estimate?.dependencies ?? []).map((dependency) => `${dependency.ecosystem}:${dependency.name}`));
  return (head.estimate?.dependencies ?? [])
    .filter((dependency) => !before.has(`${dependency.ecosystem}:${dependency.name}`))
    .map(
      (dependency): DependencyAddition => ({
        name: dependency.name,
        ecosystem: dependency.ecosystem,
        fit: dependency.fit,
        go: [...dependency.go],
        note: dependency.note ?? null,
        declaredIn: [...dependency.declaredIn].sort(compareStrings),
      }),
    )
    .sort((a, b) => compareStrings(a.ecosystem, b.ecosystem) || compareStrings(a.name, b.name));
}

function diffNumbers(base: number | undefined, head: number | undefined): NumberDelta {
  const b = base ?? null;
  const h = head ?? null;
  return { base: b, head: h, change: b === null || h === null ? null : roundTo(h - b, 2) };
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  // Adding 0 turns -0 into 0, so an unchanged value never prints as "-0".
  return Math.round(value * factor) / factor + 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
