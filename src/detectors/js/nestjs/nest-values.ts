import type { Binding, ProjectIndex, Value } from '../../../linking/types.js';
import type { Arg, ClassFact, Expr, ModuleFacts, ScopeId } from '../../../parsing/types.js';

/**
 * Small readers shared by the NestJS detector's parts: which Nest decorator a decorator is,
 * and what a statically evaluated value says (strings, versions, classes).
 */

export const NEST_COMMON = '@nestjs/common';
export const NEST_CORE = '@nestjs/core';
export const NEST_WEBSOCKETS = '@nestjs/websockets';

export interface DecoratorCall {
  /** The export of the package the decorator factory is: `Controller`, `Get`, `WebSocketGateway`. */
  name: string;
  args: Arg[];
  line: number;
}

/**
 * A decorator factory call imported from `pkg`. Only package imports count, so a local helper
 * that happens to be called `Get` is not mistaken for Nest's.
 */
export function packageDecorator(project: ProjectIndex, module: string, scope: ScopeId, expr: Expr, pkg: string): DecoratorCall | null {
  if (expr.k !== 'call') return null;
  const binding = project.resolveExpr(expr.callee, module, scope);
  if (binding.kind !== 'external' || binding.package !== pkg) return null;
  return { name: binding.imported, args: expr.args, line: expr.line };
}

/** Key identifying a class across the project: `file#classId`. */
export function classKey(module: string, cls: ClassFact): string {
  return `${module}#${cls.id}`;
}

/** The class a binding leads to, if any. */
export function classOfBinding(binding: Binding): { module: string; cls: ClassFact } | null {
  return binding.kind === 'class' ? { module: binding.module, cls: binding.cls } : null;
}

/** `RequestMethod.GET` -> `GET` when the value is that member of `pkg`. */
export function externalMember(value: Value, pkg: string, owner: string): string | null {
  if (value.k !== 'ref' || value.binding.kind !== 'external' || value.binding.package !== pkg) return null;
  const imported = value.binding.imported;
  return imported.startsWith(`${owner}.`) ? imported.slice(owner.length + 1) : null;
}

/** Is the value exactly this export of `pkg` (`VERSION_NEUTRAL`)? */
export function isExternal(value: Value, pkg: string, name: string): boolean {
  return value.k === 'ref' && value.binding.kind === 'external' && value.binding.package === pkg && value.binding.imported === name;
}

/** A string, or the strings of an array; null when any part is not a known string. */
export function stringsOf(value: Value): string[] | null {
  if (value.k === 'str') return [value.v];
  if (value.k === 'num') return [String(value.v)];
  if (value.k !== 'arr') return null;
  const out: string[] = [];
  for (const item of value.items) {
    if (item.k === 'str') out.push(item.v);
    else if (item.k === 'num') out.push(String(item.v));
    else return null;
  }
  return out;
}

/**
 * Versions as Nest reads them: a string, an array of strings, or `VERSION_NEUTRAL` (null here,
 * meaning "no version segment"). Null when the value is not statically known.
 */
export function versionsOf(value: Value): (string | null)[] | null {
  const one = (item: Value): string | null | undefined => {
    if (item.k === 'str') return item.v;
    if (item.k === 'num') return String(item.v);
    if (isExternal(item, NEST_COMMON, 'VERSION_NEUTRAL')) return null;
    return undefined;
  };
  const items = value.k === 'arr' ? value.items : [value];
  const out: (string | null)[] = [];
  for (const item of items) {
    const version = one(item);
    if (version === undefined) return null;
    out.push(version);
  }
  return out;
}

/** The property of an object value, if the value is an object. */
export function propOf(value: Value, name: string): Value | undefined {
  return value.k === 'obj' ? value.props.get(name) : undefined;
}

/**
 * The property of an object literal expression, following a name to the object it holds
 * (`@Module(metadata)` with `const metadata = {...}`), so callers keep expressions, not values.
 */
export function objectPropExpr(
  project: ProjectIndex,
  module: string,
  scope: ScopeId,
  expr: Expr,
  name: string,
): { expr: Expr; module: string; scope: ScopeId } | null {
  let current = { expr, module, scope };
  for (let hops = 0; hops < 8; hops++) {
    if (current.expr.k === 'obj') {
      const prop = [...current.expr.props].reverse().find((p) => p.key === name);
      return prop ? { expr: prop.value, module: current.module, scope: current.scope } : null;
    }
    if (current.expr.k !== 'id' && current.expr.k !== 'member') return null;
    const binding = project.resolveExpr(current.expr, current.module, current.scope);
    if (binding.kind !== 'value') return null;
    current = { expr: binding.expr, module: binding.module, scope: binding.scope };
  }
  return null;
}

/** Methods of a class and, behind them, of its base classes in the project (Nest inherits route metadata). */
export function classMethods(project: ProjectIndex, module: ModuleFacts, cls: ClassFact): { module: ModuleFacts; cls: ClassFact; fnId: number }[] {
  const out: { module: ModuleFacts; cls: ClassFact; fnId: number }[] = [];
  const seen = new Set<string>();
  const visited = new Set<string>();
  let current: { module: ModuleFacts; cls: ClassFact } | null = { module, cls };
  while (current && !visited.has(classKey(current.module.path, current.cls))) {
    visited.add(classKey(current.module.path, current.cls));
    for (const id of current.cls.methods) {
      const fn = current.module.functions[id]!;
      // An override replaces the base method, decorators and all.
      if (fn.kind === 'constructor' || fn.isStatic || seen.has(fn.name)) continue;
      seen.add(fn.name);
      out.push({ module: current.module, cls: current.cls, fnId: id });
    }
    const baseExpr: Expr | undefined = current.cls.bases[0];
    if (!baseExpr) break;
    const base = classOfBinding(project.resolveExpr(baseExpr, current.module.path, current.cls.parent));
    const baseModule = base ? project.modules.get(base.module) : undefined;
    current = base && baseModule ? { module: baseModule, cls: base.cls } : null;
  }
  return out;
}
