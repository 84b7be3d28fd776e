import { exprText } from '../../../linking/project-index.js';
import type { Arg } from '../../../parsing/types.js';
import {
  asLocated,
  follow,
  isLocated,
  itemsOf,
  originOf,
  valueOf,
  viewOf,
  type GraphBuilderApi,
  type Located,
  type ObjectView,
  type PluginFramework,
  type PrefixStep,
  type Target,
} from '../plugin-graph/index.js';
import { resolveHandlerExpr, type EvalContext, type GraphNode, type RouterFramework } from '../router-graph/index.js';

/** Hapi servers for the tracer: `Hapi.server({...})`, `new Hapi.Server(...)`, from @hapi/hapi or the old `hapi`. */
export const hapiRouter: RouterFramework = {
  id: 'hapi',
  packages: ['@hapi/hapi', 'hapi'],
  factoryKind(_pkg, imported) {
    return imported === 'server' || imported === 'Server' ? 'app' : null;
  },
  // Hapi declares routes with `server.route(config)` only; no member is a method name.
  methods: new Map(),
  typeNames: ['Hapi.Server', 'Server'],
};

const MEMBERS = new Set(['route', 'register']);
/** Handlers that plugins (inert, vision, h2o2) provide, written as objects. */
const BUILTIN_HANDLERS = ['file', 'directory', 'view', 'proxy'];

/**
 * Hapi: `server.route(route | routes)` with route objects and arrays declared inline or in
 * other modules, and `server.register(plugins, { routes: { prefix } })` with plugins whose
 * `register(server, options)` adds routes under the prefix, as hapi's `server.register` does.
 */
export const hapiFramework: PluginFramework = {
  id: 'hapi',
  router: hapiRouter,
  members: MEMBERS,
  packages: ['@hapi/hapi', 'hapi'],
  readCall(api, node, prop, _call, args, context) {
    if (!args[0] || args[0].spread) return;
    if (prop === 'route') {
      for (const item of itemsOf(api.project, { expr: args[0].value, context })) readRoute(api, node, item, context);
    } else if (prop === 'register') readRegister(api, node, args, context);
  },
};

/** One route configuration: `{ method, path, handler }`, handler also in `options` (or the older `config`). */
function readRoute(api: GraphBuilderApi, node: GraphNode, item: Target, context: EvalContext): void {
  const view = viewOf(api.project, item);
  if (!view) {
    api.report({
      severity: 'warning',
      code: 'unresolved-route-part',
      message: `Route configuration could not be resolved statically: ${describe(item)}; its routes are not listed`,
      file: context.module,
      line: context.line,
    });
    return;
  }
  const path = asLocated(view.get('path'));
  const methodTarget = asLocated(view.get('method'));
  if (!path || !methodTarget) return;
  const followed = follow(api.project, item);
  const origin = isLocated(followed) && followed.expr.k === 'obj' ? originOf(followed) : { file: context.module, line: context.line };
  const options = view.get('options') ?? view.get('config');
  const optionsView = options ? viewOf(api.project, options) : null;
  const handlerTarget = view.get('handler') ?? optionsView?.get('handler') ?? null;
  const handler = asLocated(handlerTarget);
  const builtin = handlerTarget ? builtinHandlerOf(api, handlerTarget) : null;
  const middleware = optionsView ? prerequisitesOf(api, optionsView) : [];
  const methodValue = valueOf(api.project, methodTarget);
  const names = methodValue.k === 'str' ? [methodValue.v] : methodValue.k === 'arr' ? methodValue.items.map((item) => (item.k === 'str' ? item.v : null)) : [null];
  for (const name of names) {
    const method = name === null ? null : name === '*' ? 'ALL' : name.toUpperCase();
    api.addRoute(node, {
      method,
      ...(method === null ? { methodExpr: methodTarget } : {}),
      path,
      file: origin.file,
      line: origin.line,
      handler: builtin ? null : handler,
      ...(builtin ? { builtinHandler: builtin } : {}),
      middleware,
    });
  }
}

/** `handler: { directory: { path: 'public' } }`: a handler a plugin provides, named by its key. */
function builtinHandlerOf(api: GraphBuilderApi, target: Target): string | null {
  const followed = follow(api.project, target);
  if (!isLocated(followed) || followed.expr.k !== 'obj') return null;
  const keys = followed.expr.props.map((prop) => prop.key).filter((key): key is string => key !== null);
  return keys.find((key) => BUILTIN_HANDLERS.includes(key)) ?? keys[0] ?? 'object';
}

/** Route prerequisites (`options.pre`): functions or `{ method, assign }`, nested arrays run in parallel. */
function prerequisitesOf(api: GraphBuilderApi, options: ObjectView): Located[] {
  const pre = options.get('pre');
  if (!pre) return [];
  const found: Located[] = [];
  const visit = (target: Target, depth: number) => {
    for (const item of itemsOf(api.project, target)) {
      const followed = follow(api.project, item);
      if (depth < 2 && isLocated(followed) && followed.expr.k === 'arr') {
        visit(followed, depth + 1);
        continue;
      }
      const method = viewOf(api.project, item)?.get('method');
      const located = asLocated(method ?? item);
      if (located) found.push(located);
    }
  };
  visit(pre, 0);
  return found;
}

/**
 * `server.register(plugin | [plugins], { routes: { prefix } })`. Items are a plugin object
 * (`{ name, register }`), a registration (`{ plugin, options, routes: { prefix } }`), or a
 * module exporting `plugin`; hapi 16's `{ register: require('./x') }` and `exports.register`
 * are read too. A registration's own prefix replaces the inherited one; the call's `routes.prefix`
 * adds to it.
 */
function readRegister(api: GraphBuilderApi, node: GraphNode, args: Arg[], context: EvalContext): void {
  const callOptions = args[1] && !args[1].spread ? viewOf(api.project, { expr: args[1].value, context }) : null;
  const callRoutes = callOptions?.get('routes');
  const callPrefix = asLocated(callRoutes ? (viewOf(api.project, callRoutes)?.get('prefix') ?? null) : null);
  for (const item of itemsOf(api.project, { expr: args[0]!.value, context })) {
    const registration = registrationOf(api, item);
    if (!registration) {
      if (!isExternal(api, item)) reportPlugin(api, item, context);
      continue;
    }
    const fn = registration.register ? registerFunctionOf(api, registration.register, 0) : null;
    if (!fn) {
      if (!registration.external) reportPlugin(api, item, context);
      continue;
    }
    const child = api.paramNodeOf(fn.file, fn.fnId, 0);
    if (!child) continue;
    const itemPrefix = asLocated(registration.routes ? (viewOf(api.project, registration.routes)?.get('prefix') ?? null) : null);
    const prefix = itemPrefix ?? callPrefix;
    const prefixes: PrefixStep[] = prefix ? [{ source: prefix, file: context.module, line: context.line }] : [];
    const params = new Map();
    const options = asLocated(registration.options);
    if (options) {
      const value = valueOf(api.project, options);
      if (value.k !== 'unknown') params.set(`${fn.file}#${fn.fnId}#1`, value);
    }
    api.addEdge({ parent: node.key, child: child.key, prefixes, ...(itemPrefix ? { resetPrefix: true } : {}), file: context.module, line: context.line, params, kind: 'register' });
  }
}

interface Registration {
  register: Target | null;
  routes: Target | null;
  options: Target | null;
  /** The plugin comes from a package (`{ plugin: require('@hapi/inert') }`): nothing to list. */
  external: boolean;
}

function registrationOf(api: GraphBuilderApi, item: Target): Registration | null {
  const view = viewOf(api.project, item);
  if (!view) return null;
  const plugin = view.get('plugin');
  if (plugin) {
    const pluginView = viewOf(api.project, plugin);
    // `{ plugin: require('./users') }` where the module exports `plugin`: hapi unwraps it.
    const inner = pluginView && !pluginView.get('register') && pluginView.get('plugin') ? viewOf(api.project, pluginView.get('plugin')!) : pluginView;
    return { register: inner?.get('register') ?? null, routes: view.get('routes'), options: view.get('options'), external: !inner && isExternal(api, plugin) };
  }
  const register = view.get('register');
  if (!register) return null;
  return { register, routes: view.get('routes'), options: view.get('options'), external: false };
}

/** The `register` function of a plugin; hapi 16's `{ register: require('./plugin') }` leads to a module with one. */
function registerFunctionOf(api: GraphBuilderApi, target: Target, depth: number): { file: string; fnId: number } | null {
  const located = asLocated(follow(api.project, target));
  if (located) {
    const ref = resolveHandlerExpr(api.project, located.expr, located.context);
    if (ref && ref.fnId !== undefined) return { file: ref.file, fnId: ref.fnId };
  }
  if (depth >= 2) return null;
  const inner = viewOf(api.project, target)?.get('register');
  return inner ? registerFunctionOf(api, inner, depth + 1) : null;
}

function isExternal(api: GraphBuilderApi, target: Target): boolean {
  const located = asLocated(follow(api.project, target));
  if (!located) return false;
  const traced = api.tracer.trace(located.expr, located.context);
  return traced?.t === 'binding' && traced.binding.kind === 'external';
}

function reportPlugin(api: GraphBuilderApi, item: Target, context: EvalContext): void {
  api.report({
    severity: 'warning',
    code: 'unresolved-route-part',
    message: `Plugin could not be resolved statically: ${describe(item)}; the routes it registers are not listed`,
    file: context.module,
    line: context.line,
  });
}

function describe(target: Target): string {
  return isLocated(target) ? exprText(target.expr) : target.module;
}
