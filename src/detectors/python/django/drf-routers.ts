import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex } from '../../../linking/types.js';
import type { Expr, ModuleFacts } from '../../../parsing/types.js';
import type { DetectedEndpoint, HandlerRef, MountStep, Resolution } from '../../types.js';
import { unresolvedSegment } from '../../shared.js';
import { ClassHierarchy, repoHandler } from './class-hierarchy.js';
import { finishPath, normalizePiece, type DjangoPath } from './django-paths.js';
import { DRF_PACKAGE } from './known-views.js';
import { argument, calleeName, declarationOf, keywordArgument } from './python-names.js';
import type { Reporter, RouteState, Site } from './url-patterns.js';
import { methodList } from './views.js';

/**
 * DRF routers: `DefaultRouter()` / `SimpleRouter()` (or a repository subclass), their
 * `register(prefix, ViewSet)` calls wherever they are made, `registry.extend(...)` merges, and the
 * expansion of each registration into the routes `SimpleRouter.routes` defines, keeping only the
 * methods the ViewSet really has (a route whose actions are all missing is not generated, as in DRF).
 *
 * Left out on purpose: the format-suffix variants (`users.json`) DefaultRouter adds, which are the
 * same endpoints; and `OPTIONS`/`HEAD`, which every DRF view answers.
 */

export interface RouterInfo {
  key: string;
  module: string;
  line: number;
  kind: 'default' | 'simple';
  trailingSlash: string;
  /** DRF 3.15 `use_regex_path=False`: routes are `path()` converters instead of regexes. */
  pathStyle: boolean;
  includeRoot: boolean;
  /** Methods a router subclass adds to the list and detail routes (`self.routes[0].mapping.update({...})`). */
  listMapping: [string, string][];
  detailMapping: [string, string][];
  /** drf-nested-routers: the router and registration prefix this router nests under. */
  nested?: { parent: RouterInfo | null; parentPrefix: Expr | undefined; lookup: string; site: Site };
}

interface Registration {
  prefix: Expr | undefined;
  viewset: Expr | undefined;
  site: Site;
}

const LIST_MAPPING: [string, string][] = [
  ['get', 'list'],
  ['post', 'create'],
];
const DETAIL_MAPPING: [string, string][] = [
  ['get', 'retrieve'],
  ['put', 'update'],
  ['patch', 'partial_update'],
  ['delete', 'destroy'],
];
const ACTION_DECORATORS = new Set(['action', 'detail_route', 'list_route']);
/** `rest_framework_nested` (drf-nested-routers) as the linker names it. */
const NESTED_PACKAGE = 'rest-framework-nested';
const NESTED_ROUTERS: ReadonlySet<string> = new Set(['NestedSimpleRouter', 'NestedDefaultRouter']);

export class DrfRouters {
  private registrations: Map<string, Registration[]> | null = null;
  private merges: Map<string, string[]> | null = null;

  constructor(
    private readonly project: ProjectIndex,
    private readonly modules: readonly ModuleFacts[],
    private readonly report: Reporter,
  ) {}

  /** The router an expression (`router` in `router.urls`) refers to, following aliases and imports. */
  identify(expr: Expr, site: Site, depth = 0): RouterInfo | null {
    if (depth > 8) return null;
    const binding = declarationOf(this.project, expr, site);
    if (!binding || binding.kind !== 'value') return null;
    const value = binding.expr;
    const valueSite: Site = { module: binding.module, scope: binding.scope, line: binding.line };
    if (value.k === 'id' || value.k === 'member') return this.identify(value, valueSite, depth + 1);
    if (value.k !== 'call') return null;
    const kind = this.routerKind(value.callee, valueSite);
    if (!kind) return null;
    const nested = kind.nested ? this.nestedInfo(value, valueSite, depth) : undefined;
    return {
      ...(nested ? { nested } : {}),
      key: `${binding.module}:${binding.line}`,
      module: binding.module,
      line: value.line,
      kind: kind.kind,
      trailingSlash: this.trailingSlash(value, valueSite, kind.hierarchy),
      pathStyle: isFalse(this.project, keywordArgument(value.args, 'use_regex_path'), valueSite),
      // A nested DefaultRouter's root would repeat its parent's at the same path.
      includeRoot: !nested && !isFalse(this.project, keywordArgument(value.args, 'include_root_view'), valueSite),
      listMapping: mergeMapping(LIST_MAPPING, kind.hierarchy ? this.routeMappingUpdates(kind.hierarchy, 0) : []),
      detailMapping: mergeMapping(DETAIL_MAPPING, kind.hierarchy ? this.routeMappingUpdates(kind.hierarchy, 2) : []),
    };
  }

  private routerKind(callee: Expr, site: Site): { kind: 'default' | 'simple'; hierarchy: ClassHierarchy | null; nested: boolean } | null {
    const binding = this.project.resolveExpr(callee, site.module, site.scope);
    if (binding.kind === 'external') {
      const name = binding.imported.split('.').pop() ?? '';
      if (binding.package === NESTED_PACKAGE && NESTED_ROUTERS.has(name)) return { kind: name === 'NestedDefaultRouter' ? 'default' : 'simple', hierarchy: null, nested: true };
      if (binding.package !== DRF_PACKAGE) return null;
      if (name === 'DefaultRouter') return { kind: 'default', hierarchy: null, nested: false };
      if (name === 'SimpleRouter') return { kind: 'simple', hierarchy: null, nested: false };
      return null;
    }
    if (binding.kind !== 'class') return null;
    const hierarchy = ClassHierarchy.of(this.project, binding.module, binding.cls);
    const nested = hierarchy.inherits(NESTED_PACKAGE, NESTED_ROUTERS);
    if (hierarchy.inherits(DRF_PACKAGE, new Set(['DefaultRouter'])) || hierarchy.inherits(NESTED_PACKAGE, new Set(['NestedDefaultRouter']))) return { kind: 'default', hierarchy, nested };
    if (hierarchy.inherits(DRF_PACKAGE, new Set(['SimpleRouter'])) || nested) return { kind: 'simple', hierarchy, nested };
    return null;
  }

  /** `NestedSimpleRouter(parent_router, 'domains', lookup='domain')`. */
  private nestedInfo(call: Extract<Expr, { k: 'call' }>, site: Site, depth: number): NonNullable<RouterInfo['nested']> {
    const parentExpr = argument(call.args, 0, 'parent_router');
    const parent = parentExpr ? this.identify(parentExpr, site, depth + 1) : null;
    if (!parent) {
      this.report('drf', { severity: 'warning', code: 'unresolved-router', message: `The parent router of a nested router could not be resolved statically: ${parentExpr ? exprText(parentExpr) : '(missing)'}`, file: site.module, line: call.line });
    }
    const lookupExpr = keywordArgument(call.args, 'lookup');
    const lookup = lookupExpr ? this.project.evaluate(lookupExpr, site.module, site.scope, site.line) : null;
    return { parent, parentPrefix: argument(call.args, 1, 'parent_prefix'), lookup: lookup?.k === 'str' ? lookup.v : 'nested_1', site: { ...site, line: call.line } };
  }

  /**
   * The regex a nested router puts before its own prefixes, as drf-nested-routers builds it: the
   * parent's registration prefix and the parent ViewSet's lookup under the `lookup_` name
   * (`domains/(?P<domain_pk>[^/.]+)/`), after its own parent's when nested deeper.
   */
  private nestedRegex(router: RouterInfo, placeholders: Map<string, string>, depth = 0): string {
    if (!router.nested || depth > 8) return '';
    const { parent, parentPrefix, lookup, site } = router.nested;
    const prefixValue = parentPrefix ? this.project.evaluate(parentPrefix, site.module, site.scope, site.line) : null;
    let prefix: string;
    if (prefixValue?.k === 'str') prefix = prefixValue.v;
    else {
      this.report('drf', { severity: 'warning', code: 'unresolved-route-part', message: `Nested router parent prefix could not be resolved statically: ${parentPrefix ? exprText(parentPrefix) : '(missing)'}`, file: site.module, line: site.line });
      prefix = sentinel(placeholders, parentPrefix ? unresolvedSegment(parentPrefix) : '{unresolved:parent_prefix}');
    }
    const registration = parent && prefixValue?.k === 'str' ? this.registrationsOf(parent).find((r) => r.prefix && this.project.evaluate(r.prefix, r.site.module, r.site.scope, r.site.line).k === 'str' && (this.project.evaluate(r.prefix, r.site.module, r.site.scope, r.site.line) as { v: string }).v === prefix) : undefined;
    const viewset = registration?.viewset ? this.project.resolveExpr(registration.viewset, registration.site.module, registration.site.scope) : null;
    const lookupRegex = viewset?.kind === 'class' ? this.lookupPattern(ClassHierarchy.of(this.project, viewset.module, viewset.cls), { ...router, pathStyle: false }, `${lookup}_`) : `(?P<${lookup}_pk>[^/.]+)`;
    const own = prefix ? `${prefix}/${lookupRegex}/` : `${lookupRegex}/`;
    return (parent ? this.nestedRegex(parent, placeholders, depth + 1) : '') + own;
  }

  /**
   * `self.routes[0].mapping.update({'put': 'bulk_update', ...})` in a method of a router subclass: the
   * usual way bulk-operation routers add methods to the list route (index 0) or the detail route (index 2
   * of `SimpleRouter.routes`).
   */
  private routeMappingUpdates(hierarchy: ClassHierarchy, routeIndex: number): [string, string][] {
    const added: [string, string][] = [];
    for (const entry of hierarchy.mro) {
      if (entry.kind !== 'repo') continue;
      const module = this.project.modules.get(entry.module);
      if (!module) continue;
      const methods = new Set(entry.cls.methods);
      for (const call of module.calls) {
        if (!methods.has(call.scope) || !call.args || !isRouteMappingUpdate(call.callee, routeIndex)) continue;
        const value = call.args[0] ? this.project.evaluate(call.args[0].value, module.path, call.scope, call.line) : null;
        if (value?.k !== 'obj') continue;
        for (const [method, action] of value.props) if (action.k === 'str') added.push([method.toLowerCase(), action.v]);
      }
    }
    return added;
  }

  private trailingSlash(call: Extract<Expr, { k: 'call' }>, site: Site, hierarchy: ClassHierarchy | null): string {
    const given = keywordArgument(call.args, 'trailing_slash');
    if (given) {
      const value = this.project.evaluate(given, site.module, site.scope, site.line);
      if (value.k === 'bool') return value.v ? '/' : '';
      if (value.k === 'str') return value.v;
    }
    const field = hierarchy?.field('trailing_slash');
    if (field?.field.value) {
      const value = this.project.evaluate(field.field.value, field.module, -1);
      if (value.k === 'str') return value.v;
      if (value.k === 'bool') return value.v ? '/' : '';
    }
    return '/';
  }

  /** Every `router.register(...)` in the server modules, by router, in source order. */
  private registrationsOf(router: RouterInfo, seen: Set<string> = new Set()): Registration[] {
    if (!this.registrations || !this.merges) this.indexRegistrations();
    if (seen.has(router.key)) return [];
    seen.add(router.key);
    const own = this.registrations!.get(router.key) ?? [];
    const merged: Registration[] = [];
    for (const key of this.merges!.get(router.key) ?? []) {
      const [module, line] = [key.slice(0, key.lastIndexOf(':')), Number(key.slice(key.lastIndexOf(':') + 1))];
      merged.push(...this.registrationsOf({ ...router, key, module, line }, seen));
    }
    return [...own, ...merged];
  }

  private indexRegistrations(): void {
    this.registrations = new Map();
    this.merges = new Map();
    for (const module of this.modules) {
      for (const call of module.calls) {
        if (call.callee.k !== 'member' || !call.args) continue;
        const site: Site = { module: module.path, scope: call.scope, line: call.line };
        if (call.callee.prop === 'register' && call.args.length >= 2) {
          const router = this.identify(call.callee.obj, site);
          if (!router) continue;
          const list = this.registrations.get(router.key) ?? [];
          list.push({ prefix: argument(call.args, 0, 'prefix'), viewset: argument(call.args, 1, 'viewset'), site });
          this.registrations.set(router.key, list);
        } else if (call.callee.prop === 'extend' && call.callee.obj.k === 'member' && call.callee.obj.prop === 'registry') {
          // `router.registry.extend(other_router.registry)` merges another router's registrations.
          const target = this.identify(call.callee.obj.obj, site);
          const source = call.args[0]?.value;
          const from = source?.k === 'member' && source.prop === 'registry' ? this.identify(source.obj, site) : null;
          if (!target || !from) continue;
          const list = this.merges.get(target.key) ?? [];
          list.push(from.key);
          this.merges.set(target.key, list);
        }
      }
    }
  }

  /** The endpoints a router serves under `state` (its include prefix); `step` is that include. */
  expand(state: RouteState, router: RouterInfo, step: MountStep | null): DetectedEndpoint[] {
    const chain = step ? [...state.chain, step] : state.chain;
    const endpoints: DetectedEndpoint[] = [];
    if (router.kind === 'default' && router.includeRoot) {
      endpoints.push({
        method: 'GET',
        ...finishPath(appendRoute(state.path, router.pathStyle ? '' : '^$', router.pathStyle, new Map())),
        framework: 'drf',
        language: 'python',
        file: router.module,
        line: router.line,
        handler: null,
        mountChain: chain,
        resolution: state.resolved ? 'resolved' : 'partial',
        generated: true,
      });
    }
    for (const registration of this.registrationsOf(router)) endpoints.push(...this.expandRegistration(state, chain, router, registration));
    return endpoints;
  }

  private expandRegistration(state: RouteState, chain: MountStep[], router: RouterInfo, registration: Registration): DetectedEndpoint[] {
    const { site } = registration;
    const prefixValue = registration.prefix ? this.project.evaluate(registration.prefix, site.module, site.scope, site.line) : null;
    const prefixResolved = prefixValue?.k === 'str';
    const placeholder = registration.prefix ? unresolvedSegment(registration.prefix) : '{unresolved:prefix}';
    if (!prefixResolved) {
      this.report('drf', {
        severity: 'warning',
        code: 'unresolved-route-part',
        message: `Router prefix could not be resolved statically: ${registration.prefix ? exprText(registration.prefix) : '(missing)'}`,
        file: site.module,
        line: site.line,
      });
    }
    const placeholders = new Map<string, string>();
    const nested = this.nestedRegex(router, placeholders);
    const prefix = nested + (prefixResolved ? prefixValue.v : sentinel(placeholders, placeholder));
    const registrationStep: MountStep = { prefix: prefixResolved ? prefixValue.v : placeholder, file: site.module, line: site.line };
    const nestedStep: MountStep[] = nested ? [{ prefix: substitute(nested, placeholders), file: router.module, line: router.line }] : [];
    const routeChain = [...chain, ...nestedStep, registrationStep];
    const resolved = state.resolved && prefixResolved;
    const ts = router.trailingSlash;
    const build = (method: string, template: string, handler: HandlerRef | null, resolution: Resolution): DetectedEndpoint => ({
      method,
      ...finishPath(appendRoute(state.path, routeTemplate(template, prefix, router.pathStyle), router.pathStyle, placeholders)),
      framework: 'drf',
      language: 'python',
      file: site.module,
      line: site.line,
      handler,
      mountChain: routeChain,
      resolution,
    });

    const binding = registration.viewset ? this.project.resolveExpr(registration.viewset, site.module, site.scope) : null;
    if (!binding || binding.kind !== 'class') {
      this.report('drf', {
        severity: 'warning',
        code: 'unresolved-viewset',
        message: `ViewSet could not be resolved statically, its routes are listed as ALL: ${registration.viewset ? exprText(registration.viewset) : '(missing)'}`,
        file: site.module,
        line: site.line,
      });
      const lookup = router.pathStyle ? '<path:pk>' : '(?P<pk>[^/.]+)';
      return [build('ALL', `{prefix}${ts}`, null, resolved ? 'partial' : 'unresolved'), build('ALL', `{prefix}/${lookup}${ts}`, null, resolved ? 'partial' : 'unresolved')];
    }
    const viewset = ClassHierarchy.of(this.project, binding.module, binding.cls);
    const lookup = this.lookupPattern(viewset, router);
    const resolution: Resolution = resolved ? 'resolved' : 'partial';
    const endpoints: DetectedEndpoint[] = [];
    for (const [method, action] of router.listMapping) if (viewset.member(action)) endpoints.push(build(method.toUpperCase(), `{prefix}${ts}`, viewset.handlerFor(action), resolution));
    for (const [method, action] of router.detailMapping) if (viewset.member(action)) endpoints.push(build(method.toUpperCase(), `{prefix}/${lookup}${ts}`, viewset.handlerFor(action), resolution));
    for (const extra of this.actionsOf(viewset)) {
      const template = extra.detail ? `{prefix}/${lookup}/${extra.urlPath}${ts}` : `{prefix}/${extra.urlPath}${ts}`;
      for (const [method, handler] of extra.methods) endpoints.push(build(method, template, handler, extra.resolved ? resolution : 'partial'));
    }
    return endpoints;
  }

  /** `(?P<pk>[^/.]+)` from the ViewSet's `lookup_url_kwarg` / `lookup_field` / `lookup_value_regex`. */
  private lookupPattern(viewset: ClassHierarchy, router: RouterInfo, lookupPrefix = ''): string {
    const read = (name: string): string | null => {
      const found = viewset.field(name);
      if (!found?.field.value) return null;
      const value = this.project.evaluate(found.field.value, found.module, -1);
      return value.k === 'str' ? value.v : null;
    };
    const name = read('lookup_url_kwarg') ?? read('lookup_field') ?? 'pk';
    if (router.pathStyle) return `<${read('lookup_value_converter') ?? 'path'}:${lookupPrefix}${name}>`;
    return `(?P<${lookupPrefix}${name}>${read('lookup_value_regex') ?? '[^/.]+'})`;
  }

  /** `@action(detail=..., methods=[...], url_path=...)` methods, with `@x.mapping.delete` additions. */
  private actionsOf(viewset: ClassHierarchy): { detail: boolean; urlPath: string; methods: [string, HandlerRef][]; resolved: boolean }[] {
    const methods = viewset.repoMethods();
    const actions: { name: string; detail: boolean; urlPath: string; methods: [string, HandlerRef][]; resolved: boolean }[] = [];
    for (const { module, fn, cls } of methods) {
      const decorator = fn.decorators.find((d) => ACTION_DECORATORS.has((d.k === 'call' ? calleeName(d.callee) : calleeName(d)) ?? ''));
      if (!decorator) continue;
      const name = (decorator.k === 'call' ? calleeName(decorator.callee) : calleeName(decorator))!;
      const args = decorator.k === 'call' ? decorator.args : [];
      const site: Site = { module, scope: cls.parent, line: fn.span.startLine };
      let resolved = true;
      let detail = name === 'detail_route';
      if (name === 'action') {
        const given = keywordArgument(args, 'detail');
        const value = given ? this.project.evaluate(given, module, cls.parent) : null;
        if (value?.k === 'bool') detail = value.v;
        else {
          resolved = false;
          this.report('drf', { severity: 'warning', code: 'unresolved-action', message: `@action on ${cls.name}.${fn.name} has no literal detail=; assumed detail=True`, file: module, line: site.line });
          detail = true;
        }
      }
      const urlPathExpr = keywordArgument(args, 'url_path');
      const urlPathValue = urlPathExpr ? this.project.evaluate(urlPathExpr, module, cls.parent) : null;
      let urlPath = fn.name;
      if (urlPathValue?.k === 'str') urlPath = urlPathValue.v;
      else if (urlPathExpr) {
        resolved = false;
        urlPath = unresolvedSegment(urlPathExpr);
        this.report('drf', { severity: 'warning', code: 'unresolved-route-part', message: `Action url_path could not be resolved statically: ${exprText(urlPathExpr)}`, file: module, line: site.line });
      }
      const listed = keywordArgument(args, 'methods');
      let verbs = listed ? methodList(this.project, listed, site) : ['GET'];
      if (!verbs) {
        resolved = false;
        this.report('drf', { severity: 'warning', code: 'unresolved-methods', message: `HTTP methods could not be resolved statically: ${exprText(listed!)}`, file: module, line: site.line });
        verbs = ['ALL'];
      }
      const handler = repoHandler(module, cls, fn);
      actions.push({ name: fn.name, detail, urlPath, methods: verbs.map((verb) => [verb, handler] as [string, HandlerRef]), resolved });
    }
    for (const { module, fn, cls } of methods) {
      for (const decorator of fn.decorators) {
        // `@set_password.mapping.delete` adds a method to an existing action's route.
        if (decorator.k !== 'member' || decorator.obj.k !== 'member' || decorator.obj.prop !== 'mapping' || decorator.obj.obj.k !== 'id') continue;
        const target = actions.find((a) => a.name === (decorator.obj as { obj: { name: string } }).obj.name);
        if (target) target.methods.push([decorator.prop.toUpperCase(), repoHandler(module, cls, fn)]);
      }
    }
    return actions;
  }
}

/** `self.routes[<index>].mapping.update` */
function isRouteMappingUpdate(callee: Expr, routeIndex: number): boolean {
  if (callee.k !== 'member' || callee.prop !== 'update' || callee.obj.k !== 'member' || callee.obj.prop !== 'mapping') return false;
  const route = callee.obj.obj;
  if (route.k !== 'index' || route.index.k !== 'num' || route.index.v !== routeIndex) return false;
  return route.obj.k === 'member' && route.obj.prop === 'routes' && route.obj.obj.k === 'id' && route.obj.obj.name === 'self';
}

/** The standard mapping with a subclass's additions; an added method replaces the standard one. */
function mergeMapping(standard: [string, string][], added: [string, string][]): [string, string][] {
  const merged = new Map(standard);
  for (const [method, action] of added) merged.set(method, action);
  return [...merged];
}

/** DRF formats `^{prefix}/{lookup}{trailing_slash}$`; with an empty prefix the leading slash goes. */
function routeTemplate(template: string, prefix: string, pathStyle: boolean): string {
  let route = template.replace('{prefix}', prefix);
  if (!prefix) route = route.replace(/^\//, '');
  return pathStyle ? route : `^${route}$`;
}

/** Normalises a generated route with unresolved parts held by sentinels, then puts their placeholders back. */
function appendRoute(base: DjangoPath, route: string, pathStyle: boolean, placeholders: ReadonlyMap<string, string>): DjangoPath {
  return {
    original: base.original + substitute(route, placeholders),
    normalized: base.normalized + substitute(normalizePiece(route, pathStyle ? 'route' : 'regex'), placeholders),
  };
}

/** A sentinel standing for an `{unresolved:...}` placeholder while a route is normalised, so its braces survive. */
function sentinel(placeholders: Map<string, string>, placeholder: string): string {
  const key = `\u0000${placeholders.size}\u0000`;
  placeholders.set(key, placeholder);
  return key;
}

function substitute(text: string, placeholders: ReadonlyMap<string, string>): string {
  let result = text;
  for (const [key, placeholder] of placeholders) result = result.split(key).join(placeholder);
  return result;
}

function isFalse(project: ProjectIndex, expr: Expr | undefined, site: Site): boolean {
  if (!expr) return false;
  const value = project.evaluate(expr, site.module, site.scope, site.line);
  return value.k === 'bool' && !value.v;
}
