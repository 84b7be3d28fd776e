import { availableParallelism } from 'node:os';
import { discoverFiles } from '../discovery/discover-files.js';
import { parseAll } from '../parsing/parse-all.js';
import { analyzeRepository } from '../pipeline/analyze-repository.js';
import { resolveAnalyzeOptions } from '../config/resolve-options.js';
import type { AnalysisStats } from '../pipeline/types.js';

/**
 * One measured run in its own process, so peak RSS belongs to that run alone.
 * Usage: bench-child <floor|pipeline|analyze|analyze-facts> <root> [workers]. Prints one JSON line.
 *
 * - floor: discovery, then a bare read + parse of every file on the worker pool;
 * - pipeline: discovery, then parsing with fact extraction and measures (what issue 2's 1.3× target is about);
 * - analyze: the whole `gonogo analyze`, with the wall time of each stage, the call graph's and the
 *   type-aware resolution's figures;
 * - analyze-facts: the same with `--no-type-aware`, calls resolved from the parsed facts alone.
 *
 * CPU times are the whole process's (every thread): on a shared machine they move less than wall time.
 */
const [mode, root, workersArg] = process.argv.slice(2);
const workers = workersArg !== undefined ? Number(workersArg) : availableParallelism();
const started = performance.now();
const cpuAtStart = process.cpuUsage();
let lines = 0;
let files = 0;
let endpoints = 0;
const stages: Record<string, number> = {};
let analysisStats: AnalysisStats | null = null;
if (mode === 'floor' || mode === 'pipeline') {
  const discovery = await discoverFiles({ root: root!, include: [], exclude: [], maxFileBytes: 1024 * 1024 });
  stages.discovery = performance.now() - started;
  const tasks = discovery.files.map((f) => ({ path: f.path, absolutePath: f.absolutePath, grammar: f.grammar, language: f.language, isTest: f.isTest }));
  const parsed = await parseAll(tasks, { workers, floor: mode === 'floor' });
  stages.parsing = performance.now() - started - stages.discovery;
  files = tasks.length;
  for (const facts of parsed.facts) lines += facts.measures.code + facts.measures.comment + facts.measures.blank;
} else if (mode === 'analyze' || mode === 'analyze-facts') {
  const { options } = await resolveAnalyzeOptions(root!, { workers, noReview: true, ...(mode === 'analyze-facts' ? { noTypeAware: true } : {}) });
  let last = started;
  let phase = '';
  const { result, stats } = await analyzeRepository(options, {
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
  analysisStats = stats;
  files = result.summary.files;
  lines = result.summary.code + result.summary.comment + result.summary.blank;
  endpoints = result.summary.endpoints;
} else {
  throw new Error(`unknown bench mode: ${mode}`);
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
process.stdout.write(
  `${JSON.stringify({ mode, files, lines, endpoints, seconds, userSeconds: cpu.user / 1e6, systemSeconds: cpu.system / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024, stages, callGraph: analysisStats?.callGraph ?? null, typeAware: analysisStats?.typeAware ?? null })}\n`,
);
