import type { Binding, ProjectIndex } from '../../../linking/types.js';
import type { Expr } from '../../../parsing/types.js';
import { handlerFromBinding } from '../../shared.js';
import type { HandlerRef } from '../../types.js';

/**
 * The function behind an exported route handler. Next apps often wrap handlers
 * (`export default withAuth(handler)`, `export const GET = withRateLimit(async (req) => ...)`):
 * the wrapped function is the handler and each wrapper of the project runs before it, as middleware.
 */

export interface ResolvedHandler {
  handler: HandlerRef | null;
  middleware: HandlerRef[];
  /** What to quote when the handler is not found. */
  expr: Expr;
}

const MAX_WRAPPERS = 6;

export function resolveRouteHandler(project: ProjectIndex, binding: Binding, name: string, quoted: Expr): ResolvedHandler {
  const middleware: HandlerRef[] = [];
  let current = binding;
  let expr = quoted;
  for (let hops = 0; hops <= MAX_WRAPPERS; hops++) {
    if (current.kind === 'function') return { handler: handlerFromBinding(current, project, name), middleware, expr };
    if (current.kind !== 'value') break;
    const value = current.expr;
    expr = value;
    if (current.fromProperty !== undefined) {
      // `export const { GET, POST } = handlers`: the property of what the name destructures.
      const member: Expr = { k: 'member', obj: value, prop: current.fromProperty };
      expr = member;
      const property = project.resolveExpr(member, current.module, current.scope);
      // `export const { POST } = serve(async (context) => ...)`: a library builds the handlers
      // around the function it is given, so that function is the code the route runs.
      current = property.kind !== 'function' && value.k === 'call' ? { kind: 'value', module: current.module, expr: value, scope: current.scope, line: current.line } : property;
      continue;
    }
    if (value.k === 'id' || value.k === 'member' || value.k === 'fn') {
      const next = project.resolveExpr(value, current.module, current.scope);
      if (next.kind === 'value' && next.expr === value) break;
      current = next;
      continue;
    }
    if (value.k !== 'call') break;
    const wrapper = handlerFromBinding(project.resolveExpr(value.callee, current.module, current.scope), project);
    if (wrapper) middleware.push(wrapper);
    let inner: Binding | null = null;
    // The handler is the last argument that is (or leads to) a function: `withAuth(options, handler)`.
    for (const arg of [...value.args].reverse()) {
      const candidate = arg.value.k === 'call' ? ({ kind: 'value', module: current.module, expr: arg.value, scope: current.scope, line: arg.value.line } as Binding) : project.resolveExpr(arg.value, current.module, current.scope);
      if (candidate.kind === 'function' || (candidate.kind === 'value' && candidate.expr.k === 'call')) {
        inner = candidate;
        break;
      }
    }
    if (!inner) break;
    current = inner;
  }
  return { handler: null, middleware, expr };
}
