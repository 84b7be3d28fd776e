import type { Expr } from '../../../parsing/types.js';
import type { HandlerRef } from '../../types.js';
import { argOf, isExternalNamed, type CallSite, type GraphBuilder, type GraphPlugin, type Site } from '../mounts/graph-builder.js';
import { normalizeAngleParams } from '../mounts/paths.js';
import type { PathPiece, RouteNode } from '../mounts/types.js';

const FRAMEWORK = 'sanic';
const PACKAGES = ['sanic'];
const VERB_DECORATORS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
/** Methods an HTTPMethodView subclass may define. */
const VIEW_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/**
 * Sanic in the route graph: `Sanic()` apps, `Blueprint(name, url_prefix=...)`, blueprint groups
 * (`Blueprint.group(...)`, `BlueprintGroup`, nested), route decorators, `add_route` with functions or
 * `HTTPMethodView.as_view()`, websockets and `version=` prefixes. Sanic routes are not strict about
 * a trailing slash by default, so `/items/` is reported as `/items`.
 */
export const sanicPlugin: GraphPlugin = {
  framework: FRAMEWORK,
  style: { normalize: normalizeAngleParams, stripTrailingSlash: true },
  constructorNames: new Set(['Sanic', 'Blueprint', 'group', 'BlueprintGroup']),
  construct(callee, builder) {
    const base = builder.externalBase(callee);
    const name = base ? isExternalNamed(base, PACKAGES, ['Sanic', 'Blueprint.group', 'BlueprintGroup', 'Blueprint']) : null;
    if (name === 'Sanic') return { kind: 'app', standalone: true };
    if (name === 'Blueprint') return { kind: 'blueprint', standalone: false };
    if (name === 'Blueprint.group' || name === 'BlueprintGroup') return { kind: 'group', standalone: false };
    return null;
  },
  init(node, site, builder) {
    const call = site.call;
    if (node.kind === 'blueprint') {
      const prefix = argOf(call, 1, 'url_prefix');
      if (prefix) node.prefix = builder.piece(prefix, site, FRAMEWORK, 'Blueprint url_prefix');
      const version = versionPiece(argOf(call, 3, 'version'), argOf(call, 5, 'version_prefix'), site, builder);
      if (version) node.version = version;
      return;
    }
    if (node.kind !== 'group') return;
    const isGroupCall = call.callee.k === 'member' && call.callee.prop === 'group';
    const prefix = argOf(call, isGroupCall ? -1 : 0, 'url_prefix');
    if (prefix) node.prefix = builder.piece(prefix, site, FRAMEWORK, 'Blueprint group url_prefix');
    const version = versionPiece(argOf(call, isGroupCall ? -1 : 1, 'version'), argOf(call, -1, 'version_prefix'), site, builder);
    if (version) node.version = version;
    if (!isGroupCall) return;
    // Blueprint.group(bp1, bp2, [bp3, bp4], ...): nested lists are flattened, as Sanic's chain() does.
    for (const arg of call.args) {
      if (arg.name !== undefined) continue;
      addMembers(node, arg.value, site, builder, null, null);
    }
  },
  decoratorMethods: new Set([...VERB_DECORATORS, 'route', 'websocket']),
  decorate(node, method, site, target, builder) {
    if (target.kind !== 'function') return;
    const call = site.call;
    const handler = builder.handlerOfFunction(site.module, target.fn);
    const websocketFlag = argOf(call, -1, 'websocket');
    const websocket = method === 'websocket' || (websocketFlag !== undefined && builder.evaluate(websocketFlag, site).k === 'bool' && (builder.evaluate(websocketFlag, site) as { v: boolean }).v);
    const methods = method === 'route' ? argOf(call, 1, 'methods') : undefined;
    addSanicRoute(node, builder, site, {
      path: argOf(call, 0, 'uri'),
      handler,
      methods,
      fixed: VERB_DECORATORS.includes(method) ? method.toUpperCase() : null,
      websocket,
      version: argOf(call, -1, 'version'),
      versionPrefix: argOf(call, -1, 'version_prefix'),
    });
  },
  callMethods: new Set(['add_route', 'add_websocket_route', 'blueprint', 'append', 'extend', 'insert']),
  commonMethods: new Set(['append', 'extend', 'insert']),
  call(node, method, site, builder) {
    const call = site.call;
    switch (method) {
      case 'add_route':
      case 'add_websocket_route':
        addSanicRoute(node, builder, site, {
          path: argOf(call, 1, 'uri'),
          handler: argOf(call, 0, 'handler'),
          methods: method === 'add_route' ? argOf(call, 2, 'methods') : undefined,
          fixed: null,
          websocket: method === 'add_websocket_route',
          version: argOf(call, -1, 'version'),
          versionPrefix: argOf(call, -1, 'version_prefix'),
        });
        return;
      case 'blueprint': {
        const blueprint = argOf(call, 0, 'blueprint');
        if (!blueprint) return;
        const prefixExpr = argOf(call, -1, 'url_prefix');
        const prefix = prefixExpr ? builder.piece(prefixExpr, site, FRAMEWORK, 'Blueprint url_prefix') : null;
        const version = versionPiece(argOf(call, -1, 'version'), argOf(call, -1, 'version_prefix'), site, builder);
        addMembers(node, blueprint, site, builder, prefix, version);
        return;
      }
      case 'append':
      case 'extend':
      case 'insert': {
        if (node.kind !== 'group') return;
        const member = method === 'insert' ? argOf(call, 1) : argOf(call, 0);
        if (member) addMembers(node, member, site, builder, null, null);
        return;
      }
    }
  },
};

/**
 * Blueprints (or groups, or lists of them) registered on an app or put in a group. An app-level
 * `url_prefix` replaces a blueprint's own prefix (Blueprint.register reads `options.get("url_prefix",
 * self.url_prefix)`) but is put before a group's, as Sanic merges group prefixes.
 */
function addMembers(parent: RouteNode, expr: Expr, site: Site, builder: GraphBuilder, prefix: PathPiece | null, version: PathPiece | null): void {
  const { items, complete } = builder.items(expr, site);
  if (!complete) builder.reportUnresolved(FRAMEWORK, 'Blueprint', expr, site);
  const line = site.line;
  for (const item of items) {
    const target = builder.target(item.expr, item.site);
    if (target.kind !== 'node') {
      builder.reportUnresolved(FRAMEWORK, 'Blueprint', item.expr, item.site);
      continue;
    }
    builder.addEdge(parent, {
      target: target.node,
      prefix,
      file: site.module.path,
      line,
      middleware: [],
      ...(prefix && target.node.kind === 'blueprint' ? { replacesPrefix: true } : {}),
      ...(version ? { version } : {}),
    });
  }
}

interface SanicRoute {
  path: Expr | undefined;
  handler: Expr | HandlerRef | undefined;
  methods: Expr | undefined;
  /** The method of a verb decorator (`@app.get`). */
  fixed: string | null;
  websocket: boolean;
  version: Expr | undefined;
  versionPrefix: Expr | undefined;
}

function addSanicRoute(node: RouteNode, builder: GraphBuilder, site: CallSite, route: SanicRoute): void {
  const path = builder.piece(route.path, site, FRAMEWORK, 'Route path');
  const version = versionPiece(route.version, route.versionPrefix, site, builder);
  const base = { framework: FRAMEWORK, path, file: site.module.path, line: site.call.line, middleware: [], ...(version ? { version } : {}) };
  if (route.websocket) {
    const handler = handlerOf(route.handler, site, builder);
    builder.addRoute(node, { ...base, methods: ['WS'], methodsResolved: true, handler, tags: ['realtime'] });
    return;
  }
  if (route.handler && !('startLine' in route.handler)) {
    const view = viewOf(route.handler, site, builder);
    if (view) {
      const verbs = builder.viewMethods(view, VIEW_VERBS);
      for (const { verb, handler } of verbs) builder.addRoute(node, { ...base, methods: [verb.toUpperCase()], methodsResolved: true, handler });
      if (verbs.length === 0) {
        // Its handlers may come from a base class outside the repository: the route is kept.
        builder.report(FRAMEWORK, 'warning', 'empty-view', `View ${view.cls.name} defines no HTTP method handlers that could be found; listed as ALL`, site.module.path, site.call.line);
        builder.addRoute(node, { ...base, methods: ['ALL'], methodsResolved: true, handler: null });
      }
      return;
    }
  }
  let methods: string[] | null = route.fixed ? [route.fixed] : ['GET'];
  let methodsResolved = true;
  if (route.methods) {
    methods = builder.methodList(route.methods, site);
    if (methods === null) {
      methodsResolved = false;
      builder.reportUnresolved(FRAMEWORK, 'Route methods', route.methods, site);
    }
  }
  builder.addRoute(node, { ...base, methods: methods ?? ['ALL'], methodsResolved, handler: handlerOf(route.handler, site, builder) });
}

function handlerOf(handler: Expr | HandlerRef | undefined, site: Site, builder: GraphBuilder): HandlerRef | null {
  if (handler === undefined) {
    builder.reportUnresolved(FRAMEWORK, 'Route handler', { k: 'other', text: '<missing>' }, site);
    return null;
  }
  if ('startLine' in handler) return handler;
  const found = builder.handler(handler, site);
  if (!found) builder.reportUnresolved(FRAMEWORK, 'Route handler', handler, site);
  return found;
}

/**
 * `SomeView.as_view()` (or the class itself, or `login_required(SomeView.as_view())`, or a loop
 * variable bound to one of these): the HTTPMethodView class.
 */
function viewOf(written: Expr, at: Site, builder: GraphBuilder, depth = 0): ReturnType<GraphBuilder['classOf']> {
  const { expr: found, site } = builder.deref(written, at);
  const expr = found.k === 'call' ? builder.refreshCall(found, site) : found;
  if (expr.k === 'call' && expr.callee.k === 'member' && expr.callee.prop === 'as_view') return builder.classOf(builder.resolve(expr.callee.obj, site));
  if (expr.k === 'call') {
    const wrapped = argOf(expr, 0);
    return wrapped && depth < 2 ? viewOf(wrapped, site, builder, depth + 1) : null;
  }
  return builder.classOf(builder.resolve(expr, site));
}

/** `version=1` -> `/v1` (with `version_prefix`, default `/v`), as Sanic's router writes it. */
function versionPiece(version: Expr | undefined, prefix: Expr | undefined, site: Site, builder: GraphBuilder): PathPiece | null {
  if (!version) return null;
  const value = builder.evaluate(version, site);
  if (value.k === 'null') return null;
  const at = { expr: version, file: site.module.path, line: site.line };
  if (value.k !== 'str' && value.k !== 'num') {
    builder.reportUnresolved(FRAMEWORK, 'Route version', version, site);
    return { text: null, ...at };
  }
  const prefixValue = prefix ? builder.evaluate(prefix, site) : null;
  const versionPrefix = prefixValue?.k === 'str' ? prefixValue.v : '/v';
  const number = String(value.v).replace(/^\/+|\/+$/g, '').replace(/^v/, '');
  if (prefix && prefixValue?.k !== 'str') builder.reportUnresolved(FRAMEWORK, 'Version prefix', prefix, site);
  return { text: `${versionPrefix}${number}`, ...at, expr: version };
}

