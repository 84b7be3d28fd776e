import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { TerminalError } from '../../src/errors.js';
import { assertInteractiveTerminal, dropCiMarkers } from '../../src/cli/commands/review.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Files reached from `entry` by static imports only (`import x from`, `export ... from`), not `import()`. */
function staticImportGraph(entry: string): { files: string[]; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
      const specifier = (match[1] ?? match[2]) as string;
      if (!specifier.startsWith('.')) {
        if (!packages.has(specifier)) packages.set(specifier, path.relative(ROOT, file));
        continue;
      }
      const base = path.resolve(path.dirname(file), specifier).replace(/\.js$/, '');
      const resolved = [`${base}.ts`, `${base}.tsx`].find((candidate) => existsSync(candidate));
      if (resolved) queue.push(resolved);
    }
  }
  return { files: [...files].map((file) => path.relative(ROOT, file)).sort(), packages };
}

describe('the edge', () => {
  test('no command statically loads ink, react or the TUI: review imports it lazily', () => {
    const { files, packages } = staticImportGraph(path.join(ROOT, 'src/cli/main.ts'));
    expect(files).toContain('src/cli/commands/review.ts');
    expect(files.filter((file) => file.startsWith('src/tui/'))).toEqual([]);
    expect([...packages.keys()].filter((name) => name === 'ink' || name === 'react' || name.startsWith('react/'))).toEqual([]);
    expect(readFileSync(path.join(ROOT, 'src/cli/commands/review.ts'), 'utf8')).toContain("await import('../../tui/run-review.js')");
  });

  test('the walker sees ink where it is imported', () => {
    const { files, packages } = staticImportGraph(path.join(ROOT, 'src/tui/run-review.tsx'));
    expect(files).toContain('src/tui/reducer.ts');
    expect(packages.get('ink')).toBe('src/tui/run-review.tsx');
    expect(packages.has('react')).toBe(true);
  });

  test('the review core and the reducer import neither ink nor react', () => {
    for (const entry of ['src/review/index.ts', 'src/tui/reducer.ts', 'src/tui/list-view.ts', 'src/tui/detail-view.ts', 'src/tui/keys.ts']) {
      const { files, packages } = staticImportGraph(path.join(ROOT, entry));
      expect(files.filter((file) => file.endsWith('.tsx'))).toEqual([]);
      expect([...packages.keys()].filter((name) => name === 'ink' || name === 'react' || name.startsWith('react/'))).toEqual([]);
    }
  });
});

describe('the terminal check', () => {
  const rawCapable = { isTTY: true, setRawMode: () => undefined };

  test('passes on a terminal with raw mode', () => {
    expect(() => assertInteractiveTerminal({ stdin: rawCapable, stdout: { isTTY: true } })).not.toThrow();
  });

  test('names what is missing in one line and suggests analyze', () => {
    expect(() => assertInteractiveTerminal({ stdin: {}, stdout: {} })).toThrow(
      new TerminalError('review is interactive and needs a terminal, but stdin and stdout are not a terminal; use `gonogo analyze` instead'),
    );
    expect(() => assertInteractiveTerminal({ stdin: rawCapable, stdout: { isTTY: false } })).toThrow(
      new TerminalError('review is interactive and needs a terminal, but stdout is not a terminal; use `gonogo analyze` instead'),
    );
    expect(() => assertInteractiveTerminal({ stdin: { isTTY: false }, stdout: { isTTY: true } })).toThrow(
      new TerminalError('review is interactive and needs a terminal, but stdin is not a terminal; use `gonogo analyze` instead'),
    );
  });

  test('refuses a terminal without raw mode', () => {
    expect(() => assertInteractiveTerminal({ stdin: { isTTY: true }, stdout: { isTTY: true } })).toThrow(
      new TerminalError('review needs a terminal that supports raw mode; use `gonogo analyze` instead'),
    );
    const failing = {
      isTTY: true,
      setRawMode: () => {
        throw new Error('EIO');
      },
    };
    const error = (() => {
      try {
        assertInteractiveTerminal({ stdin: failing, stdout: { isTTY: true } });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(TerminalError);
    expect((error as TerminalError).exitCode).toBe(2);
  });
});

describe('the CI markers Ink reads', () => {
  test('are dropped before the UI loads, whatever their value; other variables stay', () => {
    const env: Record<string, string | undefined> = { CI: 'true', CONTINUOUS_INTEGRATION: '1', CI_JOB_ID: '7', TERM: 'xterm' };
    expect(dropCiMarkers(env)).toEqual(['CI', 'CONTINUOUS_INTEGRATION']);
    expect(env).toEqual({ CI_JOB_ID: '7', TERM: 'xterm' });
    expect(dropCiMarkers(env)).toEqual([]);
  });
});
