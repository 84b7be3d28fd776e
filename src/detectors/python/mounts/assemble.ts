import type { DetectedEndpoint, HandlerRef, MountStep } from '../../types.js';
import { resolutionOf } from '../../shared.js';
import type { GraphDiagnostic, RouteGraph } from './graph-builder.js';
import { isEmptyPiece, joinPathParts, stepPrefix, unresolvedText } from './paths.js';
import type { MountEdge, PathPiece, PathStyle, RouteDecl, RouteNode } from './types.js';

interface Frame {
  prefixes: PathPiece[];
  steps: MountStep[];
  middleware: HandlerRef[];
  version: PathPiece | undefined;
  /** The unmounted router the walk started from, when it is not an application. */
  orphan: boolean;
  stack: RouteNode[];
}

export interface AssembledGraph {
  endpoints: DetectedEndpoint[];
  diagnostics: GraphDiagnostic[];
}

/**
 * Walks the graph from every node nothing includes (applications, and routers that are never
 * mounted, whose routes are kept but flagged) and turns each route into one endpoint per method,
 * with every prefix on the way recorded as a mount step.
 */
export function assembleEndpoints(graph: RouteGraph): AssembledGraph {
  const styles = new Map<string, PathStyle>(graph.plugins.map((plugin) => [plugin.framework, plugin.style]));
  const included = new Set<RouteNode>();
  for (const node of graph.nodes) for (const edge of node.edges) included.add(edge.target);
  const endpoints = new Map<string, DetectedEndpoint>();
  const diagnostics: GraphDiagnostic[] = [...graph.diagnostics];
  const cycles = new Set<RouteNode>();

  const emit = (route: RouteDecl, frame: Frame): void => {
    const style = styles.get(route.framework);
    if (!style) return;
    const version = route.version ?? frame.version;
    const prefixes = version ? [version, ...frame.prefixes] : frame.prefixes;
    const steps = version ? [{ prefix: stepPrefix(version), file: version.file, line: version.line }, ...frame.steps] : frame.steps;
    const written = (piece: PathPiece): string => piece.text ?? unresolvedText(piece);
    const normalized = (piece: PathPiece): string => (piece.text === null ? unresolvedText(piece) : style.normalize(piece.text));
    const path = joinPathParts(prefixes.map(normalized), normalized(route.path), style);
    const originalPath = joinPathParts(prefixes.map(written), written(route.path), style);
    const prefixesResolved = !frame.orphan && prefixes.every((piece) => piece.text !== null);
    const resolution = resolutionOf(route.path.text !== null && route.methodsResolved, prefixesResolved, route.handler !== null || route.generated === true);
    const middleware = dedupeHandlers(route.inheritsMiddleware === false ? route.middleware : [...frame.middleware, ...route.middleware]);
    for (const method of route.methods) {
      const endpoint: DetectedEndpoint = {
        method,
        path,
        framework: route.framework,
        language: 'python',
        file: route.file,
        line: route.line,
        handler: route.handler,
        mountChain: steps,
        resolution,
      };
      if (originalPath !== path) endpoint.originalPath = originalPath;
      if (route.generated) endpoint.generated = true;
      if (middleware.length > 0) endpoint.middleware = middleware;
      if (route.tags && route.tags.length > 0) endpoint.tags = [...route.tags];
      const key = `${route.framework} ${method} ${path} ${route.file}:${route.line}`;
      if (!endpoints.has(key)) endpoints.set(key, endpoint);
    }
  };

  const visit = (node: RouteNode, frame: Frame, replaceOwnPrefix: boolean): number => {
    if (frame.stack.includes(node)) {
      cycles.add(node);
      return 0;
    }
    const prefixes = [...frame.prefixes];
    const steps = [...frame.steps];
    if (!replaceOwnPrefix && node.prefix && !isEmptyPiece(node.prefix)) {
      prefixes.push(node.prefix);
      steps.push({ prefix: stepPrefix(node.prefix), file: node.prefix.file, line: node.prefix.line });
    }
    const here: Frame = {
      prefixes,
      steps,
      middleware: [...frame.middleware, ...node.middleware],
      // A version passed down by what registers the node beats the node's own (Blueprint.register).
      version: frame.version ?? node.version,
      orphan: frame.orphan,
      stack: [...frame.stack, node],
    };
    let count = 0;
    for (const route of node.routes) {
      emit(route, here);
      count++;
    }
    for (const edge of node.edges) {
      const inner: Frame = { ...here, prefixes: [...here.prefixes], steps: [...here.steps], middleware: [...here.middleware, ...edge.middleware], version: versionFor(node, edge, frame.version) };
      if (edge.prefix && !isEmptyPiece(edge.prefix)) {
        inner.prefixes.push(edge.prefix);
        inner.steps.push({ prefix: stepPrefix(edge.prefix), file: edge.file, line: edge.line });
      }
      count += visit(edge.target, inner, edge.replacesPrefix === true);
    }
    return count;
  };

  const roots = graph.nodes.filter((node) => !included.has(node)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const root of roots) {
    const orphan = !root.standalone;
    const count = visit(root, { prefixes: [], steps: [], middleware: [], version: undefined, orphan, stack: [] }, false);
    if (orphan && count > 0) {
      diagnostics.push({
        framework: root.framework,
        diagnostic: {
          severity: 'warning',
          code: 'unmounted-router',
          message: `${root.label} is not included in any application found; its routes are listed without the prefixes it may be mounted under`,
          file: root.file,
          line: root.line,
          source: `detectors:${root.framework ?? 'python'}`,
        },
      });
    }
  }
  for (const node of cycles) {
    diagnostics.push({
      framework: node.framework,
      diagnostic: { severity: 'warning', code: 'mount-cycle', message: `${node.label} includes itself through its mounts; the cycle is followed once`, file: node.file, line: node.line, source: `detectors:${node.framework ?? 'python'}` },
    });
  }
  return { endpoints: [...endpoints.values()], diagnostics };
}

/**
 * The version a node is registered with, as Sanic computes it (the only framework with versions):
 * `app.blueprint(x, version=...)` sets it; a group passes its own version only to members that have
 * none (their own wins), and otherwise passes on what it was registered with.
 */
function versionFor(parent: RouteNode, edge: MountEdge, passed: PathPiece | undefined): PathPiece | undefined {
  if (edge.version) return edge.version;
  if (parent.kind !== 'group') return passed ?? parent.version;
  return edge.target.version ? passed : (parent.version ?? passed);
}

function dedupeHandlers(handlers: HandlerRef[]): HandlerRef[] {
  const seen = new Set<string>();
  return handlers.filter((handler) => {
    const key = `${handler.file}:${handler.startLine}:${handler.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
