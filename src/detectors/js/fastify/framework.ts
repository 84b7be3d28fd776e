import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex, Value } from '../../../linking/types.js';
import type { Arg, ModuleFacts } from '../../../parsing/types.js';
import type { HandlerRef } from '../../types.js';
import { asLocated, valueOf, viewOf, type GraphBuilderApi, type Located, type PluginFramework, type PrefixStep } from '../plugin-graph/index.js';
import { evaluateIn, type EvalContext, type GraphNode, type RouterFramework, type RouterTracer } from '../router-graph/index.js';
import { autoloadPrefixSteps, ownPrefixOf, readAutoloadSettings } from './autoload.js';
import { resolvePlugin } from './plugins.js';
import { readRouteObject, readShorthand, REQUEST_HOOKS, SHORTHAND_METHODS } from './routes.js';

/**
 * Fastify instances for the tracer: `Fastify()`, `require('fastify')()`, `fastify({ logger })`.
 * Members listed as handler members return the instance itself, so chains such as
 * `fastify.withTypeProvider<T>().get(...)` or `const app = fastify.register(x)` stay the instance.
 */
export const fastifyRouter: RouterFramework = {
  id: 'fastify',
  packages: ['fastify'],
  factoryKind(_pkg, imported) {
    return imported === '*' || imported === 'default' || imported === 'fastify' || imported === 'Fastify' ? 'app' : null;
  },
  methods: SHORTHAND_METHODS,
  handlerMembers: ['register', 'after', 'route', 'withTypeProvider', 'addHook', 'decorate', 'decorateRequest', 'decorateReply', 'addSchema', 'setErrorHandler', 'setNotFoundHandler'],
  typeNames: ['FastifyInstance', 'FastifyPlugin'],
};

const MEMBERS = new Set([...SHORTHAND_METHODS.keys(), 'route', 'register', 'addHook', 'decorate']);

/** The Fastify adapter for the plugin-graph engine; one per detection, since it collects decorations. */
export function createFastifyFramework(): PluginFramework {
  const decorations = new Map<string, Located>();
  const autoloadDirs: string[] = [];
  // Asked once per unregistered plugin parameter: which modules something imports is read once per detection.
  let imported: ReadonlySet<string> | null = null;
  const importedModules = (project: ProjectIndex, modules: readonly ModuleFacts[]): ReadonlySet<string> => (imported ??= collectImportedModules(project, modules));
  return {
    id: 'fastify',
    router: fastifyRouter,
    members: MEMBERS,
    packages: ['fastify', 'fastify-plugin', '@fastify/autoload', 'fastify-cli'],
    readCall(api, node, prop, _call, args, context) {
      const method = SHORTHAND_METHODS.get(prop);
      if (method) readShorthand(api, node, method, args, context);
      else if (prop === 'route' && args[0]) readRouteObject(api, node, { expr: args[0].value, context }, context);
      else if (prop === 'register' && args[0]) readRegister(api, node, args, context, autoloadDirs);
      else if (prop === 'addHook' && args.length >= 2) {
        const name = evaluateIn(api.project, args[0]!.value, context);
        if (name.k === 'str' && REQUEST_HOOKS.includes(name.v)) api.addHook(node, { expr: args[1]!.value, context, name: name.v });
      } else if (prop === 'decorate' && args.length >= 2) {
        const name = evaluateIn(api.project, args[0]!.value, context);
        if (name.k === 'str' && !decorations.has(name.v)) decorations.set(name.v, { expr: args[1]!.value, context });
      }
    },
    // `preHandler: [fastify.authenticate]`: a function an auth plugin decorated the instance with.
    resolveExtra(located) {
      return located.expr.k === 'member' ? (decorations.get(located.expr.prop) ?? null) : null;
    },
    // A plugin file autoload skips (an index file beside it, an ignore pattern) is not the app either.
    isApplicationRoot: (node, project, modules, tracer) => autoloadDirOf(autoloadDirs, node.file) === null && isApplicationRoot(node, project, tracer, () => importedModules(project, modules)),
    explainUnregistered(node) {
      const dir = autoloadDirOf(autoloadDirs, node.file);
      if (dir === null) return null;
      return `plugin in ${node.file} sits in the autoload folder ${dir} but autoload does not load it (an index file beside it, an ignore or match option, or \`autoload = false\`); its routes are listed without a prefix`;
    },
  };
}

function autoloadDirOf(dirs: readonly string[], file: string): string | null {
  return dirs.find((dir) => dir === '.' || file.startsWith(`${dir}/`)) ?? null;
}

/** `fastify.register(plugin, { prefix })`, with plugin options bound to the plugin's second parameter. */
function readRegister(api: GraphBuilderApi, node: GraphNode, args: Arg[], context: EvalContext, autoloadDirs: string[]): void {
  if (args[0]!.spread) return;
  const plugin = resolvePlugin(api.project, api.tracer, { expr: args[0]!.value, context });
  const options: Located | null = args[1] && !args[1].spread ? { expr: args[1].value, context } : null;
  if (plugin.kind === 'autoload') {
    registerAutoload(api, node, options, context, autoloadDirs);
    return;
  }
  if (plugin.kind === 'unresolved') {
    api.report({
      severity: 'warning',
      code: 'unresolved-route-part',
      message: `Plugin could not be resolved statically: ${exprTextOf(plugin.expr)}; the routes it registers are not listed`,
      file: context.module,
      line: context.line,
    });
    return;
  }
  if (plugin.kind !== 'function') return;
  const prefix = options ? asLocated(viewOf(api.project, options)?.get('prefix') ?? null) : null;
  const steps: PrefixStep[] = prefix ? [{ source: prefix, file: context.module, line: context.line }] : [];
  linkPlugin(api, node, plugin.fn, plugin.shared, steps, options ? valueOf(api.project, options) : null, context, exprText(args[0]!.value));
}

/**
 * Links a plugin function under its parent. A plugin sharing its parent's context (fastify-plugin,
 * autoload's `encapsulate: false`) gets no prefix; `written` is the plugin as the registration
 * wrote it, for the note that a prefix written there is ignored.
 */
function linkPlugin(api: GraphBuilderApi, parent: GraphNode, fn: HandlerRef, shared: boolean, steps: PrefixStep[], options: Value | null, context: EvalContext, written: string | null): GraphNode | null {
  if (fn.fnId === undefined) return null;
  const child = api.paramNodeOf(fn.file, fn.fnId, 0);
  if (!child) return null;
  const params = new Map<string, Value>();
  if (options && options.k !== 'unknown') params.set(`${fn.file}#${fn.fnId}#1`, options);
  // A prefix written at the registration is worth a note when Fastify ignores it; autoload's own are not.
  if (shared && steps.length > 0 && written !== null) {
    api.report({
      severity: 'info',
      code: 'ignored-prefix',
      message: `Plugin ${written} is wrapped with fastify-plugin, so Fastify ignores its prefix (${steps.map((step) => exprTextOf(step.source)).join(' + ')}); its routes are listed under the parent's prefix`,
      file: context.module,
      line: context.line,
    });
  }
  api.addEdge({ parent: parent.key, child: child.key, prefixes: shared ? [] : steps, shared, file: context.module, line: context.line, params, kind: 'register' });
  return child;
}

/**
 * autoload registers a folder's `autohooks` file in the same context as the folder's plugins,
 * so its hooks run before their routes: each plugin shares the hooks plugin's context.
 */
function linkAutoHooks(api: GraphBuilderApi, plugin: GraphNode, hookModules: readonly string[], context: EvalContext): void {
  for (const hookModule of hookModules) {
    const hooks = resolvePlugin(api.project, api.tracer, { module: hookModule, line: 1 });
    if (hooks.kind !== 'function' || hooks.fn.fnId === undefined) continue;
    const node = api.paramNodeOf(hooks.fn.file, hooks.fn.fnId, 0);
    if (node) api.addEdge({ parent: plugin.key, child: node.key, prefixes: [], shared: true, file: context.module, line: context.line, params: new Map(), kind: 'register' });
  }
}

/** Every plugin file autoload finds under its folder, each registered with its folder prefix. */
function registerAutoload(api: GraphBuilderApi, node: GraphNode, options: Located | null, context: EvalContext, autoloadDirs: string[]): void {
  const settings = readAutoloadSettings(api, options, context);
  if (!settings) return;
  autoloadDirs.push(settings.dir);
  const ignoring: string[] = [];
  for (const file of settings.files) {
    const disabled = ownPrefixOf(api.project, file.module, 'autoload');
    if (disabled) {
      const value = valueOf(api.project, disabled);
      if (value.k === 'bool' && !value.v) continue;
    }
    const plugin = resolvePlugin(api.project, api.tracer, { module: file.module, line: 1 });
    const steps = autoloadPrefixSteps(api, settings, file, context);
    if (plugin.kind === 'function') {
      const shared = plugin.shared || !settings.encapsulate;
      const child = linkPlugin(api, node, plugin.fn, shared, steps, settings.pluginOptions, context, null);
      if (shared) ignoring.push(file.module);
      if (child) linkAutoHooks(api, child, file.hooks, context);
    } else if (plugin.kind === 'route-object') {
      // autoload wraps an exported route object in a plugin that calls `fastify.route(object)`.
      const wrapper = syntheticNode(api, `autoload-route:${file.module}`, file.module);
      readRouteObject(api, wrapper, plugin.target, context);
      api.addEdge({ parent: node.key, child: wrapper.key, prefixes: steps, file: context.module, line: context.line, params: new Map(), kind: 'register' });
    } else if (plugin.kind === 'unresolved') {
      api.report({
        severity: 'warning',
        code: 'unresolved-route-part',
        message: `Autoloaded plugin could not be resolved statically: ${exprTextOf(plugin.expr)}; the routes it registers are not listed`,
        file: file.module,
        line: plugin.expr.context.line,
      });
    }
  }
  // The prefix written in autoload's options is lost on plugins that share their parent's context.
  if (settings.prefix && ignoring.length > 0) {
    api.report({
      severity: 'info',
      code: 'ignored-prefix',
      message: `Fastify ignores the autoload prefix ${exprText(settings.prefix.expr)} for plugins that share their parent's context (fastify-plugin or \`encapsulate: false\`): ${ignoring.join(', ')}`,
      file: context.module,
      line: context.line,
    });
  }
}

function syntheticNode(api: GraphBuilderApi, key: string, file: string): GraphNode {
  let node = api.tracer.nodes.get(key);
  if (!node) {
    node = { key, framework: 'fastify', kind: 'router', name: file, file, line: 1, ownPrefixes: [], routes: [] };
    api.tracer.nodes.set(key, node);
  }
  return node;
}

/**
 * An application started by fastify-cli (`fastify start app.js`) is a plugin file nothing
 * registers: the default export of a module no other server module imports, in a package
 * that depends on fastify-cli. Its routes are the app's, not a plugin's missing a prefix.
 */
function isApplicationRoot(node: GraphNode, project: ProjectIndex, tracer: RouterTracer, importedModules: () => ReadonlySet<string>): boolean {
  const param = node.param;
  if (!param || param.index !== 0 || !project.dependenciesOf(param.module).has('fastify-cli')) return false;
  const exported = project.modules.get(param.module)?.exports.some((e) => e.exported === 'default');
  if (!exported) return false;
  const plugin = resolvePlugin(project, tracer, { module: param.module, line: 1 });
  if (plugin.kind !== 'function' || plugin.fn.file !== param.module || plugin.fn.fnId !== param.fnId) return false;
  return !importedModules().has(param.module);
}

/** Every repository module one of `modules` imports. */
function collectImportedModules(project: ProjectIndex, modules: readonly ModuleFacts[]): Set<string> {
  const imported = new Set<string>();
  for (const module of modules) {
    for (const imp of module.imports) {
      const target = project.resolveImport(module.path, imp.source);
      if (target !== null && 'module' in target) imported.add(target.module);
    }
  }
  return imported;
}

function exprTextOf(located: Located): string {
  return exprText(located.expr);
}
