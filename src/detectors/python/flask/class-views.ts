import type { ClassFact, Expr } from '../../../parsing/types.js';
import { handlerFromBinding } from '../../shared.js';
import type { HandlerRef } from '../../types.js';
import type { GraphBuilder, Site } from '../mounts/graph-builder.js';

/** The method handlers a Flask `MethodView` dispatches to (flask.views.http_method_funcs). */
export const HTTP_METHOD_FUNCS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];
const MAX_DEPTH = 16;

export interface ClassView {
  module: string;
  cls: ClassFact;
}

export interface ViewRoute {
  method: string;
  handler: HandlerRef | null;
}

/**
 * The routes a class-based view serves (Flask `View` / `MethodView`, flask-restful and flask-restx
 * `Resource`, flask-smorest views): explicit `methods=` first, else the class's own `methods`
 * attribute, else the verb methods it defines or inherits (plus any `methods` a base declares, as
 * MethodView.__init_subclass__ merges them). Each method is served by its verb method, `get` for
 * HEAD, or `dispatch_request`; a plain `View` without `methods` serves GET.
 */
export function classViewRoutes(view: ClassView, explicit: string[] | null, site: Site, framework: string, builder: GraphBuilder): ViewRoute[] {
  const verbs = new Map(builder.viewMethods(view, HTTP_METHOD_FUNCS).map(({ verb, handler }) => [verb.toUpperCase(), handler] as const));
  const dispatch = builder.viewMethods(view, ['dispatch_request'])[0]?.handler ?? null;
  let methods = explicit;
  if (methods === null) {
    const field = findField(view, 'methods', builder);
    const declared = field ? fieldMethods(field, framework, builder) : null;
    if (field?.own && declared) methods = declared;
    else methods = [...new Set([...(declared ?? []), ...verbs.keys()])];
  }
  if (methods.length === 0) {
    if (dispatch) return [{ method: 'GET', handler: dispatch }];
    builder.report(framework, 'warning', 'empty-view', `View ${view.cls.name} defines no HTTP method handlers`, site.module.path, site.line);
    return [];
  }
  return methods.map((method) => {
    const handler = verbs.get(method) ?? (method === 'HEAD' ? verbs.get('GET') : undefined) ?? dispatch;
    if (!handler) builder.report(framework, 'warning', 'missing-view-method', `View ${view.cls.name} declares ${method} but defines no ${method.toLowerCase()}() or dispatch_request()`, site.module.path, site.line);
    return { method, handler: handler ?? null };
  });
}

interface FoundField {
  value: Expr;
  site: Site;
  /** Declared on the view class itself rather than inherited. */
  own: boolean;
}

/** A class attribute on the view or the nearest repository base class that declares it. */
export function findField(view: ClassView, name: string, builder: GraphBuilder): FoundField | null {
  const seen = new Set<ClassFact>();
  const walk = (modulePath: string, cls: ClassFact, depth: number): FoundField | null => {
    if (seen.has(cls) || depth > MAX_DEPTH) return null;
    seen.add(cls);
    const module = builder.project.modules.get(modulePath);
    if (!module) return null;
    const field = [...cls.fields].reverse().find((f) => f.name === name && f.value !== undefined);
    if (field) return { value: field.value!, site: { module, scope: cls.parent, line: field.line }, own: depth === 0 };
    for (const base of cls.bases) {
      const binding = builder.project.resolveExpr(base, modulePath, cls.parent);
      if (binding.kind !== 'class') continue;
      const found = walk(binding.module, binding.cls, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return walk(view.module, view.cls, 0);
}

function fieldMethods(field: FoundField, framework: string, builder: GraphBuilder): string[] | null {
  const methods = builder.methodList(field.value, field.site);
  if (methods === null) builder.reportUnresolved(framework, 'View methods', field.value, field.site);
  return methods;
}

/**
 * The repository functions a class applies to every method through its `decorators` (Flask views,
 * Resources) and `method_decorators` (flask-restful) lists: they run before the handler.
 */
export function classDecorators(view: ClassView, builder: GraphBuilder): HandlerRef[] {
  const found: HandlerRef[] = [];
  for (const name of ['decorators', 'method_decorators']) {
    const field = findField(view, name, builder);
    if (!field) continue;
    for (const item of builder.items(field.value, field.site).items) {
      const handler = decoratorHandler(item.expr, item.site, builder);
      if (handler) found.push(handler);
    }
  }
  return found;
}

/** A decorator (`login_required`, `roles_required("admin")`) as the repository function it names. */
export function decoratorHandler(expr: Expr, site: Site, builder: GraphBuilder): HandlerRef | null {
  const target = expr.k === 'call' ? expr.callee : expr;
  return handlerFromBinding(builder.resolve(target, site), builder.project);
}
