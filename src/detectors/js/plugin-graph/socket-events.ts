import type { ProjectIndex } from '../../../linking/types.js';
import type { Expr, ScopeId } from '../../../parsing/types.js';
import type { HandlerRef } from '../../types.js';

/**
 * Events a WebSocket route handler listens to: `socket.on('message', ...)` on the handler's
 * first parameter, or on its `.socket` (the `connection.socket` of @fastify/websocket before
 * v10), anywhere inside the handler, nested callbacks included.
 */
export function socketEventsOf(project: ProjectIndex, handler: HandlerRef | null): string[] {
  if (!handler || handler.fnId === undefined) return [];
  const module = project.modules.get(handler.file);
  const fn = module?.functions[handler.fnId];
  const socketName = fn?.params[0]?.name;
  if (!module || !fn || !socketName || !/^[A-Za-z_$][\w$]*$/.test(socketName)) return [];
  const inside = (scope: ScopeId): boolean => {
    for (let current = scope; current !== -1; current = module.functions[current]?.parent ?? -1) if (current === fn.id) return true;
    return false;
  };
  const isSocket = (expr: Expr): boolean =>
    (expr.k === 'id' && expr.name === socketName) || (expr.k === 'member' && expr.prop === 'socket' && expr.obj.k === 'id' && expr.obj.name === socketName);
  const events = new Set<string>();
  for (const call of module.calls) {
    if (call.callee.k !== 'member' || !['on', 'once', 'addEventListener'].includes(call.callee.prop) || !inside(call.scope)) continue;
    if (!isSocket(call.callee.obj) || !call.args?.[0]) continue;
    const name = project.evaluate(call.args[0].value, module.path, call.scope, call.line);
    if (name.k === 'str') events.add(name.v);
  }
  return [...events].sort();
}
