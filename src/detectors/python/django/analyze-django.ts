import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex } from '../../../linking/types.js';
import type { Expr, ModuleFacts } from '../../../parsing/types.js';
import type { Diagnostic } from '../../../diagnostics.js';
import type { DetectContext, DetectedEndpoint, MountStep } from '../../types.js';
import { unresolvedSegment } from '../../shared.js';
import { ClassHierarchy } from './class-hierarchy.js';
import { appendLiteral, finishPath } from './django-paths.js';
import { DrfRouters } from './drf-routers.js';
import { DJANGO_PACKAGE, isDrfPackage } from './known-views.js';
import { declarationOf } from './python-names.js';
import { findRootUrlconfs, urlconfModules } from './root-urlconf.js';
import { UrlPatternReader, type Framework, type PatternVisitor, type RouteState, type Site } from './url-patterns.js';
import { DjangoViewEndpoints } from './views.js';

/**
 * One walk of a Django project's URLconfs serves two detectors: `django` (plain views, admin,
 * package URLs) and `drf` (routers, API views, `@api_view` functions). Each reports its share, so
 * the result lists the two frameworks with their own counts; the walk itself runs once per project.
 */
export interface DjangoAnalysis {
  endpoints: DetectedEndpoint[];
  diagnostics: { framework: Framework; diagnostic: Omit<Diagnostic, 'source'> }[];
}

/** Folders that never hold the running application: migrations, virtualenvs, installed packages. */
const NOT_APPLICATION = /(^|\/)(migrations|site-packages|dist-packages|\.?venv|virtualenv|\.tox|\.nox)\//;

const analyses = new WeakMap<ProjectIndex, DjangoAnalysis>();

export function analyzeDjango(context: DetectContext): DjangoAnalysis {
  const cached = analyses.get(context.project);
  if (cached) return cached;
  const analysis = runAnalysis(context.project, applicationModules(context.modules));
  analyses.set(context.project, analysis);
  return analysis;
}

export function applicationModules(modules: readonly ModuleFacts[]): ModuleFacts[] {
  return modules.filter((module) => !NOT_APPLICATION.test(module.path));
}

function runAnalysis(project: ProjectIndex, modules: ModuleFacts[]): DjangoAnalysis {
  const analysis: DjangoAnalysis = { endpoints: [], diagnostics: [] };
  const report = (framework: Framework, diagnostic: Omit<Diagnostic, 'source'>): void => {
    analysis.diagnostics.push({ framework, diagnostic });
  };
  const roots = findRootUrlconfs(project, modules, report);
  const reader = new UrlPatternReader(project, report, 'django', roots.settings);
  const views = new DjangoViewEndpoints(project, report);
  const routers = new DrfRouters(project, modules, report);
  const visitor: PatternVisitor = {
    view: (state, view, site) => analysis.endpoints.push(...views.endpointsFor(state, view, site)),
    urls: (state, expr, site, step) => analysis.endpoints.push(...urlsEndpoints(project, routers, report, state, expr, site, step)),
    externalInclude: (state, _what, pkg, site, step) => analysis.endpoints.push(packageEndpoint(state, isDrfPackage(pkg) ? 'drf' : 'django', step, site)),
    unresolved: (state, expr, site) => analysis.endpoints.push(placeholderEndpoint(state, expr, site, 'ALL', 'django')),
  };
  for (const root of roots.modules) {
    reader.walk(reader.listOf(root, 'urlpatterns'), { path: { original: '', normalized: '' }, chain: [], resolved: true }, visitor, [root]);
  }
  if (roots.fromSettings) {
    for (const module of urlconfModules(project, modules)) {
      if (reader.visitedModules.has(module)) continue;
      report('django', { severity: 'info', code: 'unreachable-urlconf', message: `${module} builds urlpatterns, but no URLconf reachable from ROOT_URLCONF includes it`, file: module });
    }
  }
  return analysis;
}

/**
 * `X.urls` in a URLconf: a DRF router expands to its routes; the admin site (`admin.site.urls` or an
 * `AdminSite` subclass instance) and any other package's URLs object are one generated `ALL` endpoint.
 */
function urlsEndpoints(
  project: ProjectIndex,
  routers: DrfRouters,
  report: (framework: Framework, diagnostic: Omit<Diagnostic, 'source'>) => void,
  state: RouteState,
  expr: Expr,
  site: Site,
  step: MountStep | null,
): DetectedEndpoint[] {
  if (expr.k !== 'member') return [];
  const router = routers.identify(expr.obj, site);
  if (router) return routers.expand(state, router, step);
  const binding = project.resolveExpr(expr, site.module, site.scope);
  if (binding.kind === 'external') return [packageEndpoint(state, isDrfPackage(binding.package) ? 'drf' : 'django', step, site)];
  const instance = declarationOf(project, expr.obj, site);
  if (instance?.kind === 'value' && instance.expr.k === 'call') {
    const cls = project.resolveExpr(instance.expr.callee, instance.module, instance.scope);
    if (cls.kind === 'external') return [packageEndpoint(state, isDrfPackage(cls.package) ? 'drf' : 'django', step, site)];
    if (cls.kind === 'class' && ClassHierarchy.of(project, cls.module, cls.cls).inherits(DJANGO_PACKAGE, new Set(['AdminSite']))) return [packageEndpoint(state, 'django', step, site)];
  }
  report('django', {
    severity: 'warning',
    code: 'unresolved-include',
    message: `URL patterns could not be resolved statically: ${exprText(expr)}`,
    file: site.module,
    line: site.line,
  });
  return [];
}

/**
 * URLs served by framework or package code (the admin site, `include('allauth.urls')`): one `ALL`
 * endpoint for everything under the prefix, `/admin/...`, flagged generated so readers can filter it.
 */
function packageEndpoint(state: RouteState, framework: Framework, step: MountStep | null, site: Site): DetectedEndpoint {
  return {
    method: 'ALL',
    ...finishPath(appendLiteral(state.path, '', '...')),
    framework,
    language: 'python',
    file: step?.file ?? site.module,
    line: step?.line ?? site.line,
    handler: null,
    mountChain: state.chain,
    resolution: state.resolved ? 'resolved' : 'partial',
    generated: true,
  };
}

/**
 * URL patterns that could not be read (a list built by a function, a missing module): one endpoint
 * whose path ends in an `{unresolved:...}` segment, so the prefix above them and the diagnostic's
 * place in the report survive.
 */
export function placeholderEndpoint(state: RouteState, expr: Expr, site: Site, method: string, framework: Framework): DetectedEndpoint {
  const placeholder = unresolvedSegment(expr);
  return {
    method,
    ...finishPath(appendLiteral(state.path, placeholder, placeholder)),
    framework,
    language: 'python',
    file: site.module,
    line: site.line,
    handler: null,
    mountChain: state.chain,
    resolution: state.path.original === '' ? 'unresolved' : 'partial',
  };
}
