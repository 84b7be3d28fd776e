import { exprText } from '../../../linking/project-index.js';
import type { Expr } from '../../../parsing/types.js';
import { argOf, isExternalNamed, type CallSite, type GraphBuilder, type GraphPlugin } from '../mounts/graph-builder.js';
import { BRACE_STYLE } from '../mounts/paths.js';
import type { PathPiece, RouteNode } from '../mounts/types.js';
import { addEndpointRoute, addMount, addRouteByCall, addRouteList } from '../starlette/routes.js';
import { dependencyList, parameterDependencies } from './dependencies.js';

const FRAMEWORK = 'fastapi';
const VERB_DECORATORS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The routes FastAPI adds to every app unless switched off, with their defaults. */
const GENERATED = {
  openapi: { option: 'openapi_url', path: '/openapi.json' },
  docs: { option: 'docs_url', path: '/docs' },
  oauth2Redirect: { option: 'swagger_ui_oauth2_redirect_url', path: '/docs/oauth2-redirect' },
  redoc: { option: 'redoc_url', path: '/redoc' },
} as const;

/**
 * FastAPI in the route graph: `FastAPI()` apps and `APIRouter(prefix=...)` routers, the verb
 * decorators, `api_route`, `add_api_route`, websockets, `include_router` chains with their prefixes
 * and dependencies, sub-applications under `mount`, and the generated documentation routes.
 */
export const fastapiPlugin: GraphPlugin = {
  framework: FRAMEWORK,
  style: BRACE_STYLE,
  constructorNames: new Set(['FastAPI', 'APIRouter']),
  construct(callee, builder) {
    const base = builder.externalBase(callee);
    const name = base ? isExternalNamed(base, ['fastapi'], ['FastAPI', 'APIRouter']) : null;
    if (name === 'FastAPI') return { kind: 'app', standalone: true };
    if (name === 'APIRouter') return { kind: 'router', standalone: false };
    return null;
  },
  init(node, site, builder) {
    const call = site.call;
    if (node.kind === 'router') {
      const prefix = argOf(call, -1, 'prefix');
      if (prefix) node.prefix = builder.piece(prefix, site, FRAMEWORK, 'Router prefix');
    }
    const dependencies = argOf(call, -1, 'dependencies');
    if (dependencies) node.middleware.push(...dependencyList(dependencies, site, builder));
    const routes = argOf(call, -1, 'routes');
    if (routes) addRouteList(node, routes, site, builder, FRAMEWORK);
    if (node.kind === 'app') addGeneratedRoutes(node, site, builder);
  },
  decoratorMethods: new Set([...VERB_DECORATORS, 'api_route', 'websocket', 'websocket_route', 'route']),
  decorate(node, method, site, target, builder) {
    if (target.kind !== 'function') return;
    const call = site.call;
    const handler = builder.handlerOfFunction(site.module, target.fn);
    if (method === 'route' || method === 'websocket_route') {
      // Starlette's decorators on a FastAPI app: plain routes, without FastAPI's dependencies.
      addEndpointRoute(
        node,
        { framework: FRAMEWORK, path: argOf(call, 0, 'path'), endpoint: handler, methods: method === 'route' ? argOf(call, 1, 'methods') : undefined, websocket: method === 'websocket_route', site, line: call.line, apiRoute: false },
        builder,
      );
      return;
    }
    const middleware = [...routeDependencies(site, builder), ...parameterDependencies(site.module, target.fn, builder)];
    const websocket = method === 'websocket';
    addEndpointRoute(
      node,
      {
        framework: FRAMEWORK,
        path: argOf(call, 0, 'path'),
        endpoint: handler,
        methods: method === 'api_route' ? argOf(call, -1, 'methods') : undefined,
        websocket,
        site,
        line: call.line,
        apiRoute: true,
        middleware,
        defaultMethods: VERB_DECORATORS.includes(method) ? [method.toUpperCase()] : ['GET'],
      },
      builder,
    );
  },
  callMethods: new Set(['add_api_route', 'add_api_websocket_route', 'add_route', 'add_websocket_route', 'include_router', 'mount', 'host']),
  call(node, method, site, builder) {
    const call = site.call;
    switch (method) {
      case 'add_api_route':
      case 'add_api_websocket_route': {
        const endpoint = argOf(call, 1, 'endpoint');
        const websocket = method === 'add_api_websocket_route';
        const binding = endpoint ? builder.resolve(endpoint, site) : null;
        const params = binding?.kind === 'function' ? parameterDependencies(builder.project.modules.get(binding.module)!, binding.fn, builder) : [];
        addEndpointRoute(
          node,
          {
            framework: FRAMEWORK,
            path: argOf(call, 0, 'path'),
            endpoint,
            methods: websocket ? undefined : argOf(call, -1, 'methods'),
            websocket,
            site,
            line: call.line,
            apiRoute: true,
            middleware: [...routeDependencies(site, builder), ...params],
          },
          builder,
        );
        return;
      }
      case 'add_route':
      case 'add_websocket_route':
        addRouteByCall(node, method, site, builder, FRAMEWORK);
        return;
      case 'include_router':
        includeRouter(node, site, builder);
        return;
      case 'mount':
        addMount(node, call, site, builder, FRAMEWORK, argOf(call, 0, 'path'), argOf(call, 1, 'app'), undefined);
        return;
      case 'host':
        addMount(node, call, site, builder, FRAMEWORK, undefined, argOf(call, 1, 'app'), undefined);
        return;
    }
  },
  selfMembers: new Set(['router']),
};

function routeDependencies(site: CallSite, builder: GraphBuilder) {
  const dependencies = argOf(site.call, -1, 'dependencies');
  return dependencies ? dependencyList(dependencies, site, builder) : [];
}

/** `include_router(router, prefix=..., dependencies=[...])`: the router's routes under the prefix. */
function includeRouter(parent: RouteNode, site: CallSite, builder: GraphBuilder): void {
  const call = site.call;
  const routerExpr = argOf(call, 0, 'router');
  if (!routerExpr) return;
  const prefixExpr = argOf(call, -1, 'prefix');
  const prefix = prefixExpr ? builder.piece(prefixExpr, site, FRAMEWORK, 'Include prefix') : null;
  const target = builder.target(routerExpr, site);
  if (target.kind === 'node') {
    builder.addEdge(parent, { target: target.node, prefix, file: site.module.path, line: call.line, middleware: routeDependencies(site, builder) });
    return;
  }
  const where = prefix?.text ? ` at ${prefix.text}` : '';
  // A FastAPI router that could not be told apart (`APIRouter()` reached by a path the graph does not follow) is unresolved, not foreign.
  if (target.kind === 'binding' && target.binding.kind === 'external' && target.binding.package !== 'fastapi') {
    builder.report(FRAMEWORK, 'warning', 'external-router', `A router from package ${target.binding.package} is included${where}; its routes are not listed: ${exprText(routerExpr)}`, site.module.path, call.line);
    return;
  }
  builder.reportUnresolved(FRAMEWORK, `Included router${where}`, routerExpr, site);
}

/**
 * `/openapi.json`, `/docs`, `/docs/oauth2-redirect` and `/redoc`, as FastAPI.setup() adds them: none
 * without an OpenAPI URL, the redirect only with the Swagger UI. A `None` or `""` option switches one off;
 * an option that is `None` only under some condition is listed with a note.
 */
function addGeneratedRoutes(node: RouteNode, site: CallSite, builder: GraphBuilder): void {
  if (site.call.args.some((arg) => arg.spread)) {
    builder.report(FRAMEWORK, 'info', 'assumed-default', `FastAPI options passed as ${site.call.args.filter((arg) => arg.spread).map((arg) => `**${exprText(arg.value)}`).join(', ')} could not be read; the documentation routes not named otherwise are listed at their defaults`, site.module.path, site.call.line);
  }
  const option = (which: keyof typeof GENERATED): PathPiece | null => {
    const { option: name, path } = GENERATED[which];
    const expr = argOf(site.call, -1, name);
    if (!expr) return { text: path, expr: { k: 'str', v: path }, file: site.module.path, line: site.call.line };
    return generatedPiece(expr, site, builder, name);
  };
  const add = (piece: PathPiece): void => {
    builder.addRoute(node, { framework: FRAMEWORK, methods: ['GET'], methodsResolved: true, path: piece, file: site.module.path, line: site.call.line, handler: null, middleware: [], inheritsMiddleware: false, generated: true });
  };
  const openapi = option('openapi');
  if (!openapi) return;
  add(openapi);
  const docs = option('docs');
  if (docs) {
    add(docs);
    const redirect = option('oauth2Redirect');
    if (redirect) add(redirect);
  }
  const redoc = option('redoc');
  if (redoc) add(redoc);
}

function generatedPiece(expr: Expr, site: CallSite, builder: GraphBuilder, option: string): PathPiece | null {
  const at = { file: site.module.path, line: site.call.line };
  const value = builder.evaluate(expr, site);
  // FastAPI tests the options for truth: None and "" both switch a route off.
  if (value.k === 'null' || (value.k === 'str' && value.v === '')) return null;
  if (value.k === 'str') return { text: value.v, expr, ...at };
  if (expr.k === 'cond') {
    const branches = [builder.evaluate(expr.then, site), builder.evaluate(expr.else, site)];
    const text = branches.find((branch) => branch.k === 'str' && branch.v !== '');
    if (text?.k === 'str' && branches.some((branch) => branch.k === 'null' || (branch.k === 'str' && branch.v === ''))) {
      builder.report(FRAMEWORK, 'info', 'conditional-route', `${option} is ${text.v} only when ${exprText(expr.test)}; the route is listed`, site.module.path, site.call.line);
      return { text: text.v, expr, ...at };
    }
  }
  return builder.piece(expr, { ...site, line: site.call.line }, FRAMEWORK, `FastAPI ${option}`);
}
