import type { DetectContext, DetectedEndpoint } from '../../types.js';
import { buildPluginGraph } from './build.js';
import { emitPluginEndpoints } from './emit.js';
import type { PluginFramework } from './types.js';

export { buildPluginGraph } from './build.js';
export { emitPluginEndpoints } from './emit.js';
export { asLocated, contextOfBinding, follow, itemsOf, originOf, requiredModule, targetOfBinding, valueOf, viewOf, type ObjectView } from './locate.js';
export { socketEventsOf } from './socket-events.js';
export { isLocated, type GraphBuilderApi, type Located, type ModuleTarget, type PluginEdge, type PluginFramework, type PluginGraph, type PluginRoute, type PrefixStep, type Target } from './types.js';

/** Every endpoint of one plugin framework: its graph of apps and plugins, walked from its roots. */
export function detectPluginEndpoints(context: DetectContext, framework: PluginFramework): DetectedEndpoint[] {
  const graph = buildPluginGraph(context.project, context.modules, framework);
  const { endpoints, diagnostics } = emitPluginEndpoints(context.project, context.modules, graph, framework);
  for (const diagnostic of diagnostics) context.report(diagnostic);
  return endpoints;
}
