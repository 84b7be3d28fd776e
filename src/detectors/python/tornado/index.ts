import type { Expr } from '../../../parsing/types.js';
import type { Detector } from '../../types.js';
import { assembleEndpoints } from '../mounts/assemble.js';
import { GraphBuilder, type CallExpr } from '../mounts/graph-builder.js';
import { tornadoPlugin } from './plugin.js';

const PLUGINS = [tornadoPlugin] as const;

export const tornadoDetector: Detector = {
  id: 'tornado',
  title: 'Tornado',
  language: 'python',
  enablers: ['tornado'],
  detect(context) {
    const builder = new GraphBuilder(context.project, context.modules, PLUGINS);
    // Tornado applications are often built where nothing names them (`return Application([...])`,
    // `Application(handlers).listen(8888)`), so every constructor call is read, not only assignments.
    for (const module of builder.modules) {
      for (const call of module.calls) {
        if (!call.args || !isNameChain(call.callee)) continue;
        const expr: CallExpr = { k: 'call', callee: call.callee, args: call.args, line: call.line };
        builder.nodeForCall(expr, { module, scope: call.scope, line: call.line });
      }
    }
    const assembled = assembleEndpoints(builder.build());
    for (const { diagnostic } of assembled.diagnostics) context.report(diagnostic);
    return assembled.endpoints;
  },
};

function isNameChain(expr: Expr): boolean {
  return expr.k === 'id' || (expr.k === 'member' && isNameChain(expr.obj));
}
