import type { Value } from '../../../linking/types.js';
import type { Expr, ScopeId } from '../../../parsing/types.js';

/**
 * The router-graph engine models what Express, Koa and Hono (and later others) share:
 * objects that hold routes (apps and routers), created by a framework factory, passed
 * around between files, and mounted into each other under prefixes. A framework is
 * described as data; the engine does the tracing, the mounting and the path joining.
 */
export interface RouterFramework {
  /** Detector id, also the `framework` of the endpoints. */
  id: string;
  /** Packages whose imports may create this framework's objects. */
  packages: readonly string[];
  /**
   * The kind of object a call of an external creates, or null when it is not a factory.
   * `imported` is as the linker resolves it, without the trailing `()`: `*` for the package
   * itself (`express()`), `Router` for `express.Router()` / `new Router()`.
   */
  factoryKind(pkg: string, imported: string): 'app' | 'router' | null;
  /** Member names that register a route, mapped to the method (`ALL` for any). */
  methods: ReadonlyMap<string, string>;
  /** `use(prefix?, ...routersOrMiddleware)` mounts routers (Express, Koa). */
  mountsWithUse?: boolean;
  /** `route(path, child)` mounts a child app (Hono). */
  mountsWithRoute?: boolean;
  /** `route(path)` returns a route object whose method calls register at that path (Express). */
  routeObjects?: boolean;
  /** `get('name', '/path', ...)` names a route (koa-router). */
  namedRoutes?: boolean;
  /** `new Router({ prefix })` and `router.prefix('/x')` (koa-router). */
  routerPrefix?: boolean;
  /** `basePath('/x')` returns a copy of the app under that prefix (Hono). */
  basePath?: boolean;
  /** A chained registration without a path reuses the previous one's: `app.get('/x', a).post(b)` (Hono). */
  chainedPaths?: boolean;
  /** `on(method | methods, path | paths, ...handlers)` (Hono). */
  onMethod?: boolean;
  /** Members that return the object's request handler, so `x.routes()` stands for `x` (Koa). */
  handlerMembers?: readonly string[];
  /** External calls that mount their second argument under their first: koa-mount's `mount('/x', app)`. */
  mountWrappers?: readonly { package: string; imported: string }[];
  /** Type annotation fragments that mark a parameter as this framework's app or router. */
  typeNames: readonly string[];
}

/** Where an expression is evaluated: its module, scope and line, plus loop and parameter bindings. */
export interface EvalContext {
  module: string;
  scope: ScopeId;
  line: number;
  env: Environment;
}

export interface Environment {
  /** Loop variables (`for (const r of routes)`), which the linker does not see as bindings. */
  names: ReadonlyMap<string, Value>;
  /** Parameters bound by a call site, keyed by `module#fnId#index`. */
  params: ReadonlyMap<string, Value>;
}

export const EMPTY_ENV: Environment = { names: new Map(), params: new Map() };

/** A path or prefix as written, evaluated when the graph is walked (parameters may bind it). */
export type PathSource =
  | { kind: 'expr'; expr: Expr; context: EvalContext }
  /** A regular expression literal, kept as written (`/^\/ab+c$/`). */
  | { kind: 'regex'; text: string };

/** An app or router: created by a factory call, or a function parameter that receives one. */
export interface GraphNode {
  key: string;
  /** Framework id, or null for a parameter node until a call site tells. */
  framework: string | null;
  kind: 'app' | 'router' | 'param';
  /** Variable or parameter name, for messages. */
  name: string;
  file: string;
  line: number;
  /** Prefixes the object applies to all its routes: koa-router `prefix`, Hono `basePath` copies. */
  ownPrefixes: { source: PathSource; file: string; line: number }[];
  routes: RouteRecord[];
  /**
   * For a parameter node: the function and parameter, and the kind of object its default value
   * creates (`function init(app = new Koa())`): such a parameter is an app even with no caller.
   */
  param?: {
    module: string;
    fnId: number;
    index: number;
    /** A destructured parameter (`({ app }) => ...`): the property of the argument it reads. */
    property?: string;
    type?: string;
    defaultKind?: 'app' | 'router';
  };
}

export interface RouteRecord {
  /** Upper-case method, `ALL`, or null when a computed method could not be resolved. */
  method: string | null;
  methodExpr?: Expr;
  path: PathSource | null;
  /** The path argument when it was missing or not path-like, for the diagnostic. */
  file: string;
  line: number;
  handlerExpr: Expr | null;
  middlewareExprs: Expr[];
  context: EvalContext;
}

/** `parent.use(prefix, child)`: the child's routes appear under the prefix. */
export interface MountEdge {
  parent: string;
  child: string;
  /** null when the mount gives no prefix. */
  prefix: PathSource | null;
  file: string;
  line: number;
  /** Middleware passed before the child in the same mount call. */
  middlewareExprs: Expr[];
  context: EvalContext;
  /**
   * An alias edge says "the parameter node child *is* parent at this call site": no prefix step,
   * and the call's other arguments bind the function's parameters.
   */
  alias?: { params: Map<string, Value> };
}
