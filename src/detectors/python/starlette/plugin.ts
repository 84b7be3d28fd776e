import { argOf, isExternalNamed, type GraphPlugin } from '../mounts/graph-builder.js';
import { BRACE_STYLE } from '../mounts/paths.js';
import { addEndpointRoute, addMount, addRouteByCall, addRouteList } from './routes.js';

const FRAMEWORK = 'starlette';

/**
 * Starlette in the route graph: `Starlette(routes=[...])` and `Router(routes=[...])` own routes;
 * `Route`, `WebSocketRoute`, `Mount` and `Host` trees are read from their lists; the older
 * `@app.route` / `add_route` / `mount` API adds to them.
 */
export const starlettePlugin: GraphPlugin = {
  framework: FRAMEWORK,
  style: BRACE_STYLE,
  constructorNames: new Set(['Starlette', 'Router']),
  construct(callee, builder) {
    const base = builder.externalBase(callee);
    const name = base ? isExternalNamed(base, ['starlette'], ['Starlette', 'Router']) : null;
    // A Router is an ASGI app by itself (`app = Router([...])` is served as is).
    return name ? { kind: name === 'Starlette' ? 'app' : 'router', standalone: true } : null;
  },
  init(node, site, builder) {
    // Starlette(debug, routes, ...) and Router(routes, ...): routes by keyword or position.
    const routes = argOf(site.call, node.kind === 'app' ? 1 : 0, 'routes');
    if (routes) addRouteList(node, routes, site, builder, FRAMEWORK);
  },
  decoratorMethods: new Set(['route', 'websocket_route']),
  decorate(node, method, site, target, builder) {
    if (target.kind !== 'function') return;
    addEndpointRoute(
      node,
      {
        framework: FRAMEWORK,
        path: argOf(site.call, 0, 'path'),
        endpoint: builder.handlerOfFunction(site.module, target.fn),
        methods: method === 'route' ? argOf(site.call, 1, 'methods') : undefined,
        websocket: method === 'websocket_route',
        site,
        line: site.call.line,
        apiRoute: false,
      },
      builder,
    );
  },
  callMethods: new Set(['add_route', 'add_websocket_route', 'mount', 'host']),
  call(node, method, site, builder) {
    const call = site.call;
    switch (method) {
      case 'add_route':
      case 'add_websocket_route':
        addRouteByCall(node, method, site, builder, FRAMEWORK);
        return;
      case 'mount':
        addMount(node, call, site, builder, FRAMEWORK, argOf(call, 0, 'path'), argOf(call, 1, 'app'), argOf(call, -1, 'routes'));
        return;
      case 'host':
        addMount(node, call, site, builder, FRAMEWORK, undefined, argOf(call, 1, 'app'), undefined);
        return;
    }
  },
  selfMembers: new Set(['router']),
};
