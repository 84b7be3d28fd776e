import type { ProjectIndex } from '../../../linking/types.js';
import type { Expr, ModuleFacts } from '../../../parsing/types.js';
import type { HandlerRef } from '../../types.js';
import { repoHandler, type ClassHierarchy } from '../django/class-hierarchy.js';

/** The WebSocket lifecycle methods a consumer can define, in the order the handler is picked from. */
const HANDLER_PREFERENCE = ['receive', 'receive_json', 'websocket_receive', 'connect', 'websocket_connect'];
const LIFECYCLE = new Set([...HANDLER_PREFERENCE, 'disconnect', 'websocket_disconnect']);
const SENDERS = new Set(['group_send', 'send']);

/**
 * A consumer's handler and events. The handler is the method that reads client messages (`receive`
 * or `receive_json`), else `connect`; events are the lifecycle methods the consumer (or a base class
 * of the repository) defines, plus the group-message handlers its code sends to
 * (`group_send(room, {'type': 'chat.message'})` is handled by `chat_message`).
 */
export function consumerHandler(hierarchy: ClassHierarchy, messageTypes: ReadonlySet<string>): { handler: HandlerRef; events: string[] } {
  const methods = hierarchy.repoMethods();
  const byName = new Map(methods.map((m) => [m.fn.name, m]));
  const chosen = HANDLER_PREFERENCE.map((name) => byName.get(name)).find((m) => m !== undefined);
  // A consumer that only configures an inherited one (no lifecycle method of its own) points at its class.
  const handler = chosen ? repoHandler(chosen.module, chosen.cls, chosen.fn) : { name: hierarchy.name, file: hierarchy.module, startLine: hierarchy.cls.span.startLine, endLine: hierarchy.cls.span.endLine };
  const events = methods
    .map((m) => m.fn.name)
    .filter((name) => LIFECYCLE.has(name) || messageTypes.has(name))
    .sort();
  return { handler, events };
}

/** An HTTP consumer's `handle` (or raw `http_request`); a consumer without either points at its class. */
export function httpConsumerHandler(hierarchy: ClassHierarchy): HandlerRef {
  const byName = new Map(hierarchy.repoMethods().map((m) => [m.fn.name, m]));
  const chosen = byName.get('handle') ?? byName.get('http_request');
  return chosen ? repoHandler(chosen.module, chosen.cls, chosen.fn) : { name: hierarchy.name, file: hierarchy.module, startLine: hierarchy.cls.span.startLine, endLine: hierarchy.cls.span.endLine };
}

/**
 * Method names group messages are dispatched to: the `type` of every dict literal sent with
 * `channel_layer.group_send(...)` / `.send(...)`, also through `async_to_sync(layer.group_send)(...)`,
 * with dots turned into underscores as Channels does.
 */
export function groupMessageTypes(project: ProjectIndex, modules: readonly ModuleFacts[]): Set<string> {
  const types = new Set<string>();
  for (const module of modules) {
    for (const call of module.calls) {
      if (!call.args || !isSender(call.callee)) continue;
      for (const arg of call.args) {
        if (arg.value.k !== 'obj') continue;
        const type = arg.value.props.find((p) => p.key === 'type');
        if (!type) continue;
        const value = project.evaluate(type.value, module.path, call.scope, call.line);
        if (value.k === 'str') types.add(value.v.replace(/\./g, '_'));
      }
    }
  }
  return types;
}

function isSender(callee: Expr): boolean {
  if (callee.k === 'member') return SENDERS.has(callee.prop);
  if (callee.k === 'call') {
    const wrapped = callee.args[0]?.value;
    return wrapped?.k === 'member' && SENDERS.has(wrapped.prop);
  }
  return false;
}
