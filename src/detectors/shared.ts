import { exprText } from '../linking/project-index.js';
import type { Binding, ProjectIndex, Value } from '../linking/types.js';
import type { Expr, ModuleFacts, ScopeId } from '../parsing/types.js';
import type { DetectContext, HandlerRef, MountStep, Resolution } from './types.js';

/**
 * Helpers every detector shares: joining prefixes, normalising params, naming handlers and
 * reporting what could not be resolved. Detectors stay declarative; the mechanics live here.
 */

/** Joins route segments the way routers do: one slash between parts, no trailing slash except the root. */
export function joinRoutePath(...parts: string[]): string {
  let joined = '';
  for (const part of parts) {
    if (!part) continue;
    const trimmed = part.replace(/^\/+/, '').replace(/\/+$/, '');
    if (!trimmed) continue;
    joined += `/${trimmed}`;
  }
  const last = parts[parts.length - 1] ?? '';
  // A route declared with a trailing slash keeps it (`/items/` differs from `/items` in Django and Flask).
  if (joined && last.length > 1 && last.endsWith('/')) joined += '/';
  return joined || '/';
}

/**
 * Python path params to `{name}`: `<int:id>` (Flask, Django path converters), `(?P<slug>...)` (regex),
 * `{id:int}` (Starlette / FastAPI converters). Regex anchors are dropped.
 */
export function normalizePythonPath(original: string): string {
  let result = original.replace(/^\^/, '').replace(/\$$/, '');
  result = result.replace(/\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)/g, '{$1}');
  result = result.replace(/<(?:[\w.]+:)?(\w+)>/g, '{$1}');
  result = result.replace(/\{(\w+):[^}]+\}/g, '{$1}');
  return result;
}

/** The handler reference for a function binding, or null when it is not a function in the repo. */
export function handlerFromBinding(binding: Binding, project: ProjectIndex, fallbackName?: string): HandlerRef | null {
  if (binding.kind !== 'function') return null;
  const module = project.modules.get(binding.module);
  const fn = binding.fn;
  let name = fn.name === '<anonymous>' && fallbackName ? fallbackName : fn.name;
  if (fn.classId !== undefined && module) name = `${module.classes[fn.classId]!.name}.${fn.name}`;
  return { name, file: binding.module, startLine: fn.span.startLine, endLine: fn.span.endLine, fnId: fn.id };
}

/** Resolves an expression used as a handler (inline function, name, imported function, `Class.method`). */
export function resolveHandler(project: ProjectIndex, module: ModuleFacts, expr: Expr, scope: ScopeId, fallbackName?: string): HandlerRef | null {
  return handlerFromBinding(project.resolveExpr(expr, module.path, scope), project, fallbackName);
}

/** A path value as a string, or null (with the quoted expression for the diagnostic). */
export function stringOf(value: Value): string | null {
  if (value.k === 'str') return value.v;
  if (value.k === 'num') return String(value.v);
  return null;
}

/** Reports an unresolved part of an endpoint; the endpoint itself is kept by the caller. */
export function reportUnresolved(context: DetectContext, source: string, what: string, expr: Expr, file: string, line: number): void {
  context.report({
    severity: 'warning',
    code: 'unresolved-route-part',
    message: `${what} could not be resolved statically: ${exprText(expr)}`,
    file,
    line,
    source: `detectors:${source}`,
  });
}

/** Placeholder written in a path for a part that could not be resolved; readers see it is not literal. */
export function unresolvedSegment(expr: Expr): string {
  return `{unresolved:${exprText(expr).replace(/[{}]/g, '')}}`;
}

export function resolutionOf(pathResolved: boolean, prefixesResolved: boolean, handlerFound: boolean): Resolution {
  if (pathResolved && prefixesResolved && handlerFound) return 'resolved';
  if (!pathResolved && !prefixesResolved) return 'unresolved';
  return 'partial';
}

export function mountStep(prefix: string, file: string, line: number): MountStep {
  return { prefix, file, line };
}

/** Is this binding something imported from one of these packages (optionally a given member)? */
export function isExternalFrom(binding: Binding, packages: readonly string[], imported?: readonly string[]): boolean {
  if (binding.kind !== 'external' || !packages.includes(binding.package)) return false;
  return imported === undefined || imported.includes(binding.imported);
}
