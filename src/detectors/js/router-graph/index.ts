import type { DetectContext, DetectedEndpoint } from '../../types.js';
import { buildRouterGraph } from './build-graph.js';
import { emitEndpoints } from './emit-endpoints.js';
import type { RouterFramework } from './types.js';

export { buildRouterGraph, type BuiltGraph } from './build-graph.js';
export { RouterTracer, type Traced } from './trace.js';
export { evaluateIn, loopEnvironments, iterationCallsOf } from './evaluate-in-context.js';
export { resolveHandlerExpr, resolveMiddleware } from './resolve-handlers.js';
export { EMPTY_ENV, type EvalContext, type GraphNode, type MountEdge, type RouteRecord, type RouterFramework } from './types.js';

/** Every endpoint of one router framework: the graph of its apps and routers, walked from its roots. */
export function detectRouterEndpoints(context: DetectContext, framework: RouterFramework): DetectedEndpoint[] {
  const graph = buildRouterGraph(context.project, context.modules, [framework]);
  return emitEndpoints(context.project, graph, framework, context);
}
