import type { ProjectIndex } from '../../../linking/types.js';
import type { Arg, ClassFact, Expr, FunctionFact, ModuleFacts } from '../../../parsing/types.js';
import { handlerFromBinding, reportUnresolved, resolutionOf, unresolvedSegment } from '../../shared.js';
import type { DetectContext, DetectedEndpoint, HandlerRef, MountStep } from '../../types.js';
import type { NestApp, VersionSource } from './bootstrap.js';
import type { RouterPath } from './module-graph.js';
import { isExcluded, joinNestPath, prefixOf } from './nest-paths.js';
import { NEST_COMMON, classMethods, packageDecorator, stringsOf, versionsOf } from './nest-values.js';

/**
 * HTTP routes of `@Controller` classes: each route decorator on a method (own or inherited) gives
 * one endpoint per combination of controller path, method path, RouterModule path, version and app.
 */

const SOURCE = 'nestjs';

/** Route decorators of @nestjs/common and the method each serves. */
const ROUTE_DECORATORS: Record<string, string> = {
  Get: 'GET',
  Post: 'POST',
  Put: 'PUT',
  Patch: 'PATCH',
  Delete: 'DELETE',
  Options: 'OPTIONS',
  Head: 'HEAD',
  All: 'ALL',
  Search: 'SEARCH',
  Propfind: 'PROPFIND',
  Proppatch: 'PROPPATCH',
  Mkcol: 'MKCOL',
  Copy: 'COPY',
  Move: 'MOVE',
  Lock: 'LOCK',
  Unlock: 'UNLOCK',
  // Server-sent events are a GET route that streams: realtime.
  Sse: 'GET',
};

/** Decorators that put code before the handler, and the method of the class that runs. */
const ENHANCERS: Record<string, string> = { UseGuards: 'canActivate', UseInterceptors: 'intercept', UsePipes: 'transform' };

interface Fragment {
  path: string;
  resolved: boolean;
}

export interface ControllerScope {
  /** The apps this controller is served by; an empty list means no bootstrap applies. */
  apps: NestApp[];
  /** RouterModule paths of the modules declaring the controller; null is none. */
  routerPaths: (RouterPath | null)[];
}

/** The `@Controller(...)` decorator of a class, if it has one. */
export function controllerDecorator(project: ProjectIndex, module: ModuleFacts, cls: ClassFact): { args: Arg[]; line: number } | null {
  for (const decorator of cls.decorators) {
    const call = packageDecorator(project, module.path, cls.parent, decorator, NEST_COMMON);
    if (call?.name === 'Controller') return call;
  }
  return null;
}

export function detectControllerRoutes(
  context: DetectContext,
  module: ModuleFacts,
  cls: ClassFact,
  decorator: { args: Arg[]; line: number },
  scope: ControllerScope,
): DetectedEndpoint[] {
  const { project } = context;
  const controller = readControllerOptions(context, module, cls, decorator);
  const classEnhancers = readEnhancers(project, module, cls, cls.decorators);
  const endpoints: DetectedEndpoint[] = [];
  for (const member of classMethods(project, module, cls)) {
    const fn = member.module.functions[member.fnId]!;
    const route = readRoute(context, member.module, member.cls, fn);
    if (!route) continue;
    const handler = handlerFromBinding({ kind: 'function', module: member.module.path, fn }, project);
    const middleware = [...classEnhancers, ...readEnhancers(project, member.module, member.cls, fn.decorators)];
    const apps: (NestApp | null)[] = scope.apps.length > 0 ? scope.apps : [null];
    const routers = scope.routerPaths.length > 0 ? scope.routerPaths : [null];
    for (const app of apps) {
      for (const version of versionSegments(app, route.version, controller.version)) {
        for (const router of routers) {
          for (const controllerPath of controller.paths) {
            for (const methodPath of route.paths) {
              const inner = joinNestPath(...(router ? router.steps.map((s) => s.prefix) : []), controllerPath.path, methodPath.path);
              const prefix = app?.globalPrefix;
              const prefixed = prefix !== undefined && prefix.step.prefix !== '/' && !isExcluded(prefix.exclude, inner, route.method);
              const chain: MountStep[] = [];
              if (prefixed) chain.push(prefix.step);
              if (version) chain.push(version.step);
              if (router) chain.push(...router.steps);
              if (controllerPath.path !== '' && prefixOf(controllerPath.path) !== '/') {
                chain.push({ prefix: prefixOf(controllerPath.path), file: module.path, line: decorator.line });
              }
              const prefixesResolved = controllerPath.resolved && (router?.resolved ?? true) && (!prefixed || prefix.resolved);
              const endpoint: DetectedEndpoint = {
                method: route.method,
                path: joinNestPath(prefixed ? prefix.prefix : '', version ? version.step.prefix : '', inner),
                framework: SOURCE,
                language: member.module.language,
                file: member.module.path,
                line: route.line,
                handler,
                mountChain: chain,
                resolution: resolutionOf(methodPath.resolved, prefixesResolved, handler !== null),
              };
              if (middleware.length > 0) endpoint.middleware = middleware;
              if (route.realtime) endpoint.tags = ['realtime'];
              endpoints.push(endpoint);
            }
          }
        }
      }
    }
  }
  return endpoints;
}

interface ControllerOptions {
  paths: Fragment[];
  version?: VersionSource;
}

/** `@Controller()`, `@Controller('x')`, `@Controller(['a', 'b'])`, `@Controller({ path, version })`. */
function readControllerOptions(context: DetectContext, module: ModuleFacts, cls: ClassFact, decorator: { args: Arg[]; line: number }): ControllerOptions {
  const { project } = context;
  const arg = decorator.args[0]?.value;
  if (!arg) return { paths: [{ path: '', resolved: true }] };
  const value = project.evaluate(arg, module.path, cls.parent);
  if (value.k !== 'obj') return { paths: fragmentsOf(context, module, arg, value, 'Controller path', decorator.line) };
  const options: ControllerOptions = { paths: [{ path: '', resolved: true }] };
  const pathValue = value.props.get('path');
  if (pathValue) options.paths = fragmentsOf(context, module, propExpr(arg, 'path') ?? arg, pathValue, 'Controller path', decorator.line);
  const versionValue = value.props.get('version');
  if (versionValue) {
    const versions = versionsOf(versionValue);
    if (versions) options.version = { versions, file: module.path, line: decorator.line };
    else reportUnresolved(context, SOURCE, 'Controller version', propExpr(arg, 'version') ?? arg, module.path, decorator.line);
  }
  return options;
}

function propExpr(expr: Expr, name: string): Expr | undefined {
  return expr.k === 'obj' ? expr.props.find((p) => p.key === name)?.value : undefined;
}

/** Path fragments from a string or an array of strings; what is not known becomes an unresolved segment. */
function fragmentsOf(context: DetectContext, module: ModuleFacts, expr: Expr, value: ReturnType<ProjectIndex['evaluate']>, what: string, line: number): Fragment[] {
  const strings = stringsOf(value);
  if (strings) return strings.length > 0 ? strings.map((path) => ({ path, resolved: true })) : [{ path: '', resolved: true }];
  if (value.k === 'arr' && expr.k === 'arr' && expr.items.length === value.items.length) {
    return value.items.map((item, index) => {
      if (item.k === 'str') return { path: item.v, resolved: true };
      const itemExpr = expr.items[index]!;
      reportUnresolved(context, SOURCE, what, itemExpr, module.path, line);
      return { path: unresolvedSegment(itemExpr), resolved: false };
    });
  }
  reportUnresolved(context, SOURCE, what, expr, module.path, line);
  return [{ path: unresolvedSegment(expr), resolved: false }];
}

interface RouteInfo {
  method: string;
  paths: Fragment[];
  line: number;
  version?: VersionSource;
  realtime: boolean;
}

function readRoute(context: DetectContext, module: ModuleFacts, cls: ClassFact, fn: FunctionFact): RouteInfo | null {
  const { project } = context;
  let route: RouteInfo | null = null;
  let version: VersionSource | undefined;
  for (const decorator of fn.decorators) {
    const call = packageDecorator(project, module.path, cls.parent, decorator, NEST_COMMON);
    if (!call) continue;
    const method = ROUTE_DECORATORS[call.name];
    // Stacked route decorators overwrite each other's metadata; the topmost runs last and wins.
    if (method !== undefined && route === null) {
      const arg = call.args[0]?.value;
      const paths = arg ? fragmentsOf(context, module, arg, project.evaluate(arg, module.path, cls.parent), 'Route path', call.line) : [{ path: '', resolved: true }];
      route = { method, paths, line: call.line, realtime: call.name === 'Sse' };
    } else if (call.name === 'Version' && call.args[0]) {
      const versions = versionsOf(project.evaluate(call.args[0].value, module.path, cls.parent));
      if (versions) version = { versions, file: module.path, line: call.line };
      else reportUnresolved(context, SOURCE, 'Route version', call.args[0].value, module.path, call.line);
    }
  }
  if (route && version) route.version = version;
  return route;
}

/**
 * The version segments a route gets: the method's `@Version`, else the controller's `version`, else
 * the app's `defaultVersion`, and only under URI versioning. `[null]` is a route without one.
 */
function versionSegments(app: NestApp | null, method: VersionSource | undefined, controller: VersionSource | undefined): ({ step: MountStep } | null)[] {
  const versioning = app?.versioning;
  if (!versioning?.uri) return [null];
  const source = method ?? controller ?? versioning.defaultVersion;
  if (!source || source.versions.length === 0) return [null];
  return source.versions.map((version) => (version === null ? null : { step: { prefix: prefixOf(`${versioning.prefix}${version}`), file: source.file, line: source.line } }));
}

/** Guards, interceptors and pipes named in `@UseGuards(...)` and friends that are classes of the project. */
function readEnhancers(project: ProjectIndex, module: ModuleFacts, cls: ClassFact, decorators: readonly Expr[]): HandlerRef[] {
  const refs: HandlerRef[] = [];
  for (const decorator of decorators) {
    const call = packageDecorator(project, module.path, cls.parent, decorator, NEST_COMMON);
    const methodName = call ? ENHANCERS[call.name] : undefined;
    if (!call || !methodName) continue;
    for (const arg of call.args) {
      // `new RolesGuard()` and `RolesGuard` are the same enhancer.
      const target = arg.value.k === 'call' && arg.value.isNew ? arg.value.callee : arg.value;
      const binding = project.resolveExpr(target, module.path, cls.parent);
      if (binding.kind !== 'class') continue;
      const enhancerModule = project.modules.get(binding.module);
      if (!enhancerModule) continue;
      const method = binding.cls.methods.map((id) => enhancerModule.functions[id]!).find((f) => f.name === methodName);
      const ref = method
        ? handlerFromBinding({ kind: 'function', module: binding.module, fn: method }, project)
        : { name: binding.cls.name, file: binding.module, startLine: binding.cls.span.startLine, endLine: binding.cls.span.endLine };
      if (ref) refs.push(ref);
    }
  }
  return refs;
}

