import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway git repository in a temp folder, for tests that need real commits. */
export interface TestRepo {
  root: string;
  git(...args: string[]): string;
  write(files: Record<string, string>): void;
  remove(...files: string[]): void;
  commit(message: string): string;
  cleanup(): void;
}

export function createTestRepo(name = 'shop'): TestRepo {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'gonogo-test-repo-'));
  const root = path.join(parent, name);
  mkdirSync(root);
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  git('init', '--quiet', '--initial-branch=main');
  return {
    root,
    git,
    write(files) {
      for (const [file, content] of Object.entries(files)) {
        const target = path.join(root, file);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, content);
      }
    },
    remove(...files) {
      for (const file of files) rmSync(path.join(root, file));
    },
    commit(message) {
      git('add', '--all');
      git('commit', '--quiet', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    cleanup() {
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
