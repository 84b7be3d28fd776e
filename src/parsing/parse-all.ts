import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeFacts } from './facts-codec.js';
import { EXTRACTOR_VERSION, parseFile, parseFloor, type ParseOutcome, type ParseTask } from './parse-file.js';
import type { BatchResult } from './parse-worker.js';
import type { ModuleFacts, ParseFailure } from './types.js';

export interface ParseAllOptions {
  /** Worker threads; 0 parses on the calling thread. */
  workers: number;
  cache?: { get(key: string): ModuleFacts | undefined; set(key: string, facts: ModuleFacts): void };
  onProgress?: (done: number, total: number) => void;
  /** Bench only: read and parse on the same pool, extract nothing (the "parse floor"). */
  floor?: boolean;
}

export interface ParseAllResult {
  facts: ModuleFacts[];
  failures: ParseFailure[];
  /** Files answered from the cache without parsing. */
  cached: number;
}

/** Files per message: large enough to amortise messaging, small enough to balance the load. */
const BATCH_SIZE = 24;
/** Below this many files, starting threads costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 48;
/** In-process parsing yields to the event loop this often, so native trees get freed (see parse-worker). */
const YIELD_EVERY = 25;
/**
 * A parser thread's young generation, in MB. A native tree is freed only once the garbage
 * collector has found its small JS wrapper dead; a smaller young generation collects more often,
 * so fewer dead trees wait: at 1M lines, ~50 MB less peak RSS at the same CPU.
 */
const PARSER_YOUNG_GENERATION_MB = 8;

export async function parseAll(tasks: readonly ParseTask[], options: ParseAllOptions): Promise<ParseAllResult> {
  const facts: ModuleFacts[] = [];
  const failures: ParseFailure[] = [];
  let pending: ParseTask[] = [...tasks];
  let cached = 0;
  const keys = new Map<string, string>();
  if (options.cache) {
    const misses: ParseTask[] = [];
    for (const task of pending) {
      const key = await cacheKey(task);
      if (key === null) {
        misses.push(task);
        continue;
      }
      const hit = options.cache.get(key);
      if (hit) {
        facts.push({ ...hit, isTest: task.isTest });
        cached++;
      } else {
        keys.set(task.path, key);
        misses.push(task);
      }
    }
    pending = misses;
  }
  const total = tasks.length;
  let done = cached;
  const accept = (outcome: ParseOutcome): void => {
    done++;
    if (options.floor) {
      options.onProgress?.(done, total);
      return;
    }
    if (outcome.ok) {
      facts.push(outcome.facts);
      const key = keys.get(outcome.facts.path);
      if (key && options.cache) options.cache.set(key, outcome.facts);
    } else failures.push(outcome.failure);
    options.onProgress?.(done, total);
  };
  const workerUrl = new URL('./parse-worker.js', import.meta.url);
  // Under a TypeScript test runner this module runs from src/, where no compiled worker exists.
  const canUseWorkers = existsSync(fileURLToPath(workerUrl));
  if (options.workers > 0 && canUseWorkers && pending.length >= MIN_FILES_FOR_WORKERS) {
    await parseWithWorkers(pending, Math.min(options.workers, Math.ceil(pending.length / BATCH_SIZE)), workerUrl, options.floor === true, accept);
  } else {
    let sinceYield = 0;
    for (const task of pending) {
      accept(options.floor ? parseFloor(task) : parseFile(task));
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
  facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  failures.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { facts, failures, cached };
}

async function cacheKey(task: ParseTask): Promise<string | null> {
  try {
    const content = await readFile(task.absolutePath);
    const hash = createHash('sha1').update(content).digest('hex');
    return `${EXTRACTOR_VERSION}\0${task.grammar}\0${task.path}\0${hash}`;
  } catch {
    return null;
  }
}

async function parseWithWorkers(tasks: ParseTask[], count: number, url: URL, floor: boolean, accept: (outcome: ParseOutcome) => void): Promise<void> {
  let next = 0;
  const takeBatch = (): ParseTask[] => {
    const batch = tasks.slice(next, next + BATCH_SIZE);
    next += batch.length;
    return batch;
  };
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: PARSER_YOUNG_GENERATION_MB } });
      let inFlight: ParseTask[] = [];
      const sendNext = (): void => {
        inFlight = takeBatch();
        if (inFlight.length === 0) {
          void worker.terminate().then(() => resolve());
          return;
        }
        worker.postMessage({ tasks: inFlight, floor });
      };
      worker.on('message', (result: BatchResult) => {
        // Send the next batch first: the thread parses it while this one decodes the last.
        sendNext();
        for (const facts of decodeFacts(result.facts)) accept({ ok: true, facts });
        for (const failure of result.failures) accept({ ok: false, failure });
      });
      worker.on('error', (error) => {
        // A crashed worker (a native fault in a grammar) loses its batch: report those files, keep going.
        for (const task of inFlight) {
          accept({ ok: false, failure: { path: task.path, reason: 'parser-error', message: `parser thread failed: ${error.message}` } });
        }
        inFlight = [];
        reject(error);
      });
      sendNext();
    });
  const results = await Promise.allSettled(Array.from({ length: count }, runWorker));
  // Whatever a failed worker left unsent is parsed here, so no file is lost.
  if (results.some((r) => r.status === 'rejected')) {
    for (let batch = takeBatch(); batch.length > 0; batch = takeBatch()) {
      for (const task of batch) accept(floor ? parseFloor(task) : parseFile(task));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
