import type { Arg } from '../../../parsing/types.js';
import { asLocated, follow, isLocated, itemsOf, originOf, valueOf, viewOf, type GraphBuilderApi, type Located, type ObjectView, type PluginRoute, type Target } from '../plugin-graph/index.js';
import type { EvalContext, GraphNode } from '../router-graph/index.js';

/** Fastify's shorthand methods (`fastify.get(path, [options,] handler)`). */
export const SHORTHAND_METHODS: ReadonlyMap<string, string> = new Map([
  ['get', 'GET'], ['head', 'HEAD'], ['post', 'POST'], ['put', 'PUT'], ['delete', 'DELETE'], ['options', 'OPTIONS'], ['patch', 'PATCH'], ['all', 'ALL'],
]);

/** Request hooks that run before the handler, in lifecycle order: a route's middleware. */
export const REQUEST_HOOKS = ['onRequest', 'preParsing', 'preValidation', 'preHandler'];

/**
 * `fastify.get('/x', handler)`, `fastify.get('/x', { schema, preHandler }, handler)` and
 * `fastify.get('/x', { handler })`; `{ websocket: true }` (@fastify/websocket) makes it a `WS` route.
 */
export function readShorthand(api: GraphBuilderApi, node: GraphNode, method: string, args: Arg[], context: EvalContext): void {
  if (args.length < 2 || args.some((arg) => arg.spread)) return;
  const path: Located = { expr: args[0]!.value, context };
  const rest: Located[] = args.slice(1).map((arg) => ({ expr: arg.value, context }));
  let options: ObjectView | null = null;
  let handler: Located | null;
  if (rest.length >= 2) {
    options = viewOf(api.project, rest[0]!);
    handler = rest[rest.length - 1]!;
  } else {
    options = optionsObject(api, rest[0]!);
    handler = options ? asLocated(options.get('handler')) : rest[0]!;
  }
  for (const route of routesOf(api, method, path, options, handler, context.module, context.line)) api.addRoute(node, route);
}

/** `fastify.route({ method, url, handler })`: one route per method, `path` an alias of `url`. */
export function readRouteObject(api: GraphBuilderApi, node: GraphNode, target: Target, context: EvalContext): void {
  const options = viewOf(api.project, target);
  if (!options) return;
  const path = asLocated(options.get('url') ?? options.get('path'));
  const methodTarget = asLocated(options.get('method'));
  if (!path || !methodTarget) return;
  // A route object written inline is declared by the call; one held elsewhere, by its declaration.
  const followed = follow(api.project, target);
  const origin = isLocated(followed) && followed.expr.k === 'obj' ? originOf(followed) : { file: context.module, line: context.line };
  const methodValue = valueOf(api.project, methodTarget);
  const names = methodValue.k === 'str' ? [methodValue.v] : methodValue.k === 'arr' ? methodValue.items.map((item) => (item.k === 'str' ? item.v : null)) : [null];
  for (const name of names) {
    const handler = asLocated(options.get('handler'));
    for (const route of routesOf(api, name === null ? null : name.toUpperCase(), path, options, handler, origin.file, origin.line)) {
      if (route.method === null) route.methodExpr = methodTarget;
      api.addRoute(node, route);
    }
  }
}

/** The routes one declaration makes: the HTTP route, or the WebSocket route, or both (`wsHandler`). */
function routesOf(api: GraphBuilderApi, method: string | null, path: Located, options: ObjectView | null, handler: Located | null, file: string, line: number): PluginRoute[] {
  const middleware = options ? hooksOf(api, options) : [];
  const websocket = options ? asLocated(options.get('websocket')) : null;
  const isWebSocket = websocket !== null && valueOf(api.project, websocket).k === 'bool' && (valueOf(api.project, websocket) as { v: boolean }).v;
  if (isWebSocket) return [{ method: 'WS', path, file, line, handler, middleware, realtime: true }];
  const routes: PluginRoute[] = [{ method, path, file, line, handler, middleware }];
  const wsHandler = options ? asLocated(options.get('wsHandler')) : null;
  if (wsHandler) routes.push({ method: 'WS', path, file, line, handler: wsHandler, middleware, realtime: true });
  return routes;
}

/** Route-level hooks (`preHandler: [auth, loadUser]`), flattened in lifecycle order. */
function hooksOf(api: GraphBuilderApi, options: ObjectView): Located[] {
  const hooks: Located[] = [];
  for (const name of REQUEST_HOOKS) {
    const value = options.get(name);
    if (!value) continue;
    for (const item of itemsOf(api.project, value)) {
      const located = asLocated(item);
      if (located) hooks.push({ ...located, name });
    }
  }
  return hooks;
}

/** The single argument after the path, when it is an options object rather than the handler. */
function optionsObject(api: GraphBuilderApi, target: Located): ObjectView | null {
  const followed = follow(api.project, target);
  if (!isLocated(followed) || followed.expr.k === 'fn') return null;
  const view = viewOf(api.project, followed);
  return view && view.get('handler') ? view : null;
}
