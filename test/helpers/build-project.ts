import path from 'node:path';
import { extractFacts } from '../../src/parsing/parse-file.js';
import { buildProjectIndex } from '../../src/linking/project-index.js';
import type { ManifestData } from '../../src/linking/read-manifests.js';
import type { ProjectIndex } from '../../src/linking/types.js';
import { detectLanguage } from '../../src/discovery/classify-path.js';
import type { ModuleFacts } from '../../src/parsing/types.js';


/** Facts for in-memory sources, keyed by relative path: for tests that give code and assert findings. */
export function extractAll(files: Record<string, string>): ModuleFacts[] {
  return Object.entries(files)
    .flatMap(([file, source]) => {
      // The same extension table discovery uses.
      const kind = detectLanguage(path.posix.basename(file));
      return kind ? [extractFacts({ path: file, language: kind.language, grammar: kind.grammar, isTest: false }, source)] : [];
    });
}

export function buildTestProject(files: Record<string, string>, manifests: Partial<ManifestData> = {}): ProjectIndex {
  return buildProjectIndex(extractAll(files), { manifests: [], tsconfigs: [], generatedClients: [], diagnostics: [], ...manifests });
}
