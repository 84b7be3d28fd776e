import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AnalyzeOptions } from '../config/types.js';
import type { Analysis, AnalyzeHooks } from '../pipeline/types.js';
import type { AnalysisResult } from '../result/types.js';
import { computeDelta } from './compute-delta.js';
import { locateGitCheckout, materializeRevision, resolveCommit, type GitCheckout } from './materialize-revision.js';
import { createMemoryFactsCache } from './memory-facts-cache.js';
import type { Delta, RevisionInfo } from './types.js';

export type AnalyzeFunction = (options: AnalyzeOptions, hooks?: AnalyzeHooks) => Promise<Analysis>;

export interface DiffRevisionsRequest {
  /** The folder to analyse, inside a git work tree (absolute or relative to the process). */
  folder: string;
  base: string;
  /** Defaults to HEAD: the last commit, not uncommitted changes in the working tree. */
  head?: string;
  /** Options resolved against the user's working tree; `root` is replaced per revision. */
  options: AnalyzeOptions;
  analyze: AnalyzeFunction;
  /** Where temporary checkouts go (the system temp folder by default). */
  tempDir?: string;
  onProgress?: AnalyzeHooks['onProgress'];
  /** Told which revision is being analysed, for a progress line. */
  onRevision?: (side: 'base' | 'head', revision: RevisionInfo) => void;
}

export interface DiffRun {
  delta: Delta;
  base: AnalysisResult;
  head: AnalysisResult;
  checkout: GitCheckout;
  /** Files whose facts the head analysis reused from the base analysis. */
  cacheHits: number;
  method: 'worktree' | 'archive';
}

/**
 * Analyses two revisions of a folder and computes the delta. Each revision is checked out into a
 * temporary folder, analysed, and removed before the next one, so disk use stays at one copy; the
 * shared facts cache makes the second analysis re-parse only the files that changed.
 */
export async function diffRevisions(request: DiffRevisionsRequest): Promise<DiffRun> {
  const folder = path.resolve(request.folder);
  const checkout = await locateGitCheckout(folder);
  const baseInfo: RevisionInfo = { ref: request.base, sha: await resolveCommit(checkout, request.base) };
  const headRef = request.head ?? 'HEAD';
  const headInfo: RevisionInfo = { ref: headRef, sha: await resolveCommit(checkout, headRef) };
  const cache = createMemoryFactsCache();
  const tempRoot = await fs.mkdtemp(path.join(request.tempDir ?? os.tmpdir(), 'gonogo-diff-'));
  const methods = new Set<'worktree' | 'archive'>();
  try {
    const analyzeSide = async (side: 'base' | 'head', info: RevisionInfo): Promise<AnalysisResult> => {
      request.onRevision?.(side, info);
      const revision = await materializeRevision(checkout, info.sha, tempRoot);
      methods.add(revision.method);
      try {
        const root = checkout.prefix === '' ? revision.dir : path.join(revision.dir, ...checkout.prefix.split('/'));
        // The analysed folder may not exist in one revision (added or deleted by the change): an
        // empty folder then stands for it, and the delta reports everything added or removed.
        await fs.mkdir(root, { recursive: true });
        const hooks: AnalyzeHooks = { cache };
        if (request.onProgress) hooks.onProgress = request.onProgress;
        const analysis = await request.analyze({ ...request.options, root }, hooks);
        return analysis.result;
      } finally {
        await revision.dispose();
      }
    };
    const base = await analyzeSide('base', baseInfo);
    const hitsBefore = cache.hits;
    const head = baseInfo.sha === headInfo.sha ? base : await analyzeSide('head', headInfo);
    const delta: Delta = {
      ...computeDelta(base, head),
      repository: path.basename(folder),
      revisions: { base: baseInfo, head: headInfo },
    };
    return {
      delta,
      base,
      head,
      checkout,
      cacheHits: cache.hits - hitsBefore,
      method: methods.has('archive') ? 'archive' : 'worktree',
    };
  } finally {
    await fs.rm(tempRoot, { recursive: true, force: true });
  }
}
