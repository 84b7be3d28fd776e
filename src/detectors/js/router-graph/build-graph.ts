import type { ProjectIndex, Value } from '../../../linking/types.js';
import type { Arg, CallFact, Expr, ModuleFacts } from '../../../parsing/types.js';
import { evaluateIn, iterationCallsOf, loopEnvironments, paramKey } from './evaluate-in-context.js';
import { resolveHandlerExpr } from './resolve-handlers.js';
import { pathSourceOf, RouterTracer, type Traced } from './trace.js';
import type { EvalContext, GraphNode, MountEdge, RouteRecord, RouterFramework } from './types.js';

/** How many hand-overs of an app between functions are followed (`main` → `loaders` → `expressLoader`...). */
const MAX_LINK_ROUNDS = 6;

export interface BuiltGraph {
  tracer: RouterTracer;
  nodes: Map<string, GraphNode>;
  edges: MountEdge[];
}

/**
 * Builds the router graph of a project: every app and router, the routes registered on each,
 * and the mounts between them, wherever in the repository they happen. Three passes:
 * registrations and mounts; call sites that hand an app or router to a function parameter;
 * mounts of such parameters redirected to the objects they receive.
 */
export function buildRouterGraph(project: ProjectIndex, modules: readonly ModuleFacts[], frameworks: readonly RouterFramework[]): BuiltGraph {
  const tracer = new RouterTracer(project, frameworks);
  const edges: MountEdge[] = [];
  const members = new Set<string>(['use', 'route', 'on', 'prefix']);
  for (const framework of frameworks) for (const name of framework.methods.keys()) members.add(name);
  const builder = new GraphBuilder(project, tracer, edges);
  for (const module of modules) {
    const iterationCalls = iterationCallsOf(module);
    for (const call of module.calls) {
      if (!call.args || call.args.length === 0) continue;
      const callee = call.callee;
      if (callee.k === 'member' && !members.has(callee.prop)) continue;
      if (callee.k !== 'member' && callee.k !== 'index') continue;
      for (const env of loopEnvironments(project, module, call, iterationCalls)) {
        const context: EvalContext = { module: module.path, scope: call.scope, line: call.line, env };
        builder.registerCall(call, callee, context, members);
      }
    }
  }
  edges.push(...tracer.derivedEdges);
  linkParameterNodes(project, tracer, modules, edges);
  const redirected = redirectParameterMounts(tracer.nodes, edges);
  return { tracer, nodes: tracer.nodes, edges: redirected };
}

class GraphBuilder {
  constructor(
    private readonly project: ProjectIndex,
    private readonly tracer: RouterTracer,
    private readonly edges: MountEdge[],
  ) {}

  registerCall(call: CallFact, callee: Extract<Expr, { k: 'member' | 'index' }>, context: EvalContext, members: Set<string>): void {
    let prop: string | null;
    let methodExpr: Expr | undefined;
    if (callee.k === 'member') prop = callee.prop;
    else {
      // `router[route.method](...)`: the member is computed, typically from a route table.
      methodExpr = callee.index;
      const value = evaluateIn(this.project, callee.index, context);
      prop = value.k === 'str' ? value.v.toLowerCase() : null;
      if (prop !== null && !members.has(prop)) return;
    }
    const receiver = this.tracer.trace(callee.obj, context);
    if (!receiver || (receiver.t !== 'node' && receiver.t !== 'route')) return;
    const args = call.args!;
    const node = receiver.node;
    if (node.kind === 'param' && !this.isPlausibleOnParameter(node, prop, args, context)) return;
    if (receiver.t === 'route') {
      const method = prop === null ? null : this.methodOf(node, prop);
      if (method === undefined) return;
      node.routes.push(this.routeRecord(method, methodExpr, receiver.path, args, context, call.line));
      return;
    }
    if (prop === null) {
      if (args.length >= 2) node.routes.push(this.routeRecord(null, methodExpr, pathSourceOf(args[0]!.value, context), args.slice(1), context, call.line));
      return;
    }
    const method = this.methodOf(node, prop);
    if (method !== undefined) {
      this.registerMethod(node, method, methodExpr, args, context, call.line, callee.obj);
      return;
    }
    if (prop === 'on' && this.tracer.supports(node, (f) => f.onMethod === true) && args.length >= 3) {
      this.registerOn(node, args, context, call.line);
      return;
    }
    if (prop === 'use' && this.tracer.supports(node, (f) => f.mountsWithUse === true)) {
      this.registerUse(node, args, context, call.line);
      return;
    }
    if (prop === 'route' && args.length >= 2 && this.tracer.supports(node, (f) => f.mountsWithRoute === true)) {
      const child = this.tracer.asNode(this.tracer.trace(args[1]!.value, context));
      if (child && child !== node) this.addEdge(node, child, pathSourceOf(args[0]!.value, context), [], context, call.line);
      return;
    }
    if (prop === 'prefix' && args.length === 1 && this.tracer.supports(node, (f) => f.routerPrefix === true)) {
      node.ownPrefixes.push({ source: pathSourceOf(args[0]!.value, context), file: context.module, line: call.line });
    }
  }

  /**
   * Parameters receive every kind of object: `res.get('content-type')`, `cache.get(key, fallback)`,
   * `ctx.set(...)`. A call on a parameter counts only when the parameter is typed as one of the
   * frameworks' objects, or the call itself looks like routing: a path-like first argument for a
   * route, a router among the arguments of a mount.
   */
  private isPlausibleOnParameter(node: GraphNode, prop: string | null, args: Arg[], context: EvalContext): boolean {
    if (node.param?.defaultKind) return true;
    const typePackage = this.tracer.paramTypePackage(node);
    if (typePackage) return this.tracer.frameworks.some((framework) => framework.packages.includes(typePackage));
    if (prop === 'use' || prop === 'route') {
      return args.some((arg) => !arg.spread && this.tracer.asNode(this.tracer.trace(arg.value, context)) !== null);
    }
    if (prop !== null && this.methodOf(node, prop) === undefined) return false;
    if (args.length < 2) return false;
    const named = args.length >= 3 && this.pathLikeness(args[1]!.value, context) === 'path' && this.pathLikeness(args[0]!.value, context) !== 'path';
    const likeness = this.pathLikeness((named ? args[1] : args[0])!.value, context);
    if (likeness === 'path') return true;
    // A path built from another parameter (`app.get(base + '/x', h)`) is known only at the call site.
    const last = args[args.length - 1]!;
    return likeness === 'unknown' && !last.spread && resolveHandlerExpr(this.project, last.value, context) !== null;
  }

  private pathLikeness(expr: Expr, context: EvalContext): 'path' | 'unknown' | 'other' {
    if (expr.k === 'regex') return 'path';
    const value = evaluateIn(this.project, expr, context);
    const first = value.k === 'arr' ? value.items[0] : value;
    if (first?.k === 'str') return first.v.startsWith('/') || first.v === '*' ? 'path' : 'other';
    return first?.k === 'unknown' ? 'unknown' : 'other';
  }

  /** The method a member registers on this node, or undefined when it registers none. */
  private methodOf(node: GraphNode, prop: string): string | undefined {
    const framework = this.tracer.frameworkById(node.framework);
    if (framework) return framework.methods.get(prop);
    for (const candidate of this.tracer.frameworks) {
      const method = candidate.methods.get(prop);
      if (method) return method;
    }
    return undefined;
  }

  private registerMethod(node: GraphNode, method: string, methodExpr: Expr | undefined, args: Arg[], context: EvalContext, line: number, receiver: Expr): void {
    if (this.tracer.supports(node, (f) => f.chainedPaths === true) && args.length >= 1 && !this.isPathArgument(args[0]!, context)) {
      // Hono's `app.get('/x', a).post(b)`: a registration without a path takes the previous one's.
      const inherited = this.chainedPath(receiver, context, 0);
      if (inherited) node.routes.push(this.routeRecord(method, methodExpr, inherited, args, context, line));
      return;
    }
    // `app.get('title')` reads a setting in Express; a route needs a path and a handler.
    if (args.length < 2) return;
    let rest = args;
    if (args.length >= 3 && this.tracer.supports(node, (f) => f.namedRoutes === true) && this.isRouteName(args[0]!.value, args[1]!.value, context)) {
      rest = args.slice(1);
    }
    node.routes.push(this.routeRecord(method, methodExpr, pathSourceOf(rest[0]!.value, context), rest.slice(1), context, line));
  }

  private isPathArgument(arg: Arg, context: EvalContext): boolean {
    const expr = arg.value;
    if (arg.spread || expr.k === 'fn') return false;
    if (expr.k === 'str' || expr.k === 'tpl' || expr.k === 'regex' || expr.k === 'arr' || expr.k === 'bin') return true;
    const value = evaluateIn(this.project, expr, context);
    return value.k === 'str' || value.k === 'arr';
  }

  /** The path of the registration a chained call is made on, looking back through pathless ones. */
  private chainedPath(receiver: Expr, context: EvalContext, depth: number): RouteRecord['path'] {
    if (depth > 16 || receiver.k !== 'call' || receiver.callee.k !== 'member') return null;
    const first = receiver.args[0];
    if (first && this.isPathArgument(first, context)) return pathSourceOf(first.value, context);
    return this.chainedPath(receiver.callee.obj, context, depth + 1);
  }

  /** koa-router's `router.get('user', '/users/:id', ...)`: a name that is not a path, then a path. */
  private isRouteName(first: Expr, second: Expr, context: EvalContext): boolean {
    const name = evaluateIn(this.project, first, context);
    if (name.k !== 'str' || name.v.startsWith('/') || name.v === '*') return false;
    if (second.k === 'regex' || second.k === 'arr') return true;
    const path = evaluateIn(this.project, second, context);
    return path.k === 'str' || path.k === 'arr' || (path.k === 'unknown' && second.k !== 'fn');
  }

  /** Hono's `app.on('PURGE', '/cache', h)` and `app.on(['PUT', 'DELETE'], '/post', h)`. */
  private registerOn(node: GraphNode, args: Arg[], context: EvalContext, line: number): void {
    const methods = evaluateIn(this.project, args[0]!.value, context);
    const names = methods.k === 'str' ? [methods.v] : methods.k === 'arr' ? methods.items.map((item) => (item.k === 'str' ? item.v : null)) : [null];
    for (const name of names) {
      const record = this.routeRecord(name === null ? null : name.toUpperCase(), name === null ? args[0]!.value : undefined, pathSourceOf(args[1]!.value, context), args.slice(2), context, line);
      node.routes.push(record);
    }
  }

  /** `use(prefix?, ...)`: routers among the arguments are mounted; functions before them are middleware. */
  private registerUse(node: GraphNode, args: Arg[], context: EvalContext, line: number): void {
    let start = 0;
    let prefix = null;
    if (args.length >= 2 && this.isPrefix(args[0]!, context)) {
      prefix = pathSourceOf(args[0]!.value, context);
      start = 1;
    }
    const middleware: Expr[] = [];
    for (const arg of args.slice(start)) {
      for (const item of arg.value.k === 'arr' ? arg.value.items : [arg.value]) {
        const wrapped = this.mountWrapper(item, context);
        if (wrapped) {
          if (wrapped.child !== node) this.addEdge(node, wrapped.child, wrapped.prefix, [...middleware], context, line);
          continue;
        }
        const child = arg.spread ? null : this.tracer.asNode(this.tracer.trace(item, context));
        if (child && child !== node) this.addEdge(node, child, prefix, [...middleware], context, line);
        else middleware.push(item);
      }
    }
  }

  /** koa-mount's `mount('/v1', router.routes())` inside a `use`. */
  private mountWrapper(item: Expr, context: EvalContext): { child: GraphNode; prefix: ReturnType<typeof pathSourceOf> | null } | null {
    if (item.k !== 'call' || item.args.length < 2) return null;
    const wrappers = this.tracer.frameworks.flatMap((f) => f.mountWrappers ?? []);
    if (wrappers.length === 0) return null;
    const callee = this.tracer.trace(item.callee, context);
    if (callee?.t !== 'binding' || callee.binding.kind !== 'external') return null;
    const { package: pkg, imported } = callee.binding;
    if (!wrappers.some((w) => w.package === pkg && w.imported === imported)) return null;
    const child = this.tracer.asNode(this.tracer.trace(item.args[1]!.value, context));
    return child ? { child, prefix: pathSourceOf(item.args[0]!.value, context) } : null;
  }

  /** Is the first argument of `use` a path (a string, a regex, an array of them, or an unknown value)? */
  private isPrefix(arg: Arg, context: EvalContext): boolean {
    const expr = arg.value;
    if (arg.spread) return false;
    switch (expr.k) {
      case 'str':
      case 'tpl':
      case 'bin':
      case 'regex':
        return true;
      case 'arr':
        return expr.items.length > 0 && expr.items.every((item) => item.k === 'str' || item.k === 'tpl' || item.k === 'regex' || isStringValue(evaluateIn(this.project, item, context)));
      case 'id':
      case 'member':
      case 'index': {
        const value = evaluateIn(this.project, expr, context);
        if (isStringValue(value) || (value.k === 'arr' && value.items.length > 0 && value.items.every(isStringValue))) return true;
        if (value.k !== 'unknown') return false;
        const traced = this.tracer.trace(expr, context);
        // Unknown values that are not functions or routers are taken as a prefix the linker could not read.
        return traced === null || (traced.t === 'binding' && (traced.binding.kind === 'unresolved' || traced.binding.kind === 'value'));
      }
      default:
        return false;
    }
  }

  private addEdge(parent: GraphNode, child: GraphNode, prefix: MountEdge['prefix'], middlewareExprs: Expr[], context: EvalContext, line: number): void {
    this.edges.push({ parent: parent.key, child: child.key, prefix, file: context.module, line, middlewareExprs, context });
  }

  private routeRecord(method: string | null, methodExpr: Expr | undefined, path: RouteRecord['path'], handlerArgs: Arg[], context: EvalContext, line: number): RouteRecord {
    const exprs = handlerArgs.flatMap((arg) => (arg.value.k === 'arr' ? arg.value.items : [arg.value]));
    const handlerExpr = exprs.length > 0 ? exprs[exprs.length - 1]! : null;
    const record: RouteRecord = { method, path, file: context.module, line, handlerExpr, middlewareExprs: exprs.slice(0, -1), context };
    if (method === null && methodExpr) record.methodExpr = methodExpr;
    return record;
  }
}

function isStringValue(value: Value): boolean {
  return value.k === 'str';
}

/**
 * Finds the call sites that pass an app or router to a function whose parameter registers
 * routes (`module.exports = (app) => { app.get(...) }` called as `require('./routes')(app)`),
 * and records each as an alias edge carrying the call's other arguments as parameter values.
 */
function linkParameterNodes(project: ProjectIndex, tracer: RouterTracer, modules: readonly ModuleFacts[], edges: MountEdge[]): void {
  const done = new Set<string>();
  // Linking one parameter can reveal another (`loaders({ expressApp })` passing it on to
  // `expressLoader({ app: expressApp })`): rounds repeat until no new parameter matters.
  for (let round = 0; round < MAX_LINK_ROUNDS; round++) {
    const byFunction = pendingParameters(tracer, edges, done);
    if (byFunction.size === 0) return;
    linkRound(project, tracer, modules, edges, byFunction);
  }
}

/** Parameter nodes that register, mount or are mounted, and whose call sites were not yet searched, by function. */
function pendingParameters(tracer: RouterTracer, edges: MountEdge[], done: Set<string>): Map<string, GraphNode[]> {
  const used = new Set<string>();
  for (const edge of edges) {
    used.add(edge.parent);
    used.add(edge.child);
  }
  const byFunction = new Map<string, GraphNode[]>();
  for (const node of tracer.nodes.values()) {
    if (node.kind !== 'param' || !node.param || done.has(node.key)) continue;
    if (node.routes.length === 0 && node.ownPrefixes.length === 0 && !used.has(node.key)) continue;
    done.add(node.key);
    const key = paramKey(node.param.module, node.param.fnId, -1);
    const list = byFunction.get(key);
    if (list) list.push(node);
    else byFunction.set(key, [node]);
  }
  return byFunction;
}

function linkRound(project: ProjectIndex, tracer: RouterTracer, modules: readonly ModuleFacts[], edges: MountEdge[], byFunction: Map<string, GraphNode[]>): void {
  const names = namesOfFunctions(project, tracer, modules, byFunction);
  for (const module of modules) {
    const iterationCalls = iterationCallsOf(module);
    const loopVariables = loopVariablesOf(module, iterationCalls);
    for (const call of module.calls) {
      if (!call.args || call.args.length === 0) continue;
      const callee = call.callee;
      if (callee.k !== 'id' && callee.k !== 'member' && callee.k !== 'call') continue;
      // Tracing every call of a large repository is costly; only calls that may name one of the
      // functions are traced, or that call a loop variable (`[users, admin].forEach((r) => r(app))`).
      const name = callee.k === 'id' ? callee.name : callee.k === 'member' ? callee.prop : null;
      if (name !== null && !names.has(name) && !(callee.k === 'id' && call.loopDepth > 0 && loopVariables.has(name))) continue;
      for (const env of loopEnvironments(project, module, call, iterationCalls)) {
        const context: EvalContext = { module: module.path, scope: call.scope, line: call.line, env };
        const target = calledFunction(tracer, tracer.trace(callee, context), call);
        if (!target) continue;
        const params = byFunction.get(paramKey(target.module, target.fnId, -1));
        if (!params) continue;
        linkCall(project, tracer, call, context, target, params, edges);
      }
    }
  }
}

/**
 * The names a call may use for the functions whose parameters register routes: their own
 * names, their class names (constructors), the names their modules export them under, and the
 * local names other modules import them as. `require('./routes')(app)` has no name and is
 * always traced.
 */
function namesOfFunctions(project: ProjectIndex, tracer: RouterTracer, modules: readonly ModuleFacts[], byFunction: Map<string, GraphNode[]>): Set<string> {
  const names = new Set<string>();
  const exportedBy = new Map<string, Set<string>>();
  for (const nodes of byFunction.values()) {
    const { module: modulePath, fnId } = nodes[0]!.param!;
    const module = tracer.moduleOf(modulePath);
    const fn = module?.functions[fnId];
    if (!module || !fn) continue;
    const own = fn.name.replace(/^(?:module\.)?exports\./, '');
    names.add(own);
    const cls = fn.classId !== undefined ? module.classes[fn.classId] : undefined;
    if (cls && fn.kind === 'constructor') names.add(cls.name);
    let exported = exportedBy.get(modulePath);
    if (!exported) exportedBy.set(modulePath, (exported = new Set()));
    for (const fact of module.exports) {
      const value = fact.value;
      const matches = fact.local === fn.name || fact.local === cls?.name || (value?.k === 'fn' && value.id === fn.id) || (value?.k === 'class' && value.id === cls?.id);
      if (!matches && !(fn.name === 'default' && fact.exported === 'default')) continue;
      exported.add(fact.exported);
      // `require('./loaders').default(app)` calls a default export by that name.
      names.add(fact.exported);
    }
  }
  for (const module of modules) {
    for (const imp of module.imports) {
      if (!imp.local) continue;
      const target = project.resolveImport(module.path, imp.source);
      if (!target || !('module' in target)) continue;
      const exported = exportedBy.get(target.module);
      if (exported && (imp.imported === '*' || exported.has(imp.imported))) names.add(imp.local);
    }
  }
  return names;
}

/** Names bound per item by the module's loops and iteration callbacks. */
function loopVariablesOf(module: ModuleFacts, iterationCalls: Map<number, CallFact>): Set<string> {
  const names = new Set<string>();
  for (const loop of module.loops) for (const name of loop.variables) names.add(name);
  for (const fnId of iterationCalls.keys()) {
    const first = module.functions[fnId]?.params[0]?.name;
    if (first) names.add(first);
  }
  return names;
}

/** The function a call runs: a function, or the constructor of a class called with `new`. */
function calledFunction(tracer: RouterTracer, traced: Traced, call: CallFact): { module: string; fnId: number } | null {
  if (traced?.t !== 'binding') return null;
  const binding = traced.binding;
  if (binding.kind === 'function') return { module: binding.module, fnId: binding.fn.id };
  if (binding.kind === 'class' && call.isNew) {
    const module = tracer.moduleOf(binding.module);
    const ctor = binding.cls.methods.map((id) => module?.functions[id]).find((fn) => fn?.kind === 'constructor');
    return ctor ? { module: binding.module, fnId: ctor.id } : null;
  }
  return null;
}

function linkCall(project: ProjectIndex, tracer: RouterTracer, call: CallFact, context: EvalContext, target: { module: string; fnId: number }, params: GraphNode[], edges: MountEdge[]): void {
  const args = call.args!;
  if (args.some((arg) => arg.spread)) return;
  const values = new Map<string, Value>();
  args.forEach((arg, index) => {
    const value = evaluateIn(project, arg.value, context);
    if (value.k !== 'unknown') values.set(paramKey(target.module, target.fnId, index), value);
  });
  for (const param of params) {
    const { index, property } = param.param!;
    const arg = args[index];
    if (!arg) continue;
    // A destructured parameter `({ app })` receives the `app` property of the argument.
    const value: Expr = property ? { k: 'member', obj: arg.value, prop: property } : arg.value;
    const source = tracer.asNode(tracer.trace(value, context));
    if (!source || source === param) continue;
    edges.push({ parent: source.key, child: param.key, prefix: null, file: context.module, line: call.line, middlewareExprs: [], context, alias: { params: values } });
  }
}

/**
 * A mount whose child is a parameter node (`app.use('/x', router)` inside a function taking
 * `router`) mounts what the parameter receives: the edge is pointed at each such object.
 */
function redirectParameterMounts(nodes: Map<string, GraphNode>, edges: MountEdge[]): MountEdge[] {
  const sources = new Map<string, MountEdge[]>();
  for (const edge of edges) {
    if (!edge.alias) continue;
    const list = sources.get(edge.child);
    if (list) list.push(edge);
    else sources.set(edge.child, [edge]);
  }
  const result: MountEdge[] = [];
  for (const edge of edges) {
    if (edge.alias || nodes.get(edge.child)?.kind !== 'param') {
      result.push(edge);
      continue;
    }
    const targets = originsOf(edge.child, sources, new Set());
    if (targets.length === 0) result.push(edge);
    else for (const target of targets) result.push({ ...edge, child: target });
  }
  return result;
}

/** The non-parameter objects a parameter node stands for, following parameters passed along. */
function originsOf(key: string, sources: Map<string, MountEdge[]>, seen: Set<string>): string[] {
  if (seen.has(key)) return [];
  seen.add(key);
  const aliases = sources.get(key);
  if (!aliases) return [key];
  return [...new Set(aliases.flatMap((alias) => originsOf(alias.parent, sources, seen)))];
}

