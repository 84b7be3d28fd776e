import type { Binding, ProjectIndex } from '../linking/types.js';
import type { ClassFact, Expr, FunctionFact, ModuleFacts, ScopeId } from '../parsing/types.js';

/**
 * Turns a call site into what it calls: a function of the repository, a member of an external
 * package (as a canonical member path the signal catalogue can match), or an unknown receiver
 * with the names a heuristic can look at. It builds on the project index's resolveExpr and
 * adds what a call graph needs beyond it: instances of external classes reached through type
 * annotations (`db: Session`), repository classes that inherit an ORM base (`User.objects`),
 * `super()`, decorated task functions (`send_email.delay`) and language globals.
 */

/** Where a repository class's members come from when they are inherited from a package. */
export interface ModelClass {
  module: string;
  cls: ClassFact;
}

export type Receiver =
  | {
      kind: 'external';
      package: string;
      /** Canonical member path: `default()` for `new (default export)()`, `Pool()`, `orm.Session()`. */
      path: string;
      /** The repository class this path was inherited through (`User` for `User.objects`). */
      modelClass?: ModelClass;
      /** Generic arguments of the annotation the instance came from (`User` in `Repository<User>`). */
      typeArgs?: { names: string[]; module: string; scope: ScopeId };
      /** The binding the receiver came from, for framework hooks that need its origin. */
      binding?: Binding;
      /** A record an ORM returned (`await User.findOne()`): its methods may query again, its properties are data. */
      record?: boolean;
    }
  | { kind: 'class'; module: string; cls: ClassFact; instance: boolean }
  | { kind: 'function'; module: string; fn: FunctionFact }
  | { kind: 'module'; module: string }
  | { kind: 'unknown'; names: string[]; unresolvedName?: string; reason: string };

export type CallTarget =
  /** `label` says how the call reaches the function when it is not plain (`only implementation of IUserRepository`). */
  | { kind: 'function'; module: string; fn: FunctionFact; viaConstructor?: ClassFact; label?: string }
  | {
      kind: 'external';
      package: string;
      symbol: string;
      modelClass?: ModelClass;
      typeArgs?: { names: string[]; module: string; scope: ScopeId };
      receiver?: Receiver;
    }
  | {
      kind: 'unknown';
      method: string;
      receiverNames: string[];
      /** Set when a name could not be found anywhere: this lowers confidence. */
      unresolvedName?: string;
      reason: string;
    };

const MAX_DEPTH = 12;
/** A display name longer than this is cut: evidence names a call, it does not quote it. */
const MAX_NAME = 60;

/**
 * Packages whose awaited results are live objects with methods that reach the database again
 * (active-record documents and entities). Other awaited results are data: `(await
 * redis.smembers(k)).map(...)` is an array, not another round trip.
 */
const LIVE_RESULT_PACKAGES = new Set(['mongoose', 'sequelize', 'sequelize-typescript', 'typeorm', '@mikro-orm/core', 'objection', 'tortoise', 'beanie', 'odmantic', 'mongoengine', 'peewee']);
/** Wrappers that turn a callback function into a promise-returning one without changing what it does. */
const PROMISIFIERS = new Set(['util:promisify', 'bluebird:promisify', 'bluebird:fromCallback', 'pify:default', 'es6-promisify:promisify']);
/** Methods of arrays, objects, lists and dicts: called on loaded records they handle data, they do not query. */
const DATA_METHODS = new Set([
  'map', 'filter', 'forEach', 'reduce', 'find', 'findIndex', 'some', 'every', 'push', 'pop', 'shift', 'unshift', 'slice',
  'splice', 'concat', 'join', 'includes', 'indexOf', 'toString', 'toJSON', 'toObject', 'keys', 'values', 'entries',
  'sort', 'append', 'extend', 'items', 'copy', 'model_dump', 'dict', 'json',
]);
/** Methods whose awaited result is a client, connection or session, not data. */
const FACTORY_METHODS = new Set([
  'connect', 'getConnection', 'get_connection', 'createConnection', 'createPool', 'create_pool', 'createChannel',
  'createConfirmChannel', 'acquire', 'startSession', 'cursor', 'session', 'getRepository', 'launch', 'newPage',
  'producer', 'consumer', 'admin', 'db', 'collection', 'from_url', 'begin', 'connection', 'channel', 'getClient',
]);

/** Node globals that are not imports; calls on them are matched against the catalogue's `builtin` package. */
const JS_GLOBALS = new Set([
  'JSON', 'Math', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Date', 'Promise', 'console', 'process', 'Buffer',
  'fetch', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'structuredClone',
  'crypto', 'URL', 'URLSearchParams', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'Symbol', 'Map', 'Set', 'WeakMap',
  'WeakSet', 'WeakRef', 'RegExp', 'parseInt', 'parseFloat', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI',
  'decodeURI', 'require', 'module', 'exports', 'globalThis', 'Intl', 'BigInt', 'queueMicrotask', 'atob', 'btoa',
  'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'Reflect', 'Proxy', 'isNaN', 'isFinite', 'Headers',
  'Request', 'Response', 'FormData', 'Blob', 'EventTarget', 'Event', 'performance', 'Uint8Array', 'Int32Array',
  'Float64Array', 'ArrayBuffer', 'DataView', 'Function', 'AggregateError', 'undefined', 'arguments', 'eval',
]);

const PYTHON_BUILTINS = new Set([
  'len', 'str', 'int', 'float', 'bool', 'list', 'dict', 'set', 'tuple', 'range', 'enumerate', 'zip', 'map', 'filter',
  'sorted', 'reversed', 'sum', 'min', 'max', 'abs', 'round', 'any', 'all', 'isinstance', 'issubclass', 'getattr',
  'setattr', 'hasattr', 'delattr', 'print', 'open', 'repr', 'hash', 'id', 'type', 'super', 'iter', 'next', 'format',
  'vars', 'dir', 'divmod', 'pow', 'chr', 'ord', 'bytes', 'bytearray', 'memoryview', 'frozenset', 'object', 'property',
  'staticmethod', 'classmethod', 'callable', 'input', 'compile', 'eval', 'exec', 'globals', 'locals', 'slice', 'bin',
  'hex', 'oct', 'complex', 'aiter', 'anext', 'breakpoint', 'NotImplemented', 'Ellipsis', '__import__', 'self', 'cls',
]);

/** Type wrappers whose first argument is the type that matters. */
const TYPE_WRAPPERS = new Set(['Optional', 'Annotated', 'Promise', 'Awaitable', 'Iterator', 'Generator', 'AsyncIterator', 'AsyncGenerator', 'Iterable', 'AsyncIterable', 'Readonly', 'Required', 'Partial', 'Final', 'ClassVar', 'typing.Optional', 'typing.Annotated']);
const COLLECTION_TYPES = new Set(['list', 'List', 'dict', 'Dict', 'set', 'Set', 'tuple', 'Tuple', 'Array', 'Record', 'Map', 'Sequence', 'Mapping']);

export function isBuiltinName(language: 'js' | 'python', name: string): boolean {
  return language === 'python' ? PYTHON_BUILTINS.has(name) || /(?:Error|Exception|Warning)$/.test(name) : JS_GLOBALS.has(name);
}

/** `*` (the module itself) is `default`; `*.sub` (a module imported by subpath) drops the star. */
export function canonicalSymbol(imported: string): string {
  if (imported === '*') return 'default';
  if (imported.startsWith('*.')) return imported.slice(2);
  if (imported.startsWith('*')) return `default${imported.slice(1)}`;
  return imported;
}

export function languageOf(module: ModuleFacts): 'js' | 'python' {
  return module.language === 'python' ? 'python' : 'js';
}

export class CallResolver {
  private readonly awaited = new Map<string, Set<string>>();
  private readonly resolved = new Map<string, Binding>();
  private readonly declared = new Map<string, Binding>();
  private providers: Map<string, ModelClass> | null = null;
  private readonly locals = new Map<string, Set<string>>();

  constructor(private readonly project: ProjectIndex) {}

  /**
   * The index's resolveExpr, memoised per module, scope and expression: a function's calls
   * repeat receivers (`this.repo`, `db`), and names imported through barrel files are costly
   * to follow each time. Arguments do not change what a callee resolves to, so the key is the
   * callee's shape.
   */
  resolveExpr(expr: Expr, modulePath: string, scope: ScopeId): Binding {
    const shape = expressionKey(expr);
    if (shape === null) return this.project.resolveExpr(expr, modulePath, scope);
    // A name no function of the module declares means the same in every scope: share its resolution.
    const root = rootName(expr);
    const shared = root !== null && root !== 'this' && root !== 'self' && root !== 'cls' && root !== 'super' && !this.localNames(modulePath).has(root);
    const key = `${modulePath}|${shared ? -1 : scope}|${shape}`;
    let binding = this.resolved.get(key);
    if (!binding) {
      binding = this.project.resolveExpr(expr, modulePath, scope);
      this.resolved.set(key, binding);
    }
    return binding;
  }

  /** Names declared inside some function of a module (parameters, locals, nested functions, local imports). */
  private localNames(modulePath: string): Set<string> {
    let names = this.locals.get(modulePath);
    if (names) return names;
    names = new Set();
    const module = this.project.modules.get(modulePath);
    if (module) {
      for (const fn of module.functions) {
        for (const param of fn.params) names.add(param.name);
        if (fn.parent >= 0) names.add(fn.name);
      }
      for (const assignment of module.assignments) if (assignment.scope >= 0 && assignment.target.k === 'id') names.add(assignment.target.name);
      for (const imp of module.imports) if (imp.scope >= 0 && imp.local) names.add(imp.local);
      for (const cls of module.classes) if (cls.parent >= 0) names.add(cls.name);
      for (const loop of module.loops) for (const variable of loop.variables) names.add(variable);
    }
    this.locals.set(modulePath, names);
    return names;
  }

  /** The index's lookup (no alias following), memoised the same way. */
  lookup(modulePath: string, name: string, scope: ScopeId): Binding {
    const key = `${modulePath}|${scope}|${name}`;
    let binding = this.declared.get(key);
    if (!binding) {
      binding = this.project.lookup(modulePath, name, scope);
      this.declared.set(key, binding);
    }
    return binding;
  }

  /** What a call invokes. */
  resolveCall(modulePath: string, callee: Expr, scope: ScopeId): CallTarget {
    const module = this.project.modules.get(modulePath);
    if (!module) return { kind: 'unknown', method: '', receiverNames: [], reason: `unknown module ${modulePath}` };
    const language = languageOf(module);
    const promisified = this.promisifiedTarget(modulePath, callee, scope);
    if (promisified) return promisified;
    const direct = this.resolveExpr(callee, modulePath, scope);
    if (direct.kind === 'external' && callee.k === 'member') {
      // The index follows `rows = await db.query()` into `rows.map` as a member of the client;
      // the receiver check knows an awaited result is data.
      const receiver = this.resolveReceiver(callee.obj, modulePath, scope, 0);
      if (receiver.kind === 'unknown' || receiver.kind === 'external') return this.memberTarget(receiver, callee.prop);
    }
    const viaBinding = this.targetOfBinding(direct, callee);
    if (viaBinding) return viaBinding;

    if (callee.k === 'member') {
      const receiver = this.resolveReceiver(callee.obj, modulePath, scope, 0);
      return this.memberTarget(receiver, callee.prop);
    }
    if (callee.k === 'id') {
      if (callee.name === 'super') return this.superConstructor(modulePath, scope);
      if (isBuiltinName(language, callee.name)) return { kind: 'external', package: 'builtin', symbol: callee.name };
      const reason = direct.kind === 'unresolved' ? direct.reason : `${callee.name} is not callable`;
      return { kind: 'unknown', method: callee.name, receiverNames: [], ...(direct.kind === 'unresolved' && !isLocalData(reason) ? { unresolvedName: callee.name } : {}), reason };
    }
    if (callee.k === 'call') {
      // `makeHandler()(req)`, `Parallel(n_jobs=2)(...)`: the result of a call, called.
      const receiver = this.resolveReceiver(callee, modulePath, scope, 0);
      if (receiver.kind === 'external') return { kind: 'external', package: receiver.package, symbol: receiver.path, receiver };
      return { kind: 'unknown', method: '', receiverNames: receiver.kind === 'unknown' ? receiver.names : [], reason: 'call of a computed value' };
    }
    return { kind: 'unknown', method: '', receiverNames: [], reason: `callee is not a name: ${callee.k}` };
  }

  /** `const scrypt = promisify(crypto.scrypt)`: calling the wrapper calls what it wraps. */
  private promisifiedTarget(modulePath: string, callee: Expr, scope: ScopeId): CallTarget | null {
    let wrapper: Expr | null = null;
    let wrapperModule = modulePath;
    let wrapperScope = scope;
    if (callee.k === 'call') wrapper = callee;
    else if (callee.k === 'id') {
      const declared = this.lookup(modulePath, callee.name, scope);
      if (declared.kind === 'value' && declared.expr.k === 'call' && declared.fromProperty === undefined) {
        wrapper = declared.expr;
        wrapperModule = declared.module;
        wrapperScope = declared.scope;
      }
    }
    if (!wrapper || wrapper.k !== 'call' || !wrapper.args[0]) return null;
    const fn = this.resolveExpr(wrapper.callee, wrapperModule, wrapperScope);
    if (fn.kind !== 'external' || !PROMISIFIERS.has(`${fn.package}:${canonicalSymbol(fn.imported)}`)) return null;
    return this.resolveCall(wrapperModule, wrapper.args[0].value, wrapperScope);
  }

  private targetOfBinding(binding: Binding, callee: Expr): CallTarget | null {
    switch (binding.kind) {
      case 'function':
        return { kind: 'function', module: binding.module, fn: binding.fn };
      case 'class': {
        const ctor = this.constructorOf(binding.module, binding.cls, 0);
        if (ctor?.kind === 'function') return { kind: 'function', module: ctor.module, fn: ctor.fn, viaConstructor: binding.cls };
        if (ctor?.kind === 'external') return { kind: 'external', package: ctor.package, symbol: `${ctor.path}()`, modelClass: { module: binding.module, cls: binding.cls } };
        return { kind: 'unknown', method: binding.cls.name, receiverNames: [], reason: `constructor of ${binding.cls.name} has no body` };
      }
      case 'external':
        return { kind: 'external', package: binding.package, symbol: canonicalSymbol(binding.imported) };
      case 'value':
      case 'param': {
        // Calling an instance (`classifier(text)` on a transformers pipeline) or a typed callable.
        const receiver = this.receiverOfBinding(binding, callee, 0);
        if (receiver?.kind === 'external') return { kind: 'external', package: receiver.package, symbol: receiver.path, receiver };
        if (receiver?.kind === 'function') return { kind: 'function', module: receiver.module, fn: receiver.fn };
        return null;
      }
      default:
        return null;
    }
  }

  private memberTarget(receiver: Receiver, prop: string): CallTarget {
    switch (receiver.kind) {
      case 'external':
        if (receiver.record && DATA_METHODS.has(prop)) return { kind: 'unknown', method: prop, receiverNames: [], reason: `${prop} on loaded records: data handling` };
        return {
          kind: 'external',
          package: receiver.package,
          symbol: joinPath(receiver.path, prop),
          receiver,
          ...(receiver.modelClass ? { modelClass: receiver.modelClass } : {}),
          ...(receiver.typeArgs ? { typeArgs: receiver.typeArgs } : {}),
        };
      case 'class': {
        const member = this.classMethod(receiver.module, receiver.cls, prop, 0);
        if (member) return { kind: 'function', module: member.module, fn: member.fn };
        const base = this.externalBase(receiver.module, receiver.cls, 0);
        if (base) {
          return {
            kind: 'external',
            package: base.package,
            symbol: joinPath(receiver.instance ? `${base.path}()` : base.path, prop),
            modelClass: { module: receiver.module, cls: receiver.cls },
            receiver,
          };
        }
        return { kind: 'unknown', method: prop, receiverNames: [receiver.cls.name], unresolvedName: `${receiver.cls.name}.${prop}`, reason: `${receiver.cls.name} has no method ${prop}` };
      }
      case 'function': {
        const task = this.taskQueueOf(receiver.module, receiver.fn);
        if (task) return { kind: 'external', package: task.package, symbol: joinPath(task.path, prop), receiver };
        return { kind: 'unknown', method: prop, receiverNames: [receiver.fn.name], reason: `member ${prop} of function ${receiver.fn.name}` };
      }
      case 'module':
        return { kind: 'unknown', method: prop, receiverNames: [], reason: `${prop} is not exported by ${receiver.module}`, unresolvedName: prop };
      case 'unknown':
        return {
          kind: 'unknown',
          method: prop,
          receiverNames: receiver.names,
          ...(receiver.unresolvedName !== undefined ? { unresolvedName: receiver.unresolvedName } : {}),
          reason: receiver.reason,
        };
    }
  }

  /** What an expression used as a receiver is: an instance of something, a class, a package member. */
  resolveReceiver(expr: Expr, modulePath: string, scope: ScopeId, depth: number): Receiver {
    const module = this.project.modules.get(modulePath);
    if (!module || depth > MAX_DEPTH) return { kind: 'unknown', names: namesOf(expr), reason: 'receiver too deep to follow' };
    const language = languageOf(module);
    if (expr.k === 'id' && (expr.name === 'this' || expr.name === 'self')) {
      const binding = this.resolveExpr(expr, modulePath, scope);
      if (binding.kind === 'class') return { kind: 'class', module: binding.module, cls: binding.cls, instance: true };
    }
    if (expr.k === 'id' && expr.name === 'super') return this.superReceiver(modulePath, scope, depth);
    if (expr.k === 'call' && expr.callee.k === 'id' && expr.callee.name === 'super') return this.superReceiver(modulePath, scope, depth);
    if (expr.k === 'call' && expr.callee.k === 'id' && expr.callee.name === 'require' && expr.args[0]?.value.k === 'str') {
      const target = this.project.resolveImport(modulePath, expr.args[0].value.v);
      if (target && 'external' in target) return { kind: 'external', package: target.external, path: canonicalSymbol(subpathImported(target)) };
      if (target && 'module' in target) return { kind: 'module', module: target.module };
    }

    const declared = expr.k === 'id' ? this.lookup(modulePath, expr.name, scope) : null;
    if (declared?.kind === 'value') {
      const data = this.awaitedData(declared, depth);
      if (data) return data;
    }
    const binding = this.resolveExpr(expr, modulePath, scope);
    const fromBinding = this.receiverOfBinding(binding, expr, depth);
    if (fromBinding) {
      // Keep the assignment the instance came from (`User = mongoose.model('User', schema)`): hooks are keyed by it.
      if (fromBinding.kind === 'external' && declared?.kind === 'value' && fromBinding.binding?.kind !== 'value') return { ...fromBinding, binding: declared };
      return fromBinding;
    }

    switch (expr.k) {
      case 'member': {
        const base = this.resolveReceiver(expr.obj, modulePath, scope, depth + 1);
        return this.memberReceiver(base, expr.prop, depth);
      }
      case 'call': {
        const callee = this.resolveReceiver(expr.callee, modulePath, scope, depth + 1);
        return this.callResultReceiver(callee, depth);
      }
      case 'id': {
        if (isBuiltinName(language, expr.name)) return { kind: 'external', package: 'builtin', path: expr.name };
        // Loop variables, destructured array items and rest parameters are not declarations the
        // index records: a method called on one is data handling, not a lost call.
        return { kind: 'unknown', names: [expr.name], reason: binding.kind === 'unresolved' ? binding.reason : `${expr.name} has no known type` };
      }
      default:
        return { kind: 'unknown', names: namesOf(expr), reason: 'receiver is computed' };
    }
  }

  /** The class a NestJS `@Inject(token)` parameter receives, from a `{ provide: token, useClass: X }` provider anywhere in the repository. */
  private injectedProvider(decorator: Expr, modulePath: string, scope: ScopeId): ModelClass | null {
    if (decorator.k !== 'call' || !decorator.args[0]) return null;
    const callee = this.resolveExpr(decorator.callee, modulePath, scope);
    if (callee.kind !== 'external' || callee.package !== '@nestjs/common' || canonicalSymbol(callee.imported) !== 'Inject') return null;
    const token = this.providerToken(decorator.args[0].value, modulePath, scope);
    return token ? this.nestProviders().get(token) ?? null : null;
  }

  private providerToken(expr: Expr, modulePath: string, scope: ScopeId): string | null {
    const value = this.project.evaluate(expr, modulePath, scope);
    if (value.k === 'str') return `str:${value.v}`;
    const binding = this.resolveExpr(expr, modulePath, scope);
    if (binding.kind === 'class') return `class:${binding.module}#${binding.cls.id}`;
    return null;
  }

  /** Every `{ provide: token, useClass: X }` (or `useExisting`) object literal in the repository, by token. */
  private nestProviders(): Map<string, ModelClass> {
    if (this.providers) return this.providers;
    const providers = new Map<string, ModelClass>();
    const visit = (expr: Expr, modulePath: string, scope: ScopeId, depth: number): void => {
      if (depth > 6) return;
      if (expr.k === 'obj') {
        const provide = expr.props.find((p) => p.key === 'provide')?.value;
        const use = expr.props.find((p) => p.key === 'useClass' || p.key === 'useExisting')?.value;
        if (provide && use) {
          const token = this.providerToken(provide, modulePath, scope);
          const cls = this.resolveExpr(use, modulePath, scope);
          if (token && cls.kind === 'class' && !providers.has(token)) providers.set(token, { module: cls.module, cls: cls.cls });
        }
        for (const prop of expr.props) visit(prop.value, modulePath, scope, depth + 1);
      } else if (expr.k === 'arr') for (const item of expr.items) visit(item, modulePath, scope, depth + 1);
      else if (expr.k === 'call') for (const arg of expr.args) visit(arg.value, modulePath, scope, depth + 1);
    };
    for (const module of this.project.modules.values()) {
      if (module.isTest || module.language === 'python') continue;
      for (const assignment of module.assignments) if (assignment.value.k === 'obj' || assignment.value.k === 'arr') visit(assignment.value, module.path, assignment.scope, 0);
      for (const call of module.calls) for (const arg of call.args ?? []) if (arg.value.k === 'obj' || arg.value.k === 'arr') visit(arg.value, module.path, call.scope, 0);
      for (const cls of module.classes) for (const decorator of cls.decorators) visit(decorator, module.path, cls.parent, 0);
    }
    this.providers = providers;
    return providers;
  }

  /** `const rows = await client.query(...)`: what came back is data, unless the call returns a client or a live record. */
  private awaitedData(binding: Extract<Binding, { kind: 'value' }>, depth: number): Receiver | null {
    const value = binding.expr;
    if (value.k !== 'call' || binding.type !== undefined || binding.fromProperty !== undefined) return null;
    if (!this.awaitedCalls(binding.module).has(`${value.line}|${calleeName(value.callee)}`)) return null;
    const callee = this.resolveReceiver(value.callee, binding.module, binding.scope, depth + 1);
    if (callee.kind !== 'external') return null;
    const method = callee.path.slice(callee.path.lastIndexOf('.') + 1).replace(/\(\)$/, '');
    if (FACTORY_METHODS.has(method)) return null;
    if (LIVE_RESULT_PACKAGES.has(callee.package)) return { ...callee, path: `${callee.path}()`, record: true, binding };
    return { kind: 'unknown', names: [], reason: `awaited result of ${calleeName(value.callee)}: data` };
  }

  private awaitedCalls(modulePath: string): Set<string> {
    let set = this.awaited.get(modulePath);
    if (!set) {
      set = new Set();
      for (const call of this.project.modules.get(modulePath)?.calls ?? []) if (call.awaited) set.add(`${call.line}|${calleeName(call.callee)}`);
      this.awaited.set(modulePath, set);
    }
    return set;
  }

  private receiverOfBinding(binding: Binding, expr: Expr, depth: number): Receiver | null {
    switch (binding.kind) {
      case 'external':
        return { kind: 'external', package: binding.package, path: canonicalSymbol(binding.imported), binding };
      case 'class':
        return { kind: 'class', module: binding.module, cls: binding.cls, instance: false };
      case 'function':
        return { kind: 'function', module: binding.module, fn: binding.fn };
      case 'module':
        return { kind: 'module', module: binding.module };
      case 'value': {
        if (binding.type !== undefined) {
          const typed = this.typeReceiver(binding.type, binding.module, binding.scope, depth + 1);
          if (typed) return { ...typed, ...(typed.kind === 'external' ? { binding } : {}) };
        }
        if (binding.fromProperty !== undefined) return null;
        const value = binding.expr;
        if (value.k === 'call') {
          const callee = this.resolveReceiver(value.callee, binding.module, binding.scope, depth + 1);
          const result = this.callResultReceiver(callee, depth + 1);
          if (result.kind === 'external') return { ...result, binding };
          if (result.kind !== 'unknown') return result;
        }
        if (value.k === 'member' || value.k === 'id') {
          const aliased = this.resolveReceiver(value, binding.module, binding.scope, depth + 1);
          if (aliased.kind !== 'unknown') return aliased;
        }
        // `global.prisma || new PrismaClient()`, `cached ?? createClient()`, `a if x else b`: whichever side is known.
        const sides = value.k === 'bin' && ['||', '??', 'or'].includes(value.op) ? [value.right, value.left] : value.k === 'cond' ? [value.then, value.else] : [];
        for (const side of sides) {
          const known = side.k === 'call' ? this.callResultReceiver(this.resolveReceiver(side.callee, binding.module, binding.scope, depth + 1), depth + 1) : this.resolveReceiver(side, binding.module, binding.scope, depth + 1);
          if (known.kind !== 'unknown') return known.kind === 'external' ? { ...known, binding } : known;
        }
        return { kind: 'unknown', names: namesOf(expr), reason: 'a value of unknown type' };
      }
      case 'param': {
        const fnParams = this.project.modules.get(binding.module)?.functions[binding.fnId]?.params;
        const param = fnParams?.[binding.index];
        const scopeOfType = this.project.modules.get(binding.module)?.functions[binding.fnId]?.parent ?? -1;
        // NestJS `@Inject('USER_REPOSITORY') repo: IUserRepository`: the class its provider names, not the interface.
        for (const decorator of param?.decorators ?? []) {
          const provided = this.injectedProvider(decorator, binding.module, scopeOfType);
          if (provided) return { kind: 'class', module: provided.module, cls: provided.cls, instance: true };
        }
        if (binding.type !== undefined) {
          const typed = this.typeReceiver(binding.type, binding.module, scopeOfType, depth + 1);
          if (typed) return { ...typed, ...(typed.kind === 'external' ? { binding } : {}) };
        }
        // FastAPI `db = Depends(get_db)` without an annotation: the dependency's declared return type.
        const dependency = param?.default !== undefined ? this.dependencyFunction(binding.module, param.default, scopeOfType) : null;
        if (dependency?.fn.returnType) {
          const typed = this.typeReceiver(dependency.fn.returnType, dependency.module, dependency.fn.parent, depth + 1);
          if (typed) return typed;
        }
        return { kind: 'unknown', names: [binding.name], reason: `parameter ${binding.name} has no known type` };
      }
      default:
        return null;
    }
  }

  private memberReceiver(base: Receiver, prop: string, depth: number): Receiver {
    switch (base.kind) {
      case 'external':
        if (base.record) return { kind: 'unknown', names: [prop], reason: `property ${prop} of a loaded record: data` };
        return { ...base, path: joinPath(base.path, prop) };
      case 'class': {
        const field = this.classField(base.module, base.cls, prop, depth + 1);
        if (field) return field;
        const ext = this.externalBase(base.module, base.cls, depth + 1);
        if (ext) {
          return { kind: 'external', package: ext.package, path: joinPath(base.instance ? `${ext.path}()` : ext.path, prop), modelClass: { module: base.module, cls: base.cls } };
        }
        return { kind: 'unknown', names: [base.cls.name, prop], reason: `${base.cls.name} has no member ${prop}` };
      }
      case 'function': {
        const task = this.taskQueueOf(base.module, base.fn);
        if (task) return { kind: 'external', package: task.package, path: joinPath(task.path, prop) };
        return { kind: 'unknown', names: [base.fn.name, prop], reason: `member ${prop} of function ${base.fn.name}` };
      }
      case 'module':
        return { kind: 'unknown', names: [prop], reason: `${prop} is not exported by ${base.module}`, unresolvedName: prop };
      case 'unknown':
        return { ...base, names: [...base.names, prop] };
    }
  }

  private callResultReceiver(callee: Receiver, depth: number): Receiver {
    switch (callee.kind) {
      case 'external':
        return { ...callee, path: `${callee.path}()` };
      case 'class':
        return { kind: 'class', module: callee.module, cls: callee.cls, instance: true };
      case 'function': {
        if (callee.fn.returnType) {
          const typed = this.typeReceiver(callee.fn.returnType, callee.module, callee.fn.parent, depth + 1);
          if (typed) return typed;
        }
        return { kind: 'unknown', names: [callee.fn.name], reason: `result of ${callee.fn.name}()` };
      }
      case 'module':
        return { kind: 'unknown', names: [], reason: 'a module called' };
      case 'unknown':
        return callee;
    }
  }

  /** JavaScript `super(...)` in a constructor: the base class's constructor, when it is in the repository. */
  private superConstructor(modulePath: string, scope: ScopeId): CallTarget {
    const base = this.superReceiver(modulePath, scope, 0);
    if (base.kind === 'class') {
      const ctor = this.constructorOf(base.module, base.cls, 0);
      if (ctor?.kind === 'function') return { kind: 'function', module: ctor.module, fn: ctor.fn, viaConstructor: base.cls };
    }
    if (base.kind === 'external') return { kind: 'external', package: base.package, symbol: base.path.replace(/\(\)$/, '') };
    return { kind: 'unknown', method: 'super', receiverNames: [], reason: 'constructor of a base class outside the repository' };
  }

  /** `super()` / `super`: the first base class of the enclosing class, as an instance. */
  private superReceiver(modulePath: string, scope: ScopeId, depth: number): Receiver {
    const module = this.project.modules.get(modulePath)!;
    let current = scope;
    while (current !== -1) {
      const fn = module.functions[current];
      if (!fn) break;
      if (fn.classId !== undefined) {
        const cls = module.classes[fn.classId]!;
        for (const baseExpr of cls.bases) {
          const base = this.resolveReceiver(baseExpr, modulePath, cls.parent, depth + 1);
          if (base.kind === 'class') return { ...base, instance: true };
          if (base.kind === 'external') return { ...base, path: `${base.path}()`, modelClass: { module: modulePath, cls } };
        }
        return { kind: 'unknown', names: ['super'], reason: `${cls.name} has no resolvable base` };
      }
      current = fn.parent;
    }
    return { kind: 'unknown', names: ['super'], reason: 'super outside a class' };
  }

  /** Resolves an annotation (`Session`, `Repository<User>`, `Optional[Repo]`, `np.ndarray`) to an instance receiver. */
  typeReceiver(typeText: string, modulePath: string, scope: ScopeId, depth: number): Receiver | null {
    if (depth > MAX_DEPTH) return null;
    const parsed = parseTypeText(typeText);
    if (!parsed) return null;
    const expr = dottedExpr(parsed.head);
    const binding = this.resolveExpr(expr, modulePath, scope);
    const typeArgs = parsed.args.length > 0 ? { names: parsed.args, module: modulePath, scope } : undefined;
    if (binding.kind === 'class') return parsed.isClassObject ? { kind: 'class', module: binding.module, cls: binding.cls, instance: false } : { kind: 'class', module: binding.module, cls: binding.cls, instance: true };
    if (binding.kind === 'external') {
      const path = canonicalSymbol(binding.imported);
      return { kind: 'external', package: binding.package, path: parsed.isClassObject ? path : `${path}()`, ...(typeArgs ? { typeArgs } : {}) };
    }
    // A type alias: `SessionDep = Annotated[Session, Depends(get_db)]`, `Repo = Optional[Repository]`.
    if (binding.kind === 'value' && binding.expr.k === 'index' && binding.expr.obj.k === 'id' && TYPE_WRAPPERS.has(binding.expr.obj.name)) {
      const inner = binding.expr.index.k === 'arr' ? binding.expr.index.items[0] : binding.expr.index;
      if (inner && (inner.k === 'id' || inner.k === 'member')) return this.typeReceiver(calleeName(inner), binding.module, binding.scope, depth + 1);
    }
    return null;
  }

  /** The function a FastAPI `Depends(fn)` (or `Security(fn)`) default points at. */
  dependencyFunction(modulePath: string, expr: Expr, scope: ScopeId): { module: string; fn: FunctionFact } | null {
    if (expr.k !== 'call') return null;
    const callee = this.resolveExpr(expr.callee, modulePath, scope);
    if (callee.kind !== 'external' || !/(^|\.)(Depends|Security)$/.test(callee.imported)) return null;
    const first = expr.args.find((a) => a.name === undefined || a.name === 'dependency');
    if (!first) return null;
    const target = this.resolveExpr(first.value, modulePath, scope);
    if (target.kind === 'function') return { module: target.module, fn: target.fn };
    if (target.kind === 'class') {
      const ctor = this.constructorOf(target.module, target.cls, 0);
      if (ctor?.kind === 'function') return { module: ctor.module, fn: ctor.fn };
    }
    return null;
  }

  /** The constructor a `new C()` / `C()` runs: C's own, an inherited one, or the external base it defers to. */
  constructorOf(modulePath: string, cls: ClassFact, depth: number): { kind: 'function'; module: string; fn: FunctionFact } | { kind: 'external'; package: string; path: string } | null {
    if (depth > MAX_DEPTH) return null;
    const module = this.project.modules.get(modulePath)!;
    for (const id of cls.methods) {
      const fn = module.functions[id]!;
      if (fn.kind === 'constructor' || fn.name === '__init__' || fn.name === 'constructor') return { kind: 'function', module: modulePath, fn };
    }
    for (const baseExpr of cls.bases) {
      const base = this.resolveReceiver(baseExpr, modulePath, cls.parent, depth + 1);
      if (base.kind === 'class') {
        const inherited = this.constructorOf(base.module, base.cls, depth + 1);
        if (inherited) return inherited;
      }
      if (base.kind === 'external' && base.package !== 'builtin') return { kind: 'external', package: base.package, path: base.path };
    }
    return null;
  }

  /** A method of a repository class or its repository bases. */
  classMethod(modulePath: string, cls: ClassFact, name: string, depth: number): { module: string; fn: FunctionFact } | null {
    if (depth > MAX_DEPTH) return null;
    const module = this.project.modules.get(modulePath)!;
    for (const id of cls.methods) {
      const fn = module.functions[id]!;
      if (fn.name === name) return { module: modulePath, fn };
    }
    for (const baseExpr of cls.bases) {
      const base = this.resolveReceiver(baseExpr, modulePath, cls.parent, depth + 1);
      if (base.kind !== 'class') continue;
      const found = this.classMethod(base.module, base.cls, name, depth + 1);
      if (found) return found;
    }
    return null;
  }

  private classField(modulePath: string, cls: ClassFact, name: string, depth: number): Receiver | null {
    if (depth > MAX_DEPTH) return null;
    const field = cls.fields.find((f) => f.name === name);
    if (field?.value) {
      const value = this.resolveReceiver(field.value, modulePath, cls.parent, depth + 1);
      if (value.kind !== 'unknown') return value;
    }
    if (field?.type) {
      const typed = this.typeReceiver(field.type, modulePath, cls.parent, depth + 1);
      if (typed) return typed;
    }
    return null;
  }

  /** The nearest base of a repository class that comes from a package (`models.Model`, `BaseEntity`). */
  externalBase(modulePath: string, cls: ClassFact, depth: number): { package: string; path: string } | null {
    if (depth > MAX_DEPTH) return null;
    for (const baseExpr of cls.bases) {
      const base = this.resolveReceiver(baseExpr, modulePath, cls.parent, depth + 1);
      if (base.kind === 'external' && base.package !== 'builtin') return { package: base.package, path: base.path };
      if (base.kind === 'class') {
        const inherited = this.externalBase(base.module, base.cls, depth + 1);
        if (inherited) return inherited;
      }
    }
    return null;
  }

  /** Celery / dramatiq task functions: `send_email.delay(...)` sends a message, it does not run the body. */
  private taskQueueOf(modulePath: string, fn: FunctionFact): { package: string; path: string } | null {
    for (const decorator of fn.decorators) {
      const callee = decorator.k === 'call' ? decorator.callee : decorator;
      const binding = this.resolveExpr(callee, modulePath, fn.parent);
      if (binding.kind !== 'external') continue;
      if (binding.package === 'celery') return { package: 'celery', path: 'Task()' };
      if (binding.package === 'dramatiq') return { package: 'dramatiq', path: 'Actor()' };
    }
    return null;
  }
}

function isLocalData(reason: string): boolean {
  return reason.startsWith('member ') || reason.startsWith('result of a call') || reason.startsWith('not a name');
}

function subpathImported(target: { external: string; specifier: string }): string {
  const rest = target.specifier.replace(/^node:/, '').slice(target.external.length).replace(/^[./]/, '');
  return rest ? `*.${rest.replace(/\//g, '.')}` : '*';
}

/** A member of a path; members of the module object itself (`default`) are named alone, as imports name them. */
export function joinPath(base: string, prop: string): string {
  return base === '' || base === 'default' ? prop : `${base}.${prop}`;
}

/** Every name along a receiver expression, outermost first: `this.redis.multi()` -> this, redis, multi. */
export function namesOf(expr: Expr, depth = 0): string[] {
  if (depth > 8) return [];
  switch (expr.k) {
    case 'id':
      return [expr.name];
    case 'member':
      return [...namesOf(expr.obj, depth + 1), expr.prop];
    case 'call':
      return namesOf(expr.callee, depth + 1);
    case 'index':
      return namesOf(expr.obj, depth + 1);
    default:
      return [];
  }
}

/** A call as a reader recognises it, without its arguments: `redis.multi().set().exec`, `np.asarray`. */
export function calleeName(expr: Expr): string {
  const render = (e: Expr, depth: number): string => {
    if (depth > 8) return '…';
    switch (e.k) {
      case 'id':
        return e.name;
      case 'member':
        return `${render(e.obj, depth + 1)}.${e.prop}`;
      case 'call':
        return `${e.isNew ? 'new ' : ''}${render(e.callee, depth + 1)}()`;
      case 'index':
        return `${render(e.obj, depth + 1)}[…]`;
      case 'arr':
        return '[…]';
      case 'str':
        return JSON.stringify(e.v.length > 20 ? `${e.v.slice(0, 19)}…` : e.v);
      case 'tpl':
        return '`…`';
      default:
        return '…';
    }
  };
  const text = render(expr, 0);
  return text.length > MAX_NAME ? `…${text.slice(text.length - MAX_NAME + 1)}` : text;
}

function rootName(expr: Expr): string | null {
  let current = expr;
  for (let depth = 0; depth < 12; depth++) {
    if (current.k === 'id') return current.name;
    if (current.k === 'member') current = current.obj;
    else if (current.k === 'call') current = current.callee;
    else return null;
  }
  return null;
}

/** A structural key for what an expression names (ids, members, calls by their callee); null for anything else. */
function expressionKey(expr: Expr, depth = 0): string | null {
  if (depth > 10) return null;
  switch (expr.k) {
    case 'id':
      return expr.name;
    case 'member': {
      const obj = expressionKey(expr.obj, depth + 1);
      return obj === null ? null : `${obj}.${expr.prop}`;
    }
    case 'call': {
      if (expr.callee.k === 'id' && expr.callee.name === 'require') return null;
      const callee = expressionKey(expr.callee, depth + 1);
      return callee === null ? null : `${callee}()`;
    }
    case 'fn':
      return `<fn ${expr.id}>`;
    case 'class':
      return `<class ${expr.id}>`;
    default:
      return null;
  }
}

function dottedExpr(name: string): Expr {
  const parts = name.split('.');
  let expr: Expr = { k: 'id', name: parts[0]! };
  for (const part of parts.slice(1)) expr = { k: 'member', obj: expr, prop: part };
  return expr;
}

/**
 * Reads a type annotation far enough to find the class it names: wrappers (`Optional[X]`,
 * `Promise<X>`, `X | None`) are unwrapped; collections (`list[X]`, `X[]`) name no single instance.
 */
export function parseTypeText(text: string): { head: string; args: string[]; isClassObject: boolean } | null {
  let type = text.trim().replace(/^['"]|['"]$/g, '');
  for (let guard = 0; guard < 6; guard++) {
    const union = splitTopLevel(type, '|').map((t) => t.trim()).filter((t) => t !== 'None' && t !== 'null' && t !== 'undefined');
    if (union.length === 0) return null;
    type = union[0]!;
    if (type.endsWith('[]')) return null;
    const generic = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*([[<])([\s\S]*)[\]>]$/.exec(type);
    if (!generic) break;
    const head = generic[1]!;
    const args = splitTopLevel(generic[3]!, ',').map((a) => a.trim());
    if (TYPE_WRAPPERS.has(head)) {
      type = args[0] ?? '';
      continue;
    }
    if (head === 'Type' || head === 'type' || head === 'typing.Type') {
      const inner = parseTypeText(args[0] ?? '');
      return inner ? { ...inner, isClassObject: true } : null;
    }
    if (COLLECTION_TYPES.has(head)) return null;
    return { head, args: args.map((a) => /^[A-Za-z_$][\w$.]*/.exec(a)?.[0] ?? '').filter((a) => a !== ''), isClassObject: false };
  }
  const plain = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.exec(type);
  if (!plain || COLLECTION_TYPES.has(type) || /^(any|unknown|string|number|boolean|void|never|object|str|int|float|bool|bytes|Any|None)$/.test(type)) return null;
  return { head: type, args: [], isClassObject: false };
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '[' || char === '<' || char === '(' || char === '{') depth++;
    else if (char === ']' || char === '>' || char === ')' || char === '}') depth--;
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}
