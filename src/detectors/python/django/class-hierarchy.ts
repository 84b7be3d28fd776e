import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex } from '../../../linking/types.js';
import type { ClassFact, FunctionFact } from '../../../parsing/types.js';
import type { HandlerRef } from '../../types.js';
import { knownClass, type Provides } from './known-views.js';

/** One class of a view's method resolution order. */
export type ClassEntry =
  | { kind: 'repo'; module: string; cls: ClassFact }
  /** A class from an installed package; `provides` is null when gonogo does not know it. */
  | { kind: 'external'; package: string; name: string; provides: Provides | null }
  | { kind: 'unresolved'; text: string };

/** Where a member of a view class comes from, following the MRO like Python does. */
export type MemberSource =
  | { kind: 'repo'; module: string; fn: FunctionFact; cls: ClassFact }
  | { kind: 'external'; entry: Extract<ClassEntry, { kind: 'external' }>; delegate: string | null };

const MAX_HIERARCHY_DEPTH = 24;

const hierarchies = new WeakMap<ProjectIndex, Map<string, ClassHierarchy>>();

/** A repository class and the linearised classes it inherits from (itself first). */
export class ClassHierarchy {
  readonly mro: ClassEntry[];

  /** The hierarchy of a class, linearised once per project: views and ViewSets share base classes. */
  static of(project: ProjectIndex, module: string, cls: ClassFact): ClassHierarchy {
    let cache = hierarchies.get(project);
    if (!cache) hierarchies.set(project, (cache = new Map()));
    const key = `${module}#${cls.id}`;
    let hierarchy = cache.get(key);
    if (!hierarchy) cache.set(key, (hierarchy = new ClassHierarchy(project, module, cls)));
    return hierarchy;
  }

  private constructor(
    private readonly project: ProjectIndex,
    readonly module: string,
    readonly cls: ClassFact,
  ) {
    this.mro = linearize(project, module, cls, 0, new Set());
  }

  get name(): string {
    return this.cls.name;
  }

  /** Is some class of the hierarchy this framework's (any of `names`, or any class at all)? */
  inherits(pkg: string, names?: ReadonlySet<string>): boolean {
    return this.mro.some((entry) => entry.kind === 'external' && entry.package === pkg && (!names || names.has(entry.name)));
  }

  /** Does some class of the hierarchy come from a package this predicate accepts? */
  inheritsFrom(accepts: (pkg: string) => boolean): boolean {
    return this.mro.some((entry) => entry.kind === 'external' && accepts(entry.package));
  }

  /** Classes of the hierarchy gonogo cannot see into: unresolved bases and unknown package classes. */
  opaqueBases(): string[] {
    const names: string[] = [];
    for (const entry of this.mro) {
      if (entry.kind === 'unresolved') names.push(entry.text);
      else if (entry.kind === 'external' && entry.provides === null) names.push(entry.name);
    }
    return names;
  }

  /** The first class of the MRO that defines `name`: a repository method or a framework class that provides it. */
  member(name: string): MemberSource | null {
    for (const entry of this.mro) {
      if (entry.kind === 'repo') {
        const module = this.project.modules.get(entry.module);
        const fn = module ? entry.cls.methods.map((id) => module.functions[id]!).find((f) => f.name === name) : undefined;
        if (fn) return { kind: 'repo', module: entry.module, fn, cls: entry.cls };
      } else if (entry.kind === 'external' && entry.provides && name in entry.provides) {
        return { kind: 'external', entry, delegate: entry.provides[name] ?? null };
      }
    }
    return null;
  }

  /** Repository methods of the whole hierarchy, nearest definition of each name first. */
  repoMethods(): { module: string; fn: FunctionFact; cls: ClassFact }[] {
    const seen = new Set<string>();
    const methods: { module: string; fn: FunctionFact; cls: ClassFact }[] = [];
    for (const entry of this.mro) {
      if (entry.kind !== 'repo') continue;
      const module = this.project.modules.get(entry.module);
      if (!module) continue;
      for (const id of entry.cls.methods) {
        const fn = module.functions[id]!;
        if (seen.has(fn.name)) continue;
        seen.add(fn.name);
        methods.push({ module: entry.module, fn, cls: entry.cls });
      }
    }
    return methods;
  }

  /** A class attribute (`lookup_field = 'slug'`) from the nearest repository class that sets it. */
  field(name: string): { module: string; cls: ClassFact; field: ClassFact['fields'][number] } | null {
    for (const entry of this.mro) {
      if (entry.kind !== 'repo') continue;
      const field = entry.cls.fields.find((f) => f.name === name && f.value !== undefined);
      if (field) return { module: entry.module, cls: entry.cls, field };
    }
    return null;
  }

  /**
   * The handler serving `name`: the repository method that runs, following framework delegation
   * (`UpdateModelMixin.partial_update` calls `self.update`, so an overridden `update` serves PATCH).
   * When only framework code runs, the handler is the view class itself, named `View.name`, so the
   * endpoint still points at the code that configures it (queryset, serializer); it has no fnId.
   */
  handlerFor(name: string): HandlerRef | null {
    const seen = new Set<string>();
    let current = name;
    while (!seen.has(current)) {
      seen.add(current);
      const source = this.member(current);
      if (!source) return null;
      if (source.kind === 'repo') return repoHandler(source.module, source.cls, source.fn);
      if (source.delegate === null) break;
      current = source.delegate;
    }
    return { name: `${this.cls.name}.${name}`, file: this.module, startLine: this.cls.span.startLine, endLine: this.cls.span.endLine };
  }
}

export function repoHandler(module: string, cls: ClassFact, fn: FunctionFact): HandlerRef {
  return { name: `${cls.name}.${fn.name}`, file: module, startLine: fn.span.startLine, endLine: fn.span.endLine, fnId: fn.id };
}

function entryKey(entry: ClassEntry): string {
  if (entry.kind === 'repo') return `repo:${entry.module}#${entry.cls.id}`;
  if (entry.kind === 'external') return `ext:${entry.package}:${entry.name}`;
  return `unresolved:${entry.text}`;
}

/** Python's C3 linearisation; a hierarchy C3 rejects (Python would too) falls back to depth-first order. */
function linearize(project: ProjectIndex, module: string, cls: ClassFact, depth: number, visiting: Set<string>): ClassEntry[] {
  const self: ClassEntry = { kind: 'repo', module, cls };
  const key = entryKey(self);
  if (depth > MAX_HIERARCHY_DEPTH || visiting.has(key)) return [self];
  visiting.add(key);
  const bases = baseEntries(project, module, cls);
  const lists = bases.map((base) => (base.kind === 'repo' ? linearize(project, base.module, base.cls, depth + 1, visiting) : [base]));
  visiting.delete(key);
  const merged = mergeC3([...lists.map((list) => [...list]), [...bases]]);
  if (merged) return [self, ...merged];
  const order: ClassEntry[] = [self];
  const seen = new Set([key]);
  for (const list of lists) {
    for (const entry of list) {
      const entryId = entryKey(entry);
      if (seen.has(entryId)) continue;
      seen.add(entryId);
      order.push(entry);
    }
  }
  return order;
}

function mergeC3(lists: ClassEntry[][]): ClassEntry[] | null {
  const result: ClassEntry[] = [];
  const pending = lists.filter((list) => list.length > 0);
  while (pending.length > 0) {
    let chosen: ClassEntry | null = null;
    for (const list of pending) {
      const head = list[0]!;
      const headKey = entryKey(head);
      if (!pending.some((other) => other.slice(1).some((entry) => entryKey(entry) === headKey))) {
        chosen = head;
        break;
      }
    }
    if (!chosen) return null;
    result.push(chosen);
    const chosenKey = entryKey(chosen);
    for (const list of pending) if (list.length > 0 && entryKey(list[0]!) === chosenKey) list.shift();
    for (let i = pending.length - 1; i >= 0; i--) if (pending[i]!.length === 0) pending.splice(i, 1);
  }
  return result;
}

function baseEntries(project: ProjectIndex, module: string, cls: ClassFact): ClassEntry[] {
  const entries: ClassEntry[] = [];
  for (const base of cls.bases) {
    // `Generic[T]` and `object` add nothing a view can serve.
    if (base.k === 'index' || (base.k === 'id' && base.name === 'object')) continue;
    const binding = project.resolveExpr(base, module, cls.parent);
    if (binding.kind === 'class') entries.push({ kind: 'repo', module: binding.module, cls: binding.cls });
    else if (binding.kind === 'external') {
      const name = binding.imported.split('.').pop() ?? binding.imported;
      entries.push({ kind: 'external', package: binding.package, name, provides: knownClass(binding.package, name) });
    } else entries.push({ kind: 'unresolved', text: exprText(base) });
  }
  return entries;
}
