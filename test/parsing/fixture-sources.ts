import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Grammar, Language } from '../../src/discovery/types.js';

/** Every source file under fixtures/, with its grammar. */
export function fixtureSources(): { file: string; grammar: Grammar; language: Language }[] {
  const root = fileURLToPath(new URL('../../fixtures/', import.meta.url));
  const grammars: Record<string, [Grammar, Language]> = {
    '.py': ['python', 'python'],
    '.js': ['javascript', 'javascript'],
    '.mjs': ['javascript', 'javascript'],
    '.cjs': ['javascript', 'javascript'],
    '.jsx': ['javascript', 'javascript'],
    '.ts': ['typescript', 'typescript'],
    '.mts': ['typescript', 'typescript'],
    '.cts': ['typescript', 'typescript'],
    '.tsx': ['tsx', 'typescript'],
  };
  const files: { file: string; grammar: Grammar; language: Language }[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const kind = grammars[path.extname(entry.name)];
    if (entry.isFile() && kind && !entry.parentPath.includes('node_modules')) files.push({ file: path.join(entry.parentPath, entry.name), grammar: kind[0], language: kind[1] });
  }
  return files.sort((a, b) => (a.file < b.file ? -1 : 1));
}

