import type { Evidence, Kind } from './types.js';

/**
 * How evidence becomes a label. Every number here is documented in docs/classification.md;
 * change them together.
 */
export const THRESHOLDS = {
  /** CPU weight below this is incidental (a few JSON.parse calls, a JWT check): the endpoint is not CPU-bound. */
  cpuSignificant: 2,
  /**
   * CPU weight at least this many times the I/O weight makes the endpoint `cpu`; below it,
   * `mixed`. One password hash (5) beside one database read (1) stays `mixed`, the definition's
   * own example of a login.
   */
  cpuDominance: 6,
  /**
   * For `mixed`, significant CPU must also be at least this share of the I/O weight: a few
   * serialisations spread over dozens of queries leave an endpoint waiting, not computing.
   */
  cpuShareForMixed: 0.5,
  /** A handler that reaches no sink and at most this many code lines is `trivial`. */
  trivialLines: 10,
  /** Weight multiplier for a sink inside one loop (anywhere along its chain) and inside two or more. */
  loopMultiplier: 3,
  nestedLoopMultiplier: 6,
} as const;

/** Confidence adjustments, from a base that says "every call on the way was resolved". */
export const CONFIDENCE = {
  base: 0.9,
  perUnresolvedCall: 0.03,
  maxUnresolvedPenalty: 0.3,
  perHeuristicSink: 0.05,
  maxHeuristicPenalty: 0.2,
  depthLimit: 0.2,
  /** A label reached with no sink at all is a default, not a finding. */
  noSinkCeiling: 0.5,
  /** The scores sit within 25% of a threshold: a small change in the code could flip the label. */
  nearThreshold: 0.1,
  floor: 0.05,
} as const;

export function loopMultiplier(loops: number): number {
  return loops >= 2 ? THRESHOLDS.nestedLoopMultiplier : loops === 1 ? THRESHOLDS.loopMultiplier : 1;
}

export interface KindDecision {
  kind: Exclude<Kind, 'unknown'>;
  reason: string;
  cpuWeight: number;
  ioWeight: number;
  /** True when a score is within 25% of the threshold that decided the kind. */
  nearThreshold: boolean;
}

/**
 * Realtime frames (a WebSocket send or receive, an SSE stream) set the `realtime` tag and do not
 * weigh as I/O: a socket waiting for its next message is a held connection, not the server
 * waiting on a dependency.
 */
export function weighsAsIo(evidence: Evidence): boolean {
  return evidence.kind === 'io' && evidence.tag !== 'realtime';
}

export function decideKind(evidence: readonly Evidence[], reachedLines: number): KindDecision {
  const cpu = round(evidence.filter((e) => e.kind === 'cpu').reduce((sum, e) => sum + e.weight, 0));
  const io = round(evidence.filter(weighsAsIo).reduce((sum, e) => sum + e.weight, 0));
  const cpuNames = topNames(evidence, 'cpu');
  const ioNames = topNames(evidence, 'io');
  if (evidence.length === 0 || (cpu === 0 && io === 0)) {
    const frames = evidence.length > 0 ? `only realtime frames (${topNames(evidence, 'io')}) ` : 'no I/O or CPU sink ';
    return { kind: 'io', reason: `${frames}reached in ${reachedLines} line${reachedLines === 1 ? '' : 's'} of code: nothing in-process looks heavy`, cpuWeight: 0, ioWeight: 0, nearThreshold: false };
  }
  if (cpu < THRESHOLDS.cpuSignificant) {
    const near = cpu >= THRESHOLDS.cpuSignificant * 0.75;
    const waits = io > 0 ? `waits on I/O (weight ${io}: ${ioNames})` : 'no I/O sink reached';
    const computes = cpu > 0 ? `in-process CPU weight ${cpu} (${cpuNames}) is below ${THRESHOLDS.cpuSignificant}` : 'no CPU sink reached';
    return { kind: 'io', reason: `${waits}; ${computes}`, cpuWeight: cpu, ioWeight: io, nearThreshold: near };
  }
  if (cpu < io * THRESHOLDS.cpuShareForMixed) {
    const near = cpu >= io * THRESHOLDS.cpuShareForMixed * 0.75;
    return { kind: 'io', reason: `waits on I/O (weight ${io}: ${ioNames}); in-process CPU weight ${cpu} (${cpuNames}) is less than half of it`, cpuWeight: cpu, ioWeight: io, nearThreshold: near };
  }
  const ratio = io === 0 ? Number.POSITIVE_INFINITY : cpu / io;
  if (ratio >= THRESHOLDS.cpuDominance) {
    const near = cpu < THRESHOLDS.cpuSignificant * 1.25 || ratio < THRESHOLDS.cpuDominance * 1.25;
    const against = io === 0 ? 'no I/O sink reached' : `I/O weight ${io} (${ioNames}), under 1/${THRESHOLDS.cpuDominance} of it`;
    return { kind: 'cpu', reason: `in-process CPU work dominates: weight ${cpu} (${cpuNames}) against ${against}`, cpuWeight: cpu, ioWeight: io, nearThreshold: near };
  }
  const near = cpu < THRESHOLDS.cpuSignificant * 1.25 || ratio >= THRESHOLDS.cpuDominance * 0.75 || ratio < THRESHOLDS.cpuShareForMixed * 1.25;
  return { kind: 'mixed', reason: `both matter: CPU weight ${cpu} (${cpuNames}) beside I/O weight ${io} (${ioNames})`, cpuWeight: cpu, ioWeight: io, nearThreshold: near };
}

function topNames(evidence: readonly Evidence[], kind: 'io' | 'cpu'): string {
  const names: string[] = [];
  const counted = evidence.filter((e) => e.kind === kind && (kind === 'cpu' || weighsAsIo(e) || evidence.every((x) => !weighsAsIo(x))));
  for (const item of counted) {
    const name = item.chain[item.chain.length - 1]?.name ?? item.signal;
    if (!names.includes(name)) names.push(name);
    if (names.length === 3) break;
  }
  const total = new Set(counted.map((e) => e.chain[e.chain.length - 1]?.name ?? e.signal)).size;
  return total > names.length ? `${names.join(', ')} and ${total - names.length} more` : names.join(', ');
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
