import { compareDiagnostics, type Diagnostic } from '../../../diagnostics.js';
import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex, Value } from '../../../linking/types.js';
import type { ModuleFacts } from '../../../parsing/types.js';
import { joinRoutePath, resolutionOf, unresolvedSegment } from '../../shared.js';
import type { DetectedEndpoint, HandlerRef, MountStep } from '../../types.js';
import { resolveHandlerExpr, type GraphNode } from '../router-graph/index.js';
import { handlerPackage } from '../router-graph/resolve-handlers.js';
import { valueOf, withParams } from './locate.js';
import { socketEventsOf } from './socket-events.js';
import type { Located, PluginEdge, PluginFramework, PluginGraph, PluginRoute } from './types.js';

interface PathPiece {
  text: string;
  resolved: boolean;
}

interface WalkState {
  prefixes: PathPiece[];
  chain: MountStep[];
  middleware: HandlerRef[];
  params: Map<string, Value>;
  stack: string[];
  /** The walk started at a plugin nothing registers: its routes may miss a prefix. */
  unmounted: boolean;
}

const MAX_WALK_DEPTH = 64;

/**
 * Walks the plugin graph from its roots (apps, and plugins whose registration could not be
 * followed) and lists each route under every chain of registrations that reaches it: a plugin
 * registered twice yields its routes twice, once per prefix.
 */
export function emitPluginEndpoints(
  project: ProjectIndex,
  modules: readonly ModuleFacts[],
  graph: PluginGraph,
  framework: PluginFramework,
): { endpoints: DetectedEndpoint[]; diagnostics: Diagnostic[] } {
  const walker = new Walker(project, modules, graph, framework);
  const endpoints = walker.run();
  const diagnostics = new Map<string, Diagnostic>();
  const reached = graph.diagnostics.filter((entry) => entry.node === null || walker.visited.has(entry.node)).map((entry) => entry.diagnostic);
  for (const diagnostic of [...reached, ...walker.diagnostics.values()]) {
    const key = `${diagnostic.file}:${diagnostic.line}:${diagnostic.code}:${diagnostic.message}`;
    if (!diagnostics.has(key)) diagnostics.set(key, diagnostic);
  }
  return { endpoints, diagnostics: [...diagnostics.values()].sort(compareDiagnostics) };
}

class Walker {
  readonly diagnostics = new Map<string, Diagnostic>();
  /** Nodes the walk reached: the framework's apps and plugins. */
  readonly visited = new Set<string>();
  private readonly endpoints = new Map<string, DetectedEndpoint>();
  private readonly children = new Map<string, PluginEdge[]>();
  private readonly incoming = new Set<string>();

  constructor(
    private readonly project: ProjectIndex,
    private readonly modules: readonly ModuleFacts[],
    private readonly graph: PluginGraph,
    private readonly framework: PluginFramework,
  ) {
    for (const edge of graph.edges) {
      const list = this.children.get(edge.parent);
      if (list) list.push(edge);
      else this.children.set(edge.parent, [edge]);
      this.incoming.add(edge.child);
    }
  }

  run(): DetectedEndpoint[] {
    const roots = [...this.graph.tracer.nodes.values()].filter((node) => !this.incoming.has(node.key)).sort((a, b) => a.key.localeCompare(b.key));
    for (const root of roots) {
      let unmounted = false;
      if (root.kind === 'param') {
        if (!this.claims(root)) continue;
        unmounted = !(this.framework.isApplicationRoot?.(root, this.project, this.modules, this.graph.tracer) ?? false);
        if (unmounted) this.reportUnregistered(root);
      } else if (root.framework !== this.framework.id) continue;
      this.walk(root, { prefixes: [], chain: [], middleware: [], params: new Map(), stack: [], unmounted });
    }
    return [...this.endpoints.values()];
  }

  /**
   * A parameter nothing registers is a plugin of this framework when its module works with
   * the framework (by dependency, import or type annotation) and something under it declares
   * a route with a path and a handler: a parameter only ever called `.get(key)` is a map.
   */
  private claims(node: GraphNode): boolean {
    const type = node.param?.type ?? '';
    const typed = this.framework.router.typeNames.some((name) => type.includes(name));
    if (!typed) {
      const module = this.project.modules.get(node.file);
      const deps = this.project.dependenciesOf(node.file);
      const uses = this.framework.packages.some((pkg) => deps.has(pkg) || module?.imports.some((imp) => imp.source === pkg || imp.source.startsWith(`${pkg}/`)));
      if (!uses) return false;
    }
    return this.leadsToRoute(node.key, new Set());
  }

  private leadsToRoute(key: string, seen: Set<string>): boolean {
    if (seen.has(key)) return false;
    seen.add(key);
    if ((this.graph.routes.get(key) ?? []).some((route) => this.looksLikeRoute(route))) return true;
    return (this.children.get(key) ?? []).some((edge) => this.leadsToRoute(edge.child, seen));
  }

  private looksLikeRoute(route: PluginRoute): boolean {
    if (!route.path || (!route.handler && !route.builtinHandler)) return false;
    if (route.handler && !this.resolveFunction(route.handler, new Map())) return false;
    const value = valueOf(this.project, route.path);
    const first = value.k === 'arr' ? value.items[0] : value;
    return first?.k === 'str' && (first.v === '' || first.v.startsWith('/') || first.v === '*');
  }

  private reportUnregistered(node: GraphNode): void {
    this.addDiagnostic({
      severity: 'warning',
      code: 'unmounted-router',
      message:
        this.framework.explainUnregistered?.(node) ??
        `plugin parameter \`${node.name}\` is not registered on any app gonogo can follow; its routes are listed without the prefix it may be registered under`,
      file: node.file,
      line: node.line,
      source: `detectors:${this.framework.id}`,
    });
  }

  private walk(node: GraphNode, state: WalkState, viaShared = false): void {
    if (state.stack.includes(node.key) || state.stack.length > MAX_WALK_DEPTH) return;
    this.visited.add(node.key);
    const current: WalkState = { ...state, stack: [...state.stack, node.key] };
    if (!viaShared) current.middleware = mergeHandlers(current.middleware, this.hooksOf(node.key, current.params, new Set()));
    for (const route of this.graph.routes.get(node.key) ?? []) this.emitRoute(route, current);
    for (const edge of this.children.get(node.key) ?? []) {
      const child = this.graph.tracer.nodes.get(edge.child);
      if (!child) continue;
      const params = edge.params.size > 0 ? new Map([...current.params, ...edge.params]) : current.params;
      let branches: WalkState[] = [edge.resetPrefix ? { ...current, prefixes: [], chain: [], params } : { ...current, params }];
      for (const step of edge.prefixes) {
        branches = branches.flatMap((branch) =>
          this.piecesOf(step.source, branch.params, 'Plugin prefix').map((piece) => ({
            ...branch,
            prefixes: [...branch.prefixes, piece],
            chain: piece.text === '' || piece.text === '/' ? branch.chain : [...branch.chain, { prefix: piece.text, file: step.file, line: step.line }],
          })),
        );
      }
      for (const branch of branches) this.walk(child, branch, edge.shared === true);
    }
  }

  /** Hooks of a context: its own and those of plugins sharing it (fastify-plugin, direct calls). */
  private hooksOf(key: string, params: Map<string, Value>, seen: Set<string>): HandlerRef[] {
    if (seen.has(key)) return [];
    seen.add(key);
    const own = (this.graph.hooks.get(key) ?? []).map((hook) => this.resolveFunction(hook, params)).filter((ref): ref is HandlerRef => ref !== null);
    const shared = (this.children.get(key) ?? []).filter((edge) => edge.shared).flatMap((edge) => this.hooksOf(edge.child, params, seen));
    return mergeHandlers(own, shared);
  }

  private emitRoute(route: PluginRoute, state: WalkState): void {
    const pieces = route.path ? this.piecesOf(route.path, state.params, 'Route path') : [{ text: '', resolved: false }];
    const handler = route.handler ? this.resolveFunction(route.handler, state.params) : null;
    if (!handler) this.reportHandler(route);
    if (route.method === null) {
      this.addDiagnostic({
        severity: 'warning',
        code: 'unresolved-route-part',
        message: `HTTP method could not be resolved statically: ${route.methodExpr ? exprText(route.methodExpr.expr) : '(none)'}; listed as ALL`,
        file: route.file,
        line: route.line,
        source: `detectors:${this.framework.id}`,
      });
    }
    const middleware = mergeHandlers(
      state.middleware,
      route.middleware.map((hook) => this.resolveFunction(hook, state.params)).filter((ref): ref is HandlerRef => ref !== null),
    );
    const language = this.project.modules.get(route.file)?.language === 'typescript' ? 'typescript' : 'javascript';
    const prefixesResolved = state.prefixes.every((prefix) => prefix.resolved) && !state.unmounted;
    for (const piece of pieces) {
      const endpoint: DetectedEndpoint = {
        method: route.method ?? 'ALL',
        path: joinRoutePath(...state.prefixes.map((prefix) => prefix.text), piece.text),
        framework: this.framework.id,
        language,
        file: route.file,
        line: route.line,
        handler,
        mountChain: state.chain,
        resolution: resolutionOf(piece.resolved && route.method !== null, prefixesResolved, handler !== null),
        middleware,
      };
      if (route.realtime) {
        endpoint.events = socketEventsOf(this.project, handler);
        endpoint.tags = ['realtime'];
      }
      const key = `${endpoint.method} ${endpoint.path} ${endpoint.file}:${endpoint.line}`;
      if (!this.endpoints.has(key)) this.endpoints.set(key, endpoint);
    }
  }

  private reportHandler(route: PluginRoute): void {
    const source = `detectors:${this.framework.id}`;
    if (route.builtinHandler) {
      this.addDiagnostic({
        severity: 'info',
        code: 'external-handler',
        message: `Handler is the framework's built-in \`${route.builtinHandler}\` handler, not code of the repository`,
        file: route.file,
        line: route.line,
        source,
      });
      return;
    }
    const pkg = route.handler ? handlerPackage(this.project, route.handler.expr, route.handler.context) : null;
    this.addDiagnostic({
      severity: pkg ? 'info' : 'warning',
      code: pkg ? 'external-handler' : 'unresolved-route-part',
      message: pkg
        ? `Handler is a function of package ${pkg}, outside the repository: ${exprText(route.handler!.expr)}`
        : `Handler could not be resolved statically: ${route.handler ? exprText(route.handler.expr) : '(none)'}`,
      file: route.file,
      line: route.line,
      source,
    });
  }

  /** A handler or hook as a function of the repository: inline, named, imported, wrapped, or framework-specific. */
  private resolveFunction(located: Located, params: Map<string, Value>): HandlerRef | null {
    const context = withParams(located.context, params);
    const found = resolveHandlerExpr(this.project, located.expr, context, 0, located.name);
    if (found) return found;
    const extra = this.framework.resolveExtra?.(located);
    if (!extra) return null;
    // The extra function is known by the name the route uses (`fastify.authenticate`).
    const name = located.expr.k === 'member' ? located.expr.prop : undefined;
    return resolveHandlerExpr(this.project, extra.expr, withParams(extra.context, params), 0, name);
  }

  /** A path or prefix as its possible texts; an unknown part becomes an `{unresolved:...}` segment and a diagnostic. */
  private piecesOf(located: Located, params: Map<string, Value>, what: string): PathPiece[] {
    const value = valueOf(this.project, located, params);
    if (value.k === 'str' || value.k === 'num') return [{ text: String(value.v), resolved: true }];
    if (value.k === 'arr' && value.items.length > 0 && value.items.every((item) => item.k === 'str')) {
      return value.items.map((item) => ({ text: (item as { v: string }).v, resolved: true }));
    }
    this.addDiagnostic({
      severity: 'warning',
      code: 'unresolved-route-part',
      message: `${what} could not be resolved statically: ${exprText(located.expr)}`,
      file: located.context.module,
      line: located.context.line,
      source: `detectors:${this.framework.id}`,
    });
    return [{ text: this.partialText(located, params, 0), resolved: false }];
  }

  /**
   * A concatenation or template literal with unknown parts keeps its known parts:
   * `options.prefix + 'articles'` reads `{unresolved:options.prefix}articles`.
   */
  private partialText(located: Located, params: Map<string, Value>, depth: number): string {
    const { expr, context } = located;
    if (depth < 8 && expr.k === 'bin' && expr.op === '+') {
      return this.partialText({ expr: expr.left, context }, params, depth + 1) + this.partialText({ expr: expr.right, context }, params, depth + 1);
    }
    if (depth < 8 && expr.k === 'tpl') {
      return expr.parts.map((part) => (typeof part === 'string' ? part : this.partialText({ expr: part, context }, params, depth + 1))).join('');
    }
    const value = valueOf(this.project, located, params);
    return value.k === 'str' || value.k === 'num' ? String(value.v) : unresolvedSegment(expr);
  }

  private addDiagnostic(diagnostic: Diagnostic): void {
    const key = `${diagnostic.file}:${diagnostic.line}:${diagnostic.code}:${diagnostic.message}`;
    if (!this.diagnostics.has(key)) this.diagnostics.set(key, diagnostic);
  }
}

/** Handler lists joined without repeating a function already applied further up. */
function mergeHandlers(first: HandlerRef[], second: HandlerRef[]): HandlerRef[] {
  const seen = new Set(first.map((ref) => `${ref.file}#${ref.startLine}#${ref.name}`));
  const merged = [...first];
  for (const ref of second) {
    const key = `${ref.file}#${ref.startLine}#${ref.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(ref);
  }
  return merged;
}
