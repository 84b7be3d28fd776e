import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildProjectIndex } from '../../src/linking/project-index.js';
import { readManifests } from '../../src/linking/read-manifests.js';
import type { ManifestFile } from '../../src/discovery/types.js';
import { runDetectors, type DetectionResult } from '../../src/detectors/run-detectors.js';
import { DETECTORS } from '../../src/detectors/registry.js';
import type { Detector } from '../../src/detectors/types.js';
import type { ProjectIndex } from '../../src/linking/types.js';
import { extractAll } from './build-project.js';

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', '.next', '__pycache__', '.venv', 'venv']);
const MANIFEST_KINDS: [RegExp, ManifestFile['kind']][] = [
  [/^package\.json$/, 'package.json'],
  [/^(tsconfig.*|jsconfig)\.json$/, 'tsconfig'],
  [/^requirements.*\.txt$/, 'requirements'],
  [/^pyproject\.toml$/, 'pyproject'],
  [/^setup\.cfg$/, 'setup.cfg'],
  [/^Pipfile$/, 'pipfile'],
  [/^setup\.py$/, 'setup.py'],
];

/**
 * Runs detection on a fixture repository, independently of discovery: every source file under
 * the folder except the usual dependency and build folders. Tests assert exact endpoint lists.
 */
export async function detectFixture(fixtureDir: string, detectorIds?: string[]): Promise<DetectionResult & { project: ProjectIndex }> {
  const root = path.resolve(fixtureDir);
  const sources: Record<string, string> = {};
  const manifests: ManifestFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const absolute = path.join(dir, entry);
      const relative = path.relative(root, absolute).split(path.sep).join('/');
      if (statSync(absolute).isDirectory()) {
        if (!SKIPPED_DIRS.has(entry)) walk(absolute);
        continue;
      }
      const kind = MANIFEST_KINDS.find(([pattern]) => pattern.test(entry))?.[1];
      if (kind) manifests.push({ path: relative, absolutePath: absolute, kind });
      sources[relative] = readFileSync(absolute, 'utf8');
    }
  };
  walk(root);
  const modules = extractAll(sources).map((m) => ({ ...m, isTest: /(^|\/)(tests?|__tests__)\/|(^|\/)test_[^/]*\.py$|_test\.py$|\.(test|spec)\.[jt]sx?$/.test(m.path) }));
  const manifestData = await readManifests(manifests);
  const project = buildProjectIndex(modules, manifestData);
  const detectors = detectorIds ? new Map<string, Detector>(detectorIds.map((id) => [id, DETECTORS.get(id)!])) : DETECTORS;
  return { ...runDetectors(project, detectors), project };
}
