import { availableParallelism } from 'node:os';
import { discoverFiles } from '../discovery/discover-files.js';
import { parseAll } from '../parsing/parse-all.js';
import { analyzeRepository } from '../pipeline/analyze-repository.js';
import { resolveAnalyzeOptions } from '../config/resolve-options.js';

/**
 * One measured run in its own process, so peak RSS belongs to that run alone.
 * Usage: bench-child <floor|analyze> <root> [workers]. Prints one JSON line.
 */
const [mode, root, workersArg] = process.argv.slice(2);
const workers = workersArg !== undefined ? Number(workersArg) : availableParallelism();
const started = performance.now();
let lines = 0;
let files = 0;
let endpoints = 0;
const stages: Record<string, number> = {};
if (mode === 'floor') {
  const discovery = await discoverFiles({ root: root!, include: [], exclude: [], maxFileBytes: 1024 * 1024 });
  stages.discovery = performance.now() - started;
  const tasks = discovery.files.map((f) => ({ path: f.path, absolutePath: f.absolutePath, grammar: f.grammar, language: f.language, isTest: f.isTest }));
  await parseAll(tasks, { workers, floor: true });
  files = tasks.length;
} else {
  const { options } = await resolveAnalyzeOptions(root!, { workers, noReview: true });
  let last = started;
  let phase = '';
  const { result } = await analyzeRepository(options, {
    onProgress: (p) => {
      if (p.phase !== phase) {
        const now = performance.now();
        if (phase) stages[phase] = (stages[phase] ?? 0) + now - last;
        phase = p.phase;
        last = now;
      }
    },
  });
  stages[phase] = (stages[phase] ?? 0) + performance.now() - last;
  files = result.summary.files;
  lines = result.summary.code + result.summary.comment + result.summary.blank;
  endpoints = result.summary.endpoints;
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ mode, files, lines, endpoints, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, stages })}\n`);
