import type { ReviewDecision } from '../pipeline/types.js';
import type { Endpoint } from '../result/types.js';
import { compareText, refOfEndpoint } from './review-file.js';

export interface StaleDecision {
  key: string;
  reason: string;
}

export interface DecisionMatch {
  /** Decisions whose endpoint exists, in the order given. */
  applied: ReviewDecision[];
  /** Decisions whose endpoint no longer exists, sorted by key, each with what changed if it can tell. */
  stale: StaleDecision[];
}

type EndpointLike = Pick<Endpoint, 'key' | 'method' | 'path' | 'file'>;

/**
 * Splits decisions into those that apply (their key names an endpoint of this analysis) and
 * stale ones, which are reported with a reason and never dropped silently: a lead must
 * learn that a route they relabelled moved or vanished.
 */
export function matchDecisions(endpoints: readonly EndpointLike[], decisions: readonly ReviewDecision[]): DecisionMatch {
  const keys = new Set(endpoints.map((endpoint) => endpoint.key));
  const applied: ReviewDecision[] = [];
  const stale: StaleDecision[] = [];
  for (const decision of decisions) {
    if (keys.has(decision.key)) applied.push(decision);
    else stale.push({ key: decision.key, reason: explainMissing(decision.key, endpoints) });
  }
  stale.sort((a, b) => compareText(a.key, b.key));
  return { applied, stale };
}

/** Says what became of a decision's endpoint: moved to another file, other methods only, or gone. */
function explainMissing(key: string, endpoints: readonly EndpointLike[]): string {
  const refs = endpoints.map(refOfEndpoint);
  const sameRoute = refs.filter((ref) => key.startsWith(`${ref.method} ${ref.path} `));
  if (sameRoute.length > 0) {
    const files = [...new Set(sameRoute.map((ref) => ref.file))].sort(compareText);
    return `the endpoint is now handled in ${files.join(', ')}`;
  }
  const samePathAndFile = refs.filter((ref) => {
    const suffix = ` ${ref.path} ${ref.file}`;
    return key.endsWith(suffix) && /^[A-Z]+$/.test(key.slice(0, key.length - suffix.length));
  });
  const methods = [...new Set(samePathAndFile.map((ref) => ref.method))].sort(compareText);
  if (methods.length > 0) return `that handler now serves ${methods.join(', ')} only`;
  return 'no endpoint with this method, path and handler file was found';
}
