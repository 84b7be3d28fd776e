import path from 'node:path';
import type { ProjectIndex } from '../../../linking/types.js';
import type { Expr, ModuleFacts } from '../../../parsing/types.js';
import { resolveDottedModule } from './python-names.js';
import { UrlPatternReader, type Reporter } from './url-patterns.js';

/**
 * Which URLconfs Django serves. The settings modules named by `DJANGO_SETTINGS_MODULE` (the
 * literal `os.environ.setdefault(...)` in manage.py / wsgi.py / asgi.py) come first; their
 * `ROOT_URLCONF` (read through `from .base import *` chains) names the root. Without such a
 * reference, any module-level `ROOT_URLCONF` counts (settings.py, settings/base.py...). Without any,
 * the `urls.py` modules no other URLconf includes are the roots.
 */
export interface RootUrlconfs {
  modules: string[];
  /** The settings modules in force, where `django.conf.settings.X` is looked up. */
  settings: string[];
  /** true when the roots came from settings, so URLconfs they never reach are worth a note. */
  fromSettings: boolean;
}

export function findRootUrlconfs(project: ProjectIndex, modules: readonly ModuleFacts[], report: Reporter): RootUrlconfs {
  const roots = new Set<string>();
  const named = settingsModulesNamed(project, modules, report);
  const settings = named.filter((module) => definesRootUrlconf(project, module));
  const sources = settings.length > 0 ? settings.map((module) => ({ module, expr: { k: 'id', name: 'ROOT_URLCONF' } as Expr, line: undefined as number | undefined })) : assignedRootUrlconfs(modules);
  for (const source of sources) {
    const value = project.evaluate(source.expr, source.module, -1, source.line);
    if (value.k !== 'str') {
      report('django', { severity: 'warning', code: 'unresolved-urlconf', message: 'ROOT_URLCONF could not be resolved statically', file: source.module, ...(source.line ? { line: source.line } : {}) });
      continue;
    }
    const resolved = resolveDottedModule(project, source.module, value.v);
    if (resolved && 'module' in resolved) roots.add(resolved.module);
    else report('django', { severity: 'warning', code: 'unresolved-urlconf', message: `ROOT_URLCONF ${JSON.stringify(value.v)} is not a module of the repository`, file: source.module, ...(source.line ? { line: source.line } : {}) });
  }
  const settingsModules = [...new Set(sources.map((source) => source.module))].sort();
  if (roots.size > 0) return { modules: [...roots].sort(), settings: settingsModules, fromSettings: true };
  return { modules: unincludedUrlconfs(project, modules, report), settings: settingsModules, fromSettings: false };
}

/** Settings modules named by a literal `DJANGO_SETTINGS_MODULE`. */
function settingsModulesNamed(project: ProjectIndex, modules: readonly ModuleFacts[], report: Reporter): string[] {
  const found = new Set<string>();
  const consider = (module: ModuleFacts, valueExpr: Expr, line: number): void => {
    const value = project.evaluate(valueExpr, module.path, -1, line);
    if (value.k !== 'str') return;
    const resolved = resolveDottedModule(project, module.path, value.v);
    if (resolved && 'module' in resolved) found.add(resolved.module);
    else report('django', { severity: 'info', code: 'unresolved-settings', message: `DJANGO_SETTINGS_MODULE ${JSON.stringify(value.v)} is not a module of the repository`, file: module.path, line });
  };
  for (const module of modules) {
    for (const call of module.calls) {
      if (call.callee.k !== 'member' || call.callee.prop !== 'setdefault' || !isEnviron(call.callee.obj) || !call.args) continue;
      const [key, value] = call.args.map((arg) => arg.value);
      if (key?.k === 'str' && key.v === 'DJANGO_SETTINGS_MODULE' && value) consider(module, value, call.line);
    }
    for (const assignment of module.assignments) {
      const target = assignment.target;
      if (target.k === 'member' && target.prop === 'DJANGO_SETTINGS_MODULE' && isEnviron(target.obj)) consider(module, assignment.value, assignment.line);
    }
  }
  return [...found].sort();
}

function isEnviron(expr: Expr): boolean {
  return (expr.k === 'member' && expr.prop === 'environ') || (expr.k === 'id' && expr.name === 'environ');
}

function definesRootUrlconf(project: ProjectIndex, module: string): boolean {
  return project.lookup(module, 'ROOT_URLCONF').kind === 'value';
}

function assignedRootUrlconfs(modules: readonly ModuleFacts[]): { module: string; expr: Expr; line: number | undefined }[] {
  const sources: { module: string; expr: Expr; line: number | undefined }[] = [];
  for (const module of modules) {
    for (const assignment of module.assignments) {
      if (assignment.scope !== -1 || assignment.target.k !== 'id' || assignment.target.name !== 'ROOT_URLCONF') continue;
      sources.push({ module: module.path, expr: assignment.value, line: assignment.line });
    }
  }
  return sources;
}

function isUrlconfFile(file: string): boolean {
  const base = path.posix.basename(file);
  return base === 'urls.py' || file.endsWith('/urls/__init__.py');
}

/** Modules named `urls` that build `urlpatterns`, whatever includes them. */
export function urlconfModules(project: ProjectIndex, modules: readonly ModuleFacts[]): string[] {
  const reader = new UrlPatternReader(project, () => undefined, 'django');
  return modules.filter((m) => isUrlconfFile(m.path) && reader.definesList(m.path, 'urlpatterns')).map((m) => m.path);
}

/** The fallback roots: URLconfs that no other URLconf includes (a dry walk collects what each includes). */
function unincludedUrlconfs(project: ProjectIndex, modules: readonly ModuleFacts[], report: Reporter): string[] {
  const candidates = urlconfModules(project, modules);
  const included = new Set<string>();
  for (const candidate of candidates) {
    const reader = new UrlPatternReader(project, () => undefined, 'django');
    const ignore = (): void => undefined;
    reader.walk(reader.listOf(candidate, 'urlpatterns'), { path: { original: '', normalized: '' }, chain: [], resolved: true }, { view: ignore, urls: ignore, externalInclude: ignore, unresolved: ignore }, [candidate]);
    for (const module of reader.visitedModules) if (module !== candidate) included.add(module);
  }
  const roots = candidates.filter((module) => !included.has(module)).sort();
  if (roots.length > 0) {
    report('django', {
      severity: 'info',
      code: 'no-root-urlconf',
      message: `No ROOT_URLCONF found in settings; serving the URLconfs no other includes: ${roots.join(', ')}`,
    });
  }
  return roots;
}
