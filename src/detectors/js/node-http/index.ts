import type { Binding } from '../../../linking/types.js';
import type { CallFact, Expr, ModuleFacts } from '../../../parsing/types.js';
import { exprText } from '../../../linking/project-index.js';
import type { DetectContext, DetectedEndpoint, Detector } from '../../types.js';
import { expressFramework } from '../express/framework.js';
import { honoFramework } from '../hono/framework.js';
import { koaFramework } from '../koa/framework.js';
import { EMPTY_ENV, resolveHandlerExpr, RouterTracer, type EvalContext } from '../router-graph/index.js';

const SERVER_PACKAGES = ['http', 'https'];

/**
 * A plain `http.createServer(listener)`: the listener routes requests by hand, so gonogo lists
 * one `ALL /` endpoint for it and says so. A server given an Express, Koa or Hono app is that
 * framework's business, not a hand-written router.
 */
export const nodeHttpDetector: Detector = {
  id: 'node-http',
  title: 'Node http.createServer',
  language: 'js',
  enablers: SERVER_PACKAGES,
  detect(context) {
    const tracer = new RouterTracer(context.project, [expressFramework, koaFramework, honoFramework]);
    const endpoints: DetectedEndpoint[] = [];
    for (const module of context.modules) {
      for (const call of module.calls) {
        const callee = call.callee;
        const name = callee.k === 'member' ? callee.prop : callee.k === 'id' ? callee.name : null;
        if (name !== 'createServer' || !call.args) continue;
        const scope: EvalContext = { module: module.path, scope: call.scope, line: call.line, env: EMPTY_ENV };
        const traced = tracer.trace(callee, scope);
        if (traced?.t !== 'binding' || !isServerFactory(traced.binding)) continue;
        const endpoint = detectServer(context, tracer, module, call, scope);
        if (endpoint) endpoints.push(endpoint);
      }
    }
    return endpoints;
  },
};

function isServerFactory(binding: Binding): boolean {
  return binding.kind === 'external' && SERVER_PACKAGES.includes(binding.package) && binding.imported === 'createServer';
}

function detectServer(context: DetectContext, tracer: RouterTracer, module: ModuleFacts, call: CallFact, scope: EvalContext): DetectedEndpoint | null {
  const listener = listenerOf(context, module, call);
  // No listener: the server is handed to something else (a WebSocket server, `server.on('upgrade')`).
  if (!listener) return null;
  const listenerScope: EvalContext = { ...scope, line: listener.line, scope: listener.scope };
  if (tracer.asNode(tracer.trace(listener.expr, listenerScope))) return null;
  const handler = resolveHandlerExpr(context.project, listener.expr, listenerScope);
  if (!handler) {
    const traced = tracer.trace(listener.expr, listenerScope);
    // A listener from a package (a framework adapter) is not hand-written routing; an unknown one is reported.
    if (traced?.t === 'binding' && traced.binding.kind === 'external') return null;
    context.report({
      severity: 'info',
      code: 'unresolved-route-part',
      message: `Request listener of the http server could not be resolved statically: ${exprText(listener.expr)}`,
      file: module.path,
      line: call.line,
      source: 'detectors:node-http',
    });
    return null;
  }
  context.report({
    severity: 'info',
    code: 'hand-written-routing',
    message: 'The http server routes requests by hand in its request listener; gonogo lists it as one ALL endpoint at /',
    file: module.path,
    line: call.line,
    source: 'detectors:node-http',
  });
  return {
    method: 'ALL',
    path: '/',
    framework: 'node-http',
    language: module.language === 'typescript' ? 'typescript' : 'javascript',
    file: module.path,
    line: call.line,
    handler,
    mountChain: [],
    resolution: 'resolved',
  };
}

/** The request listener: the last function argument, or a later `server.on('request', listener)`. */
function listenerOf(context: DetectContext, module: ModuleFacts, call: CallFact): { expr: Expr; line: number; scope: number } | null {
  const args = call.args ?? [];
  const last = args[args.length - 1]?.value;
  if (last && last.k !== 'obj') return { expr: last, line: call.line, scope: call.scope };
  for (const other of module.calls) {
    const callee = other.callee;
    if (callee.k !== 'member' || (callee.prop !== 'on' && callee.prop !== 'addListener') || callee.obj.k !== 'id') continue;
    const event = other.args?.[0]?.value;
    const listener = other.args?.[1]?.value;
    if (event?.k !== 'str' || event.v !== 'request' || !listener) continue;
    const server = context.project.lookup(module.path, callee.obj.name, other.scope, other.line);
    if (server.kind === 'value' && server.module === module.path && server.expr.k === 'call' && server.expr.line === call.line) {
      return { expr: listener, line: other.line, scope: other.scope };
    }
  }
  return null;
}
