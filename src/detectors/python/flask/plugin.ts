import { exprText } from '../../../linking/project-index.js';
import type { Expr } from '../../../parsing/types.js';
import type { HandlerRef } from '../../types.js';
import { argOf, isExternalNamed, type CallSite, type DecoratedTarget, type GraphBuilder, type GraphPlugin, type Site } from '../mounts/graph-builder.js';
import type { PathPiece, RouteNode } from '../mounts/types.js';
import { classDecorators, classViewRoutes, decoratorHandler, type ClassView } from './class-views.js';
import { FLASK_STYLE } from './paths.js';

const FRAMEWORK = 'flask';
/** Flask 2.0 shortcut decorators: `@app.get("/x")` is `@app.route("/x", methods=["GET"])`. */
const VERB_SHORTCUTS = ['get', 'post', 'put', 'patch', 'delete'];

/** Node kinds: what each constructor builds. */
const APP = 'app';
const BLUEPRINT = 'blueprint';
const RESTX_API = 'restx-api';
const RESTFUL_API = 'restful-api';
const SMOREST_API = 'smorest-api';
const NAMESPACE = 'namespace';
const SOCK = 'sock';
/** A function parameter that receives the app or a blueprint (`def register_routes(app)`). */
const PARAM = 'param';

export const FLASK_LIKE: ReadonlySet<string> = new Set([APP, BLUEPRINT, PARAM]);
const RESOURCE_OWNERS = new Set([RESTX_API, RESTFUL_API, NAMESPACE]);
const EXTENSIONS = new Set([RESTX_API, RESTFUL_API, SMOREST_API, SOCK]);

/**
 * Flask in the route graph: `Flask()` apps, blueprints (`url_prefix` of their own, replaced by the
 * one given to `register_blueprint`, nested since Flask 2.0), `@route` and the verb shortcuts,
 * `add_url_rule` with functions and `View.as_view()`, and the extensions that add routes to an app
 * or blueprint: flask-restx (`Api`, `Namespace`, `add_namespace`), flask-restful (`Api.add_resource`),
 * flask-smorest (`Api.register_blueprint`, `@blp.route` on MethodViews) and flask-sock websockets.
 */
export const flaskPlugin: GraphPlugin = {
  framework: FRAMEWORK,
  style: FLASK_STYLE,
  constructorNames: new Set(['Flask', 'Blueprint', 'Api', 'Namespace', 'Sock']),
  construct(callee, builder) {
    const base = builder.externalBase(callee);
    if (!base) return null;
    if (isExternalNamed(base, ['flask'], ['Flask'])) return { kind: APP, standalone: true };
    if (isExternalNamed(base, ['flask', 'flask-smorest'], ['Blueprint'])) return { kind: BLUEPRINT, standalone: false };
    if (isExternalNamed(base, ['flask-restx'], ['Api'])) return { kind: RESTX_API, standalone: false };
    if (isExternalNamed(base, ['flask-restx'], ['Namespace'])) return { kind: NAMESPACE, standalone: false };
    if (isExternalNamed(base, ['flask-restful'], ['Api'])) return { kind: RESTFUL_API, standalone: false };
    if (isExternalNamed(base, ['flask-smorest'], ['Api'])) return { kind: SMOREST_API, standalone: false };
    if (isExternalNamed(base, ['flask-sock'], ['Sock'])) return { kind: SOCK, standalone: false };
    return null;
  },
  init(node, site, builder) {
    const call = site.call;
    switch (node.kind) {
      case APP:
        addStaticRoute(node, site, builder, argOf(call, 1, 'static_url_path'), argOf(call, 2, 'static_folder') ?? { k: 'str', v: 'static' });
        return;
      case BLUEPRINT: {
        const prefix = argOf(call, 5, 'url_prefix');
        if (prefix && builder.evaluate(prefix, site).k !== 'null') node.prefix = builder.piece(prefix, site, FRAMEWORK, 'Blueprint url_prefix');
        const folder = argOf(call, 2, 'static_folder');
        if (folder) addStaticRoute(node, site, builder, argOf(call, 3, 'static_url_path'), folder);
        return;
      }
      case NAMESPACE:
        node.prefix = namespacePath(site.call, site, builder);
        return;
      case RESTX_API:
      case RESTFUL_API: {
        const prefix = argOf(call, node.kind === RESTFUL_API ? 1 : -1, 'prefix');
        if (prefix) node.prefix = builder.piece(prefix, site, FRAMEWORK, 'Api prefix');
        if (node.kind === RESTX_API) initRestxDocs(node, site, builder);
        attachExtension(node, argOf(call, 0, 'app'), site, builder);
        return;
      }
      case SMOREST_API:
      case SOCK:
        attachExtension(node, argOf(call, 0, 'app'), site, builder);
        return;
    }
  },
  decoratorMethods: new Set(['route', 'resource', ...VERB_SHORTCUTS]),
  decorate(node, method, site, target, builder) {
    if (node.kind === SOCK) {
      if (method === 'route' && target.kind === 'function') addSockRoute(node, site, builder, target);
      return;
    }
    if (RESOURCE_OWNERS.has(node.kind)) {
      const decorates = node.kind === RESTFUL_API ? method === 'resource' : method === 'route' || method === 'resource';
      if (decorates) addResourceRoutes(node, site, builder, classTarget(target, site), positionalArgs(site.call, 0));
      return;
    }
    if (!FLASK_LIKE.has(node.kind) || method === 'resource') return;
    const fixed = method === 'route' ? null : method.toUpperCase();
    const rule = argOf(site.call, 0, 'rule');
    if (target.kind === 'class') {
      // flask-smorest's Blueprint.route takes a MethodView class.
      addViewRoutes(node, site, builder, rule, { module: site.module.path, cls: target.cls }, fixed ? [fixed] : explicitMethods(site, builder));
      return;
    }
    const handler = builder.handlerOfFunction(site.module, target.fn);
    const middleware = innerDecorators(site, target, builder);
    addFunctionRoute(node, site, builder, rule, handler, fixed ? [fixed] : null, middleware);
  },
  callMethods: new Set(['register_blueprint', 'add_url_rule', 'add_resource', 'add_namespace', 'init_app', 'before_request']),
  commonMethods: new Set(['init_app', 'before_request']),
  call(node, method, site, builder) {
    const call = site.call;
    switch (method) {
      case 'register_blueprint':
        if (FLASK_LIKE.has(node.kind) || node.kind === SMOREST_API) registerBlueprint(node, site, builder);
        return;
      case 'add_url_rule':
        if (FLASK_LIKE.has(node.kind)) addUrlRule(node, site, builder);
        return;
      case 'add_resource': {
        if (!RESOURCE_OWNERS.has(node.kind)) return;
        const resource = argOf(call, 0, 'resource');
        if (!resource) return;
        addResourceRoutes(node, site, builder, builder.classOf(builder.resolve(resource, site)) ?? resource, positionalArgs(call, 1));
        return;
      }
      case 'add_namespace':
        if (node.kind === RESTX_API) addNamespace(node, site, builder);
        return;
      case 'init_app':
        if (EXTENSIONS.has(node.kind)) attachExtension(node, argOf(call, 0, 'app'), site, builder);
        return;
      case 'before_request': {
        const fn = argOf(call, 0, 'f');
        const handler = fn && FLASK_LIKE.has(node.kind) ? builder.handler(fn, site) : null;
        if (handler) node.middleware.push(handler);
        return;
      }
    }
  },
  derive(node, method, site, builder) {
    // `ns = api.namespace("cats", path="/felines")`: a Namespace added to the Api as it is made
    // (also on a parameter that receives the Api, `def register(api)`).
    if ((node.kind !== RESTX_API && node.kind !== PARAM) || method !== 'namespace') return null;
    const { node: ns, created } = builder.inlineNode(FRAMEWORK, NAMESPACE, `namespace ${exprText(argOf(site.call, 0, 'name') ?? { k: 'other', text: '?' })}`, site, site.call.line);
    if (created) {
      ns.prefix = namespacePath(site.call, site, builder);
      builder.addEdge(node, { target: ns, prefix: null, file: site.module.path, line: site.call.line, middleware: [] });
    }
    return ns;
  },
};

/**
 * `app.route("/x", methods=[...])(view)`: a route decorator applied by hand to a function (route
 * tables, loops). `site.call` is the decorator call; the handler is the function it is applied to.
 */
export function addAppliedDecoratorRoute(node: RouteNode, method: string, site: CallSite, view: Expr, builder: GraphBuilder): void {
  if (!FLASK_LIKE.has(node.kind) || (method !== 'route' && !VERB_SHORTCUTS.includes(method))) return;
  const fixed = method === 'route' ? null : [method.toUpperCase()];
  const rule = argOf(site.call, 0, 'rule');
  const handler = builder.handler(view, site);
  if (!handler) builder.reportUnresolved(FRAMEWORK, 'Route handler', view, site);
  addFunctionRoute(node, site, builder, rule, handler, fixed, []);
}

// ------------------------------------------------------------------ routes

function missingPiece(site: Site, what: string): PathPiece {
  return { text: null, expr: { k: 'other', text: `<missing ${what}>` }, file: site.module.path, line: site.line };
}

function rulePiece(rule: Expr | undefined, site: Site, builder: GraphBuilder): PathPiece {
  if (!rule) {
    builder.reportUnresolved(FRAMEWORK, 'Route rule', { k: 'other', text: '<missing rule>' }, site);
    return missingPiece(site, 'rule');
  }
  return builder.piece(rule, site, FRAMEWORK, 'Route rule');
}

/** `methods=[...]` of a route, upper-cased; null when not given; `ALL` (reported) when not statically known. */
function explicitMethods(site: CallSite, builder: GraphBuilder): string[] | null {
  const expr = argOf(site.call, -1, 'methods');
  if (!expr || builder.evaluate(expr, site).k === 'null') return null;
  const methods = builder.methodList(expr, site);
  if (methods === null) builder.reportUnresolved(FRAMEWORK, 'Route methods', expr, site);
  return methods;
}

function addFunctionRoute(node: RouteNode, site: CallSite, builder: GraphBuilder, rule: Expr | undefined, handler: HandlerRef | null, fixed: string[] | null, middleware: HandlerRef[]): void {
  const methodsExpr = fixed ? undefined : argOf(site.call, -1, 'methods');
  const explicit = fixed ?? explicitMethods(site, builder);
  const methodsResolved = fixed !== null || !methodsExpr || explicit !== null;
  builder.addRoute(node, {
    framework: FRAMEWORK,
    methods: methodsResolved ? (explicit ?? ['GET']) : ['ALL'],
    methodsResolved,
    path: rulePiece(rule, site, builder),
    file: site.module.path,
    line: site.call.line,
    handler,
    middleware,
  });
}

function addViewRoutes(node: RouteNode, site: CallSite, builder: GraphBuilder, rule: Expr | undefined, view: ClassView, explicit: string[] | null): void {
  const path = rulePiece(rule, site, builder);
  const middleware = classDecorators(view, builder);
  for (const { method, handler } of classViewRoutes(view, explicit, site, FRAMEWORK, builder)) {
    builder.addRoute(node, { framework: FRAMEWORK, methods: [method], methodsResolved: true, path, file: site.module.path, line: site.call.line, handler, middleware });
  }
}

/**
 * The decorators written below a route decorator wrap the function before it is registered, so
 * they run before the handler (`@login_required`); those above it do not reach the route.
 */
function innerDecorators(site: CallSite, target: Extract<DecoratedTarget, { kind: 'function' }>, builder: GraphBuilder): HandlerRef[] {
  const index = target.fn.decorators.indexOf(site.call);
  if (index < 0) return [];
  const found: HandlerRef[] = [];
  for (const decorator of target.fn.decorators.slice(index + 1)) {
    const handler = decoratorHandler(decorator, { module: site.module, scope: target.fn.parent, line: site.line }, builder);
    if (handler) found.push(handler);
  }
  return found;
}

/**
 * `add_url_rule(rule, endpoint, view_func, **options)`: a function, a `View.as_view(...)` (possibly
 * assigned first, or wrapped in a decorator call), or no view at all (bound later with `@app.endpoint`).
 */
function addUrlRule(node: RouteNode, site: CallSite, builder: GraphBuilder): void {
  const call = site.call;
  const rule = argOf(call, 0, 'rule');
  const viewExpr = argOf(call, 2, 'view_func');
  if (!viewExpr) {
    builder.report(FRAMEWORK, 'warning', 'unresolved-route-part', `Route handler could not be resolved statically: add_url_rule without view_func (${exprText(rule ?? { k: 'other', text: '?' })})`, site.module.path, site.line);
    addFunctionRoute(node, site, builder, rule, null, null, []);
    return;
  }
  const view = classViewOf(viewExpr, site, builder, 0);
  if (view) {
    addViewRoutes(node, site, builder, rule, view, explicitMethods(site, builder));
    return;
  }
  const handler = builder.handler(viewExpr, site);
  if (!handler) builder.reportUnresolved(FRAMEWORK, 'Route handler', viewExpr, site);
  addFunctionRoute(node, site, builder, rule, handler, null, []);
}

/** The class behind `Cls.as_view("name")`, followed through assignments and wrapping calls. */
function classViewOf(expr: Expr, site: Site, builder: GraphBuilder, depth: number): ClassView | null {
  if (depth > 8) return null;
  if (expr.k === 'call') {
    if (expr.callee.k === 'member' && expr.callee.prop === 'as_view') return builder.classOf(builder.resolve(expr.callee.obj, site));
    const first = argOf(expr, 0);
    return first ? classViewOf(first, site, builder, depth + 1) : null;
  }
  if (expr.k !== 'id' && expr.k !== 'member') return null;
  const binding = builder.resolve(expr, site);
  if (binding.kind !== 'value' || binding.expr.k !== 'call') return null;
  const module = builder.project.modules.get(binding.module);
  return module ? classViewOf(binding.expr, { module, scope: binding.scope, line: binding.line }, builder, depth + 1) : null;
}

function classTarget(target: DecoratedTarget, site: CallSite): ClassView | Expr {
  if (target.kind === 'class') return { module: site.module.path, cls: target.cls };
  return { k: 'other', text: target.fn.name };
}

/** Positional arguments from `from` on: the `*urls` of `add_resource` and `Namespace.route`. */
function positionalArgs(call: CallSite['call'], from: number): Expr[] {
  return call.args.filter((arg) => arg.name === undefined).slice(from).map((arg) => (arg.spread ? { k: 'other', text: `*${exprText(arg.value)}` } : arg.value));
}

/** flask-restful / flask-restx: one endpoint per URL and per HTTP method the Resource defines. */
function addResourceRoutes(node: RouteNode, site: CallSite, builder: GraphBuilder, resource: ClassView | Expr, urls: Expr[]): void {
  if (urls.length === 0) builder.reportUnresolved(FRAMEWORK, 'Resource URL', { k: 'other', text: '<no urls>' }, site);
  if (!('cls' in resource)) {
    builder.reportUnresolved(FRAMEWORK, 'Resource class', resource, site);
    for (const url of urls) addFunctionRoute(node, site, builder, url, null, ['ALL'], []);
    return;
  }
  for (const url of urls) addViewRoutes(node, site, builder, url, resource, null);
}

function addSockRoute(node: RouteNode, site: CallSite, builder: GraphBuilder, target: Extract<DecoratedTarget, { kind: 'function' }>): void {
  // `@sock.route("/ws", bp=blueprint)` registers on the blueprint instead of the app.
  const bpExpr = argOf(site.call, 1, 'bp');
  let owner = node;
  if (bpExpr && builder.evaluate(bpExpr, site).k !== 'null') {
    const bp = builder.target(bpExpr, site);
    if (bp.kind === 'node') owner = bp.node;
    else builder.reportUnresolved(FRAMEWORK, 'Websocket blueprint', bpExpr, site);
  }
  builder.addRoute(owner, {
    framework: FRAMEWORK,
    methods: ['WS'],
    methodsResolved: true,
    path: rulePiece(argOf(site.call, 0, 'path'), site, builder),
    file: site.module.path,
    line: site.call.line,
    handler: builder.handlerOfFunction(site.module, target.fn),
    middleware: innerDecorators(site, target, builder),
    tags: ['realtime'],
  });
}

/**
 * The route Flask adds for a static folder: the app's `/static/<path:filename>` unless
 * `static_folder=None`, a blueprint's only when it is given one. The URL is `static_url_path`, or
 * the folder's name.
 */
function addStaticRoute(node: RouteNode, site: CallSite, builder: GraphBuilder, urlExpr: Expr | undefined, folderExpr: Expr): void {
  const folder = builder.evaluate(folderExpr, site);
  if (folder.k === 'null') return;
  const url = urlExpr ? builder.evaluate(urlExpr, site) : null;
  let base: string | null = null;
  let quoted: Expr = folderExpr;
  if (url && url.k === 'str') base = url.v.replace(/\/+$/, '');
  else if ((!url || url.k === 'null') && folder.k === 'str') base = `/${folder.v.replace(/\/+$/, '').split(/[\\/]/).pop() ?? ''}`;
  else quoted = url && url.k !== 'null' ? urlExpr! : folderExpr;
  if (base === null) builder.reportUnresolved(FRAMEWORK, 'Static URL path', quoted, site);
  const path: PathPiece =
    base === null
      ? { text: null, expr: quoted, file: site.module.path, line: site.call.line }
      : { text: `${base}/<path:filename>`, expr: { k: 'str', v: `${base}/<path:filename>` }, file: site.module.path, line: site.call.line };
  builder.addRoute(node, { framework: FRAMEWORK, methods: ['GET'], methodsResolved: true, path, file: site.module.path, line: site.call.line, handler: null, middleware: [], generated: true });
}

// ------------------------------------------------------------------ mounts

/**
 * `register_blueprint(bp, url_prefix=...)`: a prefix given here replaces the blueprint's own
 * (BlueprintSetupState reads `options.get("url_prefix")` before `blueprint.url_prefix`) and is
 * appended to the parent's when the parent is itself a blueprint.
 */
function registerBlueprint(parent: RouteNode, site: CallSite, builder: GraphBuilder): void {
  const call = site.call;
  const blueprint = argOf(call, 0, 'blueprint');
  if (!blueprint) return;
  const written = argOf(call, -1, 'url_prefix');
  const prefixExpr = written ? withBlueprintNames(written, site, builder, 0) : undefined;
  const prefix = prefixExpr && builder.evaluate(prefixExpr, site).k !== 'null' ? builder.piece(prefixExpr, site, FRAMEWORK, 'Blueprint url_prefix') : null;
  const target = builder.target(blueprint, site);
  if (target.kind === 'node') {
    builder.addEdge(parent, { target: target.node, prefix, file: site.module.path, line: call.line, middleware: [], ...(prefix ? { replacesPrefix: true } : {}) });
    return;
  }
  const where = prefix?.text ? ` at ${prefix.text}` : '';
  if (target.kind === 'binding' && target.binding.kind === 'external') {
    builder.report(FRAMEWORK, 'warning', 'external-router', `A blueprint from package ${target.binding.package} is registered${where}; its routes are not listed: ${exprText(blueprint)}`, site.module.path, call.line);
    return;
  }
  builder.reportUnresolved(FRAMEWORK, `Registered blueprint${where}`, blueprint, site);
}

/**
 * `url_prefix=f"/api/{bp.name}"`: a blueprint's `name` is the first argument of its constructor,
 * so it is put in before the prefix is evaluated (in loops over blueprints too).
 */
function withBlueprintNames(expr: Expr, site: Site, builder: GraphBuilder, depth: number): Expr {
  if (depth > 8) return expr;
  switch (expr.k) {
    case 'tpl':
      return { ...expr, parts: expr.parts.map((part) => (typeof part === 'string' ? part : withBlueprintNames(part, site, builder, depth + 1))) };
    case 'bin':
      return { ...expr, left: withBlueprintNames(expr.left, site, builder, depth + 1), right: withBlueprintNames(expr.right, site, builder, depth + 1) };
    case 'member': {
      if (expr.prop !== 'name') return expr;
      const target = builder.target(expr.obj, site);
      if (target.kind !== 'node' || target.node.kind !== BLUEPRINT) return expr;
      const module = builder.project.modules.get(target.node.file);
      const construct = module?.calls.find((call) => call.line === target.node.line && call.args && call.callee.k !== 'fn' && exprText(call.callee) === target.node.key.split(':').slice(2).join(':'));
      const nameExpr = construct?.args ? argOf({ k: 'call', callee: construct.callee, args: construct.args, line: construct.line }, 0, 'name') : undefined;
      const name = module && nameExpr ? builder.evaluate(nameExpr, { module, scope: construct!.scope, line: construct!.line }) : null;
      return name?.k === 'str' ? { k: 'str', v: name.v } : expr;
    }
    default:
      return expr;
  }
}

/**
 * An extension bound to an app or blueprint (`Api(app)`, `api.init_app(bp)`, `Sock(app)`): its
 * routes are served under that owner's prefixes.
 */
function attachExtension(node: RouteNode, ownerExpr: Expr | undefined, site: CallSite, builder: GraphBuilder): void {
  if (!ownerExpr || builder.evaluate(ownerExpr, site).k === 'null') return;
  const owner = builder.target(ownerExpr, site);
  if (owner.kind !== 'node') {
    builder.reportUnresolved(FRAMEWORK, 'Application of an extension', ownerExpr, site);
    return;
  }
  if (owner.node === node) return;
  builder.addEdge(owner.node, { target: node, prefix: null, file: site.module.path, line: site.call.line, middleware: [] });
  if (node.kind === RESTX_API && node.data && owner.node.kind !== RESTX_API) {
    // The Swagger UI page is added to the owner itself, outside the Api's prefix.
    const docsOff = argOf(site.call, -1, 'add_specs');
    if (docsOff && builder.evaluate(docsOff, site).k === 'bool' && !(builder.evaluate(docsOff, site) as { v: boolean }).v) return;
    builder.addRoute(owner.node, { framework: FRAMEWORK, methods: ['GET'], methodsResolved: true, path: node.data, file: node.data.file, line: node.data.line, handler: null, middleware: [], generated: true });
  }
}

/**
 * flask-restx's generated routes: the Swagger spec (`/swagger.json` under the Api prefix) on the
 * Api, and the documentation page (`doc`, default `/`) kept in `node.data` for the owner the Api is
 * bound to. `doc=False` or `add_specs=False` switch them off.
 */
function initRestxDocs(node: RouteNode, site: CallSite, builder: GraphBuilder): void {
  const addSpecs = argOf(site.call, -1, 'add_specs');
  if (addSpecs && builder.evaluate(addSpecs, site).k === 'bool' && !(builder.evaluate(addSpecs, site) as { v: boolean }).v) return;
  const filenameExpr = argOf(site.call, -1, 'default_swagger_filename');
  const filename = filenameExpr ? builder.piece(filenameExpr, site, FRAMEWORK, 'Swagger filename') : null;
  const specText = filename === null ? '/swagger.json' : filename.text === null ? null : `/${filename.text}`;
  const spec: PathPiece = { text: specText, expr: filenameExpr ?? { k: 'str', v: '/swagger.json' }, file: site.module.path, line: site.call.line };
  builder.addRoute(node, { framework: FRAMEWORK, methods: ['GET'], methodsResolved: true, path: spec, file: site.module.path, line: site.call.line, handler: null, middleware: [], generated: true });
  const docExpr = argOf(site.call, -1, 'doc');
  if (!docExpr) {
    node.data = { text: '/', expr: { k: 'str', v: '/' }, file: site.module.path, line: site.call.line };
    return;
  }
  const doc = builder.evaluate(docExpr, site);
  if (doc.k === 'null' || (doc.k === 'bool' && !doc.v) || (doc.k === 'str' && doc.v === '')) return;
  node.data = builder.piece(docExpr, { ...site, line: site.call.line }, FRAMEWORK, 'Api doc path');
}

/** `Namespace(name, description, path)`: its path, or `/name`; a trailing slash is dropped. */
function namespacePath(call: CallSite['call'], site: Site, builder: GraphBuilder): PathPiece | null {
  const pathExpr = argOf(call, 2, 'path');
  if (pathExpr && builder.evaluate(pathExpr, site).k !== 'null') {
    const piece = builder.piece(pathExpr, { ...site, line: call.line }, FRAMEWORK, 'Namespace path');
    const text = piece.text?.replace(/\/+$/, '') ?? null;
    // An empty path falls back to the name, as Namespace.path does (`self._path or "/" + self.name`).
    if (text !== '') return { ...piece, text };
  }
  const nameExpr = argOf(call, 0, 'name');
  if (!nameExpr) return null;
  const name = builder.piece(nameExpr, { ...site, line: call.line }, FRAMEWORK, 'Namespace name');
  return { ...name, text: name.text === null ? null : `/${name.text}`.replace(/\/+$/, '') };
}

/** `api.add_namespace(ns, path=...)`: a non-empty path replaces the namespace's own. */
function addNamespace(api: RouteNode, site: CallSite, builder: GraphBuilder): void {
  const nsExpr = argOf(site.call, 0, 'ns');
  if (!nsExpr) return;
  const target = builder.target(nsExpr, site);
  if (target.kind !== 'node') {
    builder.reportUnresolved(FRAMEWORK, 'Namespace', nsExpr, site);
    return;
  }
  const pathExpr = argOf(site.call, 1, 'path');
  let prefix: PathPiece | null = null;
  if (pathExpr && builder.evaluate(pathExpr, site).k !== 'null') {
    const piece = builder.piece(pathExpr, site, FRAMEWORK, 'Namespace path');
    // ns_urls() reads `self.ns_paths.get(ns) or ns.path`: an empty path keeps the namespace's own.
    if (piece.text !== '') prefix = piece;
  }
  builder.addEdge(api, { target: target.node, prefix, file: site.module.path, line: site.call.line, middleware: [], ...(prefix ? { replacesPrefix: true } : {}) });
}
