import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GitError, InputPathError } from '../errors.js';
import { runGit } from './run-git.js';

export interface GitCheckout {
  /** Absolute path of the repository's top-level folder. */
  root: string;
  /** The analysed folder relative to the top level, POSIX, without a trailing slash ('' for the top level). */
  prefix: string;
}

/** Finds the git repository that holds a folder, and where the folder sits inside it. */
export async function locateGitCheckout(folder: string): Promise<GitCheckout> {
  const stat = await fs.stat(folder).catch(() => null);
  if (!stat) throw new InputPathError(`${folder} does not exist`);
  if (!stat.isDirectory()) throw new InputPathError(`${folder} is not a folder`);
  let output: string;
  try {
    output = await runGit(['rev-parse', '--show-toplevel', '--show-prefix'], { cwd: folder });
  } catch (error) {
    throw new GitError(`${folder} is not inside a git work tree (gonogo diff compares two commits of one)`, { cause: error });
  }
  const [root = '', prefix = ''] = output.split('\n');
  return { root: path.resolve(root), prefix: prefix.replace(/\/+$/, '') };
}

/** The commit a ref names; refuses anything that is not a commit, and refs that look like options. */
export async function resolveCommit(checkout: GitCheckout, ref: string): Promise<string> {
  if (ref.trim() === '' || ref.startsWith('-')) throw new GitError(`"${ref}" is not a revision`);
  try {
    const sha = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd: checkout.root });
    return sha.trim();
  } catch (error) {
    throw new GitError(`unknown revision "${ref}" in ${checkout.root} (is it fetched? CI checkouts need fetch-depth: 0)`, { cause: error });
  }
}

/** The best common ancestor of two commits, or null when they share no history (or it is not fetched). */
export async function findMergeBase(checkout: GitCheckout, a: string, b: string): Promise<string | null> {
  try {
    const sha = await runGit(['merge-base', a, b], { cwd: checkout.root });
    return sha.trim() || null;
  } catch {
    return null;
  }
}

export interface MaterializedRevision {
  sha: string;
  /** Absolute path of the checked-out top level. */
  dir: string;
  method: 'worktree' | 'archive';
  /** Removes the copy (and its worktree registration); safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * Puts the files of one commit in a folder of their own without touching the user's working tree,
 * index or HEAD: a detached `git worktree` when possible (fast, shares the object store), else
 * `git archive` extracted with tar (works where worktrees do not, e.g. some CI setups).
 * `dir` ends with the repository's folder name so the analysis reports the same repository name.
 */
export async function materializeRevision(checkout: GitCheckout, sha: string, parent: string): Promise<MaterializedRevision> {
  const container = await fs.mkdtemp(path.join(parent, 'rev-'));
  const dir = path.join(container, path.basename(checkout.root) || 'repository');
  try {
    await runGit(['worktree', 'add', '--detach', '--quiet', dir, sha], { cwd: checkout.root });
    return {
      sha,
      dir,
      method: 'worktree',
      dispose: once(() => removeWorktree(checkout, dir, container)),
    };
  } catch (worktreeError) {
    await removeWorktree(checkout, dir, container).catch(() => undefined);
    await fs.mkdir(container, { recursive: true });
    try {
      await extractArchive(checkout, sha, container, dir);
    } catch (archiveError) {
      await fs.rm(container, { recursive: true, force: true });
      const reasons = [worktreeError, archiveError].map((error) => (error instanceof Error ? error.message : String(error)));
      throw new GitError(`cannot check out ${sha.slice(0, 12)}: ${reasons.join('; then ')}`, { cause: archiveError });
    }
    return {
      sha,
      dir,
      method: 'archive',
      dispose: once(() => fs.rm(container, { recursive: true, force: true })),
    };
  }
}

async function extractArchive(checkout: GitCheckout, sha: string, container: string, dir: string): Promise<void> {
  const tarball = path.join(container, 'revision.tar');
  await runGit(['archive', '--format=tar', '-o', tarball, sha], { cwd: checkout.root });
  await fs.mkdir(dir, { recursive: true });
  await runTar(['-xf', tarball, '-C', dir]);
  await fs.rm(tarball, { force: true });
}

async function runTar(args: string[]): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile('tar', args, { windowsHide: true }, (error, _stdout, stderr) => {
      if (error) reject(new GitError(`tar ${args.join(' ')} failed: ${stderr.trim() || error.message}`, { cause: error }));
      else resolve();
    });
  });
}

async function removeWorktree(checkout: GitCheckout, dir: string, container: string): Promise<void> {
  try {
    await runGit(['worktree', 'remove', '--force', dir], { cwd: checkout.root });
    await fs.rm(container, { recursive: true, force: true });
  } catch {
    // The folder may be half-created or already gone; deleting it and pruning still unregisters it.
    await fs.rm(container, { recursive: true, force: true });
    await runGit(['worktree', 'prune'], { cwd: checkout.root }).catch(() => undefined);
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | null = null;
  return () => (pending ??= action());
}
