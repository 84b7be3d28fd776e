import { parentPort } from 'node:worker_threads';
import { parseFile, parseOnly, type ParseOutcome, type ParseTask } from './parse-file.js';

/**
 * A parser thread: receives batches of files, answers with their facts. Every file read
 * awaits, so the event loop turns between files and tree-sitter's native trees are freed
 * as it goes instead of piling up until the batch ends.
 */
parentPort?.on('message', async (message: { tasks: ParseTask[]; floor: boolean }) => {
  const outcomes: ParseOutcome[] = [];
  for (const task of message.tasks) {
    if (message.floor) {
      await parseOnly(task);
      outcomes.push({ ok: false, failure: { path: task.path, reason: 'parser-error', message: 'floor run: parsed only' } });
    } else outcomes.push(await parseFile(task));
  }
  parentPort!.postMessage(outcomes);
});
