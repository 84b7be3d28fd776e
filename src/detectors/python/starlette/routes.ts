import { exprText } from '../../../linking/project-index.js';
import type { Expr } from '../../../parsing/types.js';
import { argOf, isExternalNamed, type CallExpr, type CallSite, type GraphBuilder, type ListItem, type Site } from '../mounts/graph-builder.js';
import type { HandlerRef } from '../../types.js';
import type { RouteNode } from '../mounts/types.js';

/**
 * Starlette's routing vocabulary, shared by the Starlette and FastAPI plugins (a FastAPI app is a
 * Starlette app: `routes=[...]`, `add_route`, `mount` and `Mount` trees work on both).
 */

/** Packages whose route classes are Starlette's (FastAPI re-exports them and adds APIRoute). */
export const ASGI_PACKAGES = ['starlette', 'fastapi'];
/** Methods an HTTPEndpoint class may define, in the order endpoints are listed. */
export const ENDPOINT_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const ROUTE_CLASSES = ['Route', 'WebSocketRoute', 'Mount', 'Host', 'APIRoute', 'APIWebSocketRoute'];
/** Mounted apps that serve files, not endpoints. */
const STATIC_APPS = ['StaticFiles'];

export interface EndpointRoute {
  framework: string;
  path: Expr | undefined;
  /** The endpoint expression, or the decorated function's handler. */
  endpoint: Expr | HandlerRef | undefined;
  methods: Expr | undefined;
  websocket: boolean;
  site: Site;
  line: number;
  /** FastAPI's own API routes take the dependencies of their routers; Starlette routes do not. */
  apiRoute: boolean;
  middleware?: HandlerRef[];
  /** Default methods when none are given: FastAPI API routes and Starlette function endpoints serve GET. */
  defaultMethods?: string[];
}

/**
 * `add_route(path, route, methods=...)` and `add_websocket_route(path, route)`: Starlette's
 * imperative API, which FastAPI apps and routers inherit unchanged.
 */
export function addRouteByCall(node: RouteNode, method: 'add_route' | 'add_websocket_route', site: CallSite, builder: GraphBuilder, framework: string): void {
  const call = site.call;
  addEndpointRoute(
    node,
    {
      framework,
      path: argOf(call, 0, 'path'),
      endpoint: argOf(call, 1, 'route') ?? argOf(call, -1, 'endpoint'),
      methods: method === 'add_route' ? argOf(call, 2, 'methods') : undefined,
      websocket: method === 'add_websocket_route',
      site,
      line: call.line,
      apiRoute: false,
    },
    builder,
  );
}

function isHandlerRef(value: Expr | HandlerRef): value is HandlerRef {
  return 'startLine' in value;
}

/**
 * Adds a route the Starlette way: a function endpoint serves the given methods or GET (HEAD is
 * implied and not listed), an HTTPEndpoint class serves the verbs it defines or inherits, a
 * WebSocket route is `WS`.
 */
export function addEndpointRoute(node: RouteNode, route: EndpointRoute, builder: GraphBuilder): void {
  const site: Site = { ...route.site, line: route.line };
  const path = builder.piece(route.path, site, route.framework, 'Route path');
  const base = { framework: route.framework, path, file: site.module.path, line: route.line, middleware: route.middleware ?? [], ...(route.apiRoute ? {} : { inheritsMiddleware: false }) };
  let methods: string[] | null = null;
  let methodsResolved = true;
  if (route.methods) {
    methods = builder.methodList(route.methods, site);
    if (methods === null) {
      methodsResolved = false;
      builder.reportUnresolved(route.framework, 'Route methods', route.methods, site);
    }
  }
  const endpoint = route.endpoint;
  if (endpoint && !isHandlerRef(endpoint)) {
    const cls = builder.classOf(builder.resolve(endpoint, site));
    const instance = cls ? null : builder.instanceOf(endpoint, site);
    if (instance) {
      // An instance of an ASGI class (`Route("/metrics", Metrics())`) is called for every method.
      const [call] = builder.viewMethods(instance, ['__call__']);
      builder.addRoute(node, { ...base, methods: route.websocket ? ['WS'] : (methods ?? ['ALL']), methodsResolved, handler: call?.handler ?? null, ...(route.websocket ? { tags: ['realtime'] } : {}) });
      if (!call) reportHandler(builder, route.framework, endpoint, site);
      return;
    }
    if (cls) {
      if (route.websocket) {
        const [handler] = builder.viewMethods(cls, ['on_receive', 'on_connect']);
        builder.addRoute(node, { ...base, methods: ['WS'], methodsResolved, handler: handler?.handler ?? null, tags: ['realtime'] });
        if (!handler) reportHandler(builder, route.framework, endpoint, site);
        return;
      }
      const verbs = builder.viewMethods(cls, ENDPOINT_VERBS);
      const wanted = methods ? verbs.filter((v) => methods!.includes(v.verb.toUpperCase())) : verbs;
      for (const { verb, handler } of wanted) builder.addRoute(node, { ...base, methods: [verb.toUpperCase()], methodsResolved, handler });
      if (wanted.length === 0) {
        // A class with no verb methods is a plain ASGI app: it takes every method itself.
        const [call] = builder.viewMethods(cls, ['__call__']);
        builder.addRoute(node, { ...base, methods: methods ?? ['ALL'], methodsResolved, handler: call?.handler ?? null });
        if (!call) reportHandler(builder, route.framework, endpoint, site);
      }
      return;
    }
  }
  const handler = endpoint === undefined ? null : isHandlerRef(endpoint) ? endpoint : builder.handler(endpoint, site);
  if (!handler) reportHandler(builder, route.framework, endpoint, site);
  if (route.websocket) {
    builder.addRoute(node, { ...base, methods: ['WS'], methodsResolved: true, handler, tags: ['realtime'] });
    return;
  }
  const list = methods ?? (methodsResolved ? (route.defaultMethods ?? ['GET']) : ['ALL']);
  builder.addRoute(node, { ...base, methods: route.apiRoute ? list : withoutImpliedHead(list), methodsResolved, handler });
}

/** Starlette adds HEAD to every GET route by itself; listing it too would count one endpoint twice. */
function withoutImpliedHead(methods: string[]): string[] {
  return methods.includes('GET') ? methods.filter((m) => m !== 'HEAD') : methods;
}

function reportHandler(builder: GraphBuilder, framework: string, expr: Expr | HandlerRef | undefined, site: Site): void {
  if (expr !== undefined && isHandlerRef(expr)) return;
  builder.reportUnresolved(framework, 'Route handler', expr ?? { k: 'other', text: '<missing>' }, site);
}

/** `routes=[Route(...), Mount(...)]`, the list possibly built in other modules. */
export function addRouteList(node: RouteNode, list: Expr, site: Site, builder: GraphBuilder, framework: string): void {
  const { items, complete } = builder.items(list, site);
  if (!complete) builder.reportUnresolved(framework, 'Route list', list, site);
  for (const item of items) addRouteItem(node, item, builder, framework);
}

function addRouteItem(node: RouteNode, item: ListItem, builder: GraphBuilder, framework: string): void {
  const { expr, site } = item;
  const call = expr.k === 'call' ? builder.refreshCall(expr, site) : null;
  const kind = call ? isExternalNamed(builder.resolve(call.callee, site), ASGI_PACKAGES, ROUTE_CLASSES) : null;
  if (!call || !kind) {
    builder.report(framework, 'warning', 'unresolved-route-part', `Route list item is not a route that could be read statically: ${exprText(expr)}`, site.module.path, call?.line ?? site.line);
    return;
  }
  const at: Site = { ...site, line: call.line };
  const owner = builder.resolve(call.callee, site);
  const itemFramework = owner.kind === 'external' && owner.package === 'fastapi' ? 'fastapi' : 'starlette';
  switch (kind) {
    case 'Route':
    case 'APIRoute':
    case 'WebSocketRoute':
    case 'APIWebSocketRoute': {
      const websocket = kind === 'WebSocketRoute' || kind === 'APIWebSocketRoute';
      addEndpointRoute(
        node,
        {
          framework: itemFramework,
          path: argOf(call, 0, 'path'),
          endpoint: argOf(call, 1, 'endpoint'),
          methods: websocket ? undefined : argOf(call, -1, 'methods'),
          websocket,
          site: at,
          line: call.line,
          apiRoute: kind.startsWith('API'),
        },
        builder,
      );
      return;
    }
    case 'Mount':
      addMount(node, call, at, builder, itemFramework, argOf(call, 0, 'path'), argOf(call, 1, 'app'), argOf(call, 2, 'routes'));
      return;
    case 'Host':
      addMount(node, call, at, builder, itemFramework, undefined, argOf(call, 1, 'app'), undefined);
      return;
  }
}

/**
 * `Mount(path, routes=[...])`, `Mount(path, app=sub)`, `app.mount(path, sub)`, `Host(host, app)`:
 * an edge to the mounted node under the path (a host adds no path).
 */
export function addMount(parent: RouteNode, call: CallExpr, site: Site, builder: GraphBuilder, framework: string, path: Expr | undefined, app: Expr | undefined, routes: Expr | undefined): void {
  const prefix = path ? builder.piece(path, site, framework, 'Mount path') : null;
  if (routes) {
    const { node, created } = builder.inlineNode(framework, 'mount', `\`Mount(${path ? exprText(path) : ''}, ...)\``, site, call.line);
    if (created) addRouteList(node, routes, site, builder, framework);
    builder.addEdge(parent, { target: node, prefix, file: site.module.path, line: call.line, middleware: [] });
    return;
  }
  if (!app) return;
  const target = builder.target(app, site);
  if (target.kind === 'node') {
    builder.addEdge(parent, { target: target.node, prefix, file: site.module.path, line: call.line, middleware: [] });
    return;
  }
  const external = target.kind === 'binding' ? builder.externalBase(target.binding.kind === 'value' ? builder.project.resolveExpr(app, site.module.path, site.scope) : target.binding) : null;
  if (external && STATIC_APPS.some((name) => external.imported.replace(/\(\)$/, '').endsWith(name))) return;
  if (external) {
    builder.report(framework, 'info', 'external-app-mounted', `An application from package ${external.package} is mounted at ${prefix?.text ?? exprText(path ?? app)}; its routes are not analysed: ${exprText(app)}`, site.module.path, call.line);
    return;
  }
  builder.reportUnresolved(framework, 'Mounted application', app, site);
}
