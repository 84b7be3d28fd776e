import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex, Value } from '../../../linking/types.js';
import type { CallFact, Expr, ModuleFacts } from '../../../parsing/types.js';
import { reportUnresolved, unresolvedSegment } from '../../shared.js';
import type { DetectContext, MountStep } from '../../types.js';
import { compileExclude, prefixOf, type ExcludeRule } from './nest-paths.js';
import { NEST_COMMON, NEST_CORE, classKey, classOfBinding, externalMember, isExternal, propOf, stringsOf, versionsOf } from './nest-values.js';

/**
 * The application side of a Nest app: `NestFactory.create(AppModule)` in the bootstrap file and
 * the calls made on the app it returns (`setGlobalPrefix`, `enableVersioning`,
 * `useWebSocketAdapter`), including calls made by a helper the app is passed to.
 */

export interface VersionSource {
  /** null is VERSION_NEUTRAL: no version segment. */
  versions: (string | null)[];
  file: string;
  line: number;
}

export interface GlobalPrefix {
  /** The prefix as a path fragment; an unresolved one holds an `{unresolved:...}` segment. */
  prefix: string;
  resolved: boolean;
  step: MountStep;
  exclude: ExcludeRule[];
}

export interface Versioning {
  /** Only URI versioning changes paths; header, media-type and custom versioning do not. */
  uri: boolean;
  /** `v` unless the options say otherwise (`prefix: false` is no prefix). */
  prefix: string;
  defaultVersion?: VersionSource;
}

export interface NestApp {
  file: string;
  line: number;
  /** Class key of the root module passed to NestFactory.create, when it resolves. */
  rootModule: string | null;
  globalPrefix?: GlobalPrefix;
  versioning?: Versioning;
  /** Gateways use socket.io unless the app installs the `ws` adapter. */
  wsAdapter: 'socket.io' | 'ws';
}

const SOURCE = 'nestjs';
/** How many helper functions deep app configuration is followed (`setupApp(app)` calling `configureSwagger(app)`). */
const MAX_HELPER_DEPTH = 3;

/** Every `NestFactory.create(...)` in the server code, with the configuration applied to its app. */
export function findNestApps(context: DetectContext): NestApp[] {
  const { project } = context;
  const apps: NestApp[] = [];
  for (const module of context.modules) {
    for (const call of module.calls) {
      if (call.callee.k !== 'member' || call.callee.prop !== 'create' || !call.args) continue;
      const binding = project.resolveExpr(call.callee, module.path, call.scope);
      if (binding.kind !== 'external' || binding.package !== NEST_CORE || binding.imported !== 'NestFactory.create') continue;
      const rootExpr = call.args[0]?.value;
      const root = rootExpr ? classOfBinding(project.resolveExpr(rootExpr, module.path, call.scope)) : null;
      const app: NestApp = { file: module.path, line: call.line, rootModule: root ? classKey(root.module, root.cls) : null, wsAdapter: 'socket.io' };
      const variable = module.assignments.find(
        (a) => a.target.k === 'id' && a.scope === call.scope && a.value.k === 'call' && a.value.line === call.line && a.value.callee.k === 'member' && a.value.callee.prop === 'create',
      );
      if (variable && variable.target.k === 'id') {
        const name = variable.target.name;
        const isApp = (expr: Expr, at: CallFact): boolean => {
          if (expr.k !== 'id' || expr.name !== name) return false;
          const bound = project.lookup(module.path, name, at.scope, at.line);
          return bound.kind === 'value' && bound.line === variable.line;
        };
        configureApp(context, module, isApp, app, 0);
      }
      apps.push(app);
    }
  }
  return apps;
}

function configureApp(context: DetectContext, module: ModuleFacts, isApp: (expr: Expr, at: CallFact) => boolean, app: NestApp, depth: number): void {
  const { project } = context;
  const onApp = (expr: Expr, at: CallFact): boolean =>
    // Configuration methods return the app, so `app.setGlobalPrefix('api').enableVersioning()` chains.
    isApp(expr, at) || (expr.k === 'call' && expr.callee.k === 'member' && CHAINABLE.has(expr.callee.prop) && onApp(expr.callee.obj, at));
  const calls = [...module.calls].sort((a, b) => a.line - b.line);
  for (const call of calls) {
    if (!call.args) continue;
    if (call.callee.k === 'member' && onApp(call.callee.obj, call)) {
      const args = call.args.map((arg) => arg.value);
      if (call.callee.prop === 'setGlobalPrefix') app.globalPrefix = readGlobalPrefix(context, module, call, args);
      else if (call.callee.prop === 'enableVersioning') app.versioning = readVersioning(context, module, call, args);
      else if (call.callee.prop === 'useWebSocketAdapter' && args[0]) app.wsAdapter = adapterOf(project, project.evaluate(args[0], module.path, call.scope, call.line));
      continue;
    }
    if (depth >= MAX_HELPER_DEPTH) continue;
    const index = call.args.findIndex((arg) => onApp(arg.value, call));
    if (index === -1) continue;
    const callee = project.resolveExpr(call.callee, module.path, call.scope);
    if (callee.kind !== 'function') continue;
    const helperModule = project.modules.get(callee.module);
    const param = callee.fn.params[index];
    if (!helperModule || !param || param.rest) continue;
    const fnId = callee.fn.id;
    const isParam = (expr: Expr, at: CallFact): boolean => {
      if (expr.k !== 'id' || expr.name !== param.name) return false;
      const bound = project.lookup(helperModule.path, param.name, at.scope, at.line);
      return bound.kind === 'param' && bound.fnId === fnId && bound.index === index;
    };
    configureApp(context, helperModule, isParam, app, depth + 1);
  }
}

/** INestApplication methods that return the application, so calls on their result configure it too. */
const CHAINABLE = new Set(['setGlobalPrefix', 'enableVersioning', 'enableCors', 'use', 'useGlobalPipes', 'useGlobalGuards', 'useGlobalInterceptors', 'useGlobalFilters', 'useWebSocketAdapter', 'enableShutdownHooks']);

function readGlobalPrefix(context: DetectContext, module: ModuleFacts, call: CallFact, args: Expr[]): GlobalPrefix {
  const { project } = context;
  const prefixExpr = args[0] ?? { k: 'str', v: '' };
  const value = project.evaluate(prefixExpr, module.path, call.scope, call.line);
  let prefix: string;
  let resolved = true;
  if (value.k === 'str') prefix = value.v;
  else {
    resolved = false;
    prefix = unresolvedSegment(prefixExpr);
    reportUnresolved(context, SOURCE, 'Global prefix', prefixExpr, module.path, call.line);
  }
  const exclude: ExcludeRule[] = [];
  const options = args[1] ? project.evaluate(args[1], module.path, call.scope, call.line) : undefined;
  const excludeValue = options ? propOf(options, 'exclude') : undefined;
  if (excludeValue) {
    const items = excludeValue.k === 'arr' ? excludeValue.items : [excludeValue];
    for (const item of items) {
      const rules = readExcludeRule(item);
      if (rules) exclude.push(...rules);
      else reportUnresolvedValue(context, 'Global prefix exclusion', item, module.path, call.line);
    }
  }
  return { prefix, resolved, step: { prefix: prefixOf(prefix), file: module.path, line: call.line }, exclude };
}

function readExcludeRule(item: Value): ExcludeRule[] | null {
  if (item.k === 'str') return [compileExclude(item.v, 'ALL')];
  if (item.k !== 'obj') return null;
  const paths = stringsOf(item.props.get('path') ?? { k: 'null' });
  if (!paths) return null;
  const methodValue = item.props.get('method');
  const method = methodValue ? externalMember(methodValue, NEST_COMMON, 'RequestMethod') : 'ALL';
  if (!method) return null;
  return paths.map((path) => compileExclude(path, method));
}

function readVersioning(context: DetectContext, module: ModuleFacts, call: CallFact, args: Expr[]): Versioning {
  const { project } = context;
  // `enableVersioning()` without options is URI versioning (Nest's default parameter).
  if (!args[0]) return { uri: true, prefix: 'v' };
  const options = project.evaluate(args[0], module.path, call.scope, call.line);
  const typeValue = propOf(options, 'type');
  const type = typeValue ? externalMember(typeValue, NEST_COMMON, 'VersioningType') : null;
  if (type === null) {
    reportUnresolvedValue(context, 'Versioning type', typeValue ?? options, module.path, call.line);
    return { uri: false, prefix: 'v' };
  }
  const versioning: Versioning = { uri: type === 'URI', prefix: 'v' };
  const prefix = propOf(options, 'prefix');
  if (prefix?.k === 'str') versioning.prefix = prefix.v;
  else if (prefix?.k === 'bool' && !prefix.v) versioning.prefix = '';
  const defaultValue = propOf(options, 'defaultVersion');
  if (defaultValue) {
    const versions = versionsOf(defaultValue);
    if (versions) versioning.defaultVersion = { versions, file: module.path, line: call.line };
    else reportUnresolvedValue(context, 'Default version', defaultValue, module.path, call.line);
  }
  return versioning;
}

/** `new WsAdapter(app)` (or a subclass of it) switches gateways to plain WebSocket servers. */
function adapterOf(project: ProjectIndex, value: Value): 'socket.io' | 'ws' {
  if (value.k !== 'call') return 'socket.io';
  let callee = value.callee;
  for (let hops = 0; hops < 6; hops++) {
    if (isExternal(callee, '@nestjs/platform-ws', 'WsAdapter')) return 'ws';
    if (callee.k !== 'ref' || callee.binding.kind !== 'class' || callee.binding.cls.bases.length === 0) break;
    const base = project.resolveExpr(callee.binding.cls.bases[0]!, callee.binding.module, callee.binding.cls.parent);
    callee = { k: 'ref', binding: base };
  }
  return 'socket.io';
}

function reportUnresolvedValue(context: DetectContext, what: string, value: Value, file: string, line: number): void {
  const text = value.k === 'unknown' ? value.text : value.k === 'ref' && value.via ? exprText(value.via) : value.k;
  reportUnresolved(context, SOURCE, what, { k: 'other', text }, file, line);
}
