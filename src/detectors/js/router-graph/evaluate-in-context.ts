import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex, Value } from '../../../linking/types.js';
import type { CallFact, Expr, FunctionFact, ModuleFacts } from '../../../parsing/types.js';
import { EMPTY_ENV, type Environment, type EvalContext } from './types.js';

/** Guards evaluation through chains of local variables and parameters. */
const MAX_DEPTH = 24;
/** A loop over more items than this is not a route table; it is summarised instead of unrolled. */
const MAX_LOOP_ITEMS = 200;
/** Array methods whose callback runs once per element. */
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap']);

/**
 * Evaluates an expression like `ProjectIndex.evaluate`, but sees loop variables and parameters
 * bound by a call site. The linker knows neither; everything else is delegated to it.
 */
export function evaluateIn(project: ProjectIndex, expr: Expr, context: EvalContext, depth = 0): Value {
  if (depth > MAX_DEPTH) return unknownOf(expr, context);
  const { env } = context;
  switch (expr.k) {
    case 'id': {
      const bound = env.names.get(expr.name);
      if (bound) return bound;
      if (env.params.size === 0 && env.names.size === 0) return project.evaluate(expr, context.module, context.scope, context.line);
      const binding = project.lookup(context.module, expr.name, context.scope, context.line);
      if (binding.kind === 'param') {
        const value = env.params.get(paramKey(binding.module, binding.fnId, binding.index));
        if (value) return value;
        return project.evaluate(expr, context.module, context.scope, context.line);
      }
      // A local computed from a parameter or a loop variable (`const base = prefix + '/x'`) needs its value.
      if (binding.kind === 'value' && binding.fromProperty === undefined && binding.module === context.module) {
        return evaluateIn(project, binding.expr, { module: binding.module, scope: binding.scope, line: binding.line, env }, depth + 1);
      }
      return project.evaluate(expr, context.module, context.scope, context.line);
    }
    case 'member': {
      if (!mentionsEnvironment(expr, env)) break;
      const base = evaluateIn(project, expr.obj, context, depth + 1);
      return memberValue(base, expr.prop) ?? unknownOf(expr, context);
    }
    case 'index': {
      if (!mentionsEnvironment(expr, env)) break;
      const base = evaluateIn(project, expr.obj, context, depth + 1);
      const index = evaluateIn(project, expr.index, context, depth + 1);
      if (index.k === 'str' || index.k === 'num') return memberValue(base, String(index.v)) ?? unknownOf(expr, context);
      return unknownOf(expr, context);
    }
    case 'tpl': {
      if (!mentionsEnvironment(expr, env)) break;
      let text = '';
      for (const part of expr.parts) {
        if (typeof part === 'string') {
          text += part;
          continue;
        }
        const value = evaluateIn(project, part, context, depth + 1);
        if (value.k !== 'str' && value.k !== 'num' && value.k !== 'bool') return unknownOf(expr, context);
        text += String(value.v);
      }
      return { k: 'str', v: text };
    }
    case 'bin': {
      if (!mentionsEnvironment(expr, env) || expr.op !== '+') break;
      const left = evaluateIn(project, expr.left, context, depth + 1);
      const right = evaluateIn(project, expr.right, context, depth + 1);
      if (left.k === 'num' && right.k === 'num') return { k: 'num', v: left.v + right.v };
      if ((left.k === 'str' || left.k === 'num') && (right.k === 'str' || right.k === 'num')) return { k: 'str', v: String(left.v) + String(right.v) };
      return unknownOf(expr, context);
    }
    case 'arr': {
      if (!mentionsEnvironment(expr, env)) break;
      const items: Value[] = [];
      for (const item of expr.items) {
        if (item.k === 'spread') {
          const spread = evaluateIn(project, item.arg, context, depth + 1);
          if (spread.k === 'arr') items.push(...spread.items);
          else items.push(spread);
        } else items.push(evaluateIn(project, item, context, depth + 1));
      }
      return { k: 'arr', items };
    }
    case 'obj': {
      if (!mentionsEnvironment(expr, env)) break;
      const props = new Map<string, Value>();
      for (const prop of expr.props) {
        const value = evaluateIn(project, prop.value, context, depth + 1);
        if (prop.key !== null) props.set(prop.key, value);
        else if (value.k === 'obj') for (const [key, inner] of value.props) props.set(key, inner);
      }
      return { k: 'obj', props };
    }
    case 'call': {
      const entries = objectIteration(project, expr, context, depth);
      if (entries) return entries;
      break;
    }
    default:
      break;
  }
  return project.evaluate(expr, context.module, context.scope, context.line);
}

/** `Object.keys / values / entries(x)` of a statically known object. */
function objectIteration(project: ProjectIndex, expr: Extract<Expr, { k: 'call' }>, context: EvalContext, depth: number): Value | null {
  const callee = expr.callee;
  if (callee.k !== 'member' || callee.obj.k !== 'id' || callee.obj.name !== 'Object') return null;
  if (callee.prop !== 'keys' && callee.prop !== 'values' && callee.prop !== 'entries') return null;
  const arg = expr.args[0]?.value;
  if (!arg) return null;
  const target = evaluateIn(project, arg, context, depth + 1);
  if (target.k !== 'obj') return null;
  const items: Value[] = [];
  for (const [key, value] of target.props) {
    if (callee.prop === 'keys') items.push({ k: 'str', v: key });
    else if (callee.prop === 'values') items.push(value);
    else items.push({ k: 'arr', items: [{ k: 'str', v: key }, value] });
  }
  return { k: 'arr', items };
}

function memberValue(base: Value, prop: string): Value | null {
  if (base.k === 'obj') return base.props.get(prop) ?? null;
  if (base.k === 'arr') {
    if (prop === 'length') return { k: 'num', v: base.items.length };
    const index = Number(prop);
    if (Number.isInteger(index)) return base.items[index] ?? null;
  }
  return null;
}

/** Does the expression read a loop variable, or could it read a bound parameter? */
function mentionsEnvironment(expr: Expr, env: Environment, depth = 0): boolean {
  if (env.names.size === 0 && env.params.size === 0) return false;
  if (depth > 8) return true;
  switch (expr.k) {
    case 'id':
      return env.params.size > 0 || env.names.has(expr.name);
    case 'member':
      return mentionsEnvironment(expr.obj, env, depth + 1);
    case 'index':
      return mentionsEnvironment(expr.obj, env, depth + 1) || mentionsEnvironment(expr.index, env, depth + 1);
    case 'tpl':
      return expr.parts.some((part) => typeof part !== 'string' && mentionsEnvironment(part, env, depth + 1));
    case 'bin':
      return mentionsEnvironment(expr.left, env, depth + 1) || mentionsEnvironment(expr.right, env, depth + 1);
    case 'arr':
      return expr.items.some((item) => mentionsEnvironment(item.k === 'spread' ? item.arg : item, env, depth + 1));
    case 'obj':
      return expr.props.some((prop) => mentionsEnvironment(prop.value, env, depth + 1));
    case 'spread':
      return mentionsEnvironment(expr.arg, env, depth + 1);
    default:
      return false;
  }
}

export function unknownOf(expr: Expr, context: EvalContext): Value {
  return { k: 'unknown', text: exprText(expr), module: context.module, line: context.line };
}

export function paramKey(module: string, fnId: number, index: number): string {
  return `${module}#${fnId}#${index}`;
}

/** One loop enclosing a call: where it iterates and which names each item binds. */
interface EnclosingLoop {
  iterable: Expr;
  /** Names bound per item, as the facts give them. */
  variables: string[];
  /** How the item is split into the variables. */
  pattern: 'single' | 'object' | 'array' | 'unknown';
  /** Object pattern `{ path: p }`: the property each local reads. */
  properties?: Map<string, string>;
  /** `forEach((item, index) => ...)`: the index name. */
  indexName?: string;
  scope: number;
  line: number;
}

/**
 * The environments a call runs in: one per combination of items of the literal arrays its
 * enclosing loops iterate (outermost first). A call outside loops, or inside a loop over
 * something unknown, runs once in the empty environment; the route is then kept unresolved.
 */
export function loopEnvironments(project: ProjectIndex, module: ModuleFacts, call: CallFact, iterationCalls: Map<number, CallFact>): Environment[] {
  if (call.loopDepth === 0) return [EMPTY_ENV];
  const loops = enclosingLoops(module, call, iterationCalls);
  let envs: Environment[] = [EMPTY_ENV];
  for (const loop of loops) {
    const next: Environment[] = [];
    for (const env of envs) {
      const iterable = evaluateIn(project, loop.iterable, { module: module.path, scope: loop.scope, line: loop.line, env });
      const items = iterable.k === 'arr' ? iterable.items : iterable.k === 'obj' ? [...iterable.props.keys()].map((v): Value => ({ k: 'str', v })) : null;
      if (!items || items.length > MAX_LOOP_ITEMS) {
        next.push(env);
        continue;
      }
      items.forEach((item, index) => next.push(bindItem(env, loop, item, index)));
    }
    envs = next;
    if (envs.length > MAX_LOOP_ITEMS) return [EMPTY_ENV];
  }
  return envs.length > 0 ? envs : [EMPTY_ENV];
}

function bindItem(env: Environment, loop: EnclosingLoop, item: Value, index: number): Environment {
  const names = new Map(env.names);
  if (loop.indexName) names.set(loop.indexName, { k: 'num', v: index });
  const pattern = loop.pattern === 'unknown' ? guessPattern(loop.variables, item) : loop.pattern;
  if (pattern === 'single') names.set(loop.variables[0]!, item);
  else if (pattern === 'array') {
    loop.variables.forEach((name, i) => {
      const value = item.k === 'arr' ? item.items[i] : undefined;
      if (value) names.set(name, value);
    });
  } else {
    for (const name of loop.variables) {
      const property = loop.properties?.get(name) ?? name;
      const value = item.k === 'obj' ? item.props.get(property) : undefined;
      if (value) names.set(name, value);
    }
  }
  return { names, params: env.params };
}

/**
 * `for (const x of ...)` and `for (const { x } of ...)` give the same facts (variables ['x']);
 * the item tells them apart: an object that has a property `x` was destructured.
 */
function guessPattern(variables: string[], item: Value): 'single' | 'object' | 'array' {
  if (item.k === 'arr' && variables.length > 1) return 'array';
  if (item.k === 'obj' && (variables.length > 1 || item.props.has(variables[0]!))) return 'object';
  return 'single';
}

function enclosingLoops(module: ModuleFacts, call: CallFact, iterationCalls: Map<number, CallFact>): EnclosingLoop[] {
  const found: { loop: EnclosingLoop; start: number }[] = [];
  const ancestors = new Set<number>();
  for (let scope = call.scope; scope !== -1; scope = module.functions[scope]?.parent ?? -1) {
    ancestors.add(scope);
    const iteration = iterationCalls.get(scope);
    const fn = module.functions[scope];
    if (iteration && fn && iteration.callee.k === 'member') {
      found.push({ loop: callbackLoop(iteration, fn), start: fn.span.startLine });
    }
    if (!fn) break;
  }
  ancestors.add(-1);
  for (const loop of module.loops) {
    if (loop.iterable === undefined || !ancestors.has(loop.scope)) continue;
    if (call.line < loop.span.startLine || call.line > loop.span.endLine) continue;
    // The loop must enclose the call inside the same function chain, not merely share lines with it.
    if (loop.scope !== call.scope && !isInside(module, call.scope, loop.span.startLine, loop.span.endLine, loop.scope)) continue;
    found.push({
      loop: { iterable: loop.iterable, variables: loop.variables, pattern: 'unknown', scope: loop.scope, line: loop.span.startLine },
      start: loop.span.startLine,
    });
  }
  return found.sort((a, b) => a.start - b.start).map((entry) => entry.loop);
}

/** Is function `scope` (or an ancestor below `outer`) defined inside the given lines? */
function isInside(module: ModuleFacts, scope: number, startLine: number, endLine: number, outer: number): boolean {
  for (let current = scope; current !== -1 && current !== outer; current = module.functions[current]?.parent ?? -1) {
    const fn = module.functions[current];
    if (!fn) return false;
    if (fn.span.startLine >= startLine && fn.span.endLine <= endLine) return true;
  }
  return false;
}

function callbackLoop(iteration: CallFact, fn: FunctionFact): EnclosingLoop {
  const callee = iteration.callee as Extract<Expr, { k: 'member' }>;
  const first = fn.params[0]?.name ?? '';
  const loop: EnclosingLoop = { iterable: callee.obj, variables: [], pattern: 'single', scope: iteration.scope, line: iteration.line };
  if (fn.params[1] && /^[A-Za-z_$][\w$]*$/.test(fn.params[1].name)) loop.indexName = fn.params[1].name;
  const trimmed = first.trim();
  if (trimmed.startsWith('{')) {
    loop.pattern = 'object';
    loop.properties = new Map();
    for (const [key, name] of objectPatternEntries(trimmed)) {
      loop.variables.push(name);
      loop.properties.set(name, key);
    }
  } else if (trimmed.startsWith('[')) {
    loop.pattern = 'array';
    loop.variables = splitPattern(trimmed.slice(1, -1)).map((s) => s.trim().replace(/\s*=.*$/, ''));
  } else if (trimmed) loop.variables = [trimmed];
  return loop;
}

/** `{ app, config: cfg = {} }` as [property, local name] pairs: [['app', 'app'], ['config', 'cfg']]. */
export function objectPatternEntries(text: string): [string, string][] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return [];
  const entries: [string, string][] = [];
  for (const part of splitPattern(trimmed.slice(1, -1))) {
    const colon = part.indexOf(':');
    const key = (colon === -1 ? part : part.slice(0, colon)).trim().replace(/\s*=.*$/, '');
    const local = colon === -1 ? key : part.slice(colon + 1).trim().replace(/\s*=.*$/, '');
    if (/^[A-Za-z_$][\w$]*$/.test(key) && /^[A-Za-z_$][\w$]*$/.test(local)) entries.push([key, local]);
  }
  return entries;
}

/** Splits a destructuring pattern's text on top-level commas. */
function splitPattern(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '{' || char === '[' || char === '(') depth++;
    if (char === '}' || char === ']' || char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim()) parts.push(current);
  return parts.filter((part) => part.trim() && !part.trim().startsWith('...'));
}

/** Maps each callback function id to the `forEach`/`map` call that iterates it. */
export function iterationCallsOf(module: ModuleFacts): Map<number, CallFact> {
  const map = new Map<number, CallFact>();
  for (const call of module.calls) {
    if (call.callee.k !== 'member' || !ITERATION_METHODS.has(call.callee.prop)) continue;
    const first = call.args?.[0]?.value;
    if (first?.k === 'fn') map.set(first.id, call);
  }
  return map;
}
