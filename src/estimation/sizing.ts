import picomatch from 'picomatch';
import type { ModuleFacts } from '../parsing/types.js';
import type { PackageManifest } from '../linking/types.js';

/**
 * What counts toward the size to port. The rule (docs/estimate.md, "Size to port"): every parsed
 * file's code lines, except files a Go port does not translate line by line.
 */
export const EXCLUSION_CATEGORIES = [
  'migrations',
  'fixtures',
  'type-stubs',
  'config-files',
  'static-assets',
  'frontend',
  'excluded-by-assumption',
] as const;
export type ExclusionCategory = (typeof EXCLUSION_CATEGORIES)[number];

/**
 * Folders of schema migrations: Django and Flask-Migrate `migrations/`, TypeORM's default
 * `migration/`, Alembic's `alembic/` (env.py and versions/), knex and Sequelize `migrations/`,
 * Rails-style `db/migrate/`. The schema they build is kept as SQL, not ported as code.
 */
const MIGRATION_SEGMENTS = new Set(['migrations', 'migration', 'alembic']);
/** Test data and seed data: they move as data files, not as code. */
const FIXTURE_SEGMENTS = new Set(['fixtures', '__fixtures__', 'seeds', 'seeders']);
const TYPE_STUB = /\.d\.[cm]?ts$|\.pyi$/;
/** `jest.config.js`, `webpack.config.ts`, `ecosystem.config.cjs`, `.eslintrc.js`... */
const TOOL_CONFIG = /^(?:[\w-]+\.config|\.[\w-]+rc)\.[cm]?[jt]s$/;
const CONFIG_FILES = new Set([
  'setup.py',
  'noxfile.py',
  'fabfile.py',
  'gunicorn.conf.py',
  'gulpfile.js',
  'gruntfile.js',
  'karma.conf.js',
  'protractor.conf.js',
]);

/** Script the browser runs, served as files by the backend (`public/app.js`): served unchanged by Go. */
const STATIC_SEGMENTS = new Set(['public', 'static', 'assets', 'www', 'wwwroot']);
const BROWSER_SCRIPT = /\.(?:[cm]?js|jsx|tsx)$/;

export type ExcludeMatcher = (path: string) => boolean;

/** UI libraries: a package that declares one of these and no server is a browser app. */
const FRONTEND_PACKAGES = new Set(['react', 'react-dom', 'vue', '@angular/core', 'svelte', 'solid-js', 'preact', 'lit']);
/** Server frameworks and full-stack frameworks (their API routes are endpoints gonogo ports). */
const SERVER_PACKAGES = new Set([
  'express',
  'fastify',
  'koa',
  '@nestjs/core',
  '@hapi/hapi',
  'restify',
  'hono',
  'next',
  'nuxt',
  '@sveltejs/kit',
  '@remix-run/node',
  '@remix-run/server-runtime',
  '@trpc/server',
  '@apollo/server',
  'apollo-server',
  'graphql-yoga',
  'socket.io',
  'ws',
  '@feathersjs/feathers',
  '@adonisjs/core',
  'sails',
]);

/**
 * npm packages that are browser apps (a UI library, no server framework): the frontend of a
 * full-stack repository, which a backend port leaves alone.
 */
export function findFrontendManifests(manifests: readonly PackageManifest[]): PackageManifest[] {
  return manifests.filter((manifest) => {
    if (manifest.ecosystem !== 'npm') return false;
    const names = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)];
    return names.some((name) => FRONTEND_PACKAGES.has(name)) && !names.some((name) => SERVER_PACKAGES.has(name));
  });
}

/** UI libraries whose import marks a single file as browser code inside a package that also serves HTTP. */
const UI_IMPORTS = new Set([...FRONTEND_PACKAGES, 'react-router', 'react-router-dom', 'react-i18next', 'styled-components', 'mobx-react', 'mobx-react-lite', '@emotion/react', '@emotion/styled', '@tanstack/react-query', 'vue-router', 'pinia', '@mui/material']);
/** Share of a folder's JS/TS files that must be browser code for the whole folder to count as frontend. */
const FRONTEND_FOLDER_SHARE = 0.6;

/**
 * For JS/TS paths: is the file frontend code? Either its nearest package.json is a browser app,
 * or (a package that serves HTTP and renders a UI, like a monorepo's single package) the file is
 * JSX or imports a UI library, or it sits in a top folder of its package where most files do.
 */
export function createFrontendMatcher(manifests: readonly PackageManifest[], modules: readonly ModuleFacts[] = []): ExcludeMatcher {
  const frontend = new Set(findFrontendManifests(manifests).map((m) => m.dir));
  const npmDirs = new Set(manifests.filter((m) => m.ecosystem === 'npm').map((m) => m.dir));
  const isJs = (path: string): boolean => /\.(?:[cm]?[jt]s|[jt]sx)$/.test(path);
  const packageOf = (path: string): string | undefined => nearestAncestorIn(npmDirs, path) ?? (npmDirs.has('') ? '' : undefined);
  const uiFiles = new Set<string>();
  const folderCounts = new Map<string, { ui: number; all: number }>();
  for (const module of modules) {
    if (module.isTest || module.language === 'python') continue;
    const pkg = packageOf(module.path);
    if (pkg === undefined || frontend.has(pkg)) continue;
    const ui = /\.[jt]sx$/.test(module.path) || module.imports.some((imp) => UI_IMPORTS.has(packageName(imp.source)));
    if (ui) uiFiles.add(module.path);
    const folder = topFolderIn(pkg, module.path);
    if (folder === null) continue;
    const counts = folderCounts.get(folder) ?? { ui: 0, all: 0 };
    counts.all++;
    if (ui) counts.ui++;
    folderCounts.set(folder, counts);
  }
  const uiFolders = new Set([...folderCounts].filter(([, c]) => c.ui / c.all >= FRONTEND_FOLDER_SHARE).map(([folder]) => folder));
  if (frontend.size === 0 && uiFiles.size === 0) return () => false;
  return (path) => {
    if (!isJs(path)) return false;
    const pkg = packageOf(path);
    if (pkg !== undefined && frontend.has(pkg)) return true;
    if (uiFiles.has(path)) return true;
    const folder = pkg === undefined ? null : topFolderIn(pkg, path);
    return folder !== null && uiFolders.has(folder);
  };
}

/** `app` for `app/stores/x.ts` in the root package, `web/app` for `web/app/x.ts` in package `web`. */
function topFolderIn(pkg: string, path: string): string | null {
  const rest = pkg === '' ? path : path.slice(pkg.length + 1);
  const slash = rest.indexOf('/');
  if (slash === -1) return null;
  return pkg === '' ? rest.slice(0, slash) : `${pkg}/${rest.slice(0, slash)}`;
}

function packageName(source: string): string {
  if (source.startsWith('.')) return '';
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export function createExcludeMatcher(globs: readonly string[]): ExcludeMatcher {
  if (globs.length === 0) return () => false;
  return picomatch([...globs], { dot: true });
}

export function classifyExclusion(
  path: string,
  userExcluded: ExcludeMatcher,
  isFrontend: ExcludeMatcher = () => false,
): ExclusionCategory | null {
  const segments = path.split('/');
  const fileName = segments[segments.length - 1] ?? '';
  const folders = segments.slice(0, -1);
  if (folders.some((folder) => MIGRATION_SEGMENTS.has(folder)) || path.includes('db/migrate/')) return 'migrations';
  if (folders.some((folder) => FIXTURE_SEGMENTS.has(folder))) return 'fixtures';
  if (TYPE_STUB.test(fileName)) return 'type-stubs';
  // Sphinx's docs/conf.py configures documentation, not the service.
  if (TOOL_CONFIG.test(fileName) || CONFIG_FILES.has(fileName.toLowerCase())) return 'config-files';
  if (fileName === 'conf.py' && folders.includes('docs')) return 'config-files';
  if (BROWSER_SCRIPT.test(fileName) && folders.some((folder) => STATIC_SEGMENTS.has(folder))) return 'static-assets';
  if (isFrontend(path)) return 'frontend';
  if (userExcluded(path)) return 'excluded-by-assumption';
  return null;
}

export interface SizedModules {
  production: ModuleFacts[];
  tests: ModuleFacts[];
  productionLines: number;
  testLines: number;
  excluded: Record<ExclusionCategory, number>;
  /** Example paths per category, sorted, at most three. */
  excludedExamples: Record<ExclusionCategory, string[]>;
}

export function sizeModules(
  modules: readonly ModuleFacts[],
  userExcluded: ExcludeMatcher,
  isFrontend: ExcludeMatcher = () => false,
): SizedModules {
  const excluded = Object.fromEntries(EXCLUSION_CATEGORIES.map((c) => [c, 0])) as Record<ExclusionCategory, number>;
  const examples = Object.fromEntries(EXCLUSION_CATEGORIES.map((c) => [c, [] as string[]])) as Record<
    ExclusionCategory,
    string[]
  >;
  const production: ModuleFacts[] = [];
  const tests: ModuleFacts[] = [];
  for (const module of [...modules].sort((a, b) => a.path.localeCompare(b.path))) {
    const category = classifyExclusion(module.path, userExcluded, isFrontend);
    if (category) {
      excluded[category] += module.measures.code;
      if (examples[category].length < 3) examples[category].push(module.path);
    } else if (module.isTest) {
      tests.push(module);
    } else {
      production.push(module);
    }
  }
  return {
    production,
    tests,
    productionLines: production.reduce((sum, m) => sum + m.measures.code, 0),
    testLines: tests.reduce((sum, m) => sum + m.measures.code, 0),
    excluded,
    excludedExamples: examples,
  };
}

/**
 * The service (top-level folder or package) a file belongs to: the shallowest folder below the
 * root that holds a manifest and contains the file (`services/api`), else the file's first
 * folder (`src`), else `.` for files at the root.
 */
export function createServiceOf(manifests: readonly PackageManifest[]): (path: string) => string {
  const dirs = new Set(manifests.map((m) => m.dir).filter((dir) => dir !== '' && dir !== '.'));
  return (path) => {
    const owner = shallowestAncestorIn(dirs, path);
    if (owner) return owner;
    const slash = path.indexOf('/');
    return slash === -1 ? '.' : path.slice(0, slash);
  };
}

/*
 * A folder holding a file is a prefix of its path that ends before a slash; each slash gives one,
 * one segment deeper than the last. Looking those few prefixes up keeps sizing linear in files
 * when a monorepo has thousands of manifests.
 */

/** The shallowest folder of `dirs` that contains `path`. */
function shallowestAncestorIn(dirs: ReadonlySet<string>, path: string): string | undefined {
  for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
    const dir = path.slice(0, slash);
    if (dirs.has(dir)) return dir;
  }
  return undefined;
}

/** The deepest folder of `dirs` that contains `path` (the root, '', is not looked for). */
function nearestAncestorIn(dirs: ReadonlySet<string>, path: string): string | undefined {
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
    const dir = path.slice(0, slash);
    if (dirs.has(dir)) return dir;
  }
  return undefined;
}
