import type { Diagnostic } from '../../../diagnostics.js';
import type { ProjectIndex, Value } from '../../../linking/types.js';
import type { CallFact, Expr, ModuleFacts } from '../../../parsing/types.js';
import { evaluateIn, iterationCallsOf, loopEnvironments, RouterTracer, type EvalContext, type GraphNode } from '../router-graph/index.js';
import type { GraphBuilderApi, Located, PluginEdge, PluginFramework, PluginGraph, PluginRoute } from './types.js';

/** How many rounds of "a function receives the instance and passes it on" are followed. */
const MAX_LINK_ROUNDS = 6;

/**
 * Builds the plugin graph of a project: every call on an app or plugin instance is handed to
 * the framework adapter (routes, registrations, hooks), then call sites that pass an instance
 * to a function of the repository (`require('./routes')(server)`) link that function's
 * parameter to the instance.
 */
export function buildPluginGraph(project: ProjectIndex, modules: readonly ModuleFacts[], framework: PluginFramework): PluginGraph {
  const tracer = new RouterTracer(project, [framework.router]);
  const graph: PluginGraph = { tracer, routes: new Map(), edges: [], hooks: new Map(), diagnostics: [] };
  const current: { node: string | null } = { node: null };
  const api = builderApi(project, modules, tracer, graph, framework.id, current);
  for (const module of modules) {
    const iterationCalls = iterationCallsOf(module);
    for (const call of module.calls) {
      const callee = call.callee;
      if (callee.k !== 'member' || !framework.members.has(callee.prop) || !call.args || call.args.length === 0) continue;
      for (const env of loopEnvironments(project, module, call, iterationCalls)) {
        const context: EvalContext = { module: module.path, scope: call.scope, line: call.line, env };
        const node = tracer.asNode(tracer.trace(callee.obj, context));
        if (!node) continue;
        current.node = node.key;
        try {
          framework.readCall(api, node, callee.prop, call, call.args, context);
        } catch {
          // Odd code must not cost the report: a call the adapter cannot read registers nothing.
        }
      }
    }
  }
  current.node = null;
  framework.finish?.(api);
  linkCallSites(project, modules, tracer, graph);
  return graph;
}

function builderApi(project: ProjectIndex, modules: readonly ModuleFacts[], tracer: RouterTracer, graph: PluginGraph, id: string, current: { node: string | null }): GraphBuilderApi {
  return {
    project,
    tracer,
    modules,
    addRoute(node: GraphNode, route: PluginRoute) {
      const list = graph.routes.get(node.key);
      if (list) list.push(route);
      else graph.routes.set(node.key, [route]);
    },
    addEdge(edge: PluginEdge) {
      if (edge.parent !== edge.child) graph.edges.push(edge);
    },
    addHook(node: GraphNode, hook: Located) {
      const list = graph.hooks.get(node.key);
      if (list) list.push(hook);
      else graph.hooks.set(node.key, [hook]);
    },
    paramNodeOf(modulePath: string, fnId: number, index: number) {
      const fn = project.modules.get(modulePath)?.functions[fnId];
      const param = fn?.params[index];
      if (!fn || !param) return null;
      return tracer.paramNode({ kind: 'param', module: modulePath, fnId, index, name: param.name, ...(param.type ? { type: param.type } : {}) });
    },
    report(diagnostic: Omit<Diagnostic, 'source'>) {
      graph.diagnostics.push({ node: current.node, diagnostic: { ...diagnostic, source: `detectors:${id}` } });
    },
  };
}

/**
 * Links each parameter node to the instances passed at the call sites of its function. Only
 * parameters that carry something (routes, hooks, registrations, or a link onwards) are
 * linked; a function that merely passes the instance on becomes such a parameter in the
 * next round, so chains of helpers are followed.
 */
function linkCallSites(project: ProjectIndex, modules: readonly ModuleFacts[], tracer: RouterTracer, graph: PluginGraph): void {
  if (liveParameters(tracer, graph).size === 0) return;
  const sites = callSitesOfRepositoryFunctions(project, modules, tracer);
  const linked = new Set<string>();
  for (let round = 0; round < MAX_LINK_ROUNDS; round++) {
    const live = liveParameters(tracer, graph);
    let added = false;
    for (const site of sites) {
      for (let index = 0; index < site.args.length; index++) {
        const key = `param:${site.target.module}#${site.target.fnId}#${index}`;
        if (!live.has(key)) continue;
        const linkKey = `${key}@${site.context.module}:${site.context.line}:${index}`;
        if (linked.has(linkKey)) continue;
        linked.add(linkKey);
        const source = tracer.asNode(tracer.trace(site.args[index]!, site.context));
        if (!source || source.key === key) continue;
        graph.edges.push({
          parent: source.key,
          child: key,
          prefixes: [],
          shared: true,
          file: site.context.module,
          line: site.context.line,
          params: site.params(),
          kind: 'call',
        });
        added = true;
      }
    }
    if (!added) break;
  }
}

interface CallSite {
  target: { module: string; fnId: number };
  args: Expr[];
  context: EvalContext;
  /** The argument values by parameter, evaluated when the site is first linked: most sites never are. */
  params: () => Map<string, Value>;
}

/** Calls of functions of the repository that pass at least one argument, with the values bound. */
function callSitesOfRepositoryFunctions(project: ProjectIndex, modules: readonly ModuleFacts[], tracer: RouterTracer): CallSite[] {
  const sites: CallSite[] = [];
  for (const module of modules) {
    const iterationCalls = iterationCallsOf(module);
    for (const call of module.calls) {
      if (!call.args || call.args.length === 0 || call.args.some((arg) => arg.spread)) continue;
      // An instance is passed by name (`routes(app)`, `register(this.server)`); literal-only calls pass none.
      if (!call.args.some((arg) => arg.value.k === 'id' || arg.value.k === 'member')) continue;
      const callee = call.callee;
      if (callee.k !== 'id' && callee.k !== 'member' && callee.k !== 'call') continue;
      for (const env of loopEnvironments(project, module, call, iterationCalls)) {
        const context: EvalContext = { module: module.path, scope: call.scope, line: call.line, env };
        const target = calledFunction(tracer, callee, context, call);
        if (!target) continue;
        const args = call.args;
        let params: Map<string, Value> | null = null;
        const paramsOf = (): Map<string, Value> => {
          if (params) return params;
          params = new Map();
          args.forEach((arg, index) => {
            const value = evaluateIn(project, arg.value, context);
            if (value.k !== 'unknown') params!.set(`${target.module}#${target.fnId}#${index}`, value);
          });
          return params;
        };
        sites.push({ target, args: args.map((arg) => arg.value), context, params: paramsOf });
      }
    }
  }
  return sites;
}

function calledFunction(tracer: RouterTracer, callee: Expr, context: EvalContext, call: CallFact): { module: string; fnId: number } | null {
  const traced = tracer.trace(callee, context);
  if (traced?.t !== 'binding') return null;
  const binding = traced.binding;
  if (binding.kind === 'function') return { module: binding.module, fnId: binding.fn.id };
  if (binding.kind === 'class' && call.isNew) {
    const module = tracer.moduleOf(binding.module);
    const ctor = binding.cls.methods.map((id) => module?.functions[id]).find((fn) => fn?.kind === 'constructor');
    return ctor ? { module: binding.module, fnId: ctor.id } : null;
  }
  return null;
}

/** Parameter nodes that lead to something: routes, hooks, or edges onwards to such nodes. */
function liveParameters(tracer: RouterTracer, graph: PluginGraph): Set<string> {
  const children = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const list = children.get(edge.parent);
    if (list) list.push(edge.child);
    else children.set(edge.parent, [edge.child]);
  }
  const live = new Set<string>();
  const memo = new Map<string, boolean>();
  const isLive = (key: string, seen: Set<string>): boolean => {
    if (memo.has(key)) return memo.get(key)!;
    if (seen.has(key)) return false;
    seen.add(key);
    const result = (graph.routes.get(key)?.length ?? 0) > 0 || (graph.hooks.get(key)?.length ?? 0) > 0 || (children.get(key) ?? []).some((child) => isLive(child, seen));
    memo.set(key, result);
    return result;
  };
  for (const node of tracer.nodes.values()) {
    if (node.kind === 'param' && isLive(node.key, new Set())) live.add(node.key);
  }
  return live;
}
