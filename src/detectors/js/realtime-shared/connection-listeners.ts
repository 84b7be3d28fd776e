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

  /** The index of every module of a project, shared by the detectors that follow servers in it. */
  static of(project: ProjectIndex): CallSiteIndex {
    let index = projectIndices.get(project);
    if (!index) projectIndices.set(project, (index = new CallSiteIndex(project.modules.values())));
    return index;
  }

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

const projectIndices = new WeakMap<ProjectIndex, CallSiteIndex>();

/**
 * The servers a receiver (the object `.on` is called on) may be: the creating calls (`module:line`)
 * it is written as (`new Server(x).on(...)`) or its names are bound to, followed through values,
 * imports and function parameters. Collected once per connection call, then matched against each
 * server site. A call is always keyed by its module as well as its line: in a repository of several
 * services, servers created on the same line of different files are different servers.
 */
type ReceiverOrigins = Set<string>;

const siteKey = (modulePath: string, line: number): string => `${modulePath}:${line}`;

function isReceiverOf(origins: ReceiverOrigins, site: ServerSite): boolean {
  return origins.has(siteKey(site.module.path, site.call.line));
}

function collectReceiverOrigins(project: ProjectIndex, calls: CallSiteIndex, module: ModuleFacts, receiver: Expr, scope: ScopeId, origins: ReceiverOrigins, hops = 0): void {
  if (receiver.k === 'call') {
    origins.add(siteKey(module.path, receiver.line));
    return;
  }
  if (receiver.k === 'member') {
    addBoundCall(project.resolveExpr(receiver, module.path, scope), origins);
    return;
  }
  if (receiver.k !== 'id') return;
  // A plain name is looked up without following it, since following would turn the server
  // value into the external call result it came from.
  const binding = project.lookup(module.path, receiver.name, scope);
  addBoundCall(binding, origins);
  if (hops >= MAX_PARAM_HOPS) return;
  if (binding.kind === 'value' && (binding.expr.k === 'id' || binding.expr.k === 'call')) {
    collectReceiverOrigins(project, calls, project.modules.get(binding.module)!, binding.expr, binding.scope, origins, hops + 1);
    return;
  }
  // A server handed to a function: follow each call site of that function to its argument.
  if (binding.kind === 'param') {
    const fn = project.modules.get(binding.module)?.functions[binding.fnId];
    if (!fn || fn.name === '<anonymous>') return;
    for (const { module: caller, call } of calls.callsNamed(fn.name)) {
      const arg = call.args?.[binding.index];
      if (!arg || arg.spread) continue;
      const callee = project.resolveExpr(call.callee, caller.path, call.scope);
      if (callee.kind !== 'function' || callee.module !== binding.module || callee.fn.id !== binding.fnId) continue;
      collectReceiverOrigins(project, calls, caller, arg.value, call.scope, origins, hops + 1);
    }
  }
}

function addBoundCall(binding: Binding, origins: ReceiverOrigins): void {
  if (binding.kind === 'value' && binding.expr.k === 'call') origins.add(siteKey(binding.module, binding.expr.line));
}

/**
 * Every `on('connection'|'connect', listener)` on the server (or on one of its namespaces,
 * `io.of('/x')`), across all modules: the server is often created in one file and wired in another.
 */
export function findConnectionListeners(project: ProjectIndex, modules: readonly ModuleFacts[], site: ServerSite, calls: CallSiteIndex): ConnectionListener[] {
  const listeners: ConnectionListener[] = [];
  for (const connection of connectionCallsOf(modules)) {
    const { module, call } = connection;
    if (!isReceiverOf(receiverOrigins(project, calls, connection), site)) continue;
    const listenerExpr = call.args![1]?.value;
    if (!listenerExpr) continue;
    const binding = project.resolveExpr(listenerExpr, module.path, call.scope);
    const handler = handlerFromBinding(binding, project);
    const events = binding.kind === 'function' ? socketEvents(project, binding.module, binding.fn) : [];
    listeners.push({ handler, events, namespace: namespaceOf(project, connection), module, line: call.line });
  }
  return listeners;
}

/** A namespace listener (`x.of('/ns').on('connection', ...)`) that belongs to none of the servers found. */
export interface UnattributedNamespace {
  namespace: string;
  /** The object `.of` is called on, as written. */
  server: Expr;
  module: ModuleFacts;
  line: number;
}

/**
 * Namespace listeners whose receiver leads to none of `servers`: the server is reached through
 * something gonogo does not follow (`app.get('io')`, an anonymous function's parameter). They are
 * for the detector to report, not to attach to a guessed server. Plain `x.on('connection')` calls
 * are left out, since their receiver may as well be a `ws` or `net` server.
 */
export function findUnattributedNamespaces(project: ProjectIndex, modules: readonly ModuleFacts[], servers: readonly ServerSite[], calls: CallSiteIndex): UnattributedNamespace[] {
  const found: UnattributedNamespace[] = [];
  for (const connection of connectionCallsOf(modules)) {
    const of = namespaceCall(connection.call);
    if (!of) continue;
    const origins = receiverOrigins(project, calls, connection);
    if (servers.some((site) => isReceiverOf(origins, site))) continue;
    found.push({ namespace: namespaceOf(project, connection), server: (of.callee as Extract<Expr, { k: 'member' }>).obj, module: connection.module, line: connection.call.line });
  }
  return found;
}

/** `io.of('/admin')` when a connection call listens on a namespace, else null. */
function namespaceCall(call: CallFact): Extract<Expr, { k: 'call' }> | null {
  const receiver = (call.callee as Extract<Expr, { k: 'member' }>).obj;
  return receiver.k === 'call' && receiver.callee.k === 'member' && receiver.callee.prop === 'of' ? receiver : null;
}

/** The namespace a connection call listens on: '/' for the server itself, `{dynamic}` when not a literal. */
function namespaceOf(project: ProjectIndex, { module, call }: ServerSite): string {
  const of = namespaceCall(call);
  if (!of) return '/';
  const ns = of.args[0] ? project.evaluate(of.args[0].value, module.path, call.scope) : null;
  return ns?.k === 'str' ? ns.v : '{dynamic}';
}

/** What each connection call's receiver may be, per call-site index (one per detection). */
const originsByIndex = new WeakMap<CallSiteIndex, Map<CallFact, ReceiverOrigins>>();

function receiverOrigins(project: ProjectIndex, calls: CallSiteIndex, { module, call }: ServerSite): ReceiverOrigins {
  let byCall = originsByIndex.get(calls);
  if (!byCall) originsByIndex.set(calls, (byCall = new Map()));
  let origins = byCall.get(call);
  if (!origins) {
    // `io.of('/admin').on('connection', ...)`: a namespace of the server.
    const of = namespaceCall(call);
    const receiver = of ? (of.callee as Extract<Expr, { k: 'member' }>).obj : (call.callee as Extract<Expr, { k: 'member' }>).obj;
    origins = new Set();
    collectReceiverOrigins(project, calls, module, receiver, call.scope, origins);
    byCall.set(call, origins);
  }
  return origins;
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
