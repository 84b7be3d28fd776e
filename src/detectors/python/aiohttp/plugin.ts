import { exprText } from '../../../linking/project-index.js';
import type { ClassFact, Expr } from '../../../parsing/types.js';
import type { HandlerRef } from '../../types.js';
import { argOf, isExternalNamed, type CallSite, type GraphBuilder, type GraphPlugin, type Site } from '../mounts/graph-builder.js';
import { BRACE_STYLE } from '../mounts/paths.js';
import type { PathPiece, RouteNode } from '../mounts/types.js';

const FRAMEWORK = 'aiohttp';
const PACKAGES = ['aiohttp'];
/** `router.add_get(path, handler)` and friends. */
const ADD_VERB: Record<string, string> = { add_get: 'GET', add_post: 'POST', add_put: 'PUT', add_patch: 'PATCH', add_delete: 'DELETE', add_head: 'HEAD' };
/** `web.get(path, handler)` route definitions and `@routes.get(path)` decorators. */
const DEF_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head'];
/** Methods a `web.View` subclass may define. */
const VIEW_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/**
 * aiohttp in the route graph: `web.Application()` and its `router`, `RouteTableDef` decorators,
 * `add_routes([web.get(...), ...])` lists, resources, class-based `web.View`s, and sub-applications
 * under `add_subapp(prefix, app)`.
 */
export const aiohttpPlugin: GraphPlugin = {
  framework: FRAMEWORK,
  style: BRACE_STYLE,
  constructorNames: new Set(['Application', 'RouteTableDef']),
  construct(callee, builder) {
    const base = builder.externalBase(callee);
    const name = base ? isExternalNamed(base, PACKAGES, ['Application', 'RouteTableDef']) : null;
    if (name === 'Application') return { kind: 'app', standalone: true };
    if (name === 'RouteTableDef') return { kind: 'table', standalone: false };
    return null;
  },
  decoratorMethods: new Set([...DEF_VERBS, 'route', 'view']),
  decorate(node, method, site, target, builder) {
    const call = site.call;
    if (method === 'view') {
      const view = target.kind === 'class' ? { module: site.module.path, cls: target.cls } : null;
      addRoute(node, builder, site, argOf(call, 0, 'path'), { kind: 'view', view, expr: call });
      return;
    }
    if (target.kind !== 'function') return;
    const handler = builder.handlerOfFunction(site.module, target.fn);
    if (method === 'route') addRoute(node, builder, site, argOf(call, 1, 'path'), { kind: 'method', method: argOf(call, 0, 'method'), handler });
    else addRoute(node, builder, site, argOf(call, 0, 'path'), { kind: 'fixed', method: method.toUpperCase(), handler });
  },
  callMethods: new Set([...Object.keys(ADD_VERB), 'add_route', 'add_view', 'add_routes', 'add_subapp', 'add_domain']),
  call(node, method, site, builder) {
    const call = site.call;
    if (node.kind === 'resource') {
      // resource.add_route(method, handler): the path is the resource's.
      if (method === 'add_route' && node.data) addResourceRoute(node, node.data, builder, site, argOf(call, 0, 'method'), argOf(call, 1, 'handler'));
      return;
    }
    const verb = ADD_VERB[method];
    if (verb) {
      addRoute(node, builder, site, argOf(call, 0, 'path'), { kind: 'fixed', method: verb, handler: argOf(call, 1, 'handler') });
      return;
    }
    switch (method) {
      case 'add_route':
        addRoute(node, builder, site, argOf(call, 1, 'path'), { kind: 'method', method: argOf(call, 0, 'method'), handler: argOf(call, 2, 'handler') });
        return;
      case 'add_view':
        addRoute(node, builder, site, argOf(call, 0, 'path'), { kind: 'view', view: null, expr: argOf(call, 1, 'handler') });
        return;
      case 'add_routes':
        addRoutes(node, argOf(call, 0, 'routes'), site, builder);
        return;
      case 'add_subapp':
      case 'add_domain': {
        const app = argOf(call, 1, 'subapp');
        const prefix = method === 'add_subapp' ? argOf(call, 0, 'prefix') : undefined;
        if (!app) return;
        const target = builder.target(app, site);
        if (target.kind !== 'node') {
          builder.reportUnresolved(FRAMEWORK, 'Sub-application', app, site);
          return;
        }
        const piece = prefix ? builder.piece(prefix, site, FRAMEWORK, 'Sub-application prefix') : null;
        builder.addEdge(node, { target: target.node, prefix: piece, file: site.module.path, line: call.line, middleware: [] });
        return;
      }
    }
  },
  selfMembers: new Set(['router']),
  derive(node, method, site, builder) {
    if (method !== 'add_resource') return null;
    const pathExpr = argOf(site.call, 0, 'path');
    if (!pathExpr) return null;
    const path = builder.piece(pathExpr, site, FRAMEWORK, 'Resource path');
    const { node: resource, created } = builder.inlineNode(FRAMEWORK, 'resource', `resource \`${exprText(pathExpr)}\``, site, site.call.line, { data: path });
    if (created) builder.addEdge(node, { target: resource, prefix: null, file: site.module.path, line: site.call.line, middleware: [] });
    return resource;
  },
};

type RouteHandler =
  | { kind: 'fixed'; method: string; handler: Expr | HandlerRef | undefined }
  /** `add_route(method, ...)` / `web.route(method, ...)`: `*` is every method, or the verbs of a view class. */
  | { kind: 'method'; method: Expr | undefined; handler: Expr | HandlerRef | undefined }
  | { kind: 'view'; view: { module: string; cls: ClassFact } | null; expr: Expr | undefined };

function addRoute(node: RouteNode, builder: GraphBuilder, site: CallSite | Site, pathExpr: Expr | undefined, how: RouteHandler): void {
  const at: Site = { module: site.module, scope: site.scope, line: site.line, ...(site.env ? { env: site.env } : {}) };
  const path = builder.piece(pathExpr, at, FRAMEWORK, 'Route path');
  addWithPath(node, path, builder, at, how);
}

function addResourceRoute(node: RouteNode, path: PathPiece, builder: GraphBuilder, site: Site, method: Expr | undefined, handler: Expr | undefined): void {
  addWithPath(node, { ...path, file: site.module.path, line: site.line }, builder, site, { kind: 'method', method, handler });
}

function addWithPath(node: RouteNode, path: PathPiece, builder: GraphBuilder, site: Site, how: RouteHandler): void {
  const base = { framework: FRAMEWORK, path, file: site.module.path, line: site.line, middleware: [] };
  if (how.kind === 'view') {
    addView(node, base, builder, site, how.view ?? viewClass(how.expr, site, builder), how.expr, null);
    return;
  }
  let method: string | null = how.kind === 'fixed' ? how.method : null;
  let methodsResolved = true;
  if (how.kind === 'method') {
    const value = how.method ? builder.evaluate(how.method, site) : null;
    if (value?.k === 'str') method = value.v === '*' ? 'ALL' : value.v.toUpperCase();
    else {
      methodsResolved = false;
      builder.reportUnresolved(FRAMEWORK, 'Route method', how.method ?? { k: 'other', text: '<missing>' }, site);
    }
  }
  const handlerExpr = how.handler;
  if (handlerExpr !== undefined && !('startLine' in handlerExpr)) {
    const view = viewClass(handlerExpr, site, builder);
    if (view) {
      addView(node, base, builder, site, view, handlerExpr, method === 'ALL' ? null : method);
      return;
    }
  }
  const handler = handlerExpr === undefined ? null : 'startLine' in handlerExpr ? handlerExpr : builder.handler(handlerExpr, site);
  if (!handler) builder.reportUnresolved(FRAMEWORK, 'Route handler', handlerExpr && !('startLine' in handlerExpr) ? handlerExpr : { k: 'other', text: '<missing>' }, site);
  builder.addRoute(node, { ...base, methods: [method ?? 'ALL'], methodsResolved, handler });
}

function viewClass(expr: Expr | undefined, site: Site, builder: GraphBuilder) {
  return expr ? builder.classOf(builder.resolve(expr, site)) : null;
}

/** A class-based view serves the verbs it defines or inherits; with a fixed method, that one only. */
function addView(
  node: RouteNode,
  base: { framework: string; path: PathPiece; file: string; line: number; middleware: HandlerRef[] },
  builder: GraphBuilder,
  site: Site,
  view: ReturnType<typeof viewClass>,
  expr: Expr | undefined,
  only: string | null,
): void {
  if (!view) {
    builder.reportUnresolved(FRAMEWORK, 'View class', expr ?? { k: 'other', text: '<missing>' }, site);
    builder.addRoute(node, { ...base, methods: [only ?? 'ALL'], methodsResolved: true, handler: null });
    return;
  }
  const verbs = builder.viewMethods(view, VIEW_VERBS).filter((v) => only === null || v.verb.toUpperCase() === only);
  for (const { verb, handler } of verbs) builder.addRoute(node, { ...base, methods: [verb.toUpperCase()], methodsResolved: true, handler });
  if (verbs.length === 0) {
    // Its handlers may come from a base class outside the repository: the route is kept.
    builder.report(FRAMEWORK, 'warning', 'empty-view', `View ${view.cls.name} defines no HTTP method handlers that could be found; listed as ${only ?? 'ALL'}`, site.module.path, site.line);
    builder.addRoute(node, { ...base, methods: [only ?? 'ALL'], methodsResolved: true, handler: null });
  }
}

/** `add_routes(routes)`: a RouteTableDef (merged without prefix) or a list of `web.get(...)` definitions. */
function addRoutes(node: RouteNode, arg: Expr | undefined, site: CallSite, builder: GraphBuilder): void {
  if (!arg) return;
  const target = builder.target(arg, site);
  if (target.kind === 'node') {
    builder.addEdge(node, { target: target.node, prefix: null, file: site.module.path, line: site.call.line, middleware: [] });
    return;
  }
  const { items, complete } = builder.items(arg, site);
  if (!complete) builder.reportUnresolved(FRAMEWORK, 'Route list', arg, site);
  for (const item of items) {
    const call = item.expr.k === 'call' ? item.expr : null;
    const kind = call ? isExternalNamed(builder.resolve(call.callee, item.site), PACKAGES, [...DEF_VERBS, 'route', 'view', 'static']) : null;
    if (!call || !kind) {
      // A RouteTableDef inside the list, or something else.
      const inner = builder.target(item.expr, item.site);
      if (inner.kind === 'node') builder.addEdge(node, { target: inner.node, prefix: null, file: site.module.path, line: site.call.line, middleware: [] });
      else builder.report(FRAMEWORK, 'warning', 'unresolved-route-part', `Route list item is not a route that could be read statically: ${exprText(item.expr)}`, item.site.module.path, call?.line ?? item.site.line);
      continue;
    }
    if (kind === 'static') continue;
    const at: Site = { ...item.site, line: call.line };
    if (kind === 'route') addRoute(node, builder, at, argOf(call, 1, 'path'), { kind: 'method', method: argOf(call, 0, 'method'), handler: argOf(call, 2, 'handler') });
    else if (kind === 'view') addRoute(node, builder, at, argOf(call, 0, 'path'), { kind: 'view', view: null, expr: argOf(call, 1, 'handler') });
    else addRoute(node, builder, at, argOf(call, 0, 'path'), { kind: 'fixed', method: kind.toUpperCase(), handler: argOf(call, 1, 'handler') });
  }
}
