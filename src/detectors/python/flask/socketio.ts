import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex } from '../../../linking/types.js';
import type { Expr, ModuleFacts, ScopeId } from '../../../parsing/types.js';
import { handlerFromBinding, joinRoutePath, reportUnresolved } from '../../shared.js';
import type { DetectContext, DetectedEndpoint, HandlerRef } from '../../types.js';
import { argOf, type CallExpr } from '../mounts/graph-builder.js';

const PACKAGE = 'flask-socketio';
const FRAMEWORK = 'flask';
/** Handlers for errors, not events a client sends. */
const NOT_EVENTS = new Set(['on_error', 'on_error_default']);

interface Server {
  key: string;
  file: string;
  line: number;
  path: string;
}

interface EventHandler {
  server: Server;
  namespace: string;
  event: string;
  handler: HandlerRef | null;
}

/**
 * Flask-SocketIO servers: one `WS` endpoint per `SocketIO(...)` server and namespace, at its engine
 * path (`/socket.io` unless `path=` says otherwise, the namespace appended when not `/`), listing the
 * events handled through `@socketio.on("event")`, `@socketio.event`, `on_event(...)` and class-based
 * `Namespace` handlers (`on_<event>` methods); its handler is the `connect` handler, else the first
 * event's.
 */
export function detectSocketIo(context: DetectContext): DetectedEndpoint[] {
  const { project } = context;
  const servers = findServers(project, context.modules);
  if (servers.size === 0) return [];
  const handlers: EventHandler[] = [];
  const serverOf = (expr: Expr, module: ModuleFacts, scope: ScopeId, line: number): Server | null => findServer(project, servers, expr, module, scope, line);
  const namespaceOf = (expr: Expr | undefined, module: ModuleFacts, scope: ScopeId, line: number): string => {
    if (!expr) return '/';
    const value = project.evaluate(expr, module.path, scope, line);
    if (value.k === 'null') return '/';
    if (value.k === 'str') return value.v;
    reportUnresolved(context, FRAMEWORK, 'Socket.IO namespace', expr, module.path, line);
    return `/{unresolved:${exprText(expr).replace(/[{}]/g, '')}}`;
  };
  for (const module of context.modules) {
    for (const fn of module.functions) {
      for (const decorator of fn.decorators) {
        const found = decoratedEvent(decorator);
        if (!found) continue;
        const line = decorator.k === 'call' ? decorator.line : fn.span.startLine;
        const server = serverOf(found.owner, module, fn.parent, line);
        if (!server) continue;
        const event = found.event ? project.evaluate(found.event, module.path, fn.parent, line) : { k: 'str' as const, v: fn.name };
        if (event.k !== 'str') {
          reportUnresolved(context, FRAMEWORK, 'Socket.IO event', found.event!, module.path, line);
          continue;
        }
        const handler = handlerFromBinding({ kind: 'function', module: module.path, fn }, project);
        handlers.push({ server, namespace: namespaceOf(found.namespace, module, fn.parent, line), event: event.v, handler });
      }
    }
    for (const call of module.calls) {
      if (call.callee.k !== 'member' || !call.args || (call.callee.prop !== 'on_event' && call.callee.prop !== 'on_namespace')) continue;
      const server = serverOf(call.callee.obj, module, call.scope, call.line);
      if (!server) continue;
      const expr: CallExpr = { k: 'call', callee: call.callee, args: call.args, line: call.line };
      if (call.callee.prop === 'on_event') {
        const eventExpr = argOf(expr, 0, 'message');
        const handlerExpr = argOf(expr, 1, 'handler');
        const event = eventExpr ? project.evaluate(eventExpr, module.path, call.scope, call.line) : null;
        if (!eventExpr || event?.k !== 'str') {
          reportUnresolved(context, FRAMEWORK, 'Socket.IO event', eventExpr ?? { k: 'other', text: '<missing event>' }, module.path, call.line);
          continue;
        }
        const handler = handlerExpr ? handlerFromBinding(project.resolveExpr(handlerExpr, module.path, call.scope), project) : null;
        handlers.push({ server, namespace: namespaceOf(argOf(expr, 2, 'namespace'), module, call.scope, call.line), event: event.v, handler });
        continue;
      }
      handlers.push(...namespaceClassHandlers(context, module, expr, call.scope, server, namespaceOf));
    }
  }
  return emitEndpoints(context, servers, handlers);
}

function findServers(project: ProjectIndex, modules: readonly ModuleFacts[]): Map<string, Server> {
  const servers = new Map<string, Server>();
  for (const module of modules) {
    for (const call of module.calls) {
      const name = call.callee.k === 'id' ? call.callee.name : call.callee.k === 'member' ? call.callee.prop : null;
      if (name !== 'SocketIO' || !call.args) continue;
      const callee = project.resolveExpr(call.callee, module.path, call.scope);
      if (callee.kind !== 'external' || callee.package !== PACKAGE || !/(^|\.)SocketIO$/.test(callee.imported)) continue;
      const pathExpr = argOf({ k: 'call', callee: call.callee, args: call.args, line: call.line }, -1, 'path');
      const path = pathExpr ? project.evaluate(pathExpr, module.path, call.scope, call.line) : null;
      const key = `${module.path}:${call.line}`;
      servers.set(key, { key, file: module.path, line: call.line, path: `/${path?.k === 'str' ? path.v.replace(/^\/+/, '') : 'socket.io'}` });
    }
  }
  return servers;
}

/** The server an expression names: the `SocketIO(...)` call its name is bound to, or the only server there is. */
function findServer(project: ProjectIndex, servers: Map<string, Server>, expr: Expr, module: ModuleFacts, scope: ScopeId, line: number): Server | null {
  if (expr.k === 'id') {
    const binding = project.lookup(module.path, expr.name, scope, line);
    if (binding.kind === 'value' && binding.expr.k === 'call') {
      const found = servers.get(`${binding.module}:${binding.expr.line}`);
      if (found) return found;
    }
  }
  const resolved = project.resolveExpr(expr, module.path, scope);
  if (resolved.kind === 'external' && resolved.package === PACKAGE && /(^|\.)SocketIO\(\)$/.test(resolved.imported) && servers.size === 1) return [...servers.values()][0]!;
  return null;
}

/** `@socketio.on("event", namespace=...)`, `@socketio.event(namespace=...)` or a bare `@socketio.event`. */
function decoratedEvent(decorator: Expr): { owner: Expr; event: Expr | null; namespace: Expr | undefined } | null {
  if (decorator.k === 'member' && decorator.prop === 'event') return { owner: decorator.obj, event: null, namespace: undefined };
  if (decorator.k !== 'call' || decorator.callee.k !== 'member') return null;
  const { obj, prop } = decorator.callee;
  if (prop === 'on') {
    const event = argOf(decorator, 0, 'message');
    return event ? { owner: obj, event, namespace: argOf(decorator, 1, 'namespace') } : null;
  }
  if (prop === 'event') return { owner: obj, event: null, namespace: argOf(decorator, 0, 'namespace') };
  return null;
}

/** `socketio.on_namespace(ChatNamespace("/chat"))`: every `on_<event>` method of the class. */
function namespaceClassHandlers(
  context: DetectContext,
  module: ModuleFacts,
  call: CallExpr,
  scope: ScopeId,
  server: Server,
  namespaceOf: (expr: Expr | undefined, module: ModuleFacts, scope: ScopeId, line: number) => string,
): EventHandler[] {
  const { project } = context;
  const instance = argOf(call, 0, 'namespace_handler');
  const construct = instance?.k === 'call' ? instance : null;
  const cls = construct ? project.resolveExpr(construct.callee, module.path, scope) : null;
  if (!construct || cls?.kind !== 'class') {
    reportUnresolved(context, FRAMEWORK, 'Socket.IO namespace handler', instance ?? { k: 'other', text: '<missing namespace>' }, module.path, call.line);
    return [];
  }
  const namespace = namespaceOf(argOf(construct, 0, 'namespace'), module, scope, call.line);
  const classModule = project.modules.get(cls.module);
  if (!classModule) return [];
  const found: EventHandler[] = [];
  const seen = new Set<string>();
  // Own methods first, then those of repository base classes, as attribute lookup finds them.
  const queue = [{ module: classModule, cls: cls.cls }];
  for (let index = 0; index < queue.length && index < 16; index++) {
    const current = queue[index]!;
    for (const id of current.cls.methods) {
      const fn = current.module.functions[id]!;
      if (!fn.name.startsWith('on_') || NOT_EVENTS.has(fn.name) || seen.has(fn.name)) continue;
      seen.add(fn.name);
      found.push({ server, namespace, event: fn.name.slice(3), handler: handlerFromBinding({ kind: 'function', module: current.module.path, fn }, project) });
    }
    for (const base of current.cls.bases) {
      const binding = project.resolveExpr(base, current.module.path, current.cls.parent);
      const baseModule = binding.kind === 'class' ? project.modules.get(binding.module) : undefined;
      if (binding.kind === 'class' && baseModule) queue.push({ module: baseModule, cls: binding.cls });
    }
  }
  return found;
}

function emitEndpoints(context: DetectContext, servers: Map<string, Server>, handlers: EventHandler[]): DetectedEndpoint[] {
  const endpoints: DetectedEndpoint[] = [];
  for (const server of [...servers.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const mine = handlers.filter((handler) => handler.server === server);
    if (mine.length === 0) {
      context.report({ severity: 'info', code: 'no-event-handlers', message: 'Socket.IO server without event handlers gonogo could find; its events are unknown', file: server.file, line: server.line, source: `detectors:${FRAMEWORK}` });
      endpoints.push(endpoint(server, server.path, null, []));
      continue;
    }
    for (const namespace of [...new Set(mine.map((handler) => handler.namespace))].sort()) {
      const inNamespace = mine.filter((handler) => handler.namespace === namespace);
      const connect = inNamespace.find((handler) => handler.event === 'connect');
      const first = [...inNamespace].sort((a, b) => (a.handler?.file ?? '').localeCompare(b.handler?.file ?? '') || (a.handler?.startLine ?? 0) - (b.handler?.startLine ?? 0))[0]!;
      const events = [...new Set(inNamespace.map((handler) => handler.event))].sort();
      endpoints.push(endpoint(server, namespace === '/' ? server.path : joinRoutePath(server.path, namespace), (connect ?? first).handler, events));
    }
  }
  return endpoints;
}

function endpoint(server: Server, path: string, handler: HandlerRef | null, events: string[]): DetectedEndpoint {
  return {
    method: 'WS',
    path,
    framework: FRAMEWORK,
    language: 'python',
    file: server.file,
    line: server.line,
    handler,
    mountChain: [],
    resolution: handler && !path.includes('{unresolved:') ? 'resolved' : 'partial',
    events,
    tags: ['realtime'],
  };
}
