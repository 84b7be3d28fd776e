import path from 'node:path';
import type { Binding, ProjectIndex, Value } from '../../../linking/types.js';
import type { Expr } from '../../../parsing/types.js';
import { reportUnresolved, unresolvedSegment } from '../../shared.js';
import type { DetectContext, MountStep } from '../../types.js';
import { DEFAULT_PAGE_EXTENSIONS } from './route-paths.js';

/**
 * Where the Next.js applications of a repository are (every package declaring `next`; in a
 * monorepo there can be several) and what their `next.config` changes about routing:
 * `pageExtensions` and `basePath`.
 */

export interface NextApp {
  /** Package folder, relative POSIX ('' for the repository root). */
  root: string;
  /** The folder holding `pages` (the package folder, or its `src/`), null when there is none. */
  pagesDir: string | null;
  appDir: string | null;
  pageExtensions: string[];
  basePath?: { step: MountStep; resolved: boolean };
}

const SOURCE = 'nextjs';
const CONFIG_FILES = ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts', 'next.config.mts'];

export function findNextApps(context: DetectContext): NextApp[] {
  const roots = new Set<string>();
  for (const manifest of context.project.manifests) {
    if (manifest.ecosystem !== 'npm') continue;
    if ('next' in manifest.dependencies || 'next' in manifest.devDependencies) roots.add(manifest.dir);
  }
  if (roots.size === 0) {
    // No manifest names Next (a partial checkout): the packages whose code imports it.
    const packageDirs = new Set(context.project.manifests.filter((manifest) => manifest.ecosystem === 'npm' && manifest.dir !== '').map((manifest) => manifest.dir));
    for (const module of context.modules) {
      if (module.imports.some((imp) => imp.source === 'next' || imp.source.startsWith('next/'))) roots.add(nearestPackageDir(packageDirs, module.path));
    }
  }
  // Every folder holding a JS/TS module, directly or below: a folder of a module's folder is that folder up to one of its slashes.
  const folders = new Set<string>();
  for (const module of context.project.modulesOf('js')) {
    const dir = path.posix.dirname(module.path);
    if (folders.has(dir)) continue;
    folders.add(dir);
    for (let slash = dir.indexOf('/'); slash !== -1; slash = dir.indexOf('/', slash + 1)) folders.add(dir.slice(0, slash));
  }
  const hasFolder = (folder: string): boolean => folders.has(folder);
  return [...roots].sort().map((root) => {
    const join = (...parts: string[]): string => path.posix.join(root, ...parts);
    // Next ignores `src/pages` and `src/app` when `pages` or `app` sit at the package root.
    const pagesDir = hasFolder(join('pages')) ? join('pages') : hasFolder(join('src/pages')) ? join('src/pages') : null;
    const appDir = hasFolder(join('app')) ? join('app') : hasFolder(join('src/app')) ? join('src/app') : null;
    const app: NextApp = { root, pagesDir, appDir, pageExtensions: DEFAULT_PAGE_EXTENSIONS };
    readNextConfig(context, app);
    return app;
  });
}

/** The deepest package folder holding the file: its path up to the last slash that names one. */
function nearestPackageDir(packageDirs: ReadonlySet<string>, file: string): string {
  for (let slash = file.lastIndexOf('/'); slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
    const dir = file.slice(0, slash);
    if (packageDirs.has(dir)) return dir;
  }
  return '';
}

function readNextConfig(context: DetectContext, app: NextApp): void {
  const { project } = context;
  const file = CONFIG_FILES.map((name) => path.posix.join(app.root, name)).find((name) => project.modules.has(name));
  if (!file) return;
  const found = configObject(project, project.lookupExport(file, 'default'));
  if (!found) return;
  const { value, line, module } = found;
  const extensions = value.props.get('pageExtensions');
  if (extensions?.k === 'arr' && extensions.items.every((item) => item.k === 'str')) {
    app.pageExtensions = extensions.items.map((item) => (item as { v: string }).v);
  }
  const basePath = value.props.get('basePath');
  if (!basePath) return;
  if (basePath.k === 'str') {
    if (basePath.v !== '' && basePath.v !== '/') app.basePath = { step: { prefix: basePath.v, file: module, line }, resolved: true };
    return;
  }
  const expr: Expr = { k: 'other', text: basePath.k === 'unknown' ? basePath.text : 'basePath' };
  reportUnresolved(context, SOURCE, 'basePath', expr, module, line);
  app.basePath = { step: { prefix: unresolvedSegment(expr), file: module, line }, resolved: false };
}

/**
 * The config object behind `module.exports` / `export default`: an object, a name holding one,
 * a wrapper such as `withSentryConfig(nextConfig, ...)` or `withBundleAnalyzer(...)(nextConfig)`,
 * or a function of the build phase returning one. The line is where the object is written.
 */
function configObject(project: ProjectIndex, binding: Binding, depth = 0): { value: Extract<Value, { k: 'obj' }>; line: number; module: string } | null {
  if (depth > 6) return null;
  if (binding.kind === 'function') {
    const returned = binding.fn.returnsExpr;
    if (!returned) return null;
    return configObject(project, { kind: 'value', module: binding.module, expr: returned, scope: binding.fn.id, line: binding.fn.span.startLine }, depth + 1);
  }
  if (binding.kind !== 'value') return null;
  const { expr, module, scope, line } = binding;
  switch (expr.k) {
    case 'obj': {
      const value = project.evaluate(expr, module, scope, line);
      return value.k === 'obj' ? { value, line, module } : null;
    }
    case 'id':
      return configObject(project, project.lookup(module, expr.name, scope, line), depth + 1);
    case 'fn':
      return configObject(project, project.resolveExpr(expr, module, scope), depth + 1);
    case 'call': {
      for (const candidate of [...expr.args.map((arg) => arg.value), expr.callee]) {
        const found = configObject(project, { kind: 'value', module, expr: candidate, scope, line }, depth + 1);
        if (found) return found;
      }
      return null;
    }
    default:
      return null;
  }
}
