import type { Expr, ModuleFacts } from '../../../parsing/types.js';
import type { Detector } from '../../types.js';
import { assembleEndpoints } from '../mounts/assemble.js';
import { GraphBuilder, type CallExpr } from '../mounts/graph-builder.js';
import { addAppliedDecoratorRoute, FLASK_LIKE, flaskPlugin } from './plugin.js';
import { detectSocketIo } from './socketio.js';

const PLUGINS = [flaskPlugin] as const;

/**
 * Flask, with the extensions that add routes to its apps and blueprints (flask-restx, flask-restful,
 * flask-smorest, flask-sock) and Flask-SocketIO servers.
 */
export const flaskDetector: Detector = {
  id: 'flask',
  title: 'Flask',
  language: 'python',
  enablers: ['flask', 'flask-restx', 'flask-restful', 'flask-smorest', 'flask-sock', 'flask-socketio'],
  detect(context) {
    const builder = new GraphBuilder(context.project, context.modules, PLUGINS);
    const graph = builder.build();
    for (const module of builder.modules) {
      addBeforeRequestHooks(module, builder);
      addAppliedDecorators(module, builder);
    }
    const assembled = assembleEndpoints(graph);
    for (const { diagnostic } of assembled.diagnostics) context.report(diagnostic);
    return [...assembled.endpoints, ...detectSocketIo(context)];
  },
};

/**
 * `@app.before_request` / `@bp.before_request` (a decorator without a call, which the route graph
 * does not read): the function runs before every view of that app or blueprint, so it is their
 * middleware. Read once the graph is built, so the app or blueprint is already known.
 */
function addBeforeRequestHooks(module: ModuleFacts, builder: GraphBuilder): void {
  for (const fn of module.functions) {
    for (const decorator of fn.decorators) {
      if (decorator.k !== 'member' || decorator.prop !== 'before_request') continue;
      const target = builder.target(decorator.obj, { module, scope: fn.parent, line: fn.span.startLine });
      if (target.kind === 'node' && target.node.framework === 'flask' && FLASK_LIKE.has(target.node.kind)) target.node.middleware.push(builder.handlerOfFunction(module, fn));
    }
  }
}

/**
 * `app.route("/x")(view)` and `bp.get("/y")(view)`: route decorators called by hand, which the
 * route graph does not read as decorators.
 */
function addAppliedDecorators(module: ModuleFacts, builder: GraphBuilder): void {
  for (const call of module.calls) {
    const decorator: Expr = call.callee;
    if (decorator.k !== 'call' || decorator.callee.k !== 'member' || !call.args) continue;
    const view = call.args[0]?.value;
    if (!view || call.args[0]!.name !== undefined) continue;
    const method = decorator.callee.prop;
    if (!flaskPlugin.decoratorMethods.has(method)) continue;
    const site = { module, scope: call.scope, line: decorator.line, call: decorator as CallExpr };
    const target = builder.target(decorator.callee.obj, site);
    if (target.kind === 'node' && target.node.framework === 'flask') addAppliedDecoratorRoute(target.node, method, site, view, builder);
  }
}
