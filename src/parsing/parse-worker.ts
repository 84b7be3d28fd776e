import { parentPort } from 'node:worker_threads';
import { encodeFacts, type EncodedFacts } from './facts-codec.js';
import { parseFile, parseFloor, type ParseTask } from './parse-file.js';
import type { ModuleFacts, ParseFailure } from './types.js';

/** What a parser thread answers for one batch: the facts of the files it parsed, encoded, and the failures. */
export interface BatchResult {
  facts: EncodedFacts;
  failures: ParseFailure[];
}

/**
 * A parser thread: receives batches of files, answers with their facts. A batch is read and
 * parsed synchronously; between batches the thread waits for the next message, so the event
 * loop turns and the native trees the collector has found dead are freed (their finalisers run
 * only then; parse-all keeps the young generation small so it looks often). Facts travel
 * encoded (see facts-codec), their buffers transferred rather than copied.
 */
parentPort?.on('message', (message: { tasks: ParseTask[]; floor: boolean }) => {
  const facts: ModuleFacts[] = [];
  const failures: ParseFailure[] = [];
  for (const task of message.tasks) {
    const outcome = message.floor ? parseFloor(task) : parseFile(task);
    if (outcome.ok) facts.push(outcome.facts);
    else failures.push(outcome.failure);
  }
  const encoded = encodeFacts(facts);
  const result: BatchResult = { facts: encoded, failures };
  parentPort!.postMessage(result, [encoded.ints.buffer as ArrayBuffer, encoded.numbers.buffer as ArrayBuffer]);
});
