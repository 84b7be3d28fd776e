import { execFile } from 'node:child_process';
import { GitError } from '../errors.js';

export interface GitRunOptions {
  /** Folder git runs in (`git -C`). */
  cwd: string;
  /** Git writes large outputs (archives, long logs); the default buffer is too small for them. */
  maxBuffer?: number;
}

/**
 * Runs one git command without a shell, so no argument is ever interpreted by one, and
 * turns a failure into a GitError naming the command and git's own message.
 *
 * Hooks are switched off for every call: `git worktree add` would otherwise run the
 * repository's post-checkout hook, and gonogo never executes code from the repository it reads.
 */
export function runGit(args: readonly string[], options: GitRunOptions): Promise<string> {
  const fullArgs = ['-c', `core.hooksPath=${NULL_DEVICE}`, ...args];
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      fullArgs,
      {
        cwd: options.cwd,
        maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const detail =
            code === 'ENOENT' ? 'git is not installed or not on PATH' : firstLine(stderr) || error.message.split('\n')[0] || 'failed';
          reject(new GitError(`git ${args.join(' ')} failed: ${detail}`, { cause: error }));
          return;
        }
        resolve(stdout);
      },
    );
  });
}

const NULL_DEVICE = process.platform === 'win32' ? 'NUL' : '/dev/null';

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ''
  );
}
