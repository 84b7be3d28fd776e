import type { Binding, ProjectIndex } from '../../../linking/types.js';
import { exprText } from '../../../linking/project-index.js';
import type { Arg, CallFact, Expr, ModuleFacts, ScopeId } from '../../../parsing/types.js';


/**
 * Small helpers for reading Django-style Python: what a callee is called, which framework function
 * it is, positional and keyword arguments, dotted module strings.
 */

/** The last name of a callee: `path`, `include` for `urls.include`, null for anything else. */
export function calleeName(expr: Expr): string | null {
  if (expr.k === 'id') return expr.name;
  if (expr.k === 'member') return expr.prop;
  return null;
}

/** The last segment of an external binding's imported path (`urls.path` -> `path`). */
export function importedName(binding: Binding): string | null {
  if (binding.kind !== 'external') return null;
  return binding.imported.split('.').pop()?.replace(/\(\)$/, '') ?? null;
}

/**
 * Is `callee` one of a framework's functions? Imported from the package under any alias, or, when
 * the name does not resolve at all (star imports of the framework, code outside the index), by its
 * local name. A function of the repository with the same name is not the framework's.
 */
export function isFrameworkCallee(project: ProjectIndex, callee: Expr, module: string, scope: ScopeId, packages: readonly string[], names: ReadonlySet<string>): string | null {
  const local = calleeName(callee);
  if (local === null) return null;
  const binding = project.resolveExpr(callee, module, scope);
  if (binding.kind === 'external') {
    const name = importedName(binding);
    return packages.includes(binding.package) && name !== null && names.has(name) ? name : null;
  }
  if (binding.kind === 'unresolved' && names.has(local)) return local;
  return null;
}

/** The `index`-th positional argument, or the keyword argument `name`. */
export function argument(args: readonly Arg[], index: number, ...names: string[]): Expr | undefined {
  const keyword = args.find((arg) => arg.name !== undefined && names.includes(arg.name));
  if (keyword) return keyword.value;
  const positional = args.filter((arg) => arg.name === undefined && !arg.spread);
  return positional[index]?.value;
}

export function keywordArgument(args: readonly Arg[], name: string): Expr | undefined {
  return args.find((arg) => arg.name === name)?.value;
}

/**
 * A dotted module name as Django imports it (`ROOT_URLCONF`, `include('blog.urls')`,
 * `DJANGO_SETTINGS_MODULE`): like an absolute import from the importing file, then, since projects
 * often put apps on `sys.path` themselves, the single module of the repository whose path ends with
 * it (the shortest when several do).
 */
export function resolveDottedModule(project: ProjectIndex, fromModule: string, dotted: string): { module: string } | { external: string } | null {
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(dotted)) return null;
  const resolved = project.resolveImport(fromModule, dotted);
  if (resolved && 'module' in resolved && !resolved.module.endsWith('/')) return resolved;
  const tail = dotted.split('.').join('/');
  const candidates = project
    .modulesOf('python')
    .map((m) => m.path)
    .filter((p) => p === `${tail}.py` || p === `${tail}/__init__.py` || p.endsWith(`/${tail}.py`) || p.endsWith(`/${tail}/__init__.py`))
    .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  if (candidates[0] !== undefined) return { module: candidates[0] };
  // `proj.nowhere` where `proj` is a package of the repository is a missing module, not an installed package.
  const top = project.resolveImport(fromModule, dotted.split('.')[0]!);
  if (top && 'module' in top) return null;
  if (resolved && 'external' in resolved) return { external: resolved.external };
  return null;
}

/** The declaration a name (or a module attribute) leads to, before aliases are followed. */
export function declarationOf(project: ProjectIndex, expr: Expr, site: { module: string; scope: ScopeId; line: number }): Binding | null {
  if (expr.k === 'id') return project.lookup(site.module, expr.name, site.scope, site.line);
  if (expr.k !== 'member') return null;
  const base = project.resolveExpr(expr.obj, site.module, site.scope);
  return base.kind === 'module' ? project.lookupExport(base.module, expr.prop) : null;
}

const callsByLine = new WeakMap<ModuleFacts, Map<number, CallFact[]>>();

/**
 * The same call with its arguments read afresh. Facts keep nested expressions only a few levels
 * deep, so in `urlpatterns = [path('x/', include((urls.urlpatterns, 'app')))]` the innermost names
 * arrive as source text; every call is also a fact of its own, read from its own depth, so the call
 * is looked up by line, callee and argument count (and first argument when several match).
 */
export function rehydrateCall(project: ProjectIndex, expr: Extract<Expr, { k: 'call' }>, module: string): Extract<Expr, { k: 'call' }> {
  const facts = project.modules.get(module);
  if (!facts) return expr;
  let index = callsByLine.get(facts);
  if (!index) {
    index = new Map();
    for (const call of facts.calls) {
      const list = index.get(call.line);
      if (list) list.push(call);
      else index.set(call.line, [call]);
    }
    callsByLine.set(facts, index);
  }
  const callee = exprText(expr.callee);
  const candidates = (index.get(expr.line) ?? []).filter((call) => call.args !== undefined && call.argCount === expr.args.length && exprText(call.callee) === callee);
  if (candidates.length === 0) return expr;
  const first = expr.args[0] ? exprText(expr.args[0].value) : '';
  const chosen = candidates.length === 1 ? candidates[0]! : candidates.find((call) => (call.args![0] ? exprText(call.args![0].value) : '') === first);
  return chosen ? { ...expr, callee: chosen.callee, args: chosen.args! } : expr;
}
