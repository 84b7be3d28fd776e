import type { Diagnostic, Severity } from '../../../diagnostics.js';
import { exprText } from '../../../linking/project-index.js';
import type { Binding, ProjectIndex } from '../../../linking/types.js';
import type { CallFact, ClassFact, Expr, FunctionFact, ModuleFacts, ScopeId } from '../../../parsing/types.js';
import { handlerFromBinding } from '../../shared.js';
import type { HandlerRef } from '../../types.js';
import type { MountEdge, PathPiece, PathStyle, RouteDecl, RouteNode } from './types.js';

export type CallExpr = Extract<Expr, { k: 'call' }>;

/** Where an expression is read: its module, scope and line, plus loop variables bound by unrolling. */
export interface Site {
  module: ModuleFacts;
  scope: ScopeId;
  line: number;
  env?: LoopEnv;
}

/** A loop variable bound to one item of the literal list it iterates, read in the item's own site. */
export type LoopEnv = ReadonlyMap<string, { expr: Expr; site: Site }>;

export interface CallSite extends Site {
  call: CallExpr;
}

export type DecoratedTarget = { kind: 'function'; fn: FunctionFact } | { kind: 'class'; cls: ClassFact };

/** An item of a list expanded across names and modules, with the site it must be read in. */
export interface ListItem {
  expr: Expr;
  site: Site;
}

export interface NodeShape {
  kind: string;
  standalone: boolean;
}

/**
 * What a framework contributes to the graph. Methods are listed up front so the builder only
 * resolves the receivers of calls and decorators some plugin cares about.
 */
export interface GraphPlugin {
  framework: string;
  style: PathStyle;
  /** Last names of the callees that construct route owners (`FastAPI`, `APIRouter`): a cheap filter before resolving. */
  constructorNames: ReadonlySet<string>;
  /** What calling this (the resolved callee) creates, when it is one of the framework's route owners. */
  construct(callee: Binding, builder: GraphBuilder): NodeShape | null;
  /** Reads the constructor call: own prefix, route lists, dependencies. */
  init?(node: RouteNode, site: CallSite, builder: GraphBuilder): void;
  decoratorMethods: ReadonlySet<string>;
  decorate?(node: RouteNode, method: string, site: CallSite, target: DecoratedTarget, builder: GraphBuilder): void;
  callMethods: ReadonlySet<string>;
  /**
   * Call methods too common to tell a router by (`append`, `extend`): they are read on known route
   * owners only, never taken as a sign that some function parameter is one.
   */
  commonMethods?: ReadonlySet<string>;
  call?(node: RouteNode, method: string, site: CallSite, builder: GraphBuilder): void;
  /** Members that are the object itself for routing purposes (aiohttp and Starlette `app.router`). */
  selfMembers?: ReadonlySet<string>;
  /** A call on a node that returns another node (aiohttp `router.add_resource(path)`). */
  derive?(node: RouteNode, method: string, site: CallSite, builder: GraphBuilder): RouteNode | null;
}

export type Target = { kind: 'node'; node: RouteNode } | { kind: 'binding'; binding: Binding } | { kind: 'unknown' };

export interface GraphDiagnostic {
  /** Detector that reports it; null when no framework could be told (reported by every one). */
  framework: string | null;
  diagnostic: Diagnostic;
}

export interface RouteGraph {
  nodes: RouteNode[];
  plugins: readonly GraphPlugin[];
  diagnostics: GraphDiagnostic[];
}

const MAX_DEPTH = 16;
/** Nested loops are unrolled up to this many combinations; beyond it the call is read once, unbound. */
const MAX_LOOP_ENVS = 64;
/** How many wrappers and call sites a handler is followed through. */
const MAX_HANDLER_HOPS = 4;
/** Folders that never hold the running server even when discovery keeps them. */
const NOT_SERVING = /(^|\/)(migrations|alembic)\//;

/**
 * Builds the route graph: finds every route-owning object (from its constructor, wherever it is
 * assigned), then the decorators and calls that add routes or include other objects, following
 * names across modules, `__init__` re-exports, factory functions and parameters that receive the app.
 */
export class GraphBuilder {
  readonly diagnostics: GraphDiagnostic[] = [];
  private readonly nodes = new Map<string, RouteNode>();
  /** Nodes created by assignments in a scope, `${module}@${scope}`: what a factory function returns. */
  private readonly createdIn = new Map<string, RouteNode[]>();
  private readonly reported = new Set<string>();
  private readonly attributes = new Map<string, Target | null>();
  /** Parameter nodes tied to some caller's route owner. */
  private readonly linked = new Set<RouteNode>();
  /** Parameter nodes whose callers pass something no plugin owns. */
  private readonly foreign = new Set<RouteNode>();
  private readonly callIndex = new Map<string, Map<string, CallFact[]>>();
  private readonly pluginsById: Map<string, GraphPlugin>;
  private callsByName: Map<string, { module: ModuleFacts; call: CallFact }[]> | null = null;
  private readonly decoratorMethods: Set<string>;
  private readonly callMethods: Set<string>;
  private readonly commonMethods: Set<string>;
  /** Callee names worth resolving as constructors: the plugins' own, plus repository subclasses of them. */
  private readonly constructorNames: Set<string>;
  private readonly modulePaths: Set<string>;
  readonly modules: readonly ModuleFacts[];

  constructor(
    readonly project: ProjectIndex,
    modules: readonly ModuleFacts[],
    readonly plugins: readonly GraphPlugin[],
  ) {
    this.modules = modules.filter((module) => !NOT_SERVING.test(module.path));
    this.pluginsById = new Map(plugins.map((plugin) => [plugin.framework, plugin]));
    this.decoratorMethods = new Set(plugins.flatMap((plugin) => [...plugin.decoratorMethods]));
    this.callMethods = new Set(plugins.flatMap((plugin) => [...plugin.callMethods]));
    this.commonMethods = new Set(plugins.flatMap((plugin) => [...(plugin.commonMethods ?? [])]));
    this.modulePaths = new Set(this.modules.map((module) => module.path));
    this.constructorNames = this.findConstructorNames();
  }

  /** `class MyRouter(APIRouter)` makes `MyRouter(...)` a constructor too, to any depth of subclassing. */
  private findConstructorNames(): Set<string> {
    const names = new Set(this.plugins.flatMap((plugin) => [...plugin.constructorNames]));
    const classes = this.project.modulesOf('python').flatMap((module) => module.classes);
    let grew = true;
    while (grew) {
      grew = false;
      for (const cls of classes) {
        if (names.has(cls.name)) continue;
        if (cls.bases.some((base) => { const last = lastName(base); return last !== null && names.has(last); })) {
          names.add(cls.name);
          grew = true;
        }
      }
    }
    return names;
  }

  build(): RouteGraph {
    for (const module of this.modules) {
      for (const assignment of module.assignments) {
        if (assignment.target.k !== 'id' || assignment.value.k !== 'call' || assignment.kind === 'augmented') continue;
        const node = this.nodeForCall(assignment.value, { module, scope: assignment.scope, line: assignment.line });
        if (!node) continue;
        const key = `${module.path}@${assignment.scope}`;
        const list = this.createdIn.get(key) ?? [];
        if (!list.includes(node)) list.push(node);
        this.createdIn.set(key, list);
      }
    }
    for (const module of this.modules) this.readDecorators(module);
    for (const module of this.modules) this.readCalls(module);
    return { nodes: [...this.nodes.values()], plugins: this.plugins, diagnostics: this.diagnostics };
  }

  // ------------------------------------------------------------------ reading the modules

  private readDecorators(module: ModuleFacts): void {
    const visit = (decorators: readonly Expr[], scope: ScopeId, target: DecoratedTarget): void => {
      for (const decorator of decorators) {
        if (decorator.k !== 'call' || decorator.callee.k !== 'member' || !this.decoratorMethods.has(decorator.callee.prop)) continue;
        const site: CallSite = { module, scope, line: decorator.line, call: decorator };
        const target0 = this.target(decorator.callee.obj, site);
        if (target0.kind !== 'node') continue;
        const plugin = this.claim(target0.node, decorator.callee.prop, 'decorator');
        plugin?.decorate?.(target0.node, decorator.callee.prop, site, target, this);
      }
    };
    for (const fn of module.functions) if (fn.decorators.length > 0) visit(fn.decorators, fn.parent, { kind: 'function', fn });
    for (const cls of module.classes) if (cls.decorators.length > 0) visit(cls.decorators, cls.parent, { kind: 'class', cls });
  }

  private readCalls(module: ModuleFacts): void {
    for (const call of module.calls) {
      if (!call.args) continue;
      const bound = call.callee.k === 'id' ? this.boundMethod(call.callee.name, { module, scope: call.scope, line: call.line }) : null;
      const callee = bound?.callee ?? call.callee;
      if (callee.k !== 'member' || !this.callMethods.has(callee.prop)) continue;
      const expr: CallExpr = { k: 'call', callee, args: call.args, line: call.line };
      const base: Site = { module, scope: call.scope, line: call.line };
      for (const env of call.loopDepth > 0 ? this.loopEnvs(base) : [undefined]) {
        const site: CallSite = { ...base, call: expr, ...(env ? { env } : {}) };
        const target = this.target(callee.obj, bound?.site ?? site, 0, !this.commonMethods.has(callee.prop));
        if (target.kind !== 'node') continue;
        const plugin = this.claim(target.node, callee.prop, 'call');
        plugin?.call?.(target.node, callee.prop, site, this);
      }
    }
  }

  /** `add_route = app.router.add_route; add_route(...)`: a method taken off a route owner and called later. */
  private boundMethod(name: string, site: Site): { callee: Extract<Expr, { k: 'member' }>; site: Site } | null {
    if (!this.callMethods.has(name)) return null;
    const binding = this.project.lookup(site.module.path, name, site.scope, site.line);
    if (binding.kind !== 'value' || binding.expr.k !== 'member' || binding.expr.prop !== name) return null;
    const module = this.project.modules.get(binding.module);
    return module ? { callee: binding.expr, site: { module, scope: binding.scope, line: binding.line } } : null;
  }

  /** The plugin that handles a method on a node; a parameter not yet tied to a framework is tied by it. */
  private claim(node: RouteNode, method: string, how: 'decorator' | 'call'): GraphPlugin | null {
    if (this.foreign.has(node)) return null;
    const owns = (plugin: GraphPlugin): boolean => (how === 'decorator' ? plugin.decoratorMethods : plugin.callMethods).has(method);
    if (node.framework !== null) {
      const plugin = this.pluginsById.get(node.framework);
      return plugin && owns(plugin) ? plugin : null;
    }
    const plugin = this.plugins.find(owns) ?? null;
    if (plugin) node.framework = plugin.framework;
    return plugin;
  }

  /**
   * A call inside `for x in [a, b]:` loops runs once per item: each environment binds the loop
   * variables to one item, so `app.include_router(router)` in such a loop includes every router.
   */
  private loopEnvs(site: Site): (LoopEnv | undefined)[] {
    const loops = site.module.loops
      .filter((loop) => loop.scope === site.scope && loop.iterable && loop.callbackFn === undefined && loop.span.startLine <= site.line && site.line <= loop.span.endLine)
      .sort((a, b) => a.span.startLine - b.span.startLine);
    let envs: Map<string, { expr: Expr; site: Site }>[] = [new Map()];
    for (const loop of loops) {
      const { items, complete } = this.items(loop.iterable!, { module: site.module, scope: site.scope, line: loop.span.startLine });
      if (!complete || items.length === 0) continue;
      const next: Map<string, { expr: Expr; site: Site }>[] = [];
      for (const env of envs) {
        for (const item of items) {
          const bound = new Map(env);
          if (loop.variables.length === 1) bound.set(loop.variables[0]!, item);
          else {
            const parts = item.expr.k === 'arr' ? item.expr.items : [];
            if (parts.length !== loop.variables.length) continue;
            loop.variables.forEach((name, index) => bound.set(name, { expr: parts[index]!, site: item.site }));
          }
          next.push(bound);
        }
      }
      if (next.length === 0 || next.length > MAX_LOOP_ENVS) return [undefined];
      envs = next;
    }
    return envs.map((env) => (env.size > 0 ? env : undefined));
  }

  // ------------------------------------------------------------------ nodes

  /** The node a constructor call creates (the same node however the call is reached), or null. */
  nodeForCall(call: CallExpr, site: Site): RouteNode | null {
    const name = lastName(call.callee);
    if (name === null || !this.constructorNames.has(name)) return null;
    const callee = this.project.resolveExpr(call.callee, site.module.path, site.scope);
    for (const plugin of this.plugins) {
      const shape = plugin.construct(callee, this);
      if (!shape) continue;
      const key = `${site.module.path}:${call.line}:${exprText(call.callee)}`;
      const existing = this.nodes.get(key);
      if (existing) return existing;
      const node: RouteNode = {
        key,
        framework: plugin.framework,
        kind: shape.kind,
        label: this.labelOf(site.module, call),
        file: site.module.path,
        line: call.line,
        standalone: shape.standalone,
        prefix: null,
        routes: [],
        edges: [],
        middleware: [],
      };
      this.nodes.set(key, node);
      plugin.init?.(node, { ...site, line: call.line, call: this.refreshCall(call, site) }, this);
      return node;
    }
    return null;
  }

  /** A node created by a plugin for something that is not a constructor (a Starlette `Mount(routes=...)`). */
  inlineNode(framework: string, kind: string, label: string, site: Site, line: number, extra: Partial<RouteNode> = {}): { node: RouteNode; created: boolean } {
    // The label (`Mount("/v1", ...)`) tells apart several such nodes written on one line.
    const key = `${site.module.path}:${line}:${kind}:${label}`;
    const existing = this.nodes.get(key);
    if (existing) return { node: existing, created: false };
    const node: RouteNode = { key, framework, kind, label, file: site.module.path, line, standalone: false, prefix: null, routes: [], edges: [], middleware: [], ...extra };
    this.nodes.set(key, node);
    return { node, created: true };
  }

  /** How diagnostics name a node: `router = APIRouter(...)`, or the bare call when it is not assigned. */
  private labelOf(module: ModuleFacts, call: CallExpr): string {
    const assignment = module.assignments.find((a) => a.value === call);
    const callee = `${exprText(call.callee)}(...)`;
    return assignment ? `\`${exprText(assignment.target)} = ${callee}\`` : `\`${callee}\``;
  }

  /** What an expression refers to: a route node, another binding, or nothing known. */
  target(expr: Expr, site: Site, depth = 0, params = true): Target {
    if (depth > MAX_DEPTH) return { kind: 'unknown' };
    switch (expr.k) {
      case 'id': {
        const bound = site.env?.get(expr.name);
        if (bound) return this.target(bound.expr, bound.site, depth + 1);
        const binding = this.project.lookup(site.module.path, expr.name, site.scope, site.line);
        const owner = binding.kind === 'param' ? this.methodOwner(binding) : null;
        if (owner) return { kind: 'binding', binding: owner };
        if (binding.kind === 'param' && !params) {
          const known = this.nodes.get(paramKey(binding));
          return known ? { kind: 'node', node: known } : { kind: 'binding', binding };
        }
        return this.fromBinding(binding, depth + 1);
      }
      case 'member': {
        const base = this.target(expr.obj, site, depth + 1, params);
        if (base.kind === 'node') {
          const plugin = base.node.framework ? this.pluginsById.get(base.node.framework) : null;
          const self = plugin ? plugin.selfMembers?.has(expr.prop) : this.plugins.some((p) => p.selfMembers?.has(expr.prop));
          return self ? base : { kind: 'unknown' };
        }
        if (base.kind === 'unknown') return base;
        const binding = base.binding;
        if (binding.kind === 'module') return this.fromBinding(this.project.lookupExport(binding.module, expr.prop), depth + 1);
        if (binding.kind === 'external') return { kind: 'binding', binding: { ...binding, imported: binding.imported === '*' ? expr.prop : `${binding.imported}.${expr.prop}` } };
        const owner = binding.kind === 'class' ? binding : this.instanceClass(binding);
        if (owner) {
          const attribute = this.attributeTarget(owner.module, owner.cls, expr.prop, depth + 1);
          if (attribute) return attribute;
        }
        // Loop variables are not names the index knows: what they hold was resolved above.
        const root = rootName(expr);
        if (root !== null && site.env?.has(root)) return { kind: 'unknown' };
        return this.fromBinding(this.project.resolveExpr(expr, site.module.path, site.scope), depth + 1);
      }
      case 'call':
        return this.callTarget(expr, site, depth);
      case 'fn':
      case 'class':
        return { kind: 'binding', binding: this.project.resolveExpr(expr, site.module.path, site.scope) };
      default:
        return { kind: 'unknown' };
    }
  }

  /** `self` / `cls` of a method stand for its class, so `self.router` is read from the class. */
  private methodOwner(binding: Extract<Binding, { kind: 'param' }>): Binding | null {
    if (binding.index !== 0 || (binding.name !== 'self' && binding.name !== 'cls')) return null;
    const module = this.project.modules.get(binding.module);
    const classId = module?.functions[binding.fnId]?.classId;
    const cls = classId === undefined ? undefined : module!.classes[classId];
    return cls ? { kind: 'class', module: binding.module, cls } : null;
  }

  /**
   * The same call as read from the module's call facts. Facts keep expressions to a bounded depth,
   * so a `Route(...)` nested deep in an inline `Mount` tree has lost its arguments; the call's own
   * fact has them, read afresh from the call itself.
   */
  refreshCall(call: CallExpr, site: Site): CallExpr {
    let index = this.callIndex.get(site.module.path);
    if (!index) {
      index = new Map();
      for (const fact of site.module.calls) {
        const key = `${fact.line}:${exprText(fact.callee)}`;
        index.set(key, [...(index.get(key) ?? []), fact]);
      }
      this.callIndex.set(site.module.path, index);
    }
    const candidates = (index.get(`${call.line}:${exprText(call.callee)}`) ?? []).filter((fact) => fact.args && fact.args.length === call.args.length);
    // Calls of one callee on one line are told apart by their first argument; if that fails, none is used.
    const first = call.args[0] ? exprText(call.args[0].value) : '';
    const facts = candidates.length === 1 ? candidates : candidates.filter((fact) => (fact.args![0] ? exprText(fact.args![0].value) : '') === first);
    const fact = facts.length === 1 ? facts[0]! : null;
    if (!fact?.args) return call;
    return { k: 'call', callee: fact.callee, args: fact.args, line: fact.line };
  }

  /** The class an expression is an instance of (`Metrics()`, or a name bound to such a call), when it is one of the repository. */
  instanceOf(expr: Expr, site: Site): { module: string; cls: ClassFact } | null {
    const call = expr.k === 'call' ? expr : null;
    if (call) {
      const callee = this.resolve(call.callee, site);
      return callee.kind === 'class' ? { module: callee.module, cls: callee.cls } : null;
    }
    if (expr.k !== 'id') return null;
    const binding = expr.k === 'id' && site.env?.has(expr.name) ? null : this.project.lookup(site.module.path, expr.name, site.scope, site.line);
    const cls = binding ? this.instanceClass(binding) : null;
    return cls ? { module: cls.module, cls: cls.cls } : null;
  }

  /** The class of `api = ItemsAPI()`, so `api.router` is read from the class. */
  private instanceClass(binding: Binding): Extract<Binding, { kind: 'class' }> | null {
    if (binding.kind !== 'value' || binding.expr.k !== 'call') return null;
    const callee = this.project.resolveExpr(binding.expr.callee, binding.module, binding.scope);
    return callee.kind === 'class' ? callee : null;
  }

  /** A route owner kept on a class: `router = APIRouter()` in its body or `self.router = APIRouter()` in a method. */
  private attributeTarget(modulePath: string, cls: ClassFact, prop: string, depth: number): Target | null {
    const key = `${modulePath}:${cls.id}:${prop}`;
    if (this.attributes.has(key)) return this.attributes.get(key)!;
    this.attributes.set(key, null);
    const found = this.findAttributeTarget(modulePath, cls, prop, depth);
    this.attributes.set(key, found);
    return found;
  }

  private findAttributeTarget(modulePath: string, cls: ClassFact, prop: string, depth: number): Target | null {
    const module = this.project.modules.get(modulePath);
    if (!module) return null;
    const field = cls.fields.find((f) => f.name === prop && f.value !== undefined);
    if (field) {
      const target = this.target(field.value!, { module, scope: cls.parent, line: field.line }, depth + 1);
      if (target.kind === 'node') return target;
    }
    const methods = new Set(cls.methods);
    for (const assignment of module.assignments) {
      const assigned = assignment.target;
      if (assigned.k !== 'member' || assigned.prop !== prop || assigned.obj.k !== 'id' || assigned.obj.name !== 'self') continue;
      if (!methods.has(assignment.scope)) continue;
      const target = this.target(assignment.value, { module, scope: assignment.scope, line: assignment.line }, depth + 1);
      if (target.kind === 'node') return target;
    }
    return null;
  }

  private fromBinding(binding: Binding, depth: number): Target {
    if (binding.kind === 'param') {
      const node = this.paramNode(binding);
      return node ? { kind: 'node', node } : { kind: 'binding', binding };
    }
    if (binding.kind !== 'value' || binding.fromProperty !== undefined) return { kind: 'binding', binding };
    const module = this.project.modules.get(binding.module);
    const expr = binding.expr;
    if (!module || (expr.k !== 'id' && expr.k !== 'member' && expr.k !== 'call')) return { kind: 'binding', binding };
    const inner = this.target(expr, { module, scope: binding.scope, line: binding.line }, depth + 1);
    if (inner.kind === 'node') return inner;
    // An alias (`api = items.router`) stands for what it names; a call result stays the value it is.
    if (expr.k !== 'call' && inner.kind === 'binding') return inner;
    return { kind: 'binding', binding };
  }

  private callTarget(call: CallExpr, site: Site, depth: number): Target {
    if (call.callee.k === 'member') {
      const base = this.target(call.callee.obj, site, depth + 1);
      if (base.kind === 'node') {
        const plugin = base.node.framework ? this.pluginsById.get(base.node.framework) : null;
        const derived = plugin?.derive?.(base.node, call.callee.prop, { ...site, line: call.line, call }, this) ?? null;
        return derived ? { kind: 'node', node: derived } : { kind: 'unknown' };
      }
    }
    const made = this.nodeForCall(call, site);
    if (made) return { kind: 'node', node: made };
    const callee = this.project.resolveExpr(call.callee, site.module.path, site.scope);
    if (callee.kind === 'function') {
      const returned = this.factoryResult(callee.module, callee.fn);
      return returned ? { kind: 'node', node: returned } : { kind: 'unknown' };
    }
    if (callee.kind === 'external') return { kind: 'binding', binding: { ...callee, imported: `${callee.imported}()` } };
    return { kind: 'unknown' };
  }

  /** `app = create_app()`: the application the factory builds (the one it creates, if unambiguous). */
  private factoryResult(modulePath: string, fn: FunctionFact): RouteNode | null {
    const created = this.createdIn.get(`${modulePath}@${fn.id}`) ?? [];
    const apps = created.filter((node) => node.standalone);
    if (apps.length === 1) return apps[0]!;
    if (apps.length === 0 && created.length === 1) return created[0]!;
    if (fn.returnsExpr) {
      const module = this.project.modules.get(modulePath);
      if (module) {
        const target = this.target(fn.returnsExpr, { module, scope: fn.id, line: fn.span.endLine });
        if (target.kind === 'node') return target.node;
      }
    }
    return null;
  }

  /**
   * A function parameter used as an app or router (`def setup_routes(app): app.router.add_get(...)`):
   * a node of its own, included without prefix by whatever every call site passes in.
   */
  private paramNode(binding: Extract<Binding, { kind: 'param' }>): RouteNode | null {
    const key = paramKey(binding);
    const existing = this.nodes.get(key);
    if (existing) return existing;
    const module = this.project.modules.get(binding.module);
    const fn = module?.functions[binding.fnId];
    if (!module || !fn || !this.modulePaths.has(module.path)) return null;
    const framework = binding.type !== undefined ? this.frameworkOfType(binding.type, module, fn.parent) : null;
    const node: RouteNode = {
      key,
      framework,
      kind: 'param',
      label: `parameter \`${binding.name}\` of \`${fn.name}()\``,
      file: binding.module,
      line: fn.span.startLine,
      standalone: false,
      prefix: null,
      routes: [],
      edges: [],
      middleware: [],
    };
    this.nodes.set(key, node);
    const callers = this.linkCallers(node, module, fn, binding.index, binding.name);
    // Called, but never with one of the route owners the plugins know (a Flask app handed to a
    // helper in a repository that also uses FastAPI): whatever it registers belongs to another framework.
    if (callers > 0 && node.framework === null && !this.linked.has(node)) this.foreign.add(node);
    return node;
  }

  private frameworkOfType(type: string, module: ModuleFacts, scope: ScopeId): string | null {
    const name = /^(?:Optional\[|Annotated\[)?\s*([A-Za-z_][\w.]*)/.exec(type)?.[1];
    if (!name) return null;
    const [first, ...rest] = name.split('.');
    let expr: Expr = { k: 'id', name: first! };
    for (const prop of rest) expr = { k: 'member', obj: expr, prop };
    const binding = this.project.resolveExpr(expr, module.path, scope);
    for (const plugin of this.plugins) if (plugin.construct(binding, this)) return plugin.framework;
    return null;
  }

  /** Ties a parameter node to what its callers pass; returns how many call sites pass something. */
  private linkCallers(node: RouteNode, module: ModuleFacts, fn: FunctionFact, index: number, name: string): number {
    const passedIn = this.argumentsFor(module, fn, index, name);
    for (const { expr, site } of passedIn) {
      const passed = this.target(expr, site);
      if (passed.kind !== 'node' || passed.node === node) continue;
      this.addEdge(passed.node, { target: node, prefix: null, file: site.module.path, line: site.line, middleware: [] });
      node.framework ??= passed.node.framework;
      this.linked.add(node);
    }
    return passedIn.length;
  }


  /** What every call site of a function passes for one of its parameters, each in the caller's site. */
  private argumentsFor(module: ModuleFacts, fn: FunctionFact, index: number, name: string): ListItem[] {
    const isBoundMethod = fn.classId !== undefined && !fn.isStatic && (fn.params[0]?.name === 'self' || fn.params[0]?.name === 'cls');
    const found: ListItem[] = [];
    for (const { module: caller, call } of this.callsNamed(fn.name)) {
      if (!call.args) continue;
      const callee = this.project.resolveExpr(call.callee, caller.path, call.scope);
      if (callee.kind !== 'function' || callee.module !== module.path || callee.fn.id !== fn.id) continue;
      const arg = argOf({ k: 'call', callee: call.callee, args: call.args, line: call.line }, isBoundMethod ? index - 1 : index, name);
      if (arg) found.push({ expr: arg, site: { module: caller, scope: call.scope, line: call.line } });
    }
    return found;
  }

  /** The parameter an expression stands for, through local aliases (`h = handler`). */
  private parameterBehind(expr: Expr, site: Site, depth = 0): Extract<Binding, { kind: 'param' }> | null {
    if (expr.k !== 'id' || depth > MAX_DEPTH || site.env?.has(expr.name)) return null;
    const binding = this.project.lookup(site.module.path, expr.name, site.scope, site.line);
    if (binding.kind === 'param') return binding;
    if (binding.kind !== 'value' || binding.expr.k !== 'id') return null;
    const module = this.project.modules.get(binding.module);
    return module ? this.parameterBehind(binding.expr, { module, scope: binding.scope, line: binding.line }, depth + 1) : null;
  }

  private callsNamed(name: string): { module: ModuleFacts; call: CallFact }[] {
    if (!this.callsByName) {
      this.callsByName = new Map();
      for (const module of this.modules) {
        for (const call of module.calls) {
          const callee = call.callee.k === 'id' ? call.callee.name : call.callee.k === 'member' ? call.callee.prop : null;
          if (!callee) continue;
          const list = this.callsByName.get(callee) ?? [];
          list.push({ module, call });
          this.callsByName.set(callee, list);
        }
      }
    }
    return this.callsByName.get(name) ?? [];
  }

  // ------------------------------------------------------------------ helpers for plugins

  pluginFor(framework: string | null): GraphPlugin | undefined {
    return framework ? this.pluginsById.get(framework) : undefined;
  }

  addRoute(node: RouteNode, route: RouteDecl): void {
    node.routes.push(route);
  }

  addEdge(parent: RouteNode, edge: MountEdge): void {
    if (parent.edges.some((e) => e.target === edge.target && e.file === edge.file && e.line === edge.line)) return;
    parent.edges.push(edge);
  }

  /** The expression a loop variable is bound to (with the site to read it in), or the expression itself. */
  deref(expr: Expr, site: Site): ListItem {
    let item: ListItem = { expr, site };
    for (let depth = 0; depth < MAX_DEPTH && item.expr.k === 'id'; depth++) {
      const bound = item.site.env?.get(item.expr.name);
      if (!bound) break;
      item = bound;
    }
    return item;
  }

  /** What an expression is, reading loop variables first. */
  resolve(expr: Expr, site: Site): Binding {
    if (expr.k === 'id') {
      const bound = site.env?.get(expr.name);
      if (bound) return this.resolve(bound.expr, bound.site);
    }
    if (expr.k === 'member' && site.env && expr.obj.k === 'id' && site.env.has(expr.obj.name)) {
      const base = this.target(expr, site);
      if (base.kind === 'binding') return base.binding;
      return { kind: 'unresolved', reason: exprText(expr) };
    }
    return this.project.resolveExpr(expr, site.module.path, site.scope);
  }

  /** Evaluates a path or prefix; a piece that cannot be evaluated is reported and kept as unresolved. */
  piece(written: Expr | undefined, site: Site, framework: string | null, what: string): PathPiece {
    // A call without its path argument is kept too, as unresolved, so the route is not lost.
    const expr: Expr = written ?? { k: 'other', text: '<missing>' };
    const value = written ? this.evaluate(expr, site) : null;
    const text = value?.k === 'str' ? value.v : value?.k === 'num' ? String(value.v) : null;
    if (text === null) this.reportUnresolved(framework, what, expr, site);
    return { text, expr, file: site.module.path, line: site.line };
  }

  evaluate(expr: Expr, site: Site): ReturnType<ProjectIndex['evaluate']> {
    if (expr.k === 'id') {
      const bound = site.env?.get(expr.name);
      if (bound) return this.evaluate(bound.expr, bound.site);
    }
    return this.project.evaluate(expr, site.module.path, site.scope, site.line);
  }

  /**
   * Methods given as a list, tuple or set of strings (`["GET", "POST"]`, `frozenset({"GET"})`),
   * upper-cased; null when not statically known.
   */
  methodList(expr: Expr, site: Site): string[] | null {
    let source = expr;
    if (source.k === 'call' && source.callee.k === 'id' && ['frozenset', 'set', 'list', 'tuple'].includes(source.callee.name)) {
      const inner = source.args[0]?.value;
      if (!inner) return [];
      source = inner;
    }
    const value = this.evaluate(source, site);
    const strings = value.k === 'str' ? [value] : value.k === 'arr' ? value.items : null;
    if (!strings || strings.some((item) => item.k !== 'str')) return null;
    const methods = strings.map((item) => (item as { v: string }).v.toUpperCase());
    return [...new Set(methods)];
  }

  /** The function an expression names (inline, local, imported, `obj.method`, `partial(fn, ...)`), or null. */
  handler(expr: Expr, site: Site, depth = 0): HandlerRef | null {
    if (depth > MAX_HANDLER_HOPS) return null;
    const binding = this.resolve(expr, site);
    const found = handlerFromBinding(binding, this.project);
    if (found) return found;
    // Wrappers such as functools.partial(fn) or login_required(fn) still run fn.
    if (expr.k === 'call') {
      const first = argOf(expr, 0);
      if (first) return this.handler(first, site, depth + 1);
    }
    // `setup_routes(app, handler)` then `add_get("/", handler.index)`: the method of what callers pass.
    if (expr.k === 'member') {
      const param = this.parameterBehind(expr.obj, site);
      const module = param ? this.project.modules.get(param.module) : undefined;
      const fn = param ? module?.functions[param.fnId] : undefined;
      if (param && module && fn) {
        for (const passed of this.argumentsFor(module, fn, param.index, param.name)) {
          const handler = this.handler({ k: 'member', obj: passed.expr, prop: expr.prop }, passed.site, depth + 1);
          if (handler) return handler;
        }
      }
    }
    return null;
  }

  /** The handler of a decorated function. */
  handlerOfFunction(module: ModuleFacts, fn: FunctionFact): HandlerRef {
    return handlerFromBinding({ kind: 'function', module: module.path, fn }, this.project)!;
  }

  /** The class a binding names, when it is a class of the repository. */
  classOf(binding: Binding): { module: string; cls: ClassFact } | null {
    return binding.kind === 'class' ? { module: binding.module, cls: binding.cls } : null;
  }

  /** The external class a repository class derives from (`class MyRouter(APIRouter)`), or the binding itself. */
  externalBase(binding: Binding, depth = 0): Extract<Binding, { kind: 'external' }> | null {
    if (binding.kind === 'external') return binding;
    if (binding.kind !== 'class' || depth > MAX_DEPTH) return null;
    for (const base of binding.cls.bases) {
      const found = this.externalBase(this.project.resolveExpr(base, binding.module, binding.cls.parent), depth + 1);
      if (found) return found;
    }
    return null;
  }

  /**
   * HTTP verb methods a class-based view defines or inherits (`get`, `post`...), each with the
   * handler that serves it, in the order given.
   */
  viewMethods(view: { module: string; cls: ClassFact }, verbs: readonly string[]): { verb: string; handler: HandlerRef }[] {
    const found = new Map<string, HandlerRef>();
    const seen = new Set<ClassFact>();
    const walk = (modulePath: string, cls: ClassFact, depth: number): void => {
      if (seen.has(cls) || depth > MAX_DEPTH) return;
      seen.add(cls);
      const module = this.project.modules.get(modulePath);
      if (!module) return;
      for (const id of cls.methods) {
        const fn = module.functions[id]!;
        if (verbs.includes(fn.name) && !found.has(fn.name)) found.set(fn.name, handlerFromBinding({ kind: 'function', module: modulePath, fn }, this.project)!);
      }
      for (const base of cls.bases) {
        const binding = this.project.resolveExpr(base, modulePath, cls.parent);
        if (binding.kind === 'class') walk(binding.module, binding.cls, depth + 1);
      }
    };
    walk(view.module, view.cls, 0);
    return verbs.filter((verb) => found.has(verb)).map((verb) => ({ verb, handler: found.get(verb)! }));
  }

  /**
   * The items of a list as written, across names, modules, `+` and `*spread`: every leaf (what is
   * not itself a list) with the site to read it in. A name that cannot be followed gives no item and
   * makes `complete` false, for the caller to report.
   */
  items(expr: Expr, site: Site, depth = 0): { items: ListItem[]; complete: boolean } {
    if (depth > MAX_DEPTH) return { items: [{ expr, site }], complete: false };
    switch (expr.k) {
      case 'arr': {
        const items: ListItem[] = [];
        let complete = true;
        for (const item of expr.items) {
          const inner = item.k === 'spread' ? this.items(item.arg, site, depth + 1) : { items: [{ expr: item, site }], complete: true };
          items.push(...inner.items);
          complete &&= inner.complete;
        }
        return { items, complete };
      }
      case 'bin': {
        if (expr.op !== '+') return { items: [{ expr, site }], complete: true };
        const left = this.items(expr.left, site, depth + 1);
        const right = this.items(expr.right, site, depth + 1);
        return { items: [...left.items, ...right.items], complete: left.complete && right.complete };
      }
      case 'call': {
        if (expr.callee.k === 'id' && (expr.callee.name === 'list' || expr.callee.name === 'tuple') && expr.args.length === 1) return this.items(expr.args[0]!.value, site, depth + 1);
        return { items: [{ expr, site }], complete: true };
      }
      case 'id':
      case 'member': {
        if (expr.k === 'id') {
          const bound = site.env?.get(expr.name);
          if (bound) return this.items(bound.expr, bound.site, depth + 1);
        }
        const binding = expr.k === 'id' ? this.project.lookup(site.module.path, expr.name, site.scope, site.line) : this.memberBinding(expr, site);
        if (binding.kind === 'unresolved') return { items: [], complete: false };
        if (binding.kind !== 'value' || binding.fromProperty !== undefined) return { items: [{ expr, site }], complete: true };
        const module = this.project.modules.get(binding.module);
        if (!module) return { items: [{ expr, site }], complete: false };
        return this.items(binding.expr, { module, scope: binding.scope, line: binding.line }, depth + 1);
      }
      default:
        return { items: [{ expr, site }], complete: true };
    }
  }

  private memberBinding(expr: Extract<Expr, { k: 'member' }>, site: Site): Binding {
    const base = this.target(expr.obj, site);
    if (base.kind === 'binding' && base.binding.kind === 'module') return this.project.lookupExport(base.binding.module, expr.prop);
    if (base.kind === 'binding' && (base.binding.kind === 'class' || base.binding.kind === 'value')) return this.project.resolveExpr(expr, site.module.path, site.scope);
    return { kind: 'unresolved', reason: exprText(expr) };
  }

  // ------------------------------------------------------------------ diagnostics

  report(framework: string | null, severity: Severity, code: string, message: string, file: string, line: number): void {
    const key = `${framework}\0${code}\0${file}\0${line}\0${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push({ framework, diagnostic: { severity, code, message, file, line, source: `detectors:${framework ?? 'python'}` } });
  }

  reportUnresolved(framework: string | null, what: string, expr: Expr, site: Site): void {
    this.report(framework, 'warning', 'unresolved-route-part', `${what} could not be resolved statically: ${exprText(expr)}`, site.module.path, site.line);
  }
}

function paramKey(binding: Extract<Binding, { kind: 'param' }>): string {
  return `param:${binding.module}:${binding.fnId}:${binding.index}`;
}

/** `a` of `a.b.c`, when the expression is a chain of names. */
function rootName(expr: Expr): string | null {
  if (expr.k === 'id') return expr.name;
  if (expr.k === 'member') return rootName(expr.obj);
  return null;
}

/** `c` of `a.b.c`, `f` of `f`: the name a callee is known by. */
function lastName(expr: Expr): string | null {
  if (expr.k === 'id') return expr.name;
  if (expr.k === 'member') return expr.prop;
  return null;
}

/** An argument by keyword name first, else by position among the positional arguments. */
export function argOf(call: CallExpr, index: number, name?: string): Expr | undefined {
  if (name !== undefined) {
    const keyword = call.args.find((arg) => arg.name === name);
    if (keyword) return keyword.value;
  }
  if (index < 0) return undefined;
  let position = 0;
  for (const arg of call.args) {
    if (arg.name !== undefined) continue;
    // After a `*args` spread, positions are no longer known.
    if (arg.spread) return undefined;
    if (position === index) return arg.value;
    position++;
  }
  return undefined;
}

/** Is the binding an external of one of these packages whose imported path ends with `name` (`Route`, `web.get`)? */
export function isExternalNamed(binding: Binding, packages: readonly string[], names: readonly string[]): string | null {
  if (binding.kind !== 'external' || !packages.includes(binding.package)) return null;
  for (const name of names) if (binding.imported === name || binding.imported.endsWith(`.${name}`)) return name;
  return null;
}
