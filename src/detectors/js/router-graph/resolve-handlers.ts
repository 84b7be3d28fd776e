import type { Binding, ProjectIndex, Value } from '../../../linking/types.js';
import type { Expr } from '../../../parsing/types.js';
import { handlerFromBinding } from '../../shared.js';
import type { HandlerRef } from '../../types.js';
import { evaluateIn, paramKey } from './evaluate-in-context.js';
import { EMPTY_ENV, type EvalContext } from './types.js';

const MAX_DEPTH = 16;

/**
 * Locates the function behind a handler or middleware argument: an inline function, a name,
 * an imported function, a controller method, a loop item's property, or what a wrapper wraps
 * (`asyncHandler(fn)`, `fn.bind(x)`). A factory call whose arguments are data
 * (`validateBody(schema)`, `requireRole('admin')`) is the factory itself.
 */
export function resolveHandlerExpr(project: ProjectIndex, expr: Expr, context: EvalContext, depth = 0, name?: string): HandlerRef | null {
  if (depth > MAX_DEPTH) return null;
  switch (expr.k) {
    case 'fn':
      return handlerFromBinding(project.resolveExpr(expr, context.module, context.scope), project, name);
    case 'id': {
      const bound = context.env.names.get(expr.name);
      if (bound) return handlerFromValue(project, bound, depth + 1);
      const binding = project.lookup(context.module, expr.name, context.scope, context.line);
      if (binding.kind === 'function') return namedHandler(binding, project, expr.name);
      if (binding.kind === 'param') {
        const value = context.env.params.get(paramKey(binding.module, binding.fnId, binding.index));
        return value ? handlerFromValue(project, value, depth + 1) : null;
      }
      if (binding.kind === 'value') {
        if (binding.fromProperty !== undefined) return namedHandler(project.resolveExpr(expr, context.module, context.scope), project, expr.name);
        const env = binding.module === context.module ? context.env : EMPTY_ENV;
        // `const createUser = catchAsync(async (req, res) => ...)`: the wrapped function is known by the variable.
        return resolveHandlerExpr(project, binding.expr, { module: binding.module, scope: binding.scope, line: binding.line, env }, depth + 1, expr.name);
      }
      return null;
    }
    case 'member':
    case 'index': {
      if (context.env.names.size > 0 || context.env.params.size > 0) {
        const value = evaluateIn(project, expr, context);
        const found = handlerFromValue(project, value, depth + 1);
        if (found) return found;
      }
      if (expr.k === 'index') return null;
      const binding = project.resolveExpr(expr, context.module, context.scope);
      if (binding.kind === 'function') return namedHandler(binding, project, expr.k === 'member' ? expr.prop : undefined);
      if (binding.kind === 'value' && binding.fromProperty === undefined) {
        return resolveHandlerExpr(project, binding.expr, { module: binding.module, scope: binding.scope, line: binding.line, env: EMPTY_ENV }, depth + 1, expr.prop);
      }
      return null;
    }
    case 'call': {
      const callee = expr.callee;
      if (callee.k === 'member' && callee.prop === 'bind') return resolveHandlerExpr(project, callee.obj, context, depth + 1, name);
      for (const arg of [...expr.args].reverse()) {
        const inner = wrappedFunction(project, arg.value, context, depth + 1, name);
        if (inner) return inner;
      }
      if (callee.k === 'id' || callee.k === 'member') {
        const binding = project.resolveExpr(callee, context.module, context.scope);
        if (binding.kind === 'function') return handlerFromBinding(binding, project);
      }
      return null;
    }
    default:
      return null;
  }
}

/**
 * The function a wrapper call wraps: an argument that is itself a function (inline, named,
 * imported) or a wrapped one. Data arguments are not followed, so the schema of
 * `validateBody(schema)` never stands in for the middleware.
 */
function wrappedFunction(project: ProjectIndex, arg: Expr, context: EvalContext, depth: number, name: string | undefined): HandlerRef | null {
  if (depth > MAX_DEPTH) return null;
  switch (arg.k) {
    case 'fn':
      return handlerFromBinding(project.resolveExpr(arg, context.module, context.scope), project, name);
    case 'call':
      return arg.callee.k === 'member' && arg.callee.prop === 'bind' ? wrappedFunction(project, arg.callee.obj, context, depth + 1, name) : null;
    case 'id':
    case 'member': {
      const bound = arg.k === 'id' ? context.env.names.get(arg.name) : undefined;
      if (bound) return bound.k === 'ref' && bound.binding.kind === 'function' ? handlerFromBinding(bound.binding, project) : null;
      const binding = project.resolveExpr(arg, context.module, context.scope);
      return binding.kind === 'function' ? namedHandler(binding, project, arg.k === 'id' ? arg.name : arg.prop) : null;
    }
    default:
      return null;
  }
}

/**
 * A handler named as the code refers to it when its definition has no useful name of its own:
 * `module.exports = async (ctx, next) => ...` imported as `auth`, `exports.index = function ...`.
 */
function namedHandler(binding: Binding, project: ProjectIndex, localName: string | undefined): HandlerRef | null {
  const ref = handlerFromBinding(binding, project, localName);
  if (!ref) return null;
  const bare = ref.name.replace(/^(?:module\.)?exports\./, '');
  if ((bare === 'module.exports' || bare === 'default' || bare === '<anonymous>') && localName) return { ...ref, name: localName };
  return { ...ref, name: bare };
}

function handlerFromValue(project: ProjectIndex, value: Value, depth: number): HandlerRef | null {
  if (value.k === 'ref') {
    const binding = value.binding;
    if (binding.kind === 'function') return handlerFromBinding(binding, project);
    if (binding.kind === 'value' && binding.fromProperty === undefined) {
      return resolveHandlerExpr(project, binding.expr, { module: binding.module, scope: binding.scope, line: binding.line, env: EMPTY_ENV }, depth + 1);
    }
    return null;
  }
  if (value.k === 'call') return resolveHandlerExpr(project, value.expr, { module: value.module, scope: -1, line: value.line, env: EMPTY_ENV }, depth + 1);
  return null;
}

/**
 * Middleware arguments as handler references, in order: arrays (literal or named, like
 * `const adminOnly = [requireAuth, requireRole('admin')]`) are flattened; what does not lead
 * to a function of the repository (`express.json()`, `passport.authenticate(...)`) is left out.
 */
export function resolveMiddleware(project: ProjectIndex, exprs: readonly Expr[], context: EvalContext): HandlerRef[] {
  const refs: HandlerRef[] = [];
  for (const expr of exprs) {
    for (const item of flattenArrays(project, expr, context, 0)) {
      const ref = resolveHandlerExpr(project, item.expr, item.context);
      if (ref) refs.push(ref);
    }
  }
  return refs;
}

function flattenArrays(project: ProjectIndex, expr: Expr, context: EvalContext, depth: number): { expr: Expr; context: EvalContext }[] {
  if (depth > 4) return [{ expr, context }];
  if (expr.k === 'arr') return expr.items.flatMap((item) => flattenArrays(project, item, context, depth + 1));
  if (expr.k === 'spread') return flattenArrays(project, expr.arg, context, depth + 1);
  if (expr.k === 'id' && !context.env.names.has(expr.name)) {
    const binding = project.lookup(context.module, expr.name, context.scope, context.line);
    if (binding.kind === 'value' && binding.fromProperty === undefined && binding.expr.k === 'arr') {
      return flattenArrays(project, binding.expr, { module: binding.module, scope: binding.scope, line: binding.line, env: EMPTY_ENV }, depth + 1);
    }
  }
  return [{ expr, context }];
}

/** The package a handler comes from (`cors()`, `swaggerUi.setup(...)`), when it is a package's function. */
export function handlerPackage(project: ProjectIndex, expr: Expr, context: EvalContext): string | null {
  const target = expr.k === 'call' ? expr.callee : expr;
  if (target.k !== 'id' && target.k !== 'member') return null;
  const binding = project.resolveExpr(target, context.module, context.scope);
  return binding.kind === 'external' ? binding.package : null;
}
