import type { ClassFact, Expr, ModuleFacts } from '../../../parsing/types.js';
import { reportUnresolved, unresolvedSegment } from '../../shared.js';
import type { DetectContext, DetectedEndpoint } from '../../types.js';
import type { NestApp } from './bootstrap.js';
import { joinNestPath } from './nest-paths.js';
import { NEST_WEBSOCKETS, classMethods, packageDecorator } from './nest-values.js';

/**
 * `@WebSocketGateway(port?, options?)` classes: one `WS` endpoint per gateway, its events the
 * `@SubscribeMessage(...)` names. With socket.io (Nest's default adapter) the path is the engine
 * path (`path` option, default `/socket.io`) followed by the namespace, so gateways on different
 * namespaces are different endpoints; with the `ws` adapter it is the `path` option alone.
 * The handler is the gateway class: its event methods are the code a connection runs.
 */

const SOURCE = 'nestjs';

export function gatewayDecorator(context: DetectContext, module: ModuleFacts, cls: ClassFact): { args: Expr[]; line: number } | null {
  for (const decorator of cls.decorators) {
    const call = packageDecorator(context.project, module.path, cls.parent, decorator, NEST_WEBSOCKETS);
    if (call?.name === 'WebSocketGateway') return { args: call.args.map((a) => a.value), line: call.line };
  }
  return null;
}

export function detectGateway(context: DetectContext, module: ModuleFacts, cls: ClassFact, decorator: { args: Expr[]; line: number }, apps: NestApp[]): DetectedEndpoint {
  const { project } = context;
  const first = decorator.args[0];
  const firstValue = first ? project.evaluate(first, module.path, cls.parent) : undefined;
  // `@WebSocketGateway(81, { namespace })`: a port first, then the options.
  const optionsExpr = firstValue && firstValue.k !== 'obj' && decorator.args.length > 1 ? decorator.args[1] : first;
  const optionsValue = optionsExpr ? project.evaluate(optionsExpr, module.path, cls.parent) : undefined;
  const options = optionsValue?.k === 'obj' ? optionsValue.props : new Map();
  const optionExpr = (name: string): Expr => (optionsExpr?.k === 'obj' ? optionsExpr.props.find((p) => p.key === name)?.value : undefined) ?? optionsExpr ?? { k: 'null' };
  const ws = apps.length > 0 && apps.every((app) => app.wsAdapter === 'ws');
  let resolved = true;
  let enginePath = ws ? '/' : '/socket.io';
  const pathValue = options.get('path');
  if (pathValue) {
    if (pathValue.k === 'str') enginePath = pathValue.v;
    else {
      resolved = false;
      enginePath = unresolvedSegment(optionExpr('path'));
      reportUnresolved(context, SOURCE, 'Gateway path', optionExpr('path'), module.path, decorator.line);
    }
  }
  let namespace = '';
  const namespaceValue = options.get('namespace');
  if (namespaceValue && !ws) {
    const written = optionExpr('namespace');
    if (namespaceValue.k === 'str' && written.k !== 'regex') namespace = namespaceValue.v;
    else {
      // A RegExp or function namespace matches many namespaces: no single path names it.
      resolved = false;
      namespace = unresolvedSegment(written);
      reportUnresolved(context, SOURCE, 'Gateway namespace', written, module.path, decorator.line);
    }
  }
  const events = new Set<string>();
  for (const member of classMethods(project, module, cls)) {
    const fn = member.module.functions[member.fnId]!;
    for (const expr of fn.decorators) {
      const call = packageDecorator(project, member.module.path, member.cls.parent, expr, NEST_WEBSOCKETS);
      if (call?.name !== 'SubscribeMessage' || !call.args[0]) continue;
      const value = project.evaluate(call.args[0].value, member.module.path, member.cls.parent);
      if (value.k === 'str') events.add(value.v);
      else {
        events.add(unresolvedSegment(call.args[0].value));
        reportUnresolved(context, SOURCE, 'Gateway event', call.args[0].value, member.module.path, call.line);
      }
    }
  }
  return {
    method: 'WS',
    path: joinNestPath(enginePath, namespace),
    framework: SOURCE,
    language: module.language,
    file: module.path,
    line: decorator.line,
    handler: { name: cls.name, file: module.path, startLine: cls.span.startLine, endLine: cls.span.endLine },
    mountChain: [],
    resolution: resolved ? 'resolved' : 'partial',
    events: [...events].sort(),
    tags: ['realtime'],
  };
}
