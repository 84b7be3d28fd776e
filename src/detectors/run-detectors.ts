import { comparePaths } from '../discovery/compare-paths.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ProjectIndex } from '../linking/types.js';
import type { ModuleFacts } from '../parsing/types.js';
import { normalizePypiName } from '../linking/read-manifests.js';
import { DETECTORS } from './registry.js';
import type { DetectedEndpoint, Detector } from './types.js';

export interface DetectionResult {
  endpoints: DetectedEndpoint[];
  /** Detectors that ran, with their endpoint counts. */
  frameworks: { id: string; title: string; language: 'js' | 'python'; endpoints: number }[];
  diagnostics: Diagnostic[];
}

/** Folders whose code is never the running server, whatever their language. */
// `example` (singular) is left out: fastify-cli generates a real `routes/example/` folder.
const NOT_SERVER = /(^|\/)(fixtures?|mocks?|__mocks__|examples|docs?|scripts|stories|storybook|cypress|playwright|e2e)(\/|$)/;

/** Runs every detector switched on by a dependency or an import, and returns their endpoints sorted. */
export function runDetectors(project: ProjectIndex, detectors: ReadonlyMap<string, Detector> = DETECTORS): DetectionResult {
  const diagnostics: Diagnostic[] = [];
  const endpoints: DetectedEndpoint[] = [];
  const frameworks: DetectionResult['frameworks'] = [];
  const used = collectUsedPackages(project);
  // Detectors of a language see the same modules: filtered once per language and kind of detector.
  const modulesFor = new Map<string, readonly ModuleFacts[]>();
  for (const detector of detectors.values()) {
    const ecosystem = detector.language === 'python' ? used.pypi : used.npm;
    if (!detector.enablers.some((name) => ecosystem.has(detector.language === 'python' ? normalizePypiName(name) : name))) continue;
    const language = detector.language === 'python' ? 'python' : 'js';
    const key = `${language}:${detector.routesFromFileSystem ? 'files' : 'server'}`;
    let modules = modulesFor.get(key);
    if (!modules) modulesFor.set(key, (modules = project.modulesOf(language).filter(detector.routesFromFileSystem ? isNotTestFile : isServerModule)));
    const found: DetectedEndpoint[] = [];
    try {
      found.push(
        ...detector.detect({
          project,
          modules,
          report: (diagnostic) => diagnostics.push(diagnostic),
        }),
      );
    } catch (error) {
      // A detector bug must not cost the user the whole report; it is shown as an error instead.
      diagnostics.push({
        severity: 'error',
        code: 'detector-failed',
        message: `${detector.title} detector failed: ${error instanceof Error ? error.message : String(error)}`,
        source: `detectors:${detector.id}`,
      });
    }
    const kept = detector.routesFromFileSystem ? found : found.filter((endpoint) => isServerPath(endpoint.file, project));
    endpoints.push(...kept);
    frameworks.push({ id: detector.id, title: detector.title, language: detector.language, endpoints: kept.length });
  }
  return { endpoints: dedupeEndpoints(endpoints).sort(compareEndpoints), frameworks, diagnostics };
}

function isServerModule(module: ModuleFacts): boolean {
  return !module.isTest && !NOT_SERVER.test(module.path) && !module.path.endsWith('.d.ts');
}

/** Test files by their own name (`*.test.ts`, `test_x.py`), whatever folder they sit in. */
function isNotTestFile(module: ModuleFacts): boolean {
  return !TEST_FILE_NAME.test(module.path) && !module.path.endsWith('.d.ts');
}

const TEST_FILE_NAME = /(^|\/)(test_[^/]*\.py|[^/]*_test\.py|[^/]*\.(test|spec|e2e-spec)\.[cm]?[jt]sx?)$/;

function isServerPath(file: string, project: ProjectIndex): boolean {
  const module = project.modules.get(file);
  return module ? isServerModule(module) : true;
}

/** Packages declared in manifests or imported anywhere, per ecosystem. */
function collectUsedPackages(project: ProjectIndex): { npm: Set<string>; pypi: Set<string> } {
  const npm = new Set<string>();
  const pypi = new Set<string>();
  for (const manifest of project.manifests) {
    const target = manifest.ecosystem === 'npm' ? npm : pypi;
    for (const name of Object.keys(manifest.dependencies)) target.add(manifest.ecosystem === 'pypi' ? normalizePypiName(name) : name);
  }
  for (const module of project.modules.values()) {
    for (const imp of module.imports) {
      if (!imp.source || imp.source.startsWith('.')) continue;
      const resolved = project.resolveImport(module.path, imp.source);
      if (resolved && 'external' in resolved) (module.language === 'python' ? pypi : npm).add(resolved.external);
    }
  }
  return { npm, pypi };
}

export function compareEndpoints(a: DetectedEndpoint, b: DetectedEndpoint): number {
  return (
    comparePaths(a.path, b.path) ||
    comparePaths(a.method, b.method) ||
    comparePaths(a.file, b.file) ||
    a.line - b.line ||
    comparePaths(a.framework, b.framework)
  );
}

/** Two detectors (or two passes) reporting the same route at the same place count once. */
function dedupeEndpoints(endpoints: DetectedEndpoint[]): DetectedEndpoint[] {
  const seen = new Map<string, DetectedEndpoint>();
  for (const endpoint of endpoints) {
    const key = `${endpoint.method} ${endpoint.path} ${endpoint.file}:${endpoint.line}`;
    if (!seen.has(key)) seen.set(key, endpoint);
  }
  return [...seen.values()];
}
