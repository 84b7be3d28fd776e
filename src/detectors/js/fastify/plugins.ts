import type { ProjectIndex } from '../../../linking/types.js';
import { handlerFromBinding } from '../../shared.js';
import type { HandlerRef } from '../../types.js';
import { follow, isLocated, targetOfBinding, type Located, type Target } from '../plugin-graph/index.js';
import { evaluateIn, type RouterTracer } from '../router-graph/index.js';

/** Packages whose default export is @fastify/autoload. */
export const AUTOLOAD_PACKAGES = ['@fastify/autoload', 'fastify-autoload'];
/** Packages that wrap a plugin so that it shares its parent's context (and ignores `prefix`). */
const SHARING_WRAPPERS = ['fastify-plugin'];

const MAX_DEPTH = 12;

/** What the first argument of `fastify.register(...)` is. */
export type FastifyPlugin =
  /** A plugin function of the repository; `shared` when wrapped with fastify-plugin. */
  | { kind: 'function'; fn: HandlerRef; shared: boolean }
  /** A route options object exported by a file that autoload wraps into a plugin. */
  | { kind: 'route-object'; target: Target }
  | { kind: 'autoload' }
  | { kind: 'external'; pkg: string }
  | { kind: 'none' }
  | { kind: 'unresolved'; expr: Located };

/**
 * Follows a registered plugin to its function: inline, named, imported (`require`, `import()`,
 * default exports), wrapped by `fp(...)`, or returned by a local factory with an expression body.
 */
export function resolvePlugin(project: ProjectIndex, tracer: RouterTracer, target: Target, depth = 0, shared = false): FastifyPlugin {
  if (depth > MAX_DEPTH) return isLocated(target) ? { kind: 'unresolved', expr: target } : { kind: 'none' };
  const followed = follow(project, target);
  if (!isLocated(followed)) {
    const binding = project.lookupExport(followed.module, 'default');
    if (binding.kind === 'external') return { kind: 'external', pkg: binding.package };
    const next = targetOfBinding(binding);
    return next && (isLocated(next) || next.module !== followed.module) ? resolvePlugin(project, tracer, next, depth + 1, shared) : { kind: 'none' };
  }
  const { expr, context } = followed;
  switch (expr.k) {
    case 'fn': {
      const fn = handlerFromBinding(project.resolveExpr(expr, context.module, context.scope), project);
      return fn ? { kind: 'function', fn, shared } : { kind: 'unresolved', expr: followed };
    }
    case 'obj':
      return expr.props.some((prop) => prop.key === 'method') ? { kind: 'route-object', target: followed } : { kind: 'none' };
    case 'call': {
      const callee = tracer.trace(expr.callee, context);
      if (callee?.t === 'binding') {
        const binding = callee.binding;
        if (binding.kind === 'external') {
          if (SHARING_WRAPPERS.includes(binding.package) && expr.args[0]) return resolvePlugin(project, tracer, { expr: expr.args[0].value, context }, depth + 1, true);
          return { kind: 'external', pkg: binding.package };
        }
        if (binding.kind === 'function' && binding.fn.returnsExpr) {
          const inner: Located = { expr: binding.fn.returnsExpr, context: { module: binding.module, scope: binding.fn.id, line: binding.fn.span.startLine, env: context.env } };
          return resolvePlugin(project, tracer, inner, depth + 1, shared);
        }
      }
      return externalOrUnresolved(tracer, followed);
    }
    default: {
      const value = evaluateIn(project, expr, context);
      if (value.k === 'ref' && value.binding.kind === 'function') {
        const fn = handlerFromBinding(value.binding, project);
        if (fn) return { kind: 'function', fn, shared };
      }
      return externalOrUnresolved(tracer, followed);
    }
  }
}

/** A package's plugin (`require('@fastify/cors')`, an imported `autoload`), or something gonogo cannot follow. */
function externalOrUnresolved(tracer: RouterTracer, located: Located): FastifyPlugin {
  const traced = tracer.trace(located.expr, located.context);
  if (traced?.t === 'binding' && traced.binding.kind === 'external') {
    const { package: pkg, imported } = traced.binding;
    if (AUTOLOAD_PACKAGES.includes(pkg) && !imported.endsWith(')')) return { kind: 'autoload' };
    return { kind: 'external', pkg };
  }
  return { kind: 'unresolved', expr: located };
}
