import type { ExportFact, Expr, ModuleFacts } from '../../../parsing/types.js';
import type { Binding } from '../../../linking/types.js';
import { reportUnresolved, resolutionOf } from '../../shared.js';
import type { DetectContext, DetectedEndpoint, Detector, MountStep } from '../../types.js';
import { resolveRouteHandler } from './handlers.js';
import { findNextApps, type NextApp } from './next-app.js';
import { appRoutePath, pagesApiPath, stripPageExtension } from './route-paths.js';

/**
 * Next.js file-system routes that run server code: Pages Router API routes (`pages/api/**`, whose
 * default export serves every method) and App Router route handlers (`route.ts` files under `app/`, one
 * endpoint per exported HTTP method). Pages, layouts and files no URL reaches are not endpoints.
 */
export const nextjsDetector: Detector = {
  id: 'nextjs',
  title: 'Next.js',
  language: 'js',
  enablers: ['next'],
  routesFromFileSystem: true,
  detect: detectNext,
};

const SOURCE = 'nextjs';
/** The methods a route handler file may export (Next's HTTP_METHODS). */
const ROUTE_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'];

function detectNext(context: DetectContext): DetectedEndpoint[] {
  const endpoints: DetectedEndpoint[] = [];
  const apps = findNextApps(context);
  const within = modulesWithin(context.modules, apps.flatMap((app) => [app.pagesDir, app.appDir].filter((dir): dir is string => dir !== null)));
  for (const app of apps) {
    for (const module of within(app.pagesDir, app.appDir)) {
      if (app.pagesDir && module.path.startsWith(`${app.pagesDir}/`)) {
        const name = stripPageExtension(module.path.slice(app.pagesDir.length + 1), app.pageExtensions);
        const path = name === null ? null : pagesApiPath(name);
        if (path !== null) endpoints.push(...detectApiRoute(context, app, module, path));
      } else if (app.appDir && module.path.startsWith(`${app.appDir}/`)) {
        const folders = module.path.slice(app.appDir.length + 1).split('/');
        const file = folders.pop()!;
        if (stripPageExtension(file, app.pageExtensions) !== 'route') continue;
        const path = appRoutePath(folders);
        if (path !== null) endpoints.push(...detectRouteHandlers(context, app, module, path));
      }
    }
  }
  return endpoints;
}

/**
 * The modules under any of an app's folders, in the order of `modules`: a monorepo has one Next
 * app per package, and each app looks only at its own folders instead of at every module.
 */
function modulesWithin(modules: readonly ModuleFacts[], dirs: readonly string[]): (...appDirs: (string | null)[]) => readonly ModuleFacts[] {
  const byDir = new Map<string, number[]>(dirs.map((dir) => [dir, []]));
  modules.forEach((module, index) => {
    // A module is under a folder when the folder is its path up to one of its slashes.
    for (let slash = module.path.indexOf('/'); slash !== -1; slash = module.path.indexOf('/', slash + 1)) {
      byDir.get(module.path.slice(0, slash))?.push(index);
    }
  });
  return (...appDirs) => {
    const indices = new Set<number>();
    for (const dir of appDirs) for (const index of (dir === null ? undefined : byDir.get(dir)) ?? []) indices.add(index);
    return [...indices].sort((a, b) => a - b).map((index) => modules[index]!);
  };
}

/** `pages/api/**`: the default export answers every method. */
function detectApiRoute(context: DetectContext, app: NextApp, module: ModuleFacts, path: string): DetectedEndpoint[] {
  const fact = module.exports.find((e) => e.exported === 'default' && !e.cjs) ?? module.exports.filter((e) => e.exported === 'default').pop();
  if (!fact) {
    reportWithoutHandler(context, module, 'an API route file without a default export serves no request');
    return [];
  }
  return [endpointFor(context, app, module, 'ALL', path, fact.line, context.project.lookupExport(module.path, 'default'), quoteOf(fact))];
}

/** A `route.ts` under `app/`: one endpoint per exported HTTP method. */
function detectRouteHandlers(context: DetectContext, app: NextApp, module: ModuleFacts, path: string): DetectedEndpoint[] {
  const endpoints: DetectedEndpoint[] = [];
  for (const method of ROUTE_METHODS) {
    const found = findMethodExport(context, module, method);
    if (found) endpoints.push(endpointFor(context, app, module, method, path, found.line, found.binding, found.quoted));
  }
  if (endpoints.length === 0) reportWithoutHandler(context, module, `a route file exporting none of ${ROUTE_METHODS.join(', ')} serves no request`);
  return endpoints;
}

function findMethodExport(context: DetectContext, module: ModuleFacts, method: string): { line: number; binding: Binding; quoted: Expr } | null {
  const { project } = context;
  const fact = module.exports.find((e) => e.exported === method);
  if (fact) return { line: fact.line, binding: project.lookupExport(module.path, method), quoted: quoteOf(fact) };
  // `export const { GET, POST } = handlers` (Auth.js): the parser records the destructured names as
  // module-level assignments but not as exports, and a route file has no other use for them.
  const destructured = module.assignments.find((a) => a.scope === -1 && a.target.k === 'id' && a.target.name === method && a.fromProperty !== undefined);
  if (destructured) return { line: destructured.line, binding: project.lookup(module.path, method, -1), quoted: { k: 'id', name: method } };
  for (const star of module.exports) {
    if (star.exported !== '*' || star.source === undefined) continue;
    const target = project.resolveImport(module.path, star.source);
    if (!target || !('module' in target)) continue;
    const binding = project.lookupExport(target.module, method);
    if (binding.kind !== 'unresolved') return { line: star.line, binding, quoted: { k: 'id', name: method } };
  }
  return null;
}

function endpointFor(context: DetectContext, app: NextApp, module: ModuleFacts, method: string, path: string, line: number, binding: Binding, quoted: Expr): DetectedEndpoint {
  const name = method === 'ALL' ? 'default' : method;
  const resolved = resolveRouteHandler(context.project, binding, name, quoted);
  if (!resolved.handler) reportUnresolved(context, SOURCE, `${method === 'ALL' ? 'API route' : method} handler`, resolved.expr, module.path, line);
  const mountChain: MountStep[] = app.basePath ? [app.basePath.step] : [];
  const endpoint: DetectedEndpoint = {
    method,
    path: app.basePath ? joinBasePath(app.basePath.step.prefix, path) : path,
    framework: SOURCE,
    language: module.language,
    file: module.path,
    line,
    handler: resolved.handler,
    mountChain,
    resolution: resolutionOf(true, app.basePath?.resolved ?? true, resolved.handler !== null),
  };
  if (resolved.middleware.length > 0) endpoint.middleware = resolved.middleware;
  return endpoint;
}

function joinBasePath(basePath: string, path: string): string {
  const base = `/${basePath.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  return path === '/' ? base : `${base}${path}`;
}

function quoteOf(fact: ExportFact): Expr {
  if (fact.value) return fact.value;
  return { k: 'id', name: fact.local ?? fact.exported };
}

function reportWithoutHandler(context: DetectContext, module: ModuleFacts, why: string): void {
  context.report({ severity: 'info', code: 'nextjs-route-without-handler', message: `not an endpoint: ${why}`, file: module.path, source: `detectors:${SOURCE}` });
}
