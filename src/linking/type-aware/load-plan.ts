import path from 'node:path';
import type { ProjectIndex } from '../types.js';
import { queryKey } from './locate-call.js';
import type { TypeAwareQuery } from './types.js';

/**
 * Chooses which queued calls a batch answers and which repository files the program loads for
 * them, within the file and call budgets.
 *
 * A call is answerable only when the checker sees what its module imports: a module left out of
 * the program is typed `any`, and every call through it is lost. Filling the budget with the
 * calls' own modules, as a breadth-first walk from all of them does, answers nothing once those
 * modules alone outnumber the budget. So the budget is spent on complete groups: a call is asked
 * only together with its module's import closure (the module and, breadth first, the repository
 * modules its imports, re-exports and `import('...')` types reach), and a call whose closure no
 * longer fits is not asked at all rather than asked blind. Each batch's program holds the
 * closures of its own calls; the budget counts every file loaded by any batch, once.
 *
 * Groups are packages (the folder of the nearest package.json, or the repository): a package's
 * modules share most of their imports, and its endpoints are classified consistently when all of
 * its calls are answered. Packages are taken whole, in the order of their folders, while they
 * fit; then, with the files left, the modules of the packages that did not fit, in path order,
 * each with its whole closure. Path order, rather than a score, keeps the choice stable as a
 * repository changes: a commit to one service does not change which others are answered. A
 * package's own `.d.ts` files (ambient `declare module`s, which its tsconfig's `include` would
 * bring) are loaded with it, as nothing imports them.
 *
 * A closure is cut to its nearest quarter of the file budget: behind barrel files one module can
 * reach most of a repository, and must not spend the budget of all the others; for that module's
 * calls the modules beyond the cut are typed `any`.
 */

/** Extensions of the sources the checker reads. */
const LOADABLE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
export const DECLARATION_FILE = /\.d\.[cm]?ts$/;
/**
 * A type import, `import('./report-store').ReportStore`: how JSDoc names a type of another module
 * (and TypeScript may too). The facts record no import for it, yet the checker needs the module.
 */
const TYPE_IMPORT = /\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g;

export interface LoadPlan {
  /** The calls to answer, in key order. */
  chosen: TypeAwareQuery[];
  /** Modules the batch's program must hold as roots: the chosen calls' modules and their packages' `.d.ts` files. */
  roots: string[];
  /** Repository modules the batch's program may hold: the closures of the chosen calls' modules. */
  modules: string[];
  /** Calls not asked because their closure did not fit in the files left. */
  overFiles: number;
  /** Calls not asked because the call budget was spent. */
  overCalls: number;
  /** Modules asked about whose closure was cut. */
  cut: number;
}

/** Whether the checker can load a module at all: a JS/TS source the facts know. */
export function isLoadable(index: ProjectIndex, module: string): boolean {
  const facts = index.modules.get(module);
  return facts !== undefined && facts.language !== 'python' && LOADABLE_EXTENSIONS.has(path.posix.extname(module));
}

export class LoadPlanner {
  /** Modules admitted to a program so far, over every batch: what the file budget counts. */
  private readonly admitted = new Set<string>();
  private readonly importsOf = new Map<string, readonly string[]>();
  private packageDirs: Set<string> | null = null;
  private declarationsByPackage: Map<string, string[]> | null = null;
  /** The most files one module's closure brings. */
  readonly closureCap: number;

  constructor(
    private readonly index: ProjectIndex,
    private readonly maxFiles: number,
    private readonly readSource: (module: string) => string | null,
  ) {
    this.closureCap = Math.max(1, Math.floor(maxFiles / 4));
  }

  get admittedCount(): number {
    return this.admitted.size;
  }

  /**
   * Chooses, among queued calls (in key order), those a batch answers: at most `callsLeft`, and
   * only those whose group fits in the files left. Admits the files it chooses; a file an earlier
   * batch loaded is loaded again when needed, without counting again.
   */
  plan(queries: readonly TypeAwareQuery[], callsLeft: number): LoadPlan {
    const byModule = new Map<string, TypeAwareQuery[]>();
    for (const query of queries) {
      const list = byModule.get(query.module);
      if (list) list.push(query);
      else byModule.set(query.module, [query]);
    }
    const byPackage = new Map<string, string[]>();
    for (const module of [...byModule.keys()].sort(compare)) {
      const dir = this.packageOf(module);
      const list = byPackage.get(dir);
      if (list) list.push(module);
      else byPackage.set(dir, [module]);
    }
    // Packages by folder, each one's modules by path.
    const groups = [...byPackage.entries()].sort((a, b) => compare(a[0], b[0])).map(([, modules]) => modules);
    const closures = new Map<string, readonly string[]>();
    const cut = new Set<string>();
    const closureWithDeclarations = (module: string): readonly string[] => {
      let closure = closures.get(module);
      if (!closure) {
        const own = this.closureOf(module);
        if (own.length >= this.closureCap && this.reachesFurther(own)) cut.add(module);
        closure = [...own, ...this.declarationsOf(this.packageOf(module)).flatMap((file) => this.closureOf(file))];
        closures.set(module, closure);
      }
      return closure;
    };
    const filesLeft = (): number => this.maxFiles - this.admitted.size;

    const plan: LoadPlan = { chosen: [], roots: [], modules: [], overFiles: 0, overCalls: 0, cut: 0 };
    let calls = callsLeft;
    const taken = new Set<string>();
    const inBatch = new Set<string>();
    const take = (module: string): void => {
      taken.add(module);
      for (const file of closureWithDeclarations(module)) {
        this.admitted.add(file);
        if (inBatch.has(file)) continue;
        inBatch.add(file);
        plan.modules.push(file);
        if (DECLARATION_FILE.test(file)) plan.roots.push(file);
      }
      if (cut.has(module)) plan.cut++;
      plan.roots.push(module);
      const queued = byModule.get(module)!;
      const asked = Math.min(calls, queued.length);
      plan.chosen.push(...queued.slice(0, asked));
      plan.overCalls += queued.length - asked;
      calls -= asked;
    };

    // Whole packages first: each one answered completely.
    for (const modules of groups) {
      if (calls === 0) break;
      const needed = modules.reduce((sum, module) => sum + byModule.get(module)!.length, 0);
      if (needed <= calls && this.newFiles(modules.flatMap(closureWithDeclarations)) <= filesLeft()) for (const module of modules) take(module);
    }
    // Then, with what is left, single modules of the packages that did not fit.
    for (const modules of groups) {
      for (const module of modules) {
        if (taken.has(module)) continue;
        const asked = byModule.get(module)!.length;
        if (calls === 0) plan.overCalls += asked;
        else if (this.newFiles(closureWithDeclarations(module)) > filesLeft()) plan.overFiles += asked;
        else take(module);
      }
    }
    plan.chosen.sort((a, b) => compare(queryKey(a), queryKey(b)));
    return plan;
  }

  private newFiles(files: readonly string[]): number {
    const fresh = new Set<string>();
    for (const file of files) if (!this.admitted.has(file)) fresh.add(file);
    return fresh.size;
  }

  /** Whether a closure cut at the cap left out some module its members import. */
  private reachesFurther(closure: readonly string[]): boolean {
    const inside = new Set(closure);
    return closure.some((module) => this.directImports(module).some((target) => !inside.has(target)));
  }

  /** The module and the loadable repository modules its imports reach, nearest first, cut at the closure cap. */
  private closureOf(module: string): string[] {
    const closure = [module];
    const seen = new Set(closure);
    for (let head = 0; head < closure.length && closure.length < this.closureCap; head++) {
      for (const target of this.directImports(closure[head]!)) {
        if (seen.has(target)) continue;
        seen.add(target);
        closure.push(target);
        if (closure.length >= this.closureCap) break;
      }
    }
    return closure;
  }

  private directImports(module: string): readonly string[] {
    const known = this.importsOf.get(module);
    if (known) return known;
    const facts = this.index.modules.get(module)!;
    const targets: string[] = [];
    const sources = [...facts.imports.map((i) => i.source), ...facts.exports.flatMap((e) => (e.source ? [e.source] : []))];
    const text = this.readSource(module);
    if (text?.includes('import(')) for (const match of text.matchAll(TYPE_IMPORT)) sources.push(match[2]!);
    for (const source of sources) {
      const target = this.index.resolveImport(module, source);
      if (target && 'module' in target && isLoadable(this.index, target.module) && !targets.includes(target.module)) targets.push(target.module);
    }
    this.importsOf.set(module, targets);
    return targets;
  }

  /** The folder of the package.json nearest above a module, '' when there is none. */
  private packageOf(module: string): string {
    this.packageDirs ??= new Set(this.index.manifests.filter((m) => m.ecosystem === 'npm').map((m) => m.dir));
    for (let dir = path.posix.dirname(module); dir !== '.' && dir !== '' && dir !== '/'; dir = path.posix.dirname(dir)) if (this.packageDirs.has(dir)) return dir;
    return '';
  }

  /** A package's own declaration files, by path. */
  private declarationsOf(dir: string): readonly string[] {
    if (!this.declarationsByPackage) {
      this.declarationsByPackage = new Map();
      for (const module of this.index.modulesOf('js')) {
        if (!DECLARATION_FILE.test(module.path) || module.isTest || !isLoadable(this.index, module.path)) continue;
        const owner = this.packageOf(module.path);
        const list = this.declarationsByPackage.get(owner);
        if (list) list.push(module.path);
        else this.declarationsByPackage.set(owner, [module.path]);
      }
    }
    return this.declarationsByPackage.get(dir) ?? [];
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
