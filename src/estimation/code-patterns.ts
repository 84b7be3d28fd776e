import type { CallFact, Expr, FunctionFact, ModuleFacts } from '../parsing/types.js';
import type { DynamicFeatureSite } from './types.js';
import type { ConcurrencyKind } from './assumptions.js';
import {
  describeExpr,
  indexImports,
  isRelativeSource,
  literalString,
  qualifiedName,
  type ImportsByLocal,
} from './code-facts.js';

/**
 * Finds the code patterns that make a port harder than translating line by line: dynamic
 * features (nothing in Go evaluates code, rewrites classes or patches modules at run time) and
 * concurrency patterns (they are re-expressed with goroutines and channels, not translated).
 */

const EVAL_NAMES = new Set(['eval', 'exec']);
const VM_EVAL = new Set(['vm.runInNewContext', 'vm.runInThisContext', 'vm.runInContext', 'vm.compileFunction']);
const REFLECTION_BUILTINS = new Set(['getattr', 'setattr', 'delattr']);
const REFLECT_OBJECT = new Set(['Object.defineProperty', 'Object.defineProperties', 'Object.setPrototypeOf']);
const DYNAMIC_IMPORTERS = new Set(['__import__', 'importlib.import_module', 'importlib.reload']);
/** Standard-library decorators that replace the function they decorate. */
const REWRITING_DECORATORS = new Set([
  'functools.lru_cache',
  'functools.cache',
  'functools.cached_property',
  'functools.singledispatch',
  'contextlib.contextmanager',
  'contextlib.asynccontextmanager',
]);
/** `metaclass=ABCMeta` only declares an interface, which Go has natively: not counted. */
const BENIGN_METACLASSES = new Set(['ABCMeta', 'abc.ABCMeta']);
const BUILTIN_GLOBALS = new Set([
  'Array',
  'Boolean',
  'Date',
  'Error',
  'Function',
  'Map',
  'Number',
  'Object',
  'Promise',
  'RegExp',
  'Set',
  'String',
]);

function isJs(module: ModuleFacts): boolean {
  return module.language !== 'python';
}

/**
 * Names of top-level functions, across the repository, that define a function inside: the
 * wrapper shape of a hand-written decorator (`def retry(fn): def inner(...)`).
 */
export function findWrapperFactories(modules: readonly ModuleFacts[]): Set<string> {
  const names = new Set<string>();
  for (const module of modules) {
    const hasChild = new Set(module.functions.map((fn) => fn.parent));
    for (const fn of module.functions) {
      if (fn.parent === -1 && fn.name !== '<anonymous>' && hasChild.has(fn.id)) names.add(fn.name);
    }
  }
  return names;
}

/** The name a decorator refers to, when it may be one of the repository's own functions. */
function decoratorLocalName(expr: Expr, imports: ImportsByLocal): string | null {
  if (expr.k === 'call') return decoratorLocalName(expr.callee, imports);
  if (expr.k === 'id') {
    const fact = imports.get(expr.name);
    if (!fact) return expr.name;
    return fact.imported === '*' || fact.imported === 'default' ? expr.name : fact.imported;
  }
  // `@utils.retry`: a function reached through an imported module of the repository.
  if (expr.k === 'member' && expr.obj.k === 'id') {
    const fact = imports.get(expr.obj.name);
    if (fact && fact.imported === '*') return expr.prop;
  }
  return null;
}

function decoratorQualified(expr: Expr, imports: ImportsByLocal): string | null {
  return qualifiedName(expr.k === 'call' ? expr.callee : expr, imports);
}

function firstArg(args: { value: Expr }[] | undefined, index: number): Expr | undefined {
  return args?.[index]?.value;
}

function isDynamicSpecifier(expr: Expr | undefined): boolean {
  return expr !== undefined && literalString(expr) === null;
}

function rootIdentifier(expr: Expr): string | null {
  let cursor = expr;
  while (cursor.k === 'member' || cursor.k === 'index') cursor = cursor.obj;
  return cursor.k === 'id' ? cursor.name : null;
}

/** In `os.environ['X']`, `environ`: the member read first from the root identifier. */
function propertyNextToRoot(expr: Expr): string | null {
  let cursor = expr;
  let prop: string | null = null;
  while (cursor.k === 'member' || cursor.k === 'index') {
    prop = cursor.k === 'member' ? cursor.prop : null;
    cursor = cursor.obj;
  }
  return prop;
}

/** `mod.attr = x` where `mod` is an imported module, or `Array.prototype.x = ...`. */
function monkeyPatchTarget(target: Expr, imports: ImportsByLocal): string | null {
  if (target.k !== 'member' && target.k !== 'index') return null;
  const root = rootIdentifier(target);
  if (!root) return null;
  const fact = imports.get(root);
  if (fact) {
    const wholeModule = fact.imported === '*' || (fact.imported === 'default' && !isRelativeSource(fact.source));
    // `os.environ['X'] = ...` sets an environment variable; Go has os.Setenv.
    const environment = fact.source === 'os' && propertyNextToRoot(target) === 'environ';
    return wholeModule && !environment ? describeExpr(target) : null;
  }
  if (BUILTIN_GLOBALS.has(root) && target.k === 'member' && target.obj.k === 'member' && target.obj.prop === 'prototype') {
    return describeExpr(target);
  }
  return null;
}

export function findDynamicFeatures(module: ModuleFacts, wrapperFactories: ReadonlySet<string>): DynamicFeatureSite[] {
  const imports = indexImports(module);
  const sites: DynamicFeatureSite[] = [];
  const add = (kind: DynamicFeatureSite['kind'], line: number, what: string) =>
    sites.push({ kind, file: module.path, line, what });
  const js = isJs(module);

  for (const call of module.calls) {
    // `import(x)` may reach us as an identifier or as unmodelled text, depending on the grammar.
    const callee: Expr = call.callee.k === 'other' && call.callee.text === 'import' ? { k: 'id', name: 'import' } : call.callee;
    const name = qualifiedName(callee, imports);
    if (!name) continue;
    const local = callee.k === 'id' && !imports.has(callee.name) ? callee.name : null;
    if (local && EVAL_NAMES.has(local) && (js ? local === 'eval' : true)) add('eval', call.line, local);
    else if (js && local === 'Function') add('eval', call.line, call.isNew ? 'new Function' : 'Function');
    else if (js && VM_EVAL.has(name)) add('eval', call.line, name);
    else if (js && local === 'Proxy' && call.isNew) add('proxy', call.line, 'new Proxy');
    else if (!js && local && REFLECTION_BUILTINS.has(local)) {
      // getattr(obj, "name") is plain attribute access; only a computed name is reflection.
      if (call.args === undefined || isDynamicSpecifier(firstArg(call.args, 1))) add('reflection', call.line, local);
    } else if (js && (name.startsWith('Reflect.') || REFLECT_OBJECT.has(name))) add('reflection', call.line, name);
    else if (!js && DYNAMIC_IMPORTERS.has(name)) add('dynamic-import', call.line, name);
    else if (js && (local === 'require' || local === 'import') && call.args && isDynamicSpecifier(firstArg(call.args, 0))) {
      add('dynamic-import', call.line, `${local}(${describeExpr(firstArg(call.args, 0) ?? { k: 'null' })})`);
    }
  }

  // A computed `import(x)` / `importlib.import_module(x)` may also surface as an import fact
  // with no usable source: it is already counted above, once.
  const computedLines = new Set(sites.filter((site) => site.kind === 'dynamic-import').map((site) => site.line));
  for (const fact of module.imports) {
    if (fact.kind === 'dynamic' && fact.source !== '' && !computedLines.has(fact.line)) {
      add('lazy-import', fact.line, `import('${fact.source}')`);
    }
  }

  for (const cls of module.classes) {
    const metaclass = cls.keywords?.find((keyword) => keyword.name === 'metaclass');
    if (metaclass) {
      const what = qualifiedName(metaclass.value, imports) ?? describeExpr(metaclass.value);
      if (!BENIGN_METACLASSES.has(what)) add('metaclass', cls.span.startLine, `metaclass=${what}`);
    }
    if (!js && cls.bases.some((base) => base.k === 'id' && base.name === 'type')) {
      add('metaclass', cls.span.startLine, `class ${cls.name}(type)`);
    }
  }

  for (const assignment of module.assignments) {
    const patched = monkeyPatchTarget(assignment.target, imports);
    if (patched) add('monkey-patch', assignment.line, patched);
  }

  const decorated: { decorators: Expr[]; line: number }[] = [
    ...module.functions.map((fn: FunctionFact) => ({ decorators: fn.decorators, line: fn.span.startLine })),
    ...module.classes.map((cls) => ({ decorators: cls.decorators, line: cls.span.startLine })),
  ];
  for (const { decorators, line } of decorated) {
    for (const decorator of decorators) {
      const qualified = decoratorQualified(decorator, imports);
      const local = decoratorLocalName(decorator, imports);
      if (qualified && REWRITING_DECORATORS.has(qualified)) add('rewriting-decorator', line, `@${qualified}`);
      else if (local && wrapperFactories.has(local)) add('rewriting-decorator', line, `@${describeExpr(decorator)}`);
    }
  }
  return sites;
}

export interface ConcurrencySite {
  kind: ConcurrencyKind;
  file: string;
  line: number;
  what: string;
}

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const PROMISE_FANOUT = new Set(['Promise.all', 'Promise.allSettled', 'Promise.race', 'Promise.any']);
const ASYNC_TASKS = new Set([
  'asyncio.create_task',
  'asyncio.gather',
  'asyncio.ensure_future',
  'asyncio.wait',
  'asyncio.as_completed',
  'asyncio.TaskGroup',
  'asyncio.Queue',
  'asyncio.Lock',
  'asyncio.Semaphore',
  'asyncio.Event',
  'asyncio.to_thread',
  'anyio.create_task_group',
  'trio.open_nursery',
]);
const THREADS = new Set([
  'threading.Thread',
  'threading.Lock',
  'threading.RLock',
  'threading.Semaphore',
  'threading.Condition',
  'threading.Event',
  'threading.Timer',
  'concurrent.futures.ThreadPoolExecutor',
  'queue.Queue',
  'worker_threads.Worker',
]);
const PROCESSES = new Set([
  'multiprocessing.Process',
  'multiprocessing.Pool',
  'multiprocessing.Queue',
  'multiprocessing.Manager',
  'concurrent.futures.ProcessPoolExecutor',
  'os.fork',
  'child_process.fork',
  'cluster.fork',
]);
const ERROR_PARAM = /^(err|error)$/;
/** Promise handlers, middleware and array iteration take functions that are not Node callbacks. */
const NOT_CALLBACK_TAKERS = new Set([
  'then',
  'catch',
  'finally',
  'use',
  'map',
  'filter',
  'forEach',
  'reduce',
  'some',
  'every',
  'find',
  'findIndex',
  'flatMap',
  'sort',
]);

/**
 * `emitter.on('event', handler)`. `process.on(...)` is left out: signal and exit hooks become a
 * one-line signal.Notify, not a redesign.
 */
function listenerMethod(call: CallFact): string | null {
  const callee = call.callee;
  if (callee.k !== 'member' || !LISTENER_METHODS.has(callee.prop) || call.argCount < 2) return null;
  return callee.obj.k === 'id' && callee.obj.name === 'process' ? null : callee.prop;
}

function isEventEmitterName(name: string | null): boolean {
  return name !== null && (name === 'events' || name.endsWith('EventEmitter'));
}

export function findConcurrencyPatterns(module: ModuleFacts): ConcurrencySite[] {
  const imports = indexImports(module);
  const sites: ConcurrencySite[] = [];
  const add = (kind: ConcurrencyKind, line: number, what: string) => sites.push({ kind, file: module.path, line, what });
  const js = isJs(module);

  for (const cls of module.classes) {
    const base = cls.bases.find((expr) => isEventEmitterName(qualifiedName(expr, imports)));
    if (js && base) add('event-emitter', cls.span.startLine, `class ${cls.name} extends ${describeExpr(base)}`);
  }

  for (const call of module.calls) {
    const name = qualifiedName(call.callee, imports);
    if (js && call.isNew && isEventEmitterName(name)) add('event-emitter', call.line, `new ${name}`);
    else if (js && listenerMethod(call)) {
      add('event-listener', call.line, `.${listenerMethod(call)}(${describeExpr(firstArg(call.args, 0) ?? { k: 'null' })}, ...)`);
    } else if (js && name && PROMISE_FANOUT.has(name)) add('promise-fanout', call.line, name);
    else if (name && ASYNC_TASKS.has(name)) add('async-task', call.line, name);
    else if (call.callee.k === 'member' && call.callee.prop === 'run_in_executor') add('async-task', call.line, 'run_in_executor');
    else if (name && THREADS.has(name)) add('thread', call.line, name);
    else if (js && call.isNew && name === 'Worker') add('thread', call.line, 'new Worker');
    else if (name && PROCESSES.has(name)) add('process', call.line, name);
    else if (js && call.args && !(call.callee.k === 'member' && NOT_CALLBACK_TAKERS.has(call.callee.prop))) {
      // A Node-style callback: the last argument, an inline function whose first parameter is the error.
      const callback = call.args[call.args.length - 1];
      const fn = callback?.value.k === 'fn' ? module.functions[callback.value.id] : undefined;
      const first = fn?.params[0]?.name;
      if (first && ERROR_PARAM.test(first)) add('node-callback', call.line, `${describeExpr(call.callee)}(..., (${first}, ...) => ...)`);
    }
  }
  return sites;
}
