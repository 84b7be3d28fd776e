import path from 'node:path';
import { extractFacts } from '../../src/parsing/parse-file.js';
import { buildProjectIndex } from '../../src/linking/project-index.js';
import type { ManifestData } from '../../src/linking/read-manifests.js';
import type { ProjectIndex } from '../../src/linking/types.js';
import type { Grammar, Language } from '../../src/discovery/types.js';
import type { ModuleFacts } from '../../src/parsing/types.js';

const GRAMMARS: Record<string, [Language, Grammar]> = {
  '.py': ['python', 'python'],
  '.js': ['javascript', 'javascript'],
  '.mjs': ['javascript', 'javascript'],
  '.cjs': ['javascript', 'javascript'],
  '.jsx': ['javascript', 'javascript'],
  '.ts': ['typescript', 'typescript'],
  '.mts': ['typescript', 'typescript'],
  '.cts': ['typescript', 'typescript'],
  '.tsx': ['typescript', 'tsx'],
};

/** Facts for in-memory sources, keyed by relative path: for tests that give code and assert findings. */
export function extractAll(files: Record<string, string>): ModuleFacts[] {
  return Object.entries(files)
    .filter(([file]) => GRAMMARS[path.extname(file)] !== undefined)
    .map(([file, source]) => {
      const [language, grammar] = GRAMMARS[path.extname(file)]!;
      return extractFacts({ path: file, language, grammar, isTest: false }, source);
    });
}

export function buildTestProject(files: Record<string, string>, manifests: Partial<ManifestData> = {}): ProjectIndex {
  return buildProjectIndex(extractAll(files), { manifests: [], tsconfigs: [], diagnostics: [], ...manifests });
}
