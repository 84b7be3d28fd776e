import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex } from '../../../linking/types.js';
import type { Expr, ScopeId } from '../../../parsing/types.js';
import type { Diagnostic } from '../../../diagnostics.js';
import type { MountStep } from '../../types.js';
import { unresolvedSegment } from '../../shared.js';
import { appendLiteral, appendPiece, EMPTY_PATH, type DjangoPath, type PieceStyle } from './django-paths.js';
import { argument, calleeName, isFrameworkCallee, rehydrateCall, resolveDottedModule } from './python-names.js';
import { CHANNELS_PACKAGE, DJANGO_PACKAGE } from './known-views.js';

/**
 * Reads Django URLconfs: `urlpatterns` lists however they are built (`=`, `+=`, `+ [...]`,
 * `.extend`/`.append`/`.insert`, `i18n_patterns`, `format_suffix_patterns`, lists defined in other
 * modules) and walks their `path` / `re_path` / `url` entries through `include()` chains to any
 * depth. What sits at the end of a route (a view, a DRF router, the admin site) is the visitor's
 * business; Channels reuses the same walk for `websocket_urlpatterns` and `URLRouter`.
 */

export type Framework = 'django' | 'drf' | 'channels';
export type Reporter = (framework: Framework, diagnostic: Omit<Diagnostic, 'source'>) => void;

/** Where an expression sits, so names in it resolve where they were written. */
export interface Site {
  module: string;
  scope: ScopeId;
  line: number;
}

/** One entry of a pattern list, or a group of entries under a prefix Django adds itself (i18n). */
export type PatternItem =
  | { kind: 'entry'; expr: Expr; site: Site }
  | { kind: 'prefixed'; original: string; normalized: string; step: MountStep; items: PatternItem[] }
  /** Patterns that could not be read statically (already reported): the visitor keeps a placeholder endpoint. */
  | { kind: 'unresolved'; expr: Expr; site: Site };

export interface RouteState {
  path: DjangoPath;
  chain: MountStep[];
  /** false once some piece of the path could not be evaluated. */
  resolved: boolean;
}

export interface PatternVisitor {
  /** The view of a route: `path(route, view)` with everything above it applied in `state`. */
  view(state: RouteState, view: Expr, site: Site): void;
  /**
   * `X.urls` as a pattern list: a DRF router, the admin site, a package's URLs object. `step` is the
   * `path()` that includes it (null for `urlpatterns += router.urls`); `state.path` already holds its prefix.
   */
  urls(state: RouteState, expr: Expr, site: Site, step: MountStep | null): void;
  /** `include('allauth.urls')`: URLs of an installed package, which gonogo cannot read. */
  externalInclude(state: RouteState, what: string, pkg: string, site: Site, step: MountStep | null): void;
  /** Patterns that could not be read (already reported), under `state`'s prefix. */
  unresolved(state: RouteState, expr: Expr, site: Site): void;
}

const URL_FUNCTIONS = new Set(['path', 're_path', 'url']);
const INCLUDE_FUNCTIONS = new Set(['include']);
const URL_ROUTER = new Set(['URLRouter']);
/** Helpers that only add static-file or debug routes in development: they serve no application endpoint. */
const DEVELOPMENT_ONLY = new Set(['static', 'staticfiles_urlpatterns', 'debug_toolbar_urls']);
const MAX_INCLUDE_DEPTH = 32;

export class UrlPatternReader {
  private readonly lists = new Map<string, PatternItem[]>();
  private readonly inProgress = new Set<string>();
  /** Modules whose `urlpatterns` were read, to tell which URLconfs no root reaches. */
  readonly visitedModules = new Set<string>();

  constructor(
    readonly project: ProjectIndex,
    private readonly report: Reporter,
    private readonly framework: Framework,
    /** Settings modules where `settings.ADMIN_URL` (from `django.conf`) is read. */
    private readonly settingsModules: readonly string[] = [],
  ) {}

  /** Does the module build the list `name` at module level? */
  definesList(module: string, name: string): boolean {
    return this.statementsOf(module, name).length > 0;
  }

  /** A module's `urlpatterns` (or another list variable), with every statement that builds it replayed. */
  listOf(module: string, name: string): PatternItem[] {
    const key = `${module}\0${name}`;
    const cached = this.lists.get(key);
    if (cached) return cached;
    if (this.inProgress.has(key)) return [];
    this.inProgress.add(key);
    if (name === 'urlpatterns') this.visitedModules.add(module);
    let current: PatternItem[] = [];
    for (const statement of this.statementsOf(module, name)) {
      const site: Site = { module, scope: -1, line: statement.line };
      const self = { name, items: current };
      switch (statement.op) {
        case 'assign':
          current = this.flatten(statement.expr, site, self);
          break;
        case 'extend':
          current = [...current, ...this.flatten(statement.expr, site, self)];
          break;
        case 'append':
          current = [...current, entry(statement.expr, site)];
          break;
        case 'insert': {
          const index = this.project.evaluate(statement.index!, module, -1, statement.line);
          const at = index.k === 'num' ? Math.max(0, Math.min(current.length, index.v < 0 ? current.length + index.v : index.v)) : current.length;
          current = [...current.slice(0, at), entry(statement.expr, site), ...current.slice(at)];
          break;
        }
      }
    }
    this.inProgress.delete(key);
    this.lists.set(key, current);
    return current;
  }

  private statementsOf(module: string, name: string): { line: number; op: 'assign' | 'extend' | 'append' | 'insert'; expr: Expr; index?: Expr }[] {
    const facts = this.project.modules.get(module);
    if (!facts) return [];
    const statements: { line: number; op: 'assign' | 'extend' | 'append' | 'insert'; expr: Expr; index?: Expr }[] = [];
    for (const assignment of facts.assignments) {
      if (assignment.scope !== -1 || assignment.target.k !== 'id' || assignment.target.name !== name) continue;
      statements.push({ line: assignment.line, op: assignment.kind === 'augmented' ? 'extend' : 'assign', expr: assignment.value });
    }
    for (const call of facts.calls) {
      if (call.scope !== -1 || call.callee.k !== 'member' || call.callee.obj.k !== 'id' || call.callee.obj.name !== name || !call.args) continue;
      const [first, second] = call.args.map((arg) => arg.value);
      if ((call.callee.prop === 'extend' || call.callee.prop === '__iadd__') && first) statements.push({ line: call.line, op: 'extend', expr: first });
      else if (call.callee.prop === 'append' && first) statements.push({ line: call.line, op: 'append', expr: first });
      else if (call.callee.prop === 'insert' && first && second) statements.push({ line: call.line, op: 'insert', expr: second, index: first });
    }
    return statements.sort((a, b) => a.line - b.line);
  }

  /** The entries an expression denotes as a list of URL patterns. */
  flatten(expr: Expr, site: Site, self: { name: string; items: PatternItem[] } | null): PatternItem[] {
    switch (expr.k) {
      case 'arr': {
        const items: PatternItem[] = [];
        for (const item of expr.items) {
          if (item.k === 'spread') items.push(...this.flatten(item.arg, site, self));
          else items.push(entry(item, site));
        }
        return items;
      }
      case 'bin':
        if (expr.op === '+') return [...this.flatten(expr.left, site, self), ...this.flatten(expr.right, site, self)];
        break;
      case 'id': {
        if (self && expr.name === self.name) return self.items;
        const binding = this.project.lookup(site.module, expr.name, site.scope, site.line);
        const list = this.listOfBinding(binding);
        if (list) return list;
        break;
      }
      case 'member': {
        if (expr.prop === 'urls') return [entry(expr, site)];
        const base = this.project.resolveExpr(expr.obj, site.module, site.scope);
        if (base.kind === 'module') {
          const list = this.listOfBinding(this.project.lookupExport(base.module, expr.prop));
          if (list) return list;
        }
        break;
      }
      case 'call': {
        const call = rehydrateCall(this.project, expr, site.module);
        const name = calleeName(call.callee);
        if (name === 'i18n_patterns') return [this.languagePrefixed(call, site, self)];
        if (name === 'format_suffix_patterns' || name === 'list' || name === 'tuple') {
          // DRF's format suffix variants (`.json`) are left out: they are the same endpoints.
          const first = argument(call.args, 0, 'urlpatterns');
          return first ? this.flatten(first, site, self) : [];
        }
        if (name !== null && DEVELOPMENT_ONLY.has(name)) return [];
        if (name === 'patterns') {
          // Django < 1.10: `patterns('', url(...), ...)`; the first argument is a view-name prefix.
          return call.args.slice(1).flatMap((arg) => (arg.spread ? this.flatten(arg.value, site, self) : [entry(arg.value, site)]));
        }
        if (this.urlFunction(call, site)) return [entry(call, site)];
        // `urlpatterns = setup_debug_urls(urlpatterns)`: a helper handed the list is taken to return it,
        // possibly with additions gonogo cannot see (debug toolbars, feature flags).
        if (self && call.args.some((arg) => arg.name === undefined && arg.value.k === 'id' && arg.value.name === self.name)) {
          this.report(this.framework, {
            severity: 'info',
            code: 'urlpatterns-passed-through',
            message: `Assumed ${exprText(call)} returns ${self.name} with possible additions that cannot be read statically`,
            file: site.module,
            line: site.line,
          });
          return self.items;
        }
        break;
      }
      default:
        break;
    }
    this.report(this.framework, {
      severity: 'warning',
      code: 'unresolved-urlpatterns',
      message: `URL patterns could not be resolved statically: ${exprText(expr)}`,
      file: site.module,
      line: site.line,
    });
    return [{ kind: 'unresolved', expr, site }];
  }

  /** A module-level list variable a name leads to, replayed in the module that builds it. */
  private listOfBinding(binding: ReturnType<ProjectIndex['lookup']>): PatternItem[] | null {
    if (binding.kind !== 'value') return null;
    const facts = this.project.modules.get(binding.module);
    if (binding.scope === -1 && facts) {
      const assignment = facts.assignments.find((a) => a.line === binding.line && a.scope === -1 && a.target.k === 'id');
      if (assignment && assignment.target.k === 'id') return this.listOf(binding.module, assignment.target.name);
    }
    return this.flatten(binding.expr, { module: binding.module, scope: binding.scope, line: binding.line }, null);
  }

  /** `i18n_patterns(...)` serves its patterns under the active language code: `/{language}/...`. */
  private languagePrefixed(expr: Extract<Expr, { k: 'call' }>, site: Site, self: { name: string; items: PatternItem[] } | null): PatternItem {
    const items: PatternItem[] = [];
    for (const arg of expr.args) {
      if (arg.name !== undefined) continue;
      if (arg.spread) items.push(...this.flatten(arg.value, site, self));
      else items.push(entry(arg.value, { ...site, line: arg.value.k === 'call' ? arg.value.line : site.line }));
    }
    return { kind: 'prefixed', original: '<language>/', normalized: '{language}/', step: { prefix: '<language>/', file: site.module, line: expr.line }, items };
  }

  /** `path` / `re_path` / `url` from Django, or null. */
  urlFunction(expr: Extract<Expr, { k: 'call' }>, site: Site): string | null {
    return isFrameworkCallee(this.project, expr.callee, site.module, site.scope, [DJANGO_PACKAGE], URL_FUNCTIONS);
  }

  /** Walks pattern entries, applying each route's prefix, and hands every view to the visitor. */
  walk(items: readonly PatternItem[], state: RouteState, visitor: PatternVisitor, stack: readonly string[] = []): void {
    for (const item of items) {
      if (item.kind === 'unresolved') {
        visitor.unresolved(state, item.expr, item.site);
        continue;
      }
      if (item.kind === 'prefixed') {
        this.walk(item.items, { path: appendLiteral(state.path, item.original, item.normalized), chain: [...state.chain, item.step], resolved: state.resolved }, visitor, stack);
        continue;
      }
      const { site } = item;
      const expr = item.expr.k === 'call' ? rehydrateCall(this.project, item.expr, site.module) : item.expr;
      if (expr.k === 'call') {
        const fn = this.urlFunction(expr, site);
        if (fn) {
          this.walkRoute(expr, fn === 'path' ? 'route' : 'regex', { ...site, line: expr.line }, state, visitor, stack);
          continue;
        }
      }
      if (expr.k === 'member' && expr.prop === 'urls') {
        visitor.urls(state, expr, site, null);
        continue;
      }
      this.report(this.framework, {
        severity: 'warning',
        code: 'unrecognised-url-pattern',
        message: `Not a path(), re_path() or url() entry: ${exprText(expr)}`,
        file: site.module,
        line: expr.k === 'call' ? expr.line : site.line,
      });
    }
  }

  private walkRoute(call: Extract<Expr, { k: 'call' }>, style: PieceStyle, site: Site, outer: RouteState, visitor: PatternVisitor, stack: readonly string[]): void {
    const routeExpr = argument(call.args, 0, 'route', 'regex');
    const view = argument(call.args, 1, 'view');
    const route = routeExpr ? this.routePieces(routeExpr, site, style) : { path: EMPTY_PATH, unresolved: [] };
    for (const part of route.unresolved) {
      this.report(this.framework, {
        severity: 'warning',
        code: 'unresolved-route-part',
        message: `Route path could not be resolved statically: ${exprText(part)}`,
        file: site.module,
        line: site.line,
      });
    }
    const state: RouteState = {
      path: { original: outer.path.original + route.path.original, normalized: outer.path.normalized + route.path.normalized },
      chain: outer.chain,
      resolved: outer.resolved && route.unresolved.length === 0,
    };
    const stepPrefix = route.path.original;
    if (!view) {
      this.report(this.framework, { severity: 'warning', code: 'unresolved-view', message: `Route without a view: ${exprText(call)}`, file: site.module, line: site.line });
      return;
    }
    const step: MountStep = { prefix: stepPrefix, file: site.module, line: site.line };
    const included = this.includedPatterns(view, site);
    if (!included) {
      visitor.view(state, view, site);
      return;
    }
    if (included.kind === 'urls') {
      visitor.urls(state, included.expr, included.site, step);
      return;
    }
    if (included.kind === 'external') {
      visitor.externalInclude(state, included.what, included.pkg, site, step);
      return;
    }
    if (included.key !== null && stack.includes(included.key)) {
      this.report(this.framework, { severity: 'warning', code: 'include-cycle', message: `include() cycle: ${[...stack, included.key].join(' -> ')}`, file: site.module, line: site.line });
      return;
    }
    if (stack.length >= MAX_INCLUDE_DEPTH) {
      this.report(this.framework, { severity: 'warning', code: 'include-too-deep', message: `include() chain deeper than ${MAX_INCLUDE_DEPTH}`, file: site.module, line: site.line });
      return;
    }
    const inner: RouteState = { path: state.path, chain: [...outer.chain, step], resolved: state.resolved };
    this.walk(included.items, inner, visitor, included.key !== null ? [...stack, included.key] : stack);
  }

  /**
   * A route string evaluated piece by piece, so `f"{prefix}admin/"` with an unknown `prefix` keeps
   * its known `admin/` and only the unknown part becomes an `{unresolved:...}` placeholder.
   */
  private routePieces(expr: Expr, site: Site, style: PieceStyle): { path: DjangoPath; unresolved: Expr[] } {
    const value = this.project.evaluate(expr, site.module, site.scope, site.line);
    if (value.k === 'str' || value.k === 'num') return { path: appendPiece(EMPTY_PATH, String(value.v), style), unresolved: [] };
    const setting = this.settingValue(expr, site);
    if (setting !== null) return { path: appendPiece(EMPTY_PATH, setting, style), unresolved: [] };
    if (expr.k === 'bin' && expr.op === '+') {
      const left = this.routePieces(expr.left, site, style);
      const right = this.routePieces(expr.right, site, style);
      return { path: appendLiteral(left.path, right.path.original, right.path.normalized), unresolved: [...left.unresolved, ...right.unresolved] };
    }
    if (expr.k === 'tpl') {
      let path = EMPTY_PATH;
      const unresolved: Expr[] = [];
      for (const part of expr.parts) {
        const piece = typeof part === 'string' ? { path: appendPiece(EMPTY_PATH, part, style), unresolved: [] } : this.routePieces(part, site, style);
        path = appendLiteral(path, piece.path.original, piece.path.normalized);
        unresolved.push(...piece.unresolved);
      }
      return { path, unresolved };
    }
    const placeholder = unresolvedSegment(expr);
    return { path: { original: placeholder, normalized: placeholder }, unresolved: [expr] };
  }

  /** `settings.ADMIN_URL` with `settings` from `django.conf`: the value in the settings modules in force, when literal. */
  private settingValue(expr: Expr, site: Site): string | null {
    if (expr.k !== 'member' || this.settingsModules.length === 0) return null;
    const base = this.project.resolveExpr(expr.obj, site.module, site.scope);
    if (base.kind !== 'external' || base.package !== DJANGO_PACKAGE || base.imported !== 'conf.settings') return null;
    for (const module of this.settingsModules) {
      const value = this.project.evaluate({ k: 'id', name: expr.prop }, module);
      if (value.k === 'str') return value.v;
    }
    return null;
  }

  /**
   * What a route's view position includes: `include(...)`, Channels' `URLRouter(...)`, a list or
   * tuple given directly (`path('api/', [..])`, which Django treats as include), or `X.urls`.
   * null when it is a view.
   */
  private includedPatterns(
    viewExpr: Expr,
    site: Site,
  ):
    | { kind: 'items'; items: PatternItem[]; key: string | null }
    | { kind: 'urls'; expr: Expr; site: Site }
    | { kind: 'external'; what: string; pkg: string }
    | null {
    let view = viewExpr;
    if (view.k === 'member' && view.prop === 'urls') return { kind: 'urls', expr: view, site };
    if (view.k === 'arr') return this.includeTarget(view, site);
    if (view.k !== 'call') return null;
    view = rehydrateCall(this.project, view, site.module);
    const isInclude = isFrameworkCallee(this.project, view.callee, site.module, site.scope, [DJANGO_PACKAGE], INCLUDE_FUNCTIONS);
    const isRouter = !isInclude && isFrameworkCallee(this.project, view.callee, site.module, site.scope, [CHANNELS_PACKAGE], URL_ROUTER);
    if (!isInclude && !isRouter) return null;
    const target = argument(view.args, 0, isInclude ? 'arg' : 'routes');
    if (!target) {
      this.report(this.framework, { severity: 'warning', code: 'unresolved-include', message: `include() without patterns: ${exprText(view)}`, file: site.module, line: site.line });
      return unresolvedTarget(view, site);
    }
    return this.includeTarget(target, site);
  }

  private includeTarget(
    target: Expr,
    site: Site,
  ): { kind: 'items'; items: PatternItem[]; key: string | null } | { kind: 'urls'; expr: Expr; site: Site } | { kind: 'external'; what: string; pkg: string } {
    if (target.k === 'member' && target.prop === 'urls') return { kind: 'urls', expr: target, site };
    if (target.k === 'arr') {
      // `include((patterns, 'app_name'))`: a 2-tuple whose second item is the application namespace.
      const [first, second] = target.items;
      if (target.items.length === 2 && first && second && this.project.evaluate(second, site.module, site.scope, site.line).k === 'str' && !(first.k === 'call' && this.urlFunction(first, site))) {
        return this.includeTarget(first, site);
      }
      return { kind: 'items', items: this.flatten(target, site, null), key: null };
    }
    const value = target.k === 'str' ? target : this.project.evaluate(target, site.module, site.scope, site.line);
    if (value.k === 'str') return this.includeModule(value.v, target, site);
    if (target.k === 'id' || target.k === 'member') {
      const binding = this.project.resolveExpr(target, site.module, site.scope);
      if (binding.kind === 'module') return this.moduleTarget(binding.module, target, site);
      if (binding.kind === 'external') return { kind: 'external', what: exprText(target), pkg: binding.package };
    }
    const items = this.flatten(target, site, null);
    return { kind: 'items', items, key: null };
  }

  private includeModule(dotted: string, expr: Expr, site: Site): { kind: 'items'; items: PatternItem[]; key: string | null } | { kind: 'external'; what: string; pkg: string } {
    const resolved = resolveDottedModule(this.project, site.module, dotted);
    if (resolved && 'module' in resolved) return this.moduleTarget(resolved.module, expr, site);
    if (resolved) return { kind: 'external', what: dotted, pkg: resolved.external };
    this.report(this.framework, { severity: 'warning', code: 'unresolved-include', message: `Included URLconf not found: ${JSON.stringify(dotted)}`, file: site.module, line: site.line });
    return unresolvedTarget(expr, site);
  }

  private moduleTarget(module: string, expr: Expr, site: Site): { kind: 'items'; items: PatternItem[]; key: string | null } {
    if (!this.definesList(module, 'urlpatterns')) {
      this.report(this.framework, { severity: 'warning', code: 'unresolved-include', message: `Included module ${module} defines no urlpatterns`, file: site.module, line: site.line });
      this.visitedModules.add(module);
      return unresolvedTarget(expr, site);
    }
    return { kind: 'items', items: this.listOf(module, 'urlpatterns'), key: module };
  }
}

/** Patterns that could not be read: walked as one placeholder entry, so the prefix above them is kept. */
function unresolvedTarget(expr: Expr, site: Site): { kind: 'items'; items: PatternItem[]; key: null } {
  return { kind: 'items', items: [{ kind: 'unresolved', expr, site }], key: null };
}

function entry(expr: Expr, site: Site): PatternItem {
  return { kind: 'entry', expr, site: { ...site, line: expr.k === 'call' ? expr.line : site.line } };
}
