import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Morph from 'ts-morph';
import type { ts } from 'ts-morph';
import type { ProjectIndex } from '../types.js';
import { DECLARATION_FILE } from './load-plan.js';

/**
 * The checker for an analysis: one ts-morph project per batch of questions, holding only the
 * files the questions need: the modules with unresolved calls (the roots) and the repository
 * modules their imports reach, as the load plan chose them within the file budget (see
 * load-plan.ts). Module names are resolved by the project index, the same way the facts resolve
 * them (aliases, workspace packages, `index` files), and a module outside the plan is simply not
 * found: the checker types it `any` and answers less, never wrongly. Packages resolve to their
 * declaration files in node_modules when the repository has them installed; their JavaScript is
 * never loaded. Nothing is executed and nothing but the repository is read: the standard
 * library's declarations ship inside ts-morph.
 */

export interface SessionLimits {
  maxLibraryFiles: number;
}

export class CompilerSession {
  readonly typescript: typeof ts;
  private readonly morph: typeof Morph;
  private readonly fileSystem: Morph.FileSystemHost;
  private readonly root: string;
  private project: Morph.Project | null = null;
  private options: ts.CompilerOptions | null = null;
  private moduleHost: ts.ModuleResolutionHost | null = null;
  /** Repository modules the open program may hold. */
  private allowed = new Set<string>();
  /** Repository modules some program held, over every batch. */
  private readonly loaded = new Set<string>();
  /** Package declaration files admitted, over every batch: their budget is the analysis's. */
  private readonly libraryFiles = new Set<string>();
  private readonly nodeModulesDirs = new Map<string, boolean>();
  private program: ts.Program | null = null;
  private libraryCapNoted = false;

  constructor(
    private readonly index: ProjectIndex,
    root: string,
    files: Readonly<Record<string, string>> | undefined,
    private readonly limits: SessionLimits,
    private readonly capped: string[],
  ) {
    // ts-morph bundles the whole TypeScript compiler: loaded on the first question only.
    this.morph = createRequire(import.meta.url)('ts-morph') as typeof Morph;
    this.typescript = this.morph.ts;
    this.root = toPosix(root).replace(/\/+$/, '');
    if (files) {
      const memory = new this.morph.InMemoryFileSystemHost();
      for (const [relative, text] of Object.entries(files)) memory.writeFileSync(this.absolute(relative), text);
      this.fileSystem = memory;
    } else {
      // The project's own real file system host, created by a throwaway project.
      this.fileSystem = new this.morph.Project({ skipLoadingLibFiles: true }).getFileSystem();
    }
  }

  /** Repository files loaded by the programs of every batch closed so far, each counted once. */
  get fileCount(): number {
    return this.loaded.size;
  }

  get libraryFileCount(): number {
    return this.libraryFiles.size;
  }

  absolute(relative: string): string {
    return `${this.root}/${relative}`;
  }

  /** The repository-relative path of a file of the program, or null for node_modules and the standard library. */
  relative(fileName: string): string | null {
    const normalized = toPosix(fileName);
    if (!normalized.startsWith(`${this.root}/`)) return null;
    const relative = normalized.slice(this.root.length + 1);
    return relative.split('/').includes('node_modules') ? null : relative;
  }

  readText(relative: string): string | null {
    try {
      return this.fileSystem.readFileSync(this.absolute(relative));
    } catch {
      return null;
    }
  }

  /**
   * Opens the program of one batch: the roots (the modules with questions, and declaration files
   * nothing imports) and the repository modules it may hold, which the load plan chose within the
   * file budget. Each batch has its own program, closed once it is answered, so the checker's
   * memory is not held while the call graph is walked again: a later batch is small (the calls
   * the answers led to), and parsing its closures again costs less than keeping the first
   * batch's program and types alive through every walk that follows.
   */
  open(roots: readonly string[], modules: readonly string[]): void {
    this.close();
    this.allowed = new Set(modules);
    const sorted = [...new Set(roots)].filter((module) => this.allowed.has(module)).sort();
    const project = this.newProject(sorted);
    for (const module of sorted) project.addSourceFileAtPath(this.absolute(module));
  }

  /** The checker's program over the open batch's files. */
  getProgram(): ts.Program {
    if (!this.program) this.program = this.project!.getProgram().compilerObject;
    return this.program;
  }

  /** Closes the batch's program, counting the repository files it held. */
  close(): void {
    if (this.program) for (const module of this.allowed) if (this.program.getSourceFile(this.absolute(module))) this.loaded.add(module);
    this.program = null;
    this.project = null;
    this.moduleHost = null;
    this.allowed = new Set();
  }

  /** Resolves a package entry the way the program does: for naming a declaration by its export. */
  resolvePackageEntry(specifier: string, fromModule: string): string | null {
    if (!this.options || !this.moduleHost || !this.hasNodeModules(fromModule)) return null;
    const resolved = this.typescript.resolveModuleName(specifier, this.absolute(fromModule), this.options, this.moduleHost).resolvedModule;
    return resolved && DECLARATION_FILE.test(resolved.resolvedFileName) ? resolved.resolvedFileName : null;
  }

  /** A project for one batch; the compiler options are chosen once, by the first batch's roots. */
  private newProject(roots: readonly string[]): Morph.Project {
    const options = (this.options ??= this.compilerOptions(roots));
    this.project = new this.morph.Project({
      compilerOptions: options,
      skipAddingFilesFromTsConfig: true,
      skipFileDependencyResolution: true,
      fileSystem: this.fileSystem,
      resolutionHost: (moduleHost) => {
        this.moduleHost = moduleHost;
        return {
          resolveModuleNames: (moduleNames: string[], containingFile: string) => moduleNames.map((name) => this.resolveModule(name, containingFile)),
        };
      },
    });
    return this.project;
  }

  /**
   * The repository's compiler options (the tsconfig or jsconfig nearest to most roots, its
   * `extends` followed), with what an analysis needs on top: JavaScript read but not checked,
   * nothing emitted, library declarations not checked.
   */
  private compilerOptions(roots: readonly string[]): ts.CompilerOptions {
    const votes = new Map<string, number>();
    for (const root of roots) {
      const config = this.nearestConfig(path.posix.dirname(root));
      if (config) votes.set(config, (votes.get(config) ?? 0) + 1);
    }
    const chosen = [...votes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    const base = chosen ? this.readConfig(chosen) : {};
    const typescript = this.typescript;
    // `@types` packages come from the repository's own node_modules only, never from folders above
    // it; of the global ones only Node's (test runners' globals are not server code). A package's
    // own `@types` are still found when the code imports it.
    const typeRoots = chosen ? this.typeRootsFor(path.posix.dirname(chosen)) : [];
    const types = typeRoots.some((dir) => this.fileSystem.directoryExistsSync(`${dir}/node`)) ? ['node'] : [];
    const target = base.target ?? typescript.ScriptTarget.ES2022;
    // A server does not run in a browser: the DOM declarations, the largest part of the standard
    // library, are left out (a target's default library includes them).
    const lib = (base.lib ?? [typescript.getDefaultLibFileName({ target }).replace('.full.', '.')]).filter((name) => !/^lib\.(dom|webworker|scripthost)/i.test(name));
    return {
      ...base,
      typeRoots,
      types,
      target,
      lib,
      // Without a module setting, an ES target would imply the classic resolution, which never looks in node_modules.
      module: base.module ?? typescript.ModuleKind.CommonJS,
      moduleResolution: base.moduleResolution ?? (base.module === undefined ? typescript.ModuleResolutionKind.Node10 : undefined),
      allowJs: true,
      checkJs: false,
      noEmit: true,
      skipLibCheck: true,
      skipDefaultLibCheck: true,
      maxNodeModuleJsDepth: 0,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      composite: false,
      incremental: false,
      esModuleInterop: base.esModuleInterop ?? true,
      allowSyntheticDefaultImports: base.allowSyntheticDefaultImports ?? true,
    };
  }

  /** A tsconfig's options with its `extends` chain followed inside the repository only; a bad one gives none. */
  private readConfig(config: string): ts.CompilerOptions {
    const typescript = this.typescript;
    const inside = (file: string): boolean => toPosix(file).startsWith(`${this.root}/`);
    const readFile = (file: string): string | undefined => {
      if (!inside(file)) return undefined;
      try {
        return this.fileSystem.readFileSync(file);
      } catch {
        return undefined;
      }
    };
    const host: ts.ParseConfigHost = {
      useCaseSensitiveFileNames: true,
      readDirectory: () => [],
      fileExists: (file) => inside(file) && this.fileSystem.fileExistsSync(file),
      readFile,
    };
    try {
      const file = this.absolute(config);
      const json = typescript.readConfigFile(file, readFile);
      if (json.error) return {};
      return typescript.parseJsonConfigFileContent(json.config, host, path.posix.dirname(file), undefined, file).options;
    } catch {
      return {};
    }
  }

  private typeRootsFor(dir: string): string[] {
    const roots: string[] = [];
    for (let current = dir; ; current = path.posix.dirname(current)) {
      const prefix = current === '.' || current === '' ? '' : `${current}/`;
      const candidate = this.absolute(`${prefix}node_modules/@types`);
      if (this.fileSystem.directoryExistsSync(candidate)) roots.push(candidate);
      if (prefix === '') return roots;
    }
  }

  private nearestConfig(dir: string): string | null {
    for (let current = dir; ; current = path.posix.dirname(current)) {
      const prefix = current === '.' || current === '' ? '' : `${current}/`;
      for (const name of ['tsconfig.json', 'jsconfig.json']) if (this.fileSystem.fileExistsSync(this.absolute(`${prefix}${name}`))) return `${prefix}${name}`;
      if (prefix === '') return null;
    }
  }

  private resolveModule(name: string, containingFile: string): ts.ResolvedModuleFull | undefined {
    const from = this.relative(containingFile);
    if (from !== null && this.index.modules.has(from)) {
      const target = this.index.resolveImport(from, name);
      if (target && 'module' in target) return this.allowed.has(target.module) ? this.resolved(this.absolute(target.module), false) : undefined;
      if (target && 'external' in target) return this.resolveLibrary(name, containingFile, from);
    }
    if (!this.options || !this.moduleHost) return undefined;
    // A declaration file beside the sources, or a file inside a package's own declarations.
    const resolved = this.typescript.resolveModuleName(name, containingFile, this.options, this.moduleHost).resolvedModule;
    if (!resolved) return undefined;
    const relative = this.relative(resolved.resolvedFileName);
    if (relative !== null) return this.allowed.has(relative) || DECLARATION_FILE.test(relative) ? this.resolved(resolved.resolvedFileName, false) : undefined;
    return this.admitLibrary(resolved.resolvedFileName);
  }

  private resolveLibrary(name: string, containingFile: string, from: string): ts.ResolvedModuleFull | undefined {
    if (!this.options || !this.moduleHost || !this.hasNodeModules(from)) return undefined;
    const resolved = this.typescript.resolveModuleName(name, containingFile, this.options, this.moduleHost).resolvedModule;
    return resolved ? this.admitLibrary(resolved.resolvedFileName) : undefined;
  }

  private admitLibrary(fileName: string): ts.ResolvedModuleFull | undefined {
    if (!DECLARATION_FILE.test(fileName) || !toPosix(fileName).startsWith(`${this.root}/`)) return undefined;
    if (!this.libraryFiles.has(fileName)) {
      if (this.libraryFiles.size >= this.limits.maxLibraryFiles) {
        if (!this.libraryCapNoted) {
          this.libraryCapNoted = true;
          this.capped.push(`budget of ${this.limits.maxLibraryFiles} package declaration files reached: packages beyond it are typed any`);
        }
        return undefined;
      }
      this.libraryFiles.add(fileName);
    }
    return this.resolved(fileName, true);
  }

  private resolved(fileName: string, external: boolean): ts.ResolvedModuleFull {
    const match = /(\.d\.[cm]?ts|\.[cm]?[jt]sx?|\.json)$/.exec(fileName);
    const extension = (match?.[1] ?? '.ts') as ts.Extension;
    return { resolvedFileName: fileName, extension, isExternalLibraryImport: external };
  }

  /** Whether a node_modules folder sits beside the module or above it: packages are looked up only then. */
  private hasNodeModules(module: string): boolean {
    let dir = path.posix.dirname(module);
    const checked: string[] = [];
    let found = false;
    for (;;) {
      const known = this.nodeModulesDirs.get(dir);
      if (known !== undefined) {
        found = known;
        break;
      }
      checked.push(dir);
      const prefix = dir === '.' || dir === '' ? '' : `${dir}/`;
      if (this.fileSystem.directoryExistsSync(this.absolute(`${prefix}node_modules`))) {
        found = true;
        break;
      }
      if (prefix === '') break;
      dir = path.posix.dirname(dir);
    }
    for (const each of checked) this.nodeModulesDirs.set(each, found);
    return found;
  }
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
