import type { Diagnostic } from '../../../diagnostics.js';
import { exprText } from '../../../linking/project-index.js';
import { joinRoutePath, reportUnresolved, resolutionOf, unresolvedSegment } from '../../shared.js';
import type { DetectContext, DetectedEndpoint, Detector } from '../../types.js';
import { socketEventsOf } from '../plugin-graph/index.js';
import { detectRouterEndpoints, evaluateIn, EMPTY_ENV, resolveHandlerExpr, resolveMiddleware } from '../router-graph/index.js';
import { expressWsFramework } from './framework.js';

const SOURCE = 'detectors:express-ws';

/**
 * express-ws: `app.ws('/path', ...middlewares, handler)` and `router.ws(...)` on Express routers
 * mounted with `app.use('/prefix', router)`, as `WS` endpoints tagged `realtime`, their events
 * those the handler's socket listens to (`ws.on('message', ...)`).
 */
export const expressWsDetector: Detector = {
  id: 'express-ws',
  title: 'express-ws',
  language: 'js',
  enablers: ['express-ws'],
  detect(context) {
    const diagnostics: Diagnostic[] = [];
    const endpoints = detectRouterEndpoints({ ...context, report: (diagnostic) => diagnostics.push(diagnostic) }, expressWsFramework);
    endpoints.push(...untracedRoutes(context, endpoints));
    for (const endpoint of endpoints) {
      endpoint.events = socketEventsOf(context.project, endpoint.handler);
      endpoint.tags = ['realtime'];
    }
    const mountSteps = new Set(endpoints.flatMap((endpoint) => endpoint.mountChain.map((step) => `${step.file}:${step.line}`)));
    for (const diagnostic of diagnostics) if (concernsWebSockets(diagnostic, mountSteps)) context.report(diagnostic);
    return endpoints;
  },
};

/**
 * The walk evaluates the prefix of every Express mount, WebSocket routes below it or not; the
 * Express detector already reports those. A prefix diagnostic is kept only where a `WS`
 * endpoint's mount chain passes (`mountSteps`: every chain step's `file:line`).
 */
function concernsWebSockets(diagnostic: Diagnostic, mountSteps: ReadonlySet<string>): boolean {
  if (!diagnostic.message.startsWith('Mount prefix')) return true;
  return mountSteps.has(`${diagnostic.file}:${diagnostic.line}`);
}

/**
 * `.ws(path, handler)` calls whose receiver the router graph could not trace to an Express app
 * or router (`const { app } = expressWs(express())` hands the app back through the wrapper):
 * kept with the path as written, partial, and a diagnostic, rather than dropped.
 */
function untracedRoutes(context: DetectContext, traced: readonly DetectedEndpoint[]): DetectedEndpoint[] {
  const { project } = context;
  const seen = new Set(traced.map((endpoint) => `${endpoint.file}:${endpoint.line}`));
  const found: DetectedEndpoint[] = [];
  for (const module of context.modules) {
    const usesExpressWs = project.dependenciesOf(module.path).has('express-ws') || module.imports.some((imp) => imp.source === 'express-ws');
    if (!usesExpressWs) continue;
    for (const call of module.calls) {
      if (call.callee.k !== 'member' || call.callee.prop !== 'ws' || !call.args || call.args.length < 2 || seen.has(`${module.path}:${call.line}`)) continue;
      const evalContext = { module: module.path, scope: call.scope, line: call.line, env: EMPTY_ENV };
      const pathExpr = call.args[0]!.value;
      const pathValue = evaluateIn(project, pathExpr, evalContext);
      const handler = resolveHandlerExpr(project, call.args[call.args.length - 1]!.value, evalContext);
      // A `ws(...)` call with neither a path nor a handler of the repository is not a route.
      if (pathValue.k !== 'str' && !handler) continue;
      if (pathValue.k === 'str' && !pathValue.v.startsWith('/')) continue;
      if (pathValue.k !== 'str') reportUnresolved(context, 'express-ws', 'Route path', pathExpr, module.path, call.line);
      context.report({
        severity: 'warning',
        code: 'unmounted-router',
        message: `WebSocket route on \`${exprText(call.callee.obj)}\`, which gonogo cannot trace to an Express app or router; listed without any prefix it may be mounted under`,
        file: module.path,
        line: call.line,
        source: SOURCE,
      });
      found.push({
        method: 'WS',
        path: pathValue.k === 'str' ? joinRoutePath(pathValue.v) : `/${unresolvedSegment(pathExpr)}`,
        framework: 'express-ws',
        language: module.language,
        file: module.path,
        line: call.line,
        handler,
        mountChain: [],
        resolution: resolutionOf(pathValue.k === 'str', false, handler !== null),
        middleware: resolveMiddleware(project, call.args.slice(1, -1).map((arg) => arg.value), evalContext),
      });
    }
  }
  return found;
}
