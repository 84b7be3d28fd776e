import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAll } from '../../src/parsing/parse-all.js';
import type { ParseTask } from '../../src/parsing/parse-file.js';

const root = fileURLToPath(new URL('../../fixtures/demo-shop/', import.meta.url));

function task(relative: string, grammar: ParseTask['grammar'], language: ParseTask['language']): ParseTask {
  return { path: relative, absolutePath: path.join(root, relative), grammar, language, isTest: false };
}

describe('parseAll', () => {
  const tasks = [task('missing.py', 'python', 'python'), task('README.md.ts', 'typescript', 'typescript')];

  it('reports an unreadable file as a failure and keeps going', async () => {
    const result = await parseAll(tasks, { workers: 0 });
    expect(result.facts).toEqual([]);
    expect(result.failures).toEqual([
      { path: 'README.md.ts', reason: 'unreadable', message: 'cannot read: ENOENT' },
      { path: 'missing.py', reason: 'unreadable', message: 'cannot read: ENOENT' },
    ]);
  });

  it('in a floor run parses only, reporting neither facts nor failures, even for unreadable files', async () => {
    const result = await parseAll(tasks, { workers: 0, floor: true });
    expect(result).toEqual({ facts: [], failures: [], cached: 0 });
  });
});
