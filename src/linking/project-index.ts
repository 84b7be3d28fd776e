import path from 'node:path';
import type { Language } from '../discovery/types.js';
import type { ClassFact, Expr, FunctionFact, ImportFact, ModuleFacts, ScopeId } from '../parsing/types.js';
import { normalizePypiName, type GeneratedClient, type ManifestData, type TsConfigInfo } from './read-manifests.js';
import type { Binding, PackageManifest, ProjectIndex, Value } from './types.js';

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
/** How deep evaluation follows names before giving up: guards cycles like `a = b; b = a`. */
const MAX_EVAL_DEPTH = 24;

/**
 * Builds the linked view of a repository from its modules' facts. Everything here is
 * lazy and memoised: detectors ask for the few names they care about.
 */
export function buildProjectIndex(modules: readonly ModuleFacts[], manifestData: ManifestData): ProjectIndex {
  return new LinkedProject(modules, manifestData.manifests, manifestData.tsconfigs, manifestData.generatedClients);
}

interface ScopeTables {
  /** Name -> declarations in this scope, in source order. */
  names: Map<string, Declaration[]>;
}

type Declaration =
  | { kind: 'function'; fn: FunctionFact; line: number }
  | { kind: 'class'; cls: ClassFact; line: number }
  | { kind: 'assign'; expr: Expr; line: number; fromProperty?: string; type?: string }
  | { kind: 'import'; imp: ImportFact; line: number }
  | { kind: 'param'; fnId: number; index: number; type?: string; default?: Expr; line: number };

class LinkedProject implements ProjectIndex {
  readonly modules: ReadonlyMap<string, ModuleFacts>;
  readonly manifests: readonly PackageManifest[];
  private readonly scopeCache = new Map<string, Map<ScopeId, ScopeTables>>();
  /** Importing module -> specifier -> target: nested maps, since a joined string key cost more than the resolution it saved. */
  private readonly importCache = new Map<string, Map<string, ReturnType<ProjectIndex['resolveImport']>>>();
  /** `py:` or `js:` + importing folder -> specifier -> target. */
  private readonly folderImportCache = new Map<string, Map<string, ReturnType<ProjectIndex['resolveImport']>>>();
  /** tsconfigs per folder, in the order given (deepest folder first). */
  private readonly tsconfigsByDir = new Map<string, TsConfigInfo[]>();
  /** Module -> its nearest manifest's dependencies; detectors ask once per router or plugin, estimation once per module. */
  private readonly dependencyCache = new Map<string, Set<string>>();
  private readonly byLanguage = new Map<string, ModuleFacts[]>();
  /** Python package folders (relative POSIX) that exist in the repository, for absolute imports. */
  private readonly pythonFiles = new Set<string>();
  private readonly pythonDirs = new Set<string>();
  /** Every folder name and module name (`x` for `x.py`) in Python paths, to rule out imports of packages quickly. */
  private readonly pythonSegments = new Set<string>();
  private readonly workspacePackages = new Map<string, string>();
  /**
   * Module path without its JS/TS extension -> the module with the first extension of
   * JS_EXTENSIONS: what an import naming the stem (`./users`, `./users/index`) finds first.
   */
  private readonly jsFilesByStem = new Map<string, string>();
  /** Manifests per ecosystem and folder, in manifest order. */
  private readonly manifestsByDir = { npm: new Map<string, PackageManifest[]>(), pypi: new Map<string, PackageManifest[]>() };

  constructor(
    modules: readonly ModuleFacts[],
    manifests: readonly PackageManifest[],
    tsconfigs: readonly TsConfigInfo[],
    private readonly generatedClients: readonly GeneratedClient[],
  ) {
    const sorted = [...modules].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.modules = new Map(sorted.map((m) => [m.path, m]));
    this.manifests = manifests;
    for (const config of tsconfigs) {
      const list = this.tsconfigsByDir.get(config.dir);
      if (list) list.push(config);
      else this.tsconfigsByDir.set(config.dir, [config]);
    }
    const stemRank = new Map<string, number>();
    for (const module of sorted) {
      const rank = JS_EXTENSIONS.findIndex((ext) => module.path.endsWith(ext));
      if (rank === -1) continue;
      const stem = module.path.slice(0, -JS_EXTENSIONS[rank]!.length);
      if ((stemRank.get(stem) ?? Infinity) <= rank) continue;
      stemRank.set(stem, rank);
      this.jsFilesByStem.set(stem, module.path);
    }
    for (const module of sorted) {
      if (module.language !== 'python') continue;
      this.pythonFiles.add(module.path);
      for (const segment of module.path.split('/')) this.pythonSegments.add(segment.endsWith('.py') ? segment.slice(0, -3) : segment);
      let dir = path.posix.dirname(module.path);
      while (dir !== '.' && dir !== '' && !this.pythonDirs.has(dir)) {
        this.pythonDirs.add(dir);
        dir = path.posix.dirname(dir);
      }
    }
    for (const manifest of manifests) {
      if (manifest.ecosystem === 'npm' && manifest.name) this.workspacePackages.set(manifest.name, manifest.dir);
      const byDir = this.manifestsByDir[manifest.ecosystem];
      const list = byDir.get(manifest.dir);
      if (list) list.push(manifest);
      else byDir.set(manifest.dir, [manifest]);
    }
  }

  modulesOf(language: Language | 'js'): ModuleFacts[] {
    let list = this.byLanguage.get(language);
    if (!list) {
      list = [...this.modules.values()].filter((m) => (language === 'js' ? m.language !== 'python' : m.language === language));
      this.byLanguage.set(language, list);
    }
    return list;
  }

  dependenciesOf(modulePath: string): Set<string> {
    let deps = this.dependencyCache.get(modulePath);
    if (!deps) this.dependencyCache.set(modulePath, (deps = this.collectDependencies(modulePath)));
    return deps;
  }

  /** The manifests of the deepest folder holding the module that has any of its ecosystem. */
  private collectDependencies(modulePath: string): Set<string> {
    const module = this.modules.get(modulePath);
    const byDir = module?.language === 'python' ? this.manifestsByDir.pypi : this.manifestsByDir.npm;
    const deps = new Set<string>();
    // The folders holding a file are its path's prefixes before each slash, deepest last; '' holds all.
    let nearest = byDir.get('');
    for (let slash = modulePath.lastIndexOf('/'); slash > 0; slash = modulePath.lastIndexOf('/', slash - 1)) {
      const found = byDir.get(modulePath.slice(0, slash));
      if (found) {
        nearest = found;
        break;
      }
    }
    for (const manifest of nearest ?? []) {
      for (const name of Object.keys(manifest.dependencies)) deps.add(name);
      for (const name of Object.keys(manifest.devDependencies)) deps.add(name);
    }
    return deps;
  }

  // ---------------------------------------------------------------- module resolution

  resolveImport(fromModule: string, source: string): { module: string } | { external: string; specifier: string } | null {
    let bySource = this.importCache.get(fromModule);
    if (!bySource) this.importCache.set(fromModule, (bySource = new Map()));
    const cached = bySource.get(source);
    if (cached !== undefined) return cached;
    const from = this.modules.get(fromModule);
    // A resolution reads only the importer's folder and language, so modules side by side share it.
    const folderKey = from ? `${from.language === 'python' ? 'py' : 'js'}:${path.posix.dirname(fromModule)}` : null;
    let byFolder = folderKey === null ? undefined : this.folderImportCache.get(folderKey);
    if (folderKey !== null && !byFolder) this.folderImportCache.set(folderKey, (byFolder = new Map()));
    let result = byFolder?.get(source);
    if (result === undefined) {
      result = from?.language === 'python' ? this.resolvePythonImport(fromModule, source) : this.resolveJsImport(fromModule, source);
      byFolder?.set(source, result);
    }
    bySource.set(source, result);
    return result;
  }

  private resolveJsImport(fromModule: string, source: string): { module: string } | { external: string; specifier: string } | null {
    if (!source) return null;
    const dir = path.posix.dirname(fromModule);
    if (source.startsWith('.')) {
      const target = path.posix.normalize(path.posix.join(dir, source));
      return this.findJsFile(target) ?? this.generatedClientAt(target, source);
    }
    if (source.startsWith('/')) return null;
    const aliased = this.resolveAlias(fromModule, source);
    if (aliased) return aliased;
    const packageName = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0]!;
    const workspaceDir = this.workspacePackages.get(packageName);
    if (workspaceDir !== undefined) {
      const rest = source.slice(packageName.length);
      const candidates = rest ? [path.posix.join(workspaceDir, rest), path.posix.join(workspaceDir, 'src', rest)] : [path.posix.join(workspaceDir, 'src/index'), path.posix.join(workspaceDir, 'index')];
      for (const candidate of candidates) {
        const found = this.findJsFile(candidate);
        if (found) return found;
      }
    }
    return { external: packageName.replace(/^node:/, ''), specifier: source };
  }

  /** A path inside a generated client's folder that no repository file answers: the package it stands for. */
  private generatedClientAt(target: string, source: string): { external: string; specifier: string } | null {
    for (const client of this.generatedClients) {
      if (target === client.dir || target.startsWith(`${client.dir}/`)) return { external: client.package, specifier: source };
    }
    return null;
  }

  private resolveAlias(fromModule: string, source: string): { module: string } | { external: string; specifier: string } | null {
    for (const config of this.tsconfigsAbove(fromModule)) {
      if (config.baseUrl === null) continue;
      for (const [pattern, targets] of Object.entries(config.paths)) {
        const star = pattern.indexOf('*');
        let captured: string | null = null;
        if (star === -1) captured = pattern === source ? '' : null;
        else if (source.startsWith(pattern.slice(0, star)) && source.endsWith(pattern.slice(star + 1))) {
          captured = source.slice(star, source.length - (pattern.length - star - 1));
        }
        if (captured === null) continue;
        const base = config.baseUrl;
        const part = captured;
        const candidates = targets.map((target) => path.posix.normalize(path.posix.join(base, target.replace('*', part))));
        for (const candidate of candidates) {
          const found = this.findJsFile(candidate);
          if (found) return found;
        }
        for (const candidate of candidates) {
          const generated = this.generatedClientAt(candidate, source);
          if (generated) return generated;
        }
      }
      // Non-relative imports resolve against baseUrl too, before node_modules.
      const target = path.posix.normalize(path.posix.join(config.baseUrl, source));
      return this.findJsFile(target) ?? this.generatedClientAt(target, source);
    }
    return null;
  }

  /**
   * The tsconfigs whose folder holds the module, deepest first, as `tsconfigs` lists them: its
   * path up to each slash, from the last, then the root.
   */
  private *tsconfigsAbove(modulePath: string): Generator<TsConfigInfo> {
    for (let slash = modulePath.lastIndexOf('/'); slash > 0; slash = modulePath.lastIndexOf('/', slash - 1)) {
      yield* this.tsconfigsByDir.get(modulePath.slice(0, slash)) ?? [];
    }
    yield* this.tsconfigsByDir.get('') ?? [];
  }

  private findJsFile(base: string): { module: string } | null {
    const normalized = base.replace(/^\.\//, '');
    if (this.modules.has(normalized) && this.modules.get(normalized)!.language !== 'python') return { module: normalized };
    // NodeNext TypeScript imports name the emitted `.js` file: `./x.js` means `./x.ts`.
    const stripped = normalized.replace(/\.(m|c)?js$/, '');
    for (const stem of stripped === normalized ? [normalized] : [stripped, normalized]) {
      const file = this.jsFilesByStem.get(stem) ?? this.jsFilesByStem.get(`${stem}/index`);
      if (file !== undefined) return { module: file };
    }
    return null;
  }

  private resolvePythonImport(fromModule: string, source: string): { module: string } | { external: string; specifier: string } | null {
    if (source.startsWith('.')) {
      const dots = /^\.+/.exec(source)![0].length;
      let dir = path.posix.dirname(fromModule);
      for (let i = 1; i < dots; i++) dir = path.posix.dirname(dir);
      const rest = source.slice(dots);
      const target = rest ? path.posix.join(dir === '.' ? '' : dir, ...rest.split('.')) : dir;
      return this.findPythonModule(target === '.' ? '' : target);
    }
    const parts = source.split('.');
    // No folder or module of the repository bears the first name (`os`, `django`): no source root can hold it.
    if (!this.pythonSegments.has(parts[0]!) && parts.every((part) => part !== '' && !part.includes('/'))) {
      return { external: normalizePypiName(parts[0]!), specifier: source };
    }
    // Absolute imports: try each ancestor folder of the importer as a source root, nearest first.
    let dir = path.posix.dirname(fromModule);
    const roots: string[] = [];
    while (true) {
      roots.push(dir === '.' ? '' : dir);
      if (dir === '.' || dir === '') break;
      dir = path.posix.dirname(dir);
    }
    for (const root of roots) {
      const found = this.findPythonModule(path.posix.join(root, ...parts));
      if (found) return found;
      for (const sourceRoot of ['src', 'app']) {
        if (root.endsWith(`/${sourceRoot}`) || root === sourceRoot) continue;
        const nested = this.findPythonModule(path.posix.join(root, sourceRoot, ...parts));
        if (nested) return nested;
      }
    }
    return { external: normalizePypiName(parts[0]!), specifier: source };
  }

  private findPythonModule(target: string): { module: string } | null {
    const clean = target.replace(/^\/+/, '');
    if (this.pythonFiles.has(`${clean}.py`)) return { module: `${clean}.py` };
    const init = clean ? `${clean}/__init__.py` : '__init__.py';
    if (this.pythonFiles.has(init)) return { module: init };
    // A namespace package (a folder without __init__.py) is a module with no names of its own.
    if (clean && this.pythonDirs.has(clean)) return { module: `${clean}/` };
    return null;
  }

  // ---------------------------------------------------------------- names

  private scopes(modulePath: string): Map<ScopeId, ScopeTables> {
    let tables = this.scopeCache.get(modulePath);
    if (tables) return tables;
    tables = new Map();
    const module = this.modules.get(modulePath);
    const add = (scope: ScopeId, name: string, decl: Declaration): void => {
      let table = tables!.get(scope);
      if (!table) tables!.set(scope, (table = { names: new Map() }));
      const list = table.names.get(name);
      if (list) list.push(decl);
      else table.names.set(name, [decl]);
    };
    if (module) {
      // A named function expression (`{ handler: function health() {} }`) binds its name only
      // inside itself; only declarations bind in the enclosing scope.
      const expressions = functionsUsedAsValues(module);
      for (const fn of module.functions) {
        if (fn.classId === undefined && fn.kind !== 'arrow' && fn.kind !== 'lambda' && fn.name !== '<anonymous>' && !fn.name.includes('.') && !expressions.has(fn.id)) {
          add(fn.parent, fn.name, { kind: 'function', fn, line: fn.span.startLine });
        }
        fn.params.forEach((param, index) => {
          const decl: Declaration = { kind: 'param', fnId: fn.id, index, line: fn.span.startLine };
          if (param.type !== undefined) decl.type = param.type;
          if (param.default !== undefined) decl.default = param.default;
          add(fn.id, param.name, decl);
        });
      }
      for (const cls of module.classes) if (cls.name !== '<anonymous>') add(cls.parent, cls.name, { kind: 'class', cls, line: cls.span.startLine });
      for (const assignment of module.assignments) {
        if (assignment.target.k !== 'id' || assignment.kind === 'augmented') continue;
        const decl: Declaration = { kind: 'assign', expr: assignment.value, line: assignment.line };
        if (assignment.fromProperty !== undefined) decl.fromProperty = assignment.fromProperty;
        if (assignment.type !== undefined) decl.type = assignment.type;
        add(assignment.scope, assignment.target.name, decl);
      }
      for (const imp of module.imports) if (imp.local && imp.local !== '*') add(imp.scope, imp.local, { kind: 'import', imp, line: imp.line });
      for (const table of tables.values()) for (const list of table.names.values()) list.sort((a, b) => a.line - b.line);
    }
    this.scopeCache.set(modulePath, tables);
    return tables;
  }

  lookup(modulePath: string, name: string, scope: ScopeId = -1, beforeLine?: number): Binding {
    return this.lookupGuarded(modulePath, name, scope, beforeLine, 0);
  }

  private lookupGuarded(modulePath: string, name: string, scope: ScopeId, beforeLine: number | undefined, depth: number): Binding {
    if (depth > MAX_EVAL_DEPTH) return { kind: 'unresolved', reason: `too many indirections resolving ${name}` };
    const module = this.modules.get(modulePath);
    if (!module) return { kind: 'unresolved', reason: `unknown module ${modulePath}` };
    const tables = this.scopes(modulePath);
    let current: ScopeId = scope;
    while (true) {
      const decls = tables.get(current)?.names.get(name);
      if (decls && decls.length > 0) {
        // The binding in force is the last one declared before the use; hoisted functions and
        // later module-level assignments still count when nothing precedes the use.
        // Declarations are sorted by line: the last one at or before the use.
        let index = decls.length - 1;
        if (current === scope && beforeLine !== undefined) {
          while (index >= 0 && !(decls[index]!.line <= beforeLine)) index--;
          if (index < 0) index = decls.length - 1;
        }
        return this.bindingOf(modulePath, decls[index]!, current, depth);
      }
      if (current === -1) break;
      current = module.functions[current]?.parent ?? -1;
    }
    if (module.language === 'python') {
      for (const imp of module.imports) {
        if (imp.local !== '*') continue;
        const target = this.resolveImport(modulePath, imp.source);
        if (target && 'module' in target) {
          const found = this.lookupExportGuarded(target.module, name, depth + 1);
          if (found.kind !== 'unresolved') return found;
        }
      }
    }
    return { kind: 'unresolved', reason: `${name} is not defined in ${modulePath}` };
  }

  private bindingOf(modulePath: string, decl: Declaration, scope: ScopeId, depth: number): Binding {
    switch (decl.kind) {
      case 'function':
        return { kind: 'function', module: modulePath, fn: decl.fn };
      case 'class':
        return { kind: 'class', module: modulePath, cls: decl.cls };
      case 'assign': {
        const binding: Binding = { kind: 'value', module: modulePath, expr: decl.expr, scope, line: decl.line };
        if (decl.fromProperty !== undefined) binding.fromProperty = decl.fromProperty;
        if (decl.type !== undefined) binding.type = decl.type;
        return binding;
      }
      case 'param': {
        const fn = this.modules.get(modulePath)!.functions[decl.fnId]!;
        const binding: Binding = { kind: 'param', module: modulePath, fnId: decl.fnId, index: decl.index, name: fn.params[decl.index]!.name };
        if (decl.type !== undefined) binding.type = decl.type;
        if (decl.default !== undefined) binding.default = decl.default;
        return binding;
      }
      case 'import':
        return this.bindingOfImport(modulePath, decl.imp, depth);
    }
  }

  private bindingOfImport(modulePath: string, imp: ImportFact, depth: number): Binding {
    const target = this.resolveImport(modulePath, imp.source);
    if (!target) return { kind: 'unresolved', reason: `cannot resolve import '${imp.source}' in ${modulePath}` };
    if ('external' in target) {
      const imported = imp.imported === '*' || imp.imported === 'default' ? subpathOf(target) : joinImported(subpathOf(target), imp.imported);
      return { kind: 'external', package: target.external, imported, specifier: target.specifier };
    }
    if (imp.imported === '*') {
      // require() of a CommonJS module yields its module.exports value.
      if (imp.kind === 'require') {
        const cjsDefault = this.modules.get(target.module)?.exports.find((e) => e.exported === 'default' && e.cjs);
        if (cjsDefault) return this.lookupExportGuarded(target.module, 'default', depth + 1);
      }
      return { kind: 'module', module: target.module };
    }
    return this.lookupExportGuarded(target.module, imp.imported, depth + 1);
  }

  lookupExport(modulePath: string, exported: string): Binding {
    return this.lookupExportGuarded(modulePath, exported, 0);
  }

  private lookupExportGuarded(modulePath: string, exported: string, depth: number): Binding {
    if (depth > MAX_EVAL_DEPTH) return { kind: 'unresolved', reason: `too many re-exports resolving ${exported}` };
    const module = this.modules.get(modulePath);
    if (modulePath.endsWith('/') && !module) {
      // Namespace package: names are its submodules.
      const sub = this.findPythonModule(`${modulePath}${exported}`);
      return sub ? { kind: 'module', module: sub.module } : { kind: 'unresolved', reason: `${exported} is not in ${modulePath}` };
    }
    if (!module) return { kind: 'unresolved', reason: `unknown module ${modulePath}` };
    if (module.language === 'python') {
      const found = this.lookupGuarded(modulePath, exported, -1, undefined, depth + 1);
      if (found.kind !== 'unresolved') return found;
      if (modulePath.endsWith('__init__.py')) {
        const sub = this.findPythonModule(`${path.posix.dirname(modulePath)}/${exported}`);
        if (sub) return { kind: 'module', module: sub.module };
      }
      return found;
    }
    const matches = module.exports.filter((e) => e.exported === exported);
    // ESM wins over CommonJS facts for the same name; the last CommonJS assignment wins among those.
    const fact = matches.find((e) => !e.cjs) ?? matches[matches.length - 1];
    if (fact) {
      if (fact.source !== undefined) {
        const target = this.resolveImport(modulePath, fact.source);
        if (!target) return { kind: 'unresolved', reason: `cannot resolve re-export '${fact.source}' in ${modulePath}` };
        if ('external' in target) return { kind: 'external', package: target.external, imported: fact.imported === '*' ? subpathOf(target) : joinImported(subpathOf(target), fact.imported ?? exported), specifier: target.specifier };
        if (fact.imported === '*') return { kind: 'module', module: target.module };
        return this.lookupExportGuarded(target.module, fact.imported ?? exported, depth + 1);
      }
      if (fact.local !== undefined) return this.lookupGuarded(modulePath, fact.local, -1, undefined, depth + 1);
      if (fact.value !== undefined) {
        if (fact.value.k === 'fn') return { kind: 'function', module: modulePath, fn: module.functions[fact.value.id]! };
        if (fact.value.k === 'class') return { kind: 'class', module: modulePath, cls: module.classes[fact.value.id]! };
        return { kind: 'value', module: modulePath, expr: fact.value, scope: -1, line: fact.line };
      }
      // `export default function () {}` / `export default class {}` without a name.
      const fn = module.functions.find((f) => f.parent === -1 && f.name === 'default');
      if (fn) return { kind: 'function', module: modulePath, fn };
    }
    for (const star of module.exports) {
      if (star.exported !== '*' || star.source === undefined) continue;
      const target = this.resolveImport(modulePath, star.source);
      if (!target || !('module' in target)) continue;
      const found = this.lookupExportGuarded(target.module, exported, depth + 1);
      if (found.kind !== 'unresolved') return found;
    }
    // A module without ES exports may still define the name (scripts, `exports` built dynamically).
    if (module.exports.length === 0) {
      const local = this.lookupGuarded(modulePath, exported, -1, undefined, depth + 1);
      if (local.kind !== 'unresolved' && local.kind !== 'external') return local;
    }
    return { kind: 'unresolved', reason: `${modulePath} does not export ${exported}` };
  }

  // ---------------------------------------------------------------- expressions

  resolveExpr(expr: Expr, modulePath: string, scope: ScopeId = -1): Binding {
    return this.resolveExprGuarded(expr, modulePath, scope, 0);
  }

  private resolveExprGuarded(expr: Expr, modulePath: string, scope: ScopeId, depth: number): Binding {
    if (depth > MAX_EVAL_DEPTH) return { kind: 'unresolved', reason: 'too many indirections' };
    switch (expr.k) {
      case 'id': {
        if (expr.name === 'this' || expr.name === 'self' || expr.name === 'cls') {
          const cls = this.enclosingClass(modulePath, scope);
          if (cls) return { kind: 'class', module: modulePath, cls };
        }
        return this.followValue(this.lookupGuarded(modulePath, expr.name, scope, undefined, depth + 1), depth);
      }
      case 'member': {
        const base = this.resolveExprGuarded(expr.obj, modulePath, scope, depth + 1);
        return this.followValue(this.memberOf(base, expr.prop, depth + 1, expr.obj.k === 'id' && (expr.obj.name === 'this' || expr.obj.name === 'self')), depth);
      }
      case 'fn':
        return { kind: 'function', module: modulePath, fn: this.modules.get(modulePath)!.functions[expr.id]! };
      case 'class':
        return { kind: 'class', module: modulePath, cls: this.modules.get(modulePath)!.classes[expr.id]! };
      case 'call': {
        // A call's result: an instance when the callee is a class (`new X()`, Python `X()`).
        const callee = this.resolveExprGuarded(expr.callee, modulePath, scope, depth + 1);
        if (callee.kind === 'class') return { kind: 'value', module: callee.module, expr, scope, line: expr.line, type: callee.cls.name };
        if (callee.kind === 'external') return { kind: 'external', package: callee.package, imported: `${callee.imported}()`, specifier: callee.specifier };
        if (callee.kind === 'function') {
          const returned = this.returnedValue(callee.module, callee.fn, expr, depth + 1);
          if (returned) return returned;
        }
        return { kind: 'unresolved', reason: `result of a call at ${modulePath}:${expr.line}` };
      }
      default:
        return { kind: 'unresolved', reason: `not a name: ${exprText(expr)}` };
    }
  }

  /**
   * What calling a repository function gives, when it says: `def get_settings() -> Settings` (the
   * cached-settings idiom), an expression body (`() => new Settings()`, a lambda) or the last
   * `return` of a block body (`return new UserRepository(db)`) yield an instance.
   */
  private returnedValue(modulePath: string, fn: FunctionFact, call: Expr, depth: number): Binding | null {
    if (fn.returnsExpr) {
      const returned = this.resolveExprGuarded(fn.returnsExpr, modulePath, fn.id, depth + 1);
      if ((returned.kind === 'value' && returned.type !== undefined) || returned.kind === 'external') return returned;
    }
    if (fn.returnType) {
      const cls = this.classByTypeName(modulePath, fn.returnType, fn.parent);
      if (cls) return { kind: 'value', module: cls.module, expr: call, scope: -1, line: cls.cls.span.startLine, type: cls.cls.name };
    }
    if (fn.returnsLast) {
      const returned = this.resolveExprGuarded(fn.returnsLast, modulePath, fn.id, depth + 1);
      if (returned.kind === 'value' && returned.type !== undefined) return returned;
      // In JS/TS a package's types are the checker's to name, with their type arguments (a TypeORM
      // Repository<User> runs User's hooks). Python has no checker: a package object made by a
      // constructor or factory (`redis.Redis()`) stands; what a method of one gives back
      // (`db.session.get(User, id)`) is usually a model instance, whose methods are the repository's.
      if (returned.kind === 'external' && this.modules.get(modulePath)?.language === 'python' && /^[^()]*\(\)$/.test(returned.imported)) return returned;
    }
    return null;
  }

  /** Follows `x = y` aliases, so `router = express.Router(); api = router` lead to the same thing. */
  private followValue(binding: Binding, depth: number): Binding {
    if (binding.kind !== 'value' || depth > MAX_EVAL_DEPTH) return binding;
    const expr = binding.expr;
    if (binding.fromProperty !== undefined) {
      const base = this.resolveExprGuarded(expr, binding.module, binding.scope, depth + 1);
      return this.memberOf(base, binding.fromProperty, depth + 1, false);
    }
    if (expr.k === 'id' || expr.k === 'member' || expr.k === 'fn' || expr.k === 'class') {
      const target = this.resolveExprGuarded(expr, binding.module, binding.scope, depth + 1);
      return target.kind === 'unresolved' ? binding : target;
    }
    if (expr.k === 'call' && binding.type === undefined) {
      const target = this.resolveExprGuarded(expr, binding.module, binding.scope, depth + 1);
      if (target.kind === 'value' && target.type !== undefined) {
        // The type name is read in the binding's module; when it is not visible there (a factory
        // imported from elsewhere), the instance is described from the class's own module.
        if (target.module === binding.module || this.classByTypeName(binding.module, target.type, binding.scope)) return { ...binding, type: target.type };
        return target;
      }
      if (target.kind === 'external') return target;
    }
    return binding;
  }

  /** `base.prop`: a module's export, a class's method or field, an instance's method, an external's member. */
  private memberOf(base: Binding, prop: string, depth: number, viaThis: boolean): Binding {
    switch (base.kind) {
      case 'module':
        return this.lookupExportGuarded(base.module, prop, depth + 1);
      case 'external':
        return { ...base, imported: joinImported(base.imported, prop) };
      case 'class':
        return this.classMember(base.module, base.cls, prop, depth + 1, viaThis) ?? { kind: 'unresolved', reason: `${base.cls.name} has no member ${prop}` };
      case 'value': {
        if (base.expr.k === 'obj') {
          const property = base.expr.props.find((p) => p.key === prop);
          if (property) return this.followValue({ kind: 'value', module: base.module, expr: property.value, scope: base.scope, line: base.line }, depth + 1);
        }
        const cls = base.type !== undefined ? this.classByTypeName(base.module, base.type, base.scope) : null;
        if (cls) return this.classMember(cls.module, cls.cls, prop, depth + 1, true) ?? { kind: 'unresolved', reason: `${cls.cls.name} has no member ${prop}` };
        return { kind: 'unresolved', reason: `member ${prop} of a value` };
      }
      case 'param': {
        const cls = base.type !== undefined ? this.classByTypeName(base.module, base.type, -1) : null;
        if (cls) return this.classMember(cls.module, cls.cls, prop, depth + 1, true) ?? { kind: 'unresolved', reason: `${cls.cls.name} has no member ${prop}` };
        return { kind: 'unresolved', reason: `member ${prop} of parameter ${base.name}` };
      }
      case 'function':
        return { kind: 'unresolved', reason: `member ${prop} of function ${base.fn.name}` };
      default:
        return base;
    }
  }

  /** Resolves a type annotation like `UsersService`, `Optional[Repo]`, `Repo | None` to a class. */
  private classByTypeName(modulePath: string, type: string, scope: ScopeId): { module: string; cls: ClassFact } | null {
    const name = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)/.exec(type.replace(/^(?:Optional|Annotated|Type)\[/, ''))?.[1];
    if (!name) return null;
    const parts = name.split('.');
    let binding = this.lookup(modulePath, parts[0]!, scope);
    for (const part of parts.slice(1)) binding = this.memberOf(binding, part, 1, false);
    binding = this.followValue(binding, 1);
    return binding.kind === 'class' ? { module: binding.module, cls: binding.cls } : null;
  }

  /** Methods and fields, searched through base classes (left to right, depth first). */
  private classMember(modulePath: string, cls: ClassFact, prop: string, depth: number, instance: boolean): Binding | null {
    if (depth > MAX_EVAL_DEPTH) return null;
    const module = this.modules.get(modulePath)!;
    for (const id of cls.methods) {
      const fn = module.functions[id]!;
      if (fn.name !== prop) continue;
      // Reading a property on an instance runs its getter: the value is what the getter returns.
      if (instance && isPropertyGetter(module, fn)) {
        return this.returnedValue(modulePath, fn, { k: 'other', text: prop }, depth + 1) ?? { kind: 'unresolved', reason: `value of property ${cls.name}.${prop}` };
      }
      return { kind: 'function', module: modulePath, fn };
    }
    const field = cls.fields.find((f) => f.name === prop);
    if (field?.value) return this.followValue({ kind: 'value', module: modulePath, expr: field.value, scope: -1, line: field.line, ...(field.type ? { type: field.type } : {}) }, depth);
    if (field?.type) {
      const typed = this.classByTypeName(modulePath, field.type, -1);
      if (typed) return { kind: 'value', module: modulePath, expr: { k: 'other', text: prop }, scope: -1, line: field.line, type: field.type };
    }
    if (instance) {
      const assigned = this.instanceAttribute(modulePath, cls, prop, depth);
      if (assigned) return assigned;
    }
    for (const baseExpr of cls.bases) {
      const base = this.resolveExprGuarded(baseExpr, modulePath, cls.parent, depth + 1);
      if (base.kind !== 'class') continue;
      const found = this.classMember(base.module, base.cls, prop, depth + 1, instance);
      if (found) return found;
    }
    return null;
  }

  /** `this.x = ...` / `self.x = ...` in any method, or a TS constructor parameter property `private x: T`. */
  private instanceAttribute(modulePath: string, cls: ClassFact, prop: string, depth: number): Binding | null {
    const module = this.modules.get(modulePath)!;
    const methodIds = new Set(cls.methods);
    for (const id of cls.methods) {
      const fn = module.functions[id]!;
      if (fn.kind !== 'constructor') continue;
      const param = fn.params.find((p) => p.name === prop && (p.accessibility !== undefined));
      if (param) {
        const binding: Binding = { kind: 'param', module: modulePath, fnId: fn.id, index: fn.params.indexOf(param), name: prop };
        if (param.type !== undefined) binding.type = param.type;
        return binding;
      }
    }
    for (const assignment of module.assignments) {
      if (assignment.target.k !== 'member' || assignment.target.prop !== prop) continue;
      const obj = assignment.target.obj;
      if (obj.k !== 'id' || (obj.name !== 'this' && obj.name !== 'self')) continue;
      if (!methodIds.has(this.outermostMethod(module, assignment.scope))) continue;
      return this.followValue({ kind: 'value', module: modulePath, expr: assignment.value, scope: assignment.scope, line: assignment.line, ...(assignment.type ? { type: assignment.type } : {}) }, depth);
    }
    return null;
  }

  private outermostMethod(module: ModuleFacts, scope: ScopeId): number {
    let current = scope;
    while (current !== -1) {
      const fn = module.functions[current]!;
      if (fn.classId !== undefined) return current;
      current = fn.parent;
    }
    return -1;
  }

  private enclosingClass(modulePath: string, scope: ScopeId): ClassFact | null {
    const module = this.modules.get(modulePath);
    if (!module) return null;
    let current = scope;
    while (current !== -1) {
      const fn = module.functions[current];
      if (!fn) return null;
      // Arrow functions keep the `this` of the method around them.
      if (fn.classId !== undefined) return module.classes[fn.classId] ?? null;
      current = fn.parent;
    }
    return null;
  }

  evaluate(expr: Expr, modulePath: string, scope: ScopeId = -1, beforeLine?: number): Value {
    return this.evaluateGuarded(expr, modulePath, scope, beforeLine, 0);
  }

  private evaluateGuarded(expr: Expr, modulePath: string, scope: ScopeId, beforeLine: number | undefined, depth: number): Value {
    if (depth > MAX_EVAL_DEPTH) return { k: 'unknown', text: exprText(expr), module: modulePath };
    switch (expr.k) {
      case 'str':
      case 'num':
      case 'bool':
        return expr;
      case 'null':
        return { k: 'null' };
      case 'regex':
        return { k: 'str', v: expr.v };
      case 'tpl': {
        let text = '';
        for (const part of expr.parts) {
          if (typeof part === 'string') {
            text += part;
            continue;
          }
          const value = this.evaluateGuarded(part, modulePath, scope, beforeLine, depth + 1);
          if (value.k === 'str' || value.k === 'num' || value.k === 'bool') text += String(value.v);
          else return { k: 'unknown', text: exprText(expr), module: modulePath };
        }
        return { k: 'str', v: text };
      }
      case 'bin': {
        if (expr.op !== '+') return { k: 'unknown', text: exprText(expr), module: modulePath };
        const left = this.evaluateGuarded(expr.left, modulePath, scope, beforeLine, depth + 1);
        const right = this.evaluateGuarded(expr.right, modulePath, scope, beforeLine, depth + 1);
        if (left.k === 'num' && right.k === 'num') return { k: 'num', v: left.v + right.v };
        if ((left.k === 'str' || left.k === 'num') && (right.k === 'str' || right.k === 'num')) return { k: 'str', v: String(left.v) + String(right.v) };
        if (left.k === 'arr' && right.k === 'arr') return { k: 'arr', items: [...left.items, ...right.items] };
        return { k: 'unknown', text: exprText(expr), module: modulePath };
      }
      case 'arr': {
        const items: Value[] = [];
        for (const item of expr.items) {
          if (item.k === 'spread') {
            const spread = this.evaluateGuarded(item.arg, modulePath, scope, beforeLine, depth + 1);
            if (spread.k === 'arr') items.push(...spread.items);
            else items.push(spread);
          } else items.push(this.evaluateGuarded(item, modulePath, scope, beforeLine, depth + 1));
        }
        return { k: 'arr', items };
      }
      case 'obj': {
        const props = new Map<string, Value>();
        for (const prop of expr.props) {
          const value = this.evaluateGuarded(prop.value, modulePath, scope, beforeLine, depth + 1);
          if (prop.key === null) {
            if (value.k === 'obj') for (const [key, inner] of value.props) props.set(key, inner);
          } else props.set(prop.key, value);
        }
        return { k: 'obj', props };
      }
      case 'cond':
        return { k: 'unknown', text: exprText(expr), module: modulePath };
      case 'call': {
        const callee = this.evaluateGuarded(expr.callee, modulePath, scope, beforeLine, depth + 1);
        const args = expr.args.map((arg) => {
          const value = this.evaluateGuarded(arg.value, modulePath, scope, beforeLine, depth + 1);
          return { value, ...(arg.name !== undefined ? { name: arg.name } : {}), ...(arg.spread ? { spread: true } : {}) };
        });
        const known = evaluateKnownCall(callee, args);
        if (known) return known;
        return { k: 'call', callee, args, module: modulePath, line: expr.line, expr };
      }
      case 'id':
      case 'member': {
        if (expr.k === 'member') {
          const base = this.evaluateGuarded(expr.obj, modulePath, scope, beforeLine, depth + 1);
          if (base.k === 'obj') {
            const value = base.props.get(expr.prop);
            if (value) return value;
          }
          if (base.k === 'arr' && expr.prop === 'length') return { k: 'num', v: base.items.length };
        }
        const binding = expr.k === 'id' ? this.lookupGuarded(modulePath, expr.name, scope, beforeLine, depth + 1) : this.resolveExprGuarded(expr, modulePath, scope, depth + 1);
        return this.valueOfBinding(binding, expr, modulePath, depth);
      }
      case 'index': {
        const base = this.evaluateGuarded(expr.obj, modulePath, scope, beforeLine, depth + 1);
        const index = this.evaluateGuarded(expr.index, modulePath, scope, beforeLine, depth + 1);
        if (base.k === 'arr' && index.k === 'num') return base.items[index.v] ?? { k: 'unknown', text: exprText(expr), module: modulePath };
        if (base.k === 'obj' && (index.k === 'str' || index.k === 'num')) return base.props.get(String(index.v)) ?? { k: 'unknown', text: exprText(expr), module: modulePath };
        return { k: 'unknown', text: exprText(expr), module: modulePath };
      }
      case 'fn':
      case 'class':
        return { k: 'ref', binding: this.resolveExprGuarded(expr, modulePath, scope, depth + 1), via: expr };
      default:
        return { k: 'unknown', text: exprText(expr), module: modulePath };
    }
  }

  private valueOfBinding(binding: Binding, expr: Expr, modulePath: string, depth: number): Value {
    if (binding.kind === 'value') {
      const value = this.evaluateGuarded(binding.expr, binding.module, binding.scope, binding.line, depth + 1);
      if (binding.fromProperty !== undefined) {
        if (value.k === 'obj') return value.props.get(binding.fromProperty) ?? { k: 'unknown', text: exprText(expr), module: modulePath };
        return { k: 'ref', binding: this.followValue(binding, depth + 1), via: expr };
      }
      return value;
    }
    if (binding.kind === 'unresolved') return { k: 'unknown', text: exprText(expr), module: modulePath };
    if (binding.kind === 'param' && binding.default !== undefined) return { k: 'ref', binding, via: expr };
    return { k: 'ref', binding, via: expr };
  }
}

/**
 * The JS/TS modules in which a name can resolve to a member of an npm package: those importing or
 * re-exporting it and, transitively, those importing or re-exporting them. A JS/TS name reaches
 * other modules only through imports and re-exports, so resolving names elsewhere cannot end in
 * that package, and a detector looking for one of its objects can skip those modules.
 */
export function modulesReachingPackage(project: ProjectIndex, pkg: string): Set<string> {
  const reaching = new Set<string>();
  const importers = new Map<string, string[]>();
  const queue: string[] = [];
  for (const module of project.modulesOf('js')) {
    const sources = module.imports.map((imp) => imp.source);
    for (const fact of module.exports) if (fact.source !== undefined) sources.push(fact.source);
    for (const source of sources) {
      const target = project.resolveImport(module.path, source);
      if (!target) continue;
      if ('module' in target) {
        const list = importers.get(target.module);
        if (list) list.push(module.path);
        else importers.set(target.module, [module.path]);
      } else if (target.external === pkg && !reaching.has(module.path)) {
        reaching.add(module.path);
        queue.push(module.path);
      }
    }
  }
  while (queue.length > 0) {
    for (const importer of importers.get(queue.pop()!) ?? []) {
      if (reaching.has(importer)) continue;
      reaching.add(importer);
      queue.push(importer);
    }
  }
  return reaching;
}

/** Ids of functions that appear inside an expression (argument, value, export), i.e. function expressions. */
function functionsUsedAsValues(module: ModuleFacts): Set<number> {
  const ids = new Set<number>();
  const visit = (expr: Expr | undefined, depth: number): void => {
    if (!expr || depth > 12) return;
    switch (expr.k) {
      case 'fn':
        ids.add(expr.id);
        return;
      case 'member':
        return visit(expr.obj, depth + 1);
      case 'index':
        visit(expr.obj, depth + 1);
        return visit(expr.index, depth + 1);
      case 'call':
        visit(expr.callee, depth + 1);
        for (const arg of expr.args) visit(arg.value, depth + 1);
        return;
      case 'obj':
        for (const prop of expr.props) visit(prop.value, depth + 1);
        return;
      case 'arr':
        for (const item of expr.items) visit(item, depth + 1);
        return;
      case 'bin':
        visit(expr.left, depth + 1);
        return visit(expr.right, depth + 1);
      case 'cond':
        visit(expr.then, depth + 1);
        return visit(expr.else, depth + 1);
      case 'unary':
      case 'spread':
        return visit(expr.arg, depth + 1);
      default:
        return;
    }
  };
  for (const assignment of module.assignments) visit(assignment.value, 0);
  for (const call of module.calls) for (const arg of call.args ?? []) visit(arg.value, 0);
  for (const exported of module.exports) visit(exported.value, 0);
  for (const cls of module.classes) for (const field of cls.fields) visit(field.value, 0);
  return ids;
}

/** Calls whose result is known without running anything: `path.join` of literals, `str.upper()`... kept minimal on purpose. */
function evaluateKnownCall(callee: Value, args: { name?: string; value: Value }[]): Value | null {
  if (callee.k === 'ref' && callee.binding.kind === 'external') {
    const { package: pkg, imported } = callee.binding;
    if ((pkg === 'path' && (imported === 'join' || imported === 'posix.join')) && args.every((a) => a.value.k === 'str')) {
      return { k: 'str', v: path.posix.join(...args.map((a) => (a.value as { v: string }).v)) };
    }
  }
  return null;
}

function subpathOf(target: { external: string; specifier: string }): string {
  // `lodash/fp` imported as a whole is the member path `fp` of lodash; `fastapi.routing` likewise.
  const specifier = target.specifier.replace(/^node:/, '');
  // A generated client's path (`./generated/prisma/client`) names the whole package.
  if (!specifier.startsWith(target.external)) return '*';
  const rest = specifier.slice(target.external.length).replace(/^[./]/, '');
  return rest ? `*.${rest.replace(/\//g, '.')}` : '*';
}

/** `*` + `Router` is `Router`; `default` + `Router` is `Router` (CommonJS interop); else a dotted path. */
function joinImported(base: string, prop: string): string {
  if (base === '*' || base === 'default') return prop;
  if (base.startsWith('*.')) return `${base.slice(2)}.${prop}`;
  return `${base}.${prop}`;
}

/** Short source-like text of an expression, for diagnostics that quote what could not be resolved. */
export function exprText(expr: Expr, depth = 0): string {
  if (depth > 4) return '…';
  switch (expr.k) {
    case 'str':
      return JSON.stringify(expr.v);
    case 'num':
      return String(expr.v);
    case 'bool':
      return String(expr.v);
    case 'null':
      return 'null';
    case 'regex':
      return `/${expr.v}/`;
    case 'id':
      return expr.name;
    case 'member':
      return `${exprText(expr.obj, depth + 1)}.${expr.prop}`;
    case 'index':
      return `${exprText(expr.obj, depth + 1)}[${exprText(expr.index, depth + 1)}]`;
    case 'call':
      return `${expr.isNew ? 'new ' : ''}${exprText(expr.callee, depth + 1)}(${expr.args.map((a) => (a.name ? `${a.name}=` : '') + exprText(a.value, depth + 1)).join(', ')})`;
    case 'tpl':
      return `\`${expr.parts.map((p) => (typeof p === 'string' ? p : `\${${exprText(p, depth + 1)}}`)).join('')}\``;
    case 'bin':
      return `${exprText(expr.left, depth + 1)} ${expr.op} ${exprText(expr.right, depth + 1)}`;
    case 'unary':
      return `${expr.op}${exprText(expr.arg, depth + 1)}`;
    case 'arr':
      return `[${expr.items.map((i) => exprText(i, depth + 1)).join(', ')}]`;
    case 'obj':
      return `{${expr.props.map((p) => (p.key === null ? `...${exprText(p.value, depth + 1)}` : `${p.key}: ${exprText(p.value, depth + 1)}`)).join(', ')}}`;
    case 'fn':
      return '<function>';
    case 'class':
      return '<class>';
    case 'spread':
      return `...${exprText(expr.arg, depth + 1)}`;
    case 'cond':
      return `${exprText(expr.test, depth + 1)} ? ${exprText(expr.then, depth + 1)} : ${exprText(expr.else, depth + 1)}`;
    case 'other':
      return expr.text;
  }
}

/** A JS/TS `get x()` or a Python method decorated `@property` / `@cached_property` (functools or Django's). */
function isPropertyGetter(module: ModuleFacts, fn: FunctionFact): boolean {
  if (fn.kind === 'getter') return true;
  if (module.language !== 'python') return false;
  return fn.decorators.some((d) => (d.k === 'id' && (d.name === 'property' || d.name === 'cached_property')) || (d.k === 'member' && d.prop === 'cached_property'));
}
