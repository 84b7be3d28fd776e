import type { ProjectIndex } from '../../../linking/types.js';
import type { ModuleFacts } from '../../../parsing/types.js';
import type { DetectContext, DetectedEndpoint } from '../../types.js';
import { assembleEndpoints, type AssembledGraph } from './assemble.js';
import { GraphBuilder, type GraphPlugin } from './graph-builder.js';

export { GraphBuilder, argOf, isExternalNamed } from './graph-builder.js';
export type { CallExpr, CallSite, DecoratedTarget, GraphPlugin, ListItem, NodeShape, Site, Target } from './graph-builder.js';
export type { MountEdge, PathPiece, PathStyle, RouteDecl, RouteNode } from './types.js';
export { BRACE_STYLE, joinPathParts, normalizeAngleParams, normalizeBraceParams } from './paths.js';

/**
 * Frameworks that mount each other (a FastAPI app mounting a Starlette one) share one graph, built
 * once per project and plugin set, so each detector reads its own endpoints with the full prefixes
 * that the others contribute.
 */
const graphs = new WeakMap<ProjectIndex, Map<string, { modules: readonly ModuleFacts[]; assembled: AssembledGraph }>>();

export function routeGraphEndpoints(project: ProjectIndex, modules: readonly ModuleFacts[], plugins: readonly GraphPlugin[]): AssembledGraph {
  const key = plugins.map((plugin) => plugin.framework).join('+');
  let perProject = graphs.get(project);
  if (!perProject) graphs.set(project, (perProject = new Map()));
  const cached = perProject.get(key);
  if (cached && sameModules(cached.modules, modules)) return cached.assembled;
  const assembled = assembleEndpoints(new GraphBuilder(project, modules, plugins).build());
  perProject.set(key, { modules, assembled });
  return assembled;
}

function sameModules(a: readonly ModuleFacts[], b: readonly ModuleFacts[]): boolean {
  return a.length === b.length && a.every((module, index) => module === b[index]);
}

/** The `detect` of a graph-based detector: its own endpoints and diagnostics from the shared graph. */
export function detectWithGraph(context: DetectContext, plugins: readonly GraphPlugin[], framework: string): DetectedEndpoint[] {
  const assembled = routeGraphEndpoints(context.project, context.modules, plugins);
  const owner = plugins[0]?.framework;
  for (const { framework: from, diagnostic } of assembled.diagnostics) {
    // A diagnostic no framework could claim is reported once, by the first detector of the set.
    if (from === framework || (from === null && framework === owner)) context.report(diagnostic);
  }
  return assembled.endpoints.filter((endpoint) => endpoint.framework === framework).map((endpoint) => ({ ...endpoint }));
}
