import path from 'node:path';
import type { DetectContext, DetectedEndpoint, Detector } from '../../types.js';
import { findNestApps, type NestApp } from './bootstrap.js';
import { controllerDecorator, detectControllerRoutes } from './controllers.js';
import { detectGateway, gatewayDecorator } from './gateways.js';
import { buildModuleGraph, reachableModules, type ModuleGraph, type RouterPath } from './module-graph.js';
import { classKey } from './nest-values.js';

/**
 * NestJS: `@Controller` routes with the global prefix (and its exclusions), RouterModule paths and
 * URI versioning of the app that serves them, and `@WebSocketGateway` classes as realtime endpoints.
 * Middleware bound with `consumer.apply(...).forRoutes(...)` is not an endpoint and is never read.
 */
export const nestjsDetector: Detector = {
  id: 'nestjs',
  title: 'NestJS',
  language: 'js',
  enablers: ['@nestjs/core', '@nestjs/common', '@nestjs/websockets'],
  detect: detectNest,
};

function detectNest(context: DetectContext): DetectedEndpoint[] {
  const apps = findNestApps(context);
  const graph = buildModuleGraph(context);
  const reachable = new Map<string, Set<string>>();
  for (const app of apps) if (app.rootModule && !reachable.has(app.rootModule)) reachable.set(app.rootModule, reachableModules(graph, app.rootModule));
  const endpoints: DetectedEndpoint[] = [];
  for (const module of context.modules) {
    for (const cls of module.classes) {
      try {
        const controller = controllerDecorator(context.project, module, cls);
        const gateway = controller ? null : gatewayDecorator(context, module, cls);
        if (!controller && !gateway) continue;
        const key = classKey(module.path, cls);
        const servedBy = appsServing(context, apps, graph, reachable, key, module.path);
        if (controller) endpoints.push(...detectControllerRoutes(context, module, cls, controller, { apps: servedBy, routerPaths: routerPathsOf(graph, key) }));
        else if (gateway) endpoints.push(detectGateway(context, module, cls, gateway, servedBy));
      } catch (error) {
        // One odd class must not cost the rest of the application its endpoints.
        context.report({
          severity: 'error',
          code: 'detector-failed',
          message: `NestJS detector failed on class ${cls.name}: ${error instanceof Error ? error.message : String(error)}`,
          file: module.path,
          line: cls.span.startLine,
          source: 'detectors:nestjs',
        });
      }
    }
  }
  return endpoints;
}

/**
 * RouterModule paths of the modules that declare a controller, one per distinct path; null is "no
 * RouterModule path" (a controller declared by a routed and an unrouted module is served at both).
 */
function routerPathsOf(graph: ModuleGraph, key: string): (RouterPath | null)[] {
  const owners = graph.declaredBy.get(key) ?? [];
  if (owners.length === 0) return [null];
  const paths: (RouterPath | null)[] = [];
  const seen = new Set<string>();
  for (const owner of owners) {
    const routerPath = graph.routerPaths.get(owner) ?? null;
    const id = routerPath ? routerPath.steps.map((s) => `${s.prefix}@${s.file}:${s.line}`).join('') : '';
    if (seen.has(id)) continue;
    seen.add(id);
    paths.push(routerPath);
  }
  return paths;
}

/**
 * Which bootstraps serve a class: with one app, that app; with several (a Nest monorepo), those
 * whose root module reaches a module declaring the class, else the app in the nearest folder.
 */
function appsServing(context: DetectContext, apps: NestApp[], graph: ModuleGraph, reachable: Map<string, Set<string>>, key: string, file: string): NestApp[] {
  if (apps.length <= 1) return apps;
  const owners = graph.declaredBy.get(key) ?? [];
  const reaching = apps.filter((app) => app.rootModule !== null && owners.some((owner) => reachable.get(app.rootModule!)?.has(owner)));
  if (reaching.length > 0) return reaching;
  let best: NestApp[] = [];
  let bestDepth = -1;
  for (const app of apps) {
    const depth = commonDepth(path.posix.dirname(app.file), file);
    if (depth > bestDepth) {
      best = [app];
      bestDepth = depth;
    } else if (depth === bestDepth) best.push(app);
  }
  if (best.length === 1) return best;
  context.report({
    severity: 'info',
    code: 'nestjs-app-ambiguous',
    message: `no module graph links this class to one of ${apps.length} Nest applications; its routes are listed without a global prefix or version`,
    file,
    source: 'detectors:nestjs',
  });
  return [];
}

function commonDepth(dir: string, file: string): number {
  const a = dir === '.' ? [] : dir.split('/');
  const b = file.split('/');
  let depth = 0;
  while (depth < a.length && depth < b.length - 1 && a[depth] === b[depth]) depth++;
  return depth;
}
