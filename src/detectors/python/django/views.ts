import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex } from '../../../linking/types.js';
import type { Expr, FunctionFact } from '../../../parsing/types.js';
import type { DetectedEndpoint, HandlerRef, Resolution } from '../../types.js';
import { handlerFromBinding } from '../../shared.js';
import { ClassHierarchy } from './class-hierarchy.js';
import { finishPath } from './django-paths.js';
import { DRF_PACKAGE, DRF_VIEWSET_CLASSES, isDrfPackage, knownClass, type Provides } from './known-views.js';
import { argument, calleeName, declarationOf, importedName, rehydrateCall } from './python-names.js';
import type { Framework, Reporter, RouteState, Site } from './url-patterns.js';

/** What sits at the end of a route. */
export type ViewTarget =
  | { kind: 'function'; module: string; fn: FunctionFact }
  /** `View.as_view(...)`: `actions` is the DRF `as_view({'get': 'list'})` mapping, when given. */
  | { kind: 'class'; hierarchy: ClassHierarchy; actions: Map<string, string> | null; asView: boolean; site: Site }
  | { kind: 'external-class'; pkg: string; name: string; provides: Provides | null }
  | { kind: 'external'; pkg: string; name: string }
  | { kind: 'unknown'; expr: Expr; reason: string };

/** The view plus the methods a wrapper in the URLconf restricts it to (`require_POST(view)`). */
export interface ResolvedView {
  target: ViewTarget;
  restrictedTo: string[] | null;
}

/** The HTTP method handlers a Django class-based view can define, in Django's `http_method_names` order. */
export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'] as const;

const METHOD_DECORATORS: Readonly<Record<string, string[]>> = {
  require_GET: ['GET'],
  require_POST: ['POST'],
  require_safe: ['GET', 'HEAD'],
};
const MAX_VIEW_DEPTH = 12;

/**
 * Follows a view expression to what it is: a function, `Class.as_view()`, a value assigned
 * elsewhere (`index = IndexView.as_view()`), through wrappers applied in the URLconf
 * (`login_required(...)`, `cache_page(60)(...)`, `csrf_exempt(...)`), or an old-style dotted string.
 */
export function resolveView(project: ProjectIndex, expr: Expr, site: Site, depth = 0): ResolvedView {
  if (depth > MAX_VIEW_DEPTH) return { target: { kind: 'unknown', expr, reason: 'too many wrappers' }, restrictedTo: null };
  if (expr.k === 'call') {
    const call = rehydrateCall(project, expr, site.module);
    const callee = call.callee;
    if (callee.k === 'member' && (callee.prop === 'as_view' || callee.prop === 'as_asgi')) return { target: asViewTarget(project, callee.obj, call, site), restrictedTo: null };
    // `require_http_methods(['GET'])(view)`, `cache_page(60)(view)`: the decorator factory's product applied to the view.
    const wrapperName = callee.k === 'call' ? calleeName(callee.callee) : calleeName(callee);
    const wrapped = argument(call.args, 0);
    if (wrapped && (callee.k === 'call' || project.resolveExpr(callee, site.module, site.scope).kind !== 'class')) {
      const inner = resolveView(project, wrapped, site, depth + 1);
      const restriction = wrapperName === 'require_http_methods' && callee.k === 'call' ? methodList(project, argument(callee.args, 0, 'request_method_list'), site) : wrapperName ? (METHOD_DECORATORS[wrapperName] ?? null) : null;
      return { target: inner.target, restrictedTo: intersect(inner.restrictedTo, restriction) };
    }
    return { target: { kind: 'unknown', expr, reason: 'the result of a call' }, restrictedTo: null };
  }
  if (expr.k === 'str') return { target: dottedViewTarget(project, expr.v, site), restrictedTo: null };
  if (expr.k === 'fn') {
    // `path('health/', lambda request: HttpResponse('ok'))`
    const binding = project.resolveExpr(expr, site.module, site.scope);
    if (binding.kind === 'function') return { target: { kind: 'function', module: binding.module, fn: binding.fn }, restrictedTo: null };
  }
  if (expr.k === 'id' || expr.k === 'member') {
    // A name assigned a call result (`view = login_required(View.as_view())`) is read where it was
    // assigned: resolveExpr would stop at the wrapper.
    const raw = declarationOf(project, expr, site);
    if (raw?.kind === 'value' && raw.fromProperty === undefined) return resolveView(project, raw.expr, { module: raw.module, scope: raw.scope, line: raw.line }, depth + 1);
    const binding = project.resolveExpr(expr, site.module, site.scope);
    switch (binding.kind) {
      case 'function':
        return { target: { kind: 'function', module: binding.module, fn: binding.fn }, restrictedTo: null };
      case 'class':
        // Channels 2 routed consumer classes directly; Django itself needs `as_view()`.
        return { target: { kind: 'class', hierarchy: ClassHierarchy.of(project, binding.module, binding.cls), actions: null, asView: false, site }, restrictedTo: null };
      case 'external':
        return { target: { kind: 'external', pkg: binding.package, name: binding.imported }, restrictedTo: null };
      default:
        return { target: { kind: 'unknown', expr, reason: binding.kind === 'unresolved' ? binding.reason : `a ${binding.kind}` }, restrictedTo: null };
    }
  }
  return { target: { kind: 'unknown', expr, reason: 'not a view expression' }, restrictedTo: null };
}

function asViewTarget(project: ProjectIndex, classExpr: Expr, call: Extract<Expr, { k: 'call' }>, site: Site): ViewTarget {
  const binding = project.resolveExpr(classExpr, site.module, site.scope);
  if (binding.kind === 'class') {
    const hierarchy = ClassHierarchy.of(project, binding.module, binding.cls);
    const mapping = argument(call.args, 0, 'actions');
    return { kind: 'class', hierarchy, actions: mapping ? actionMapping(project, mapping, site) : null, asView: true, site };
  }
  if (binding.kind === 'external') {
    const name = importedName(binding) ?? binding.imported;
    return { kind: 'external-class', pkg: binding.package, name, provides: knownClass(binding.package, name) };
  }
  return { kind: 'unknown', expr: call, reason: binding.kind === 'unresolved' ? binding.reason : `a ${binding.kind}` };
}

/** DRF `ViewSet.as_view({'get': 'list', 'post': 'create'})`. */
function actionMapping(project: ProjectIndex, expr: Expr, site: Site): Map<string, string> | null {
  const value = project.evaluate(expr, site.module, site.scope, site.line);
  if (value.k !== 'obj') return null;
  const mapping = new Map<string, string>();
  for (const [method, action] of value.props) if (action.k === 'str') mapping.set(method.toLowerCase(), action.v);
  return mapping;
}

/** Django < 1.10 string views: `url(r'^$', 'blog.views.index')`. */
function dottedViewTarget(project: ProjectIndex, dotted: string, site: Site): ViewTarget {
  const dot = dotted.lastIndexOf('.');
  if (dot > 0) {
    const resolved = project.resolveImport(site.module, dotted.slice(0, dot));
    if (resolved && 'module' in resolved) {
      const binding = project.lookupExport(resolved.module, dotted.slice(dot + 1));
      if (binding.kind === 'function') return { kind: 'function', module: binding.module, fn: binding.fn };
    }
  }
  return { kind: 'unknown', expr: { k: 'str', v: dotted }, reason: 'a dotted view name that does not resolve' };
}

/** A literal list of method names, upper case; null when it cannot be read. */
export function methodList(project: ProjectIndex, expr: Expr | undefined, site: Site): string[] | null {
  if (!expr) return null;
  const value = project.evaluate(expr, site.module, site.scope, site.line);
  if (value.k !== 'arr') return null;
  const methods: string[] = [];
  for (const item of value.items) {
    if (item.k !== 'str') return null;
    methods.push(item.v.toUpperCase());
  }
  return [...new Set(methods)];
}

function intersect(a: string[] | null, b: string[] | null): string[] | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.filter((method) => b.includes(method));
}

/** Builds endpoints for the views Django routes to. */
export class DjangoViewEndpoints {
  constructor(
    private readonly project: ProjectIndex,
    private readonly report: Reporter,
  ) {}

  endpointsFor(state: RouteState, view: Expr, site: Site): DetectedEndpoint[] {
    const { target, restrictedTo } = resolveView(this.project, view, site);
    switch (target.kind) {
      case 'function':
        return this.functionView(state, target.module, target.fn, site, restrictedTo);
      case 'class':
        return this.classView(state, target.hierarchy, target.actions, site, restrictedTo);
      case 'external-class': {
        const framework: Framework = isDrfPackage(target.pkg) ? 'drf' : 'django';
        const methods = target.provides ? Object.keys(target.provides).filter((m) => (HTTP_METHODS as readonly string[]).includes(m)) : null;
        if (!methods) this.reportExternal(framework, `${target.name} (package ${target.pkg})`, site);
        const list = restrict(methods ? methods.map((m) => m.toUpperCase()) : ['ALL'], restrictedTo);
        return list.map((method) => this.endpoint(framework, method, state, site, null, state.resolved ? 'resolved' : 'partial'));
      }
      case 'external': {
        const framework: Framework = isDrfPackage(target.pkg) ? 'drf' : 'django';
        this.reportExternal(framework, `${target.name} (package ${target.pkg})`, site);
        return restrict(['ALL'], restrictedTo).map((method) => this.endpoint(framework, method, state, site, null, state.resolved ? 'resolved' : 'partial'));
      }
      case 'unknown':
        this.report('django', {
          severity: 'warning',
          code: 'unresolved-view',
          message: `View could not be resolved statically (${target.reason}): ${exprText(target.expr)}`,
          file: site.module,
          line: site.line,
        });
        return restrict(['ALL'], restrictedTo).map((method) => this.endpoint('django', method, state, site, null, state.resolved ? 'partial' : 'unresolved'));
    }
  }

  private functionView(state: RouteState, module: string, fn: FunctionFact, site: Site, restrictedTo: string[] | null): DetectedEndpoint[] {
    const handler = handlerFromBinding({ kind: 'function', module, fn }, this.project);
    const fnSite: Site = { module, scope: fn.parent, line: fn.span.startLine };
    let framework: Framework = 'django';
    let methods: string[] | null = null;
    let methodsResolved = true;
    const middleware: HandlerRef[] = [];
    for (const decorator of fn.decorators) {
      const name = decorator.k === 'call' ? calleeName(decorator.callee) : calleeName(decorator);
      if (name === 'api_view') {
        framework = 'drf';
        // `@api_view()` without methods allows GET only.
        const listed = decorator.k === 'call' ? argument(decorator.args, 0, 'http_method_names') : undefined;
        const found = listed ? methodList(this.project, listed, fnSite) : ['GET'];
        if (found) methods = intersect(methods, found);
        else methodsResolved = this.reportMethods('drf', listed!, fnSite);
      } else if (name === 'require_http_methods' && decorator.k === 'call') {
        const listed = argument(decorator.args, 0, 'request_method_list');
        const found = methodList(this.project, listed, fnSite);
        if (found) methods = intersect(methods, found);
        else methodsResolved = this.reportMethods(framework, listed ?? decorator, fnSite);
      } else if (name !== null && METHOD_DECORATORS[name]) {
        methods = intersect(methods, METHOD_DECORATORS[name]!);
      } else {
        const ref = handlerFromBinding(this.project.resolveExpr(decorator.k === 'call' ? decorator.callee : decorator, module, fn.parent), this.project);
        if (ref) middleware.push(ref);
      }
    }
    const list = restrict(methods ?? ['ALL'], restrictedTo);
    const resolution: Resolution = state.resolved && methodsResolved ? 'resolved' : 'partial';
    return list.map((method) => ({ ...this.endpoint(framework, method, state, site, handler, resolution), ...(middleware.length > 0 ? { middleware } : {}) }));
  }

  private classView(state: RouteState, hierarchy: ClassHierarchy, actions: Map<string, string> | null, site: Site, restrictedTo: string[] | null): DetectedEndpoint[] {
    const framework: Framework = hierarchy.inheritsFrom(isDrfPackage) ? 'drf' : 'django';
    const resolution: Resolution = state.resolved ? 'resolved' : 'partial';
    if (actions) {
      const endpoints: DetectedEndpoint[] = [];
      for (const [method, action] of [...actions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (restrictedTo && !restrictedTo.includes(method.toUpperCase())) continue;
        const handler = hierarchy.handlerFor(action);
        if (!handler) {
          this.report(framework, { severity: 'warning', code: 'unresolved-handler', message: `${hierarchy.name} has no action ${action} for ${method.toUpperCase()}`, file: site.module, line: site.line });
        }
        endpoints.push(this.endpoint(framework, method.toUpperCase(), state, site, handler, handler ? resolution : 'partial'));
      }
      return endpoints;
    }
    if (hierarchy.inherits(DRF_PACKAGE, DRF_VIEWSET_CLASSES)) {
      this.report('drf', { severity: 'warning', code: 'viewset-without-actions', message: `${hierarchy.name}.as_view() needs an actions mapping such as {'get': 'list'}`, file: site.module, line: site.line });
      return [];
    }
    const allowed = this.allowedMethods(hierarchy);
    const endpoints: DetectedEndpoint[] = [];
    for (const method of HTTP_METHODS) {
      if (allowed && !allowed.includes(method)) continue;
      if (!hierarchy.member(method)) continue;
      if (restrictedTo && !restrictedTo.includes(method.toUpperCase())) continue;
      endpoints.push(this.endpoint(framework, method.toUpperCase(), state, site, hierarchy.handlerFor(method), resolution));
    }
    if (endpoints.length > 0) return endpoints;
    const dispatch = hierarchy.member('dispatch');
    if (dispatch?.kind === 'repo') return [this.endpoint(framework, 'ALL', state, site, hierarchy.handlerFor('dispatch'), resolution)];
    const opaque = hierarchy.opaqueBases();
    if (opaque.length > 0) {
      this.report(framework, {
        severity: 'info',
        code: 'unknown-view-methods',
        message: `${hierarchy.name} defines no HTTP method handler itself; it inherits from ${opaque.join(', ')}, which gonogo cannot read, so it is listed as ALL`,
        file: site.module,
        line: site.line,
      });
      const handler: HandlerRef = { name: hierarchy.name, file: hierarchy.module, startLine: hierarchy.cls.span.startLine, endLine: hierarchy.cls.span.endLine };
      return [this.endpoint(framework, 'ALL', state, site, handler, 'partial')];
    }
    this.report(framework, { severity: 'info', code: 'view-without-methods', message: `${hierarchy.name} handles no HTTP method: every request gets 405`, file: site.module, line: site.line });
    return [];
  }

  /** A literal `http_method_names = ['get', 'post']` narrows what a class-based view answers. */
  private allowedMethods(hierarchy: ClassHierarchy): string[] | null {
    const found = hierarchy.field('http_method_names');
    if (!found?.field.value) return null;
    const methods = methodList(this.project, found.field.value, { module: found.module, scope: found.cls.parent, line: found.field.line });
    return methods ? methods.map((m) => m.toLowerCase()) : null;
  }

  private reportMethods(framework: Framework, expr: Expr, site: Site): false {
    this.report(framework, { severity: 'warning', code: 'unresolved-methods', message: `HTTP methods could not be resolved statically: ${exprText(expr)}`, file: site.module, line: site.line });
    return false;
  }

  private reportExternal(framework: Framework, what: string, site: Site): void {
    this.report(framework, { severity: 'info', code: 'external-view', message: `The view is ${what}, outside the repository; its methods are unknown, so it is listed as ALL`, file: site.module, line: site.line });
  }

  endpoint(framework: Framework, method: string, state: RouteState, site: Site, handler: HandlerRef | null, resolution: Resolution): DetectedEndpoint {
    return {
      method,
      ...finishPath(state.path),
      framework,
      language: 'python',
      file: site.module,
      line: site.line,
      handler,
      mountChain: state.chain,
      resolution,
    };
  }
}

function restrict(methods: string[], restrictedTo: string[] | null): string[] {
  if (!restrictedTo) return methods;
  if (methods.includes('ALL')) return restrictedTo;
  return methods.filter((m) => restrictedTo.includes(m));
}
