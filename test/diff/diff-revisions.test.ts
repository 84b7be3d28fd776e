import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kind } from '../../src/classification/types.js';
import type { AnalyzeOptions } from '../../src/config/types.js';
import { diffRevisions, type AnalyzeFunction } from '../../src/diff/diff-revisions.js';
import { GitError } from '../../src/errors.js';
import type { FactsCache } from '../../src/pipeline/types.js';
import { createTestRepo, type TestRepo } from './git-repo.js';
import { makeResult, NO_STATS } from './make-result.js';

/**
 * These tests drive the git side of `gonogo diff` (checkouts, cleanup, subfolders, the shared cache)
 * with an analysis that reads a routes.txt list, so they do not depend on the detectors.
 */
const OPTIONS: AnalyzeOptions = {
  root: '/replaced',
  include: [],
  exclude: [],
  maxFileBytes: 1024 * 1024,
  workers: 0,
  assumptions: {},
  infra: {},
  team: {},
  gates: {},
  applyReview: true,
  typeAware: true,
};

interface Call {
  root: string;
  cache: FactsCache | undefined;
  files: string[];
}

function createRoutesAnalyzer(calls: Call[]): AnalyzeFunction {
  return async (options, hooks) => {
    const routesFile = path.join(options.root, 'routes.txt');
    const lines = existsSync(routesFile) ? readFileSync(routesFile, 'utf8').trim().split('\n').filter(Boolean) : [];
    calls.push({ root: options.root, cache: hooks?.cache, files: readdirSync(options.root).sort() });
    const result = makeResult({
      likely: lines.length,
      endpoints: lines.map((line) => {
        const [method, routePath, kind] = line.split(' ');
        return { method: method!, path: routePath!, kind: kind as Kind };
      }),
    });
    return { result: { ...result, repository: path.basename(options.root) }, stats: NO_STATS, withDecisions: () => result };
  };
}

let repo: TestRepo;
let tempDir: string;

beforeEach(() => {
  repo = createTestRepo('shop');
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'gonogo-diff-test-'));
});
afterEach(() => {
  repo.cleanup();
  rmSync(tempDir, { recursive: true, force: true });
});

describe('diffRevisions', () => {
  it('analyses both commits in temporary worktrees and leaves the working tree, index and HEAD alone', async () => {
    repo.write({ 'routes.txt': 'GET /users io\nPOST /login io\n', 'README.md': 'shop\n' });
    const base = repo.commit('base');
    repo.write({ 'routes.txt': 'GET /users io\nPOST /login cpu\nPOST /reports cpu\n' });
    const head = repo.commit('head');
    // Uncommitted work the diff must neither see nor disturb.
    repo.write({ 'routes.txt': 'GET /uncommitted io\n', 'scratch.txt': 'wip\n' });
    repo.git('add', 'scratch.txt');
    const statusBefore = repo.git('status', '--porcelain');

    const calls: Call[] = [];
    const run = await diffRevisions({ folder: repo.root, base: 'HEAD~1', options: OPTIONS, analyze: createRoutesAnalyzer(calls), tempDir });

    expect(run.delta.revisions).toEqual({ base: { ref: 'HEAD~1', sha: base }, head: { ref: 'HEAD', sha: head } });
    expect(run.delta.repository).toBe('shop');
    expect(run.delta.endpoints.added.map((e) => `${e.method} ${e.path} ${e.kind}`)).toEqual(['POST /reports cpu']);
    expect(run.delta.endpoints.changed.map((c) => `${c.method} ${c.path} ${c.changes.join(',')}`)).toEqual(['POST /login kind']);
    expect(run.delta.months.likely).toEqual({ base: 2, head: 3, change: 1 });
    expect(run.method).toBe('worktree');
    expect(run.checkout.prefix).toBe('');

    expect(calls).toHaveLength(2);
    expect(calls.map((call) => path.basename(call.root))).toEqual(['shop', 'shop']);
    expect(calls[0]!.files).toEqual(['.git', 'README.md', 'routes.txt']);
    expect(calls[0]!.cache).toBeDefined();
    expect(calls[1]!.cache).toBe(calls[0]!.cache);
    for (const call of calls) expect(call.root.startsWith(tempDir)).toBe(true);

    expect(repo.git('status', '--porcelain')).toBe(statusBefore);
    expect(readFileSync(path.join(repo.root, 'routes.txt'), 'utf8')).toBe('GET /uncommitted io\n');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('analyses a subfolder of the repository, and an empty folder where it does not exist yet', async () => {
    repo.write({ 'README.md': 'monorepo\n' });
    const base = repo.commit('base');
    repo.write({ 'services/api/routes.txt': 'GET /items io\n' });
    repo.commit('add the api');
    const calls: Call[] = [];
    const run = await diffRevisions({
      folder: path.join(repo.root, 'services', 'api'),
      base,
      options: OPTIONS,
      analyze: createRoutesAnalyzer(calls),
      tempDir,
    });
    expect(run.checkout.prefix).toBe('services/api');
    expect(run.delta.repository).toBe('api');
    expect(calls.map((call) => call.files)).toEqual([[], ['routes.txt']]);
    expect(calls.map((call) => path.basename(call.root))).toEqual(['api', 'api']);
    expect(run.delta.endpoints.added.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /items']);
  });

  it('falls back to git archive when a worktree cannot be added', async () => {
    repo.write({ 'routes.txt': 'GET /a io\n' });
    repo.commit('base');
    repo.write({ 'routes.txt': 'GET /a io\nGET /b io\n' });
    repo.commit('head');
    // A file where git keeps its worktree registrations makes `git worktree add` fail.
    rmSync(path.join(repo.root, '.git', 'worktrees'), { recursive: true, force: true });
    writeFileSync(path.join(repo.root, '.git', 'worktrees'), 'not a folder\n');
    const calls: Call[] = [];
    const run = await diffRevisions({ folder: repo.root, base: 'HEAD~1', head: 'HEAD', options: OPTIONS, analyze: createRoutesAnalyzer(calls), tempDir });
    expect(run.method).toBe('archive');
    expect(calls[1]!.files).toEqual(['routes.txt']);
    expect(run.delta.endpoints.added.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /b']);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('analyses once when base and head are the same commit', async () => {
    repo.write({ 'routes.txt': 'GET /a io\n' });
    repo.commit('only');
    const calls: Call[] = [];
    const run = await diffRevisions({ folder: repo.root, base: 'main', options: OPTIONS, analyze: createRoutesAnalyzer(calls), tempDir });
    expect(calls).toHaveLength(1);
    expect(run.delta.endpoints.added).toEqual([]);
  });

  it('removes the checkout when the analysis throws', async () => {
    repo.write({ 'routes.txt': 'GET /a io\n' });
    repo.commit('only');
    const failing: AnalyzeFunction = async () => {
      throw new Error('analysis exploded');
    };
    await expect(diffRevisions({ folder: repo.root, base: 'HEAD', options: OPTIONS, analyze: failing, tempDir })).rejects.toThrow('analysis exploded');
    expect(readdirSync(tempDir)).toEqual([]);
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  it('names the problem: unknown revision, option-like ref, folder outside git', async () => {
    repo.write({ 'routes.txt': 'GET /a io\n' });
    repo.commit('only');
    const analyze = createRoutesAnalyzer([]);
    const unknown = await diffRevisions({ folder: repo.root, base: 'no-such-branch', options: OPTIONS, analyze, tempDir }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(GitError);
    expect((unknown as Error).message).toBe(`unknown revision "no-such-branch" in ${repo.root} (is it fetched? CI checkouts need fetch-depth: 0)`);
    const optionLike = await diffRevisions({ folder: repo.root, base: '--output=/tmp/x', options: OPTIONS, analyze, tempDir }).catch((error: unknown) => error);
    expect((optionLike as Error).message).toBe('"--output=/tmp/x" is not a revision');
    const outside = path.join(tempDir, 'plain');
    mkdirSync(outside);
    const notGit = await diffRevisions({ folder: outside, base: 'HEAD', options: OPTIONS, analyze, tempDir: os.tmpdir() }).catch((error: unknown) => error);
    expect(notGit).toBeInstanceOf(GitError);
    expect((notGit as Error).message).toBe(`${outside} is not inside a git work tree (gonogo diff compares two commits of one)`);
  });
});
