import type { Expr } from '../../../parsing/types.js';
import type { HandlerRef } from '../../types.js';

/**
 * The route graph shared by the Python detectors whose apps are objects that own routes and
 * include other route-owning objects under a prefix: FastAPI apps and routers, Starlette apps,
 * routers and mounts, aiohttp applications and route tables, Sanic apps, blueprints and groups.
 * Frameworks fill the graph through plugins; one walk from the applications turns it into
 * endpoints with full paths and mount chains.
 */

/** One piece of a path (a route path or a prefix) as evaluated from the source. */
export interface PathPiece {
  /** The statically known text, or null when the expression could not be evaluated. */
  text: string | null;
  /** The expression as written, quoted in diagnostics and in `{unresolved:...}` segments. */
  expr: Expr;
  file: string;
  line: number;
}

/** A route declared on a node. */
export interface RouteDecl {
  /** Detector id the endpoint belongs to (`fastapi`, `starlette`...). */
  framework: string;
  /** Upper-case methods, `WS` or `ALL`; one endpoint each. */
  methods: string[];
  /** false when the methods expression could not be evaluated (the route is then `ALL`). */
  methodsResolved: boolean;
  path: PathPiece;
  /** Where the route is registered: the decorator or the call. */
  file: string;
  line: number;
  handler: HandlerRef | null;
  /** Dependencies / decorators applied to this route only, outermost first. */
  middleware: HandlerRef[];
  /**
   * false for routes the dependencies of their routers do not reach: FastAPI applies router and
   * app `dependencies` to its own API routes only, not to plain Starlette routes or generated docs.
   */
  inheritsMiddleware?: boolean;
  tags?: string[];
  /** Added by the framework itself (FastAPI `/docs`). */
  generated?: boolean;
  /** Sanic route `version=`: becomes a leading `/v<n>` segment. */
  version?: PathPiece;
}

/** A route-owning object: an application, a router, a blueprint, a route table, a mount. */
export interface RouteNode {
  /** Stable identity: where the object is created (or the parameter that receives it). */
  key: string;
  /** Framework of the plugin that created it; null for a parameter not yet tied to one. */
  framework: string | null;
  /** Plugin-specific kind: `app`, `router`, `blueprint`, `group`, `table`, `mount`, `param`... */
  kind: string;
  /** How diagnostics name it: `APIRouter router`, `parameter app of setup_routes`. */
  label: string;
  file: string;
  line: number;
  /** An application serves requests on its own; other nodes only through what includes them. */
  standalone: boolean;
  /** Prefix the node applies to everything it owns (`APIRouter(prefix=...)`, `Blueprint(url_prefix=...)`). */
  prefix: PathPiece | null;
  /** Sanic blueprint or group `version=`. */
  version?: PathPiece;
  routes: RouteDecl[];
  edges: MountEdge[];
  /** Dependencies applied to everything the node owns (FastAPI `dependencies=[Depends(...)]`). */
  middleware: HandlerRef[];
  /** Plugin data (aiohttp keeps a resource's path here). */
  data?: PathPiece;
}

/** `parent` includes `target`, optionally under a prefix. */
export interface MountEdge {
  target: RouteNode;
  /** null when the include adds no prefix (merging a route table, a parameter receiving the app). */
  prefix: PathPiece | null;
  file: string;
  line: number;
  middleware: HandlerRef[];
  /** Sanic `app.blueprint(bp, url_prefix=...)` replaces the blueprint's own prefix instead of adding to it. */
  replacesPrefix?: boolean;
  version?: PathPiece;
}

/** How a framework writes and joins paths. */
export interface PathStyle {
  /** Route params to `{name}`. */
  normalize(path: string): string;
  /** Routers that match `/x/` and `/x` alike (Sanic, non-strict) report `/x`. */
  stripTrailingSlash: boolean;
}
