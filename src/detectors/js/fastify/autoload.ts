import path from 'node:path';
import { exprText } from '../../../linking/project-index.js';
import type { ProjectIndex, Value } from '../../../linking/types.js';
import type { Expr } from '../../../parsing/types.js';
import { asLocated, follow, isLocated, targetOfBinding, valueOf, viewOf, type GraphBuilderApi, type Located, type ObjectView, type PrefixStep, type Target } from '../plugin-graph/index.js';
import { EMPTY_ENV, evaluateIn, type EvalContext } from '../router-graph/index.js';

/**
 * @fastify/autoload: every script under `dir` is a plugin, registered with the prefix of its
 * folder path relative to `dir` (`routes/users/index.js` → `/users`), after `options.prefix`.
 * The rules follow the package's own `find-plugins.js` and `index.js`: a folder with an index
 * file loads only that file (and its sub-folders), `autoPrefix` replaces the folder prefix,
 * `prefixOverride` replaces everything, `ignorePattern` / `matchFilter` / `ignoreFilter` /
 * `maxDepth` / `dirNameRoutePrefix` / `routeParams` / `encapsulate` are honoured when literal.
 */

const DEFAULT_SCRIPT = /(?:(?:^.?|\.[^d]|[^.]d|[^.][^d])\.ts|\.js|\.cjs|\.mjs|\.cts|\.mts)$/i;
const DEFAULT_INDEX = /^index(?:\.ts|\.js|\.cjs|\.mjs|\.cts|\.mts)$/i;
const AUTO_HOOKS = /^[_.]?auto_?hooks(?:\.ts|\.js|\.cjs|\.mjs|\.cts|\.mts)$/i;

/** One file autoload registers, with the folder prefix it gets. */
export interface AutoloadedFile {
  module: string;
  folderPrefix: string;
  /** `autohooks` files whose hooks apply to this plugin (`autoHooks`, cascading with `cascadeHooks`). */
  hooks: string[];
}

export interface AutoloadSettings {
  dir: string;
  /** `options.prefix`, applied before every folder prefix. */
  prefix: Located | null;
  /** The options object handed to every plugin (its second parameter). */
  pluginOptions: Value | null;
  dirNameRoutePrefix: boolean;
  routeParams: boolean;
  encapsulate: boolean;
  autoHooks: boolean;
  cascadeHooks: boolean;
  overwriteHooks: boolean;
  files: AutoloadedFile[];
}

/** Reads the options of `fastify.register(autoload, options)`; null (with a diagnostic) when `dir` is unknown. */
export function readAutoloadSettings(api: GraphBuilderApi, optionsTarget: Located | null, context: EvalContext): AutoloadSettings | null {
  const view = optionsTarget ? viewOf(api.project, optionsTarget) : null;
  const dirTarget = view?.get('dir') ?? null;
  const dir = dirTarget ? directoryOf(api.project, dirTarget) : null;
  if (!dir) {
    api.report({
      severity: 'warning',
      code: 'unresolved-route-part',
      message: `Autoload directory could not be resolved statically: ${dirTarget && isLocated(dirTarget) ? exprText(dirTarget.expr) : '(none)'}; the plugins it loads are not listed`,
      file: context.module,
      line: context.line,
    });
    return null;
  }
  const optionsView = view?.get('options') ? viewOf(api.project, view.get('options')!) : null;
  const optionsLocated = asLocated(view?.get('options') ?? null);
  const flag = (name: string, fallback: boolean): boolean => {
    const value = literalOf(api, view, name);
    return value?.k === 'bool' ? value.v : fallback;
  };
  const maxDepth = literalOf(api, view, 'maxDepth');
  const settings: AutoloadSettings = {
    dir,
    prefix: asLocated(optionsView?.get('prefix') ?? null),
    pluginOptions: optionsLocated ? valueOf(api.project, optionsLocated) : null,
    dirNameRoutePrefix: flag('dirNameRoutePrefix', true),
    routeParams: flag('routeParams', false),
    encapsulate: flag('encapsulate', true),
    autoHooks: flag('autoHooks', false),
    cascadeHooks: flag('cascadeHooks', false),
    overwriteHooks: flag('overwriteHooks', false),
    files: [],
  };
  const patterns = {
    script: patternOf(api, view, 'scriptPattern') ?? DEFAULT_SCRIPT,
    index: patternOf(api, view, 'indexPattern') ?? DEFAULT_INDEX,
    ignore: patternOf(api, view, 'ignorePattern'),
    match: filterOf(api, view, 'matchFilter'),
    skip: filterOf(api, view, 'ignoreFilter'),
    maxDepth: maxDepth?.k === 'num' ? maxDepth.v : Infinity,
  };
  const tree = folderTree(api.modules.map((module) => module.path), dir);
  if (!tree) {
    api.report({
      severity: 'info',
      code: 'autoload-empty',
      message: `Autoload directory ${dir} holds no source file gonogo read; the plugins it loads are not listed`,
      file: context.module,
      line: context.line,
    });
    return settings;
  }
  collectPlugins(tree, '', undefined, 0, [], settings, patterns);
  return settings;
}

interface Folder {
  files: string[];
  folders: Map<string, Folder>;
}

interface Patterns {
  script: RegExp;
  index: RegExp;
  ignore: RegExp | null;
  match: ((file: string) => boolean) | null;
  skip: ((file: string) => boolean) | null;
  maxDepth: number;
}

function folderTree(paths: string[], dir: string): Folder | null {
  const root: Folder = { files: [], folders: new Map() };
  const base = dir === '.' || dir === '' ? '' : `${dir}/`;
  let found = false;
  for (const file of paths) {
    if (!file.startsWith(base)) continue;
    const parts = file.slice(base.length).split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      let next = folder.folders.get(part);
      if (!next) folder.folders.set(part, (next = { files: [], folders: new Map() }));
      folder = next;
    }
    folder.files.push(parts[parts.length - 1]!);
    found = true;
  }
  return found ? root : null;
}

/** Mirrors find-plugins.js `buildTree`: index files, sub-folders, ignore patterns, depth. */
function collectPlugins(folder: Folder, relative: string, prefix: string | undefined, depth: number, inherited: string[], settings: AutoloadSettings, patterns: Patterns): void {
  const join = (name: string) => (relative ? `${relative}/${name}` : name);
  const modulePath = (name: string) => (settings.dir === '.' || settings.dir === '' ? join(name) : `${settings.dir}/${join(name)}`);
  let hooks: string[] = [];
  if (settings.autoHooks) {
    const hookFile = [...folder.files].sort().find((name) => AUTO_HOOKS.test(name));
    hooks = hookFile ? [...(settings.overwriteHooks ? [] : inherited), modulePath(hookFile)] : inherited;
  }
  const accumulate = (name: string) => {
    const filePath = `/${join(name)}`;
    if (patterns.match && !patterns.match(filePath)) return;
    if (patterns.skip && patterns.skip(filePath)) return;
    settings.files.push({ module: modulePath(name), folderPrefix: prefix ?? '', hooks });
  };
  const index = [...folder.files].sort().find((name) => patterns.index.test(name));
  if (index) {
    accumulate(index);
    if (folder.folders.size === 0) return;
  }
  const entries = [...folder.files.map((name) => ({ name, folder: null as Folder | null })), ...[...folder.folders].map(([name, sub]) => ({ name, folder: sub }))].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    if (patterns.ignore && patterns.ignore.test(join(entry.name))) continue;
    const atMaxDepth = patterns.maxDepth <= depth;
    if (entry.folder && !atMaxDepth) {
      const breadcrumb = (prefix ? `${prefix}/` : '/') + (settings.dirNameRoutePrefix ? entry.name : '');
      collectPlugins(entry.folder, join(entry.name), breadcrumb, depth + 1, settings.cascadeHooks ? hooks : [], settings, patterns);
    } else if (entry.folder || index) {
      continue;
    } else if (patterns.script.test(entry.name) && !AUTO_HOOKS.test(entry.name)) {
      accumulate(entry.name);
    }
  }
}

/** autoload's `routeParams`: a `_id` folder is the `:id` parameter (`__` inside a name too). */
export function routeParamsOf(prefix: string): string {
  if (/__/.test(prefix)) return prefix.replace(/__/g, ':');
  return prefix.replace(/\/_/g, '/:');
}

/** The prefix an autoloaded plugin declares for itself: `autoPrefix`, or `prefixOverride` replacing all. */
export function ownPrefixOf(project: ProjectIndex, modulePath: string, name: 'autoPrefix' | 'prefixOverride' | 'autoload'): Located | null {
  const module = project.modules.get(modulePath);
  if (!module) return null;
  if (module.exports.some((e) => e.exported === name)) {
    const target = targetOfBinding(project.lookupExport(modulePath, name));
    if (target && isLocated(target)) return target;
  }
  // `plugin.autoPrefix = '/x'` on the exported function.
  const assignment = module.assignments.find((a) => a.scope === -1 && a.target.k === 'member' && a.target.prop === name && a.target.obj.k === 'id');
  return assignment ? { expr: assignment.value, context: { module: modulePath, scope: -1, line: assignment.line, env: EMPTY_ENV } } : null;
}

/** The prefix steps of one autoloaded plugin, in order, with where each comes from. */
export function autoloadPrefixSteps(api: GraphBuilderApi, settings: AutoloadSettings, file: AutoloadedFile, context: EvalContext): PrefixStep[] {
  const override = ownPrefixOf(api.project, file.module, 'prefixOverride');
  if (override) return [{ source: override, file: override.context.module, line: override.context.line }];
  const steps: PrefixStep[] = [];
  if (settings.prefix) steps.push({ source: settings.prefix, file: context.module, line: context.line });
  const autoPrefix = ownPrefixOf(api.project, file.module, 'autoPrefix');
  if (autoPrefix) {
    steps.push({ source: autoPrefix, file: autoPrefix.context.module, line: autoPrefix.context.line });
  } else if (file.folderPrefix) {
    let folder = file.folderPrefix.replace(/\/+/g, '/');
    if (settings.routeParams) folder = routeParamsOf(folder);
    // With `dirNameRoutePrefix: false` a folder still gives '/', which adds nothing.
    if (folder !== '/') steps.push({ source: { expr: { k: 'str', v: folder }, context }, file: context.module, line: context.line });
  }
  return steps;
}

function literalOf(api: GraphBuilderApi, view: ObjectView | null | undefined, key: string): Value | null {
  const target = asLocated(view?.get(key) ?? null);
  return target ? valueOf(api.project, target) : null;
}

/** A regular expression option: a regex literal, or a string autoload turns into one. */
function patternOf(api: GraphBuilderApi, view: ObjectView | null | undefined, key: string): RegExp | null {
  const target = view?.get(key);
  if (!target) return null;
  const followed = follow(api.project, target);
  if (!isLocated(followed)) return null;
  const source = followed.expr.k === 'regex' ? followed.expr.v : stringOf(evaluateIn(api.project, followed.expr, followed.context));
  if (source === null) return null;
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}

/** `matchFilter` / `ignoreFilter`: a string is a substring test, a regex a pattern test. */
function filterOf(api: GraphBuilderApi, view: ObjectView | null | undefined, key: string): ((file: string) => boolean) | null {
  const target = view?.get(key);
  if (!target) return null;
  const followed = follow(api.project, target);
  if (!isLocated(followed)) return null;
  if (followed.expr.k === 'regex') {
    const pattern = patternOf(api, view, key);
    return pattern ? (file) => pattern.test(file) : null;
  }
  const text = stringOf(evaluateIn(api.project, followed.expr, followed.context));
  return text === null ? null : (file) => file.includes(text);
}

function stringOf(value: Value): string | null {
  return value.k === 'str' ? value.v : null;
}

/**
 * A directory expression as a repository path: `path.join(__dirname, 'routes')`,
 * `join(import.meta.dirname, 'routes')`, `fileURLToPath(new URL('./routes', import.meta.url))`,
 * `${__dirname}/routes`, and an ESM `__dirname` built with `dirname(fileURLToPath(import.meta.url))`.
 */
export function directoryOf(project: ProjectIndex, target: Target, depth = 0): string | null {
  const result = pathOf(project, target, depth);
  if (!result) return null;
  const normalized = path.posix.normalize(result);
  return normalized.startsWith('..') ? null : normalized.replace(/\/$/, '');
}

function pathOf(project: ProjectIndex, target: Target, depth: number): string | null {
  if (depth > 12) return null;
  const followed = follow(project, target);
  if (!isLocated(followed)) return null;
  const { expr, context } = followed;
  const moduleDir = path.posix.dirname(context.module);
  switch (expr.k) {
    case 'id':
      return expr.name === '__dirname' ? moduleDir : expr.name === '__filename' ? context.module : null;
    case 'member':
      if (expr.obj.k === 'other' && expr.obj.text === 'import.meta') return expr.prop === 'dirname' ? moduleDir : expr.prop === 'filename' || expr.prop === 'url' ? context.module : null;
      return null;
    case 'str':
      return path.posix.join(packageDirOf(project, context.module), expr.v);
    case 'tpl': {
      // `${__dirname}/routes`: the first interpolation is the directory, the rest are strings.
      let text = '';
      let first = true;
      for (const part of expr.parts) {
        if (typeof part === 'string') {
          text += part;
          continue;
        }
        const piece = first && text === '' ? pathOf(project, { expr: part, context }, depth + 1) : stringOf(evaluateIn(project, part, context));
        first = false;
        if (piece === null) return null;
        text += piece;
      }
      return text;
    }
    case 'bin': {
      if (expr.op !== '+') return null;
      const left = pathOf(project, { expr: expr.left, context }, depth + 1);
      const right = stringOf(evaluateIn(project, expr.right, context));
      return left !== null && right !== null ? left + right : null;
    }
    case 'call':
      return pathOfCall(project, expr, context, depth);
    default:
      return null;
  }
}

function pathOfCall(project: ProjectIndex, expr: Extract<Expr, { k: 'call' }>, context: EvalContext, depth: number): string | null {
  const callee = project.resolveExpr(expr.callee, context.module, context.scope);
  if (expr.isNew && expr.callee.k === 'id' && expr.callee.name === 'URL' && expr.args.length === 2) {
    // new URL('./routes', import.meta.url)
    const relative = stringOf(evaluateIn(project, expr.args[0]!.value, context));
    const base = pathOf(project, { expr: expr.args[1]!.value, context }, depth + 1);
    return relative !== null && base !== null ? path.posix.join(path.posix.dirname(base), relative) : null;
  }
  if (callee.kind !== 'external') return null;
  const name = callee.imported.replace(/^(?:default|posix)\./, '');
  if ((callee.package === 'path' && (name === 'join' || name === 'resolve')) && expr.args.length > 0) {
    const base = pathOf(project, { expr: expr.args[0]!.value, context }, depth + 1);
    if (base === null) return null;
    const rest: string[] = [];
    for (const arg of expr.args.slice(1)) {
      const piece = stringOf(evaluateIn(project, arg.value, context));
      if (piece === null) return null;
      rest.push(piece);
    }
    return path.posix.join(base, ...rest);
  }
  if (callee.package === 'path' && name === 'dirname' && expr.args[0]) {
    const file = pathOf(project, { expr: expr.args[0].value, context }, depth + 1);
    return file === null ? null : path.posix.dirname(file);
  }
  if (callee.package === 'url' && name === 'fileURLToPath' && expr.args[0]) return pathOf(project, { expr: expr.args[0].value, context }, depth + 1);
  return null;
}

/** The folder of the package.json nearest to a module: where `node` runs and relative `dir`s start. */
function packageDirOf(project: ProjectIndex, modulePath: string): string {
  let best = '';
  for (const manifest of project.manifests) {
    if (manifest.ecosystem !== 'npm') continue;
    const dir = manifest.dir;
    if ((dir === '' || modulePath.startsWith(`${dir}/`)) && dir.length >= best.length) best = dir;
  }
  return best || '.';
}
