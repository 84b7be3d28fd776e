import type { ProjectIndex } from '../../../linking/types.js';
import type { Expr, ScopeId } from '../../../parsing/types.js';
import { reportUnresolved, unresolvedSegment } from '../../shared.js';
import type { DetectContext, MountStep } from '../../types.js';
import { prefixOf } from './nest-paths.js';
import { NEST_COMMON, NEST_CORE, classKey, classOfBinding, objectPropExpr, packageDecorator } from './nest-values.js';

/**
 * The `@Module` graph: which module declares which controllers and providers, which modules each
 * imports (for reachability from a bootstrap's root module), and the paths `RouterModule.register`
 * trees give to modules. Nest applies a RouterModule path to the controllers a module declares
 * itself, never to those of the modules it imports, so prefixes are kept per module.
 */

export interface RouterPath {
  /** One step per level of the route tree, outermost first. */
  steps: MountStep[];
  resolved: boolean;
}

export interface ModuleGraph {
  /** Module class key -> module class keys it imports. */
  imports: Map<string, string[]>;
  /** Controller or provider class key -> module class keys that declare it. */
  declaredBy: Map<string, string[]>;
  /** Module class key -> its RouterModule path. */
  routerPaths: Map<string, RouterPath>;
}

const SOURCE = 'nestjs';
const MAX_DEPTH = 8;

export function buildModuleGraph(context: DetectContext): ModuleGraph {
  const { project } = context;
  const graph: ModuleGraph = { imports: new Map(), declaredBy: new Map(), routerPaths: new Map() };
  for (const module of context.modules) {
    for (const cls of module.classes) {
      for (const decorator of cls.decorators) {
        const call = packageDecorator(project, module.path, cls.parent, decorator, NEST_COMMON);
        if (!call || call.name !== 'Module' || !call.args[0]) continue;
        const key = classKey(module.path, cls);
        const metadata = call.args[0].value;
        const imported = objectPropExpr(project, module.path, cls.parent, metadata, 'imports');
        graph.imports.set(key, imported ? collectClassKeys(project, imported.expr, imported.module, imported.scope, true, 0) : []);
        for (const field of ['controllers', 'providers']) {
          const declared = objectPropExpr(project, module.path, cls.parent, metadata, field);
          if (!declared) continue;
          for (const member of collectClassKeys(project, declared.expr, declared.module, declared.scope, false, 0)) {
            const owners = graph.declaredBy.get(member) ?? [];
            if (!owners.includes(key)) owners.push(key);
            graph.declaredBy.set(member, owners);
          }
        }
      }
    }
    for (const call of module.calls) {
      if (call.callee.k !== 'member' || call.callee.prop !== 'register' || !call.args?.[0]) continue;
      const binding = project.resolveExpr(call.callee, module.path, call.scope);
      if (binding.kind !== 'external' || binding.package !== NEST_CORE || binding.imported !== 'RouterModule.register') continue;
      const site = { file: module.path, line: call.line };
      readRouteTree(context, call.args[0].value, module.path, call.scope, { steps: [], resolved: true }, site, graph.routerPaths, 0);
    }
  }
  return graph;
}

/** Module keys reachable from a root module through `imports`. */
export function reachableModules(graph: ModuleGraph, root: string): Set<string> {
  const seen = new Set<string>([root]);
  const queue = [root];
  while (queue.length > 0) {
    const next = queue.pop()!;
    for (const imported of graph.imports.get(next) ?? []) {
      if (seen.has(imported)) continue;
      seen.add(imported);
      queue.push(imported);
    }
  }
  return seen;
}

/**
 * Classes named by a metadata array: `[UsersModule, ConfigModule.forRoot(), forwardRef(() => X),
 * ...shared]`. For imports, `X.forRoot()` / `X.register()` stand for the dynamic module of X.
 */
function collectClassKeys(project: ProjectIndex, expr: Expr, module: string, scope: ScopeId, dynamicModules: boolean, depth: number): string[] {
  if (depth > MAX_DEPTH) return [];
  const recurse = (inner: Expr, innerModule = module, innerScope = scope): string[] => collectClassKeys(project, inner, innerModule, innerScope, dynamicModules, depth + 1);
  switch (expr.k) {
    case 'arr':
      return expr.items.flatMap((item) => recurse(item));
    case 'spread':
      return recurse(expr.arg);
    case 'cond':
      return [...recurse(expr.then), ...recurse(expr.else)];
    case 'bin':
      // `base.concat(...)` is a call; `a || b` and `a ?? b` may yield either side.
      return [...recurse(expr.left), ...recurse(expr.right)];
    case 'id':
    case 'member':
    case 'class': {
      const binding = project.resolveExpr(expr, module, scope);
      const cls = classOfBinding(binding);
      if (cls) return [classKey(cls.module, cls.cls)];
      if (binding.kind === 'value') return recurse(binding.expr, binding.module, binding.scope);
      return [];
    }
    case 'fn': {
      const fn = project.modules.get(module)?.functions[expr.id];
      return fn?.returnsExpr ? recurse(fn.returnsExpr, module, fn.id) : [];
    }
    case 'call': {
      const callee = project.resolveExpr(expr.callee, module, scope);
      if (callee.kind === 'external' && callee.package === NEST_COMMON && callee.imported === 'forwardRef') {
        return expr.args[0] ? recurse(expr.args[0].value) : [];
      }
      if (dynamicModules && expr.callee.k === 'member') {
        const owner = classOfBinding(project.resolveExpr(expr.callee.obj, module, scope));
        if (owner) return [classKey(owner.module, owner.cls)];
      }
      if (expr.callee.k === 'member' && expr.callee.prop === 'concat') {
        return [...recurse(expr.callee.obj), ...expr.args.flatMap((arg) => recurse(arg.value))];
      }
      return [];
    }
    default:
      return [];
  }
}

/**
 * Walks `RouterModule.register([{ path, module, children: [...] }])`. A child given as a bare module
 * class takes its parent's path (Nest's flattenRoutePaths); a child route object adds its own.
 */
function readRouteTree(
  context: DetectContext,
  expr: Expr,
  module: string,
  scope: ScopeId,
  parent: RouterPath,
  site: { file: string; line: number },
  out: Map<string, RouterPath>,
  depth: number,
): void {
  const { project } = context;
  if (depth > MAX_DEPTH) return;
  if (expr.k === 'arr') {
    for (const item of expr.items) readRouteTree(context, item.k === 'spread' ? item.arg : item, module, scope, parent, site, out, depth + 1);
    return;
  }
  if (expr.k === 'id' || expr.k === 'member') {
    const binding = project.resolveExpr(expr, module, scope);
    const cls = classOfBinding(binding);
    if (cls) {
      if (parent.steps.length > 0) out.set(classKey(cls.module, cls.cls), parent);
      return;
    }
    if (binding.kind === 'value') readRouteTree(context, binding.expr, binding.module, binding.scope, parent, site, out, depth + 1);
    return;
  }
  if (expr.k !== 'obj') return;
  const pathProp = expr.props.find((p) => p.key === 'path');
  let node = parent;
  if (pathProp) {
    const value = project.evaluate(pathProp.value, module, scope);
    let fragment: string;
    let resolved = parent.resolved;
    if (value.k === 'str') fragment = value.v;
    else {
      fragment = unresolvedSegment(pathProp.value);
      resolved = false;
      reportUnresolved(context, SOURCE, 'RouterModule path', pathProp.value, site.file, site.line);
    }
    const prefix = prefixOf(fragment);
    node = { steps: prefix === '/' ? parent.steps : [...parent.steps, { prefix, file: site.file, line: site.line }], resolved };
  }
  const moduleProp = expr.props.find((p) => p.key === 'module');
  if (moduleProp && node.steps.length > 0) {
    const cls = classOfBinding(project.resolveExpr(moduleProp.value, module, scope));
    if (cls) out.set(classKey(cls.module, cls.cls), node);
  }
  const children = expr.props.find((p) => p.key === 'children');
  if (children) readRouteTree(context, children.value, module, scope, node, site, out, depth + 1);
}
