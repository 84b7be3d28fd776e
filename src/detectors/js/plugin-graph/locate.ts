import type { Binding, ProjectIndex, Value } from '../../../linking/types.js';
import type { Expr } from '../../../parsing/types.js';
import { EMPTY_ENV, evaluateIn, type EvalContext } from '../router-graph/index.js';
import { isLocated, type Located, type ModuleTarget, type Target } from './types.js';

/**
 * Route and plugin declarations are plain data (`{ method, path, handler }`, `{ plugin, routes }`)
 * written inline, in a variable, in another module or in an array built from several modules.
 * These helpers follow such a value to the literal that declares it, keeping the expressions
 * (not their evaluated values) so that handlers keep their spans and unknown parts can be quoted.
 */

const MAX_DEPTH = 16;

/** An object whose properties can be read as targets. */
export interface ObjectView {
  get(key: string): Target | null;
  keys(): string[];
}

export function contextOfBinding(binding: Extract<Binding, { kind: 'value' }>): EvalContext {
  return { module: binding.module, scope: binding.scope, line: binding.line, env: EMPTY_ENV };
}

/** Where a target is held: the module and line of the statement or call that writes it. */
export function originOf(target: Target): { file: string; line: number } {
  return isLocated(target) ? { file: target.context.module, line: target.context.line } : { file: target.module, line: target.line };
}

/** `require('./x')` / `import('./x')` of a module of the repository. */
export function requiredModule(project: ProjectIndex, expr: Expr, context: EvalContext): ModuleTarget | null {
  if (expr.k !== 'call') return null;
  const callee = expr.callee;
  const isLoader = (callee.k === 'id' && callee.name === 'require') || (callee.k === 'other' && callee.text === 'import');
  const source = expr.args[0]?.value;
  if (!isLoader || source?.k !== 'str') return null;
  const target = project.resolveImport(context.module, source.v);
  return target && 'module' in target ? { module: target.module, line: context.line } : null;
}

/** Does the expression read a loop variable or a bound parameter, which only evaluation can see? */
function readsEnvironment(expr: Expr, context: EvalContext): boolean {
  let root = expr;
  while (root.k === 'member' || root.k === 'index') root = root.obj;
  if (root.k !== 'id') return false;
  return context.env.names.has(root.name) || context.env.params.size > 0;
}

/** A binding as a target: the expression that declares it, in its own module. */
export function targetOfBinding(binding: Binding): Target | null {
  switch (binding.kind) {
    case 'value':
      if (binding.fromProperty !== undefined) return { expr: { k: 'member', obj: binding.expr, prop: binding.fromProperty }, context: contextOfBinding(binding) };
      return { expr: binding.expr, context: contextOfBinding(binding) };
    case 'function':
      return { expr: { k: 'fn', id: binding.fn.id }, context: { module: binding.module, scope: binding.fn.parent, line: binding.fn.span.startLine, env: EMPTY_ENV } };
    case 'class':
      return { expr: { k: 'class', id: binding.cls.id }, context: { module: binding.module, scope: binding.cls.parent, line: binding.cls.span.startLine, env: EMPTY_ENV } };
    case 'module':
      return { module: binding.module, line: 1 };
    default:
      return null;
  }
}

/**
 * Follows names, imports, `require` and property reads to the expression that declares a value:
 * an object or array literal, a function, a call, a whole module, or a loop item (kept as is,
 * since only evaluation in its environment can read it).
 */
export function follow(project: ProjectIndex, target: Target, depth = 0): Target {
  if (depth > MAX_DEPTH || !isLocated(target)) return target;
  const { expr, context } = target;
  switch (expr.k) {
    case 'id': {
      if (readsEnvironment(expr, context)) return target;
      const binding = project.lookup(context.module, expr.name, context.scope, context.line);
      if (binding.kind === 'value' && binding.fromProperty !== undefined) {
        const base = viewOf(project, { expr: binding.expr, context: contextOfBinding(binding) }, depth + 1);
        const property = base?.get(binding.fromProperty);
        return property ? follow(project, property, depth + 1) : target;
      }
      const next = targetOfBinding(binding);
      return next ? follow(project, next, depth + 1) : target;
    }
    case 'member': {
      if (readsEnvironment(expr, context)) return target;
      const base = viewOf(project, { expr: expr.obj, context }, depth + 1);
      const property = base?.get(expr.prop);
      if (property) return follow(project, property, depth + 1);
      const next = targetOfBinding(project.resolveExpr(expr, context.module, context.scope));
      return next ? follow(project, next, depth + 1) : target;
    }
    case 'call':
      return requiredModule(project, expr, context) ?? target;
    default:
      return target;
  }
}

/** The properties of an object value: a literal (with spreads), a module's exports, or a loop item. */
export function viewOf(project: ProjectIndex, target: Target, depth = 0): ObjectView | null {
  if (depth > MAX_DEPTH) return null;
  const followed = follow(project, target, depth + 1);
  if (!isLocated(followed)) return moduleView(project, followed, depth + 1);
  const { expr, context } = followed;
  if (expr.k === 'obj') return literalView(project, expr, context, depth + 1);
  if (readsEnvironment(expr, context)) {
    const value = evaluateIn(project, expr, context);
    return value.k === 'obj' ? environmentView(followed, value) : null;
  }
  if (expr.k === 'call' && expr.callee.k === 'member' && expr.callee.obj.k === 'id' && expr.callee.obj.name === 'Object' && expr.callee.prop === 'assign') {
    const parts = expr.args.map((arg) => viewOf(project, { expr: arg.value, context }, depth + 1)).filter((view): view is ObjectView => view !== null);
    return mergedView(parts);
  }
  return null;
}

function literalView(project: ProjectIndex, expr: Extract<Expr, { k: 'obj' }>, context: EvalContext, depth: number): ObjectView {
  const parts: ObjectView[] = [];
  let own = new Map<string, Target>();
  // Later properties and spreads win, as in JavaScript: each spread closes a run of own properties.
  for (const prop of expr.props) {
    if (prop.key !== null) {
      own.set(prop.key, { expr: prop.value, context });
      continue;
    }
    parts.push(mapView(own));
    own = new Map();
    const spread = viewOf(project, { expr: prop.value, context }, depth + 1);
    if (spread) parts.push(spread);
  }
  parts.push(mapView(own));
  return mergedView(parts);
}

function mapView(map: Map<string, Target>): ObjectView {
  return { get: (key) => map.get(key) ?? null, keys: () => [...map.keys()] };
}

function mergedView(parts: ObjectView[]): ObjectView {
  return {
    get(key) {
      for (let i = parts.length - 1; i >= 0; i--) {
        const found = parts[i]!.get(key);
        if (found) return found;
      }
      return null;
    },
    keys: () => [...new Set(parts.flatMap((part) => part.keys()))],
  };
}

/** A loop item or bound parameter: properties are read by evaluation in the same environment. */
function environmentView(target: Located, value: Extract<Value, { k: 'obj' }>): ObjectView {
  return {
    get: (key) => (value.props.has(key) ? { expr: { k: 'member', obj: target.expr, prop: key }, context: target.context } : null),
    keys: () => [...value.props.keys()],
  };
}

/** A module's exports; a CommonJS `module.exports = {...}` object contributes its properties too. */
function moduleView(project: ProjectIndex, target: ModuleTarget, depth: number): ObjectView | null {
  const module = project.modules.get(target.module);
  if (!module) return null;
  const named = new Set(module.exports.filter((e) => e.exported !== 'default' && e.exported !== '*').map((e) => e.exported));
  const cjsDefault = module.exports.some((e) => e.exported === 'default' && e.cjs);
  const defaultTarget = cjsDefault ? targetOfBinding(project.lookupExport(target.module, 'default')) : null;
  const defaultView = defaultTarget && isLocated(defaultTarget) && defaultTarget.expr.k !== 'fn' ? viewOf(project, defaultTarget, depth + 1) : null;
  return {
    get(key) {
      if (named.has(key) || key === 'default' || module.exports.some((e) => e.exported === '*')) {
        const found = targetOfBinding(project.lookupExport(target.module, key));
        if (found) return found;
      }
      return defaultView?.get(key) ?? null;
    },
    keys: () => [...new Set([...named, ...(defaultView?.keys() ?? [])])],
  };
}

/**
 * The items of an array value, each followed to its declaration: literals with spreads,
 * `[].concat(a, b)`, arrays exported by other modules, loop items. A value that is not an
 * array is one item (hapi's `server.route(route)` takes either).
 */
export function itemsOf(project: ProjectIndex, target: Target, depth = 0): Target[] {
  if (depth > MAX_DEPTH) return [target];
  const followed = follow(project, target, depth + 1);
  if (!isLocated(followed)) {
    const module = project.modules.get(followed.module);
    if (module?.exports.some((e) => e.exported === 'default')) {
      const fallback = targetOfBinding(project.lookupExport(followed.module, 'default'));
      if (fallback) return itemsOf(project, fallback, depth + 1);
    }
    return [followed];
  }
  const { expr, context } = followed;
  if (expr.k === 'arr') {
    return expr.items.flatMap((item) => (item.k === 'spread' ? itemsOf(project, { expr: item.arg, context }, depth + 1) : [{ expr: item, context }]));
  }
  if (expr.k === 'call' && expr.callee.k === 'member' && expr.callee.prop === 'concat') {
    const base = itemsOf(project, { expr: expr.callee.obj, context }, depth + 1);
    return [...base, ...expr.args.flatMap((arg) => itemsOf(project, { expr: arg.value, context }, depth + 1))];
  }
  if (readsEnvironment(expr, context)) {
    const value = evaluateIn(project, expr, context);
    if (value.k === 'arr') return value.items.map((_, index) => ({ expr: { k: 'index', obj: expr, index: { k: 'num', v: index } }, context }));
  }
  return [followed];
}

/** A located expression evaluated where it stands, with the parameters a walk has bound. */
export function valueOf(project: ProjectIndex, located: Located, params?: ReadonlyMap<string, Value>): Value {
  return evaluateIn(project, located.expr, withParams(located.context, params));
}

export function withParams(context: EvalContext, params: ReadonlyMap<string, Value> | undefined): EvalContext {
  if (!params || params.size === 0) return context;
  return { ...context, env: { names: context.env.names, params: new Map([...context.env.params, ...params]) } };
}

/** A target as a located expression, when it is one (a whole module is not). */
export function asLocated(target: Target | null): Located | null {
  return target && isLocated(target) ? target : null;
}
