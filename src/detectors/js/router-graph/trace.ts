import { exprText } from '../../../linking/project-index.js';
import type { Binding, ProjectIndex, Value } from '../../../linking/types.js';
import type { CallFact, ClassFact, Expr, FunctionFact, ModuleFacts, ScopeId } from '../../../parsing/types.js';
import { evaluateIn, objectPatternEntries, paramKey } from './evaluate-in-context.js';
import { EMPTY_ENV, type EvalContext, type GraphNode, type MountEdge, type PathSource, type RouterFramework } from './types.js';

type CallExpr = Extract<Expr, { k: 'call' }>;

/** What an expression holds, as far as routing cares. */
export type Traced =
  | { t: 'node'; node: GraphNode }
  /** Express `app.route('/x')`: method calls on it register at that path. */
  | { t: 'route'; node: GraphNode; path: PathSource; file: string; line: number }
  | { t: 'binding'; binding: Binding }
  /** An instance of a class of the repository (class-based routers: `new UserRoutes().router`). */
  | { t: 'instance'; module: string; cls: ClassFact }
  /** An object literal, so that `routers.users` can be followed. */
  | { t: 'object'; expr: Extract<Expr, { k: 'obj' }>; context: EvalContext }
  /** An evaluated object, such as a loop item `{ path: '/auth', route: authRoute }`. */
  | { t: 'value'; value: Extract<Value, { k: 'obj' }> }
  | null;

const MAX_DEPTH = 24;

/**
 * Scope and line as one number, so the memo of `trace` needs no string per call: scopes are
 * -1 or function indices and lines are far below 2^32, so distinct pairs give distinct keys.
 */
function contextKey(context: EvalContext): number {
  return (context.scope + 1) * 2 ** 32 + context.line;
}

/**
 * Follows expressions to the app or router they hold, across files. The linker's own
 * `resolveExpr` collapses every `express.Router()` into one external value; routing needs
 * each creation site to stay a distinct object, so tracing stops at the creating call and
 * names the object after it.
 */
export class RouterTracer {
  readonly nodes = new Map<string, GraphNode>();
  /** Edges created while tracing: a Hono `basePath` copy is mounted under its base. */
  readonly derivedEdges: MountEdge[] = [];
  /** Expression -> module -> scope and line (see contextKey) -> what it holds there. */
  private readonly memo = new WeakMap<Expr, Map<string, Map<number, Traced>>>();
  private readonly factoryMemo = new Map<string, Traced>();
  private readonly chainMembers = new Map<string, Set<string>>();
  private readonly callsByLine = new Map<string, Map<number, CallFact[]>>();

  constructor(
    readonly project: ProjectIndex,
    readonly frameworks: readonly RouterFramework[],
  ) {
    for (const framework of frameworks) {
      const members = new Set<string>([...framework.methods.keys(), 'use']);
      if (framework.mountsWithRoute) members.add('route');
      if (framework.onMethod) members.add('on');
      if (framework.routerPrefix) members.add('prefix');
      for (const member of framework.handlerMembers ?? []) members.add(member);
      this.chainMembers.set(framework.id, members);
    }
  }

  frameworkById(id: string | null): RouterFramework | null {
    return this.frameworks.find((framework) => framework.id === id) ?? null;
  }

  /** Does the node's framework have this behaviour? A parameter node, not yet tied to one, has any. */
  supports(node: GraphNode, predicate: (framework: RouterFramework) => boolean): boolean {
    const framework = this.frameworkById(node.framework);
    return framework ? predicate(framework) : this.frameworks.some(predicate);
  }

  trace(expr: Expr, context: EvalContext, depth = 0): Traced {
    if (depth > MAX_DEPTH) return null;
    let table: Map<number, Traced> | undefined;
    const key = contextKey(context);
    if (context.env.names.size === 0 && context.env.params.size === 0) {
      let byModule = this.memo.get(expr);
      if (!byModule) this.memo.set(expr, (byModule = new Map()));
      table = byModule.get(context.module);
      if (!table) byModule.set(context.module, (table = new Map()));
      // A value still being traced reads as null: a cycle of aliases holds no router.
      if (table.has(key)) return table.get(key)!;
      table.set(key, null);
    }
    let result: Traced = null;
    try {
      result = this.traceUncached(expr, context, depth);
    } catch {
      // Odd code must never cost the user the report; an untraceable value is just not a router.
      result = null;
    }
    table?.set(key, result);
    return result;
  }

  private traceUncached(expr: Expr, context: EvalContext, depth: number): Traced {
    switch (expr.k) {
      case 'id': {
        const bound = context.env.names.get(expr.name);
        if (bound) return this.traceValue(bound, depth + 1);
        if (expr.name === 'this') {
          const cls = enclosingClass(this.moduleOf(context.module), context.scope);
          return cls ? { t: 'instance', module: context.module, cls } : null;
        }
        const binding = this.project.lookup(context.module, expr.name, context.scope, context.line);
        if (binding.kind === 'param') {
          const value = context.env.params.get(paramKey(binding.module, binding.fnId, binding.index));
          if (value) return this.traceValue(value, depth + 1);
        }
        if (binding.kind === 'unresolved') {
          const destructured = this.destructuredParamNode(context.module, context.scope, expr.name);
          if (destructured) return { t: 'node', node: destructured };
        }
        return this.traceBinding(binding, depth + 1);
      }
      case 'member':
        return this.traceMember(this.trace(expr.obj, context, depth + 1), expr.prop, depth + 1);
      case 'call':
        return this.traceCall(this.freshCall(expr, context.module), context, depth + 1);
      case 'fn':
      case 'class':
        return { t: 'binding', binding: this.project.resolveExpr(expr, context.module, context.scope) };
      case 'obj':
        return { t: 'object', expr, context };
      case 'other':
        return this.traceChainedAssignment(expr.text, context, depth + 1);
      default:
        return null;
    }
  }

  /**
   * The same call as recorded by its own call fact. Facts cut expressions deeper than a few
   * levels, so the receiver of a long chain (`router.route('/x').get(a).put(b).delete(c)`)
   * arrives truncated; the inner call's own fact starts over at depth zero.
   */
  private freshCall(expr: CallExpr, modulePath: string): CallExpr {
    if (expr.callee.k !== 'member' || expr.callee.obj.k !== 'call') return expr;
    let byLine = this.callsByLine.get(modulePath);
    if (!byLine) {
      byLine = new Map();
      for (const call of this.moduleOf(modulePath)?.calls ?? []) {
        const list = byLine.get(call.line);
        if (list) list.push(call);
        else byLine.set(call.line, [call]);
      }
      this.callsByLine.set(modulePath, byLine);
    }
    const prop = expr.callee.prop;
    const args = expr.args.map((arg) => exprText(arg.value)).join(',');
    const fact = byLine.get(expr.line)?.find((call) => call.callee.k === 'member' && call.callee.prop === prop && call.args && call.args.map((arg) => exprText(arg.value)).join(',') === args);
    if (!fact?.args) return expr;
    return { k: 'call', callee: fact.callee, args: fact.args, line: fact.line, ...(fact.isNew ? { isNew: true } : {}) };
  }

  /** A value produced by `evaluate` (a loop item, a bound parameter) traced back to what it holds. */
  traceValue(value: Value, depth = 0): Traced {
    if (depth > MAX_DEPTH) return null;
    if (value.k === 'ref') return this.traceBinding(value.binding, depth + 1);
    if (value.k === 'call') return this.trace(value.expr, { module: value.module, scope: -1, line: value.line, env: EMPTY_ENV }, depth + 1);
    if (value.k === 'obj') return { t: 'value', value };
    return null;
  }

  traceBinding(binding: Binding, depth: number): Traced {
    if (depth > MAX_DEPTH) return null;
    switch (binding.kind) {
      case 'value': {
        const context: EvalContext = { module: binding.module, scope: binding.scope, line: binding.line, env: EMPTY_ENV };
        if (binding.fromProperty !== undefined) return this.traceMember(this.trace(binding.expr, context, depth + 1), binding.fromProperty, depth + 1);
        return this.trace(binding.expr, context, depth + 1);
      }
      case 'param':
        return { t: 'node', node: this.paramNode(binding) };
      default:
        return { t: 'binding', binding };
    }
  }

  private traceMember(base: Traced, prop: string, depth: number): Traced {
    if (!base || depth > MAX_DEPTH) return null;
    switch (base.t) {
      case 'binding': {
        const binding = base.binding;
        if (binding.kind === 'module') return this.traceBinding(this.project.lookupExport(binding.module, prop), depth + 1);
        if (binding.kind === 'external') return { t: 'binding', binding: { ...binding, imported: joinImported(binding.imported, prop) } };
        if (binding.kind === 'class') {
          const member = this.classMember(binding.module, binding.cls, prop, depth + 1);
          return member;
        }
        return null;
      }
      case 'instance':
        return this.classMember(base.module, base.cls, prop, depth + 1);
      case 'value': {
        const property = base.value.props.get(prop);
        return property ? this.traceValue(property, depth + 1) : null;
      }
      case 'object': {
        const property = [...base.expr.props].reverse().find((p) => p.key === prop);
        if (property) return this.trace(property.value, base.context, depth + 1);
        for (const spread of base.expr.props.filter((p) => p.key === null)) {
          const found = this.traceMember(this.trace(spread.value, base.context, depth + 1), prop, depth + 1);
          if (found) return found;
        }
        return null;
      }
      default:
        return null;
    }
  }

  /** `this.router`, `instance.router`: a field initialiser, a `this.x = ...` assignment, or a method. */
  private classMember(modulePath: string, cls: ClassFact, prop: string, depth: number): Traced {
    if (depth > MAX_DEPTH) return null;
    const module = this.moduleOf(modulePath);
    if (!module) return null;
    const field = cls.fields.find((f) => f.name === prop && f.value !== undefined);
    if (field?.value) return this.trace(field.value, { module: modulePath, scope: cls.parent, line: field.line, env: EMPTY_ENV }, depth + 1);
    const methods = new Set(cls.methods);
    for (const assignment of module.assignments) {
      const target = assignment.target;
      if (target.k !== 'member' || target.prop !== prop || target.obj.k !== 'id' || target.obj.name !== 'this') continue;
      if (!methods.has(outermostMethod(module, assignment.scope))) continue;
      return this.trace(assignment.value, { module: modulePath, scope: assignment.scope, line: assignment.line, env: EMPTY_ENV }, depth + 1);
    }
    for (const id of cls.methods) {
      const fn = module.functions[id]!;
      if (fn.name === prop) return { t: 'binding', binding: { kind: 'function', module: modulePath, fn } };
      if (fn.kind === 'constructor') {
        const index = fn.params.findIndex((p) => p.name === prop && p.accessibility !== undefined);
        if (index >= 0) {
          const param = fn.params[index]!;
          return { t: 'node', node: this.paramNode({ kind: 'param', module: modulePath, fnId: fn.id, index, name: param.name, ...(param.type ? { type: param.type } : {}) }) };
        }
      }
    }
    for (const baseExpr of cls.bases) {
      const base = this.project.resolveExpr(baseExpr, modulePath, cls.parent);
      if (base.kind === 'class') return this.classMember(base.module, base.cls, prop, depth + 1);
    }
    return null;
  }

  private traceCall(call: CallExpr, context: EvalContext, depth: number): Traced {
    const callee = call.callee;
    if (callee.k === 'id' && callee.name === 'require') return this.traceRequire(call, context);
    if (callee.k === 'member') {
      const base = this.trace(callee.obj, context, depth + 1);
      if (base?.t === 'node' || base?.t === 'route') {
        const chained = this.traceChainedCall(base, callee.prop, call, context);
        if (chained !== undefined) return chained;
      }
      if (callee.prop === 'bind') return base;
      const member = this.traceMember(base, callee.prop, depth + 1);
      return this.traceCallOf(member, call, context, depth + 1);
    }
    return this.traceCallOf(this.trace(callee, context, depth + 1), call, context, depth + 1);
  }

  /**
   * Calls on an app or router that return it (chaining), a route object or a derived app.
   * Returns undefined when the member is not one the framework chains.
   */
  private traceChainedCall(base: Extract<Traced, { t: 'node' | 'route' }>, prop: string, call: CallExpr, context: EvalContext): Traced | undefined {
    const node = base.node;
    if (base.t === 'route') return this.supports(node, (f) => f.methods.has(prop)) ? base : undefined;
    if (prop === 'route' && call.args.length === 1 && this.supports(node, (f) => f.routeObjects === true)) {
      return { t: 'route', node, path: pathSourceOf(call.args[0]!.value, context), file: context.module, line: call.line };
    }
    if (prop === 'basePath' && call.args.length >= 1 && this.supports(node, (f) => f.basePath === true)) return { t: 'node', node: this.derivedNode(node, call, context) };
    // The request listener of an app (`app.callback()` in Koa) stands for the app itself.
    if (prop === 'callback' || prop === 'handle' || prop === 'fetch') return base;
    if (this.supports(node, (f) => this.chainMembers.get(f.id)!.has(prop))) return base;
    return undefined;
  }

  /** Hono's `basePath` returns a copy that registers under the prefix: a child mounted under it. */
  private derivedNode(base: GraphNode, call: CallExpr, context: EvalContext): GraphNode {
    const key = `${context.module}:${call.line}:${exprText(call)}`;
    let node = this.nodes.get(key);
    if (node) return node;
    node = { key, framework: base.framework, kind: base.kind, name: `${base.name}.basePath(…)`, file: context.module, line: call.line, ownPrefixes: [], routes: [] };
    this.nodes.set(key, node);
    this.derivedEdges.push({
      parent: base.key,
      child: key,
      prefix: pathSourceOf(call.args[0]!.value, context),
      file: context.module,
      line: call.line,
      middlewareExprs: [],
      context,
    });
    return node;
  }

  /** A call of something traced: a framework factory, a local factory function, a class. */
  private traceCallOf(callee: Traced, call: CallExpr, context: EvalContext, depth: number): Traced {
    if (!callee || callee.t !== 'binding') return null;
    const binding = callee.binding;
    if (binding.kind === 'external') {
      for (const framework of this.frameworks) {
        if (!framework.packages.includes(binding.package)) continue;
        const kind = framework.factoryKind(binding.package, binding.imported);
        if (kind) return { t: 'node', node: this.createdNode(framework, kind, call, context) };
      }
      return { t: 'binding', binding: { ...binding, imported: `${binding.imported}()` } };
    }
    if (binding.kind === 'function') return this.factoryResult(binding.module, binding.fn, depth + 1);
    if (binding.kind === 'class') return { t: 'instance', module: binding.module, cls: binding.cls };
    return null;
  }

  private createdNode(framework: RouterFramework, kind: 'app' | 'router', call: CallExpr, context: EvalContext): GraphNode {
    const key = `${context.module}:${call.line}:${exprText(call)}`;
    let node = this.nodes.get(key);
    if (node) return node;
    const module = this.moduleOf(context.module);
    const assigned = module?.assignments.find((a) => a.line === call.line && a.value === call);
    const name = assigned ? exprText(assigned.target) : exprText(call.callee);
    node = { key, framework: framework.id, kind, name, file: context.module, line: call.line, ownPrefixes: [], routes: [] };
    if (framework.routerPrefix && kind === 'router' && call.args[0]) {
      const options = evaluateIn(this.project, call.args[0].value, context);
      if (options.k === 'obj' && options.props.has('prefix')) {
        const literal = call.args[0].value.k === 'obj' ? call.args[0].value.props.find((p) => p.key === 'prefix')?.value : undefined;
        const expr: Expr = literal ?? { k: 'member', obj: call.args[0].value, prop: 'prefix' };
        node.ownPrefixes.push({ source: pathSourceOf(expr, context), file: context.module, line: call.line });
      }
    }
    this.nodes.set(key, node);
    return node;
  }

  /**
   * A local function that builds and returns an app or router (`createApp()`, a route module's
   * default export factory). Facts hold no return statements, so the function's own result
   * is its expression body, or else the one app (or the one router) it creates.
   */
  private factoryResult(modulePath: string, fn: FunctionFact, depth: number): Traced {
    const key = `${modulePath}#${fn.id}`;
    if (this.factoryMemo.has(key)) return this.factoryMemo.get(key)!;
    this.factoryMemo.set(key, null);
    const module = this.moduleOf(modulePath);
    let result: Traced = null;
    if (module) {
      const inner: EvalContext = { module: modulePath, scope: fn.id, line: fn.span.endLine, env: EMPTY_ENV };
      if (fn.returnsExpr) result = this.trace(fn.returnsExpr, inner, depth + 1);
      if (!result || result.t !== 'node') result = this.createdWithin(module, fn, depth);
    }
    this.factoryMemo.set(key, result);
    return result;
  }

  private createdWithin(module: ModuleFacts, fn: FunctionFact, depth: number): Traced {
    const created = new Map<string, GraphNode>();
    for (const call of module.calls) {
      if (call.scope !== fn.id || !call.args) continue;
      const expr: CallExpr = { k: 'call', callee: call.callee, args: call.args, line: call.line, ...(call.isNew ? { isNew: true } : {}) };
      const assigned = module.assignments.find((a) => a.scope === fn.id && a.line === call.line && a.value.k === 'call' && exprText(a.value) === exprText(expr));
      const traced = this.trace(assigned ? assigned.value : expr, { module: module.path, scope: fn.id, line: call.line, env: EMPTY_ENV }, depth + 1);
      if (traced?.t === 'node' && traced.node.kind !== 'param' && traced.node.file === module.path && traced.node.line >= fn.span.startLine && traced.node.line <= fn.span.endLine) {
        created.set(traced.node.key, traced.node);
      }
    }
    const nodes = [...created.values()];
    const apps = nodes.filter((node) => node.kind === 'app');
    if (apps.length === 1) return { t: 'node', node: apps[0]! };
    if (nodes.length === 1) return { t: 'node', node: nodes[0]! };
    return null;
  }

  /** `require('./x')` is the module's `module.exports`; `require('pkg')` the package. */
  private traceRequire(call: CallExpr, context: EvalContext): Traced {
    const source = call.args[0]?.value;
    if (source?.k !== 'str') return null;
    const target = this.project.resolveImport(context.module, source.v);
    if (!target) return null;
    if ('external' in target) {
      const rest = target.specifier.replace(/^node:/, '').slice(target.external.length).replace(/^[./]/, '');
      return { t: 'binding', binding: { kind: 'external', package: target.external, imported: rest ? `*.${rest.replace(/\//g, '.')}` : '*', specifier: target.specifier } };
    }
    const module = this.moduleOf(target.module);
    if (module?.exports.some((e) => e.exported === 'default' && e.cjs)) return this.traceBinding(this.project.lookupExport(target.module, 'default'), 1);
    return { t: 'binding', binding: { kind: 'module', module: target.module } };
  }

  /** `var app = module.exports = express()`: the declared value is an assignment, read from the facts. */
  private traceChainedAssignment(text: string, context: EvalContext, depth: number): Traced {
    const match = /^([A-Za-z_$][\w$.]*)\s*=(?!=)/.exec(text);
    if (!match) return null;
    const module = this.moduleOf(context.module);
    const assignment = module?.assignments.find((a) => a.line === context.line && a.kind === 'assign' && exprText(a.target) === match[1]);
    if (!assignment) return null;
    return this.trace(assignment.value, { module: context.module, scope: assignment.scope, line: assignment.line, env: context.env }, depth + 1);
  }

  /** A parameter that receives an app or router: its routes join the object passed at each call site. */
  paramNode(binding: Extract<Binding, { kind: 'param' }>): GraphNode {
    const key = `param:${paramKey(binding.module, binding.fnId, binding.index)}`;
    let node = this.nodes.get(key);
    if (node) return node;
    const fn = this.moduleOf(binding.module)?.functions[binding.fnId];
    const type = fn?.params[binding.index]?.type;
    node = {
      key,
      framework: null,
      kind: 'param',
      name: binding.name,
      file: binding.module,
      line: fn?.span.startLine ?? 0,
      ownPrefixes: [],
      routes: [],
      param: { module: binding.module, fnId: binding.fnId, index: binding.index, ...(type ? { type } : {}) },
    };
    this.nodes.set(key, node);
    const fallback = fn?.params[binding.index]?.default;
    if (fn && fallback) {
      const created = this.trace(fallback, { module: binding.module, scope: fn.parent, line: fn.span.startLine, env: EMPTY_ENV }, 1);
      if (created?.t === 'node' && created.node.kind !== 'param') {
        node.framework = created.node.framework;
        node.param!.defaultKind = created.node.kind;
      }
    }
    return node;
  }

  /**
   * A name bound by a destructured parameter of an enclosing function (`({ app }) => { app.get(...) }`,
   * the loader pattern), which the linker does not bind: a parameter node reading that property.
   */
  private destructuredParamNode(modulePath: string, scope: ScopeId, name: string): GraphNode | null {
    const module = this.moduleOf(modulePath);
    for (let current = scope; module && current !== -1; ) {
      const fn = module.functions[current];
      if (!fn) return null;
      for (let index = 0; index < fn.params.length; index++) {
        const entry = objectPatternEntries(fn.params[index]!.name).find(([, local]) => local === name);
        if (!entry) continue;
        const key = `param:${paramKey(modulePath, fn.id, index)}.${entry[0]}`;
        let node = this.nodes.get(key);
        if (!node) {
          const literalType = fn.params[index]!.type;
          const type = literalType ? new RegExp(`\\b${entry[0]}\\??\\s*:\\s*([\\w$.]+)`).exec(literalType)?.[1] : undefined;
          node = {
            key,
            framework: null,
            kind: 'param',
            name,
            file: modulePath,
            line: fn.span.startLine,
            ownPrefixes: [],
            routes: [],
            param: { module: modulePath, fnId: fn.id, index, property: entry[0], ...(type ? { type } : {}) },
          };
          this.nodes.set(key, node);
        }
        return node;
      }
      current = fn.parent;
    }
    return null;
  }

  /**
   * The package a parameter's type annotation comes from (`router: Router` with Router imported
   * from koa-router), null when the type is declared elsewhere, undefined when there is none.
   */
  paramTypePackage(node: GraphNode): string | null | undefined {
    const type = node.param?.type;
    if (!type || !node.param) return undefined;
    const name = /^[A-Za-z_$][\w$]*/.exec(type.replace(/^(?:typeof\s+)/, ''))?.[0];
    if (!name) return null;
    const binding = this.project.lookup(node.param.module, name, -1);
    return binding.kind === 'external' ? binding.package : null;
  }

  /** Reads a traced mount argument as an app or router: an ES module's default export counts. */
  asNode(traced: Traced): GraphNode | null {
    if (!traced) return null;
    if (traced.t === 'node') return traced.node;
    if (traced.t === 'binding' && traced.binding.kind === 'module') {
      const fallback = this.traceBinding(this.project.lookupExport(traced.binding.module, 'default'), 1);
      return fallback?.t === 'node' ? fallback.node : null;
    }
    return null;
  }

  moduleOf(path: string): ModuleFacts | undefined {
    return this.project.modules.get(path);
  }
}

/** A path argument as a source: regex literals stay as written, everything else is evaluated later. */
export function pathSourceOf(expr: Expr, context: EvalContext): PathSource {
  if (expr.k === 'regex') return { kind: 'regex', text: `/${expr.v}/` };
  return { kind: 'expr', expr, context };
}

function enclosingClass(module: ModuleFacts | undefined, scope: ScopeId): ClassFact | null {
  if (!module) return null;
  for (let current = scope; current !== -1; ) {
    const fn = module.functions[current];
    if (!fn) return null;
    if (fn.classId !== undefined) return module.classes[fn.classId] ?? null;
    current = fn.parent;
  }
  return null;
}

function outermostMethod(module: ModuleFacts, scope: ScopeId): number {
  for (let current = scope; current !== -1; ) {
    const fn = module.functions[current];
    if (!fn) return -1;
    if (fn.classId !== undefined) return current;
    current = fn.parent;
  }
  return -1;
}

/** Mirrors the linker: `*` + `Router` is `Router`, else a dotted path. */
function joinImported(base: string, prop: string): string {
  if (base === '*' || base === 'default') return prop;
  if (base.startsWith('*.')) return `${base.slice(2)}.${prop}`;
  return `${base}.${prop}`;
}
