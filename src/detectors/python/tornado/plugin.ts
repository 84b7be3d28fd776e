import { exprText } from '../../../linking/project-index.js';
import type { Binding } from '../../../linking/types.js';
import type { ClassFact, Expr } from '../../../parsing/types.js';
import { handlerFromBinding } from '../../shared.js';
import type { HandlerRef } from '../../types.js';
import { argOf, isExternalNamed, type CallExpr, type CallSite, type GraphBuilder, type GraphPlugin, type ListItem, type Site } from '../mounts/graph-builder.js';
import type { PathPiece, RouteNode } from '../mounts/types.js';
import { TORNADO_STYLE } from './paths.js';

const FRAMEWORK = 'tornado';
const PACKAGES = ['tornado'];
/** RequestHandler.SUPPORTED_METHODS that a handler serves by defining the lower-case method. */
const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const MAX_DEPTH = 16;

/** Handlers Tornado ships, and the methods they serve. */
const FRAMEWORK_HANDLERS: Record<string, string[]> = {
  'web.StaticFileHandler': ['GET'],
  'web.RedirectHandler': ['GET'],
  'web.ErrorHandler': ['ALL'],
  'web.FallbackHandler': ['ALL'],
};
const BASE_HANDLERS = new Set(['web.RequestHandler', 'websocket.WebSocketHandler']);

interface HandlerClass {
  module: string;
  cls: ClassFact;
}

/**
 * Tornado in the route graph: `tornado.web.Application(handlers)` (or a subclass that passes its
 * list to `super().__init__`), `add_handlers(host, handlers)` and `wildcard_router.add_rules`. Each
 * entry, a tuple, `url()` / `URLSpec()` or `Rule(PathMatches(...), ...)`, names a RequestHandler
 * class whose `get`/`post`/... methods (own or inherited) are the endpoints; a WebSocketHandler is
 * one `WS` endpoint.
 */
export const tornadoPlugin: GraphPlugin = {
  framework: FRAMEWORK,
  style: TORNADO_STYLE,
  constructorNames: new Set(['Application']),
  construct(callee, builder) {
    const base = builder.externalBase(callee);
    return base && isExternalNamed(base, PACKAGES, ['web.Application']) ? { kind: 'app', standalone: true } : null;
  },
  init(node, site, builder) {
    const source = applicationCall(site, builder);
    const handlers = source.argument(source.explicitSelf ? 1 : 0, 'handlers');
    if (handlers) addHandlerList(node, handlers.expr, handlers.site, builder);
    addStaticRoutes(node, source, builder);
  },
  decoratorMethods: new Set(),
  callMethods: new Set(['add_handlers', 'add_rules']),
  call(node, method, site, builder) {
    const list = method === 'add_handlers' ? argOf(site.call, 1, 'host_handlers') : argOf(site.call, 0, 'rules');
    if (list) addHandlerList(node, list, site, builder);
  },
  selfMembers: new Set(['wildcard_router', 'default_router']),
};

/**
 * The call that really builds the Application: the constructor call itself, or, for a subclass
 * whose `__init__` builds its list and settings, the `super().__init__(...)` it makes. Arguments
 * of that call that are `__init__`'s own parameters (`handlers`, `**kwargs`) are read at the
 * constructor call.
 */
interface ApplicationCall {
  call: CallExpr;
  site: Site;
  explicitSelf: boolean;
  argument(index: number, name: string): ListItem | null;
}

function applicationCall(site: CallSite, builder: GraphBuilder): ApplicationCall {
  const callee = builder.resolve(site.call.callee, site);
  const init = callee.kind === 'class' ? superInitCall(callee, builder) : null;
  if (!init) {
    return { call: site.call, site, explicitSelf: false, argument: (index, name) => argumentAt(site.call, site, index, name, builder) };
  }
  const throughParam = (expr: Expr, read: (index: number, name: string) => ListItem | null): ListItem | null => {
    if (expr.k !== 'id') return null;
    const binding = builder.project.lookup(init.site.module.path, expr.name, init.site.scope, init.site.line);
    if (binding.kind !== 'param' || binding.fnId !== init.site.scope) return null;
    return read(binding.index - 1, binding.name);
  };
  return {
    ...init,
    argument(index, name) {
      const passed = argumentAt(init.call, init.site, index, name, builder);
      if (!passed) {
        // `super().__init__(handlers, **kwargs)`: a setting the constructor call gives by keyword.
        const spread = init.call.args.find((arg) => arg.spread && arg.value.k === 'id');
        const viaKwargs = spread ? throughParam(spread.value, () => argumentAt(site.call, site, -1, name, builder)) : null;
        return viaKwargs;
      }
      return throughParam(passed.expr, (paramIndex, paramName) => argumentAt(site.call, site, paramIndex, paramName, builder)) ?? passed;
    },
  };
}

/** An argument by position or keyword, also found inside `**settings` when that names a dict. */
function argumentAt(call: CallExpr, site: Site, index: number, name: string, builder: GraphBuilder): ListItem | null {
  const direct = argOf(call, index, name);
  if (direct) return { expr: direct, site };
  for (const arg of call.args) {
    if (!arg.spread) continue;
    const found = dictEntry(arg.value, site, name, builder, 0);
    if (found) return found;
  }
  return null;
}

/** `name` in a dict written as `{...}` or `dict(...)`, directly or through a variable. */
function dictEntry(expr: Expr, site: Site, name: string, builder: GraphBuilder, depth: number): ListItem | null {
  if (depth > 4) return null;
  if (expr.k === 'obj') {
    const prop = [...expr.props].reverse().find((p) => p.key === name);
    return prop ? { expr: prop.value, site } : null;
  }
  if (expr.k === 'call' && expr.callee.k === 'id' && expr.callee.name === 'dict') {
    const keyword = argOf(expr, -1, name);
    return keyword ? { expr: keyword, site } : null;
  }
  if (expr.k !== 'id') return null;
  const binding = builder.project.lookup(site.module.path, expr.name, site.scope, site.line);
  const module = binding.kind === 'value' ? builder.project.modules.get(binding.module) : undefined;
  if (binding.kind !== 'value' || !module) return null;
  return dictEntry(binding.expr, { module, scope: binding.scope, line: binding.line }, name, builder, depth + 1);
}

/**
 * With a `static_path` setting, Tornado puts three StaticFileHandler routes before the others:
 * `static_url_prefix` (default `/static/`) + `(.*)`, `/favicon.ico` and `/robots.txt`.
 */
function addStaticRoutes(node: RouteNode, source: ApplicationCall, builder: GraphBuilder): void {
  const staticPath = source.argument(-1, 'static_path');
  if (!staticPath || builder.evaluate(staticPath.expr, staticPath.site).k === 'null') return;
  const prefixArg = source.argument(-1, 'static_url_prefix');
  const prefix = prefixArg ? builder.piece(prefixArg.expr, prefixArg.site, FRAMEWORK, 'Static URL prefix') : null;
  const at = { file: source.site.module.path, line: source.call.line };
  const pieces: PathPiece[] = [
    prefix && prefix.text === null ? { ...prefix, ...at } : { text: `${prefix?.text ?? '/static/'}(.*)`, expr: { k: 'str', v: `${prefix?.text ?? '/static/'}(.*)` }, ...at },
    { text: '/favicon.ico', expr: { k: 'str', v: '/favicon.ico' }, ...at },
    { text: '/robots.txt', expr: { k: 'str', v: '/robots.txt' }, ...at },
  ];
  for (const path of pieces) builder.addRoute(node, { framework: FRAMEWORK, methods: ['GET'], methodsResolved: true, path, ...at, handler: null, middleware: [], generated: true });
}

/** `super().__init__(handlers, ...)` or `tornado.web.Application.__init__(self, handlers, ...)` in the nearest repository `__init__`. */
function superInitCall(binding: Extract<Binding, { kind: 'class' }>, builder: GraphBuilder): { call: CallExpr; site: Site; explicitSelf: boolean } | null {
  const seen = new Set<ClassFact>();
  let current: HandlerClass | null = { module: binding.module, cls: binding.cls };
  while (current && !seen.has(current.cls)) {
    seen.add(current.cls);
    const module = builder.project.modules.get(current.module);
    if (!module) return null;
    const init = current.cls.methods.map((id) => module.functions[id]!).find((fn) => fn.name === '__init__');
    if (init) {
      const fact = module.calls.find((call) => call.scope === init.id && call.args && call.callee.k === 'member' && call.callee.prop === '__init__');
      if (!fact || fact.callee.k !== 'member') return null;
      const explicitSelf = !(fact.callee.obj.k === 'call' && fact.callee.obj.callee.k === 'id' && fact.callee.obj.callee.name === 'super');
      return { call: { k: 'call', callee: fact.callee, args: fact.args!, line: fact.line }, site: { module, scope: init.id, line: fact.line }, explicitSelf };
    }
    const next: Binding | undefined = current.cls.bases.map((base) => builder.project.resolveExpr(base, current!.module, current!.cls.parent)).find((b) => b.kind === 'class');
    current = next?.kind === 'class' ? { module: next.module, cls: next.cls } : null;
  }
  return null;
}

// ------------------------------------------------------------------ handler lists

/** Every entry of a handler list, with the entries appended, extended or `+=`-ed onto it later. */
function listEntries(expr: Expr, site: Site, builder: GraphBuilder): ListItem[] {
  const entries = [...builder.items(expr, site).items];
  if (expr.k !== 'id') return entries;
  const binding = builder.project.lookup(site.module.path, expr.name, site.scope, site.line);
  if (binding.kind !== 'value') return entries;
  const module = builder.project.modules.get(binding.module);
  if (!module) return entries;
  const sameScope = binding.module === site.module.path && binding.scope === site.scope;
  const inRange = (line: number): boolean => line > binding.line && (!sameScope || line <= site.line);
  const at = (line: number): Site => ({ module, scope: binding.scope, line });
  const mutations: { line: number; items: ListItem[] }[] = [];
  for (const call of module.calls) {
    if (call.scope !== binding.scope || !call.args || !inRange(call.line)) continue;
    if (call.callee.k !== 'member' || call.callee.obj.k !== 'id' || call.callee.obj.name !== expr.name) continue;
    const callExpr: CallExpr = { k: 'call', callee: call.callee, args: call.args, line: call.line };
    const added = call.callee.prop === 'append' ? argOf(callExpr, 0) : call.callee.prop === 'insert' ? argOf(callExpr, 1) : call.callee.prop === 'extend' ? argOf(callExpr, 0) : undefined;
    if (!added) continue;
    mutations.push({ line: call.line, items: call.callee.prop === 'extend' ? builder.items(added, at(call.line)).items : [{ expr: added, site: at(call.line) }] });
  }
  for (const assignment of module.assignments) {
    if (assignment.kind !== 'augmented' || assignment.scope !== binding.scope || !inRange(assignment.line)) continue;
    if (assignment.target.k !== 'id' || assignment.target.name !== expr.name) continue;
    mutations.push({ line: assignment.line, items: builder.items(assignment.value, at(assignment.line)).items });
  }
  mutations.sort((a, b) => a.line - b.line);
  return [...entries, ...mutations.flatMap((mutation) => mutation.items)];
}

function addHandlerList(node: RouteNode, expr: Expr, site: Site, builder: GraphBuilder, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  for (const item of listEntries(expr, site, builder)) addEntry(node, item, builder, depth);
}

/** One entry: `(pattern, Handler[, kwargs[, name]])`, `url(...)`, `URLSpec(...)` or `Rule(matcher, target)`. */
function addEntry(node: RouteNode, item: ListItem, builder: GraphBuilder, depth: number): void {
  const { expr, site } = item;
  if (expr.k === 'arr' && expr.items.length >= 2) {
    addRoute(node, expr.items[0]!, expr.items[1]!, site, site.line, builder);
    return;
  }
  if (expr.k === 'call') {
    const callSite: Site = { ...site, line: expr.line };
    const name = calleeName(expr.callee);
    if (name === 'url' || name === 'URLSpec') {
      addRoute(node, argOf(expr, 0, 'pattern'), argOf(expr, 1, 'handler'), callSite, expr.line, builder);
      return;
    }
    if (name === 'Rule') {
      addRule(node, expr, callSite, builder, depth);
      return;
    }
    if (name === 'get_routes' && expr.callee.k === 'member') {
      addRegisteredRoutes(node, expr.callee.obj, callSite, builder);
      return;
    }
  }
  builder.reportUnresolved(FRAMEWORK, 'Handler list entry', expr, site);
}

/** `Rule(PathMatches(pattern), Handler)`; a rule whose target is a list or an Application nests it. */
function addRule(node: RouteNode, rule: CallExpr, site: Site, builder: GraphBuilder, depth: number): void {
  const matcher = argOf(rule, 0, 'matcher');
  const target = argOf(rule, 1, 'target');
  if (!matcher || !target) return;
  const pattern = matcher.k === 'call' && calleeName(matcher.callee) === 'PathMatches' ? argOf(matcher, 0, 'path_pattern') : undefined;
  const nested = builder.target(target, site);
  if (nested.kind === 'node') {
    // Tornado hands the whole path to the nested application: no prefix is stripped.
    builder.addEdge(node, { target: nested.node, prefix: null, file: site.module.path, line: rule.line, middleware: [] });
    return;
  }
  const resolved = nested.kind === 'binding' ? nested.binding : null;
  if (!pattern || (target.k === 'arr' || (resolved?.kind === 'value' && resolved.expr.k === 'arr'))) {
    addHandlerList(node, target, site, builder, depth + 1);
    return;
  }
  addRoute(node, pattern, target, site, rule.line, builder);
}

/**
 * The route-registry recipe (tornado-utils' `route`, and its many copies): handler classes
 * decorated with `@route(r"/x", name=...)` are collected, and the application is built from
 * `route.get_routes()`. Every class decorated by the same registry is an entry, at its decorator.
 */
function addRegisteredRoutes(node: RouteNode, registryExpr: Expr, site: Site, builder: GraphBuilder): void {
  const registry = builder.resolve(registryExpr, site);
  let found = 0;
  for (const module of builder.modules) {
    for (const cls of module.classes) {
      for (const decorator of cls.decorators) {
        if (decorator.k !== 'call') continue;
        const decoratorSite: Site = { module, scope: cls.parent, line: decorator.line };
        if (!sameBinding(builder.resolve(decorator.callee, decoratorSite), registry)) continue;
        addRoute(node, argOf(decorator, 0, 'uri') ?? argOf(decorator, 0, 'pattern'), { kind: 'class', module: module.path, cls }, decoratorSite, decorator.line, builder);
        found++;
      }
    }
  }
  if (found === 0) builder.reportUnresolved(FRAMEWORK, 'Route registry', { k: 'call', callee: { k: 'member', obj: registryExpr, prop: 'get_routes' }, args: [], line: site.line }, site);
}

function sameBinding(a: Binding, b: Binding): boolean {
  if (a.kind === 'external' && b.kind === 'external') return a.package === b.package && a.imported === b.imported;
  if (a.kind === 'class' && b.kind === 'class') return a.module === b.module && a.cls.id === b.cls.id;
  if (a.kind === 'function' && b.kind === 'function') return a.module === b.module && a.fn.id === b.fn.id;
  return false;
}

function calleeName(callee: Expr): string | null {
  return callee.k === 'id' ? callee.name : callee.k === 'member' ? callee.prop : null;
}

// ------------------------------------------------------------------ routes

function addRoute(node: RouteNode, patternExpr: Expr | undefined, handlerExpr: Expr | Binding | undefined, site: Site, line: number, builder: GraphBuilder): void {
  const path: PathPiece = patternExpr
    ? withoutAnchors(builder.piece(patternExpr, { ...site, line }, FRAMEWORK, 'URL pattern'))
    : { text: null, expr: { k: 'other', text: '<missing pattern>' }, file: site.module.path, line };
  const base = { framework: FRAMEWORK, path, file: site.module.path, line, middleware: [] as HandlerRef[] };
  if (!handlerExpr) {
    builder.reportUnresolved(FRAMEWORK, 'Request handler', { k: 'other', text: '<missing handler>' }, { ...site, line });
    builder.addRoute(node, { ...base, methods: ['ALL'], methodsResolved: false, handler: null });
    return;
  }
  const binding = 'kind' in handlerExpr ? handlerExpr : handlerBinding(handlerExpr, site, builder);
  if (binding.kind === 'class') {
    addClassRoutes(node, { module: binding.module, cls: binding.cls }, base, { ...site, line }, builder);
    return;
  }
  if (binding.kind === 'external' && binding.package === 'tornado') {
    const methods = FRAMEWORK_HANDLERS[binding.imported];
    if (methods) {
      builder.report(FRAMEWORK, 'info', 'framework-handler', `${exprText(path.expr)} is served by tornado.${binding.imported}`, site.module.path, line);
      builder.addRoute(node, { ...base, methods, methodsResolved: true, handler: null });
      return;
    }
  }
  builder.reportUnresolved(FRAMEWORK, 'Request handler', 'kind' in handlerExpr ? { k: 'other', text: binding.kind } : handlerExpr, { ...site, line });
  builder.addRoute(node, { ...base, methods: ['ALL'], methodsResolved: false, handler: null });
}

/** URLSpec matches from the start and appends `$` itself: the anchors say nothing about the path. */
function withoutAnchors(piece: PathPiece): PathPiece {
  if (piece.text === null) return piece;
  return { ...piece, text: piece.text.replace(/^\^/, '').replace(/(?<!\\)\$$/, '') };
}

/** A handler class by reference, or by the dotted import string Tornado also accepts (`"app.handlers.Home"`). */
function handlerBinding(expr: Expr, site: Site, builder: GraphBuilder): Binding {
  if (expr.k !== 'str') return builder.resolve(expr, site);
  const dot = expr.v.lastIndexOf('.');
  if (dot <= 0) return { kind: 'unresolved', reason: expr.v };
  const target = builder.project.resolveImport(site.module.path, expr.v.slice(0, dot));
  if (!target) return { kind: 'unresolved', reason: expr.v };
  if ('external' in target) return { kind: 'external', package: target.external, imported: expr.v.slice(expr.v.indexOf('.') + 1), specifier: expr.v.slice(0, dot) };
  return builder.project.lookupExport(target.module, expr.v.slice(dot + 1));
}

type RouteBase = { framework: string; path: PathPiece; file: string; line: number; middleware: HandlerRef[] };

/**
 * A RequestHandler subclass: one endpoint per verb method it defines or inherits, with `prepare()`
 * (which runs before each of them) as middleware; a WebSocketHandler: one `WS` endpoint served by
 * `on_message` (or `open`). A subclass of a handler Tornado ships serves that handler's methods.
 */
function addClassRoutes(node: RouteNode, view: HandlerClass, base: RouteBase, site: Site, builder: GraphBuilder): void {
  const externals = externalBases(view, builder);
  const prepare = builder.viewMethods(view, ['prepare']).map(({ handler }) => handler);
  if (externals.includes('websocket.WebSocketHandler')) {
    const handler = builder.viewMethods(view, ['on_message', 'open'])[0]?.handler ?? null;
    if (!handler) builder.report(FRAMEWORK, 'warning', 'empty-view', `WebSocket handler ${view.cls.name} defines neither on_message() nor open()`, site.module.path, site.line);
    builder.addRoute(node, { ...base, methods: ['WS'], methodsResolved: true, handler, middleware: prepare, tags: ['realtime'] });
    return;
  }
  const verbs = builder.viewMethods(view, VERBS);
  for (const { verb, handler } of verbs) {
    builder.addRoute(node, { ...base, methods: [verb.toUpperCase()], methodsResolved: true, handler, middleware: [...prepare, ...methodDecorators(handler, builder)] });
  }
  if (verbs.length > 0) return;
  const shipped = externals.find((name) => FRAMEWORK_HANDLERS[name] !== undefined);
  if (shipped) {
    builder.report(FRAMEWORK, 'info', 'framework-handler', `${view.cls.name} serves ${exprText(base.path.expr)} through tornado.${shipped}`, site.module.path, site.line);
    builder.addRoute(node, { ...base, methods: FRAMEWORK_HANDLERS[shipped]!, methodsResolved: true, handler: null, middleware: prepare });
    return;
  }
  const foreign = externals.find((name) => !BASE_HANDLERS.has(name));
  if (foreign) {
    builder.report(FRAMEWORK, 'warning', 'external-handler', `${view.cls.name} defines no HTTP methods; they may come from its base ${foreign}, so ${exprText(base.path.expr)} is listed for any method`, site.module.path, site.line);
    builder.addRoute(node, { ...base, methods: ['ALL'], methodsResolved: false, handler: null, middleware: prepare });
    return;
  }
  builder.report(FRAMEWORK, 'warning', 'empty-view', `Handler ${view.cls.name} defines no HTTP method handlers`, site.module.path, site.line);
}

/** Every base class from outside the repository, through the repository's own classes (`package.path`). */
function externalBases(view: HandlerClass, builder: GraphBuilder): string[] {
  const found: string[] = [];
  const seen = new Set<ClassFact>();
  const walk = (modulePath: string, cls: ClassFact, depth: number): void => {
    if (seen.has(cls) || depth > MAX_DEPTH) return;
    seen.add(cls);
    for (const base of cls.bases) {
      const binding = builder.project.resolveExpr(base, modulePath, cls.parent);
      if (binding.kind === 'class') walk(binding.module, binding.cls, depth + 1);
      // Named as imported (`third_party.JsonHandler`), not by the normalised distribution name.
      else if (binding.kind === 'external') found.push(binding.package === 'tornado' ? binding.imported : `${binding.specifier.split('.')[0]}.${binding.imported}`);
    }
  };
  walk(view.module, view.cls, 0);
  return found;
}

/** Repository decorators on a verb method (`@require_role("admin")`): they run before it. */
function methodDecorators(handler: HandlerRef, builder: GraphBuilder): HandlerRef[] {
  const module = builder.project.modules.get(handler.file);
  const fn = handler.fnId !== undefined ? module?.functions[handler.fnId] : undefined;
  if (!module || !fn) return [];
  const found: HandlerRef[] = [];
  for (const decorator of fn.decorators) {
    const target = decorator.k === 'call' ? decorator.callee : decorator;
    const resolved = handlerFromBinding(builder.project.resolveExpr(target, module.path, fn.parent), builder.project);
    if (resolved) found.push(resolved);
  }
  return found;
}
