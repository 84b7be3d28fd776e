import type { CallFact, Expr, FunctionFact, ModuleFacts, ScopeId } from '../../../parsing/types.js';
import { argOf, isExternalNamed, type GraphBuilder, type Site } from '../mounts/graph-builder.js';
import type { HandlerRef } from '../../types.js';

/**
 * FastAPI dependencies recorded as middleware: `dependencies=[Depends(verify_token)]` on a route,
 * a router, an include or the app, and handler parameters declared with `Depends(fn)`, directly,
 * inside `Annotated[...]`, or through an alias such as `SessionDep = Annotated[Session, Depends(get_db)]`.
 */

const DEPENDENCY_MARKERS = ['Depends', 'Security'];
/** How far below an alias assignment its `Depends(...)` call may sit (a wrapped `Annotated[...]`). */
const MAX_ALIAS_LINES = 12;

/** The functions named by a `dependencies=[...]` list. */
export function dependencyList(list: Expr, site: Site, builder: GraphBuilder): HandlerRef[] {
  const refs: HandlerRef[] = [];
  for (const item of builder.items(list, site).items) {
    const ref = dependencyOf(item.expr, item.site, builder);
    if (ref) refs.push(ref);
  }
  return refs;
}

/** `Depends(fn)` / `Security(fn, scopes=[...])` -> fn, when it is a function or class of the repository. */
function dependencyOf(expr: Expr, site: Site, builder: GraphBuilder): HandlerRef | null {
  if (expr.k !== 'call' || !isMarker(expr.callee, site, builder)) return null;
  const target = argOf(expr, 0, 'dependency');
  return target ? dependencyTarget(target, site, builder) : null;
}

function isMarker(callee: Expr, site: Site, builder: GraphBuilder): boolean {
  return isExternalNamed(builder.resolve(callee, site), ['fastapi'], DEPENDENCY_MARKERS) !== null;
}

function dependencyTarget(expr: Expr, site: Site, builder: GraphBuilder): HandlerRef | null {
  const handler = builder.handler(expr, site);
  if (handler) return handler;
  // A class dependency runs its constructor; an instance (`Depends(RateLimiter(times=2))`) its __call__.
  const binding = builder.resolve(expr.k === 'call' ? expr.callee : expr, site);
  const cls = builder.classOf(binding);
  if (!cls) return null;
  const [method] = builder.viewMethods(cls, expr.k === 'call' ? ['__call__'] : ['__init__', '__call__']);
  return method?.handler ?? null;
}

/** Dependencies declared by a handler's parameters, in parameter order. */
export function parameterDependencies(module: ModuleFacts, fn: FunctionFact, builder: GraphBuilder): HandlerRef[] {
  const refs: HandlerRef[] = [];
  const site: Site = { module, scope: fn.parent, line: fn.span.startLine };
  for (const param of fn.params) {
    if (param.default) {
      const ref = dependencyOf(param.default, site, builder);
      if (ref) refs.push(ref);
    }
    if (param.type) refs.push(...typeDependencies(param.type, site, builder));
  }
  return refs;
}

/**
 * Dependencies in a parameter annotation. The annotation is source text: `Depends(name)` inside it
 * is read directly; a bare name is an alias whose assignment holds the `Depends(...)` call.
 */
function typeDependencies(type: string, site: Site, builder: GraphBuilder): HandlerRef[] {
  const refs: HandlerRef[] = [];
  for (const match of type.matchAll(/\b(?:Depends|Security)\(\s*(?:dependency\s*=\s*)?([A-Za-z_][\w.]*)/g)) {
    const ref = dependencyTarget(dottedExpr(match[1]!), site, builder);
    if (ref) refs.push(ref);
  }
  if (refs.length > 0) return refs;
  const alias = /^\s*([A-Za-z_][\w.]*)\s*$/.exec(type)?.[1];
  if (!alias) return refs;
  const binding = builder.resolve(dottedExpr(alias), site);
  if (binding.kind !== 'value') return refs;
  const module = builder.project.modules.get(binding.module);
  if (!module) return refs;
  for (const call of callsOfStatement(module, binding.scope, binding.line)) {
    if (!call.args) continue;
    const callSite: Site = { module, scope: call.scope, line: call.line };
    const ref = dependencyOf({ k: 'call', callee: call.callee, args: call.args, line: call.line }, callSite, builder);
    if (ref) refs.push(ref);
  }
  return refs;
}

/** The calls made by the statement starting at `line` in a scope: up to the next statement the facts know of. */
function callsOfStatement(module: ModuleFacts, scope: ScopeId, line: number): CallFact[] {
  let end = line + MAX_ALIAS_LINES;
  const starts = [
    ...module.assignments.filter((a) => a.scope === scope).map((a) => a.line),
    ...module.functions.filter((f) => f.parent === scope).map((f) => f.span.startLine),
    ...module.classes.filter((c) => c.parent === scope).map((c) => c.span.startLine),
  ];
  for (const start of starts) if (start > line && start <= end) end = start - 1;
  return module.calls.filter((call) => call.scope === scope && call.line >= line && call.line <= end);
}

function dottedExpr(name: string): Expr {
  const [first, ...rest] = name.split('.');
  let expr: Expr = { k: 'id', name: first! };
  for (const prop of rest) expr = { k: 'member', obj: expr, prop };
  return expr;
}
