import { performance } from 'node:perf_hooks';
import { exprText } from '../linking/project-index.js';
import type { ProjectIndex } from '../linking/types.js';
import type { TypeAwareResolver } from '../linking/type-aware/type-aware-resolver.js';
import type { CallFact, Expr, FunctionFact, LoopFact, ModuleFacts } from '../parsing/types.js';
import { FrameworkHooks } from './framework-hooks.js';
import { calleeName, CallResolver, canonicalSymbol, languageOf, type CallTarget } from './resolve-calls.js';
import type { SignalIndex, SignalMatch } from './signal-catalogue.js';

/**
 * The repository-wide call graph. Nodes are functions (module path + function id); a node's
 * outgoing edges and the sinks it calls are computed once, on first use, and memoised, so an
 * endpoint pays only for the code it reaches and a function shared by many endpoints is
 * resolved once. Calls are indexed by their enclosing function once per module: no scan is
 * repeated per function.
 */

/** Array methods whose callback runs once per element (the parser's list, for callbacks defined inline). */
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'sort']);

export interface SinkSite {
  match: SignalMatch;
  /** The function whose own body holds the call. */
  fnId: number;
  line: number;
  /** Loops around the call, counted from the top of its module (see CallGraph.loopDepthAt). */
  absDepth: number;
  /** The call as written: `bcrypt.hash`, `this.repo.save`. */
  callee: string;
}

export interface CallEdge {
  module: string;
  fnId: number;
  /** Line of the call site (or of the definition, for decorators and FastAPI dependencies). */
  line: number;
  absDepth: number;
  /** How the framework or the code reaches it, when it is not a plain call: `TypeORM @BeforeInsert`, `Depends`. */
  label?: string;
  offloaded?: boolean;
}

export interface UnresolvedCall {
  line: number;
  text: string;
  reason: string;
}

/** A call into a function whose work runs once per process, not per request (see CallGraph.runOnceReason). */
export interface RunOnceCall {
  line: number;
  /** The function called, as `name` or `Class.method`. */
  name: string;
  /** What makes it run once: `functools.lru_cache`. */
  reason: string;
}

/**
 * Decorators that cache a function's result for the life of the process: after the first call,
 * calling it costs a dictionary lookup. `@lru_cache def get_settings()` is the usual way to load
 * settings once, and FastAPI apps `Depends` on it from every route.
 */
const RUN_ONCE_DECORATORS: Record<string, ReadonlySet<string>> = { functools: new Set(['lru_cache', 'cache']) };

/**
 * What one sink contributes to the cost of calling a function: the catalogue weight summed
 * over every call path from the function's entry to the sink, bucketed by the loops along the
 * path (none, one, two or more), so loop multipliers apply per path.
 */
export interface SinkCost {
  site: SinkSite;
  /** The function whose body holds the sink call. */
  module: string;
  fnId: number;
  offloaded: boolean;
  /** Base weight summed per loop bucket: [no loop, one loop, nested loops]. */
  buckets: [number, number, number];
  paths: number;
}

export interface FunctionCost {
  sinks: Map<string, SinkCost>;
  /** Recursive calls cut to keep the sum finite: `a → b → a` is counted once. */
  recursion: string[];
  /** The summary stopped at the depth bound somewhere below this function. */
  depthLimited: boolean;
}

export interface FunctionSummary {
  sinks: SinkSite[];
  edges: CallEdge[];
  unresolved: UnresolvedCall[];
  /**
   * Inline functions that do not run as part of this body: handed to a worker
   * (`run_in_executor(None, lambda: ...)`, reached through an offload edge instead) or registered
   * for later (`handlebars.registerHelper('x', fn)`, run only when something uses them).
   */
  offloadedInline: number[];
  /** Calls into functions whose work runs once per process: not followed, reported. */
  runOnce: RunOnceCall[];
}

export interface CallGraphStats {
  /** Functions whose calls were resolved. */
  functions: number;
  edges: number;
  sinks: number;
  /** Milliseconds spent building the graph (hook index and summaries), excluding per-endpoint walks. */
  buildMs: number;
}

interface ModuleTables {
  callsByScope: Map<number, CallFact[]>;
  children: Map<number, number[]>;
  loopsByScope: Map<number, LoopFact[]>;
  iterationCallbacks: Set<number>;
  depth: Map<number, number>;
}

export class CallGraph {
  readonly resolver: CallResolver;
  private hooksIndex: FrameworkHooks | null = null;
  private readonly tables: Map<string, ModuleTables>;
  private readonly summaries = new Map<string, FunctionSummary>();
  /** Summaries of the previous walk that no pending checker answer can change. */
  private readonly reusable: ReadonlyMap<string, FunctionSummary>;
  /** Summaries with a call queued for the checker: the next walk summarises them again. */
  private readonly waiting = new Set<string>();
  private readonly costs = new Map<string, FunctionCost>();
  private readonly runOnce = new Map<string, string | null>();
  private readonly counters = { functions: 0, edges: 0, sinks: 0, buildMs: 0 };

  /**
   * `typeAware` answers JS/TS calls the facts leave unknown (see typedTarget); `previous` is the
   * graph of an earlier walk whose resolutions, hook index and summaries (those without a call
   * waiting for the checker) are reused.
   */
  constructor(
    readonly project: ProjectIndex,
    readonly signals: SignalIndex,
    private readonly typeAware?: TypeAwareResolver,
    previous?: CallGraph,
  ) {
    this.resolver = previous?.resolver ?? new CallResolver(project);
    this.hooksIndex = previous?.hooksIndex ?? null;
    this.tables = previous?.tables ?? new Map();
    this.reusable = previous ? new Map([...previous.summaries].filter(([key]) => !previous.waiting.has(key))) : new Map();
  }

  get stats(): CallGraphStats {
    return { functions: this.counters.functions, edges: this.counters.edges, sinks: this.counters.sinks, buildMs: Math.round(this.counters.buildMs * 10) / 10 };
  }

  get hooks(): FrameworkHooks {
    if (!this.hooksIndex) {
      const started = performance.now();
      this.hooksIndex = new FrameworkHooks(this.project, this.resolver);
      this.counters.buildMs += performance.now() - started;
    }
    return this.hooksIndex;
  }

  /**
   * Why calling this function does its work once per process, or null: it is decorated with a
   * result cache that never expires (`functools.lru_cache`, `functools.cache`).
   */
  runOnceReason(modulePath: string, fnId: number): string | null {
    const key = `${modulePath}#${fnId}`;
    const known = this.runOnce.get(key);
    if (known !== undefined) return known;
    let reason: string | null = null;
    const module = this.project.modules.get(modulePath)!;
    const fn = module.functions[fnId]!;
    if (module.language === 'python') {
      for (const decorator of fn.decorators) {
        const binding = this.resolver.resolveExpr(decorator.k === 'call' ? decorator.callee : decorator, modulePath, fn.parent);
        if (binding.kind === 'external' && RUN_ONCE_DECORATORS[binding.package]?.has(binding.imported)) {
          reason = `${binding.package}.${binding.imported}`;
          break;
        }
      }
    }
    this.runOnce.set(key, reason);
    return reason;
  }

  /** The summary of one function's own body (nested functions have their own). */
  summaryOf(modulePath: string, fnId: number): FunctionSummary {
    const key = `${modulePath}#${fnId}`;
    const known = this.summaries.get(key);
    if (known) return known;
    let summary = this.reusable.get(key);
    if (!summary) {
      const hooks = this.hooks;
      const started = performance.now();
      summary = this.summarise(modulePath, fnId, hooks);
      this.counters.buildMs += performance.now() - started;
    }
    this.counters.functions++;
    this.counters.edges += summary.edges.length;
    this.counters.sinks += summary.sinks.length;
    this.summaries.set(key, summary);
    return summary;
  }

  /**
   * A function and every function nested in it that runs as part of it (callbacks, closures),
   * minus bodies handed to a worker, which are reached through their offload edge instead.
   */
  unitOf(modulePath: string, fnId: number): number[] {
    const unit: number[] = [];
    const stack = [fnId];
    while (stack.length > 0) {
      const current = stack.pop()!;
      unit.push(current);
      const offloaded = new Set(this.summaryOf(modulePath, current).offloadedInline);
      const children = this.childrenOf(modulePath, current);
      for (let i = children.length - 1; i >= 0; i--) if (!offloaded.has(children[i]!)) stack.push(children[i]!);
    }
    return unit;
  }

  /**
   * The cost of calling a function: every sink below it with its weight summed over call paths,
   * computed bottom-up once per function and memoised. A call back into a function still being
   * summed (recursion) is cut and reported; summaries that depended on such a cut are not
   * memoised, so another entry into the cycle sums it from its own side.
   */
  costOf(modulePath: string, fnId: number): FunctionCost {
    return this.costGuarded(modulePath, fnId, []).cost;
  }

  private costGuarded(modulePath: string, fnId: number, stack: string[]): { cost: FunctionCost; cutAt: number } {
    const key = `${modulePath}#${fnId}`;
    const known = this.costs.get(key);
    if (known) return { cost: known, cutAt: Number.POSITIVE_INFINITY };
    const onStack = stack.indexOf(key);
    if (onStack >= 0) {
      const module = this.project.modules.get(modulePath)!;
      return { cost: { sinks: new Map(), recursion: [functionLabel(module, module.functions[fnId]!)], depthLimited: false }, cutAt: onStack };
    }
    if (stack.length >= MAX_COST_DEPTH) return { cost: { sinks: new Map(), recursion: [], depthLimited: true }, cutAt: 0 };

    const cost: FunctionCost = { sinks: new Map(), recursion: [], depthLimited: false };
    const base = this.loopDepthAt(modulePath, fnId);
    const unit = this.unitOf(modulePath, fnId);
    const inUnit = new Set(unit);
    stack.push(key);
    let cutAt = Number.POSITIVE_INFINITY;
    for (const member of unit) {
      const summary = this.summaryOf(modulePath, member);
      for (const site of summary.sinks) {
        addSinkCost(cost.sinks, { site, module: modulePath, fnId: member, offloaded: site.match.offload, buckets: bucketed(site.match.weight, site.absDepth - base), paths: 1 });
      }
      for (const edge of summary.edges) {
        if (edge.module === modulePath && inUnit.has(edge.fnId) && edge.fnId !== fnId) continue;
        const child = this.costGuarded(edge.module, edge.fnId, stack);
        cutAt = Math.min(cutAt, child.cutAt);
        const shift = Math.max(0, edge.absDepth - base);
        for (const sink of child.cost.sinks.values()) {
          addSinkCost(cost.sinks, { ...sink, offloaded: sink.offloaded || edge.offloaded === true, buckets: shiftBuckets(sink.buckets, shift) });
        }
        for (const name of child.cost.recursion) if (!cost.recursion.includes(name)) cost.recursion.push(name);
        cost.depthLimited ||= child.cost.depthLimited;
      }
    }
    stack.pop();
    if (cutAt === stack.length) {
      // The cycle closes here: this function's body, and everything it calls, repeats like a loop.
      for (const sink of cost.sinks.values()) sink.buckets = shiftBuckets(sink.buckets, 1);
    }
    // Complete summaries, and those whose cycle closes at this very function, are final.
    if (cutAt >= stack.length) {
      this.costs.set(key, cost);
      return { cost, cutAt: Number.POSITIVE_INFINITY };
    }
    return { cost, cutAt };
  }

  /** Functions defined directly inside a function: callbacks, closures, inner helpers. */
  childrenOf(modulePath: string, fnId: number): number[] {
    return this.tablesOf(modulePath).children.get(fnId) ?? [];
  }

  /**
   * How many loops surround the inside of a function, counted from the top of its module: the
   * loops around its definition plus one for each array-iteration callback it sits in. A call's
   * depth relative to the function a walk entered is its absolute depth minus this.
   */
  loopDepthAt(modulePath: string, fnId: number): number {
    if (fnId < 0) return 0;
    const tables = this.tablesOf(modulePath);
    const known = tables.depth.get(fnId);
    if (known !== undefined) return known;
    const module = this.project.modules.get(modulePath)!;
    const fn = module.functions[fnId]!;
    const around = (tables.loopsByScope.get(fn.parent) ?? []).filter((loop) => loop.span.startLine <= fn.span.startLine && fn.span.endLine <= loop.span.endLine).length;
    const depth = this.loopDepthAt(modulePath, fn.parent) + around + (tables.iterationCallbacks.has(fnId) ? 1 : 0);
    tables.depth.set(fnId, depth);
    return depth;
  }

  private tablesOf(modulePath: string): ModuleTables {
    let tables = this.tables.get(modulePath);
    if (tables) return tables;
    const module = this.project.modules.get(modulePath)!;
    tables = { callsByScope: new Map(), children: new Map(), loopsByScope: new Map(), iterationCallbacks: new Set(), depth: new Map() };
    for (const call of module.calls) {
      push(tables.callsByScope, call.scope, call);
      if (call.callee.k === 'member' && ITERATION_METHODS.has(call.callee.prop) && module.language !== 'python') {
        for (const arg of call.args ?? []) if (arg.value.k === 'fn') tables.iterationCallbacks.add(arg.value.id);
      }
    }
    for (const fn of module.functions) if (fn.parent >= 0) push(tables.children, fn.parent, fn.id);
    for (const loop of module.loops) push(tables.loopsByScope, loop.scope, loop);
    this.tables.set(modulePath, tables);
    return tables;
  }

  /** Loop depth of a call from the top of its module: the parser counts up to the nearest function that is not an iteration callback. */
  private absoluteDepth(modulePath: string, call: CallFact): number {
    const module = this.project.modules.get(modulePath)!;
    const tables = this.tablesOf(modulePath);
    // `for (const x of await load())`: the iterable is evaluated once, before the loop runs.
    const own = call.loopDepth - (isLoopIterable(tables.loopsByScope.get(call.scope) ?? [], call) ? 1 : 0);
    let boundary = call.scope;
    while (boundary >= 0 && tables.iterationCallbacks.has(boundary)) boundary = module.functions[boundary]!.parent;
    if (boundary < 0) return Math.max(0, own);
    return Math.max(0, own + this.loopDepthAt(modulePath, boundary));
  }

  private summarise(modulePath: string, fnId: number, hooks: FrameworkHooks): FunctionSummary {
    const module = this.project.modules.get(modulePath)!;
    const fn = module.functions[fnId]!;
    const language = languageOf(module);
    const summary: FunctionSummary = { sinks: [], edges: [], unresolved: [], offloadedInline: [], runOnce: [] };
    const seenEdges = new Set<string>();
    const seenSinks = new Map<string, number>();
    const addEdge = (edge: CallEdge): void => {
      const key = `${edge.module}#${edge.fnId}@${edge.line}`;
      if (seenEdges.has(key)) return;
      seenEdges.add(key);
      // Whatever a cached function does happened before this request (or on the first one only).
      const once = this.runOnceReason(edge.module, edge.fnId);
      if (once !== null) {
        const target = this.project.modules.get(edge.module)!;
        summary.runOnce.push({ line: edge.line, name: functionLabel(target, target.functions[edge.fnId]!), reason: once });
        return;
      }
      summary.edges.push(edge);
    };
    const addSink = (site: SinkSite): void => {
      // One sink per signal and line: the links of a fluent chain (`redis.multi().set().exec()`)
      // start on the same line; the outermost, longest one names it.
      const key = `${site.match.id}@${site.line}`;
      const index = seenSinks.get(key);
      if (index === undefined) {
        seenSinks.set(key, summary.sinks.length);
        summary.sinks.push(site);
      } else if (site.callee.length > summary.sinks[index]!.callee.length) summary.sinks[index] = site;
    };

    if (language === 'python') this.summariseEntryPoints(modulePath, fn, addEdge, addSink);

    for (const call of this.tablesOf(modulePath).callsByScope.get(fnId) ?? []) {
      const absDepth = this.absoluteDepth(modulePath, call);
      const args = (call.args ?? []).map((a) => a.value);
      const stringArgs = literalStrings(call.args ?? []);
      const callee = calleeName(call.callee);
      const argumentMatch = this.signals.matchArgument(language, stringArgs);
      if (argumentMatch) addSink({ match: argumentMatch, fnId, line: call.line, absDepth, callee });

      let target = this.resolver.resolveCall(modulePath, call.callee, call.scope);
      if (target.kind === 'unknown' && this.typeAware && language === 'js') target = this.typedTarget(modulePath, fnId, call, target, this.typeAware);
      // An offload call's own weight stands in for work it hands over; when that work is followed, the work speaks instead.
      let offloadSink: SinkSite | null = null;
      switch (target.kind) {
        case 'function':
          addEdge({ module: target.module, fnId: target.fn.id, line: call.line, absDepth, ...(target.label ? { label: target.label } : {}) });
          break;
        case 'external': {
          // `user.checkPassword()` on a Mongoose document runs the schema's own method, not a query.
          const method = target.receiver ? hooks.mongooseMethod(target.receiver, target.symbol.slice(target.symbol.lastIndexOf('.') + 1)) : null;
          if (method) {
            addEdge({ module: method.module, fnId: method.fn.id, line: call.line, absDepth, label: 'Mongoose schema method' });
            break;
          }
          const match = this.signals.matchExternal(language, target.package, target.symbol);
          if (match?.offload) offloadSink = { match, fnId, line: call.line, absDepth, callee };
          else if (match) addSink({ match, fnId, line: call.line, absDepth, callee });
          for (const triggered of hooks.triggeredBy(modulePath, target, args, call.scope)) {
            addEdge({ module: triggered.module, fnId: triggered.fn.id, line: call.line, absDepth, label: triggered.label });
          }
          break;
        }
        case 'unknown': {
          const match = target.method ? this.signals.matchHeuristic(language, target.method, target.receiverNames, stringArgs) : null;
          if (match?.offload) offloadSink = { match, fnId, line: call.line, absDepth, callee };
          else if (match) addSink({ match, fnId, line: call.line, absDepth, callee });
          else if (target.unresolvedName !== undefined) summary.unresolved.push({ line: call.line, text: callee, reason: target.reason });
          break;
        }
      }
      const handedOver = this.addArgumentEdges(modulePath, call, args, absDepth, offloadSink, target, summary, addEdge, addSink);
      if (offloadSink && handedOver === 0) addSink(offloadSink);
    }
    return summary;
  }

  /**
   * What the TypeScript checker says a call the facts left unknown invokes: a repository function
   * (followed), a member of a package the catalogue lists or a language built-in (matched, so
   * `cache.get` on a `Map` is no Redis round trip). A package member the catalogue does not list
   * counts as resolved, and name heuristics still apply to it. Methods called on data the facts
   * already recognised (awaited results, loaded records) are not asked about. The first walk
   * queues its questions; the classification answers them and walks again.
   */
  private typedTarget(modulePath: string, fnId: number, call: CallFact, target: Extract<CallTarget, { kind: 'unknown' }>, typeAware: TypeAwareResolver): CallTarget {
    if (target.method === '' || DATA_REASON.test(target.reason)) return target;
    const answer = typeAware.lookup(modulePath, call);
    if (answer === undefined) this.waiting.add(`${modulePath}#${fnId}`);
    // Known to lead to one of several functions: an unresolved call, with the checker's reason.
    if (answer?.kind === 'none' && answer.ambiguous) return { ...target, unresolvedName: target.method, reason: answer.reason };
    if (!answer || answer.kind === 'none') return target;
    if (answer.kind === 'function') {
      const fn = this.project.modules.get(answer.module)?.functions[answer.fnId];
      return fn ? { kind: 'function', module: answer.module, fn, ...(answer.label ? { label: answer.label } : {}) } : target;
    }
    if (answer.package === 'builtin' || this.signals.matchExternal('js', answer.package, answer.symbol)) {
      const typeArgs = answer.typeArgs ? { typeArgs: { names: answer.typeArgs.names, module: answer.typeArgs.module, scope: -1 } } : {};
      return { kind: 'external', package: answer.package, symbol: answer.symbol, ...typeArgs };
    }
    const { unresolvedName: _known, ...resolved } = target;
    return resolved;
  }

  /**
   * Functions handed to a call run when the callee calls them back (`rows.map(toOrder)`,
   * `app.use(handler)`); those handed to an executor or worker run elsewhere and are tagged.
   */
  private addArgumentEdges(
    modulePath: string,
    call: CallFact,
    args: Expr[],
    absDepth: number,
    offloadSink: SinkSite | null,
    target: CallTarget,
    summary: FunctionSummary,
    addEdge: (edge: CallEdge) => void,
    addSink: (site: SinkSite) => void,
  ): number {
    const offload = offloadSink !== null;
    let handedOver = 0;
    const iteration = call.callee.k === 'member' && ITERATION_METHODS.has(call.callee.prop);
    if (!offload && call.callee.k === 'member' && REGISTRATION_METHOD.test(call.callee.prop)) {
      for (const arg of args) if (arg.k === 'fn') summary.offloadedInline.push(arg.id);
      return 0;
    }
    const candidates: Expr[] = [];
    for (const arg of args) {
      candidates.push(arg);
      // functools.partial(fn, x) / fn.bind(this): the function inside.
      if (arg.k === 'call' && arg.args[0] && (exprText(arg.callee).endsWith('partial') || (arg.callee.k === 'member' && arg.callee.prop === 'bind'))) {
        candidates.push(arg.callee.k === 'member' && arg.callee.prop === 'bind' ? arg.callee.obj : arg.args[0].value);
      }
    }
    for (const arg of candidates) {
      if (arg.k === 'fn') {
        if (offload) {
          summary.offloadedInline.push(arg.id);
          addEdge({ module: modulePath, fnId: arg.id, line: call.line, absDepth, offloaded: true, label: 'offloaded' });
          handedOver++;
        }
        continue;
      }
      if (arg.k !== 'id' && arg.k !== 'member') continue;
      const binding = this.resolver.resolveExpr(arg, modulePath, call.scope);
      // A package function, not an instance or a call's result (`matrix = np.asarray(...)` is data handed along).
      if (offload && binding.kind === 'external' && !binding.imported.includes('()')) {
        // `run_in_executor(None, requests.get, url)`: the library function runs on the worker.
        const language = this.project.modules.get(modulePath)!.language === 'python' ? 'python' : 'js';
        const match = this.signals.matchExternal(language, binding.package, canonicalSymbol(binding.imported));
        if (match) {
          addSink({ ...offloadSink, match: { ...match, offload: true }, callee: calleeName(arg) });
          handedOver++;
        }
        continue;
      }
      if (binding.kind !== 'function') continue;
      if (offload) handedOver++;
      if (target.kind === 'function' && target.module === binding.module && target.fn.id === binding.fn.id) continue;
      addEdge({
        module: binding.module,
        fnId: binding.fn.id,
        line: call.line,
        absDepth: absDepth + (iteration ? 1 : 0),
        ...(offload ? { offloaded: true, label: 'offloaded' } : { label: 'callback' }),
      });
    }
    return handedOver;
  }

  /** Python: FastAPI `Depends(...)` parameters and decorators run every time the function is called. */
  private summariseEntryPoints(modulePath: string, fn: FunctionFact, addEdge: (edge: CallEdge) => void, addSink: (site: SinkSite) => void): void {
    const line = fn.span.startLine;
    for (const param of fn.params) {
      const dependencies: { module: string; fn: FunctionFact }[] = [];
      if (param.default) {
        const dependency = this.resolver.dependencyFunction(modulePath, param.default, fn.parent);
        if (dependency) dependencies.push(dependency);
      }
      // `db: Annotated[Session, Depends(get_db)]`
      for (const match of (param.type ?? '').matchAll(/(?:Depends|Security)\(\s*([A-Za-z_][\w.]*)/g)) {
        const parts = match[1]!.split('.');
        let expr: Expr = { k: 'id', name: parts[0]! };
        for (const part of parts.slice(1)) expr = { k: 'member', obj: expr, prop: part };
        const binding = this.resolver.resolveExpr(expr, modulePath, fn.parent);
        if (binding.kind === 'function') dependencies.push({ module: binding.module, fn: binding.fn });
      }
      for (const dependency of dependencies) addEdge({ module: dependency.module, fnId: dependency.fn.id, line, absDepth: 0, label: 'Depends' });
    }
    for (const decorator of fn.decorators) {
      const callee = decorator.k === 'call' ? decorator.callee : decorator;
      const binding = this.resolver.resolveExpr(callee, modulePath, fn.parent);
      if (binding.kind === 'function') {
        addEdge({ module: binding.module, fnId: binding.fn.id, line, absDepth: 0, label: 'decorator' });
        continue;
      }
      if (binding.kind !== 'external') continue;
      const target = this.resolver.resolveCall(modulePath, callee, fn.parent);
      if (target.kind !== 'external') continue;
      const match = this.signals.matchExternal('python', target.package, target.symbol);
      if (match) addSink({ match, fnId: fn.id, line, absDepth: 0, callee: `@${calleeName(callee)}` });
      if (decorator.k === 'call') {
        // `@router.get(..., dependencies=[Depends(verify_token)])`
        for (const arg of decorator.args) {
          if (arg.name !== 'dependencies' || arg.value.k !== 'arr') continue;
          for (const item of arg.value.items) {
            const dependency = this.resolver.dependencyFunction(modulePath, item, fn.parent);
            if (dependency) addEdge({ module: dependency.module, fnId: dependency.fn.id, line, absDepth: 0, label: 'Depends' });
          }
        }
      }
    }
  }
}

/**
 * Unknown targets the checker cannot improve: data handling the facts recognised (awaited
 * results, loaded records) and constructions of repository classes without a constructor.
 */
const DATA_REASON = /^awaited result of |on loaded records|of a loaded record|^constructor of /;

/** `registerHelper`, `registerPartial`, `defineCommand`...: the function given is kept for later, not called. */
const REGISTRATION_METHOD = /^(register|define)[A-Z_]/;

/** Depth at which a cost summary stops following calls (and says so); deeper chains are rare and self-similar. */
export const MAX_COST_DEPTH = 24;

function bucketed(weight: number, loops: number): [number, number, number] {
  const buckets: [number, number, number] = [0, 0, 0];
  buckets[Math.min(2, Math.max(0, loops))] = weight;
  return buckets;
}

function shiftBuckets(buckets: [number, number, number], shift: number): [number, number, number] {
  if (shift <= 0) return buckets;
  const shifted: [number, number, number] = [0, 0, 0];
  for (let index = 0; index < 3; index++) {
    const target = Math.min(2, index + shift) as 0 | 1 | 2;
    shifted[target] += buckets[index as 0 | 1 | 2];
  }
  return shifted;
}

function addSinkCost(into: Map<string, SinkCost>, sink: SinkCost): void {
  const key = `${sink.site.match.id}|${sink.module}|${sink.site.line}|${sink.offloaded ? 1 : 0}`;
  const known = into.get(key);
  if (!known) {
    into.set(key, { ...sink, buckets: [...sink.buckets] });
    return;
  }
  known.buckets = [known.buckets[0] + sink.buckets[0], known.buckets[1] + sink.buckets[1], known.buckets[2] + sink.buckets[2]];
  known.paths += sink.paths;
}

function isLoopIterable(loops: readonly LoopFact[], call: CallFact): boolean {
  const name = calleeName(call.callee);
  const contains = (expr: Expr, depth: number): boolean => {
    if (depth > 6) return false;
    if (expr.k === 'call') {
      if (expr.line === call.line && calleeName(expr.callee) === name) return true;
      return contains(expr.callee, depth + 1) || expr.args.some((arg) => contains(arg.value, depth + 1));
    }
    if (expr.k === 'member') return contains(expr.obj, depth + 1);
    return false;
  };
  return loops.some((loop) => loop.iterable !== undefined && loop.span.startLine <= call.line && call.line <= loop.span.endLine && contains(loop.iterable, 0));
}

function functionLabel(module: ModuleFacts, fn: FunctionFact): string {
  return fn.classId !== undefined ? `${module.classes[fn.classId]?.name ?? '<class>'}.${fn.name}` : fn.name;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function literalStrings(args: readonly { value: Expr }[]): string[] {
  const found: string[] = [];
  const visit = (expr: Expr, depth: number): void => {
    if (depth > 3) return;
    if (expr.k === 'str') found.push(expr.v);
    else if (expr.k === 'obj') for (const prop of expr.props) visit(prop.value, depth + 1);
    else if (expr.k === 'arr') for (const item of expr.items) visit(item, depth + 1);
  };
  for (const arg of args) visit(arg.value, 0);
  return found;
}

