import { compareDiagnostics, type Diagnostic } from '../../../diagnostics.js';
import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex, Value } from '../../../linking/types.js';
import { joinRoutePath, resolutionOf, unresolvedSegment } from '../../shared.js';
import type { DetectContext, DetectedEndpoint, HandlerRef, MountStep } from '../../types.js';
import type { BuiltGraph } from './build-graph.js';
import { evaluateIn } from './evaluate-in-context.js';
import { handlerPackage, resolveHandlerExpr, resolveMiddleware } from './resolve-handlers.js';
import type { EvalContext, GraphNode, MountEdge, PathSource, RouteRecord, RouterFramework } from './types.js';

/** One resolved piece of a path: its text, whether it was read statically, and whether it is a regex. */
interface PathPiece {
  text: string;
  resolved: boolean;
  regex: boolean;
}

interface WalkState {
  prefixes: PathPiece[];
  chain: MountStep[];
  middleware: HandlerRef[];
  params: Map<string, Value>;
  stack: string[];
  /** The walk started at a router no app mounts: its routes may miss a prefix. */
  unmounted: boolean;
}

/**
 * Walks the router graph from every object nothing mounts (the apps, and routers or
 * parameters whose mount could not be followed) and lists each route under every chain of
 * prefixes that reaches it: a router mounted twice yields its routes twice.
 */
export function emitEndpoints(project: ProjectIndex, graph: BuiltGraph, framework: RouterFramework, context: DetectContext): DetectedEndpoint[] {
  const emitter = new Emitter(project, graph, framework);
  const endpoints = emitter.run();
  for (const diagnostic of [...emitter.diagnostics.values()].sort(compareDiagnostics)) context.report(diagnostic);
  return endpoints;
}

class Emitter {
  readonly diagnostics = new Map<string, Diagnostic>();
  private readonly endpoints = new Map<string, DetectedEndpoint>();
  private readonly children = new Map<string, MountEdge[]>();
  private readonly incoming = new Set<string>();

  constructor(
    private readonly project: ProjectIndex,
    private readonly graph: BuiltGraph,
    private readonly framework: RouterFramework,
  ) {
    for (const edge of graph.edges) {
      const list = this.children.get(edge.parent);
      if (list) list.push(edge);
      else this.children.set(edge.parent, [edge]);
      this.incoming.add(edge.child);
    }
  }

  run(): DetectedEndpoint[] {
    const roots = [...this.graph.nodes.values()].filter((node) => !this.incoming.has(node.key)).sort((a, b) => a.key.localeCompare(b.key));
    for (const root of roots) {
      if (!this.isOurs(root)) continue;
      const unmounted = root.kind !== 'app' && root.param?.defaultKind !== 'app';
      if (unmounted && this.hasRoutes(root, new Set())) this.reportUnmounted(root);
      this.walk(root, { prefixes: [], chain: [], middleware: [], params: new Map(), stack: [], unmounted });
    }
    return [...this.endpoints.values()];
  }

  /** Roots of this framework; a parameter no call site links is claimed by the framework its module uses. */
  private isOurs(node: GraphNode): boolean {
    if (node.framework !== null) return node.framework === this.framework.id;
    if (!node.param) return false;
    const typePackage = this.graph.tracer.paramTypePackage(node);
    if (typePackage) return this.framework.packages.includes(typePackage);
    const type = node.param.type ?? '';
    if (this.framework.typeNames.some((name) => type.includes(name))) return true;
    if (type && this.graph.tracer.frameworks.some((other) => other.id !== this.framework.id && other.typeNames.some((name) => type.includes(name)))) return false;
    const module = this.project.modules.get(node.file);
    const deps = this.project.dependenciesOf(node.file);
    const uses = this.framework.packages.some((pkg) => deps.has(pkg) || module?.imports.some((imp) => imp.source === pkg || imp.source.startsWith(`${pkg}/`)));
    // A parameter only ever called `.get(key, fallback)` is a map, a config or a response, not a router.
    return uses && this.routesUnder(node, new Set()).some((route) => this.looksLikeRoute(route));
  }

  /** Routes of a node and of everything mounted under it. */
  private routesUnder(node: GraphNode, seen: Set<string>): RouteRecord[] {
    if (seen.has(node.key)) return [];
    seen.add(node.key);
    const routes = [...node.routes];
    for (const edge of this.children.get(node.key) ?? []) {
      const child = this.graph.nodes.get(edge.child);
      if (child) routes.push(...this.routesUnder(child, seen));
    }
    return routes;
  }

  private looksLikeRoute(route: RouteRecord): boolean {
    if (!route.path || !route.handlerExpr) return false;
    if (!resolveHandlerExpr(this.project, route.handlerExpr, route.context)) return false;
    if (route.path.kind === 'regex') return true;
    const value = evaluateIn(this.project, route.path.expr, route.path.context);
    const first = value.k === 'arr' ? value.items[0] : value;
    return first?.k === 'str' && (first.v.startsWith('/') || first.v === '*');
  }

  private hasRoutes(node: GraphNode, seen: Set<string>): boolean {
    if (seen.has(node.key)) return false;
    seen.add(node.key);
    if (node.routes.length > 0) return true;
    return (this.children.get(node.key) ?? []).some((edge) => {
      const child = this.graph.nodes.get(edge.child);
      return child !== undefined && this.hasRoutes(child, seen);
    });
  }

  private reportUnmounted(node: GraphNode): void {
    const what = node.kind === 'param' ? `parameter \`${node.name}\`` : `router \`${node.name}\``;
    this.addDiagnostic({
      severity: 'warning',
      code: 'unmounted-router',
      message: `${what} is not mounted on any app gonogo can follow; its routes are listed without the prefix it may be mounted under`,
      file: node.file,
      line: node.line,
      source: `detectors:${this.framework.id}`,
    });
  }

  private walk(node: GraphNode, state: WalkState): void {
    if (state.stack.includes(node.key) || state.stack.length > 64) return;
    const stack = [...state.stack, node.key];
    let states: WalkState[] = [{ ...state, stack }];
    for (const own of node.ownPrefixes) {
      states = states.flatMap((current) => this.withPrefix(current, own.source, own.file, own.line));
    }
    for (const current of states) {
      for (const route of node.routes) this.emitRoute(route, current);
      for (const edge of this.children.get(node.key) ?? []) {
        const child = this.graph.nodes.get(edge.child);
        if (!child) continue;
        const middleware = [...current.middleware, ...resolveMiddleware(this.project, edge.middlewareExprs, this.contextWith(edge.context, current.params))];
        if (edge.alias) {
          const params = new Map([...current.params, ...edge.alias.params]);
          this.walk(child, { ...current, middleware, params });
          continue;
        }
        const next = edge.prefix ? this.withPrefix(current, edge.prefix, edge.file, edge.line) : [current];
        for (const branch of next) this.walk(child, { ...branch, middleware });
      }
    }
  }

  /** The state after one more prefix; an array of prefixes branches the walk. */
  private withPrefix(state: WalkState, source: PathSource, file: string, line: number): WalkState[] {
    return this.piecesOf(source, state.params, 'Mount prefix').map((piece) => ({
      ...state,
      prefixes: [...state.prefixes, piece],
      chain: isEmptyPrefix(piece.text) ? state.chain : [...state.chain, { prefix: piece.text, file, line }],
    }));
  }

  private emitRoute(route: RouteRecord, state: WalkState): void {
    const context = this.contextWith(route.context, state.params);
    const pieces: PathPiece[] = route.path ? this.piecesOf(route.path, state.params, 'Route path') : [{ text: '', resolved: false, regex: false }];
    const handler = route.handlerExpr ? resolveHandlerExpr(this.project, route.handlerExpr, context) : null;
    if (!handler) {
      const pkg = route.handlerExpr ? handlerPackage(this.project, route.handlerExpr, context) : null;
      this.addDiagnostic({
        severity: pkg ? 'info' : 'warning',
        code: pkg ? 'external-handler' : 'unresolved-route-part',
        message: pkg
          ? `Handler is a function of package ${pkg}, outside the repository: ${exprText(route.handlerExpr!)}`
          : `Handler could not be resolved statically: ${route.handlerExpr ? exprText(route.handlerExpr) : '(none)'}`,
        file: route.file,
        line: route.line,
        source: `detectors:${this.framework.id}`,
      });
    }
    if (route.method === null) {
      this.addDiagnostic({
        severity: 'warning',
        code: 'unresolved-route-part',
        message: `HTTP method could not be resolved statically: ${route.methodExpr ? exprText(route.methodExpr) : '(none)'}; listed as ALL`,
        file: route.file,
        line: route.line,
        source: `detectors:${this.framework.id}`,
      });
    }
    const middleware = [...state.middleware, ...resolveMiddleware(this.project, route.middlewareExprs, context)];
    const language = this.project.modules.get(route.file)?.language;
    for (const piece of pieces) {
      const path = buildPath(state.prefixes, piece);
      const prefixesResolved = state.prefixes.every((prefix) => prefix.resolved) && !state.unmounted;
      const resolution = resolutionOf(piece.resolved && route.method !== null, prefixesResolved, handler !== null);
      const endpoint: DetectedEndpoint = {
        method: route.method ?? 'ALL',
        path,
        framework: this.framework.id,
        language: language === 'typescript' ? 'typescript' : 'javascript',
        file: route.file,
        line: route.line,
        handler,
        mountChain: state.chain,
        resolution,
        middleware,
      };
      const key = `${endpoint.method} ${endpoint.path} ${endpoint.file}:${endpoint.line}`;
      if (!this.endpoints.has(key)) this.endpoints.set(key, endpoint);
    }
  }

  private contextWith(context: EvalContext, params: Map<string, Value>): EvalContext {
    if (params.size === 0) return context;
    return { ...context, env: { names: context.env.names, params: new Map([...context.env.params, ...params]) } };
  }

  /** A path source as its possible texts; an unknown part becomes an `{unresolved:...}` segment and a diagnostic. */
  private piecesOf(source: PathSource, params: Map<string, Value>, what: string): PathPiece[] {
    if (source.kind === 'regex') return [{ text: source.text, resolved: true, regex: true }];
    const context = this.contextWith(source.context, params);
    const expr = source.expr;
    if (expr.k === 'arr') {
      return expr.items.flatMap((item) => this.piecesOf(item.k === 'regex' ? { kind: 'regex', text: `/${item.v}/` } : { kind: 'expr', expr: item, context }, new Map(), what));
    }
    const value = evaluateIn(this.project, expr, context);
    if (value.k === 'str' || value.k === 'num') return [{ text: String(value.v), resolved: true, regex: false }];
    if (value.k === 'arr' && value.items.length > 0 && value.items.every((item) => item.k === 'str')) {
      return value.items.map((item) => ({ text: (item as { v: string }).v, resolved: true, regex: false }));
    }
    this.addDiagnostic({
      severity: 'warning',
      code: 'unresolved-route-part',
      message: `${what} could not be resolved statically: ${exprText(expr)}`,
      file: context.module,
      line: context.line,
      source: `detectors:${this.framework.id}`,
    });
    return [{ text: unresolvedSegment(expr), resolved: false, regex: false }];
  }

  private addDiagnostic(diagnostic: Diagnostic): void {
    const key = `${diagnostic.file}:${diagnostic.line}:${diagnostic.code}:${diagnostic.message}`;
    if (!this.diagnostics.has(key)) this.diagnostics.set(key, diagnostic);
  }
}

function isEmptyPrefix(text: string): boolean {
  return text === '' || text === '/';
}

/** Prefixes and route joined; a regex route keeps its literal after the prefix (`/api/^\/ab+c$/`). */
function buildPath(prefixes: PathPiece[], route: PathPiece): string {
  if (route.regex) {
    const base = joinRoutePath(...prefixes.map((prefix) => prefix.text));
    return (base === '/' ? '' : base) + route.text;
  }
  return joinRoutePath(...prefixes.map((prefix) => prefix.text), route.text);
}
