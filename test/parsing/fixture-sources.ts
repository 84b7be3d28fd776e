import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectLanguage } from '../../src/discovery/classify-path.js';
import type { Grammar, Language } from '../../src/discovery/types.js';

/** Every source file under fixtures/, with its grammar. */
export function fixtureSources(): { file: string; grammar: Grammar; language: Language }[] {
  const root = fileURLToPath(new URL('../../fixtures/', import.meta.url));
  const files: { file: string; grammar: Grammar; language: Language }[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    // The same extension table discovery uses, so fixtures are read the way gonogo reads repositories.
    const kind = detectLanguage(entry.name);
    if (entry.isFile() && kind && !entry.parentPath.includes('node_modules')) files.push({ file: path.join(entry.parentPath, entry.name), grammar: kind.grammar, language: kind.language });
  }
  return files.sort((a, b) => (a.file < b.file ? -1 : 1));
}

