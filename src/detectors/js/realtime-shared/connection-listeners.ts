import type { Binding, ProjectIndex } from '../../../linking/types.js';
import type { CallFact, Expr, FunctionFact, ModuleFacts, ScopeId } from '../../../parsing/types.js';
import type { HandlerRef } from '../../types.js';
import { handlerFromBinding } from '../../shared.js';

/**
 * Realtime servers (socket.io, ws) share one shape: a server object is created by a call,
 * `server.on('connection', (socket) => { socket.on('event', ...) })` handles connections.
 * These helpers find the listeners of one server and the events its sockets handle.
 */

export interface ServerSite {
  module: ModuleFacts;
  call: CallFact;
}

export interface ConnectionListener {
  handler: HandlerRef | null;
  /** Events the connection's socket subscribes to with `socket.on('name', ...)`. */
  events: string[];
  /** socket.io namespace (`io.of('/admin')`), '/' otherwise. */
  namespace: string;
  module: ModuleFacts;
  line: number;
}

/** How many function parameters deep a server is followed (`registerRooms(io)` → `function registerRooms(io)`). */
const MAX_PARAM_HOPS = 4;

/**
 * Call sites by the name they call (`registerRooms(...)`, `x.registerRooms(...)`), built once per
 * detection: following a server through a parameter looks only at calls of that function's name,
 * instead of resolving every call of the repository at every hop.
 */
export class CallSiteIndex {
  private byName: Map<string, { module: ModuleFacts; call: CallFact }[]> | null = null;

  constructor(private readonly modules: Iterable<ModuleFacts>) {}

  callsNamed(name: string): readonly { module: ModuleFacts; call: CallFact }[] {
    if (!this.byName) {
      this.byName = new Map();
      for (const module of this.modules) {
        for (const call of module.calls) {
          const callee = call.callee.k === 'id' ? call.callee.name : call.callee.k === 'member' ? call.callee.prop : null;
          if (!callee) continue;
          const list = this.byName.get(callee);
          if (list) list.push({ module, call });
          else this.byName.set(callee, [{ module, call }]);
        }
      }
    }
    return this.byName.get(name) ?? [];
  }
}

/** Is `receiver` (the object `.on` is called on) the server created at `site`? */
function receiverIsServer(project: ProjectIndex, calls: CallSiteIndex, module: ModuleFacts, receiver: Expr, scope: ScopeId, site: ServerSite, hops = 0): boolean {
  if (receiver.k === 'call' && sameCall(receiver, site)) return true;
  if (receiver.k === 'member') return bindingIsCall(project.resolveExpr(receiver, module.path, scope), site);
  if (receiver.k !== 'id') return false;
  // A plain name is looked up without following it, since following would turn the server
  // value into the external call result it came from.
  const binding = project.lookup(module.path, receiver.name, scope);
  if (bindingIsCall(binding, site)) return true;
  if (hops >= MAX_PARAM_HOPS) return false;
  if (binding.kind === 'value' && (binding.expr.k === 'id' || binding.expr.k === 'call')) {
    return receiverIsServer(project, calls, project.modules.get(binding.module)!, binding.expr, binding.scope, site, hops + 1);
  }
  // A server handed to a function: follow each call site of that function to its argument.
  if (binding.kind === 'param') {
    const fn = project.modules.get(binding.module)?.functions[binding.fnId];
    if (!fn || fn.name === '<anonymous>') return false;
    for (const { module: caller, call } of calls.callsNamed(fn.name)) {
      const arg = call.args?.[binding.index];
      if (!arg || arg.spread) continue;
      const callee = project.resolveExpr(call.callee, caller.path, call.scope);
      if (callee.kind !== 'function' || callee.module !== binding.module || callee.fn.id !== binding.fnId) continue;
      if (receiverIsServer(project, calls, caller, arg.value, call.scope, site, hops + 1)) return true;
    }
  }
  return false;
}

function sameCall(expr: Expr, site: ServerSite): boolean {
  return expr.k === 'call' && expr.line === site.call.line;
}

function bindingIsCall(binding: Binding, site: ServerSite): boolean {
  return binding.kind === 'value' && binding.module === site.module.path && binding.expr.k === 'call' && binding.expr.line === site.call.line;
}

/**
 * Every `on('connection'|'connect', listener)` on the server (or on one of its namespaces,
 * `io.of('/x')`), across all modules: the server is often created in one file and wired in another.
 */
export function findConnectionListeners(project: ProjectIndex, modules: readonly ModuleFacts[], site: ServerSite, calls: CallSiteIndex): ConnectionListener[] {
  const listeners: ConnectionListener[] = [];
  for (const { module, call } of connectionCallsOf(modules)) {
    let receiver = (call.callee as Extract<Expr, { k: 'member' }>).obj;
    let namespace = '/';
    if (receiver.k === 'call' && receiver.callee.k === 'member' && receiver.callee.prop === 'of') {
      const ns = receiver.args[0] ? project.evaluate(receiver.args[0].value, module.path, call.scope) : null;
      namespace = ns?.k === 'str' ? ns.v : '{dynamic}';
      receiver = receiver.callee.obj;
    }
    if (!receiverIsServer(project, calls, module, receiver, call.scope, site)) continue;
    const listenerExpr = call.args![1]?.value;
    if (!listenerExpr) continue;
    const binding = project.resolveExpr(listenerExpr, module.path, call.scope);
    const handler = handlerFromBinding(binding, project);
    const events = binding.kind === 'function' ? socketEvents(project, binding.module, binding.fn) : [];
    listeners.push({ handler, events, namespace, module, line: call.line });
  }
  return listeners;
}

/** The `x.on('connection'|'connect', ...)` calls of a detection's modules, in order; read once, not once per server. */
const connectionCalls = new WeakMap<readonly ModuleFacts[], ServerSite[]>();

function connectionCallsOf(modules: readonly ModuleFacts[]): ServerSite[] {
  let found = connectionCalls.get(modules);
  if (found) return found;
  found = [];
  for (const module of modules) {
    for (const call of module.calls) {
      if (call.callee.k !== 'member' || call.callee.prop !== 'on' || !call.args) continue;
      const event = call.args[0]?.value;
      if (event?.k !== 'str' || (event.v !== 'connection' && event.v !== 'connect')) continue;
      found.push({ module, call });
    }
  }
  connectionCalls.set(modules, found);
  return found;
}

/** Event names of `socket.on('name', ...)` calls on the listener's first parameter, inside the listener. */
function socketEvents(project: ProjectIndex, modulePath: string, listener: FunctionFact): string[] {
  const module = project.modules.get(modulePath);
  const socketName = listener.params[0]?.name;
  if (!module || !socketName) return [];
  const inside = (scope: ScopeId): boolean => {
    for (let current = scope; current !== -1; current = module.functions[current]?.parent ?? -1) if (current === listener.id) return true;
    return false;
  };
  const events = new Set<string>();
  for (const call of module.calls) {
    if (call.callee.k !== 'member' || (call.callee.prop !== 'on' && call.callee.prop !== 'once') || !inside(call.scope)) continue;
    if (call.callee.obj.k !== 'id' || call.callee.obj.name !== socketName) continue;
    const name = call.args?.[0] ? project.evaluate(call.args[0].value, module.path, call.scope) : null;
    if (name?.k === 'str') events.add(name.v);
  }
  return [...events].sort();
}
