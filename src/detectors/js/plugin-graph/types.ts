import type { Diagnostic } from '../../../diagnostics.js';
import type { ProjectIndex, Value } from '../../../linking/types.js';
import type { Arg, CallFact, Expr, ModuleFacts } from '../../../parsing/types.js';
import type { EvalContext, GraphNode, RouterFramework, RouterTracer } from '../router-graph/index.js';

/**
 * The plugin-graph engine models frameworks whose routes live in *plugins*: functions that
 * receive a server instance and register routes on it, handed to `register(plugin, options)`
 * rather than mounted like Express routers (Fastify, Hapi). Apps and plugin parameters are
 * traced with the router-graph's RouterTracer; registrations become edges that carry prefixes
 * and bind the plugin's options parameter; route declarations are read from option objects.
 */

/** An expression with the place it is evaluated in (module, scope, line, loop and parameter bindings). */
export interface Located {
  expr: Expr;
  context: EvalContext;
  /** The name an inline function is known by when it has none of its own (`addHook('onRequest', async () => ...)`). */
  name?: string;
}

/** A whole module used as a value (`require('./routes')` of a module without a CommonJS default). */
export interface ModuleTarget {
  module: string;
  line: number;
}

export type Target = Located | ModuleTarget;

export function isLocated(target: Target): target is Located {
  return 'expr' in target;
}

/** A route as declared: its parts stay expressions until the walk knows the parameters bound above it. */
export interface PluginRoute {
  /** Upper case, `ALL`, `WS`; null when a computed method could not be resolved. */
  method: string | null;
  methodExpr?: Located;
  path: Located | null;
  /** Where the route is declared: the registering call, or the statement holding its options object. */
  file: string;
  line: number;
  handler: Located | null;
  /** A handler the framework provides (hapi's `directory`, `file`, `proxy` handlers), by name. */
  builtinHandler?: string;
  /** Route-level hooks run before the handler, in order. */
  middleware: Located[];
  /** WebSocket route: tagged `realtime`, its events read from the handler. */
  realtime?: boolean;
}

/** One prefix an edge applies, with where it comes from. */
export interface PrefixStep {
  source: Located;
  file: string;
  line: number;
}

export interface PluginEdge {
  parent: string;
  child: string;
  /** Prefixes applied in order; empty when the registration gives none. */
  prefixes: PrefixStep[];
  /** The child's prefix replaces the inherited ones (hapi's per-plugin `routes.prefix` inside a prefixed realm). */
  resetPrefix?: boolean;
  /**
   * The child shares the parent's context (fastify-plugin, a direct call passing the instance):
   * its hooks are the parent's, and it adds no context of its own.
   */
  shared?: boolean;
  file: string;
  line: number;
  /** Values bound to the child function's parameters: plugin options, call-site arguments. */
  params: Map<string, Value>;
  kind: 'register' | 'call';
}

/** What a framework adapter may do while the graph is built. */
export interface GraphBuilderApi {
  readonly project: ProjectIndex;
  readonly tracer: RouterTracer;
  readonly modules: readonly ModuleFacts[];
  addRoute(node: GraphNode, route: PluginRoute): void;
  addEdge(edge: PluginEdge): void;
  addHook(node: GraphNode, hook: Located): void;
  /** The node standing for a function's parameter (the instance a plugin receives). */
  paramNodeOf(module: string, fnId: number, index: number): GraphNode | null;
  /** Reports a problem with the call being read; kept only if its instance turns out to be the framework's. */
  report(diagnostic: Omit<Diagnostic, 'source'>): void;
}

/** A framework plugged into the engine: the tracer's descriptor plus the calls it reads. */
export interface PluginFramework {
  id: string;
  /** Descriptor for RouterTracer: the factories that create apps, and members that return the instance. */
  router: RouterFramework;
  /** Member names whose calls on an app or plugin instance the adapter reads. */
  members: ReadonlySet<string>;
  /** Packages whose presence (dependency or import) says a module works with this framework. */
  packages: readonly string[];
  readCall(api: GraphBuilderApi, node: GraphNode, prop: string, call: CallFact, args: Arg[], context: EvalContext): void;
  /** After every call was read (Fastify's autoload folders, decorations). */
  finish?(api: GraphBuilderApi): void;
  /** Is this unregistered plugin parameter the application itself (a plugin file that fastify-cli loads)? */
  isApplicationRoot?(node: GraphNode, project: ProjectIndex, modules: readonly ModuleFacts[], tracer: RouterTracer): boolean;
  /** Says why a plugin nothing registers is left out, when the framework knows better than "not registered". */
  explainUnregistered?(node: GraphNode): string | null;
  /** Resolves a handler or hook the generic resolution could not (Fastify decorations). */
  resolveExtra?(located: Located): Located | null;
}

export interface PluginGraph {
  tracer: RouterTracer;
  routes: Map<string, PluginRoute[]>;
  edges: PluginEdge[];
  hooks: Map<string, Located[]>;
  /**
   * What reading the calls could not resolve, with the node whose call it was: only nodes the
   * walk reaches are this framework's, so only their diagnostics are reported.
   */
  diagnostics: { node: string | null; diagnostic: Diagnostic }[];
}
